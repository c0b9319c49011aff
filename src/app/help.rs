//! The `?` overlay's text: the keys in force, by where they work, wrapped to the overlay's
//! width at word boundaries, then the legend of link colours. Built here, from the keymap,
//! so that the app can bound the overlay's scroll and the view only draws.

use crate::keymap::{Keymap, Scope};
use crate::text::str_width;
use crate::text::wrap;

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A heading: where the keys below work.
    Section(&'static str),
    /// Keys (empty on a continuation line) and what they do.
    Row {
        keys: String,
        text: String,
    },
    /// The legend of what link colours mean.
    Legend,
    Blank,
}

/// The widest key column; longer key lists get a line of their own.
const MAX_KEY_COLUMN: usize = 16;

/// The help for `keys`, for an overlay `width` columns wide inside its border.
pub fn lines(keys: &Keymap, width: usize) -> Vec<HelpLine> {
    let sections = [
        (Scope::Everywhere, "Anywhere"),
        (Scope::Reader, "In the reader"),
        (Scope::Lists, "In the list and the side pane"),
        (Scope::Prompt, "In a search prompt"),
    ];
    let key_w = key_column(keys);
    // One space before the keys, two after.
    let text_w = width.saturating_sub(key_w + 3).max(10);
    let mut out = Vec::new();
    for (scope, title) in sections {
        out.push(HelpLine::Section(title));
        for row in keys.rows().iter().filter(|r| r.scope == scope) {
            let label = row.label();
            let mut wrapped = wrap(row.help, text_w).into_iter();
            if str_width(&label) > key_w {
                out.push(HelpLine::Row {
                    keys: label,
                    text: String::new(),
                });
            } else {
                out.push(HelpLine::Row {
                    keys: label,
                    text: wrapped.next().unwrap_or_default(),
                });
            }
            out.extend(wrapped.map(|text| HelpLine::Row {
                keys: String::new(),
                text,
            }));
        }
        out.push(HelpLine::Blank);
    }
    out.push(HelpLine::Section("Links"));
    out.push(HelpLine::Legend);
    out.push(HelpLine::Blank);
    out.push(HelpLine::Section("Mouse"));
    for text in wrap(
        "click to open or follow, the wheel scrolls the pane under the pointer",
        width.saturating_sub(2).max(10),
    ) {
        out.push(HelpLine::Row {
            keys: String::new(),
            text,
        });
    }
    out
}

/// The width of the key column in [`lines`]' rows.
pub fn key_column(keys: &Keymap) -> usize {
    keys.rows()
        .iter()
        .map(|r| str_width(&r.label()))
        .filter(|w| *w <= MAX_KEY_COLUMN)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_cuts_a_word() {
        let lines = wrap("select the previous link in the note", 12);
        assert_eq!(lines, ["select the", "previous", "link in the", "note"]);
    }

    #[test]
    fn every_row_of_the_keymap_is_in_the_help() {
        let keys = Keymap::default();
        let help = lines(&keys, 60);
        for row in keys.rows() {
            assert!(
                help.contains(&HelpLine::Row {
                    keys: row.label(),
                    text: wrap(row.help, 60 - key_column(&keys) - 3)
                        .first()
                        .cloned()
                        .unwrap_or_default(),
                }) || help.iter().any(
                    |l| matches!(l, HelpLine::Row { keys, text } if *keys == row.label() && text.is_empty())
                ),
                "{}",
                row.name
            );
        }
    }
}
