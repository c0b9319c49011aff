//! Parsing one note: text in, [`ParsedNote`] out. Pure: no file system, no terminal.
//!
//! Two passes over the body, each in its own module:
//! - `lines`, the line pass: what the markdown parser cannot do. It drops kramdown
//!   attribute lists, lifts `^block` ids, collects `key:: value` fields, and repairs garden
//!   notes whose line breaks were lost. What it writes is the note's `body`, the one text
//!   that `show`, the reader and search all see.
//! - `events`: links, headings and tags from the body's markdown events (pulldown-cmark),
//!   so nothing inside code is mistaken for a link.
//!
//! This module holds the note's types, the front matter's mapping onto them, and
//! [`parse_into`], which runs the passes in order.

mod events;
pub mod frontmatter;
mod lines;

pub(crate) use events::wikilink;
pub use events::{heading_level, markdown_options, tag_spans};

use crate::text::SharedStr;
use frontmatter::Yaml;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Everything trail knows about one note after parsing, before links are resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedNote {
    /// What the note is called: front matter `title`, else a `title::` field, else the file
    /// name; or, where the file name is only an id ([`is_id_name`]), the H1 the note opens
    /// with.
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
    /// Places named in HTML (`<a name="f1">`, `id="f1"`) or by kramdown (`{#f1}`), which a
    /// `#f1` fragment may point at.
    pub anchors: Vec<BlockId>,
    pub links: Vec<RawLink>,
    /// The markdown that everything downstream reads (see the module docs). Empty when the
    /// note was parsed with [`parse_into`], which writes it to the caller's buffer.
    pub body: String,
    /// How many lines of the file precede `body` (the front matter), so that a 0-based body
    /// line `n` is line `n + 1 + body_line` of the file (unless `line_map` says otherwise).
    pub body_line: usize,
    /// The file line of each body line, where the line pass split a file line into several
    /// (a garden note whose line breaks were lost); empty when body lines follow the file's
    /// one for one. See [`file_line`].
    pub line_map: Vec<u32>,
    /// Problems with this note that did not stop it loading.
    pub warnings: Vec<String>,
    /// Lines of `body` (newline included) that are the note's own `key:: value` fields or
    /// its date line. The reader shows them in the note's header instead of the text.
    pub field_lines: Vec<Range<usize>>,
    /// Text of the file that is not in `body` (the front matter, kramdown attribute lists,
    /// `^block` ids), so that search finds every word the file holds.
    pub hidden: Vec<Hidden>,
    /// Whether the file holds `ſ` or `K`, which fold to ASCII letters: search counts such a
    /// note with the regex crate instead of its ASCII fast path (see [`crate::search::literal`]).
    pub fold_traps: bool,
}

/// The 1-based file line of the 0-based body line `n`, given a note's `body_line` and
/// `line_map` ([`ParsedNote::line_map`]): never a line the file does not have.
pub fn file_line(body_line: usize, line_map: &[u32], n: usize) -> usize {
    if line_map.is_empty() {
        return body_line + 1 + n;
    }
    let at = line_map.get(n).or(line_map.last()).copied().unwrap_or(0);
    usize::try_from(at).unwrap_or(usize::MAX)
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
    /// The link as the user wrote its destination: the target, then `#` and each heading,
    /// or `#^` and the block id (`Target#Heading`).
    pub fn destination(&self) -> String {
        let mut out = self.target.to_string();
        match self.fragment.as_deref() {
            Some(Fragment::Heading(headings)) => {
                for h in headings {
                    out.push('#');
                    out.push_str(h);
                }
            }
            Some(Fragment::Block(b)) => {
                out.push_str("#^");
                out.push_str(b);
            }
            None => {}
        }
        out
    }
}

static WIKI_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]\n]+)\]\]").expect("static regex"));

/// Properties that tools write for themselves and a reader never needs to see.
const HIDDEN_PROPERTIES: &[&str] = &["id", "collapsed", "layout", "permalink"];

/// Parse one note. `name` is the file name without extension, the title of last resort.
pub fn parse(name: &str, text: &str) -> ParsedNote {
    let mut body = String::new();
    let mut note = parse_into(name, text, &mut body);
    note.body = body;
    note
}

/// [`parse`], but the body is written at the end of `out` and the note's own `body` is
/// left empty; offsets in the note count from where the body starts in `out`. The loader
/// parses a run of notes into one buffer this way, so that each body is written once,
/// straight to where it will be kept ([`crate::graph::pack::Packer`]).
pub fn parse_into(name: &str, text: &str, out: &mut String) -> ParsedNote {
    let split = frontmatter::split(text);
    let mut note = ParsedNote {
        body_line: split.body_line,
        fold_traps: !text.is_ascii() && crate::text::has_fold_traps(text.as_bytes()),
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
        match frontmatter::parse(yaml) {
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
    let fields = lines::normalize(split.body, &mut note, out);
    // Only fields on lines of their own belong to the note; one inside a list item is a
    // property of that item (Logseq block properties such as `id::`).
    for field in fields.into_iter().filter(|f| f.own_line) {
        add_field(&mut note, &field.key, &field.value);
        note.field_lines.push(field.range);
    }
    let field_title = std::mem::take(&mut note.title);
    let h1 = events::scan_markdown(&mut note, &out[base..]);
    // The note opens with its H1 when nothing but white space stands before it.
    let opening_h1 = h1.filter(|_| {
        note.headings
            .first()
            .is_some_and(|h| h.level == 1 && out[base..base + h.offset].trim().is_empty())
    });
    note.title = [fm_title, Some(field_title)]
        .into_iter()
        .flatten()
        .chain(opening_h1.filter(|_| is_id_name(name)))
        .find(|t| !t.trim().is_empty())
        .unwrap_or_else(|| display_name(name));
    dedup(&mut note.tags);
    dedup(&mut note.aliases);
    note
}

/// A file name as Logseq shows it: `A___B` is the page `A/B`, and `%3F` is `?`.
fn display_name(name: &str) -> String {
    let name = if name.contains("___") {
        std::borrow::Cow::Owned(name.replace("___", "/"))
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    crate::text::percent_decode(&name).into_owned()
}

/// Is this file name only an id, which a reader would not recognise a note by? A timestamp
/// (at least 12 digits, with any of `-`, `_`, `.`, ` `, `T` between: `202301051234`,
/// `2023-01-05T12-34`), or 8 or more hex digits with a letter and a digit (`3f9a1c2b`). A
/// date alone (`2024-01-05`) is a name: daily notes are known by their date.
pub fn is_id_name(name: &str) -> bool {
    let digits = name.bytes().filter(u8::is_ascii_digit).count();
    let timestamp = digits >= 12
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-_. T".contains(&b));
    let hash = name.len() >= 8
        && name.bytes().all(|b| b.is_ascii_hexdigit())
        && digits > 0
        && digits < name.len();
    timestamp || hash
}

/// Keep the first of the names that are equal but for case. A note has a handful of tags
/// and aliases: comparing each with those kept costs less than hashing lower-cased copies.
fn dedup(v: &mut Vec<String>) {
    if v.len() < 2 {
        return;
    }
    // Each name's lower-cased key is made once and looked up in a set: a note with 100k
    // tags costs 100k lookups, not 100k² comparisons.
    let mut seen = std::collections::HashSet::with_capacity(v.len());
    v.retain(|s| seen.insert(s.to_lowercase()));
}

/// Take what trail uses from the front matter; returns the title if one is given.
fn read_front_matter(note: &mut ParsedNote, map: Vec<(String, Yaml)>) -> Option<String> {
    let mut title = None;
    for (key, value) in map {
        match key.to_lowercase().as_str() {
            "title" => title = Some(lines::strip_kramdown(&frontmatter::display(&value))),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut packed = parse_into(text, text, &mut out);
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

    /// What a note is called, as Obsidian, Logseq and Quartz show it (`docs/links.md`,
    /// "Titles"): file name, then front matter or field title; an H1 only names a note
    /// whose file name is an id, and only when the note opens with it.
    #[test]
    fn titles_as_the_vaults_own_tools_show_them() {
        for (name, text, want) in [
            ("2024-01-05", "# Todo\n- [ ] call Ann\n", "2024-01-05"),
            (
                "Drift",
                "Some prose first.\n\n# Example\n\n# Process\n",
                "Drift",
            ),
            ("mq", "# Mara Quinn\n\nWrites about teams.\n", "mq"),
            (
                "Why Teams Drift",
                "# Why Teams Drift\nBy:: [[Mara Quinn]]\n",
                "Why Teams Drift",
            ),
            (
                "2024-03-15-hiring",
                "---\nlayout: post\ntitle: \"Hiring for Slope\"\n---\n# Other\n",
                "Hiring for Slope",
            ),
            (
                "page",
                "title:: Custom Page Title\n- block\n",
                "Custom Page Title",
            ),
            (
                "202301051234",
                "# Notes on trust\n\ntext\n",
                "Notes on trust",
            ),
            ("2023-01-05T12-34-56", "\n# Opening H1\n", "Opening H1"),
            ("3f9a1c2b", "# Hashed Note\n", "Hashed Note"),
            ("202301051234", "prose first\n# Later H1\n", "202301051234"),
            ("202301051234", "## Not an H1\n", "202301051234"),
            (
                "Whiteboard___Action Bar",
                "- block\n",
                "Whiteboard/Action Bar",
            ),
            ("New to Logseq%3F", "- block\n", "New to Logseq?"),
            ("deadbeef", "# Not a hash: no digit\n", "deadbeef"),
        ] {
            assert_eq!(parse(name, text).title, want, "{name}: {text:?}");
        }
    }

    #[test]
    fn obsidian_comments_hold_no_links_or_tags() {
        let n = parse(
            "c",
            "#seen %% #unseen [[Hidden]] %% [[Shown]]\n\n%%\nblock [[Also Hidden]] #no\n\nstill hidden\n%%\n#after\n",
        );
        let targets: Vec<&str> = n.links.iter().map(|l| &*l.target).collect();
        assert_eq!(targets, ["Shown"]);
        assert_eq!(n.tags, ["seen", "after"]);
        // Still in the body: search finds what a comment holds.
        assert!(n.body.contains("#unseen [[Hidden]]"));
    }

    #[test]
    fn id_names_are_timestamps_and_hashes_not_dates() {
        for (name, id) in [
            ("202301051234", true),
            ("20230105123456", true),
            ("2023-01-05 1234 56", true),
            ("2023-01-05", false),
            ("20230105", false),
            ("3f9a1c2b", true),
            ("3f9a1c2b0d", true),
            ("cafebabe", false),
            ("12345678", false),
            ("Meeting 2023", false),
            ("", false),
        ] {
            assert_eq!(is_id_name(name), id, "{name}");
        }
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
        assert_eq!(n.title, "f");
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
        assert_eq!(n.headings[0].text, "Why Teams Drift");
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
