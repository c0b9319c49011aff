//! The real binary in a real terminal: tmux runs a shell, we type as a person would and read
//! the screen back. Needs tmux (CI installs it); without it the test says so and passes,
//! except under CI, where it fails.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    /// The state folder of this terminal's runs: where a user's earlier runs left their
    /// vaults has no say in the tests.
    _state: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Option<Tmux> {
        let socket = format!("trail-e2e-{name}-{}", std::process::id());
        let state = tempfile::tempdir().ok()?;
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "e2e",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "bash --norc --noprofile",
            ])
            .env("PS1", "$ ")
            // The user's own config file, if any, has no say in the tests.
            .env("TRAIL_CONFIG", "/nonexistent/trail/config.toml")
            .env("XDG_STATE_HOME", state.path())
            .env_remove("RUST_BACKTRACE")
            .status()
            .ok()?
            .success();
        ok.then_some(Tmux {
            socket,
            _state: state,
        })
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen satisfies `ok`, or fail showing the screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// A tmux session for a test, or `None` (the test then passes, saying why) where tmux is
/// missing; under CI a missing tmux fails the test instead.
fn tmux_or_skip(name: &str, width: u16, height: u16) -> Option<Tmux> {
    let tmux = Tmux::start(name, width, height);
    if tmux.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("tmux not found: skipping the end-to-end test");
    }
    tmux
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[test]
fn read_follow_back_quit_in_a_real_terminal() {
    let Some(tmux) = tmux_or_skip("read", 100, 30) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_trail");
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    tmux.keys(&[&format!("TERM=xterm-256color '{bin}' '{notes}'"), "Enter"]);
    tmux.wait_for("the reader on Start Here", |s| {
        first_line(s).contains("trail ❯ Start Here") && s.contains("Wander from here")
    });

    // Focus the reader, select the first link of the text with Tab (past the header's tag
    // #map), follow it with Enter.
    tmux.keys(&["l"]);
    tmux.keys(&["Tab", "Tab"]);
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("the followed note", |s| {
        first_line(s).contains("Start Here › The Quiet Meeting")
    });
    assert!(s.contains("A meeting that feels quiet"), "{s}");

    // Back with Backspace.
    tmux.keys(&["BSpace"]);
    tmux.wait_for("back on Start Here", |s| {
        first_line(s).trim_end().ends_with("trail ❯ Start Here")
    });

    // Quit, and find the shell intact: out of raw mode, main screen, echo on.
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("trail ❯"));
    tmux.keys(&["echo shell-$((40+2)); stty -a | grep -o -w -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo", "Enter"]);
    let s = tmux.wait_for("the shell's answer", |s| {
        s.contains("shell-42") && s.contains("icanon ")
    });
    assert!(
        s.contains("icanon echo") && !s.contains("-icanon"),
        "terminal left in raw mode:\n{s}"
    );
}

#[test]
fn a_panic_restores_the_terminal() {
    let Some(tmux) = tmux_or_skip("panic", 80, 24) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_trail");
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    tmux.keys(&[
        &format!("TRAIL_DEBUG_PANIC=1 '{bin}' '{notes}'; echo exit-$((6*7))"),
        "Enter",
    ]);
    let s = tmux.wait_for("the panic message", |s| s.contains("exit-42"));
    assert!(
        s.contains("trail: internal error:") && s.contains("the terminal has been restored"),
        "{s}"
    );
    assert!(!s.contains("stack backtrace"), "{s}");
    tmux.keys(&[
        "stty -a | grep -o -w -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo done-$((1+1))",
        "Enter",
    ]);
    let s = tmux.wait_for("stty", |s| s.contains("done-2"));
    assert!(
        s.contains("icanon echo") && !s.contains("-icanon"),
        "terminal left in raw mode:\n{s}"
    );
}

impl Tmux {
    fn tmux(&self, args: &[&str]) {
        let mut all = vec!["-L", &self.socket];
        all.extend_from_slice(args);
        let _ = Command::new("tmux").args(&all).status();
    }
}

/// A copy of the sample notes in a fresh folder, so a test can look for changes and find its
/// own process by path.
fn notes_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let mut stack = vec![src.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(&src).unwrap().to_path_buf();
            if e.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(dir.path().join(&rel)).unwrap();
                stack.push(e.path());
            } else {
                std::fs::copy(e.path(), dir.path().join(&rel)).unwrap();
            }
        }
    }
    dir
}

fn shell_is_intact(tmux: &Tmux) {
    tmux.keys(&[
        "stty -a | grep -o -w -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo ok-$((2+3))",
        "Enter",
    ]);
    let s = tmux.wait_for("stty", |s| s.contains("ok-5"));
    assert!(
        s.contains("icanon echo") && !s.contains("-icanon"),
        "terminal left in raw mode:\n{s}"
    );
    assert!(
        !s.contains("trail ❯"),
        "still on the alternate screen:\n{s}"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(tmux) = tmux_or_skip("term", 90, 24) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap();
    tmux.keys(&[
        &format!(
            "'{}' '{path}'; echo exit-$((40+3))",
            env!("CARGO_BIN_EXE_trail")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    let killed = Command::new("pkill")
        .args(["-TERM", "-f", path])
        .status()
        .unwrap();
    assert!(killed.success(), "no trail process to signal");
    tmux.wait_for("the shell after SIGTERM", |s| s.contains("exit-43"));
    shell_is_intact(&tmux);
}

#[test]
fn resize_storm_and_tiny_sizes() {
    let Some(tmux) = tmux_or_skip("resize", 100, 30) else {
        return;
    };
    tmux.keys(&[
        &format!(
            "'{}' '{}'",
            env!("CARGO_BIN_EXE_trail"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/notes")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    tmux.keys(&["l", "Tab"]);
    for (w, h) in [
        (1, 1),
        (2, 2),
        (200, 60),
        (5, 3),
        (61, 20),
        (1, 40),
        (150, 2),
        (99, 30),
        (1, 1),
        (3, 3),
        (120, 40),
        (59, 10),
        (100, 30),
    ] {
        tmux.tmux(&[
            "resize-window",
            "-t",
            "e2e",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }
    // Still alive and answering.
    tmux.keys(&["?"]);
    tmux.wait_for("the help after the storm", |s| s.contains("Esc q close"));
    // Escape alone: a key right after it would arrive as Alt+key.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the help to close", |s| !s.contains("Esc q close"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("trail ❯"));
    shell_is_intact(&tmux);
}

#[test]
fn a_full_session_changes_nothing_in_the_vault() {
    let Some(tmux) = tmux_or_skip("session", 110, 32) else {
        return;
    };
    let vault = notes_copy();
    let before = common::snapshot(vault.path());
    let path = vault.path().to_str().unwrap();
    tmux.keys(&[
        &format!("'{}' '{path}'", env!("CARGO_BIN_EXE_trail")),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    // Wander: list, reader, links, back, search, find, sort, side pane, warnings, help.
    for keys in [
        vec!["j", "j", "G", "g", "s", "s", "s"],
        vec!["l", "Tab", "Tab", "Enter", "BSpace", "L", "o", "b", "b"],
        vec!["C-p", "q", "u", "i", "e", "t", "Enter"],
        vec![
            "C-f", "t", "r", "u", "s", "t", "Down", "Enter", "n", "n", "N",
        ],
        vec!["/", "m", "e", "e", "t", "Enter", "n", "Escape"],
        vec!["w", "Escape", "?", "Escape", "h", "h", "End", "Enter"],
    ] {
        tmux.keys(&keys);
    }
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("trail ❯"));
    for args in [
        vec!["list"],
        vec!["show", "Start Here"],
        vec!["links", "Home"],
        vec!["backlinks", "Management"],
        vec!["topics"],
        vec!["tags"],
        vec!["check"],
        vec!["stats"],
        vec!["graph"],
        vec!["search", "trust"],
    ] {
        let _ = Command::new(env!("CARGO_BIN_EXE_trail"))
            .args(&args)
            .args(["--vault", path])
            .output()
            .unwrap();
    }
    assert_eq!(before, common::snapshot(vault.path()), "the vault changed");
}

#[test]
fn a_vanished_terminal_ends_the_reader() {
    let Some(tmux) = tmux_or_skip("hangup", 80, 24) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap().to_string();
    tmux.keys(&[
        &format!("'{}' '{path}'", env!("CARGO_BIN_EXE_trail")),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    // Close the terminal under it, as closing a window or losing an ssh session would.
    drop(tmux);
    let start = Instant::now();
    loop {
        let alive = Command::new("pgrep")
            .args(["-f", &path])
            .output()
            .unwrap()
            .status
            .success();
        if !alive {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = Command::new("pkill").args(["-9", "-f", &path]).status();
            panic!("trail kept running after its terminal went away");
        }
        sleep(Duration::from_millis(50));
    }
}

impl Tmux {
    /// A tmux format variable of the pane (`mouse_any_flag`: whether the program in it asked
    /// for mouse reports).
    fn pane_flag(&self, name: &str) -> String {
        let out = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display-message",
                "-p",
                "-t",
                "e2e",
                &format!("#{{{name}}}"),
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Paste `text` as a terminal paste: bracketed when the program asked for that.
    fn paste(&self, text: &str) {
        let tmux = |args: &[&str]| {
            let mut all = vec!["-L", &self.socket];
            all.extend_from_slice(args);
            assert!(Command::new("tmux").args(&all).status().unwrap().success());
        };
        tmux(&["set-buffer", "-b", "p", "--", text]);
        tmux(&["paste-buffer", "-p", "-b", "p", "-t", "e2e"]);
    }
}

#[test]
fn ctrl_z_and_kill_tstp_hand_the_terminal_back_and_fg_returns() {
    let Some(tmux) = tmux_or_skip("tstp", 90, 24) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap();
    tmux.keys(&[
        &format!("'{}' '{path}'", env!("CARGO_BIN_EXE_trail")),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    assert_eq!(tmux.pane_flag("mouse_any_flag"), "1");
    for stop in ["ctrl-z", "kill -TSTP"] {
        if stop == "ctrl-z" {
            tmux.keys(&["C-z"]);
        } else {
            let sent = Command::new("pkill")
                .args(["-TSTP", "-f", path])
                .status()
                .unwrap();
            assert!(sent.success(), "no trail process to signal");
        }
        tmux.wait_for(&format!("the shell after {stop}"), |s| {
            s.contains("Stopped")
        });
        assert_eq!(
            tmux.pane_flag("mouse_any_flag"),
            "0",
            "mouse left on after {stop}"
        );
        assert_eq!(
            tmux.pane_flag("alternate_on"),
            "0",
            "alternate screen after {stop}"
        );
        shell_is_intact(&tmux);
        tmux.keys(&["clear; fg", "Enter"]);
        tmux.wait_for(&format!("the reader again after {stop}"), |s| {
            s.contains("trail ❯") && s.contains("Wander from here")
        });
        assert_eq!(tmux.pane_flag("mouse_any_flag"), "1");
    }
    tmux.keys(&["q"]);
    tmux.keys(&["echo done-$((1+1))", "Enter"]);
    tmux.wait_for("the shell", |s| s.contains("done-2"));
    shell_is_intact(&tmux);
}

#[test]
fn a_long_paste_into_quick_open_leaves_the_prompt_answering() {
    let Some(tmux) = tmux_or_skip("paste", 100, 30) else {
        return;
    };
    tmux.keys(&[
        &format!(
            "'{}' '{}'; echo exit-$((40+3))",
            env!("CARGO_BIN_EXE_trail"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/notes")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    tmux.keys(&["C-p"]);
    let text: String = "quiet meeting ".repeat(250);
    tmux.paste(&text);
    tmux.wait_for("the pasted query in the prompt", |s| {
        s.contains("quiet meeting quiet")
    });
    // The prompt still answers: Esc closes it, q quits.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt closed", |s| !s.contains("quiet meeting quiet"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.contains("exit-43"));
    shell_is_intact(&tmux);
}

/// CPU time (user + system) a process has used so far, in clock ticks.
fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn an_idle_reader_draws_nothing_and_uses_no_cpu() {
    let Some(tmux) = tmux_or_skip("idle", 100, 30) else {
        return;
    };
    // 30,000 warnings (files that are not UTF-8), with the warnings overlay open: the case
    // that once cost half a core while nothing happened.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30_000 {
        std::fs::write(dir.path().join(format!("n{i}.md")), b"bad \xff byte\n").unwrap();
    }
    let path = dir.path().to_str().unwrap();
    tmux.keys(&[
        &format!("'{}' '{path}'", env!("CARGO_BIN_EXE_trail")),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯"));
    tmux.keys(&["w"]);
    tmux.wait_for("the warnings overlay", |s| s.contains("UTF-8"));
    sleep(Duration::from_millis(500));
    let out = Command::new("pgrep").args(["-f", path]).output().unwrap();
    let pid = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let before = cpu_ticks(&pid);
    sleep(Duration::from_secs(3));
    let used = cpu_ticks(&pid) - before;
    // Clock ticks are 1/100 s: a tenth of a second over three seconds idle is generous.
    assert!(used <= 10, "{used} ticks of CPU in 3 s of idling");
    tmux.keys(&["Escape", "q"]);
}

/// A shell script standing in for the user's editor: it appends a line to the file it is
/// given (its last argument) and records its arguments, or fails as asked.
fn fake_editor(dir: &std::path::Path, body: &str) -> String {
    let path = dir.join("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&path, perms).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn editing_a_note_shows_the_edit_on_return_and_failures_cost_a_message() {
    let Some(tmux) = tmux_or_skip("edit", 100, 30) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap();
    let tools = tempfile::tempdir().unwrap();
    let appends = fake_editor(
        tools.path(),
        &format!(
            "echo \"$@\" > '{}/args'\nfor f; do :; done\necho 'EDITED-LINE-42 in the editor' >> \"$f\"",
            tools.path().display()
        ),
    );
    tmux.keys(&[
        &format!(
            "EDITOR='{appends} --flag' '{}' '{path}'; echo exit-$((40+3))",
            env!("CARGO_BIN_EXE_trail")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
    tmux.keys(&["e"]);
    tmux.wait_for("the vault read again", |s| {
        s.contains("read the vault again")
    });
    // The line went to the end of the note: the reader's bottom shows it.
    tmux.keys(&["l", "G"]);
    let s = tmux.wait_for("the edit on screen", |s| s.contains("EDITED-LINE-42"));
    assert!(s.contains("trail ❯ Start Here"), "{s}");
    let args = std::fs::read_to_string(tools.path().join("args")).unwrap();
    assert!(args.starts_with("--flag "), "{args}");
    assert!(args.trim_end().ends_with("Start Here.md"), "{args}");
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.contains("exit-43"));
    shell_is_intact(&tmux);
    // The file holds the edit, and trail wrote nothing else.
    let text = std::fs::read_to_string(vault.path().join("Start Here.md")).unwrap();
    assert!(text.ends_with("EDITED-LINE-42 in the editor\n"));
}

#[test]
fn a_missing_failing_or_killed_editor_leaves_the_reader_and_the_terminal_intact() {
    let Some(tmux) = tmux_or_skip("badedit", 100, 30) else {
        return;
    };
    let tools = tempfile::tempdir().unwrap();
    let fails = fake_editor(tools.path(), "exit 3");
    std::fs::create_dir(tools.path().join("k")).unwrap();
    let killed = fake_editor(&tools.path().join("k"), "kill -9 $$");
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    for (editor, says) in [
        ("/nowhere/no-editor".to_string(), "cannot start the editor"),
        (fails, "exited with"),
        (killed, "exited with"),
    ] {
        tmux.keys(&[
            &format!(
                "clear; VISUAL='{editor}' '{}' '{notes}'; echo exit-$((40+3))",
                env!("CARGO_BIN_EXE_trail")
            ),
            "Enter",
        ]);
        tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
        tmux.keys(&["e"]);
        tmux.wait_for(&format!("the message for {editor}"), |s| {
            s.contains(says) && s.contains("trail ❯ Start Here")
        });
        tmux.keys(&["q"]);
        tmux.wait_for("the shell", |s| s.contains("exit-43"));
        shell_is_intact(&tmux);
    }
}

#[test]
fn r_reads_a_note_written_from_outside_with_the_watcher_off() {
    let Some(tmux) = tmux_or_skip("reload", 100, 30) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap();
    // With the watcher off, as on a file system that reports no changes.
    tmux.keys(&[
        &format!("TRAIL_WATCH=0 '{}' '{path}'", env!("CARGO_BIN_EXE_trail")),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
    std::fs::write(
        vault.path().join("Zebra Crossing.md"),
        "# Zebra\n\nWritten while trail ran. [[Start Here]]\n",
    )
    .unwrap();
    tmux.keys(&["r"]);
    tmux.wait_for("the reload message", |s| {
        s.contains("read the vault again: 28 notes")
    });
    tmux.keys(&["G"]);
    tmux.wait_for("the new note in the list", |s| s.contains("Zebra Crossing"));
    tmux.keys(&["q"]);
}

#[test]
fn changes_from_outside_show_while_trail_runs() {
    let Some(tmux) = tmux_or_skip("live", 110, 30) else {
        return;
    };
    let vault = notes_copy();
    let root = vault.path().to_path_buf();
    let path = root.to_str().unwrap();
    tmux.keys(&[
        &format!(
            "'{}' '{path}'; echo exit-$((40+3))",
            env!("CARGO_BIN_EXE_trail")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
    // A new note: it appears without a key pressed.
    std::fs::write(
        root.join("Aardvark Notes.md"),
        "# Aardvark\n\nNew. [[Glossary]]\n",
    )
    .unwrap();
    tmux.wait_for("the new note in the list", |s| s.contains("Aardvark Notes"));
    // The open note edited from outside: the reader shows the edit.
    let start = root.join("Start Here.md");
    let text = std::fs::read_to_string(&start).unwrap();
    std::fs::write(
        &start,
        text.replace("Wander from here.", "Wander from HERE-LIVE."),
    )
    .unwrap();
    tmux.wait_for("the edit in the reader", |s| s.contains("HERE-LIVE"));
    // The open note deleted: the reader says so.
    std::fs::remove_file(&start).unwrap();
    tmux.wait_for("the message for the deleted note", |s| {
        s.contains("is gone from the vault")
    });
    // A burst of 2,000 changes ends in one consistent state.
    for i in 0..1_000 {
        std::fs::write(
            root.join(format!("burst-{i:04}.md")),
            format!("[[burst-{:04}]]\n", (i + 1) % 1_000),
        )
        .unwrap();
    }
    for i in 0..500 {
        std::fs::remove_file(root.join(format!("burst-{i:04}.md"))).unwrap();
    }
    for i in 500..1_000 {
        std::fs::write(root.join(format!("burst-{i:04}.md")), "edited\n").unwrap();
    }
    // 27 notes, one added, one deleted, 500 of the burst left.
    tmux.wait_for("the vault after the burst", |s| s.contains("527 notes"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.contains("exit-43"));
    shell_is_intact(&tmux);
}

#[test]
fn the_place_is_remembered_between_runs_outside_the_vault() {
    let Some(tmux) = tmux_or_skip("place", 110, 30) else {
        return;
    };
    let vault = notes_copy();
    let path = vault.path().to_str().unwrap();
    let state = tempfile::tempdir().unwrap();
    let run = format!(
        "XDG_STATE_HOME='{}' '{}' '{path}'; echo exit-$((40+3))",
        state.path().display(),
        env!("CARGO_BIN_EXE_trail")
    );
    let before = common::snapshot(vault.path());
    tmux.keys(&[&run, "Enter"]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
    // Follow the first link of the text (past the header's tag), then quit.
    tmux.keys(&["l", "Tab", "Tab", "Enter"]);
    tmux.wait_for("the followed note", |s| {
        s.contains("Start Here › The Quiet Meeting")
    });
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.contains("exit-43"));
    assert!(state.path().join("trail/state.json").is_file());
    // The next run opens where this one was left, and quick open offers the notes read.
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&run, "Enter"]);
    tmux.wait_for("the remembered note", |s| {
        s.contains("trail ❯ The Quiet Meeting")
    });
    tmux.keys(&["C-p"]);
    tmux.wait_for("the recent notes", |s| s.contains("Start Here"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the prompt closed", |s| !s.contains("Open a note or topic"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.matches("exit-43").count() == 1);
    // A corrupt state file costs a message, nothing more.
    std::fs::write(state.path().join("trail/state.json"), b"{not json").unwrap();
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&run, "Enter"]);
    tmux.wait_for("the warning", |s| s.contains("ignored the state file"));
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| s.contains("exit-43"));
    assert_eq!(before, common::snapshot(vault.path()), "the vault changed");
}

#[test]
fn no_color_still_shows_the_selection_in_reverse_video() {
    let Some(tmux) = tmux_or_skip("nocolor", 100, 30) else {
        return;
    };
    tmux.keys(&[
        &format!(
            "NO_COLOR=1 '{}' '{}'",
            env!("CARGO_BIN_EXE_trail"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/notes")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("trail ❯ Start Here"));
    let out = Command::new("tmux")
        .args(["-L", &tmux.socket, "capture-pane", "-e", "-p", "-t", "e2e"])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    // Reverse video marks the selected row, underline the links; no colour is drawn (no SGR
    // parameter 30-49 or 90-107 in any escape).
    assert!(screen.contains("\x1b[7m"), "no reverse video:\n{screen:?}");
    assert!(screen.contains("\x1b[4m"), "no underline:\n{screen:?}");
    for sgr in screen.split("\x1b[").skip(1) {
        let Some(end) = sgr.find('m') else { continue };
        for p in sgr[..end].split(';').filter_map(|p| p.parse::<u32>().ok()) {
            assert!(
                !((30..=49).contains(&p) && p != 39 && p != 49 || (90..=107).contains(&p)),
                "colour parameter {p} under NO_COLOR in {:?}",
                &sgr[..end]
            );
        }
    }
    tmux.keys(&["q"]);
}

#[test]
fn ctrl_l_draws_away_what_another_program_wrote() {
    let Some(tmux) = tmux_or_skip("redraw", 100, 30) else {
        return;
    };
    tmux.keys(&[
        &format!(
            "'{}' '{}'",
            env!("CARGO_BIN_EXE_trail"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/notes")
        ),
        "Enter",
    ]);
    // The vault read in full, so that no later frame happens to draw over the stray text.
    tmux.wait_for("the reader", |s| {
        s.contains("trail ❯ Start Here") && s.contains("27 notes")
    });
    // Another program writes straight to the terminal (a wall message, a background job).
    let tty = tmux.pane_flag("pane_tty");
    std::fs::write(&tty, "\x1b[5;30HSTRAY-TEXT-FROM-ELSEWHERE").unwrap();
    tmux.wait_for("the stray text", |s| s.contains("STRAY-TEXT"));
    tmux.keys(&["C-l"]);
    tmux.wait_for("a clean screen", |s| {
        !s.contains("STRAY-TEXT") && s.contains("trail ❯ Start Here")
    });
    tmux.keys(&["q"]);
}

#[test]
fn a_web_link_goes_to_the_browser_and_a_copy_to_the_terminal_clipboard() {
    let Some(tmux) = tmux_or_skip("browse", 120, 30) else {
        return;
    };
    let tools = tempfile::tempdir().unwrap();
    let browser = fake_editor(
        tools.path(),
        &format!(
            "printf '%s\\n' \"$@\" > '{}/opened'",
            tools.path().display()
        ),
    );
    // tmux keeps what an application copies through OSC 52 as a paste buffer.
    let _ = Command::new("tmux")
        .args(["-L", &tmux.socket, "set", "-g", "set-clipboard", "on"])
        .status();
    tmux.keys(&[
        &format!(
            "DISPLAY= WAYLAND_DISPLAY= BROWSER='{browser} --new-tab' '{}' '{}'",
            env!("CARGO_BIN_EXE_trail"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/notes")
        ),
        "Enter",
    ]);
    tmux.wait_for("the reader", |s| s.contains("27 notes"));
    tmux.keys(&["C-p"]);
    tmux.keys(&["-l", "Link Hygiene"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the note", |s| s.contains("› Link Hygiene"));
    // Tab through the links until the web link is selected; the status line names it.
    for _ in 0..8 {
        tmux.keys(&["Tab"]);
        if tmux
            .screen()
            .contains("link to https://spec.commonmark.org/")
        {
            break;
        }
        sleep(Duration::from_millis(100));
    }
    tmux.wait_for("the web link selected", |s| {
        s.contains("link to https://spec.commonmark.org/")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the browser started", |s| s.contains("opened in"));
    // The browser runs detached: its record may come a moment after the status line.
    let record = tools.path().join("opened");
    let start = Instant::now();
    while !std::fs::read_to_string(&record).is_ok_and(|t| t.ends_with('\n'))
        && start.elapsed() < Duration::from_secs(20)
    {
        sleep(Duration::from_millis(50));
    }
    let opened = std::fs::read_to_string(&record).unwrap();
    assert_eq!(opened, "--new-tab\nhttps://spec.commonmark.org/\n");
    tmux.keys(&["y"]);
    tmux.wait_for("the copy said", |s| {
        s.contains("copied https://spec.commonmark.org/")
    });
    let buffer = Command::new("tmux")
        .args(["-L", &tmux.socket, "show-buffer"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&buffer.stdout),
        "https://spec.commonmark.org/"
    );
    tmux.keys(&["q"]);
}

#[test]
fn a_note_in_joined_scripts_leaves_no_fragment_behind() {
    let Some(tmux) = tmux_or_skip("scripts", 100, 24) else {
        return;
    };
    let vault = tempfile::tempdir().unwrap();
    let line = "এই নোটে আমরা বাংলা লেখা দেখি যুক্তাক্ষর ক্ষ জ্ঞ ন্দ্র ខ្មែរ សួស្តី ពិភពលោក می‌خواهم नमस्ते क्षत्रिय 👩‍👩‍👧‍👦 🇧🇩";
    let body = format!("{line}\n\n").repeat(12);
    std::fs::write(vault.path().join("Home.md"), format!("# Home\n\n{body}")).unwrap();
    std::fs::write(vault.path().join("Plain.md"), "# Plain\n\nshort\n\nlines\n").unwrap();
    tmux.keys(&[
        &format!(
            "'{}' '{}'",
            env!("CARGO_BIN_EXE_trail"),
            vault.path().display()
        ),
        "Enter",
    ]);
    tmux.wait_for("the note in many scripts", |s| s.contains("নোটে"));
    // Bengali kept every letter: the vowel signs are drawn, not dropped.
    let s = tmux.screen();
    assert!(s.contains("বাংলা লেখা দেখি"), "{s}");
    tmux.keys(&["C-p"]);
    tmux.keys(&["-l", "Plain"]);
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("the plain note", |s| s.contains("trail ❯ Home › Plain"));
    // Nothing of the first note survives the redraw: no letter of its scripts anywhere.
    let stray: Vec<char> = s
        .chars()
        .filter(|c| {
            matches!(*c as u32, 0x0900..=0x09FF | 0x0600..=0x06FF | 0x1780..=0x17FF | 0x1F000..)
        })
        .collect();
    assert!(stray.is_empty(), "fragments {stray:?} on\n{s}");
    // Every row ends with the pane's border where it should.
    for row in s.lines().skip(1).take(20) {
        assert!(
            row.trim_end().ends_with(['│', '┃', '╮', '╯', '┓', '┛']),
            "{row:?}\n{s}"
        );
    }
    tmux.keys(&["q"]);
}

#[test]
fn wandering_by_graph_embed_and_folders_in_a_real_terminal() {
    let Some(tmux) = tmux_or_skip("wander", 110, 34) else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_trail");
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    tmux.keys(&[&format!("TERM=xterm-256color '{bin}' '{notes}'"), "Enter"]);
    tmux.wait_for("the reader on Start Here", |s| {
        s.contains("Wander from here")
    });
    // Quick open, then the local graph of the note opened.
    tmux.keys(&["C-p"]);
    tmux.keys(&["retrosp"]);
    tmux.wait_for("the match", |s| s.contains("Retrospectives"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("Retrospectives", |s| {
        first_line(s).contains("› Retrospectives")
    });
    tmux.keys(&["v"]);
    let s = tmux.wait_for("the local graph", |s| s.contains("Local graph"));
    assert!(s.contains("● Retrospectives"), "{s}");
    assert!(s.contains("Team Charter──┤"), "{s}");
    // Across to what it links to, down to a neighbour's neighbour, and open it.
    tmux.keys(&["l", "j", "Enter"]);
    tmux.wait_for("the second-hop note", |s| {
        first_line(s).contains("› Retrospectives › Mara Quinn") && !s.contains("Local graph")
    });
    // A note that embeds a section shows it framed, under where it comes from.
    tmux.keys(&["C-p"]);
    tmux.keys(&["team charter"]);
    tmux.wait_for("the match", |s| s.contains("Team Charter"));
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("the embed", |s| s.contains("┃ ⧉ Retrospectives › Format"));
    assert!(s.contains("┃ 1. Five minutes of silent writing"), "{s}");
    // The list as a tree of folders.
    tmux.keys(&["h", "s", "s", "s"]);
    let s = tmux.wait_for("the folder tree", |s| s.contains("· folders"));
    assert!(s.contains("▾ blog/ (5)"), "{s}");
    tmux.keys(&["q"]);
    tmux.wait_for("the shell", |s| !s.contains("trail ❯"));
}
