//! The real binary in a real terminal: tmux runs a shell, we type as a person would and read
//! the screen back. Needs tmux (CI installs it); without it the test says so and passes,
//! except under CI, where it fails.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Option<Tmux> {
        let socket = format!("trail-e2e-{name}-{}", std::process::id());
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
            .env_remove("RUST_BACKTRACE")
            .status()
            .ok()?
            .success();
        ok.then_some(Tmux { socket })
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

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[test]
fn read_follow_back_quit_in_a_real_terminal() {
    let Some(tmux) = Tmux::start("read", 100, 30) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
        eprintln!("tmux not found: skipping the end-to-end test");
        return;
    };
    let bin = env!("CARGO_BIN_EXE_trail");
    let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");
    tmux.keys(&[&format!("TERM=xterm-256color '{bin}' '{notes}'"), "Enter"]);
    tmux.wait_for("the reader on Start Here", |s| {
        first_line(s).contains("trail ❯ Start Here") && s.contains("Wander from here")
    });

    // Focus the reader, select the first link with Tab, follow it with Enter.
    tmux.keys(&["l"]);
    tmux.keys(&["Tab"]);
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
    let Some(tmux) = Tmux::start("panic", 80, 24) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required under CI"
        );
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
