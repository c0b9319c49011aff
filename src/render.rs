//! Laying a note out for reading: markdown events in, wrapped and styled lines out, with where
//! each link landed. Pure; the reader pane draws the result and `show` prints it as text.
//!
//! Its rooms: [`writer`] places words into lines of a width and tracks where each link
//! lands; [`header`] draws the title and fields; [`blocks`] turns markdown events into
//! calls on the writer, with [`html`] (HTML read for its text), [`footnotes`] (gathered at
//! the end) and [`embed`] (other notes drawn in place); [`highlight`] colours code after the
//! layout; [`tables`] draws a table; [`topic`] and [`tag`] lay out a topic's and a tag's
//! page; [`styles`] is the look of every kind of text.
//!
//! Every piece of note text passes through [`crate::text::clean_line`] in the writer, so
//! nothing that leaves this module carries a control character.

mod blocks;
mod embed;
mod footnotes;
mod header;
pub mod highlight;
mod html;
pub mod styles;
mod tables;
mod tag;
mod topic;
mod writer;

pub use tag::{TagSpot, tag};
pub use topic::topic;

use crate::graph::{Graph, Note, NoteId};
use crate::parse::markdown_options;
use crate::text::clean_line;
use blocks::Renderer;
use header::header;
use pulldown_cmark::{Event, Parser, Tag};
use ratatui::text::Line;
use writer::Writer;

/// A note laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    /// The links in reading order, with where they were drawn.
    pub links: Vec<LinkSpot>,
    /// (byte offset in the body, rendered line) for each block, in order, so that a heading or
    /// block link can scroll to its place.
    pub anchors: Vec<(usize, usize)>,
    /// The code blocks with a language, drawn plain, for [`highlight::Colourer`] to colour.
    pub code: Vec<CodeBlock>,
}

/// A code block fenced with a language, as laid out.
#[derive(Debug, Clone, Default)]
pub struct CodeBlock {
    pub lang: String,
    /// Each line of the block as shown, with where its pieces were drawn: (rendered line,
    /// span), one piece per rendered line it wraps over.
    pub lines: Vec<(String, Vec<(usize, usize)>)>,
}

/// One stretch of a link on one rendered line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// The rendered line.
    pub line: usize,
    /// The first column.
    pub col: u16,
    pub width: u16,
}

impl LinkSpot {
    /// The note whose `links` this spot indexes, on the page of note `page`.
    pub fn owner(&self, page: NoteId) -> NoteId {
        self.from.unwrap_or(page)
    }
}

impl Piece {
    /// Does this piece cover column `col` of rendered line `line`?
    pub fn covers(&self, line: usize, col: u16) -> bool {
        self.line == line && col >= self.col && col < self.col + self.width
    }
}

/// The most notes deep an embed draws embeds of its own (`![[A]]` in a note that `B`
/// embeds); deeper ones stay a one-line placeholder.
pub const MAX_EMBED_DEPTH: usize = 3;

/// The most bytes of other notes one page draws through embeds; past it, embeds stay
/// placeholders, so a page of a thousand embeds of a large note is still laid out in time.
pub const MAX_EMBEDDED: usize = 4 << 20;

/// What [`LinkSpot::link`] holds for a spot that is not one of the note's links.
pub const NO_LINK: usize = usize::MAX;

/// Where one link of a note was drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    /// Index into the note's `links` ([`NO_LINK`] for a jump within the page).
    pub link: usize,
    /// The note `link` belongs to when it is not the page's own: a link inside an embedded
    /// (transcluded) note.
    pub from: Option<NoteId>,
    /// Each piece, one per line the link spans.
    pub pieces: Vec<Piece>,
    /// A jump within the page (a footnote's marker, or the way back from its note): the
    /// rendered line it leads to.
    pub line: Option<usize>,
    /// The head of a foldable callout: the byte offset in the body where it starts. Enter
    /// folds or unfolds it ([`Look::flipped`]).
    pub fold: Option<usize>,
    /// A `#tag`: Enter opens its page.
    pub tag: Option<crate::graph::TagId>,
}

impl Rendered {
    /// The rendered line for a byte offset in the body: the block that holds it.
    pub fn line_for_offset(&self, offset: usize) -> usize {
        let i = self.anchors.partition_point(|&(o, _)| o <= offset);
        if i == 0 { 0 } else { self.anchors[i - 1].1 }
    }

    /// The whole note as plain text, one line per rendered line.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let s: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            out.push_str(s.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Which of a note's fields (front matter and `key:: value` lines) its header shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fields<'a> {
    /// Every field a reader wants: all but presentation keys ([`is_presentation`]).
    #[default]
    Reading,
    /// Only these, by name in any case (`date`, `aliases`, `tags` among them).
    Only(&'a [String]),
    /// Every field, presentation keys too (the reader's `i`).
    All,
}

impl Fields<'_> {
    /// Does the header show the field `name`?
    pub fn shows(self, name: &str) -> bool {
        match self {
            Fields::Reading => !is_presentation(name),
            Fields::Only(names) => names.iter().any(|k| k.eq_ignore_ascii_case(name)),
            Fields::All => true,
        }
    }

    /// Is the field `name` left out of the text as well as the header?
    pub fn hides(self, name: &str) -> bool {
        self != Fields::All && is_presentation(name)
    }
}

/// Keys that tell a publishing tool or a plugin how to show a note, not what it says:
/// Obsidian's `cssclasses` and `publish`, Jekyll's `layout` and `permalink`, banner and
/// kanban plugins, and Logseq's block properties (`collapsed`, `id`, `logseq.…`).
pub fn is_presentation(key: &str) -> bool {
    const KEYS: [&str; 24] = [
        "cssclass",
        "cssclasses",
        "publish",
        "permalink",
        "layout",
        "banner",
        "banner_x",
        "banner_y",
        "banner_icon",
        "banner_lock",
        "toc",
        "mobile",
        "kanban-plugin",
        "excalidraw-plugin",
        "obsidianuimode",
        "sticker",
        "icon",
        "share",
        "comments",
        "redirect_from",
        "nav_order",
        "has_children",
        "collapsed",
        "id",
    ];
    let key = key.trim();
    key.len() >= 2
        && (KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
            || key.to_ascii_lowercase().starts_with("logseq."))
}

/// How a note is to be read: which fields its header shows, and how its vault draws a
/// single line break.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look<'a> {
    pub fields: Fields<'a>,
    pub line_breaks: crate::load::obsidian::LineBreaks,
    /// Callouts (by the body offset where each starts) shown the other way from how they
    /// were written: `[!note]-` open, `[!note]+` folded.
    pub flipped: &'a [usize],
    /// Code blocks drawn plain, not coloured by their language.
    pub plain_code: bool,
}

/// Lay out `note` at `width` columns, its header showing what a reader wants.
pub fn render(graph: &Graph, note: &Note, width: u16) -> Rendered {
    render_with(graph, note, width, Look::default())
}

/// Lay out `note` at `width` columns, as `look` says.
pub fn render_with(graph: &Graph, note: &Note, width: u16, look: Look<'_>) -> Rendered {
    let fields = look.fields;
    let width = width.max(8);
    let mut w = Writer::new(width);
    header(&mut w, graph, note, fields);
    let mut r = Renderer::new(w, graph, note, look, vec![note.id]);
    for (event, range) in Parser::new_ext(&note.body, markdown_options()).into_offset_iter() {
        r.event(event, range);
    }
    r.w.flush();
    r.footnotes_at_end();
    while r
        .w
        .lines
        .last()
        .is_some_and(|l| l.spans.iter().all(|s| s.content.trim().is_empty()))
    {
        r.w.lines.pop();
    }
    r.w.into_rendered()
}

/// One line of a note's markdown as the reader would show its words: link labels instead of
/// `[[...]]`, no emphasis markers or list bullets. For context lines in the side pane and on
/// topic pages.
pub fn plain_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for event in Parser::new_ext(line, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::InlineMath(m) => {
                out.push('$');
                out.push_str(&m);
                out.push('$');
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.push_str("[image ");
                out.push_str(&dest_url);
                out.push(']');
            }
            _ => {}
        }
    }
    clean_line(out.trim()).into_owned()
}
