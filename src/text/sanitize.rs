//! Neutralising text before it reaches a terminal: control characters, escape sequences
//! and bidi overrides become visible placeholders.

use std::borrow::Cow;

/// Is `c` a character that must never reach a terminal as it is?
///
/// C0 controls (but for tab and newline, which callers handle), DEL, C1 controls, and the bidi
/// embedding, override and isolate characters (which can reorder what a reader sees, the
/// "trojan source" trick).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'
        | '\u{061c}')
}

/// The visible stand-in for an unsafe character: the Unicode "control picture" for C0
/// controls (`␛` for ESC), and `�` for the rest.
fn placeholder(c: char) -> char {
    let n = c as u32;
    if n < 0x20 {
        char::from_u32(0x2400 + n).unwrap_or('\u{fffd}')
    } else if n == 0x7f {
        '\u{2421}'
    } else {
        '\u{fffd}'
    }
}

/// One line of untrusted text made safe for a terminal: unsafe characters become visible
/// placeholders, tabs become a space and line breaks become `␤`-free spaces.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_unsafe_char(c) || c == '\t' || c == '\n' || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' => ' ',
                c if is_unsafe_char(c) || c == '\r' => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    case!(
        clean_line_shows_escape_as_picture,
        clean_line,
        "a\x1b[2Jb",
        "a\u{241b}[2Jb"
    );
    case!(
        clean_line_drops_bidi_override,
        clean_line,
        "a\u{202e}b",
        "a\u{fffd}b"
    );
    case!(
        clean_line_shows_c1_control,
        clean_line,
        "a\u{9b}b",
        "a\u{fffd}b"
    );
    case!(clean_line_turns_tab_into_space, clean_line, "a\tb", "a b");
    case!(
        clean_line_keeps_plain_unicode,
        clean_line,
        "café 中文 🚀",
        "café 中文 🚀"
    );
}
