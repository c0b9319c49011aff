//! The `trail` binary run on the sample notes, as a script would run it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn trail(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trail"))
        .args(args)
        .env("TRAIL_VAULT", concat!(env!("CARGO_MANIFEST_DIR"), "/notes"))
        .env("TRAIL_CONFIG", "/nonexistent/trail/config.toml")
        .output()
        .unwrap()
}

/// `trail` with `config` as its config file, in `cwd`, with no vault named but by it.
fn with_config(config: &str, cwd: &std::path::Path, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_trail"))
        .args(args)
        .current_dir(cwd)
        .env_remove("TRAIL_VAULT")
        .env("TRAIL_CONFIG", &path)
        .output()
        .unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = trail(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

#[test]
fn list_has_every_note_with_counts() {
    let out = stdout(&["list"]);
    assert_eq!(out.lines().count(), 27);
    let row = out
        .lines()
        .find(|l| l.starts_with("garden/The Quiet Meeting.md\t"))
        .unwrap();
    assert_eq!(row.split('\t').nth(1), Some("The Quiet Meeting"));
    let rows = json(&["list", "--json"]);
    assert_eq!(rows.as_array().unwrap().len(), 27);
    assert!(rows[0]["backlinks"].is_u64());
}

#[test]
fn list_sorts_by_backlinks() {
    let out = stdout(&["list", "--sort", "backlinks"]);
    let first: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    let last: Vec<&str> = out.lines().last().unwrap().split('\t').collect();
    assert!(first[3].parse::<u32>().unwrap() >= last[3].parse::<u32>().unwrap());
}

#[test]
fn show_blog_post_has_no_litter() {
    let out = stdout(&["show", "The First Ninety Days"]);
    assert!(out.starts_with("The First Ninety Days\n"));
    for litter in ["{:", "---\n", "layout", "target=", "**"] {
        assert!(!out.contains(litter), "{litter:?} in:\n{out}");
    }
    assert!(out.contains("│ \"You are not hired"), "{out}");
}

#[test]
fn show_repairs_run_on_garden_note() {
    let out = stdout(&["show", "Why Teams Drift"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Why Teams Drift");
    assert_eq!(lines[1], "2023-11-20 · By: Mara Quinn");
    assert!(
        out.contains("\n#### Related Items\n\nManagement Alignment Leadership Trust\n"),
        "{out}"
    );
}

#[test]
fn show_finds_note_by_alias_path_and_title_part() {
    assert!(stdout(&["show", "Retros"]).starts_with("Retrospectives\n"));
    assert!(stdout(&["show", "rituals/Agenda.md"]).starts_with("Weekly Agenda\n"));
    assert!(stdout(&["show", "ninety days"]).starts_with("The First Ninety Days\n"));
}

#[test]
fn unknown_note_names_closest_titles() {
    let out = trail(&["show", "Retrospektive"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("trail: no note \"Retrospektive\"; closest titles: \"Retrospectives\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn ambiguous_note_lists_candidates() {
    let out = trail(&["show", "Agenda"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("offsite/Agenda.md") && err.contains("rituals/Agenda.md"),
        "{err}"
    );
}

#[test]
fn links_report_status_of_each() {
    let out = stdout(&["links", "Link Hygiene"]);
    let statuses: Vec<&str> = out.lines().map(|l| l.split('\t').nth(1).unwrap()).collect();
    assert_eq!(
        statuses,
        vec![
            "ambiguous",
            "broken",
            "topic",
            "external",
            "external",
            "external"
        ]
    );
    let rows = json(&["links", "Start Here", "--json"]);
    let first = &rows[0];
    assert_eq!(first["status"], "resolved");
    assert_eq!(first["to"], "garden/The Quiet Meeting.md");
    assert!(
        first["context"]
            .as_str()
            .unwrap()
            .contains("The Quiet Meeting")
    );
}

#[test]
fn backlinks_of_a_topic_list_every_referrer() {
    let out = stdout(&["backlinks", "Management"]);
    assert!(out.lines().count() >= 6, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("garden/The Quiet Meeting.md:")),
        "{out}"
    );
}

#[test]
fn backlinks_of_a_note_have_context() {
    let rows = json(&["backlinks", "Mara Quinn", "--json"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 4);
    assert!(rows.iter().any(|r| {
        r["context"]
            .as_str()
            .unwrap()
            .contains("By:: [[Mara Quinn]]")
    }));
}

#[test]
fn topics_most_referenced_first() {
    let out = stdout(&["topics"]);
    let first = out.lines().next().unwrap();
    assert!(
        first.ends_with("\tManagement") || first.ends_with("\tTrust"),
        "{first}"
    );
}

#[test]
fn tags_counted() {
    let out = stdout(&["tags"]);
    assert!(
        out.lines()
            .any(|l| l == "5\t#leadership" || l.ends_with("\t#leadership")),
        "{out}"
    );
}

#[test]
fn check_reports_problems_and_exits_one() {
    let out = trail(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("Link Hygiene.md:9: ambiguous link Agenda"));
    assert!(
        lines[1].starts_with(
            "Link Hygiene.md:11: no such heading or block: Retrospectives#Lean Coffee"
        )
    );
    let strict = String::from_utf8(trail(&["check", "--strict"]).stdout).unwrap();
    assert!(strict.lines().count() > 20);
}

#[test]
fn stats_json_has_the_promised_fields() {
    let s = json(&["stats", "--json"]);
    for key in [
        "notes",
        "links",
        "resolved",
        "topics",
        "ambiguous",
        "broken",
        "tags",
        "warnings",
        "bytes",
        "load_ms",
    ] {
        assert!(s[key].is_u64(), "{key} missing in {s}");
    }
    assert_eq!(s["notes"], 27);
    assert_eq!(s["ambiguous"], 1);
    assert_eq!(s["broken"], 1);
}

#[test]
fn graph_as_dot_and_json() {
    let dot = stdout(&["graph"]);
    assert!(dot.starts_with("digraph trail {"));
    assert!(dot.contains("\"garden/The Quiet Meeting.md\" -> \"people/Mara Quinn.md\";"));
    let g = json(&["graph", "--format", "json", "--topics"]);
    assert_eq!(g["nodes"].as_array().unwrap().len(), 27);
    assert!(
        g["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["title"] == "Management")
    );
}

#[test]
fn vault_flag_overrides_env_and_missing_folder_is_one_line() {
    let out = trail(&["list", "--vault", "/nonexistent/trail-vault"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot open vault /nonexistent/trail-vault"),
        "{err}"
    );
}

#[test]
fn usage_error_exits_two() {
    assert_eq!(
        trail(&["list", "--sort", "nonsense"]).status.code(),
        Some(2)
    );
}

#[test]
fn output_piped_into_head_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        std::fs::write(
            dir.path().join(format!("note {i:04}.md")),
            format!("# Note {i}\n[[note {}]]\n", i + 1),
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_trail"))
        .args(["list", "--vault"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes, as `head -1` would close it.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("note 0000.md\t"));
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The notes `rg -i -l -a -F` finds for a word, relative to the vault.
fn rg_files(vault: &str, word: &str) -> Option<std::collections::BTreeSet<String>> {
    let out = Command::new("rg")
        .args([
            "-i",
            "-l",
            "-a",
            "-F",
            "--glob",
            "*.md",
            "--glob",
            "*.markdown",
            "--",
            word,
            ".",
        ])
        .current_dir(vault)
        .output()
        .ok()?;
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.trim_start_matches("./").to_string())
            .collect(),
    )
}

#[test]
fn search_for_a_word_finds_the_files_ripgrep_finds() {
    let vault = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    if rg_files(vault, "x").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "ripgrep is required under CI"
        );
        eprintln!("rg not found: skipping");
        return;
    }
    for word in [
        "trust",
        "meeting",
        "the",
        "blank",
        "layout",
        "vertrauen",
        "über",
        "quinn",
        "7",
        "zzzz-nothing",
        "^weekly",
        "[[",
        "target",
    ] {
        let want = rg_files(vault, word).unwrap();
        let rows = json(&["search", word, "--json"]);
        let have: std::collections::BTreeSet<String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(have, want, "search {word:?}");
    }
}

#[test]
fn search_rows_and_json_fields() {
    let out = stdout(&["search", "quiet", "meeting"]);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("garden/The Quiet Meeting.md:"), "{out}");
    let rows = json(&["search", "\"The Quiet Meeting\"", "--json", "--limit", "2"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() <= 2);
    for key in ["path", "title", "line", "matches", "snippet"] {
        assert!(!rows[0][key].is_null(), "{key}");
    }
    let filtered = stdout(&["search", "tag:practice -meeting"]);
    assert!(
        filtered.lines().all(|l| l.starts_with("practices/")),
        "{filtered}"
    );
}

#[test]
fn search_with_invalid_regex_is_one_line_error() {
    let out = trail(&["search", "/a(/"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("trail: invalid regex /a(/"), "{err}");
}

/// `serde_json` escapes only U+0000-U+001F. DEL, the C1 controls (U+009B is a one-byte CSI on
/// some terminals) and bidi overrides must not reach a terminal through `--json` either:
/// they come out as `\uXXXX`, and the JSON still reads back as the same text.
#[test]
fn json_escapes_c1_del_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "x\u{9b}31m \u{202e}evil\u{2066} \u{7f}y";
    std::fs::write(
        dir.path().join("a.md"),
        format!("---\ntitle: \"{hostile}\"\n---\n# {hostile}\n\n[[{hostile}]] {hostile}\n"),
    )
    .unwrap();
    let vault = dir.path().to_str().unwrap();
    for args in [
        vec!["list", "--json"],
        vec!["topics", "--json"],
        vec!["links", "a", "--json"],
        vec!["search", "evil", "--json"],
        vec!["graph", "--format", "json", "--topics"],
        vec!["stats", "--json"],
    ] {
        let out = trail(&[&args[..], &["--vault", vault]].concat());
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.chars().any(trail::text::is_unsafe_char),
            "{args:?} printed a raw control: {text:?}"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        if args[0] == "list" {
            assert_eq!(value[0]["title"], hostile);
        }
    }
}

#[test]
fn edit_opens_the_note_in_the_editor_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ed.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$@\" > '{}/args'\n", dir.path().display()),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trail"))
        .args(["edit", "Retros"])
        .env("TRAIL_VAULT", concat!(env!("CARGO_MANIFEST_DIR"), "/notes"))
        .env("VISUAL", format!("'{}' --wait", script.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert!(args.starts_with("--wait "), "{args}");
    assert!(
        args.trim_end()
            .ends_with("notes/practices/Retrospectives.md"),
        "{args}"
    );
    // A missing editor is one line on standard error and exit code 2.
    let out = Command::new(env!("CARGO_BIN_EXE_trail"))
        .args(["edit", "Retros"])
        .env("TRAIL_VAULT", concat!(env!("CARGO_MANIFEST_DIR"), "/notes"))
        .env("VISUAL", "/nowhere/editor")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("trail: cannot start the editor"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn completions_and_the_manual_page_generate() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = stdout(&["completions", shell]);
        assert!(out.contains("trail"), "{shell}");
        assert!(
            out.contains("backlinks"),
            "{shell}: no subcommand in the script"
        );
    }
    // The bash script is valid bash.
    let script = stdout(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trail.bash");
    std::fs::write(&path, script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(check.success());
    let man = stdout(&["man"]);
    assert!(man.contains(".TH trail 1"), "{man}");
    assert!(man.contains(r"\-\-vault"), "{man}");
}

#[test]
fn outline_and_tagged_notes() {
    let out = stdout(&["outline", "Why Teams Drift"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1\tWhy Teams Drift");
    assert!(lines[1].ends_with("      Related Items"), "{out}");
    let rows = json(&["outline", "Retrospectives", "--json"]);
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["line"].as_u64().unwrap() >= 1)
    );
    let tagged = stdout(&["tags", "--notes", "#practice"]);
    assert!(
        tagged.contains("practices/Retrospectives.md\tRetrospectives"),
        "{tagged}"
    );
    assert!(tagged.lines().all(|l| !l.is_empty()));
    let rows = json(&["tags", "--notes", "practice", "--json"]);
    assert!(rows.as_array().unwrap().iter().all(|r| {
        r["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().to_lowercase().starts_with("practice"))
    }));
}

#[test]
fn trail_config_prints_its_file_and_every_default() {
    let empty = tempfile::tempdir().unwrap();
    let out = with_config("", empty.path(), &["config"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# trail reads its settings from "),
        "{text}"
    );
    assert!(text.contains("config.toml (found)"), "{text}");
    for line in [
        "# theme = \"auto\"",
        "# wrap = 100",
        "# hidden = false",
        "# gitignore = true",
        "# [keys]",
        "# down = [\"j\", \"down\"]",
        "# quit = [\"q\", \"ctrl-c\"]",
    ] {
        assert!(text.lines().any(|l| l.starts_with(line)), "{line}:\n{text}");
    }
}

#[test]
fn a_bad_config_is_one_clear_warning_and_the_defaults() {
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    for (config, place, what) in [
        ("theme = \"dark\"\nwrap = = 3\n", ":2:8: ", "`=`"),
        ("colour = \"red\"\n", ":1:1: ", "unknown field `colour`"),
        ("wrap = \"wide\"\n", ":1:8: ", "u16"),
        ("[keys]\nfly = \"f\"\n", ": [keys] fly: ", "no such action"),
        (
            "[keys]\nup = \"j\"\ndown = \"j\"\n",
            ": [keys] ",
            "already bound",
        ),
    ] {
        let out = with_config(
            config,
            std::path::Path::new("/"),
            &["--vault", notes, "list"],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{config}: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 27);
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("trail: warning: ") && first.contains("config.toml"),
            "{config}: {err}"
        );
        assert!(
            first.contains(place) && first.contains(what),
            "{config}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // `trail config` says the same, commented.
    let out = with_config("wrap = = 3\n", std::path::Path::new("/"), &["config"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("# problem: ") && text.contains(":1:8:"),
        "{text}"
    );
}

#[test]
fn the_config_names_the_vault_and_what_is_read() {
    let vault = tempfile::tempdir().unwrap();
    let root = vault.path();
    std::fs::create_dir_all(root.join(".drafts")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("a.md"), "# A\n").unwrap();
    std::fs::write(root.join("ignored.md"), "# Ignored\n").unwrap();
    std::fs::write(root.join(".gitignore"), "ignored.md\n").unwrap();
    std::fs::write(root.join(".drafts/d.md"), "# D\n").unwrap();
    std::fs::write(root.join(".git/g.md"), "# G\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let paths = |config: &str| {
        let config = format!("vault = {:?}\n{config}", root.display().to_string());
        let out = with_config(&config, elsewhere.path(), &["list"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(""), ["a.md"]);
    assert_eq!(paths("hidden = true\n"), [".drafts/d.md", "a.md"]);
    assert_eq!(
        paths("hidden = true\ngitignore = false\n"),
        [".drafts/d.md", "a.md", "ignored.md"]
    );
}

#[test]
fn trail_keys_prints_the_keys_in_force() {
    let out = with_config(
        "[keys]\ndown = [\"n\", \"down\"]\n",
        std::path::Path::new("/"),
        &["keys"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text.lines().find(|l| l.ends_with("| `down` |")).unwrap();
    assert!(row.starts_with("| `n` `↓` |"), "{row}");
}
