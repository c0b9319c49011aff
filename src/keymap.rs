//! What each key means, in one table. The event loop asks a [`Keymap`] (the table, with the
//! user's bindings from the config file laid over it); the `?` overlay shows the keys in
//! force, and `docs/keys.md` is generated from the defaults in [`BINDINGS`].

use crate::app::{Action, Focus};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// Only while the reader pane has focus.
    Reader,
    /// Only while the list or the side pane has focus.
    Lists,
    /// While a search prompt is open (other keys type into it).
    Prompt,
}

impl Scope {
    /// Can one key press reach both scopes?
    fn overlaps(self, other: Scope) -> bool {
        match (self, other) {
            (Scope::Prompt, o) | (o, Scope::Prompt) => o == Scope::Prompt,
            (Scope::Reader, Scope::Lists) | (Scope::Lists, Scope::Reader) => false,
            _ => true,
        }
    }
}

/// A key with its modifiers.
pub type Key = (KeyCode, KeyModifiers);

/// One row of the default key table.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The row's name in the config file's `[keys]` table.
    pub name: &'static str,
    pub keys: &'static [Key],
    pub scope: Scope,
    pub action: Action,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// Every key, in the order the help shows them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        name: "down",
        keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
        scope: Scope::Everywhere,
        action: Action::Down,
        help: "move down / scroll down",
    },
    Binding {
        name: "up",
        keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
        scope: Scope::Everywhere,
        action: Action::Up,
        help: "move up / scroll up",
    },
    Binding {
        name: "top",
        keys: &[(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)],
        scope: Scope::Everywhere,
        action: Action::Top,
        help: "go to the top",
    },
    Binding {
        name: "bottom",
        keys: &[
            (KeyCode::Char('G'), SHIFT),
            (KeyCode::Char('G'), NONE),
            (KeyCode::End, NONE),
        ],
        scope: Scope::Everywhere,
        action: Action::Bottom,
        help: "go to the bottom",
    },
    Binding {
        name: "half-down",
        keys: &[(KeyCode::Char('d'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::HalfDown,
        help: "half a page down",
    },
    Binding {
        name: "half-up",
        keys: &[(KeyCode::Char('u'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::HalfUp,
        help: "half a page up",
    },
    Binding {
        name: "page-down",
        keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char(' '), NONE)],
        scope: Scope::Everywhere,
        action: Action::PageDown,
        help: "a page down",
    },
    Binding {
        name: "page-up",
        keys: &[(KeyCode::PageUp, NONE)],
        scope: Scope::Everywhere,
        action: Action::PageUp,
        help: "a page up",
    },
    Binding {
        name: "focus-left",
        keys: &[(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)],
        scope: Scope::Everywhere,
        action: Action::FocusLeft,
        help: "focus the pane to the left",
    },
    Binding {
        name: "focus-right",
        keys: &[(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)],
        scope: Scope::Everywhere,
        action: Action::FocusRight,
        help: "focus the pane to the right",
    },
    Binding {
        name: "next-link",
        keys: &[(KeyCode::Tab, NONE)],
        scope: Scope::Reader,
        action: Action::NextLink,
        help: "select the next link in the note",
    },
    Binding {
        name: "prev-link",
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        scope: Scope::Reader,
        action: Action::PrevLink,
        help: "select the previous link in the note",
    },
    Binding {
        name: "next-pane",
        keys: &[(KeyCode::Tab, NONE)],
        scope: Scope::Lists,
        action: Action::FocusRight,
        help: "focus the next pane",
    },
    Binding {
        name: "prev-pane",
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        scope: Scope::Lists,
        action: Action::FocusLeft,
        help: "focus the previous pane",
    },
    Binding {
        name: "open",
        keys: &[(KeyCode::Enter, NONE)],
        scope: Scope::Everywhere,
        action: Action::Open,
        help: "open the selection / follow the selected link",
    },
    Binding {
        name: "back",
        keys: &[
            (KeyCode::Backspace, NONE),
            (KeyCode::Char('H'), SHIFT),
            (KeyCode::Char('H'), NONE),
        ],
        scope: Scope::Everywhere,
        action: Action::Back,
        help: "back to the previous note",
    },
    Binding {
        name: "forward",
        keys: &[(KeyCode::Char('L'), SHIFT), (KeyCode::Char('L'), NONE)],
        scope: Scope::Everywhere,
        action: Action::Forward,
        help: "forward again",
    },
    Binding {
        name: "sort",
        keys: &[(KeyCode::Char('s'), NONE)],
        scope: Scope::Everywhere,
        action: Action::CycleSort,
        help: "order the list: by title, by path, most linked, or a tree of folders (Enter folds one)",
    },
    Binding {
        name: "filter",
        keys: &[(KeyCode::Char('f'), NONE)],
        scope: Scope::Everywhere,
        action: Action::FilterList,
        help: "filter the note list: words, tag:x, path:folder (Enter keeps it, Esc clears)",
    },
    Binding {
        name: "outline",
        keys: &[(KeyCode::Char('O'), NONE), (KeyCode::Char('O'), SHIFT)],
        scope: Scope::Everywhere,
        action: Action::Outline,
        help: "the note's headings: move to preview, Enter jumps, Esc returns",
    },
    Binding {
        name: "peek",
        keys: &[(KeyCode::Char('K'), NONE), (KeyCode::Char('K'), SHIFT)],
        scope: Scope::Reader,
        action: Action::PeekLink,
        help: "preview what the selected link leads to (Enter opens it, Esc closes)",
    },
    Binding {
        name: "graph",
        keys: &[(KeyCode::Char('v'), NONE)],
        scope: Scope::Everywhere,
        action: Action::LocalGraph,
        help: "the page's local graph: links in and out, two hops (v: one hop); Enter opens",
    },
    Binding {
        name: "fields",
        keys: &[(KeyCode::Char('i'), NONE)],
        scope: Scope::Everywhere,
        action: Action::ToggleFields,
        help: "show every field of the note (front matter), or only those a reader wants",
    },
    Binding {
        name: "outgoing",
        keys: &[(KeyCode::Char('o'), NONE)],
        scope: Scope::Everywhere,
        action: Action::ToggleOutgoing,
        help: "side pane: backlinks, outgoing links, unlinked mentions",
    },
    Binding {
        name: "side",
        keys: &[(KeyCode::Char('b'), NONE)],
        scope: Scope::Everywhere,
        action: Action::ToggleSide,
        help: "show or hide the side pane",
    },
    Binding {
        name: "warnings",
        keys: &[(KeyCode::Char('w'), NONE)],
        scope: Scope::Everywhere,
        action: Action::Warnings,
        help: "show the files that loaded with warnings",
    },
    Binding {
        name: "help",
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        scope: Scope::Everywhere,
        action: Action::Help,
        help: "show this help",
    },
    Binding {
        name: "cancel",
        keys: &[(KeyCode::Esc, NONE)],
        scope: Scope::Everywhere,
        action: Action::Cancel,
        help: "close the overlay / clear the link selection",
    },
    Binding {
        name: "quit",
        keys: &[(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::Quit,
        help: "quit",
    },
    Binding {
        name: "copy",
        keys: &[(KeyCode::Char('y'), NONE)],
        scope: Scope::Everywhere,
        action: Action::Copy,
        help: "copy where the selected link leads (URL, path), else the page's path",
    },
    Binding {
        name: "copy-wikilink",
        keys: &[(KeyCode::Char('Y'), NONE), (KeyCode::Char('Y'), SHIFT)],
        scope: Scope::Everywhere,
        action: Action::CopyWikilink,
        help: "copy a [[wikilink]] to the page",
    },
    Binding {
        name: "edit",
        keys: &[(KeyCode::Char('e'), NONE)],
        scope: Scope::Everywhere,
        action: Action::Edit,
        help: "edit the note in $VISUAL / $EDITOR, at the line shown",
    },
    Binding {
        name: "reload",
        keys: &[(KeyCode::Char('r'), NONE)],
        scope: Scope::Everywhere,
        action: Action::Reload,
        help: "read the vault again from disk, keeping the place",
    },
    Binding {
        name: "redraw",
        keys: &[(KeyCode::Char('l'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::Redraw,
        help: "draw the whole screen anew",
    },
    Binding {
        name: "suspend",
        keys: &[(KeyCode::Char('z'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::Suspend,
        help: "suspend to the shell (`fg` comes back)",
    },
    Binding {
        name: "quick-open",
        keys: &[(KeyCode::Char('/'), NONE)],
        scope: Scope::Lists,
        action: Action::QuickOpen,
        help: "quick open: jump to a note or topic by name",
    },
    Binding {
        name: "quick-open-anywhere",
        keys: &[(KeyCode::Char('p'), CTRL)],
        scope: Scope::Everywhere,
        action: Action::QuickOpen,
        help: "quick open, from anywhere",
    },
    Binding {
        name: "text-search",
        keys: &[
            (KeyCode::Char('f'), CTRL),
            (KeyCode::Char('F'), SHIFT),
            (KeyCode::Char('F'), NONE),
        ],
        scope: Scope::Everywhere,
        action: Action::TextSearch,
        help: "search the text of every note",
    },
    Binding {
        name: "find",
        keys: &[(KeyCode::Char('/'), NONE)],
        scope: Scope::Reader,
        action: Action::FindInNote,
        help: "find in this note",
    },
    Binding {
        name: "next-match",
        keys: &[(KeyCode::Char('n'), NONE)],
        scope: Scope::Everywhere,
        action: Action::NextMatch,
        help: "next match (then the next note of a search)",
    },
    Binding {
        name: "prev-match",
        keys: &[(KeyCode::Char('N'), SHIFT), (KeyCode::Char('N'), NONE)],
        scope: Scope::Everywhere,
        action: Action::PrevMatch,
        help: "previous match",
    },
    Binding {
        name: "prompt-down",
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('n'), CTRL)],
        scope: Scope::Prompt,
        action: Action::Down,
        help: "next result; past the last, a newer query from the history",
    },
    Binding {
        name: "prompt-up",
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('p'), CTRL)],
        scope: Scope::Prompt,
        action: Action::Up,
        help: "previous result; above the first, an older query from the history",
    },
    Binding {
        name: "prompt-page-down",
        keys: &[(KeyCode::PageDown, NONE)],
        scope: Scope::Prompt,
        action: Action::PageDown,
        help: "a page of results down",
    },
    Binding {
        name: "prompt-page-up",
        keys: &[(KeyCode::PageUp, NONE)],
        scope: Scope::Prompt,
        action: Action::PageUp,
        help: "a page of results up",
    },
    Binding {
        name: "prompt-open",
        keys: &[(KeyCode::Enter, NONE)],
        scope: Scope::Prompt,
        action: Action::Open,
        help: "open the result / keep the matches",
    },
    Binding {
        name: "prompt-left",
        keys: &[(KeyCode::Left, NONE), (KeyCode::Char('b'), CTRL)],
        scope: Scope::Prompt,
        action: Action::CursorLeft,
        help: "move the cursor a character left",
    },
    Binding {
        name: "prompt-right",
        keys: &[(KeyCode::Right, NONE), (KeyCode::Char('f'), CTRL)],
        scope: Scope::Prompt,
        action: Action::CursorRight,
        help: "move the cursor a character right",
    },
    Binding {
        name: "prompt-start",
        keys: &[(KeyCode::Home, NONE), (KeyCode::Char('a'), CTRL)],
        scope: Scope::Prompt,
        action: Action::CursorStart,
        help: "move the cursor to the start of the line",
    },
    Binding {
        name: "prompt-end",
        keys: &[(KeyCode::End, NONE), (KeyCode::Char('e'), CTRL)],
        scope: Scope::Prompt,
        action: Action::CursorEnd,
        help: "move the cursor to the end of the line",
    },
    Binding {
        name: "prompt-delete",
        keys: &[(KeyCode::Backspace, NONE)],
        scope: Scope::Prompt,
        action: Action::DeleteChar,
        help: "delete the character before the cursor",
    },
    Binding {
        name: "prompt-delete-forward",
        keys: &[(KeyCode::Delete, NONE), (KeyCode::Char('d'), CTRL)],
        scope: Scope::Prompt,
        action: Action::DeleteForward,
        help: "delete the character under the cursor",
    },
    Binding {
        name: "prompt-delete-word",
        keys: &[(KeyCode::Char('w'), CTRL)],
        scope: Scope::Prompt,
        action: Action::DeleteWord,
        help: "delete the word before the cursor",
    },
    Binding {
        name: "prompt-clear",
        keys: &[(KeyCode::Char('u'), CTRL)],
        scope: Scope::Prompt,
        action: Action::ClearInput,
        help: "delete everything before the cursor",
    },
    Binding {
        name: "prompt-kill-end",
        keys: &[(KeyCode::Char('k'), CTRL)],
        scope: Scope::Prompt,
        action: Action::KillEnd,
        help: "delete everything from the cursor on",
    },
    Binding {
        name: "prompt-cancel",
        keys: &[(KeyCode::Esc, NONE)],
        scope: Scope::Prompt,
        action: Action::Cancel,
        help: "close the prompt",
    },
    Binding {
        name: "prompt-quit",
        keys: &[(KeyCode::Char('c'), CTRL)],
        scope: Scope::Prompt,
        action: Action::Quit,
        help: "quit",
    },
];

/// The keys in force: the default table with the user's bindings laid over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    rows: Vec<Row>,
}

/// One row of the table in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub scope: Scope,
    pub action: Action,
    pub help: &'static str,
}

impl Row {
    /// The keys as people write them (`j ↓`, `Ctrl-d`).
    pub fn label(&self) -> String {
        let mut shown: Vec<String> = Vec::new();
        for key in &self.keys {
            let k = key_name(*key);
            if !shown.contains(&k) {
                shown.push(k);
            }
        }
        if shown.is_empty() {
            "(none)".to_string()
        } else {
            shown.join(" ")
        }
    }
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            rows: BINDINGS
                .iter()
                .map(|b| Row {
                    name: b.name,
                    keys: b.keys.to_vec(),
                    scope: b.scope,
                    action: b.action.clone(),
                    help: b.help,
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with `bindings` (row name → keys, as the config file's `[keys]` table
    /// gives them) laid over them. A key bound here is taken from any default row it would
    /// clash with. What cannot be taken (an unknown row, a key that does not parse, one key
    /// given to two rows) is left out and said, one message each.
    pub fn with(bindings: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        // Each key the user bound, and the row it went to.
        let mut claimed: Vec<(Key, usize)> = Vec::new();
        for (name, keys) in bindings {
            let Some(at) = map.rows.iter().position(|r| r.name == name) else {
                problems.push(format!(
                    "[keys] {name}: no such action (`trail config` lists them)"
                ));
                continue;
            };
            let mut parsed = Vec::new();
            for text in keys {
                match parse_key(text) {
                    Ok(key) => {
                        let scope = map.rows[at].scope;
                        // The same key twice in one row (`H` and `shift-h`) is one key.
                        if claimed.iter().any(|&(k, r)| r == at && same_key(k, key)) {
                            continue;
                        }
                        if let Some((_, other)) = claimed
                            .iter()
                            .find(|(k, r)| same_key(*k, key) && map.rows[*r].scope.overlaps(scope))
                        {
                            problems.push(format!(
                                "[keys] {name}: \"{text}\" is already bound to {}",
                                map.rows[*other].name
                            ));
                            continue;
                        }
                        claimed.push((key, at));
                        parsed.push(key);
                    }
                    Err(e) => problems.push(format!("[keys] {name}: \"{text}\": {e}")),
                }
            }
            map.rows[at].keys = parsed;
        }
        // The defaults give up the keys the user took.
        for (key, owner) in &claimed {
            let scope = map.rows[*owner].scope;
            for (i, row) in map.rows.iter_mut().enumerate() {
                if i != *owner && row.scope.overlaps(scope) && !bindings.contains_key(row.name) {
                    row.keys.retain(|k| !same_key(*k, *key));
                }
            }
        }
        (map, problems)
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The action for a key press with the given pane focused, or with a prompt open (where
    /// printable keys type). Releases are ignored (some terminals report both press and
    /// release).
    pub fn action_for(&self, key: KeyEvent, focus: Focus, prompt: bool) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let found = self
            .rows
            .iter()
            .filter(|b| match b.scope {
                Scope::Prompt => prompt,
                _ if prompt => false,
                Scope::Everywhere => true,
                Scope::Reader => focus == Focus::Reader,
                Scope::Lists => focus != Focus::Reader,
            })
            .find(|b| b.keys.iter().any(|&(code, m)| matches(key, code, m)))
            .map(|b| b.action.clone());
        if found.is_none()
            && prompt
            && let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Action::Input(c));
        }
        found
    }
}

/// The action for a key press under the default keys.
pub fn action_for(key: KeyEvent, focus: Focus, prompt: bool) -> Option<Action> {
    Keymap::default().action_for(key, focus, prompt)
}

/// Do two keys mean the same press (Shift aside on letters that carry it)?
fn same_key(a: Key, b: Key) -> bool {
    let press = KeyEvent::new(a.0, a.1);
    matches(press, b.0, b.1)
}

/// Does a key event match a table entry? Shift arrives with upper-case letters and symbols on
/// some terminals and not on others, so it is only compared for keys where it can differ.
fn matches(key: KeyEvent, code: KeyCode, m: KeyModifiers) -> bool {
    if key.code != code {
        return false;
    }
    let want = m - KeyModifiers::SHIFT;
    let have = key.modifiers - KeyModifiers::SHIFT;
    if want != have {
        return false;
    }
    match code {
        KeyCode::Char(c) if !c.is_ascii_lowercase() => true,
        KeyCode::BackTab => true,
        _ => m.contains(KeyModifiers::SHIFT) == key.modifiers.contains(KeyModifiers::SHIFT),
    }
}

/// A key as people write it: `j`, `↓`, `Ctrl-d`, `Shift-Tab`.
pub fn key_name((code, m): Key) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::BackTab => return "Shift-Tab".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if m.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if m.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    if m.contains(KeyModifiers::SHIFT) && !matches!(code, KeyCode::Char(_)) {
        out.push_str("Shift-");
    }
    out.push_str(&base);
    out
}

/// A key in the config file's spelling, which [`parse_key`] reads back: `j`, `down`,
/// `ctrl-d`, `shift-tab`.
pub fn key_config_name((code, m): Key) -> String {
    let base = match code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => return "shift-tab".into(),
        KeyCode::F(n) => format!("f{n}"),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::PageUp => "pageup".into(),
        other => format!("{other:?}").to_ascii_lowercase(),
    };
    let mut out = String::new();
    if m.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl-");
    }
    if m.contains(KeyModifiers::ALT) {
        out.push_str("alt-");
    }
    if m.contains(KeyModifiers::SHIFT) && !matches!(code, KeyCode::Char(_)) {
        out.push_str("shift-");
    }
    out.push_str(&base);
    out
}

/// A key as the config file writes it: a character (`j`, `G`, `?`), a name (`enter`, `esc`,
/// `tab`, `space`, `backspace`, `delete`, `up`, `down`, `left`, `right`, `home`, `end`,
/// `pageup`, `pagedown`, `f1`…`f12`), with `ctrl-`, `alt-` or `shift-` before it.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut m = KeyModifiers::NONE;
    let mut rest = text.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let (prefix, flag) = if lower.starts_with("ctrl-") {
            ("ctrl-", KeyModifiers::CONTROL)
        } else if lower.starts_with("alt-") {
            ("alt-", KeyModifiers::ALT)
        } else if lower.starts_with("shift-") {
            ("shift-", KeyModifiers::SHIFT)
        } else {
            break;
        };
        m |= flag;
        rest = &rest[prefix.len()..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err("no key named".into()),
        (Some(c), None) if m.contains(KeyModifiers::SHIFT) => {
            m -= KeyModifiers::SHIFT;
            KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
        }
        (Some(c), None) => KeyCode::Char(if m.contains(KeyModifiers::CONTROL) {
            c.to_ascii_lowercase()
        } else {
            c
        }),
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if m.contains(KeyModifiers::SHIFT) => {
                m -= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            f if f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                return Err(
                    "not a key: write one character, or a name such as enter, esc, tab, space, up, pagedown, f1, with ctrl-, alt- or shift- before it".into(),
                );
            }
        },
    };
    Ok((code, m))
}

/// The default key table as markdown, for `docs/keys.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Keys\n\nEvery key in the reader, as it is without a config file. This page is generated from\n\
         the table in `src/keymap.rs` (the same table the `?` overlay shows, with the config's\n\
         bindings laid over it); `cargo test` fails when they differ, and\n\
         `UPDATE_KEYS_DOC=1 cargo test --test keys` rewrites it. `trail keys` prints the keys in\n\
         force, with the config's bindings.\n\n\
         The **Name** is what the config file's `[keys]` table calls the row, to bind other keys\n\
         to it (see the README).\n\n",
    );
    out.push_str(&table(&Keymap::default()));
    out
}

/// A key table as markdown, with the mouse's: the body of `docs/keys.md` for the defaults,
/// and what `trail keys` prints for the keys in force.
pub fn table(map: &Keymap) -> String {
    let mut out = String::from("| Keys | Where | What it does | Name |\n|---|---|---|---|\n");
    for row in map.rows() {
        let scope = match row.scope {
            Scope::Everywhere => "anywhere",
            Scope::Reader => "reader",
            Scope::Lists => "list, side pane",
            Scope::Prompt => "search prompt",
        };
        let keys = row
            .label()
            .split(' ')
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(out, "| {keys} | {scope} | {} | `{}` |", row.help, row.name);
    }
    out.push_str(
        "\n## Mouse\n\n| Action | What it does |\n|---|---|\n\
         | click in the list or side pane | select and open |\n\
         | click a link in the reader | follow it |\n\
         | wheel | scroll the pane under the pointer |\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn tab_steps_links_in_reader_and_moves_focus_elsewhere() {
        assert_eq!(
            action_for(key(KeyCode::Tab, NONE), Focus::Reader, false),
            Some(Action::NextLink)
        );
        assert_eq!(
            action_for(key(KeyCode::Tab, NONE), Focus::List, false),
            Some(Action::FocusRight)
        );
    }

    #[test]
    fn capital_letters_work_with_or_without_shift_reported() {
        assert_eq!(
            action_for(key(KeyCode::Char('G'), SHIFT), Focus::List, false),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('G'), NONE), Focus::List, false),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('?'), SHIFT), Focus::List, false),
            Some(Action::Help)
        );
    }

    #[test]
    fn ctrl_matters() {
        assert_eq!(
            action_for(key(KeyCode::Char('d'), CTRL), Focus::Reader, false),
            Some(Action::HalfDown)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('d'), NONE), Focus::Reader, false),
            None
        );
        assert_eq!(
            action_for(key(KeyCode::Char('c'), CTRL), Focus::Reader, false),
            Some(Action::Quit)
        );
    }

    #[test]
    fn prompt_types_letters_and_keeps_its_keys() {
        assert_eq!(
            action_for(key(KeyCode::Char('q'), NONE), Focus::List, true),
            Some(Action::Input('q'))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('Q'), SHIFT), Focus::List, true),
            Some(Action::Input('Q'))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('n'), CTRL), Focus::List, true),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(key(KeyCode::Esc, NONE), Focus::List, true),
            Some(Action::Cancel)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('/'), NONE), Focus::List, false),
            Some(Action::QuickOpen)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('/'), NONE), Focus::Reader, false),
            Some(Action::FindInNote)
        );
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = key(KeyCode::Char('q'), NONE);
        k.kind = KeyEventKind::Release;
        assert_eq!(action_for(k, Focus::List, false), None);
    }

    fn bind(pairs: &[(&str, &[&str])]) -> (Keymap, Vec<String>) {
        let map: BTreeMap<String, Vec<String>> = pairs
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_string(),
                    v.iter().map(|s| (*s).to_string()).collect(),
                )
            })
            .collect();
        Keymap::with(&map)
    }

    #[test]
    fn keys_parse_as_people_write_them() {
        assert_eq!(parse_key("j"), Ok((KeyCode::Char('j'), NONE)));
        assert_eq!(parse_key("ctrl-D"), Ok((KeyCode::Char('d'), CTRL)));
        assert_eq!(parse_key("shift-g"), Ok((KeyCode::Char('G'), NONE)));
        assert_eq!(parse_key("shift-tab"), Ok((KeyCode::BackTab, NONE)));
        assert_eq!(parse_key("PageDown"), Ok((KeyCode::PageDown, NONE)));
        assert_eq!(parse_key("alt-f5"), Ok((KeyCode::F(5), KeyModifiers::ALT)));
        assert_eq!(parse_key("-"), Ok((KeyCode::Char('-'), NONE)));
        assert!(parse_key("ctrl-").is_err());
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("f13").is_err());
    }

    #[test]
    fn the_defaults_bind_no_key_twice() {
        let (map, problems) = bind(&[]);
        assert!(problems.is_empty());
        for (i, a) in map.rows().iter().enumerate() {
            for b in &map.rows()[i + 1..] {
                if !a.scope.overlaps(b.scope) {
                    continue;
                }
                for k in &a.keys {
                    assert!(
                        !b.keys.iter().any(|o| same_key(*k, *o)),
                        "{} and {} share {}",
                        a.name,
                        b.name,
                        key_name(*k)
                    );
                }
            }
        }
    }

    #[test]
    fn a_binding_replaces_the_keys_of_its_row_and_takes_them_from_others() {
        let (map, problems) = bind(&[("quit", &["x"]), ("down", &["q", "j"])]);
        assert!(problems.is_empty(), "{problems:?}");
        let press = |c| map.action_for(key(KeyCode::Char(c), NONE), Focus::List, false);
        assert_eq!(press('x'), Some(Action::Quit));
        assert_eq!(press('q'), Some(Action::Down));
        assert_eq!(press('k'), Some(Action::Up));
        let help = map.rows().iter().find(|r| r.name == "quit").map(Row::label);
        assert_eq!(help.as_deref(), Some("x"));
    }

    #[test]
    fn unknown_actions_bad_keys_and_clashes_are_reported() {
        let (map, problems) = bind(&[
            ("fly", &["f"]),
            ("up", &["ctrl-"]),
            ("help", &["x"]),
            ("quit", &["x", "Q"]),
        ]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("fly") && problems[0].contains("no such action"));
        assert!(problems.iter().any(|p| p.contains("already bound to help")));
        assert!(problems.iter().any(|p| p.contains("\"ctrl-\"")));
        assert_eq!(
            map.action_for(key(KeyCode::Char('Q'), SHIFT), Focus::List, false),
            Some(Action::Quit)
        );
    }
}
