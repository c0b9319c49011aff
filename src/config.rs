//! The user's settings: `config.toml` in trail's folder of the platform's config directory
//! (`$XDG_CONFIG_HOME/trail/config.toml`, else `~/.config/trail/config.toml`), read once at
//! start. Every setting has a default, so a missing file is no file at all; a file that
//! cannot be read or does not say what trail expects is one message (the file, the line and
//! column, what was wrong), and trail goes on with the defaults.

use crate::keymap::{self, Keymap};
use crate::load;
use crate::theme::ThemeName;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest config file read; a larger one is not a config.
const MAX_BYTES: u64 = 256 * 1024;

/// What the config file can say. Field names are the file's keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The notes folder opened when no DIR, `--vault` or `$TRAIL_VAULT` is given.
    pub vault: Option<PathBuf>,
    pub theme: ThemeName,
    /// The widest the reader lays text out, in columns.
    pub wrap: u16,
    /// The fields shown under a note's title (front matter and `key:: value`), by name;
    /// `None` shows them all.
    pub fields: Option<Vec<String>>,
    /// Read hidden folders and files (`.name`); `.git` is never read.
    pub hidden: bool,
    /// Honour `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub gitignore: bool,
    /// Action name → keys, laid over the default keys.
    pub keys: BTreeMap<String, Keys>,
}

/// One key or several, as the `[keys]` table may give them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Keys {
    One(String),
    Many(Vec<String>),
}

impl Keys {
    fn list(&self) -> Vec<String> {
        match self {
            Keys::One(k) => vec![k.clone()],
            Keys::Many(ks) => ks.clone(),
        }
    }
}

/// The widest text the reader lays out by default; longer lines are hard to read.
pub const DEFAULT_WRAP: u16 = crate::app::layout::MAX_TEXT_WIDTH;

impl Default for Config {
    fn default() -> Config {
        Config {
            vault: None,
            theme: ThemeName::Auto,
            wrap: DEFAULT_WRAP,
            fields: None,
            hidden: false,
            gitignore: true,
            keys: BTreeMap::new(),
        }
    }
}

/// The settings in force and what went wrong reading them.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// Where the file was looked for (`None`: no home to look in).
    pub path: Option<PathBuf>,
    /// One line for a file that could not be used, and one per binding that could not be
    /// taken; each names the file.
    pub problems: Vec<String>,
    /// The keys in force: the defaults with the bindings that could be taken.
    pub keys: Keymap,
}

impl Loaded {
    /// The keys in force.
    pub fn keymap(&self) -> Keymap {
        self.keys.clone()
    }
}

impl Config {
    /// How the vault's files are listed.
    pub fn walk(&self) -> load::Options {
        load::Options {
            hidden: self.hidden,
            gitignore: self.gitignore,
        }
    }

    fn bindings(&self) -> BTreeMap<String, Vec<String>> {
        self.keys
            .iter()
            .map(|(name, keys)| (name.clone(), keys.list()))
            .collect()
    }

    /// The vault folder named in the file, with a leading `~/` taken as the home folder.
    pub fn vault_dir(&self) -> Option<PathBuf> {
        let v = self.vault.as_ref()?;
        if let Ok(rest) = v.strip_prefix("~")
            && let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        {
            return Some(PathBuf::from(home).join(rest));
        }
        Some(v.clone())
    }
}

/// Where the config file is read from: `$TRAIL_CONFIG` when set (for tests and for keeping
/// several), else trail's folder in the platform's config directory.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TRAIL_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dirs = etcetera::choose_base_strategy().ok()?;
    Some(
        etcetera::BaseStrategy::config_dir(&dirs)
            .join("trail")
            .join("config.toml"),
    )
}

/// Read the config file, if there is one. Never fails: what cannot be used is said in
/// [`Loaded::problems`] and the defaults stand in for it.
pub fn load() -> Loaded {
    let path = path();
    let mut loaded = Loaded {
        path: path.clone(),
        ..Loaded::default()
    };
    let Some(path) = path else {
        return loaded;
    };
    match read(&path) {
        Ok(None) => {}
        Ok(Some(text)) => match parse(&text) {
            Ok(config) => loaded.config = config,
            Err(e) => loaded
                .problems
                .push(format!("{}:{e}; using the defaults", path.display())),
        },
        Err(e) => loaded
            .problems
            .push(format!("{}: {e}; using the defaults", path.display())),
    }
    let (keys, key_problems) = Keymap::with(&loaded.config.bindings());
    loaded.keys = keys;
    loaded.problems.extend(
        key_problems
            .into_iter()
            .map(|p| format!("{}: {p}", path.display())),
    );
    loaded
}

/// The file's text; `None` when there is no file.
fn read(path: &Path) -> Result<Option<String>, String> {
    let file = match load::open_regular(path) {
        Ok(f) => f,
        Err(load::OpenRegular::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(load::OpenRegular::Io(e)) => return Err(format!("cannot be read: {e}")),
        Err(load::OpenRegular::NotRegular) => return Err("is not a regular file".into()),
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err("is larger than 256 KiB".into());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| format!("is not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

/// Read a config from its text. The error is `line:column: what was wrong`, the place
/// counted from 1 and in characters, as editors count.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let message = one_line(e.message());
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!("{line}:{col}: {message}")
            }
            None => format!(" {message}"),
        }
    })?;
    if config.wrap < 20 {
        let at = text
            .lines()
            .position(|l| l.trim_start().starts_with("wrap"))
            .map_or(1, |i| i + 1);
        return Err(format!(
            "{at}:1: wrap is {}; the reader needs at least 20 columns",
            config.wrap
        ));
    }
    Ok(config)
}

/// toml's messages may run over lines; the status line has one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line and column (in characters) of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// What `trail config` prints: where the file is read from, then every setting at its
/// default, commented out, ready to copy into the file.
pub fn describe(loaded: &Loaded) -> String {
    let mut out = String::new();
    match &loaded.path {
        Some(p) if p.is_file() => {
            let _ = writeln!(
                out,
                "# trail reads its settings from {} (found).",
                p.display()
            );
        }
        Some(p) => {
            let _ = writeln!(
                out,
                "# trail reads its settings from {} (not there: every setting is at its default).",
                p.display()
            );
        }
        None => out.push_str("# trail finds no home folder to read settings from.\n"),
    }
    for problem in &loaded.problems {
        let _ = writeln!(out, "# problem: {}", crate::text::clean_line(problem));
    }
    out.push_str(
        "# Below, every setting at its default. Copy what you want to change into the file and
# take away the leading \"# \".

# The notes folder opened when trail is given no DIR, --vault or $TRAIL_VAULT.
# vault = \"~/notes\"

# Colours: auto (the terminal's background decides, where COLORFGBG tells it; else dark),
# dark, light, or 16 (the basic sixteen colours). --theme overrides it; NO_COLOR turns
# colour off whatever it says.
# theme = \"auto\"

# The widest the reader lays text out, in columns (at least 20).
",
    );
    let _ = writeln!(out, "# wrap = {DEFAULT_WRAP}");
    out.push_str(
        "
# The fields shown under a note's title, by name (front matter keys and key:: value
# fields). Left out, every field is shown; [] shows none.
# fields = [\"by\", \"tags\", \"status\"]

# Read hidden folders and files (names starting with a dot). .git is never read.
# hidden = false

# Leave out what the vault's .gitignore, .ignore and .git/info/exclude rule out.
# gitignore = true

# Keys: an action's name = a key or a list of keys. A key is one character (j, G, ?) or a
# name (enter, esc, tab, space, backspace, delete, up, down, left, right, home, end,
# pageup, pagedown, f1 to f12), with ctrl-, alt- or shift- before it. A key bound here is
# taken from the action that had it by default. `trail keys` shows the keys in force.
# [keys]
",
    );
    for row in Keymap::default().rows() {
        let mut keys: Vec<String> = Vec::new();
        for key in &row.keys {
            let name = format!("\"{}\"", keymap::key_config_name(*key));
            if !keys.contains(&name) {
                keys.push(name);
            }
        }
        let _ = writeln!(
            out,
            "# {} = [{}]  # {}",
            row.name,
            keys.join(", "),
            row.help
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_every_default() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn every_setting_is_read() {
        let c = parse(
            "vault = \"/tmp/notes\"\ntheme = \"16\"\nwrap = 72\nfields = [\"by\"]\nhidden = true\n\
             gitignore = false\n[keys]\ndown = \"n\"\nup = [\"e\", \"up\"]\n",
        )
        .unwrap();
        assert_eq!(c.vault, Some(PathBuf::from("/tmp/notes")));
        assert_eq!(c.theme, ThemeName::Basic);
        assert_eq!(c.wrap, 72);
        assert_eq!(c.fields, Some(vec!["by".to_string()]));
        assert!(c.hidden && !c.gitignore);
        assert_eq!(c.keys["down"], Keys::One("n".into()));
        assert_eq!(c.keys["up"], Keys::Many(vec!["e".into(), "up".into()]));
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let e = parse("theme = \"dark\"\nwrap = = 3\n").unwrap_err();
        assert!(e.starts_with("2:8: "), "{e}");
    }

    #[test]
    fn an_unknown_key_names_its_place_and_the_known_ones() {
        let e = parse("\n\ncolour = \"red\"\n").unwrap_err();
        assert!(e.starts_with("3:1: "), "{e}");
        assert!(e.contains("colour") && e.contains("theme"), "{e}");
    }

    #[test]
    fn a_wrong_type_names_its_place() {
        let e = parse("wrap = \"wide\"\n").unwrap_err();
        assert!(e.starts_with("1:8: "), "{e}");
        let e = parse("theme = \"blue\"\n").unwrap_err();
        assert!(e.starts_with("1:9: ") && e.contains("auto"), "{e}");
    }

    #[test]
    fn a_too_narrow_wrap_is_refused() {
        let e = parse("# c\nwrap = 5\n").unwrap_err();
        assert!(e.starts_with("2:1: ") && e.contains("20"), "{e}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let e = parse("vault = \"ক\" x\n").unwrap_err();
        assert!(e.starts_with("1:13: "), "{e}");
    }

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        let text = describe(&Loaded::default());
        let uncommented: Vec<String> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| {
                l.starts_with('[')
                    || l.split_once(" = ")
                        .is_some_and(|(k, _)| !k.contains(' ') && !k.is_empty())
            })
            .filter(|l| !l.starts_with("vault") && !l.starts_with("fields"))
            .map(str::to_string)
            .collect();
        let c = parse(&uncommented.join("\n")).unwrap();
        assert_eq!(c.theme, ThemeName::Auto);
        assert_eq!(c.wrap, DEFAULT_WRAP);
        let (map, problems) = Keymap::with(&c.bindings());
        assert!(problems.is_empty(), "{problems:?}");
        for (a, b) in map.rows().iter().zip(Keymap::default().rows()) {
            assert_eq!(a.label(), b.label(), "{}", a.name);
        }
    }
}
