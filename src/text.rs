//! Text helpers shared by every stage: neutralising control characters before anything reaches
//! a terminal, normalising link targets, and finding line numbers.

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

/// Decode `%XX` escapes; an invalid escape is kept as written, and bytes that do not form UTF-8
/// are replaced rather than rejected.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                // Two hex digits fit in a byte by construction.
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// The key under which a link target or note name is compared: percent-decoded, trimmed,
/// `\` as `/`, runs of white space as one space, lower case.
pub fn name_key(s: &str) -> String {
    // Most names are plain ASCII with single spaces: check that in one pass over the bytes
    // (resolution makes a key per link), then lower-case them in another.
    let t = s.trim();
    let mut space = false;
    let plain = t.bytes().all(|b| {
        let ok = (b' '..=b'~').contains(&b) && b != b'%' && b != b'\\' && !(space && b == b' ');
        space = b == b' ';
        ok
    });
    if plain {
        return t.to_ascii_lowercase();
    }
    let decoded = percent_decode(s);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c == '\\' {
            out.push('/');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Strip a markdown extension (`.md`, `.markdown`, any case) from a name or path.
pub fn strip_md_ext(s: &str) -> &str {
    for ext in [".md", ".markdown"] {
        if s.len() > ext.len()
            && s.is_char_boundary(s.len() - ext.len())
            && s[s.len() - ext.len()..].eq_ignore_ascii_case(ext)
        {
            return &s[..s.len() - ext.len()];
        }
    }
    s
}

/// A heading's anchor as GitHub and most static site generators write it: lower case, letters,
/// digits, `-` and `_` kept, spaces as `-`, everything else dropped.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
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

/// How many terminal columns `s` takes.
pub fn str_width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cut `s` to at most `w` columns, ending in `…` when cut; never splits a wide character.
pub fn fit_width(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if str_width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! case {
        ($name:ident, $f:expr, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!($f($input).as_ref() as &str, $want);
            }
        };
    }

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
    case!(percent_decode_space, percent_decode, "a%20b", "a b");
    case!(
        percent_decode_keeps_bad_escape,
        percent_decode,
        "100%",
        "100%"
    );
    case!(
        percent_decode_question_mark,
        percent_decode,
        "New%3F",
        "New?"
    );
    case!(
        name_key_folds_case_and_space,
        name_key,
        "  Mental   Models ",
        "mental models"
    );
    case!(name_key_decodes, name_key, "My%20Note", "my note");
    case!(strip_md_ext_any_case, strip_md_ext, "Note.MD", "Note");
    case!(strip_md_ext_markdown, strip_md_ext, "a/b.markdown", "a/b");
    case!(strip_md_ext_leaves_other, strip_md_ext, "a.png", "a.png");
    case!(
        slug_like_github,
        slug,
        "Why Trust, Then Verify?",
        "why-trust-then-verify"
    );
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
}
