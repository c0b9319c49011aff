//! How many columns text takes on a terminal, one grapheme cluster at a time.
//!
//! Text is laid out by grapheme cluster (a letter with its marks, a conjunct, an emoji
//! sequence), never by `char`, so that no cluster is split across two lines or two cells.
//! A cluster's width is the one terminals draw it at, which is not always the one Unicode's
//! tables give the whole cluster:
//!
//! - Terminals (xterm, VTE, alacritty, tmux) advance the cursor per code point: a spacing
//!   vowel sign such as Bengali `া` (U+09BE) takes a column of its own even though it joins
//!   the consonant before it in one cluster. `unicode-width` counts the few spacing marks
//!   that are also grapheme extenders as zero; those are counted as one here
//!   ([`SPACING_EXTENDERS`]). Combining marks (`◌্`, `◌ি` above or below) take none.
//! - Emoji sequences (joined with ZWJ, flags, skin tones, `VS16` presentation) are drawn as
//!   one picture two columns wide by the terminals that join them, and that is the width
//!   `unicode-width` gives; it is taken as it is.
//!
//! The view writes every cluster into one cell and tells the terminal backend the width it
//! used, so that what the buffer holds and what the terminal shows agree column for column.

use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Spacing combining marks (general category Mc) that Unicode also lists as grapheme
/// extenders (`Other_Grapheme_Extend`): `unicode-width` gives them no width, terminals one
/// column. Sorted, for a binary search.
const SPACING_EXTENDERS: [char; 27] = [
    '\u{09BE}',
    '\u{09D7}',
    '\u{0B3E}',
    '\u{0B57}',
    '\u{0BBE}',
    '\u{0BD7}',
    '\u{0CC0}',
    '\u{0CC2}',
    '\u{0CC7}',
    '\u{0CC8}',
    '\u{0CCA}',
    '\u{0CCB}',
    '\u{0CD5}',
    '\u{0CD6}',
    '\u{0D3E}',
    '\u{0D57}',
    '\u{0DCF}',
    '\u{0DDF}',
    '\u{1B35}',
    '\u{302E}',
    '\u{302F}',
    '\u{1133E}',
    '\u{11357}',
    '\u{114B0}',
    '\u{114BD}',
    '\u{115AF}',
    '\u{11930}',
];

/// Is this cluster an emoji picture (drawn two columns wide by terminals that join it)?
fn is_emoji_sequence(g: &str) -> bool {
    g.chars().any(|c| {
        matches!(c,
            '\u{200D}' | '\u{FE0F}' | '\u{20E3}'
            | '\u{1F1E6}'..='\u{1F1FF}'   // regional indicators (flags)
            | '\u{1F3FB}'..='\u{1F3FF}') // skin tones
    }) && g.chars().count() > 1
}

/// The columns one grapheme cluster takes on a terminal. Control characters take none
/// (they never reach a terminal: see [`super::sanitize`]).
pub fn cluster_width(g: &str) -> usize {
    let bytes = g.as_bytes();
    if bytes.len() == 1 {
        return usize::from(bytes[0] >= 0x20 && bytes[0] != 0x7f);
    }
    if is_emoji_sequence(g) {
        return g.width();
    }
    g.chars()
        .map(|c| match c.width() {
            Some(0) if SPACING_EXTENDERS.binary_search(&c).is_ok() => 1,
            Some(w) => w,
            None => 0,
        })
        .sum()
}

/// The columns `s` takes: the sum of its clusters'.
pub fn str_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|&b| b >= 0x20 && b != 0x7f).count();
    }
    s.graphemes(true).map(cluster_width).sum()
}

/// The grapheme clusters of `s` with their widths.
pub fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> {
    s.graphemes(true).map(|g| (g, cluster_width(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_each_mark_is_zero_to_unicode_width() {
        assert!(SPACING_EXTENDERS.windows(2).all(|w| w[0] < w[1]));
        for c in SPACING_EXTENDERS {
            assert_eq!(c.width(), Some(0), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn clusters_are_as_wide_as_terminals_draw_them() {
        for (text, cols) in [
            ("abc", 3),
            ("é", 1),
            ("e\u{301}", 1),
            // Bengali: the vowel signs before and after take a column each.
            ("বাংলা", 5),
            ("নোটে", 4),
            // Devanagari: the virama and the vowel sign above take none.
            ("नमस्ते", 4),
            ("क्षत्रिय", 6),
            // Persian with a zero-width non-joiner.
            ("می‌خواهم", 7),
            ("សួស្តី", 3),
            ("สวัสดี", 4),
            ("中文", 4),
            ("これは", 6),
            ("👩‍👩‍👧‍👦", 2),
            ("🇧🇩", 2),
            ("👍🏽", 2),
            ("❤️", 2),
        ] {
            assert_eq!(str_width(text), cols, "{text}");
        }
    }

    #[test]
    fn a_cluster_is_one_piece() {
        let parts: Vec<&str> = clusters("নোটে 👩‍👩‍👧‍👦").map(|(g, _)| g).collect();
        assert_eq!(parts, ["নো", "টে", " ", "👩‍👩‍👧‍👦"]);
    }
}
