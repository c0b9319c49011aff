//! Hostile vaults: every file below is something a synced folder, a cloned repository or an
//! export may really hold. Loading costs at most a warning per file, nothing panics, nothing
//! from a note reaches the terminal raw, and nothing in the vault changes.
//!
//! `hostile_vault` copies tests/fixtures/hostile into a temp folder and writes there the files
//! whose bytes are awkward to commit (invalid UTF-8, NUL, binary noise, escape sequences,
//! huge notes, symlinks).

// Fixtures are built with plain `format!`: clarity over the last allocation.
#![allow(
    clippy::format_collect,
    clippy::format_push_string,
    clippy::too_many_lines
)]

mod common;

use std::path::Path;
use std::process::Command;
use trail::app::{Action, App, Page};
use trail::vault::open;

/// Write the hostile vault. Returns the folder (kept alive by the `TempDir`).
fn hostile_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // The committable part: tests/fixtures/hostile (brackets, broken and unterminated front
    // matter, a YAML bomb, empty files, names in every script and names Windows forbids).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    for e in std::fs::read_dir(fixtures).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.join(e.file_name())).unwrap();
    }
    let w = |name: &str, bytes: &[u8]| {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    w("Home.md", b"# Home\n\nLinks to [[escapes]], [[Deep]], [[Links]], [[nowhere]] and [[../../etc/passwd]].\n");
    w(
        "invalid-utf8.md",
        b"# Bad \xff\xfe bytes\n\ntext \xc3\x28 more [[Home]]\n",
    );
    w("nul.md", b"# Nul\n\na stray \0 NUL byte and [[Home]]\n");
    let noise: Vec<u8> = (0..=255u8).cycle().take(65_536).collect();
    w("binary.md", &noise);
    w("escapes.md", "---\ntitle: \"Esc \\e[2J \\e]0;pwned\\a\"\ntags: [\"\\e[31m\"]\n---\n# \x1b[2JEscapes\x07\n\n\x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 clip \x1b]0;title\x07 bell\x07 bs\x08 cr\rx c1\u{9b}2J bidi \u{202e}rev\u{202c} [[Home|\x1b[5mblink]]\n\n```\n\x1b[2J in code\n```\n".as_bytes());
    w(
        "Deep.md",
        format!(
            "# Deep\n\n{}deep\n\n{}",
            "> ".repeat(3000),
            (0..400)
                .map(|k| format!("{}- item\n", "  ".repeat(k)))
                .collect::<String>()
        )
        .as_bytes(),
    );
    w(
        "Links.md",
        format!(
            "# Links\n\n{}",
            (0..10_000)
                .map(|i| format!("[[T{i}]] "))
                .collect::<String>()
        )
        .as_bytes(),
    );
    w(
        "long-line.md",
        format!("# Long\n\n{}", "word [[Home]] ".repeat(50_000)).as_bytes(),
    );
    w(
        "big.md",
        format!(
            "# Big\n\n{}",
            "A paragraph of ordinary prose that goes on. [[Home]]\n\n".repeat(10_000)
        )
        .as_bytes(),
    );
    w(
        "headings.md",
        (0..20_000)
            .map(|i| format!("## H{i}\n"))
            .collect::<String>()
            .as_bytes(),
    );
    // A file name with an escape sequence in it (not committable on every file system).
    w(
        "name\x1b[2Jwith escape.md",
        b"# Escape in the name\n[[Home]]\n",
    );
    w(
        "sub/deeper/note.md",
        b"# Deeper\n[[../../Home]] [up](../../Home.md) [out](../../../outside.md)\n",
    );
    // Symlinks: a loop, and links that point out of the vault.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "# Secret outside the vault\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(root.join("sub"), root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        root.join("secret-link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("outside-dir")).unwrap();
    // Kept alive until the process ends, so the links above dangle into a real folder.
    std::mem::forget(outside);
    dir
}

fn assert_clean(what: &str, s: &str) {
    if let Some(c) = s
        .chars()
        .find(|&c| c != '\n' && c != '\t' && trail::text::is_unsafe_char(c))
    {
        panic!("{what}: {c:?} reached the output:\n{}", s.escape_debug());
    }
}

#[test]
fn hostile_vault_loads_with_warnings_only() {
    let dir = hostile_vault();
    let v = open(dir.path()).unwrap();
    let paths: Vec<&str> = v.graph.notes().iter().map(|n| n.path.as_str()).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("secret") || p.starts_with("outside-dir")),
        "followed a symlink out: {paths:?}"
    );
    assert!(!paths.contains(&"binary.md"));
    for expected in [
        "Home.md",
        "nul.md",
        "invalid-utf8.md",
        "escapes.md",
        "yaml-bomb.md",
        "Deep.md",
        "Links.md",
        "long-line.md",
        "L*.md",
        "$?.md",
        "🚀 launch.md",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    let reasons: Vec<String> = v.warnings.iter().map(ToString::to_string).collect();
    for (file, reason) in [
        ("binary.md", "binary file"),
        ("invalid-utf8.md", "not valid UTF-8"),
        ("broken-front-matter.md", "not valid YAML"),
        ("unterminated.md", "not closed"),
        ("yaml-bomb.md", "aliases expand"),
        ("sub/loop", "symlink loop"),
    ] {
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with(file) && r.contains(reason)),
            "no warning {reason:?} for {file}: {reasons:#?}"
        );
    }
    let links = &v
        .graph
        .notes()
        .iter()
        .find(|n| n.path == "Links.md")
        .unwrap()
        .links;
    assert_eq!(links.len(), 10_000);
    // Nothing resolves outside: every attachment is a file the walk found, every note ours.
    for (_, link) in v.graph.links() {
        if let trail::graph::Target::Attachment(a) = &link.target {
            let p = v.graph.attachment(*a);
            assert!(dir.path().join(p).exists(), "{p}");
        }
    }
}

#[test]
fn vanished_file_costs_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let entry = trail::load::Entry {
        path: dir.path().join("gone.md"),
        rel: "gone.md".into(),
    };
    let err = trail::load::read_into(&entry, &mut Vec::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "gone.md: cannot open: file vanished while loading"
    );
}

#[test]
fn every_cli_command_output_is_clean_and_the_vault_unchanged() {
    let dir = hostile_vault();
    let before = common::snapshot(dir.path());
    let vault = dir.path().to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", "escapes"],
        vec!["show", "Esc"],
        vec!["show", "name\x1b[2Jwith escape"],
        vec!["show", "../../etc/passwd"],
        vec!["show", "/etc/hostname"],
        vec!["links", "escapes"],
        vec!["links", "brackets", "--json"],
        vec!["backlinks", "Home"],
        vec!["backlinks", "nowhere"],
        vec!["topics"],
        vec!["tags"],
        vec!["check", "--strict"],
        vec!["stats", "--json"],
        vec!["graph"],
        vec!["graph", "--format", "json", "--topics"],
        vec!["search", "red"],
        vec!["search", "blink", "--json"],
        vec!["search", "/\\x1b/"],
        vec!["search", "/(/"],
        vec!["show", "\x1b]0;title\x07"],
    ];
    for args in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_trail"))
            .args(&args)
            .args(["--vault", vault])
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{args:?} ended with {:?}",
            out.status
        );
        assert_clean(
            &format!("{args:?} stdout"),
            &String::from_utf8_lossy(&out.stdout),
        );
        assert_clean(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&out.stderr),
        );
        if code == Some(2) {
            assert_eq!(
                String::from_utf8_lossy(&out.stderr).lines().count(),
                1,
                "{args:?}: errors are one line"
            );
        }
    }
    assert_eq!(before, common::snapshot(dir.path()), "the vault changed");
}

#[test]
fn note_arguments_never_read_outside_the_vault() {
    let dir = hostile_vault();
    for arg in [
        "../../etc/passwd",
        "/etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "secret-link",
        "outside-dir/secret",
        "secret",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_trail"))
            .args(["show", arg, "--vault"])
            .arg(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("root:") && !text.contains("Secret outside"),
            "{arg}: {text}"
        );
    }
}

#[test]
fn reader_survives_every_hostile_note_at_every_size() {
    let dir = hostile_vault();
    let mut app = App::new(open(dir.path()).unwrap());
    let pages: Vec<Page> = app
        .graph
        .notes()
        .iter()
        .map(|n| Page::Note(n.id))
        .chain(
            app.graph
                .topics()
                .iter()
                .take(20)
                .map(|t| Page::Topic(t.id)),
        )
        .collect();
    for (w, h) in [(120, 40), (61, 20), (30, 8), (1, 1)] {
        app.update(Action::Resize(w, h));
        for page in &pages {
            app.update(Action::Go(*page));
            for action in [
                Action::FocusRight,
                Action::NextLink,
                Action::PageDown,
                Action::Bottom,
                Action::ToggleOutgoing,
                Action::FocusRight,
                Action::Down,
            ] {
                app.update(action);
            }
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
            for cell in terminal.backend().buffer().content() {
                assert!(
                    !cell.symbol().chars().any(trail::text::is_unsafe_char),
                    "{:?} drew {:?}",
                    app.reader.page,
                    cell.symbol()
                );
            }
        }
    }
}

#[test]
fn an_unreadable_file_costs_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("ok.md"), "# Ok\n[[secret]]\n").unwrap();
    std::fs::write(root.join("secret.md"), "# Secret\n").unwrap();
    std::fs::create_dir(root.join("locked")).unwrap();
    std::fs::write(root.join("locked/inside.md"), "# Inside\n").unwrap();
    std::fs::set_permissions(
        root.join("secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root reads through permissions: drop to an unprivileged user when we are root.
    let mut cmd = if Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
    {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("running as root without setpriv: cannot test permissions");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_trail"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_trail"))
    };
    // The binary must be reachable by that user: it lives under target/, world-readable.
    let out = cmd.args(["check", "--vault"]).arg(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.starts_with("setpriv:") {
        eprintln!("the unprivileged user cannot reach the binary here: {stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("secret.md: cannot open: permission denied"),
        "{stderr}"
    );
    assert!(stderr.contains("locked"), "{stderr}");
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Any action the keymap, the mouse or a paste can produce.
fn any_action() -> impl proptest::strategy::Strategy<Value = Action> {
    use proptest::prelude::*;
    let plain = proptest::sample::select(vec![
        Action::Down,
        Action::Up,
        Action::Top,
        Action::Bottom,
        Action::HalfDown,
        Action::HalfUp,
        Action::PageDown,
        Action::PageUp,
        Action::FocusLeft,
        Action::FocusRight,
        Action::NextLink,
        Action::PrevLink,
        Action::Open,
        Action::Back,
        Action::Forward,
        Action::CycleSort,
        Action::ToggleOutgoing,
        Action::ToggleSide,
        Action::Warnings,
        Action::Help,
        Action::Cancel,
        Action::QuickOpen,
        Action::TextSearch,
        Action::FindInNote,
        Action::DeleteChar,
        Action::NextMatch,
        Action::PrevMatch,
        Action::Tick,
    ]);
    prop_oneof![
        6 => plain,
        1 => (1u16..160, 1u16..50).prop_map(|(w, h)| Action::Resize(w, h)),
        1 => (0u16..160, 0u16..50).prop_map(|(x, y)| Action::Click(x, y)),
        1 => (0u16..160, 0u16..50, prop_oneof![Just(-1i8), Just(1i8)])
            .prop_map(|(x, y, d)| Action::Wheel(x, y, d)),
        2 => any::<char>().prop_map(Action::Input),
        1 => "[a-z /\\\\\"()*+?|\u{1b}\u{9b}\u{202e}\n\t中é-]{0,40}".prop_map(Action::Paste),
    ]
}

/// Random sequences of actions over the hostile vault, each drawn after every action: no
/// panic, and no control character reaches a cell.
#[test]
fn random_action_sequences_never_panic_or_draw_a_control_character() {
    use proptest::test_runner::{Config, TestRunner};
    let dir = hostile_vault();
    let mut runner = TestRunner::new(Config {
        cases: 64,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(any_action(), 1..60), |actions| {
            let mut app = App::new(open(dir.path()).unwrap());
            let (mut w, mut h) = (80, 24);
            app.update(Action::Resize(w, h));
            for action in actions {
                if let Action::Resize(nw, nh) = action {
                    (w, h) = (nw, nh);
                }
                let shown = format!("{action:?}");
                app.update(action);
                let mut terminal =
                    ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
                terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
                for cell in terminal.backend().buffer().content() {
                    assert!(
                        !cell.symbol().chars().any(trail::text::is_unsafe_char),
                        "{:?} reached a cell after {shown}",
                        cell.symbol()
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}
