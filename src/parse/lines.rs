//! The line pass over a note's body ([`normalize`]): what the markdown parser cannot do.
//! Kramdown attribute lists are dropped, `^block` ids lifted out, `key:: value` fields
//! collected, and garden notes whose line breaks were lost are split back into their lines.
//! Most lines are prose and pass through after a few byte checks; the regexes run only on
//! lines those checks let through.

use super::{BlockId, Hidden, ParsedNote};
use crate::text::{SharedStr, has_pair};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

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
/// A kramdown attribute list (`{:target="_blank"}`, `{: .class}`) or header id (`{#id}`).
static KRAMDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{:[^}\n]*\}|\{#[A-Za-z][\w:.-]*\}").expect("static regex"));
/// An id a kramdown attribute list gives the block it stands on: `{#id}`, `{: #id}`.
static KRAMDOWN_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{:?\s*#([A-Za-z][\w:.-]*)").expect("static regex"));
/// An HTML anchor: `<a name="f1">`, or any tag's `id="f1"`.
static HTML_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<[A-Za-z][^>]*?\s(?:name|id)\s*=\s*["']?([^"'\s>]+)"#).expect("static regex")
});
/// A Jekyll citation, `[[1]](https://...)`: a markdown link whose text is `[1]`, not a
/// wikilink followed by text.
static CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]\n]*)\]\]\(").expect("static regex"));
/// A link destination built by Liquid (`({{ site.baseurl }}/about)`, `({% link a.md %})`),
/// whose spaces would keep the markdown parser from reading a link.
static LIQUID_DEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\((\{[{%][^()<>\n]*?[}%]\}[^()<>\s]*)\)").expect("static regex")
});
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
pub(super) fn strip_kramdown(line: &str) -> String {
    strip_kramdown_into(line, &mut Vec::new()).into_owned()
}

/// [`strip_kramdown`], keeping what was removed.
fn strip_kramdown_into<'a>(line: &'a str, removed: &mut Vec<String>) -> std::borrow::Cow<'a, str> {
    if !(has_pair(line, b'{', b':') || has_pair(line, b'{', b'#')) {
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
pub(super) fn normalize(body: &str, note: &mut ParsedNote, out: &mut String) -> Vec<Field> {
    out.reserve(body.len() + 16);
    let base = out.len();
    let mut fields = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut prev_field = false;
    let mut removed = Vec::new();
    // Body line → file line, made only once a repaired line has become several.
    let mut line_map: Option<Vec<u32>> = None;
    let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for (index, raw) in crate::text::lines_inclusive(body).enumerate() {
        let file_line = note.body_line + index + 1;
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((ch, len)) = fence {
            out.push_str(line);
            out.push('\n');
            if let Some(map) = &mut line_map {
                map.push(as_u32(file_line));
            }
            if fence_closes(line.trim_start().as_bytes(), ch, len) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = fence_open(line.trim_start().as_bytes()) {
            fence = Some(open);
            out.push_str(line);
            out.push('\n');
            if let Some(map) = &mut line_map {
                map.push(as_u32(file_line));
            }
            prev_field = false;
            continue;
        }
        let line_start = out.len() - base;
        // Most lines pass through unchanged: borrow them rather than copy twice.
        let indented = outline_indent(line);
        let cited = cite(&indented);
        if let std::borrow::Cow::Owned(_) = cited {
            // The line as written stays searchable: the body holds it rewritten.
            note.hidden.push(Hidden {
                line: file_line,
                text: SharedStr::new(indented.to_string()),
            });
        }
        let stripped = strip_kramdown_into(&cited, &mut removed);
        let mut line: &str = &stripped;
        for text in removed.drain(..) {
            if let Some(c) = KRAMDOWN_ID.captures(&text) {
                note.anchors.push(BlockId {
                    id: c[1].to_string(),
                    offset: line_start,
                });
            }
            note.hidden.push(Hidden {
                line: file_line,
                text: SharedStr::new(text),
            });
        }
        if line.contains('<') {
            for c in HTML_ANCHOR.captures_iter(line) {
                note.anchors.push(BlockId {
                    id: c[1].to_string(),
                    offset: line_start,
                });
            }
        }
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
            let pieces = repair(line);
            if pieces.len() != 1 && line_map.is_none() {
                line_map = Some((0..index).map(|i| as_u32(note.body_line + i + 1)).collect());
            }
            for piece in &pieces {
                push_line(out, base, piece, &mut fields, &mut prev_field);
            }
            if let Some(map) = &mut line_map {
                map.extend(std::iter::repeat_n(as_u32(file_line), pieces.len()));
            }
        } else {
            push_line(out, base, line, &mut fields, &mut prev_field);
            if let Some(map) = &mut line_map {
                map.push(as_u32(file_line));
            }
        }
    }
    note.line_map = line_map.unwrap_or_default();
    fields
}

/// `[[1]](url)` → `[\[1\]](url)`: the brackets escaped, so that the markdown parser reads a
/// link with the text `[1]` (a Jekyll citation) instead of a wikilink to a note `1`. And a
/// Liquid destination is put in angle brackets, so that it is read as one.
fn cite(line: &str) -> std::borrow::Cow<'_, str> {
    // A code span is shown as written.
    if !line.contains("](") || line.contains('`') {
        return std::borrow::Cow::Borrowed(line);
    }
    let cited = if line.contains("]](") {
        CITATION.replace_all(line, r"[\[$1\]](")
    } else {
        std::borrow::Cow::Borrowed(line)
    };
    if !(cited.contains("({{") || cited.contains("({%")) {
        return cited;
    }
    // In angle brackets a destination may hold spaces.
    std::borrow::Cow::Owned(LIQUID_DEST.replace_all(&cited, "](<$1>)").into_owned())
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
pub(super) struct Field {
    pub(super) key: String,
    pub(super) value: String,
    /// The whole line in the body, newline included.
    pub(super) range: Range<usize>,
    pub(super) own_line: bool,
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
        // A mid-line field has words before it (not just an indent, a list marker or a
        // quote bar), and counts only outside brackets and code.
        let lead = before.trim_start_matches(|c: char| c.is_whitespace() || "-*+>".contains(c));
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

/// Does `rest` (indent removed) open a code fence? Returns its character and length.
fn fence_open(rest: &[u8]) -> Option<(u8, usize)> {
    let c = *rest.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// Does `rest` (indent removed) close a fence of `len` characters `ch`?
fn fence_closes(rest: &[u8], ch: u8, len: usize) -> bool {
    let run = rest.iter().take_while(|&&b| b == ch).count();
    run >= len && rest[run..].iter().all(|&b| b == b' ' || b == b'\t')
}
