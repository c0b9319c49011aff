//! Text helpers shared by every stage: shared pieces of text, line numbers, widths. What
//! reaches a terminal is cleaned by [`sanitize`]; names are compared by [`names`].

/// A one-line test of a text function: `case!(test_name, function, input, wanted)`.
/// Defined before the submodules so that their tests use it too.
#[cfg(test)]
macro_rules! case {
    ($name:ident, $f:expr, $input:expr, $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!($f($input).as_ref() as &str, $want);
        }
    };
}

pub mod names;
pub mod sanitize;
pub mod width;

pub use names::{name_key, percent_decode, slug, strip_md_ext};
pub use sanitize::{clean_line, is_unsafe_char};
pub use width::{cluster_width, clusters, str_width};

use std::borrow::Cow;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A string that is a piece of a larger shared one. The loader packs the bodies of
/// neighbouring notes into one allocation, in path order, so that a full-text search reads
/// memory in order instead of hopping between 100k small allocations: twice as fast on a
/// large vault (see docs/performance.md).
#[derive(Clone)]
pub struct SharedStr {
    buf: Arc<String>,
    /// A range of `buf` on character boundaries.
    range: Range<usize>,
}

impl SharedStr {
    /// A string of its own.
    pub fn new(s: String) -> SharedStr {
        let range = 0..s.len();
        SharedStr {
            buf: Arc::new(s),
            range,
        }
    }

    /// `range` of `buf`, or an empty string when `range` is not a valid piece of it.
    pub fn piece(buf: &Arc<String>, range: Range<usize>) -> SharedStr {
        let range = if buf.get(range.clone()).is_some() {
            range
        } else {
            0..0
        };
        SharedStr {
            buf: Arc::clone(buf),
            range,
        }
    }

    pub fn as_str(&self) -> &str {
        self.buf.get(self.range.clone()).unwrap_or_default()
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Eq for SharedStr {}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

/// Turns byte offsets of a text into 0-based line numbers by counting newlines from the
/// last offset asked for: offsets asked for in order (a note's links, as it is read) cost
/// one pass over the text up to the last of them, with no table of line starts. An earlier
/// offset counts again from the start.
#[derive(Debug)]
pub struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 0,
        }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            self.at = 0;
            self.line = 0;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..offset]).count();
        self.at = offset;
        self.line
    }
}

/// Does `s` hold the byte `a` followed by the byte `b` (such as `::` or `[[`)? One memchr
/// scan for `a`: cheaper on short lines than a substring search, which sets up a searcher
/// for each call.
pub fn has_pair(s: &str, a: u8, b: u8) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr_iter(a, bytes).any(|i| bytes.get(i + 1) == Some(&b))
}

/// `s.split_once(byte)` for an ASCII byte, found with memchr: std's char search costs more
/// on short strings such as a link's.
pub fn split_at_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = memchr::memchr(byte, s.as_bytes())?;
    // An ASCII byte is always a character boundary.
    Some((&s[..at], &s[at + 1..]))
}

/// `s.split_inclusive('\n')`, found with the memchr crate's vector search: the loader splits
/// every note into lines, and std's byte search is several times slower on long text.
pub fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// Cut `s` to at most `max` characters, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((i, _)) => {
            let cut = s[..i]
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(i, |(j, _)| j);
            Cow::Owned(format!("{}…", &s[..cut]))
        }
    }
}

/// `text` in lines of at most `width` columns, broken between words (a word wider than the
/// line is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = str_width(&line) + usize::from(!line.is_empty()) + str_width(word);
        if needed > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&fit_width(word, width));
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Cut `s` to at most `w` columns, ending in `…` when cut; never splits a cluster.
pub fn fit_width(s: &str, w: usize) -> String {
    if str_width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (g, gw) in clusters(s) {
        if used + gw + 1 > w {
            break;
        }
        out.push_str(g);
        used += gw;
    }
    out.push('…');
    out
}

/// Whether `text` holds a character that Unicode folds onto an ASCII letter: `ſ` (U+017F)
/// or `K` (U+212A).
pub fn has_fold_traps(text: &[u8]) -> bool {
    // `ſ` is C5 BF and `K` is E2 84 AA. Their rarest bytes are searched for: C5 and AA are
    // seldom in English text, while E2 starts every curly quote and dash, so a search for
    // it stopped on most notes many times.
    memchr::memchr2_iter(0xC5, 0xAA, text).any(|at| {
        text[at..].starts_with("\u{17F}".as_bytes()) || text[..=at].ends_with("\u{212A}".as_bytes())
    })
}

/// A name as a reader sorts and filters it: accents folded and case ignored (nucleo's own
/// folding, as quick open matches), so "Über" sorts with "U" and "école" with "e".
pub fn fold(name: &str) -> String {
    use nucleo_matcher::chars::{normalize, to_lower_case};
    name.chars().map(|c| to_lower_case(normalize(c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    case!(truncate_marks_cut, |s| truncate(s, 4), "abcdefg", "abc…");
    case!(truncate_leaves_short, |s| truncate(s, 4), "abc", "abc");
    case!(
        fit_width_counts_wide_chars,
        |s| fit_width(s, 5),
        "中文笔记",
        "中文…"
    );
    case!(
        fit_width_keeps_what_fits,
        |s| fit_width(s, 4),
        "中文",
        "中文"
    );

    #[test]
    fn line_counter_finds_lines_in_any_order() {
        let mut lines = LineCounter::new("a\nbc\n\nd");
        assert_eq!(lines.line_of(0), 0);
        assert_eq!(lines.line_of(2), 1);
        assert_eq!(lines.line_of(5), 2);
        assert_eq!(lines.line_of(6), 3);
        assert_eq!(lines.line_of(99), 3);
        // Back to an earlier offset: counted again from the start.
        assert_eq!(lines.line_of(1), 0);
        assert_eq!(lines.line_of(3), 1);
    }

    #[test]
    fn has_pair_finds_two_bytes_together() {
        assert!(has_pair("key:: value", b':', b':'));
        assert!(!has_pair("a: b: c", b':', b':'));
        assert!(has_pair("x [[y]]", b'[', b'['));
        assert!(!has_pair("[a] [b]", b'[', b'['));
        assert!(!has_pair("ends with :", b':', b':'));
    }

    #[test]
    fn fold_traps() {
        assert!(has_fold_traps("the \u{17F}ea".as_bytes()));
        assert!(has_fold_traps("5 \u{212A}".as_bytes()));
        assert!(has_fold_traps("\u{212A}".as_bytes()));
        assert!(has_fold_traps("\u{17F}".as_bytes()));
        // Their bytes in other characters are not traps: `ł` (C5 82), `Ū` (C5 AA), `—` (E2 80 94).
        assert!(!has_fold_traps("\u{142}\u{16A}\u{2014} \u{AA}".as_bytes()));
        assert!(!has_fold_traps("café — “quoted”".as_bytes()));
    }
}
