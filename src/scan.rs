//! The loader's quick markdown scan: the events the parser reads (headings, links, images and
//! the text a tag may stand in), found line by line without building a document tree.
//!
//! A full `CommonMark` parse of every note is most of the cost of opening a large vault, yet
//! the loader needs only a few of its events. [`scan`] finds those for the common shape of a
//! note: paragraphs, ATX headings, lists, quotes, fenced code, wikilinks and inline links.
//! Whenever it meets anything whose reading needs the full grammar (an HTML block, an indented
//! code block, a reference definition, an escape, a setext heading, a link inside a link...)
//! it gives up on the whole note and returns `None`, and the parser runs pulldown-cmark
//! instead. So the scan is a shortcut, never a second opinion: where it answers, it must
//! answer exactly as pulldown-cmark would. `tests/scan_agrees.rs` holds it to that on
//! generated markdown, on the sample notes, and on the real corpora in CI.
//!
//! The events are pulldown-cmark's own types, so one reader ([`crate::parse`]) serves both.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::ops::Range;

/// An event with the byte range of `body` it came from, as pulldown-cmark's offset iterator
/// gives it.
pub type Spanned<'a> = (Event<'a>, Range<usize>);

/// Hand the events of `body` that [`crate::parse`] reads to `sink`, in order, each with the
/// 0-based line of `body` it starts on. `None` when the note holds something only the full
/// parser reads right: the events given so far are then to be thrown away.
///
/// Each event goes straight to its reader: a note's events are never gathered in a vector,
/// and their lines are known without counting newlines again.
pub fn scan<'a>(body: &'a str, sink: impl FnMut(usize, Spanned<'a>)) -> Option<()> {
    let bytes = body.as_bytes();
    // Reference definitions can be used before they stand; `\r` and NUL change line and
    // character handling. Neither is worth a shortcut.
    if memchr::memchr2(b'\r', 0, bytes).is_some() || has_reference_definition(bytes) {
        return None;
    }
    let mut scan = Scan {
        body,
        sink,
        line_no: 0,
        lists: Vec::new(),
        prev: Prev::Blank,
        para_lines: 0,
        fence: None,
        table: false,
        last_line_had_markup: false,
    };
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        scan.line(start, end)?;
        scan.line_no += 1;
        start = end;
    }
    Some(())
}

/// Could `bytes` hold a link reference definition (`[label]: url`)? Footnote definitions
/// (`[^1]: text`) are read by the scan; anything else with `]:` after a `[` is not.
fn has_reference_definition(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"]:").any(|at| {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let before = &bytes[line_start..at];
        let t = &before[spaces(before)..];
        let footnote = t.len() > 2
            && t.starts_with(b"[^")
            && t[2..]
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        !footnote && before.contains(&b'[')
    })
}

/// The length of a footnote label (`1`, `note-a`) at the start of `s`, up to its `]`.
fn footnote_label(s: &[u8]) -> Option<usize> {
    let n = s
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .count();
    (n > 0 && s.get(n) == Some(&b']')).then_some(n)
}

/// What the previous line was, as far as the next line's reading depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    Blank,
    /// A line of paragraph text: the next line may continue it lazily.
    Paragraph,
    /// A heading, a fence's end, a thematic break.
    Other,
}

struct Fence {
    ch: u8,
    len: usize,
    /// The column of the container the fence stands in.
    base: usize,
}

struct Scan<'a, S> {
    body: &'a str,
    /// Where each event goes.
    sink: S,
    /// The line being read, 0-based: every event of a line starts on it.
    line_no: usize,
    /// The content column of each open list item, innermost last.
    lists: Vec<usize>,
    prev: Prev,
    /// Lines in the current paragraph.
    para_lines: usize,
    fence: Option<Fence>,
    /// Inside a table's rows.
    table: bool,
    /// Whether the last paragraph line held anything a table cell would read differently.
    last_line_had_markup: bool,
}

/// Bytes that pulldown-cmark may end a text event at, or that change what follows them.
fn special(b: u8) -> bool {
    matches!(
        b,
        b'*' | b'_' | b'~' | b'`' | b'[' | b']' | b'!' | b'<' | b'>' | b'&' | b'\\' | b'|' | b')'
    )
}

fn spaces(s: &[u8]) -> usize {
    s.iter().take_while(|&&b| b == b' ').count()
}

fn blank(s: &[u8]) -> bool {
    s.iter().all(|&b| b == b' ' || b == b'\t')
}

/// A thematic break (`***`, `- - -`, `___`): its character.
fn thematic(rest: &[u8]) -> Option<u8> {
    let c = *rest.first()?;
    if !matches!(c, b'*' | b'-' | b'_') {
        return None;
    }
    let mut n = 0;
    for &b in rest {
        if b == c {
            n += 1;
        } else if b != b' ' && b != b'\t' {
            return None;
        }
    }
    (n >= 3).then_some(c)
}

/// A run of only `=` or only `-` (a setext underline, if a paragraph comes before it).
fn underline(rest: &[u8]) -> bool {
    let c = rest.first().copied();
    matches!(c, Some(b'=' | b'-')) && {
        let run = rest.iter().take_while(|&&b| Some(b) == c).count();
        blank(&rest[run..])
    }
}

/// A list marker at the start of `rest`: (marker length, is it ordered with a number other
/// than 1).
fn list_marker(rest: &[u8]) -> Option<(usize, bool)> {
    let after = |n: usize| rest.get(n).is_none_or(|&b| b == b' ' || b == b'\t');
    match rest.first()? {
        b'-' | b'*' | b'+' if after(1) => Some((1, false)),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let ok =
                digits <= 9 && matches!(rest.get(digits), Some(b'.' | b')')) && after(digits + 1);
            let one = rest[..digits - 1].iter().all(|&b| b == b'0') && rest[digits - 1] == b'1';
            ok.then_some((digits + 1, !one))
        }
        _ => None,
    }
}

/// An ATX heading's level and the range of its text within `rest`, closing `#`s removed.
fn atx(rest: &[u8]) -> Option<(u8, Range<usize>)> {
    let level = rest.iter().take_while(|&&b| b == b'#').count();
    if !(1..=6).contains(&level) || !rest.get(level).is_none_or(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    let mut end = rest.len();
    while end > level && matches!(rest[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    let hashes = rest[level..end]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    if hashes > 0 {
        let before = end - hashes;
        if before == level || matches!(rest[before - 1], b' ' | b'\t') {
            end = before;
            while end > level && matches!(rest[end - 1], b' ' | b'\t') {
                end -= 1;
            }
        }
    }
    let mut start = level;
    while start < end && matches!(rest[start], b' ' | b'\t') {
        start += 1;
    }
    Some((u8::try_from(level).unwrap_or(6), start..end.max(start)))
}

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A fence opening (`` ``` `` or `~~~`, three or more) at the start of `rest`: its
/// character and length. The parser's line pass reads fences with it too.
pub(crate) fn fence_open(rest: &[u8]) -> Option<(u8, usize)> {
    let c = *rest.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// Does `rest` (indent removed) close a fence of `len` characters `ch`?
pub(crate) fn fence_closes(rest: &[u8], ch: u8, len: usize) -> bool {
    let run = rest.iter().take_while(|&&b| b == ch).count();
    run >= len && blank(&rest[run..])
}

/// Does a container's first line of content open a block other than a paragraph?
fn starts_block(inner: &[u8]) -> bool {
    atx(inner).is_some()
        || fence_open(inner).is_some()
        || list_marker(inner).is_some()
        || thematic(inner).is_some()
        || underline(inner)
        || matches!(inner.first(), Some(b'<' | b'>'))
        || inner.starts_with(b"[^")
}

/// Is this text plain for a heading or a label: one text event, exactly as written?
fn plain(s: &[u8]) -> bool {
    !s.iter().any(|&b| {
        matches!(
            b,
            b'*' | b'_' | b'~' | b'`' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'|'
        )
    })
}

impl<'a, S: FnMut(usize, Spanned<'a>)> Scan<'a, S> {
    /// Read the line `start..end` (its newline included). `None`: leave the note to the full
    /// parser.
    fn line(&mut self, start: usize, end: usize) -> Option<()> {
        let body = self.body;
        let text_end = if body.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\n') {
            end - 1
        } else {
            end
        };
        let line = &body.as_bytes()[start..text_end];
        let indent = spaces(line);
        if line.get(indent) == Some(&b'\t') {
            return None;
        }
        if indent == line.len() {
            self.prev = Prev::Blank;
            self.para_lines = 0;
            self.table = false;
            return Some(());
        }
        if self.fence.is_some() {
            return self.in_fence(indent, &line[indent..]);
        }
        // The open list items this line stays inside if it is not a lazy continuation.
        let keep = self.lists.iter().take_while(|&&c| c <= indent).count();
        let base = if keep == 0 { 0 } else { self.lists[keep - 1] };
        let rel = indent - base;
        let rest = &line[indent..];
        let lazy_ok = self.prev == Prev::Paragraph;
        if self.table {
            // A row: its cells are read as text, which the scan leaves to the parser.
            // If pulldown-cmark did not take the rows for a table, an underline would make
            // them a heading.
            if has_markup(rest) || underline(rest) || thematic(rest).is_some() {
                return None;
            }
            return Some(());
        }
        if lazy_ok && is_delimiter_row(rest) {
            if self.para_lines != 1 || !self.lists.is_empty() || self.last_line_had_markup {
                return None;
            }
            // The header was read as paragraph text; it held nothing to find.
            self.table = true;
            self.prev = Prev::Other;
            return Some(());
        }
        if rel >= 4 {
            if !lazy_ok {
                return None; // an indented code block
            }
            return self.text(start + indent, text_end);
        }
        let c = rest[0];
        // Block starts that only the full parser reads.
        if c == b'>' && keep > 0 {
            return None;
        }
        if c == b'>' {
            return self.quote(start + indent, text_end);
        }
        if underline(rest) && lazy_ok {
            return None; // a setext heading
        }
        if indent == 0 && rest.starts_with(b"---") && blank(&rest[3..]) && !self.next_blank(end) {
            return None; // perhaps a metadata block
        }
        if let Some(ch) = thematic(rest) {
            if ch == b'-' && lazy_ok {
                return None;
            }
            self.lists.truncate(keep);
            self.prev = Prev::Other;
            self.para_lines = 0;
            return Some(());
        }
        if let Some((level, text)) = atx(rest) {
            if keep > 0 || indent > 0 || !plain(&rest[text.clone()]) {
                return None;
            }
            self.lists.truncate(keep);
            self.heading(level, start, start + text.start..start + text.end, end);
            self.prev = Prev::Other;
            self.para_lines = 0;
            return Some(());
        }
        if let Some((ch, len)) = fence_open(rest) {
            if ch == b'`' && rest[len..].contains(&b'`') {
                return None;
            }
            self.lists.truncate(keep);
            self.fence = Some(Fence { ch, len, base });
            self.para_lines = 0;
            return Some(());
        }
        if rest.starts_with(b"[^")
            && let Some(n) = footnote_label(&rest[2..])
            && rest.get(n + 3) == Some(&b':')
        {
            return self.footnote(indent, keep, start + indent + n + 4, text_end);
        }
        if let Some((marker, ordered_not_one)) = list_marker(rest) {
            return self.list_item(start, indent, keep, (marker, ordered_not_one), text_end);
        }
        if !lazy_ok {
            self.lists.truncate(keep);
        }
        self.text(start + indent, text_end)
    }

    /// A line inside fenced code: nothing to find but the closing fence.
    fn in_fence(&mut self, indent: usize, rest: &[u8]) -> Option<()> {
        let fence = self.fence.as_ref()?;
        if indent < fence.base {
            return None;
        }
        if indent - fence.base <= 3 && fence_closes(rest, fence.ch, fence.len) {
            self.fence = None;
            self.prev = Prev::Other;
        }
        Some(())
    }

    /// A line that starts a list item after `indent` spaces (its marker `marker` bytes long),
    /// inside the first `keep` open items.
    fn list_item(
        &mut self,
        start: usize,
        indent: usize,
        keep: usize,
        (marker, ordered_not_one): (usize, bool),
        text_end: usize,
    ) -> Option<()> {
        let at = start + indent;
        let content = &self.body.as_bytes()[at + marker..text_end];
        let empty = blank(content);
        // An empty item ends at a blank line, and what may not interrupt a paragraph is its
        // continuation: leave both to the full parser rather than guess.
        if empty || self.prev == Prev::Paragraph && ordered_not_one && keep == self.lists.len() {
            return None;
        }
        let gap = spaces(content);
        if content.get(gap) == Some(&b'\t') || gap > 4 {
            return None;
        }
        let inner = &content[gap..];
        if starts_block(inner) {
            return None;
        }
        self.lists.truncate(keep);
        self.lists.push(indent + marker + gap);
        self.prev = Prev::Blank;
        self.para_lines = 0;
        // A task list marker is not text.
        let task = inner.len() >= 3
            && inner[0] == b'['
            && matches!(inner[1], b' ' | b'x' | b'X')
            && inner[2] == b']'
            && inner.get(3).is_none_or(|&b| b == b' ' || b == b'\t');
        if task && blank(&inner[3..]) {
            return None; // an item holding only its marker: what follows reads differently
        }
        self.text(at + marker + gap + if task { 3 } else { 0 }, text_end)
    }

    /// A footnote definition's first line (`[^1]: text`), `at` just after its colon. Its
    /// content column is four past its start, as pulldown-cmark reads it.
    fn footnote(&mut self, indent: usize, keep: usize, at: usize, text_end: usize) -> Option<()> {
        if self.prev == Prev::Paragraph || keep > 0 || indent > 0 {
            return None;
        }
        let bytes = self.body.as_bytes();
        let gap = spaces(&bytes[at..text_end]);
        let inner = &bytes[at + gap..text_end];
        if inner.is_empty() || gap > 3 || starts_block(inner) {
            return None;
        }
        self.lists.clear();
        self.lists.push(indent + 4);
        self.prev = Prev::Blank;
        self.para_lines = 0;
        self.text(at + gap, text_end)
    }

    /// A line inside a block quote: its markers stripped, the rest must be paragraph text or
    /// a heading.
    fn quote(&mut self, mut at: usize, text_end: usize) -> Option<()> {
        // A quote at the left margin closes every open list item.
        self.lists.clear();
        let bytes = self.body.as_bytes();
        loop {
            at += spaces(&bytes[at..text_end]).min(3);
            if bytes.get(at) != Some(&b'>') || at >= text_end {
                break;
            }
            at += 1;
            if bytes.get(at) == Some(&b' ') {
                at += 1;
            }
        }
        let rest = &bytes[at..text_end];
        if blank(rest) {
            self.prev = Prev::Blank;
            self.para_lines = 0;
            return Some(());
        }
        let c = rest[0];
        if c == b' '
            || c == b'\t'
            || c == b'<'
            || c == b'#'
            || c == b'['
            || underline(rest)
            || thematic(rest).is_some()
            || fence_open(rest).is_some()
            || list_marker(rest).is_some()
        {
            return None;
        }
        self.text(at, text_end)
    }

    /// Is the line after the one ending at `end` blank (or missing)?
    fn next_blank(&self, end: usize) -> bool {
        let rest = &self.body.as_bytes()[end..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        blank(line)
    }

    fn heading(&mut self, level: u8, start: usize, text: Range<usize>, end: usize) {
        let level = heading_level(level);
        let tag = Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        };
        self.emit(Event::Start(tag), start..end);
        self.push_text(text);
        self.emit(Event::End(TagEnd::Heading(level)), start..end);
    }

    /// Hand one event to the sink, with the line being read.
    fn emit(&mut self, event: Event<'a>, range: Range<usize>) {
        (self.sink)(self.line_no, (event, range));
    }

    fn push_text(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            let text = CowStr::Borrowed(&self.body[range.clone()]);
            self.emit(Event::Text(text), range);
        }
    }

    /// Paragraph text from `from` to `to` (one line): its links, and the text between them.
    fn text(&mut self, from: usize, to: usize) -> Option<()> {
        self.prev = Prev::Paragraph;
        self.para_lines += 1;
        let b = &self.body.as_bytes()[..to];
        let escapes = check_text(b, from)?;
        let mut markup = escapes;
        let mut text_start = from;
        let mut i = from;
        while let Some(k) = memchr::memchr3(b'[', b'`', b'<', &b[i..]) {
            markup = true;
            let at = i + k;
            let image = at > from && b[at - 1] == b'!';
            let link_start = if image { at - 1 } else { at };
            let next = match b[at] {
                b'`' => {
                    let n = b[at..].iter().take_while(|&&c| c == b'`').count();
                    let close = find_run(&b[at + n..], n)? + at + n;
                    self.push_text(text_start..at);
                    text_start = close + n;
                    close + n
                }
                b'<' if !b.get(at + 1).is_some_and(|&c| {
                    c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
                }) =>
                {
                    at + 1 // a plain `<`: neither a tag nor an autolink
                }
                b'<' => {
                    let end = autolink(&b[at..])? + at;
                    self.push_text(text_start..at);
                    self.link(
                        LinkType::Autolink,
                        at + 1..end - 1,
                        false,
                        at..end,
                        at + 1..end - 1,
                    );
                    text_start = end;
                    end
                }
                _ if b.get(at + 1) == Some(&b'^') => {
                    // A footnote reference, or plain text when nothing defines it: neither
                    // holds a tag or a link.
                    let n = footnote_label(&b[at + 2..])?;
                    let end = at + n + 3;
                    if image || b.get(end) == Some(&b'(') {
                        return None;
                    }
                    self.push_text(text_start..at);
                    text_start = end;
                    end
                }
                _ if b.get(at + 1) == Some(&b'[') => {
                    let (end, pipe, close) = wikilink(b, at)?;
                    let inner = at + 2;
                    self.push_text(text_start..link_start);
                    let link_type = LinkType::WikiLink {
                        has_pothole: pipe.is_some(),
                    };
                    let name = inner..pipe.unwrap_or(close);
                    let label = pipe.map_or(name.clone(), |p| p + 1..close);
                    self.link(link_type, name, image, link_start..end, label);
                    text_start = end;
                    end
                }
                _ => {
                    // `[label]`: an inline link when `(dest)` follows, else plain text (read on from
                    // just inside it: an autolink or a code span may stand there).
                    let close = memchr::memchr2(b']', b'[', &b[at + 1..])? + at + 1;
                    if b[close] == b'[' {
                        return None;
                    }
                    match b.get(close + 1) {
                        Some(b'(') => {}
                        Some(b'[') => return None,
                        _ => {
                            i = at + 1;
                            continue;
                        }
                    }
                    let label = at + 1..close;
                    if !plain(&b[label.clone()]) {
                        return None;
                    }
                    let (dest, end) = destination(b, close + 2)?;
                    self.push_text(text_start..link_start);
                    self.link(LinkType::Inline, dest, image, link_start..end, label);
                    text_start = end;
                    end
                }
            };
            i = next;
        }
        self.push_text(text_start..to);
        self.last_line_had_markup = markup;
        Some(())
    }

    /// A link's events: its start, its label's text, its end.
    fn link(
        &mut self,
        link_type: LinkType,
        dest: Range<usize>,
        image: bool,
        range: Range<usize>,
        label: Range<usize>,
    ) {
        let body = self.body;
        self.emit(
            Event::Start(link_tag(link_type, &body[dest], image)),
            range.clone(),
        );
        self.push_text(label);
        let end = if image { TagEnd::Image } else { TagEnd::Link };
        self.emit(Event::End(end), range);
    }
}

/// Refuse a line whose text only the full parser reads right: escapes, entities, and a `#`
/// where pulldown-cmark may begin a new text event (a tag there would count, in one run of
/// text it would not). Otherwise: whether the line holds any backslash, `&` or `#` at all.
fn check_text(b: &[u8], from: usize) -> Option<bool> {
    let mut seen = false;
    for i in memchr::memchr3_iter(b'\\', b'&', b'#', &b[from..]) {
        let i = from + i;
        seen = true;
        let next = b.get(i + 1).copied();
        let bad = match b[i] {
            b'\\' => next.is_some_and(|n| n.is_ascii_punctuation()),
            b'&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == b'#'),
            // pulldown-cmark may also split a tag's text at an `_` inside it.
            _ => {
                i > 0 && special(b[i - 1])
                    || b[i + 1..]
                        .iter()
                        .take_while(|&&c| {
                            c.is_ascii_alphanumeric()
                                || matches!(c, b'_' | b'-' | b'/')
                                || c >= 0x80
                        })
                        .any(|&c| c == b'_')
            }
        };
        if bad {
            return None;
        }
    }
    Some(seen)
}

/// A wikilink at `at` (`[[`): where it ends, its `|` if any, and its `]]`. `None` for
/// anything but a plain one.
fn wikilink(b: &[u8], at: usize) -> Option<(usize, Option<usize>, usize)> {
    if at > 0 && b[at - 1] == b'[' {
        return None;
    }
    let inner = at + 2;
    // Found by its first `]`: a substring search would set up a searcher for each link.
    let close = memchr::memchr_iter(b']', &b[inner..])
        .map(|i| inner + i)
        .find(|&i| b.get(i + 1) == Some(&b']'))?;
    let content = &b[inner..close];
    if content
        .iter()
        .any(|&c| matches!(c, b'[' | b']' | b'`' | b'\\' | b'<' | b'&'))
        || b.get(close + 2) == Some(&b']')
    {
        return None;
    }
    let pipe = memchr::memchr(b'|', content).map(|p| inner + p);
    if pipe == Some(inner) || content.is_empty() {
        return None; // no name: not a wikilink
    }
    if pipe.is_some_and(|p| !plain(&b[p + 1..close])) {
        return None;
    }
    Some((close + 2, pipe, close))
}

/// An inline link's destination, from just after its `(`: the destination's range and where
/// the link ends. Only a plain destination with no title.
fn destination(b: &[u8], start: usize) -> Option<(Range<usize>, usize)> {
    if b.get(start) == Some(&b'<') {
        let close = memchr::memchr(b'>', &b[start + 1..])? + start + 1;
        let dest = &b[start + 1..close];
        if dest.iter().any(|&c| matches!(c, b'<' | b'\\') || c < b' ')
            || b.get(close + 1) != Some(&b')')
        {
            return None;
        }
        return Some((start + 1..close, close + 2));
    }
    let end = memchr::memchr(b')', &b[start..])? + start;
    let dest = &b[start..end];
    if dest.is_empty()
        || dest
            .iter()
            .any(|&c| c <= b' ' || matches!(c, b'(' | b'<' | b'>' | b'\\' | b'"' | b'\''))
    {
        return None;
    }
    Some((start..end, end + 1))
}

/// A URI autolink at the start of `s` (`<https://e.org>`): its length. `None` for anything
/// else that might be HTML or an e-mail address.
fn autolink(s: &[u8]) -> Option<usize> {
    let scheme = s[1..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    if !(2..=32).contains(&scheme) || s.get(1 + scheme) != Some(&b':') {
        return None;
    }
    let close = memchr::memchr(b'>', s)?;
    if s[1..close].iter().any(|&c| c <= b' ' || c == b'<') {
        return None;
    }
    Some(close + 1)
}

/// The start of a link or image, as pulldown-cmark gives it.
fn link_tag(link_type: LinkType, dest: &str, image: bool) -> Tag<'_> {
    let dest_url = CowStr::Borrowed(dest);
    let (title, id) = (CowStr::Borrowed(""), CowStr::Borrowed(""));
    if image {
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }
    } else {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }
    }
}

/// Where the next run of exactly `n` backticks starts in `s`.
fn find_run(s: &[u8], n: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'`', &s[i..]) {
        let at = i + k;
        let run = s[at..].iter().take_while(|&&c| c == b'`').count();
        if run == n {
            return Some(at);
        }
        i = at + run;
    }
    None
}

/// Does this text hold anything that a link, a tag or code could start at?
fn has_markup(s: &[u8]) -> bool {
    s.iter()
        .any(|&c| matches!(c, b'[' | b'`' | b'#' | b'\\' | b'<' | b'&'))
}

/// A table's delimiter row: `| --- | :-: |`.
fn is_delimiter_row(rest: &[u8]) -> bool {
    matches!(rest.first(), Some(b'|' | b'-' | b':'))
        && rest.contains(&b'-')
        && rest.iter().any(|&b| b == b'|' || b == b':')
        && rest
            .iter()
            .all(|&b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}
