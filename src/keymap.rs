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
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
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
];

/// The action for a key press with the given pane focused. Releases and repeats of
/// non-movement keys are ignored (some terminals report both press and release).
pub fn action_for(key: KeyEvent, focus: Focus) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Shift arrives with upper-case letters on some terminals and not on others.
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let shifted = key.modifiers.contains(KeyModifiers::SHIFT);
    BINDINGS
        .iter()
        .filter(|b| match b.scope {
            Scope::Everywhere => true,
            Scope::Reader => focus == Focus::Reader,
            Scope::Lists => focus != Focus::Reader,
        })
        .find(|b| {
            b.keys.iter().any(|(code, m)| {
                *code == key.code
                    && (*m - KeyModifiers::SHIFT == mods)
                    && (m.contains(KeyModifiers::SHIFT) == shifted
                        || matches!(code, KeyCode::Char(c) if !c.is_ascii_lowercase()))
            })
        })
        .map(|b| b.action)
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
            action_for(key(KeyCode::Tab, NONE), Focus::Reader),
            Some(Action::NextLink)
        );
        assert_eq!(
            action_for(key(KeyCode::Tab, NONE), Focus::List),
            Some(Action::FocusRight)
        );
    }

    #[test]
    fn capital_letters_work_with_or_without_shift_reported() {
        assert_eq!(
            action_for(key(KeyCode::Char('G'), SHIFT), Focus::List),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('G'), NONE), Focus::List),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('?'), SHIFT), Focus::List),
            Some(Action::Help)
        );
    }

    #[test]
    fn ctrl_matters() {
        assert_eq!(
            action_for(key(KeyCode::Char('d'), CTRL), Focus::Reader),
            Some(Action::HalfDown)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('d'), NONE), Focus::Reader),
            None
        );
        assert_eq!(
            action_for(key(KeyCode::Char('c'), CTRL), Focus::Reader),
            Some(Action::Quit)
        );
    }

    #[test]
    fn releases_are_ignored() {
        let mut k = key(KeyCode::Char('q'), NONE);
        k.kind = KeyEventKind::Release;
        assert_eq!(action_for(k, Focus::List), None);
    }
}
