//! Links, headings and tags from a body's markdown events, as pulldown-cmark reads them:
//! a `[[x]]` inside code is not a link. A [`Reader`] takes one event at a time.

use super::{Fragment, Heading, LinkKind, ParsedNote, RawLink};
use crate::text::{LineCounter, slug};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Read the body's markdown events: headings, links and tags. Returns the first H1's text.
pub(super) fn scan_markdown(note: &mut ParsedNote, body: &str) -> Option<String> {
    let line_map = std::mem::take(&mut note.line_map);
    let mut reader = Reader::new(note.body_line, &line_map, body);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        reader.event(event, range);
    }
    let h1 = reader.finish(note);
    note.line_map = line_map;
    h1
}

/// Takes headings, links and tags from the markdown events of a body, one event at a time,
/// and gives them to the note at the end ([`Reader::finish`]).
struct Reader<'a> {
    body: &'a str,
    line_map: &'a [u32],
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
    /// The tags found so far, as written, so that a repeat is not kept twice.
    seen_tags: std::collections::HashSet<String>,
    /// Inside an Obsidian comment (`%% … %%`): no links, no tags.
    in_comment: bool,
}

impl<'a> Reader<'a> {
    fn new(body_line: usize, line_map: &'a [u32], body: &'a str) -> Reader<'a> {
        Reader {
            body,
            line_map,
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
            seen_tags: std::collections::HashSet::new(),
            in_comment: false,
        }
    }

    /// Read one event.
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        let body = self.body;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((heading_level(level), range.start, String::new()));
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
                let line_no = super::file_line(
                    self.body_line,
                    self.line_map,
                    self.lines.line_of(range.start),
                );
                // A link inside an Obsidian comment (`%% … %%`) is not one.
                let link = if self.in_comment {
                    None
                } else {
                    make_link(link_type, &dest_url, image, range, line_no)
                };
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
                            && link.destination() != label
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
                let prose =
                    !self.in_code_block && matches!(event_kind(body, &range), TextKind::Text);
                if !self.open_links.is_empty() {
                    self.labels.push_str(&t);
                } else if prose && self.heading.is_none() {
                    // Tags only in what is not commented out.
                    for (i, piece) in t.split("%%").enumerate() {
                        if (i % 2 == 1) != self.in_comment {
                            continue;
                        }
                        find_tags(piece, &mut self.tags, &mut self.seen_tags);
                    }
                }
                if prose && t.matches("%%").count() % 2 == 1 {
                    self.in_comment = !self.in_comment;
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
        | Options::ENABLE_MATH
}

/// The markdown options every stage parses with, so that the reader sees what the loader saw.
pub fn markdown_options() -> Options {
    options()
}

/// A heading's level as a number, 1 to 6.
pub fn heading_level(level: HeadingLevel) -> u8 {
    // `HeadingLevel`'s discriminants are its numbers, H1 = 1 to H6 = 6.
    level as u8
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
    // An email autolink (`<name@example.org>`) is external, as is a link built by Liquid
    // (`{{ site.baseurl }}/...`, `{% link ... %}`): a site link, not a note of this folder.
    let email = matches!(link_type, LinkType::Email);
    let liquid = dest.contains("{{") || dest.contains("{%");
    let external = email || liquid || has_scheme(dest) || dest.starts_with("//");
    let (target, fragment) = if email && !dest.starts_with("mailto:") {
        (format!("mailto:{dest}"), None)
    } else if external {
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
fn find_tags(text: &str, tags: &mut Vec<String>, seen: &mut std::collections::HashSet<String>) {
    for range in tag_spans(text) {
        let tag = &text[range.start + 1..range.end];
        // A tag already found as written is not copied again; `dedup` folds case later.
        if !seen.contains(tag) {
            seen.insert(tag.to_string());
            tags.push(tag.to_string());
        }
    }
}

/// Where `#tags` stand in a run of text, `#` included: after white space, `(`, `,` or the
/// start, with at least one character that is not a digit. The reader draws these as tags.
pub fn tag_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    // Only the `#`s are visited (found by memchr), each with the character before it.
    memchr::memchr_iter(b'#', text.as_bytes()).filter_map(move |i| {
        let prev = text[..i].chars().next_back();
        if !prev.is_none_or(|p| p.is_whitespace() || p == '(' || p == ',') {
            return None;
        }
        let rest = &text[i + 1..];
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
            .map_or(rest.len(), |(j, _)| j);
        let tag = rest[..end].trim_end_matches(['/', '-']);
        (!tag.is_empty() && tag.chars().any(|c| !c.is_ascii_digit()))
            .then_some(i..i + 1 + tag.len())
    })
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
}
