//! Parsing one note: text in, [`ParsedNote`] out. Pure: no file system, no terminal.
//!
//! Links, headings and tags come from pulldown-cmark's own events, so nothing inside code is
//! mistaken for a link. Before that, one line-by-line pass (see `normalize`) does what the
//! markdown parser cannot: it drops kramdown attribute lists, lifts `^block` ids, collects
//! `key:: value` fields, and repairs garden notes whose line breaks were lost. The result is
//! the note's `body`, the one text that `show`, the reader and search all see.

use crate::frontmatter::{self, Yaml};
use crate::text::{LineCounter, SharedStr, has_pair, slug};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Everything trail knows about one note after parsing, before links are resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedNote {
    /// Front matter `title`, else the first `# ` heading, else the file name.
    pub title: String,
    pub aliases: Vec<String>,
    /// Without the leading `#`, as written (case kept).
    pub tags: Vec<String>,
    /// Front matter keys and inline fields, in the order met, values as display text.
    pub properties: Vec<(String, String)>,
    /// The `date` property or a lone date line near the top, as written.
    pub date: Option<String>,
    pub headings: Vec<Heading>,
    pub blocks: Vec<BlockId>,
    pub links: Vec<RawLink>,
    /// The markdown that everything downstream reads (see the module docs). Empty when the
    /// note was parsed with [`parse_into`], which writes it to the caller's buffer.
    pub body: String,
    /// How many lines of the file precede `body` (the front matter), so that a 0-based body
    /// line `n` is line `n + 1 + body_line` of the file.
    pub body_line: usize,
    /// Problems with this note that did not stop it loading.
    pub warnings: Vec<String>,
    /// Lines of `body` (newline included) that are the note's own `key:: value` fields or
    /// its date line. The reader shows them in the note's header instead of the text.
    pub field_lines: Vec<Range<usize>>,
    /// Text of the file that is not in `body` (the front matter, kramdown attribute lists,
    /// `^block` ids), so that search finds every word the file holds.
    pub hidden: Vec<Hidden>,
    /// Whether the file holds `ſ` or `K`, which fold to ASCII letters: search counts such a
    /// note with the regex crate instead of its ASCII fast path (see [`crate::literal`]).
    pub fold_traps: bool,
}

/// A piece of the file left out of the body, with the 1-based file line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub line: usize,
    pub text: SharedStr,
}

/// A heading inside a note.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// Plain text, markup removed.
    pub text: String,
    /// GitHub-style slug of `text`, for `[x](note.md#some-heading)` links.
    pub anchor: String,
    /// Byte offset of the heading in `body`.
    pub offset: usize,
    /// Byte offset in `body` where the heading ends (its underline included, for a setext
    /// heading).
    pub end: usize,
}

/// A `^block-id` marking the end of a paragraph or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockId {
    pub id: String,
    /// Byte offset in `body` of the line the id closed.
    pub offset: usize,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `[[Target]]`, `[[Target|label]]`
    Wiki,
    /// `![[Target]]`
    Embed,
    /// `[label](path.md)`
    Markdown,
    /// `![alt](path.png)`
    Image,
    /// `"[[Target]]"` in a front matter value
    FrontMatter,
}

/// The part of a link after `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// `#A` or `#A#B` (a sub-heading of A), in order.
    Heading(Vec<String>),
    /// `#^id`
    Block(String),
}

/// A link as written, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    pub kind: LinkKind,
    /// The target without its fragment: empty for a link into the same note (`[[#Heading]]`).
    /// Percent-decoding is left to the resolver. Boxed: no spare capacity, 8 bytes less.
    pub target: Box<str>,
    /// Boxed: most links have none, and a graph holds a million links.
    pub fragment: Option<Box<Fragment>>,
    /// The label shown for it, when it differs from the target.
    pub label: Option<Box<str>>,
    /// Where the link stands in `body` (an empty range at 0 for front matter links).
    pub range: Range<usize>,
    /// 1-based line in the file.
    pub line: u32,
    /// An external URL (`https:`, `mailto:`...), kept for display and never resolved.
    pub external: bool,
}

impl RawLink {
    /// The pieces of the destination as the user wrote it, in order: the target, then `#`
    /// and each heading, or `#^` and the block id.
    fn destination_pieces(&self) -> impl Iterator<Item = &str> {
        let (headings, block): (&[String], Option<&str>) = match self.fragment.as_deref() {
            Some(Fragment::Heading(h)) => (h, None),
            Some(Fragment::Block(b)) => (&[], Some(b)),
            None => (&[], None),
        };
        std::iter::once(&*self.target)
            .chain(headings.iter().flat_map(|h| ["#", h.as_str()]))
            .chain(block.into_iter().flat_map(|b| ["#^", b]))
    }

    /// The link as the user wrote its destination: `Target#Heading`.
    pub fn destination(&self) -> String {
        self.destination_pieces().collect()
    }

    /// Is `s` the link's [`RawLink::destination`]? Asked of every label as a note is read,
    /// so it compares piece by piece rather than build the string.
    pub fn is_destination(&self, s: &str) -> bool {
        self.destination_pieces()
            .try_fold(s, |rest, piece| rest.strip_prefix(piece))
            .is_some_and(str::is_empty)
    }
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    // `Key:: value`, optionally as a list item (Logseq). The key starts with a letter and the
    // `::` is followed by white space or the end, so `std::vec` is not a field. The key's
    // length limit is kept in code ([`FIELD_KEY_CHARS`]): written as `{0,40}` here, the
    // Unicode classes were copied forty times and the regex took 12 ms to build, on one
    // thread, in the middle of the load (docs/performance.md).
    Regex::new(r"^\s*(?:[-*+]\s+)?([\p{L}][\p{L}\p{N}_ -]*?)::(?:[ \t]+(.*?))?\s*$")
        .expect("static regex")
});
/// The longest field key, in characters. A key ends at the line's first `:`, as no key
/// character is a colon, so the limit cuts nothing short: a longer key is no field.
const FIELD_KEY_CHARS: usize = 41;
static MID_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s([\p{L}][\p{L}\p{N}_-]*)::\s").expect("static regex"));
static KRAMDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{:[^}\n]*\}").expect("static regex"));
static BLOCK_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$").expect("static regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$").expect("static regex")
});
static DATE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4}-\d{2}-\d{2})\b").expect("static regex"));
static MID_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s(#{1,6})\s+\S").expect("static regex"));
static WIKI_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*,?\s*!?\[\[[^\[\]\n]+\]\])+\s*$").expect("static regex"));
static WIKI_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]\n]+)\]\]").expect("static regex"));

/// Properties that tools write for themselves and a reader never needs to see.
const HIDDEN_PROPERTIES: &[&str] = &["id", "collapsed", "layout", "permalink"];

/// Parse one note. `name` is the file name without extension, the title of last resort.
pub fn parse(name: &str, text: &str) -> ParsedNote {
    parse_with(name, text, Reading::Quick)
}

/// [`parse`] with the markdown read as `reading` says; the tests compare the two readings.
pub fn parse_with(name: &str, text: &str, reading: Reading) -> ParsedNote {
    let mut body = String::new();
    let mut note = parse_into(name, text, reading, &mut body);
    note.body = body;
    note
}

/// [`parse_with`], but the body is written at the end of `out` and the note's own `body` is
/// left empty; offsets in the note count from where the body starts in `out`. The loader
/// parses a run of notes into one buffer this way, so that each body is written once,
/// straight to where it will be kept ([`crate::pack::Packer`]).
pub fn parse_into(name: &str, text: &str, reading: Reading, out: &mut String) -> ParsedNote {
    let split = frontmatter::split(text);
    let mut note = ParsedNote {
        body_line: split.body_line,
        fold_traps: !text.is_ascii() && crate::literal::has_fold_traps(text.as_bytes()),
        ..ParsedNote::default()
    };
    let mut fm_title = None;
    if split.unterminated {
        note.warnings
            .push(frontmatter::FrontMatterError::Unterminated.to_string());
    }
    if let Some(yaml) = split.yaml {
        note.hidden.push(Hidden {
            line: 2,
            text: SharedStr::new(yaml.to_string()),
        });
        let read = match reading {
            Reading::Quick => frontmatter::parse(yaml),
            Reading::Full => frontmatter::parse_full(yaml),
        };
        match read {
            Ok((map, scalars)) => {
                fm_title = read_front_matter(&mut note, map);
                for s in scalars {
                    for m in WIKI_IN_TEXT.captures_iter(&s.text) {
                        note.links.push(wikilink(
                            LinkKind::FrontMatter,
                            &m[1],
                            None,
                            0..0,
                            s.line + 1,
                        ));
                    }
                }
            }
            Err(e) => note.warnings.push(e.to_string()),
        }
    }
    let base = out.len();
    let fields = normalize(split.body, &mut note, out);
    // Only fields on lines of their own belong to the note; one inside a list item is a
    // property of that item (Logseq block properties such as `id::`).
    for field in fields.into_iter().filter(|f| f.own_line) {
        add_field(&mut note, &field.key, &field.value);
        note.field_lines.push(field.range);
    }
    let h1 = scan_markdown(&mut note, reading, &out[base..]);
    note.title = fm_title
        .or(h1)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| name.to_string());
    dedup(&mut note.tags);
    dedup(&mut note.aliases);
    note
}

/// Keep the first of the names that are equal but for case. A note has a handful of tags
/// and aliases: comparing each with those kept costs less than hashing lower-cased copies.
fn dedup(v: &mut Vec<String>) {
    if v.len() < 2 {
        return;
    }
    let same = |a: &str, b: &str| {
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            a.to_lowercase() == b.to_lowercase()
        }
    };
    let mut kept: Vec<String> = Vec::with_capacity(v.len());
    for s in v.drain(..) {
        if !kept.iter().any(|k| same(k, &s)) {
            kept.push(s);
        }
    }
    *v = kept;
}

/// Take what trail uses from the front matter; returns the title if one is given.
fn read_front_matter(note: &mut ParsedNote, map: Vec<(String, Yaml)>) -> Option<String> {
    let mut title = None;
    for (key, value) in map {
        match key.to_lowercase().as_str() {
            "title" => title = Some(strip_kramdown(&frontmatter::display(&value))),
            "aliases" | "alias" => note
                .aliases
                .extend(frontmatter::strings(&value).iter().map(|a| unwrap_wiki(a))),
            "tags" | "tag" => note.tags.extend(
                frontmatter::strings(&value)
                    .iter()
                    .flat_map(|t| {
                        t.split_whitespace()
                            .map(|t| t.trim_start_matches('#').to_string())
                            .collect::<Vec<_>>()
                    })
                    .filter(|t| !t.is_empty()),
            ),
            _ => {
                let shown = frontmatter::display(&value);
                if key.eq_ignore_ascii_case("date") && note.date.is_none() {
                    note.date = Some(shown.clone());
                }
                if !HIDDEN_PROPERTIES.contains(&key.to_lowercase().as_str()) {
                    note.properties.push((key, shown));
                }
            }
        }
    }
    title
}

/// `[[Name]]` → `Name`, anything else as it is.
fn unwrap_wiki(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
        .map_or(t, |inner| inner.split('|').next().unwrap_or(inner))
        .trim()
        .to_string()
}

/// A field value as display text: wikilinks shown by their label.
fn field_display(value: &str) -> String {
    WIKI_IN_TEXT
        .replace_all(value, |c: &regex::Captures<'_>| {
            let inner = &c[1];
            inner.rsplit('|').next().unwrap_or(inner).to_string()
        })
        .into_owned()
}

fn add_field(note: &mut ParsedNote, key: &str, value: &str) {
    let lower = key.trim().to_lowercase();
    match lower.as_str() {
        "alias" | "aliases" => note
            .aliases
            .extend(value.split(',').map(unwrap_wiki).filter(|a| !a.is_empty())),
        "tags" | "tag" => note.tags.extend(
            value
                .split(',')
                .map(|t| unwrap_wiki(t).trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty()),
        ),
        "title" if note.title.is_empty() => note.title = field_display(value),
        _ => {
            if lower == "date" && note.date.is_none() {
                note.date = Some(value.to_string());
            }
            if !HIDDEN_PROPERTIES.contains(&lower.as_str())
                && !note
                    .properties
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case(key))
            {
                note.properties
                    .push((key.trim().to_string(), field_display(value)));
            }
        }
    }
}

/// Logseq nests its outline with tabs, which `CommonMark` would read as an indented code block
/// once a heading or paragraph comes before them. A tab-indented list item, or a line
/// continuing one, gets two spaces per tab instead, which keeps the nesting.
fn outline_indent(line: &str) -> std::borrow::Cow<'_, str> {
    let tabs = line.len() - line.trim_start_matches('\t').len();
    let rest = &line[tabs..];
    if tabs == 0
        || !(rest.starts_with("- ")
            || rest.starts_with("* ")
            || rest.starts_with("  ")
            || rest == "-")
    {
        return std::borrow::Cow::Borrowed(line);
    }
    std::borrow::Cow::Owned(format!("{}{rest}", "  ".repeat(tabs)))
}

/// Remove kramdown attribute lists (`{:target="_blank"}`, `{: .class}`) outside code spans.
fn strip_kramdown(line: &str) -> String {
    strip_kramdown_into(line, &mut Vec::new()).into_owned()
}

/// [`strip_kramdown`], keeping what was removed.
fn strip_kramdown_into<'a>(line: &'a str, removed: &mut Vec<String>) -> std::borrow::Cow<'a, str> {
    if !has_pair(line, b'{', b':') {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for m in KRAMDOWN.find_iter(line) {
        // Inside a code span when an odd number of backticks precede the match.
        if line[..m.start()].matches('`').count() % 2 == 1 {
            continue;
        }
        out.push_str(&line[last..m.start()]);
        removed.push(m.as_str().to_string());
        last = m.end();
    }
    out.push_str(&line[last..]);
    std::borrow::Cow::Owned(out)
}

/// The line pass over the body: writes the note's body at the end of `out` and returns the
/// inline fields found, their ranges counted from where the body starts.
fn normalize(body: &str, note: &mut ParsedNote, out: &mut String) -> Vec<Field> {
    out.reserve(body.len() + 16);
    let base = out.len();
    let mut fields = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut prev_field = false;
    let mut removed = Vec::new();
    for (index, raw) in crate::text::lines_inclusive(body).enumerate() {
        let file_line = note.body_line + index + 1;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if fence.is_none() && plain_line(line, prev_field) {
            out.push_str(line.trim_end());
            out.push('\n');
            continue;
        }
        if let Some((ch, len)) = fence {
            out.push_str(line);
            out.push('\n');
            if crate::scan::fence_closes(line.trim_start().as_bytes(), ch, len) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = crate::scan::fence_open(line.trim_start().as_bytes()) {
            fence = Some(open);
            out.push_str(line);
            out.push('\n');
            prev_field = false;
            continue;
        }
        // Most lines pass through unchanged: borrow them rather than copy twice.
        let indented = outline_indent(line);
        let stripped = strip_kramdown_into(&indented, &mut removed);
        let mut line: &str = &stripped;
        note.hidden.extend(removed.drain(..).map(|text| Hidden {
            line: file_line,
            text: SharedStr::new(text),
        }));
        // Cheap byte checks first: the regexes run on the few lines that can match.
        if let Some(c) = line
            .contains('^')
            .then(|| BLOCK_ID.captures(line))
            .flatten()
        {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            note.hidden.push(Hidden {
                line: file_line,
                text: SharedStr::new(line[whole.clone()].trim().to_string()),
            });
            note.blocks.push(BlockId {
                id: c[1].to_string(),
                offset: out.len() - base,
            });
            line = &line[..whole.start];
        }
        if needs_repair(line) {
            for piece in repair(line) {
                push_line(out, base, &piece, &mut fields, &mut prev_field);
            }
        } else {
            push_line(out, base, line, &mut fields, &mut prev_field);
        }
    }
    fields
}

/// Can this line go into the body as it is? True for most prose: nothing in it that a field,
/// a block id, a kramdown list, a fence, a Logseq indent or a run-on repair would need.
fn plain_line(line: &str, prev_field: bool) -> bool {
    let b = line.as_bytes();
    let first = b.iter().find(|c| **c != b' ').copied();
    !prev_field
        && b.first() != Some(&b'\t')
        && !matches!(first, Some(b'`' | b'~' | b'#'))
        && memchr::memchr3(b':', b'^', b'{', b).is_none()
}

/// Append one line to the body. Field lines and a date line right after them end in a hard
/// break, so that `By:: x`, the date and the prose below each keep a line of their own.
fn push_line(
    out: &mut String,
    base: usize,
    line: &str,
    fields: &mut Vec<Field>,
    prev_field: &mut bool,
) {
    let start = out.len() - base;
    out.push_str(line.trim_end());
    let field = has_pair(line, b':', b':')
        .then(|| FIELD.captures(line))
        .flatten()
        .filter(|c| c[1].chars().count() <= FIELD_KEY_CHARS)
        .filter(|_| !line.trim_start().starts_with('['))
        .map(|c| {
            (
                c[1].to_string(),
                c.get(2).map_or("", |m| m.as_str()).to_string(),
            )
        });
    let is_date = field.is_none() && *prev_field && DATE.is_match(line.trim());
    let is_field = field.is_some();
    if is_field || is_date {
        out.push_str("  ");
    }
    out.push('\n');
    // Only a field standing on its own line at the top level is the note's; one inside a
    // list item belongs to that item (Logseq block properties).
    let own_line = !line.starts_with([' ', '\t', '-', '*', '+']);
    if let Some((key, value)) = field {
        fields.push(Field {
            key,
            value,
            range: start..out.len() - base,
            own_line,
        });
    } else if is_date {
        fields.push(Field {
            key: "date".into(),
            value: line.trim().into(),
            range: start..out.len() - base,
            own_line,
        });
    }
    *prev_field = is_field || is_date;
}

/// An inline `key:: value` field (or a lone date line right after fields).
struct Field {
    key: String,
    value: String,
    /// The whole line in the body, newline included.
    range: Range<usize>,
    own_line: bool,
}

/// Does this line look like a garden note whose line breaks were lost: a field in mid-line,
/// or a heading whose text runs on into a list of links?
fn needs_repair(line: &str) -> bool {
    let t = line.trim_start();
    if !(has_pair(line, b':', b':') || t.starts_with('#') && has_pair(line, b'[', b'[')) {
        return false;
    }
    if let Some(m) = MID_FIELD.find(line) {
        let before = &line[..m.start()];
        // A mid-line field has words before it (not just an indent or a list marker), and
        // counts only outside brackets and code.
        let lead = before.trim().trim_start_matches(['-', '*', '+']).trim();
        return !lead.is_empty()
            && before.matches("[[").count() == before.matches("]]").count()
            && !before.contains('`');
    }
    t.starts_with('#') && heading_link_split(t).is_some()
}

/// For a heading line like `#### Related Items [[A]] [[B]]`: where the links begin.
fn heading_link_split(t: &str) -> Option<usize> {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) || !t[hashes..].starts_with(' ') {
        return None;
    }
    let start = t.find("[[").or_else(|| t.find("![["))?;
    let start = if t[..start].ends_with('!') {
        start - 1
    } else {
        start
    };
    let text = t[hashes..start].trim();
    let run = &t[start..];
    let links = run.matches("[[").count();
    let named = matches!(
        text.to_lowercase().as_str(),
        "related items" | "related" | "see also" | "links"
    );
    (!text.is_empty() && WIKI_RUN.is_match(run) && (links >= 2 || named)).then_some(start)
}

/// Split a run-on garden line into the lines it should have been: the title, each field, the
/// date, the prose, and each mid-line heading with the links that follow it.
fn repair(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    // The title (or leading prose) runs up to the first field.
    if let Some(m) = MID_FIELD.find(rest) {
        out.push(rest[..m.start()].trim().to_string());
        out.push(String::new());
        rest = rest[m.start()..].trim_start();
        // Each field: `Key:: value`, the value being a run of links or words up to the next
        // field, date or heading.
        while let Some(c) = FIELD_HEAD.captures(rest) {
            let head_len = c.get(0).map_or(0, |m| m.end());
            let after = &rest[head_len..];
            let value_len = if after.starts_with("[[") || after.starts_with("\"[[") {
                link_run_len(after)
            } else {
                [
                    MID_FIELD.find(after).map(|m| m.start()),
                    DATE_IN.find(after).map(|m| m.start()),
                    MID_HEADING.find(after).map(|m| m.start()),
                ]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(after.len())
            };
            out.push(format!(
                "{}{}",
                &rest[..head_len],
                after[..value_len].trim()
            ));
            rest = after[value_len..].trim_start();
        }
        if let Some(d) = DATE_START.captures(rest) {
            let date = d.get(1).map_or("", |m| m.as_str());
            out.push(date.to_string());
            rest = rest[date.len()..].trim_start();
        }
        out.push(String::new());
    }
    // The prose runs up to a mid-line heading; the heading's text up to its links.
    loop {
        let at = MID_HEADING.find(rest).map(|m| m.start());
        let (prose, next) = match at {
            Some(i) if i > 0 => (&rest[..i], rest[i..].trim_start()),
            _ => (rest, ""),
        };
        let prose_t = prose.trim();
        if prose_t.starts_with('#') {
            if let Some(split) = heading_link_split(prose_t) {
                out.push(prose_t[..split].trim().to_string());
                out.push(String::new());
                out.push(prose_t[split..].trim().to_string());
            } else {
                out.push(prose_t.to_string());
            }
        } else if !prose_t.is_empty() {
            out.push(prose_t.to_string());
        }
        if next.is_empty() {
            break;
        }
        out.push(String::new());
        rest = next;
    }
    out
}

static FIELD_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{L}][\p{L}\p{N}_-]*)::\s*").expect("static regex"));
static DATE_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("static regex"));

/// Length of a leading run of `[[links]]` separated by commas or spaces.
fn link_run_len(s: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let trimmed = rest.trim_start_matches([' ', ',', '"']);
        let skip = rest.len() - trimmed.len();
        if !trimmed.starts_with("[[") {
            // Keep a closing quote with the value.
            return if rest.starts_with('"') { i + 1 } else { i };
        }
        match trimmed.find("]]") {
            Some(end) => i += skip + end + 2,
            None => return s.len(),
        }
    }
}

/// Which reading of the markdown to take the events from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The quick scan ([`crate::scan`]) and the quick front matter reading
    /// ([`frontmatter::quick`]), each falling back to the full parser where it declines.
    Quick,
    /// pulldown-cmark and the YAML parser for every note: what the quick readings must
    /// agree with.
    Full,
}

/// Read the body's markdown events: headings, links and tags. Returns the first H1's text.
fn scan_markdown(note: &mut ParsedNote, reading: Reading, body: &str) -> Option<String> {
    if reading == Reading::Quick {
        let mut reader = Reader::new(note.body_line, body);
        let read = crate::scan::scan(body, |line, (event, range)| {
            reader.event(event, range, Some(line));
        });
        if read.is_some() {
            return reader.finish(note);
        }
        // The scan declined part-way: what it read is dropped, and the full parser reads
        // the whole note.
    }
    let mut reader = Reader::new(note.body_line, body);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        reader.event(event, range, None);
    }
    reader.finish(note)
}

/// Takes headings, links and tags from the markdown events of a body, one event at a time,
/// and gives them to the note at the end ([`Reader::finish`]), so that a reading abandoned
/// part-way leaves the note as it was.
struct Reader<'a> {
    body: &'a str,
    lines: LineCounter<'a>,
    body_line: usize,
    h1: Option<String>,
    heading: Option<(u8, usize, String)>,
    headings: Vec<Heading>,
    /// The links being read, innermost last: each one's index in `links`, and where its
    /// label text starts in `labels`, one buffer for every label of the note.
    open_links: Vec<(Option<usize>, usize)>,
    labels: String,
    in_code_block: bool,
    links: Vec<RawLink>,
    tags: Vec<String>,
}

impl<'a> Reader<'a> {
    fn new(body_line: usize, body: &'a str) -> Reader<'a> {
        Reader {
            body,
            lines: LineCounter::new(body),
            body_line,
            h1: None,
            heading: None,
            headings: Vec::new(),
            open_links: Vec::new(),
            labels: String::new(),
            in_code_block: false,
            links: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Read one event; `starts_on` is the 0-based line of the body it starts on, when the
    /// source of events knows it (else it is counted).
    fn event(&mut self, event: Event<'a>, range: Range<usize>, starts_on: Option<usize>) {
        let body = self.body;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((level_number(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let end = range.end;
                if let Some((level, offset, text)) = self.heading.take() {
                    let text = if text.trim().len() == text.len() {
                        text
                    } else {
                        text.trim().to_string()
                    };
                    if level == 1 && self.h1.is_none() {
                        self.h1 = Some(text.clone());
                    }
                    self.headings.push(Heading {
                        level,
                        anchor: slug(&text),
                        text,
                        offset,
                        end,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    ..
                },
            ) => {
                let image = body[range.clone()].starts_with('!');
                let line_no = starts_on.unwrap_or_else(|| self.lines.line_of(range.start))
                    + 1
                    + self.body_line;
                let link = make_link(link_type, &dest_url, image, range, line_no);
                // A wikilink without `|` has no label of its own: its text is its target.
                let labelled = !matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let index = link.map(|l| {
                    self.links.push(l);
                    self.links.len() - 1
                });
                self.open_links
                    .push((index.filter(|_| labelled), self.labels.len()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((index, start)) = self.open_links.pop() {
                    if let Some(i) = index {
                        let link: &mut RawLink = &mut self.links[i];
                        let label = self.labels[start..].trim();
                        if !label.is_empty()
                            && !link.is_destination(label)
                            && label != &*link.target
                        {
                            link.label = Some(label.into());
                        }
                    }
                    self.labels.truncate(start);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = self.heading.as_mut() {
                    text.push_str(&t);
                }
                if !self.open_links.is_empty() {
                    self.labels.push_str(&t);
                } else if self.heading.is_none()
                    && !self.in_code_block
                    && matches!(event_kind(body, &range), TextKind::Text)
                {
                    find_tags(&t, &mut self.tags);
                }
            }
            _ => {}
        }
    }

    /// Give the note what was read; returns the first H1's text.
    fn finish(self, note: &mut ParsedNote) -> Option<String> {
        note.headings = self.headings;
        // Front matter links came first; most notes have none, and then the vector moves (it is
        // spent when the note's links are widened, so its spare room is not kept).
        if note.links.is_empty() {
            note.links = self.links;
        } else {
            note.links.extend(self.links);
        }
        note.tags.extend(self.tags);
        self.h1
    }
}

enum TextKind {
    Text,
    Code,
}

/// Inline code spans arrive as `Event::Code`, but the offset iterator can hand a text event
/// whose source starts with a backtick in odd cases; treat those as code too.
fn event_kind(body: &str, range: &Range<usize>) -> TextKind {
    if body.as_bytes().get(range.start) == Some(&b'`') {
        TextKind::Code
    } else {
        TextKind::Text
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// The markdown options every stage parses with, so that the reader sees what the loader saw.
pub fn markdown_options() -> Options {
    options()
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Build a link from a pulldown-cmark link or image. Returns `None` for what is not a link to
/// follow (an empty destination).
fn make_link(
    link_type: LinkType,
    dest: &str,
    image: bool,
    range: Range<usize>,
    line: usize,
) -> Option<RawLink> {
    if matches!(link_type, LinkType::WikiLink { .. }) {
        let kind = if image {
            LinkKind::Embed
        } else {
            LinkKind::Wiki
        };
        // In a table the pipe before a label is escaped: `[[T\|label]]`.
        let dest = dest.trim_end_matches('\\');
        return Some(wikilink(kind, dest, None, range, line));
    }
    let dest = dest.trim();
    if dest.is_empty() {
        return None;
    }
    // Logseq block references (`((uuid))`) name a block by its id property, not a file.
    if dest.starts_with("((") && dest.ends_with("))") {
        return None;
    }
    let kind = if image {
        LinkKind::Image
    } else {
        LinkKind::Markdown
    };
    // Logseq writes `[label]([[Page]])`: a wikilink behind a markdown label.
    if let Some(inner) = dest.strip_prefix("[[").and_then(|d| d.strip_suffix("]]")) {
        return Some(wikilink(LinkKind::Wiki, inner, None, range, line));
    }
    let external = has_scheme(dest) || dest.starts_with("//");
    let (target, fragment) = if external {
        (dest.to_string(), None)
    } else {
        match dest.split_once('#') {
            Some((t, f)) => (t.to_string(), fragment(&crate::text::percent_decode(f))),
            None => (dest.to_string(), None),
        }
    };
    Some(RawLink {
        kind,
        target: target.into(),
        fragment: fragment.map(Box::new),
        label: None,
        range,
        line: u32::try_from(line).unwrap_or(u32::MAX),
        external,
    })
}

/// Does `dest` start with a URL scheme (`https:`, `mailto:`): a letter, then letters,
/// digits, `+`, `.` or `-`, then `:`?
fn has_scheme(dest: &str) -> bool {
    let b = dest.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let rest = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    b.get(1 + rest) == Some(&b':')
}

/// A wikilink from its inner text (`Target#Heading|label`).
pub(crate) fn wikilink(
    kind: LinkKind,
    inner: &str,
    label: Option<String>,
    range: Range<usize>,
    line: usize,
) -> RawLink {
    let (dest, label) = match crate::text::split_at_byte(inner, b'|') {
        Some((d, l)) => (
            d,
            label.or_else(|| Some(l.trim().to_string()).filter(|l| !l.is_empty())),
        ),
        None => (inner, label),
    };
    let (target, fragment) = match crate::text::split_at_byte(dest, b'#') {
        Some((t, f)) => (t.trim().to_string(), fragment(f)),
        None => (dest.trim().to_string(), None),
    };
    RawLink {
        kind,
        target: target.into(),
        fragment: fragment.map(Box::new),
        label: label.map(String::into_boxed_str),
        range,
        line: u32::try_from(line).unwrap_or(u32::MAX),
        external: false,
    }
}

fn fragment(f: &str) -> Option<Fragment> {
    // Dendron note references add a range (`#start:#end`) or a count (`#heading,1`) to the
    // fragment; only the place they start at is a place.
    let f = f.split(":#").next().unwrap_or(f);
    let f = match f.rsplit_once(',') {
        Some((head, n)) if n.trim().chars().all(|c| c.is_ascii_digit()) => head,
        _ => f,
    };
    let f = f.trim();
    if f.is_empty() {
        return None;
    }
    if let Some(b) = f.strip_prefix('^') {
        return Some(Fragment::Block(b.trim().to_string()));
    }
    let parts: Vec<String> = f
        .split('#')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    (!parts.is_empty()).then_some(Fragment::Heading(parts))
}

/// Find `#tags` in a run of text: after white space or the start, with at least one
/// character that is not a digit (`#1` is an issue number, not a tag).
fn find_tags(text: &str, tags: &mut Vec<String>) {
    // Only the `#`s are visited (found by memchr), each with the character before it.
    for i in memchr::memchr_iter(b'#', text.as_bytes()) {
        let prev = text[..i].chars().next_back();
        if prev.is_none_or(|p| p.is_whitespace() || p == '(' || p == ',') {
            let rest = &text[i + 1..];
            let end = rest
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
                .map_or(rest.len(), |(j, _)| j);
            let tag = rest[..end].trim_end_matches(['/', '-']);
            // A tag already found as written is not copied again; `dedup` folds case later.
            if !tag.is_empty()
                && tag.chars().any(|c| !c.is_ascii_digit())
                && !tags.iter().any(|t| t == tag)
            {
                tags.push(tag.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_is_a_letter_then_scheme_characters_then_a_colon() {
        for (dest, want) in [
            ("https://e.org", true),
            ("mailto:a@b.org", true),
            ("a+b.c-d:x", true),
            ("C:/notes", true),
            ("note.md", false),
            ("1ab:x", false),
            (":x", false),
            ("a b:x", false),
            ("", false),
        ] {
            assert_eq!(has_scheme(dest), want, "{dest}");
        }
    }

    #[test]
    fn is_destination_agrees_with_destination() {
        let links = [
            "[[Note]]",
            "[[Note#Head]]",
            "[[Note#A#B]]",
            "[[Note#^blk]]",
            "[[#Head]]",
            "[x](a/b.md#sec)",
        ];
        let asked = [
            "",
            "Note",
            "note",
            "Note#",
            "Note#Head",
            "Note#Hea",
            "Note#Head#",
            "Note#A#B",
            "Note#A",
            "Note#AB",
            "Note#^blk",
            "Note^blk",
            "#Head",
            "a/b.md#sec",
            "a/b.md",
        ];
        for text in links {
            let note = parse("n", text);
            let link = &note.links[0];
            for s in asked {
                assert_eq!(
                    link.is_destination(s),
                    link.destination() == s,
                    "{text} {s:?}"
                );
            }
        }
    }

    #[test]
    fn dedup_keeps_the_first_spelling() {
        let mut v: Vec<String> = ["Team", "ops", "TEAM", "Ops", "ΟΔΟΣ", "οδος", "café", "CAFÉ"]
            .map(String::from)
            .to_vec();
        dedup(&mut v);
        assert_eq!(v, ["Team", "ops", "ΟΔΟΣ", "café"]);
    }

    #[test]
    fn parse_into_writes_after_what_the_buffer_holds() {
        let text =
            "---\ntitle: T\n---\nBy:: [[Ann]]\n\n# Head {:.x}\n\nSee [[Other#Head]] #tag ^blk\n";
        let alone = parse(text, text);
        let mut out = String::from("an earlier note's text\n");
        let base = out.len();
        let mut packed = parse_into(text, text, Reading::Quick, &mut out);
        assert_eq!(packed.body, "", "the body goes to the buffer");
        assert_eq!(&out[base..], alone.body);
        // Every offset counts from where the body starts, as it would on its own.
        packed.body = out[base..].to_string();
        assert_eq!(packed, alone);
    }

    fn links(text: &str) -> Vec<String> {
        parse("n", text)
            .links
            .iter()
            .map(|l| {
                let mut s = format!("{:?}:{}", l.kind, l.destination());
                if let Some(label) = &l.label {
                    s.push('|');
                    s.push_str(label);
                }
                s
            })
            .collect()
    }

    macro_rules! link_cases {
        ($($name:ident: $input:expr => [$($want:expr),*];)*) => {$(
            #[test]
            fn $name() {
                let want: Vec<&str> = vec![$($want),*];
                assert_eq!(links($input), want);
            }
        )*};
    }

    link_cases! {
        wiki_plain: "see [[Trust]] now" => ["Wiki:Trust"];
        wiki_label: "[[Trust|faith]]" => ["Wiki:Trust|faith"];
        wiki_heading: "[[Trust#Why it matters]]" => ["Wiki:Trust#Why it matters"];
        wiki_nested_heading: "[[Trust#A#B]]" => ["Wiki:Trust#A#B"];
        wiki_block: "[[Trust#^abc123]]" => ["Wiki:Trust#^abc123"];
        dendron_range_ref: "![[a.b#start,1:#*]]" => ["Embed:a.b#start"];
        logseq_tab_outline_after_heading: "## Terms\n\t- [[term/graph]]\n\t\t- [[deeper]]" => ["Wiki:term/graph", "Wiki:deeper"];
        tab_indented_code_stays_code: "para\n\n\tcode [[no]]\n" => [];
        wiki_same_note: "[[#Heading]]" => ["Wiki:#Heading"];
        embed: "![[Diagram]]" => ["Embed:Diagram"];
        embed_image: "![[chart.png]]" => ["Embed:chart.png"];
        markdown_relative: "[x](other.md)" => ["Markdown:other.md|x"];
        markdown_escaped_space: "[x](my%20note.md#h)" => ["Markdown:my%20note.md#h|x"];
        markdown_angle: "[x](<my note.md>)" => ["Markdown:my note.md|x"];
        markdown_url_kept_external: "[x](https://e.org/a#b)" => ["Markdown:https://e.org/a#b|x"];
        image: "![alt](img/a.webp)" => ["Image:img/a.webp|alt"];
        not_in_code_span: "`[[no]]` and [[yes]]" => ["Wiki:yes"];
        not_in_fence: "```\n[[no]]\n```\n[[yes]]" => ["Wiki:yes"];
        not_in_tilde_fence: "~~~md\n[[no]]\n~~~\n" => [];
        front_matter_quoted: "---\nup: \"[[Home]]\"\n---\nx" => ["FrontMatter:Home"];
        field_value_link: "By:: [[Some Author]]" => ["Wiki:Some Author"];
        logseq_label_link: "[lab]([[Projects]])" => ["Wiki:Projects|lab"];
        table_escaped_pipe: "| a |\n|---|\n| [[T\\|lab]] |" => ["Wiki:T|lab"];
        empty_wiki_is_nothing: "[[]]" => [];
        kramdown_after_link: "[x](https://e.org){:target=\"_blank\"}" => ["Markdown:https://e.org|x"];
    }

    #[test]
    fn title_prefers_front_matter() {
        assert_eq!(parse("file", "---\ntitle: FM\n---\n# H1\n").title, "FM");
    }

    #[test]
    fn title_falls_back_to_h1_then_name() {
        assert_eq!(parse("file", "intro\n# The *H1*\n").title, "The H1");
        assert_eq!(parse("file", "no heading").title, "file");
    }

    #[test]
    fn kramdown_never_reaches_body_or_title() {
        let n = parse(
            "f",
            "---\ntitle: \"Hi {: .x}\"\n---\nRead [this](https://e.org){:target=\"_blank\"} now.\n",
        );
        assert_eq!(n.title, "Hi ");
        assert!(!n.body.contains("{:"), "{}", n.body);
        assert!(n.body.contains("[this](https://e.org) now."));
    }

    #[test]
    fn kramdown_inside_code_is_kept() {
        assert!(parse("f", "`{:x}`\n").body.contains("{:x}"));
    }

    #[test]
    fn fields_become_properties_and_links() {
        let n = parse("f", "# T\nBy:: [[Ann Lee]]\nStatus:: draft\n");
        assert_eq!(
            n.properties,
            vec![
                ("By".into(), "Ann Lee".into()),
                ("Status".into(), "draft".into())
            ]
        );
        assert_eq!(&*n.links[0].target, "Ann Lee");
    }

    #[test]
    fn field_keys_hold_at_most_41_characters() {
        // The limit counts characters, not bytes: `é` is two bytes and one character.
        let longest = format!("K{}", "é".repeat(40));
        let text = format!("{longest}:: yes\nK{}:: no\n", "e".repeat(41));
        let n = parse("f", &text);
        assert_eq!(n.properties, vec![(longest, "yes".into())]);
        let n = parse("f", "A:b:: c\nKey::: d\nKey::e\n");
        assert!(n.properties.is_empty(), "{:?}", n.properties);
    }

    #[test]
    fn logseq_alias_and_tags_split_on_commas() {
        let n = parse(
            "f",
            "alias:: PKM, [[Second Brain]]\ntags:: a, [[b c]]\n\n- text",
        );
        assert_eq!(n.aliases, vec!["PKM", "Second Brain"]);
        assert_eq!(n.tags, vec!["a", "b c"]);
    }

    #[test]
    fn front_matter_aliases_tags_and_date() {
        let n = parse(
            "f",
            "---\naliases: [One, Two]\ntags:\n  - x\n  - y/z\ndate: 2024-02-03\nlayout: post\n---\n",
        );
        assert_eq!(n.aliases, vec!["One", "Two"]);
        assert_eq!(n.tags, vec!["x", "y/z"]);
        assert_eq!(n.date.as_deref(), Some("2024-02-03"));
        assert_eq!(n.properties, vec![("date".into(), "2024-02-03".into())]);
    }

    #[test]
    fn broken_front_matter_warns_and_body_loads() {
        let n = parse("f", "---\ntitle: [oops\n---\n# Body\n[[x]]");
        assert_eq!(n.warnings.len(), 1, "{:?}", n.warnings);
        assert_eq!(n.title, "Body");
        assert_eq!(n.links.len(), 1);
    }

    #[test]
    fn tags_in_text_not_headings_code_or_urls() {
        let n = parse(
            "f",
            "# #nothead\nA #idea and #area/work, not #123 or `#code` or https://e.org/#frag\n",
        );
        assert_eq!(n.tags, vec!["idea", "area/work"]);
    }

    #[test]
    fn headings_and_blocks() {
        let n = parse("f", "## Why Trust?\ntext ^blk-1\n");
        assert_eq!(n.headings[0].text, "Why Trust?");
        assert_eq!(n.headings[0].anchor, "why-trust");
        assert_eq!(n.blocks[0].id, "blk-1");
        assert!(!n.body.contains("^blk-1"));
    }

    #[test]
    fn link_lines_count_front_matter() {
        let n = parse("f", "---\na: 1\n---\n\n[[x]]\n");
        assert_eq!(n.links[0].line, 5);
    }

    #[test]
    fn run_on_garden_note_is_repaired() {
        let n = parse(
            "f",
            "# Why Teams Drift By:: [[Mara Quinn]] 2023-11-16 Much is written about drift. It starts small. #### Related Items [[Management]] [[Trust]]",
        );
        assert_eq!(n.title, "Why Teams Drift");
        assert_eq!(
            n.properties,
            vec![
                ("By".into(), "Mara Quinn".into()),
                ("date".into(), "2023-11-16".into())
            ]
        );
        assert_eq!(n.date.as_deref(), Some("2023-11-16"));
        assert!(n.body.contains("\n2023-11-16  \n"), "{}", n.body);
        assert!(
            n.body
                .contains("\nMuch is written about drift. It starts small.\n"),
            "{}",
            n.body
        );
        assert_eq!(
            n.headings
                .iter()
                .map(|h| (h.level, h.text.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "Why Teams Drift"), (4, "Related Items")]
        );
        let targets: Vec<_> = n.links.iter().map(|l| &*l.target).collect();
        assert_eq!(targets, vec!["Mara Quinn", "Management", "Trust"]);
    }

    #[test]
    fn related_heading_with_links_on_same_line_is_split() {
        let n = parse("f", "text\n\n#### Related Items [[A]] [[B]]\n");
        assert_eq!(n.headings[0].text, "Related Items");
        assert_eq!(n.links.len(), 2);
    }

    #[test]
    fn ordinary_heading_with_one_link_is_left_alone() {
        let n = parse("f", "## About [[A]]\n");
        assert_eq!(n.headings[0].text, "About A");
    }

    #[test]
    fn indented_field_belongs_to_its_list_item() {
        let n = parse("f", "- item\n  type:: [[Meetings]]\n");
        assert!(n.properties.is_empty(), "{:?}", n.properties);
        assert_eq!(&*n.links[0].target, "Meetings");
        assert!(n.body.contains("  type:: [[Meetings]]"));
    }

    #[test]
    fn code_with_double_colon_is_not_a_field() {
        let n = parse("f", "Use std::vec here.\n```\nKey:: no\n```\n");
        assert!(n.properties.is_empty());
    }
}
