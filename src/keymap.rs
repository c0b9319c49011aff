//! What each key means, in one table. The event loop asks [`action_for`]; the `?` overlay and
//! `docs/keys.md` are both generated from [`BINDINGS`], so they cannot drift apart.

use crate::app::{Action, Focus};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
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

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written for people.
    pub label: &'static str,
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
        keys: &[(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)],
        label: "j ↓",
        scope: Scope::Everywhere,
        action: Action::Down,
        help: "move down / scroll down",
    },
    Binding {
        keys: &[(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)],
        label: "k ↑",
        scope: Scope::Everywhere,
        action: Action::Up,
        help: "move up / scroll up",
    },
    Binding {
        keys: &[(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)],
        label: "g Home",
        scope: Scope::Everywhere,
        action: Action::Top,
        help: "go to the top",
    },
    Binding {
        keys: &[
            (KeyCode::Char('G'), SHIFT),
            (KeyCode::Char('G'), NONE),
            (KeyCode::End, NONE),
        ],
        label: "G End",
        scope: Scope::Everywhere,
        action: Action::Bottom,
        help: "go to the bottom",
    },
    Binding {
        keys: &[(KeyCode::Char('d'), CTRL)],
        label: "Ctrl-d",
        scope: Scope::Everywhere,
        action: Action::HalfDown,
        help: "half a page down",
    },
    Binding {
        keys: &[(KeyCode::Char('u'), CTRL)],
        label: "Ctrl-u",
        scope: Scope::Everywhere,
        action: Action::HalfUp,
        help: "half a page up",
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE), (KeyCode::Char(' '), NONE)],
        label: "PgDn Space",
        scope: Scope::Everywhere,
        action: Action::PageDown,
        help: "a page down",
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        label: "PgUp",
        scope: Scope::Everywhere,
        action: Action::PageUp,
        help: "a page up",
    },
    Binding {
        keys: &[(KeyCode::Char('h'), NONE), (KeyCode::Left, NONE)],
        label: "h ←",
        scope: Scope::Everywhere,
        action: Action::FocusLeft,
        help: "focus the pane to the left",
    },
    Binding {
        keys: &[(KeyCode::Char('l'), NONE), (KeyCode::Right, NONE)],
        label: "l →",
        scope: Scope::Everywhere,
        action: Action::FocusRight,
        help: "focus the pane to the right",
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        scope: Scope::Reader,
        action: Action::NextLink,
        help: "select the next link in the note",
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "Shift-Tab",
        scope: Scope::Reader,
        action: Action::PrevLink,
        help: "select the previous link in the note",
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        label: "Tab",
        scope: Scope::Lists,
        action: Action::FocusRight,
        help: "focus the next pane",
    },
    Binding {
        keys: &[(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        label: "Shift-Tab",
        scope: Scope::Lists,
        action: Action::FocusLeft,
        help: "focus the previous pane",
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        scope: Scope::Everywhere,
        action: Action::Open,
        help: "open the selection / follow the selected link",
    },
    Binding {
        keys: &[
            (KeyCode::Backspace, NONE),
            (KeyCode::Char('H'), SHIFT),
            (KeyCode::Char('H'), NONE),
        ],
        label: "Backspace H",
        scope: Scope::Everywhere,
        action: Action::Back,
        help: "back to the previous note",
    },
    Binding {
        keys: &[(KeyCode::Char('L'), SHIFT), (KeyCode::Char('L'), NONE)],
        label: "L",
        scope: Scope::Everywhere,
        action: Action::Forward,
        help: "forward again",
    },
    Binding {
        keys: &[(KeyCode::Char('s'), NONE)],
        label: "s",
        scope: Scope::Everywhere,
        action: Action::CycleSort,
        help: "sort the list by title, path or most linked",
    },
    Binding {
        keys: &[(KeyCode::Char('o'), NONE)],
        label: "o",
        scope: Scope::Everywhere,
        action: Action::ToggleOutgoing,
        help: "side pane: backlinks or outgoing links",
    },
    Binding {
        keys: &[(KeyCode::Char('b'), NONE)],
        label: "b",
        scope: Scope::Everywhere,
        action: Action::ToggleSide,
        help: "show or hide the side pane",
    },
    Binding {
        keys: &[(KeyCode::Char('w'), NONE)],
        label: "w",
        scope: Scope::Everywhere,
        action: Action::Warnings,
        help: "show the files that loaded with warnings",
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        label: "?",
        scope: Scope::Everywhere,
        action: Action::Help,
        help: "show this help",
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        scope: Scope::Everywhere,
        action: Action::Cancel,
        help: "close the overlay / clear the link selection",
    },
    Binding {
        keys: &[(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        label: "q Ctrl-c",
        scope: Scope::Everywhere,
        action: Action::Quit,
        help: "quit",
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE)],
        label: "e",
        scope: Scope::Everywhere,
        action: Action::Edit,
        help: "edit the note in $VISUAL / $EDITOR, at the line shown",
    },
    Binding {
        keys: &[(KeyCode::Char('r'), NONE)],
        label: "r",
        scope: Scope::Everywhere,
        action: Action::Reload,
        help: "read the vault again from disk, keeping the place",
    },
    Binding {
        keys: &[(KeyCode::Char('l'), CTRL)],
        label: "Ctrl-l",
        scope: Scope::Everywhere,
        action: Action::Redraw,
        help: "draw the whole screen anew",
    },
    Binding {
        keys: &[(KeyCode::Char('z'), CTRL)],
        label: "Ctrl-z",
        scope: Scope::Everywhere,
        action: Action::Suspend,
        help: "suspend to the shell (`fg` comes back)",
    },
    Binding {
        keys: &[(KeyCode::Char('/'), NONE)],
        label: "/",
        scope: Scope::Lists,
        action: Action::QuickOpen,
        help: "quick open: jump to a note or topic by name",
    },
    Binding {
        keys: &[(KeyCode::Char('p'), CTRL)],
        label: "Ctrl-p",
        scope: Scope::Everywhere,
        action: Action::QuickOpen,
        help: "quick open, from anywhere",
    },
    Binding {
        keys: &[
            (KeyCode::Char('f'), CTRL),
            (KeyCode::Char('F'), SHIFT),
            (KeyCode::Char('F'), NONE),
        ],
        label: "Ctrl-f F",
        scope: Scope::Everywhere,
        action: Action::TextSearch,
        help: "search the text of every note",
    },
    Binding {
        keys: &[(KeyCode::Char('/'), NONE)],
        label: "/",
        scope: Scope::Reader,
        action: Action::FindInNote,
        help: "find in this note",
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE)],
        label: "n",
        scope: Scope::Everywhere,
        action: Action::NextMatch,
        help: "next match (then the next note of a search)",
    },
    Binding {
        keys: &[(KeyCode::Char('N'), SHIFT), (KeyCode::Char('N'), NONE)],
        label: "N",
        scope: Scope::Everywhere,
        action: Action::PrevMatch,
        help: "previous match",
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('n'), CTRL)],
        label: "↓ Ctrl-n",
        scope: Scope::Prompt,
        action: Action::Down,
        help: "next result",
    },
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('p'), CTRL)],
        label: "↑ Ctrl-p",
        scope: Scope::Prompt,
        action: Action::Up,
        help: "previous result",
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        label: "PgDn",
        scope: Scope::Prompt,
        action: Action::PageDown,
        help: "a page of results down",
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        label: "PgUp",
        scope: Scope::Prompt,
        action: Action::PageUp,
        help: "a page of results up",
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        scope: Scope::Prompt,
        action: Action::Open,
        help: "open the result / keep the matches",
    },
    Binding {
        keys: &[(KeyCode::Backspace, NONE)],
        label: "Backspace",
        scope: Scope::Prompt,
        action: Action::DeleteChar,
        help: "delete a character",
    },
    Binding {
        keys: &[(KeyCode::Char('w'), CTRL)],
        label: "Ctrl-w",
        scope: Scope::Prompt,
        action: Action::DeleteWord,
        help: "delete the last word",
    },
    Binding {
        keys: &[(KeyCode::Char('u'), CTRL)],
        label: "Ctrl-u",
        scope: Scope::Prompt,
        action: Action::ClearInput,
        help: "delete the whole input",
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        label: "Esc",
        scope: Scope::Prompt,
        action: Action::Cancel,
        help: "close the prompt",
    },
    Binding {
        keys: &[(KeyCode::Char('c'), CTRL)],
        label: "Ctrl-c",
        scope: Scope::Prompt,
        action: Action::Quit,
        help: "quit",
    },
];

/// The action for a key press with the given pane focused, or with a prompt open (where
/// printable keys type). Releases are ignored (some terminals report both press and release).
pub fn action_for(key: KeyEvent, focus: Focus, prompt: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let found = BINDINGS
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
        _ => m.contains(KeyModifiers::SHIFT) == key.modifiers.contains(KeyModifiers::SHIFT),
    }
}

/// The key table as markdown, for `docs/keys.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Keys\n\nEvery key in the reader. This page is generated from the table in `src/keymap.rs`\n\
         (the same table the `?` overlay shows); `cargo test` fails when they differ, and\n\
         `UPDATE_KEYS_DOC=1 cargo test --test keys` rewrites it.\n\n| Keys | Where | What it does |\n|---|---|---|\n",
    );
    for b in BINDINGS {
        let scope = match b.scope {
            Scope::Everywhere => "anywhere",
            Scope::Reader => "reader",
            Scope::Lists => "list, side pane",
            Scope::Prompt => "search prompt",
        };
        let keys = b
            .label
            .split(' ')
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(out, "| {keys} | {scope} | {} |", b.help);
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
}
