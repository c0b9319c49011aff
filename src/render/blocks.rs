//! Markdown events → calls on the [`Writer`]: paragraphs, headings, lists, quotes and
//! callouts (folded or open), code, links and images. The renderer's other rooms add to it:
//! the HTML in `html`, footnotes in `footnotes`, embeds in `embed`.

use super::footnotes::Footnotes;
use super::header::field_key;
use super::html::HtmlState;
use super::styles;
use super::tables::Table;
use super::writer::Writer;
use crate::graph::{Graph, Note, Target};
use crate::parse::heading_level;
use crate::text::clean_line;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use std::collections::HashMap;

/// Is this event part of a line's text (rather than the start or end of a block)?
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => true,
    }
}

pub(super) struct List {
    pub(super) next: Option<u64>,
}

/// Source text the renderer is passing over rather than showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Skipping {
    Nothing,
    /// An opening `# Title` that repeats the header.
    Title,
    /// The `[!kind]` marker (and its `+`/`-` fold sign) opening a callout, up to this
    /// offset in the body: shown as the header's kind instead.
    CalloutMarker(usize),
}

pub(super) struct Renderer<'a> {
    pub(super) w: Writer,
    pub(super) graph: &'a Graph,
    pub(super) note: &'a Note,
    pub(super) by_start: HashMap<usize, usize>,
    /// Open links: (link index, pieces so far).
    pub(super) link: Vec<Option<usize>>,
    pub(super) lists: Vec<List>,
    pub(super) table: Option<Table>,
    pub(super) skipping: Skipping,
    /// Inside a code block.
    pub(super) in_code: InCode,
    pub(super) heading: Option<u8>,
    pub(super) image_depth: usize,
    /// The next paragraph starts on the current line (after a list marker or footnote label).
    pub(super) para_inline: bool,
    /// Obsidian's inline marks open at this point of the text.
    pub(super) marks: Marks,
    /// The lines of `key:: value` fields the header shows, left out of the text.
    pub(super) in_header: Vec<std::ops::Range<usize>>,
    /// Where the note's HTML is.
    pub(super) html: HtmlState,
    /// On a callout's title line, drawn as its header.
    pub(super) callout_title: bool,
    /// The note's footnotes: references met, and definitions kept for the end.
    pub(super) footnotes: Footnotes,
    /// Which fields are hidden from the text, and how a single line break is drawn.
    pub(super) look: super::Look<'a>,
    /// The notes being drawn: the page's first, then each embed inside the one before.
    pub(super) chain: Vec<crate::graph::NoteId>,
    /// [`Writer::blocks`] when this note's text began: no block of it drawn yet while equal.
    pub(super) blocks_before: usize,
    /// Inside an embed that is drawn in full when it ends: its link's index.
    pub(super) embedding: Option<usize>,
    /// Block quotes open.
    pub(super) quotes: usize,
    /// A folded callout's body being passed over.
    pub(super) fold: Fold,
}

/// Whether the renderer is in a code block, and whether its lines are kept for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InCode {
    No,
    /// In a block with no language.
    Plain,
    /// In a block with a language: its lines are kept, to be coloured once laid out.
    Kept,
}

/// Where the renderer is with a folded callout, by the depth of its quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
    Nothing,
    /// On the title line: its body is passed over once the line ends.
    Title(usize),
    /// Passing over the body until the quote at this depth ends.
    Body(usize),
}

/// Obsidian's inline marks, which the markdown parser reads as plain text.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Marks {
    /// Inside a comment (`%% … %%`): hidden from the reader, still searched.
    pub(super) comment: bool,
    /// Inside `==highlighted==` text.
    pub(super) highlight: bool,
}

impl<'a> Renderer<'a> {
    /// A renderer of `note`'s text into `w`, `chain` the notes being drawn (the page's
    /// first). An embedded note shows its fields in its text, as it has no header.
    pub(super) fn new(
        w: Writer,
        graph: &'a Graph,
        note: &'a Note,
        look: super::Look<'a>,
        chain: Vec<crate::graph::NoteId>,
    ) -> Renderer<'a> {
        let fields = look.fields;
        let by_start: HashMap<usize, usize> = note
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.raw.range.end > 0)
            .map(|(i, l)| (l.raw.range.start, i))
            .collect();
        let in_header = if chain.len() > 1 {
            Vec::new()
        } else {
            note.field_lines
                .iter()
                .filter(|r| {
                    let key = field_key(&note.body[(*r).clone()]);
                    fields.shows(key) || fields.hides(key)
                })
                .cloned()
                .collect()
        };
        Renderer {
            blocks_before: w.blocks,
            w,
            graph,
            note,
            by_start,
            link: Vec::new(),
            lists: Vec::new(),
            table: None,
            skipping: Skipping::Nothing,
            in_code: InCode::No,
            heading: None,
            image_depth: 0,
            para_inline: false,
            marks: Marks::default(),
            html: HtmlState::default(),
            callout_title: false,
            footnotes: Footnotes::default(),
            look,
            in_header,
            chain,
            embedding: None,
            quotes: 0,
            fold: Fold::Nothing,
        }
    }

    #[allow(clippy::too_many_lines)]
    pub(super) fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        // A folded callout shows its title line only.
        if let Fold::Body(depth) = self.fold {
            match event {
                Event::Start(Tag::BlockQuote(_)) => self.quotes += 1,
                Event::End(TagEnd::BlockQuote(_)) if self.quotes == depth => {
                    self.fold = Fold::Nothing;
                    self.end(TagEnd::BlockQuote(None));
                }
                Event::End(TagEnd::BlockQuote(_)) => self.quotes -= 1,
                _ => {}
            }
            return;
        }
        // A footnote's definition is drawn at the end of the note, not where it was written.
        if self.footnotes.deferred > 0 {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => self.footnotes.deferred += 1,
                Event::End(TagEnd::FootnoteDefinition) => self.footnotes.deferred -= 1,
                _ => {}
            }
            return;
        }
        // The note's own fields are shown in the header, not again in the text.
        if is_inline(&event) && self.in_header.iter().any(|r| r.contains(&range.start)) {
            return;
        }
        // A comment hides all it holds: links, code and emphasis as well as words.
        if self.marks.comment && is_inline(&event) && !matches!(event, Event::Text(_)) {
            return;
        }
        if let Some(table) = self.table.as_mut() {
            match event {
                Event::End(TagEnd::Table) => {
                    let t = self.table.take();
                    if let Some(t) = t {
                        self.draw_table(&t);
                    }
                }
                Event::Start(Tag::TableRow | Tag::TableHead) => table.start_row(),
                Event::End(TagEnd::TableCell) => table.end_cell(),
                Event::Text(t) | Event::Code(t) => table.push_text(&t),
                Event::InlineMath(m) => table.push_text(&format!("${m}$")),
                Event::SoftBreak | Event::HardBreak => table.push_text(" "),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let mut t = t;
                if let Skipping::CalloutMarker(end) = self.skipping {
                    if range.end <= end {
                        return;
                    }
                    // The first text past the marker: the title, without the space before it.
                    self.skipping = Skipping::Nothing;
                    let cut = end.saturating_sub(range.start).min(t.len());
                    let Some(rest) = t.get(cut..) else { return };
                    let rest = rest.trim_start().to_string();
                    if rest.is_empty() {
                        return;
                    }
                    t = rest.into();
                }
                if self.in_code != InCode::No {
                    self.code_text(&t);
                } else if self.image_depth > 0 {
                    self.w.text(&t, styles::meta());
                } else {
                    let style = self.style();
                    // A Logseq block property (`collapsed:: true` under a list item) says how
                    // to show the item, not what it says.
                    if let Some((key, _)) = t.trim_start().split_once(":: ")
                        && self.look.fields.hides(key)
                    {
                        return;
                    }
                    // `Key:: value` field lines: the key dimmed.
                    if self.link.is_empty()
                        && self.w.cur_width == self.w.indent_width()
                        && let Some((key, rest)) = t.split_once(":: ")
                        && !key.is_empty()
                        && key.len() <= 40
                        && !key.contains(['[', '`'])
                    {
                        self.w.text(&format!("{key}: "), styles::field_key());
                        self.prose(rest, style);
                        return;
                    }
                    if self.html.open.is_empty() {
                        self.prose(&t, style);
                    } else {
                        let t = self.scripted(&t).into_owned();
                        self.prose(&t, style);
                    }
                }
            }
            Event::Code(t) => {
                let style = self.style().patch(styles::code());
                self.w.text(&t, style);
            }
            Event::SoftBreak => {
                if self.callout_title {
                    self.end_callout_line();
                } else if self.look.line_breaks == crate::load::obsidian::LineBreaks::Hard
                    && self.heading.is_none()
                {
                    self.w.flush();
                } else {
                    self.w.text(" ", self.style());
                }
            }
            Event::HardBreak => {
                self.end_callout_line();
                self.w.flush();
            }
            Event::Rule => {
                self.w.block_gap();
                let n = usize::from(self.w.width.saturating_sub(self.w.indent_width()));
                self.w.text(&"─".repeat(n.max(1)), styles::meta());
                self.w.flush();
            }
            Event::TaskListMarker(done) => self
                .w
                .text(if done { "[x] " } else { "[ ] " }, styles::meta()),
            Event::FootnoteReference(label) => {
                let next = self.footnotes.numbers.len() + 1;
                let n = *self
                    .footnotes
                    .numbers
                    .entry(label.to_string())
                    .or_insert(next);
                let spot = self.w.begin_jump();
                self.w.text(&format!("[{n}]"), styles::footnote());
                self.w.end_link();
                self.footnotes.refs.push((spot, n));
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            // Math is shown as written, delimiters and all: nothing in it is markup.
            Event::InlineMath(m) => self.w.text(&format!("${m}$"), styles::code()),
            Event::DisplayMath(m) => {
                self.w.flush();
                for line in format!("$${m}$$").lines() {
                    self.w.text_hard(line, styles::code());
                    self.w.flush();
                }
            }
        }
    }

    /// Prose text, with Obsidian's `%% comments %%` left out and `==highlights==` marked.
    fn prose(&mut self, t: &str, style: Style) {
        let mut rest = t;
        while !rest.is_empty() {
            let next = [("%%", rest.find("%%")), ("==", rest.find("=="))]
                .into_iter()
                .filter_map(|(mark, at)| at.map(|i| (i, mark)))
                .min();
            let (shown, marker) = match next {
                Some((i, mark)) => (&rest[..i], Some(mark)),
                None => (rest, None),
            };
            if !self.marks.comment && !shown.is_empty() {
                let style = if self.marks.highlight {
                    style.patch(styles::highlight())
                } else {
                    style
                };
                self.tagged_text(shown, style);
            }
            match marker {
                Some("%%") => self.marks.comment = !self.marks.comment,
                Some(_) if !self.marks.comment => self.marks.highlight = !self.marks.highlight,
                _ => {}
            }
            rest = &rest[shown.len() + marker.map_or(0, str::len)..];
        }
    }

    /// Text with its `#tags` drawn as spots that lead to their pages (not in headings,
    /// links or images, where the parse does not take them as tags either).
    fn tagged_text(&mut self, t: &str, style: Style) {
        if !t.contains('#') || self.heading.is_some() || !self.link.is_empty() {
            self.w.text(t, style);
            return;
        }
        let mut at = 0;
        for range in crate::parse::tag_spans(t) {
            if range.start > at {
                self.w.text(&t[at..range.start], style);
            }
            let tag = &t[range.clone()];
            match self.graph.tag_id(tag) {
                Some(id) => {
                    self.w.begin_tag(id);
                    self.w.text(tag, style.patch(styles::tag()));
                    self.w.end_link();
                }
                None => self.w.text(tag, style),
            }
            at = range.end;
        }
        if at < t.len() {
            self.w.text(&t[at..], style);
        }
    }

    /// The end of a callout's title line: what follows is its body.
    pub(super) fn end_callout_line(&mut self) {
        if matches!(self.skipping, Skipping::CalloutMarker(_)) {
            self.skipping = Skipping::Nothing;
        }
        if let Fold::Title(depth) = self.fold {
            self.fold = Fold::Body(depth);
        }
        if std::mem::take(&mut self.callout_title) {
            self.w.flush();
            self.w.pop_style();
        }
    }

    pub(super) fn style(&self) -> Style {
        let mut style = self.w.style();
        if let Some(level) = self.heading {
            style = style.patch(styles::heading(level));
        }
        if let Some(Some(i)) = self.link.last() {
            style = style.patch(styles::link(self.note.links[*i].status()));
        }
        style
    }

    /// A block quote, or an Obsidian callout (`> [!note] Title`) with its kind as a header.
    pub(super) fn start_quote(&mut self, range: std::ops::Range<usize>) {
        self.quotes += 1;
        self.w.block_gap();
        self.w.anchor(range.start);
        // Only the start of the quote's first line can hold `[!kind]`; reading no further
        // keeps 200k nested quotes from reading their shared line 200k times.
        let src = &self.note.body[range.clone()];
        let mut end = src.len().min(256);
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        let first = src[..end]
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches(['>', ' ']);
        if let Some(rest) = first.strip_prefix("[!")
            && let Some((kind, title)) = rest.split_once(']')
        {
            // Where the marker ends in the body: after `]` and a fold sign.
            let fold = title.chars().next().filter(|c| matches!(c, '+' | '-'));
            let first_at = first.as_ptr() as usize - src.as_ptr() as usize;
            let marker_end =
                range.start + first_at + 2 + kind.len() + 1 + fold.map_or(0, char::len_utf8);
            let has_title = !title.trim_start_matches(['+', '-']).trim().is_empty();
            let kind = clean_line(kind).to_uppercase();
            self.w.push_prefix(
                "▌ ",
                styles::quote()
                    .remove_modifier(Modifier::ITALIC)
                    .patch(styles::callout()),
            );
            // The body's style, popped when the quote ends.
            self.w.push_style(Style::new());
            let title_style = styles::callout().add_modifier(Modifier::BOLD);
            // Written `-`, a callout starts folded; `+`, open. Enter on its head flips it
            // (the page's own callouts; an embedded note's show as written).
            let own = self.w.owner.is_none();
            let folded = fold.is_some()
                && ((fold == Some('-')) != (own && self.look.flipped.contains(&range.start)));
            let sign = match (fold, folded) {
                (None, _) => "",
                (Some(_), true) => "▸ ",
                (Some(_), false) => "▾ ",
            };
            if fold.is_some() && own {
                self.w.begin_fold(range.start);
            }
            self.w.text(&format!("{sign}{kind}"), title_style);
            self.w.end_link();
            if has_title {
                self.w.text(": ", title_style);
            }
            if folded {
                self.fold = Fold::Title(self.quotes);
            }
            // The title's own markdown (code, emphasis, links Tab reaches) follows, in the
            // header's style, to the end of its line.
            self.w.push_style(title_style);
            self.callout_title = true;
            self.skipping = Skipping::CalloutMarker(marker_end);
            return;
        }
        self.w.push_prefix("│ ", styles::meta());
        self.w.push_style(styles::quote());
    }

    /// An image (`[image: alt]`) or an embed (`![[Note]]`): a followable placeholder naming
    /// what is embedded.
    pub(super) fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: &str,
        range: &std::ops::Range<usize>,
    ) {
        let index = self.by_start.get(&range.start).copied();
        self.link.push(index);
        self.w.begin_link(index);
        let style = self.style();
        self.image_depth += 1;
        if matches!(link_type, LinkType::WikiLink { .. }) {
            if let Some(i) = index
                && self.begin_embed(i)
            {
                return;
            }
            let shown = match index.map(|i| &self.note.links[i].target) {
                Some(Target::Note(id)) => format!("[embed: {}]", self.graph.note(*id).title),
                _ => format!("[file: {dest_url}]"),
            };
            self.w.text(&shown, style);
            // The label text that follows repeats the name; it is not shown.
            self.w.mute += 1;
        } else {
            self.w.text("[image: ", style);
        }
    }

    /// A list item: its bullet or number, and a hanging indent for the lines that follow.
    pub(super) fn start_item(&mut self, offset: usize) {
        self.w.flush();
        self.w.anchor(offset);
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(List { next: Some(n) }) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => ["• ", "◦ ", "▪ "][depth % 3].to_string(),
        };
        let width = u16::try_from(marker.chars().count()).unwrap_or(2);
        self.w.text(&marker, styles::meta());
        self.w.push_hanging(width);
        self.para_inline = true;
    }

    /// A code block: kept verbatim in a box, with its language as the box's label.
    pub(super) fn start_code(&mut self, kind: &CodeBlockKind<'_>, offset: usize) {
        self.w.block_gap();
        self.w.anchor(offset);
        let lang = match kind {
            CodeBlockKind::Fenced(lang) => lang.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.w.text(&format!("╭─ {lang}"), styles::meta());
        self.w.flush();
        let kept = !self.look.plain_code && !lang.is_empty() && self.w.mute == 0;
        self.in_code = if kept { InCode::Kept } else { InCode::Plain };
        if kept {
            self.w.code.push(super::CodeBlock {
                lang,
                lines: Vec::new(),
            });
        }
        self.w.push_prefix("│ ", styles::meta());
    }

    pub(super) fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                // The first paragraph of a list item or footnote continues its marker's line,
                // and a callout's continues its header with the title.
                if !std::mem::take(&mut self.para_inline) && !self.callout_title {
                    self.w.block_gap();
                }
                self.w.anchor(range.start);
            }
            Tag::Heading { level, .. } => {
                let n = heading_level(level);
                // An opening `# Title` repeats the header; it is left out.
                if n == 1
                    && self.w.blocks == self.blocks_before
                    && self.note.headings.first().is_some_and(|h| {
                        h.offset == range.start && self.note.title == h.text.as_str()
                    })
                {
                    self.w.anchor(range.start);
                    self.skipping = Skipping::Title;
                    self.w.mute += 1;
                    return;
                }
                self.w.block_gap();
                self.w.anchor(range.start);
                self.heading = Some(n);
                if n > 1 {
                    self.w
                        .text(&format!("{} ", "#".repeat(usize::from(n))), styles::meta());
                }
            }
            Tag::BlockQuote(_) => self.start_quote(range),
            Tag::CodeBlock(kind) => self.start_code(&kind, range.start),
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.w.block_gap();
                }
                self.w.flush();
                self.lists.push(List { next: start });
            }
            Tag::Item => self.start_item(range.start),
            Tag::FootnoteDefinition(label) => {
                if self.footnotes.drawing {
                    return;
                }
                self.footnotes.defs.push((label.to_string(), range));
                self.footnotes.deferred = 1;
            }
            Tag::Table(aligns) => {
                self.w.block_gap();
                self.w.anchor(range.start);
                self.table = Some(Table::new(aligns));
            }
            Tag::Emphasis => self
                .w
                .push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.w.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .w
                .push_style(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let index = self.by_start.get(&range.start).copied();
                self.link.push(index);
                self.w.begin_link(index);
                if matches!(link_type, LinkType::Email | LinkType::Autolink) || dest_url.is_empty()
                {
                    // The text is the URL itself; nothing to add.
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                ..
            } => self.start_image(link_type, &dest_url, &range),
            Tag::MetadataBlock(_) => self.w.mute += 1,
            Tag::HtmlBlock => {
                self.w.block_gap();
                self.w.anchor(range.start);
                self.html.block = Some((false, None));
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.w.flush();
            }
            Tag::Superscript | Tag::Subscript => self.w.push_style(Style::new()),
        }
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                // A highlight, and an HTML tag left open, end with their paragraph; a
                // comment may run on past it.
                self.marks.highlight = false;
                self.close_inline_html();
                self.end_callout_line();
                self.w.flush();
                self.w.gap_wanted = true;
            }
            TagEnd::Heading(_) if self.skipping == Skipping::Title => {
                self.skipping = Skipping::Nothing;
                self.w.mute -= 1;
            }
            TagEnd::Heading(_) => {
                self.close_inline_html();
                self.heading = None;
                self.w.flush();
                self.w.gap_wanted = true;
            }
            TagEnd::BlockQuote(_) => {
                self.quotes = self.quotes.saturating_sub(1);
                self.w.flush();
                self.w.pop_prefix();
                self.w.pop_style();
                self.end_callout_line();
                self.w.gap_wanted = true;
            }
            TagEnd::CodeBlock => {
                self.in_code = InCode::No;
                self.w.flush();
                self.w.pop_prefix();
                self.w.text("╰─", styles::meta());
                self.w.flush();
                self.w.gap_wanted = true;
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.w.flush();
                if self.lists.is_empty() {
                    self.w.gap_wanted = true;
                }
            }
            TagEnd::Item => {
                // A tight item's text had no paragraph to take the marker's line: what
                // follows the list starts a line of its own.
                self.para_inline = false;
                self.close_inline_html();
                self.w.flush();
                self.w.pop_prefix();
            }
            TagEnd::FootnoteDefinition => {
                self.para_inline = false;
                self.w.flush();
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                self.w.pop_style();
            }
            TagEnd::Link => {
                self.link.pop();
                self.w.end_link();
            }
            TagEnd::Image => {
                let style = self.style();
                self.link.pop();
                self.image_depth = self.image_depth.saturating_sub(1);
                if self.w.mute > 0 {
                    self.w.mute -= 1;
                } else {
                    self.w.text("]", style);
                }
                self.w.end_link();
                if let Some(i) = self.embedding.take() {
                    self.end_embed(i);
                }
            }
            TagEnd::MetadataBlock(_) => self.w.mute = self.w.mute.saturating_sub(1),
            TagEnd::HtmlBlock => self.end_html_block(),
            _ => {}
        }
    }

    pub(super) fn code_text(&mut self, t: &str) {
        let mut rest = t;
        while !rest.is_empty() {
            let (line, newline) = match rest.find('\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            self.code_line(line);
            if newline {
                // A blank line of code is kept, under the block's bar.
                self.w.start_line();
                self.w.flush_line();
            }
            rest = &rest[line.len() + usize::from(newline)..];
        }
    }

    /// One line of a code block; a block with a language keeps where it went, to be
    /// coloured later.
    fn code_line(&mut self, line: &str) {
        if line.is_empty() {
            return;
        }
        if self.in_code != InCode::Kept {
            self.w.text_hard(line, styles::code());
            return;
        }
        let shown = crate::text::clean_line(line).into_owned();
        let mut pieces = Vec::new();
        self.w
            .text_hard_into(&shown, styles::code(), Some(&mut pieces));
        if let Some(block) = self.w.code.last_mut() {
            block.lines.push((shown, pieces));
        }
    }
}
