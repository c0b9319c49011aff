//! The world outside the vault: a web or mail link handed to the user's browser, and text
//! put on the clipboard. Both start programs, so both are narrow: only `http`, `https` and
//! `mailto` URLs leave trail, a URL is always one argument of a program started directly
//! (never a shell command line), and copied text is one line with no control character.
//!
//! The checks and the command lines are pure functions, tested here; [`open_url`] and
//! [`copy_native`] only start what those return.

use crate::text::is_unsafe_char;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// The URL schemes trail hands to a browser.
pub const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The longest URL handed on: longer is not a link a person wrote.
const MAX_URL: usize = 8 * 1024;

/// `url` if it is fit to hand to a browser: an `http`, `https` or `mailto` URL with no
/// space, control or bidi character in it. The error says why not, for the status line.
pub fn checked_url(url: &str) -> Result<&str, String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err("not opened: it is not a URL".into());
    };
    let scheme_ok = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err("not opened: it is not a URL".into());
    }
    if !SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return Err(format!(
            "not opened: {}: links are not followed (only http, https and mailto)",
            scheme.to_ascii_lowercase()
        ));
    }
    if url.len() > MAX_URL {
        return Err("not opened: the URL is longer than 8 KiB".into());
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_unsafe_char(c))
    {
        return Err("not opened: the URL holds spaces or control characters".into());
    }
    let web = !scheme.eq_ignore_ascii_case("mailto");
    if web
        && !rest
            .strip_prefix("//")
            .is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
    {
        return Err("not opened: a web link needs a host (http://host/…)".into());
    }
    if !web && rest.is_empty() {
        return Err("not opened: mailto: names no address".into());
    }
    Ok(url)
}

/// A program and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub program: String,
    pub args: Vec<String>,
}

/// The programs to try, in order, to open `url`: each of `$BROWSER`'s entries
/// (colon-separated, each split as a shell would split words, `%s` standing for the URL or
/// the URL put last), then the platform's opener (`open` on macOS, `xdg-open` elsewhere).
/// No entry is ever run by a shell: `$BROWSER="firefox; rm -rf ~"` runs a program named
/// `firefox;` with arguments, which is not found.
pub fn browser_commands(url: &str, browser: Option<&str>) -> Vec<Program> {
    let mut out = Vec::new();
    for entry in browser.unwrap_or("").split(':') {
        let Ok(words) = shell_words::split(entry) else {
            continue;
        };
        let Some((program, args)) = words.split_first() else {
            continue;
        };
        let mut args: Vec<String> = args.to_vec();
        if args.iter().any(|a| a.contains("%s")) {
            for a in &mut args {
                *a = a.replace("%s", url);
            }
        } else {
            args.push(url.to_string());
        }
        out.push(Program {
            program: program.clone(),
            args,
        });
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    out.push(Program {
        program: opener.into(),
        args: vec![url.to_string()],
    });
    out
}

/// Start the first of [`browser_commands`] that can be started, detached from the terminal
/// (no input, output thrown away, its own process group so that Ctrl-C in trail does not
/// reach it). Returns the program started.
pub fn open_url(url: &str) -> Result<String, String> {
    let url = checked_url(url)?;
    let browser = std::env::var("BROWSER").ok();
    let mut last = String::from("no browser found");
    for p in browser_commands(url, browser.as_deref()) {
        match start(&p, None) {
            Ok(()) => return Ok(p.program),
            Err(e) => last = format!("{}: {e}", p.program),
        }
    }
    Err(format!("cannot open a browser ({last}); set $BROWSER"))
}

/// Start `p` detached, feeding it `input` if given, and reap it on a thread of its own.
fn start(p: &Program, input: Option<&str>) -> std::io::Result<()> {
    let mut cmd = Command::new(&p.program);
    cmd.args(&p.args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn()?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        // The clipboard tools read to the end; a failed write shows as their failure.
        let _ = stdin.write_all(text.as_bytes());
    }
    // Waited for elsewhere, so that no zombie is left and the loop never waits on it.
    let _ = std::thread::Builder::new()
        .name("trail-child".into())
        .spawn(move || child.wait());
    Ok(())
}

/// `text` made fit for the clipboard: one line, with no control, escape or bidi character.
pub fn clipboard_text(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' || c == '\n' { ' ' } else { c })
        .filter(|&c| !(c.is_control() || is_unsafe_char(c)))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The escape sequence that asks the terminal to put `text` on the system clipboard
/// (OSC 52), which works over SSH and in most terminals. `text` must already be
/// [`clipboard_text`].
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The clipboard program for this session, if one is likely: `wl-copy` under Wayland,
/// `xclip` under X, `pbcopy` on macOS. `env` reads the environment.
pub fn native_clipboard(env: &dyn Fn(&str) -> Option<String>) -> Option<Program> {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let program = |p: &str, args: &[&str]| Program {
        program: p.into(),
        args: args.iter().map(|a| (*a).to_string()).collect(),
    };
    if cfg!(target_os = "macos") {
        Some(program("pbcopy", &[]))
    } else if set("WAYLAND_DISPLAY") {
        Some(program("wl-copy", &[]))
    } else if set("DISPLAY") {
        Some(program("xclip", &["-selection", "clipboard"]))
    } else {
        None
    }
}

/// Put `text` ([`clipboard_text`]) on the clipboard through the native program, if there is
/// one. Returns the program used.
pub fn copy_native(text: &str) -> Option<String> {
    let p = native_clipboard(&|k| std::env::var(k).ok())?;
    start(&p, Some(text)).ok().map(|()| p.program)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_pass() {
        for url in [
            "https://example.org/a?b=c#d",
            "http://example.org",
            "HTTPS://example.org/é",
            "mailto:someone@example.org",
        ] {
            assert_eq!(checked_url(url), Ok(url));
        }
    }

    #[test]
    fn other_schemes_and_odd_urls_are_refused() {
        for (url, why) in [
            ("file:///etc/passwd", "file:"),
            ("javascript:alert(1)", "javascript:"),
            ("ssh://host", "ssh:"),
            ("https://exa mple.org", "spaces"),
            ("https://example.org/\u{1b}[2J", "control"),
            ("https://example.org/\u{202e}gpj", "control"),
            ("https:///path", "host"),
            ("https:", "host"),
            ("mailto:", "address"),
            ("no scheme", "not a URL"),
            ("-rf", "not a URL"),
        ] {
            let e = checked_url(url).unwrap_err();
            assert!(e.contains(why), "{url}: {e}");
        }
    }

    #[test]
    fn the_browser_variable_is_split_not_shelled() {
        let url = "https://example.org/?a=1&b=2";
        let cmds = browser_commands(url, Some("firefox --new-tab:w3m '%s' -dump"));
        assert_eq!(cmds[0].program, "firefox");
        assert_eq!(cmds[0].args, ["--new-tab", url]);
        assert_eq!(cmds[1].program, "w3m");
        assert_eq!(cmds[1].args, [url, "-dump"]);
        assert!(cmds.last().unwrap().program.ends_with("open"));
        // A shell's separators are not separators here: one program, strange arguments.
        let cmds = browser_commands(url, Some("firefox; rm -rf ~"));
        assert_eq!(cmds[0].program, "firefox;");
        assert_eq!(cmds[0].args.last().map(String::as_str), Some(url));
        assert_eq!(browser_commands(url, None).len(), 1);
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn copied_text_is_one_clean_line() {
        let t = clipboard_text("notes/a\u{1b}]52;c;evil\u{7}.md\n\u{202e}x");
        assert_eq!(t, "notes/a]52;c;evil.md x");
        assert_eq!(
            osc52("[[Über]]"),
            format!("\x1b]52;c;{}\x07", base64("[[Über]]".as_bytes()))
        );
    }

    #[test]
    fn the_native_clipboard_follows_the_session() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        if cfg!(target_os = "macos") {
            return;
        }
        let wl = native_clipboard(&env(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")]));
        assert_eq!(wl.unwrap().program, "wl-copy");
        let x = native_clipboard(&env(&[("DISPLAY", ":0")]));
        assert_eq!(x.unwrap().program, "xclip");
        assert_eq!(native_clipboard(&env(&[])), None);
    }
}
