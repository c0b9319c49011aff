//! Laying a note out for reading: markdown events in, wrapped and styled lines out, with where
//! each link landed. Pure; the reader pane draws the result and `show` prints it as text.
//!
//! Every piece of note text passes through [`crate::text::clean_line`] here, so nothing that
//! leaves this module carries a control character.

use crate::graph::{Graph, Note, Status, Target, Topic};
use crate::parse::markdown_options;
use crate::text::{clean_line, fit_width, str_width};
use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::collections::HashMap;
use unicode_width::UnicodeWidthChar;

/// A note laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    /// The links in reading order, with where they were drawn.
    pub links: Vec<LinkSpot>,
    /// (byte offset in the body, rendered line) for each block, in order, so that a heading or
    /// block link can scroll to its place.
    pub anchors: Vec<(usize, usize)>,
}

/// Where one link of a note was drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpot {
    /// Index into the note's `links`.
    pub link: usize,
    /// (line, first column, width) of each piece, one per line the link spans.
    pub pieces: Vec<(usize, u16, u16)>,
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

/// The look of each kind of text. Kept in one place so the reader is consistent.
pub mod styles {
    use super::{Color, Modifier, Style};

    pub fn title() -> Style {
        Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn meta() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn heading(level: u8) -> Style {
        match level {
            1 => Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            2 => Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            _ => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }
    pub fn code() -> Style {
        Style::new().fg(Color::LightGreen)
    }
    pub fn quote() -> Style {
        Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC)
    }
    pub fn field_key() -> Style {
        Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::BOLD)
    }
    pub fn link(status: super::Status) -> Style {
        use super::Status;
        let base = Style::new().add_modifier(Modifier::UNDERLINED);
        match status {
            Status::Resolved => base.fg(Color::LightBlue),
            Status::Ambiguous => base.fg(Color::Yellow),
            Status::Topic => base.fg(Color::LightMagenta),
            Status::Broken | Status::MissingAttachment => base.fg(Color::LightRed),
            Status::Attachment => base.fg(Color::Green),
            Status::External => base.fg(Color::Blue),
        }
    }
    pub fn selected_link() -> Style {
        Style::new().fg(Color::Black).bg(Color::LightYellow)
    }
}

/// Lay out `note` at `width` columns.
pub fn render(graph: &Graph, note: &Note, width: u16) -> Rendered {
    let width = width.max(8);
    let mut w = Writer::new(width);
    header(&mut w, note);
    let by_start: HashMap<usize, usize> = note
        .links
        .iter()
        .enumerate()
        .filter(|(_, l)| l.raw.range.end > 0)
        .map(|(i, l)| (l.raw.range.start, i))
        .collect();
    let mut r = Renderer {
        w,
        graph,
        note,
        by_start,
        link: Vec::new(),
        lists: Vec::new(),
        table: None,
        skipping: Skipping::Nothing,
        in_code: false,
        heading: None,
        image_depth: 0,
        para_inline: false,
    };
    for (event, range) in Parser::new_ext(&note.body, markdown_options()).into_offset_iter() {
        r.event(event, range);
    }
    r.w.flush();
    while r
        .w
        .lines
        .last()
        .is_some_and(|l| l.spans.iter().all(|s| s.content.trim().is_empty()))
    {
        r.w.lines.pop();
    }
    Rendered {
        lines: r.w.lines,
        links: r.w.spots,
        anchors: r.w.anchors,
    }
}

/// A topic's page: its name, how many notes point to it, and each of those notes with the
/// line around every link to the topic. Each spot's `link` indexes `topic.refs`.
pub fn topic(graph: &Graph, topic: &Topic, width: u16) -> Rendered {
    let mut w = Writer::new(width.max(8));
    w.text(&topic.name, styles::title());
    w.flush();
    let mut notes: Vec<_> = topic.refs.iter().map(|r| r.from).collect();
    notes.dedup();
    let count = match notes.len() {
        1 => "1 note links here".to_string(),
        n => format!("{n} notes link here"),
    };
    w.text(
        &format!("topic: no note of its own · {count}"),
        styles::meta(),
    );
    w.flush();
    w.text(&"─".repeat(usize::from(w.width)), styles::meta());
    w.flush();
    let mut last = None;
    for (i, r) in topic.refs.iter().enumerate() {
        if last != Some(r.from) {
            w.gap_wanted = true;
            w.block_gap();
            let note = graph.note(r.from);
            w.begin_link(Some(i));
            w.text(&note.title, styles::link(Status::Resolved));
            w.end_link();
            w.text(&format!("  {}", note.path), styles::meta());
            w.flush();
            last = Some(r.from);
        }
        w.push_prefix("  │ ", styles::meta());
        w.text(
            &crate::text::truncate(&plain_inline(&graph.context(*r)), 500),
            styles::quote(),
        );
        w.flush();
        w.pop_prefix();
    }
    Rendered {
        lines: w.lines,
        links: w.spots,
        anchors: w.anchors,
    }
}

/// One line of a note's markdown as the reader would show its words: link labels instead of
/// `[[...]]`, no emphasis markers or list bullets. For context lines in the side pane and on
/// topic pages.
pub fn plain_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for event in Parser::new_ext(line, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
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

/// The title and the properties a reader wants at a glance.
fn header(w: &mut Writer, note: &Note) {
    w.text(&note.title, styles::title());
    w.flush();
    let mut first = true;
    let mut sep = |w: &mut Writer| {
        if !std::mem::take(&mut first) {
            w.text(" · ", styles::meta());
        }
    };
    if let Some(d) = &note.date {
        sep(w);
        w.text(d, styles::meta());
    }
    for (k, v) in &note.properties {
        if k.eq_ignore_ascii_case("date") || k.eq_ignore_ascii_case("title") || v.is_empty() {
            continue;
        }
        sep(w);
        w.text(&format!("{k}: "), styles::field_key());
        // A field written in the text shows its links here, followable, since the reader
        // leaves the field's own line out of the text.
        let field_line = note.field_lines.iter().find(|r| {
            note.body[(*r).clone()]
                .split_once("::")
                .is_some_and(|(key, _)| {
                    key.trim()
                        .trim_start_matches(['-', '*', '+'])
                        .trim()
                        .eq_ignore_ascii_case(k)
                })
        });
        let in_field: Vec<usize> = field_line.map_or_else(Vec::new, |r| {
            (0..note.links.len())
                .filter(|&i| {
                    r.contains(&note.links[i].raw.range.start) && note.links[i].raw.range.end > 0
                })
                .collect()
        });
        if in_field.is_empty() {
            w.text(&crate::text::truncate(v, 200), styles::meta());
        }
        for (n, i) in in_field.into_iter().enumerate() {
            if n > 0 {
                w.text(", ", styles::meta());
            }
            let link = &note.links[i];
            w.begin_link(Some(i));
            w.text(
                link.raw.label.as_deref().unwrap_or(&link.raw.target),
                styles::link(link.status()),
            );
            w.end_link();
        }
    }
    if !note.aliases.is_empty() {
        sep(w);
        w.text(
            &format!(
                "aka {}",
                crate::text::truncate(&note.aliases.join(", "), 200)
            ),
            styles::meta(),
        );
    }
    if !note.tags.is_empty() {
        sep(w);
        let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
        w.text(&crate::text::truncate(&tags.join(" "), 300), styles::meta());
    }
    w.flush();
    let rule = "─".repeat(usize::from(w.width));
    w.text(&rule, styles::meta());
    w.flush();
    w.gap_wanted = true;
}

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

struct List {
    next: Option<u64>,
}

/// Source text the renderer is passing over rather than showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skipping {
    Nothing,
    /// An opening `# Title` that repeats the header.
    Title,
    /// The `[!kind] Title` line of a callout, shown as its header instead.
    CalloutLine,
}

struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    cell: String,
}

struct Renderer<'a> {
    w: Writer,
    graph: &'a Graph,
    note: &'a Note,
    by_start: HashMap<usize, usize>,
    /// Open links: (link index, pieces so far).
    link: Vec<Option<usize>>,
    lists: Vec<List>,
    table: Option<Table>,
    skipping: Skipping,
    in_code: bool,
    heading: Option<u8>,
    image_depth: usize,
    /// The next paragraph starts on the current line (after a list marker or footnote label).
    para_inline: bool,
}

impl Renderer<'_> {
    #[allow(clippy::too_many_lines)]
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        // The note's own fields are shown in the header, not again in the text.
        if is_inline(&event)
            && self
                .note
                .field_lines
                .iter()
                .any(|r| r.contains(&range.start))
        {
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
                Event::Start(Tag::TableRow | Tag::TableHead) => table.rows.push(Vec::new()),
                Event::End(TagEnd::TableCell) => {
                    let cell = std::mem::take(&mut table.cell);
                    if let Some(row) = table.rows.last_mut() {
                        row.push(cell.trim().to_string());
                    }
                }
                Event::Text(t) | Event::Code(t) => table.cell.push_str(&clean_line(&t)),
                Event::SoftBreak | Event::HardBreak => table.cell.push(' '),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if self.skipping == Skipping::CalloutLine {
                    return;
                }
                if self.in_code {
                    self.code_text(&t);
                } else if self.image_depth > 0 {
                    self.w.text(&t, styles::meta());
                } else {
                    let style = self.style();
                    // `Key:: value` field lines: the key dimmed.
                    if self.link.is_empty()
                        && self.w.cur_width == self.w.indent_width()
                        && let Some((key, rest)) = t.split_once(":: ")
                        && !key.is_empty()
                        && key.len() <= 40
                        && !key.contains(['[', '`'])
                    {
                        self.w.text(&format!("{key}: "), styles::field_key());
                        self.w.text(rest, style);
                        return;
                    }
                    self.w.text(&t, style);
                }
            }
            Event::Code(t) => {
                let style = self.style().patch(styles::code());
                self.w.text(&t, style);
            }
            Event::SoftBreak => {
                if self.skipping == Skipping::CalloutLine {
                    self.end_callout_line();
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
            Event::FootnoteReference(label) => self.w.text(&format!("[^{label}]"), styles::meta()),
            Event::Html(h) | Event::InlineHtml(h) => {
                // Comments and tags are markup, not reading matter.
                let t = h.trim();
                if !(t.starts_with("<!--")
                    || t.starts_with('<')
                    || t.ends_with("-->")
                    || t.ends_with('>'))
                {
                    self.w.text(&h, styles::meta());
                }
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => self.w.text(&m, styles::code()),
        }
    }

    fn end_callout_line(&mut self) {
        if self.skipping == Skipping::CalloutLine {
            self.skipping = Skipping::Nothing;
        }
    }

    fn style(&self) -> Style {
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
    fn start_quote(&mut self, range: std::ops::Range<usize>) {
        self.w.block_gap();
        self.w.anchor(range.start);
        let src = &self.note.body[range.clone()];
        let first = src
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches(['>', ' ']);
        if let Some(rest) = first.strip_prefix("[!")
            && let Some((kind, title)) = rest.split_once(']')
        {
            let title = title.trim_start_matches(['+', '-']).trim();
            let kind = clean_line(kind).to_uppercase();
            self.w.push_prefix(
                "▌ ",
                styles::quote()
                    .remove_modifier(Modifier::ITALIC)
                    .fg(Color::LightCyan),
            );
            let shown = if title.is_empty() {
                kind
            } else {
                format!("{kind}: {title}")
            };
            self.w.text(
                &shown,
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD),
            );
            self.w.flush();
            self.skipping = Skipping::CalloutLine;
            self.w.style_stack.push(Style::new());
            return;
        }
        self.w.push_prefix("│ ", styles::meta());
        self.w.style_stack.push(styles::quote());
    }

    /// An image (`[image: alt]`) or an embed (`![[Note]]`): a followable placeholder naming
    /// what is embedded.
    fn start_image(&mut self, link_type: LinkType, dest_url: &str, range: &std::ops::Range<usize>) {
        let index = self.by_start.get(&range.start).copied();
        self.link.push(index);
        self.w.begin_link(index);
        let style = self.style();
        self.image_depth += 1;
        if matches!(link_type, LinkType::WikiLink { .. }) {
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
    fn start_item(&mut self, offset: usize) {
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
    fn start_code(&mut self, kind: &CodeBlockKind<'_>, offset: usize) {
        self.w.block_gap();
        self.w.anchor(offset);
        let lang = match kind {
            CodeBlockKind::Fenced(lang) => lang.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.w.text(&format!("╭─ {lang}"), styles::meta());
        self.w.flush();
        self.in_code = true;
        self.w.push_prefix("│ ", styles::meta());
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                // The first paragraph of a list item or footnote continues its marker's line.
                if !std::mem::take(&mut self.para_inline) {
                    self.w.block_gap();
                }
                self.w.anchor(range.start);
            }
            Tag::Heading { level, .. } => {
                let n = heading_number(level);
                // An opening `# Title` repeats the header; it is left out.
                if n == 1
                    && self.w.anchors.is_empty()
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
                self.w.block_gap();
                self.w.anchor(range.start);
                self.w.text(&format!("[^{label}]: "), styles::meta());
                self.para_inline = true;
            }
            Tag::Table(aligns) => {
                self.w.block_gap();
                self.w.anchor(range.start);
                self.table = Some(Table {
                    aligns,
                    rows: Vec::new(),
                    cell: String::new(),
                });
            }
            Tag::Emphasis => self
                .w
                .style_stack
                .push(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self
                .w
                .style_stack
                .push(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .w
                .style_stack
                .push(Style::new().add_modifier(Modifier::CROSSED_OUT)),
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
            Tag::HtmlBlock | Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.w.flush();
            }
            Tag::Superscript | Tag::Subscript => self.w.style_stack.push(Style::new()),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.end_callout_line();
                self.w.flush();
                self.w.gap_wanted = true;
            }
            TagEnd::Heading(_) if self.skipping == Skipping::Title => {
                self.skipping = Skipping::Nothing;
                self.w.mute -= 1;
            }
            TagEnd::Heading(_) => {
                self.heading = None;
                self.w.flush();
                self.w.gap_wanted = true;
            }
            TagEnd::BlockQuote(_) => {
                self.w.flush();
                self.w.pop_prefix();
                self.w.style_stack.pop();
                self.end_callout_line();
                self.w.gap_wanted = true;
            }
            TagEnd::CodeBlock => {
                self.in_code = false;
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
                self.w.flush();
                self.w.pop_prefix();
            }
            TagEnd::FootnoteDefinition => {
                self.w.flush();
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {
                self.w.style_stack.pop();
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
            }
            TagEnd::MetadataBlock(_) => self.w.mute = self.w.mute.saturating_sub(1),
            _ => {}
        }
    }

    fn code_text(&mut self, t: &str) {
        for (i, line) in t.split('\n').enumerate() {
            if i > 0 {
                self.w.flush();
            }
            if !line.is_empty() {
                self.w.text_hard(line, styles::code());
            }
        }
    }

    fn draw_table(&mut self, t: &Table) {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let mut widths = vec![1usize; cols];
        for row in &t.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(str_width(c));
            }
        }
        let avail = usize::from(self.w.width.saturating_sub(self.w.indent_width()))
            .saturating_sub(3 * cols + 1);
        // Shrink the widest columns until the table fits.
        while widths.iter().sum::<usize>() > avail && widths.iter().any(|&w| w > 3) {
            let max = widths.iter().copied().max().unwrap_or(0);
            for w in &mut widths {
                if *w == max {
                    *w -= 1;
                }
            }
        }
        let border = |l: &str, m: &str, r: &str| -> String {
            let mut s = l.to_string();
            for (i, w) in widths.iter().enumerate() {
                s.push_str(&"─".repeat(w + 2));
                s.push_str(if i + 1 == cols { r } else { m });
            }
            s
        };
        self.w.text_hard(&border("┌", "┬", "┐"), styles::meta());
        self.w.flush();
        for (r, row) in t.rows.iter().enumerate() {
            self.w.text_hard("│", styles::meta());
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let cut = fit_width(cell, *w);
                let pad = w - str_width(&cut);
                let (left, right) = match t.aligns.get(i) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                let style = if r == 0 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                self.w.text_hard(
                    &format!(" {}{}{} ", " ".repeat(left), cut, " ".repeat(right)),
                    style,
                );
                self.w.text_hard("│", styles::meta());
            }
            self.w.flush();
            if r == 0 {
                self.w.text_hard(&border("├", "┼", "┤"), styles::meta());
                self.w.flush();
            }
        }
        self.w.text_hard(&border("└", "┴", "┘"), styles::meta());
        self.w.flush();
        self.w.gap_wanted = true;
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Places text into lines of a fixed width, word by word, under a stack of prefixes (quote bars,
/// list indents).
struct Writer {
    width: u16,
    lines: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    cur_width: u16,
    prefixes: Vec<(String, Style, bool)>,
    style_stack: Vec<Style>,
    gap_wanted: bool,
    spots: Vec<LinkSpot>,
    open_spot: Option<usize>,
    anchors: Vec<(usize, usize)>,
    mute: usize,
    /// How many spans at the start of the current line are prefixes (quote bars, indents).
    prefix_spans: usize,
    /// The last text placed (or dropped at a line end) was white space: the next word starts
    /// a new word rather than continuing one.
    after_space: bool,
}

impl Writer {
    fn new(width: u16) -> Writer {
        Writer {
            width,
            lines: Vec::new(),
            cur: Vec::new(),
            cur_width: 0,
            prefixes: Vec::new(),
            style_stack: Vec::new(),
            gap_wanted: false,
            spots: Vec::new(),
            open_spot: None,
            anchors: Vec::new(),
            mute: 0,
            prefix_spans: 0,
            after_space: true,
        }
    }

    fn style(&self) -> Style {
        self.style_stack
            .iter()
            .fold(Style::new(), |acc, s| acc.patch(*s))
    }

    fn indent_width(&self) -> u16 {
        let w: usize = self.prefixes.iter().map(|(p, _, _)| str_width(p)).sum();
        u16::try_from(w)
            .unwrap_or(u16::MAX)
            .min(self.width.saturating_sub(4))
    }

    fn anchor(&mut self, offset: usize) {
        let line = self.lines.len() + usize::from(!self.cur.is_empty());
        self.anchors.push((offset, line));
    }

    fn push_prefix(&mut self, p: &str, style: Style) {
        self.prefixes.push((p.to_string(), style, false));
    }

    /// An indent that shows as blank: the hanging indent of a list item's later lines.
    fn push_hanging(&mut self, width: u16) {
        self.prefixes
            .push((" ".repeat(usize::from(width)), Style::new(), true));
    }

    fn pop_prefix(&mut self) {
        self.prefixes.pop();
    }

    fn block_gap(&mut self) {
        self.flush();
        if self.gap_wanted && self.lines.last().is_some_and(|l| !l.spans.is_empty()) {
            self.start_line();
            self.flush_line();
        }
        self.gap_wanted = false;
    }

    fn start_line(&mut self) {
        if !self.cur.is_empty() {
            return;
        }
        let mut width = 0u16;
        for (p, style, _hanging) in &self.prefixes {
            let w = u16::try_from(str_width(p)).unwrap_or(0);
            if width + w > self.width.saturating_sub(4) {
                break;
            }
            self.cur.push(Span::styled(p.clone(), *style));
            width += w;
        }
        self.prefix_spans = self.cur.len();
        self.cur_width = width;
    }

    fn flush(&mut self) {
        if !self.cur.is_empty() {
            self.flush_line();
        }
    }

    fn flush_line(&mut self) {
        self.after_space = true;
        let spans = std::mem::take(&mut self.cur);
        self.lines.push(Line::from(spans));
        self.cur_width = 0;
    }

    fn begin_link(&mut self, index: Option<usize>) {
        if let Some(link) = index {
            self.spots.push(LinkSpot {
                link,
                pieces: Vec::new(),
            });
            self.open_spot = Some(self.spots.len() - 1);
        }
    }

    fn end_link(&mut self) {
        self.open_spot = None;
    }

    fn note_piece(&mut self, start: u16, width: u16) {
        if let Some(i) = self.open_spot {
            let line = self.lines.len();
            let pieces = &mut self.spots[i].pieces;
            match pieces.last_mut() {
                Some((l, s, w)) if *l == line && *s + *w == start => *w += width,
                _ => pieces.push((line, start, width)),
            }
        }
    }

    fn push_span(&mut self, s: String, style: Style, width: u16) {
        let start = self.cur_width;
        self.note_piece(start, width);
        match self.cur.last_mut() {
            Some(last)
                if last.style == style
                    && !self
                        .prefixes
                        .iter()
                        .any(|(p, _, _)| p == last.content.as_ref()) =>
            {
                last.content.to_mut().push_str(&s);
            }
            _ => self.cur.push(Span::styled(s, style)),
        }
        self.cur_width += width;
    }

    /// Text that wraps at word boundaries.
    fn text(&mut self, t: &str, style: Style) {
        if self.mute > 0 {
            return;
        }
        let t = clean_line(t);
        for word in split_words(&t) {
            let ww = u16::try_from(str_width(word)).unwrap_or(u16::MAX);
            self.start_line();
            let is_space = word.chars().all(char::is_whitespace);
            let glued = !std::mem::replace(&mut self.after_space, is_space);
            if is_space {
                if self.cur_width + ww <= self.width && self.cur_width > self.indent_width() {
                    self.push_span(word.to_string(), style, ww);
                }
                continue;
            }
            if self.cur_width + ww > self.width && self.cur_width > self.indent_width() {
                // A word glued to the end of the line (punctuation after a link, a word split
                // across emphasis) moves down with the part of it already placed.
                if !(glued && self.carry_glued_tail(ww)) {
                    self.flush_line();
                    self.start_line();
                }
            }
            if self.cur_width + ww <= self.width {
                self.push_span(word.to_string(), style, ww);
            } else {
                self.text_hard(word, style);
            }
        }
    }

    /// Move the unbroken run of text at the end of the line (after its last space) to a new
    /// line, so that `word` of width `ww`, glued to it, can follow. Link positions on the
    /// moved run move with it. Returns false (nothing moved) when the line does not end in
    /// the middle of a word, or when the run and the word would not fit a line either.
    fn carry_glued_tail(&mut self, ww: u16) -> bool {
        let Some(last) = self.cur.last() else {
            return false;
        };
        if self.cur.len() <= self.prefix_spans || last.content.ends_with(' ') {
            return false;
        }
        // Find the cut: just after the last space in the text spans.
        let mut cut = None;
        for i in (self.prefix_spans..self.cur.len()).rev() {
            if let Some(pos) = self.cur[i].content.rfind(' ') {
                cut = Some((i, pos + 1));
                break;
            }
        }
        let Some((span_i, byte)) = cut else {
            return false;
        };
        let mut tail: Vec<Span<'static>> = Vec::new();
        let first_tail = self.cur[span_i].content[byte..].to_string();
        if !first_tail.is_empty() {
            tail.push(Span::styled(first_tail, self.cur[span_i].style));
        }
        tail.extend(self.cur[span_i + 1..].iter().cloned());
        let tail_w: u16 = tail
            .iter()
            .map(|s| u16::try_from(str_width(&s.content)).unwrap_or(u16::MAX))
            .sum();
        let indent = self.indent_width();
        if tail_w == 0 || indent + tail_w + ww > self.width {
            return false;
        }
        let cut_col = self.cur_width - tail_w;
        self.cur.truncate(span_i + 1);
        let kept = self.cur[span_i].content[..byte].to_string();
        self.cur[span_i].content = kept.into();
        self.cur_width = cut_col;
        let old_line = self.lines.len();
        self.flush_line();
        self.start_line();
        let new_col = self.cur_width;
        for span in tail {
            self.cur.push(span);
        }
        self.cur_width += tail_w;
        // Link pieces that stood on the moved run follow it to the new line.
        for spot in &mut self.spots {
            let mut moved = Vec::new();
            for piece in &mut spot.pieces {
                let (line, start, w) = *piece;
                if line != old_line || start + w <= cut_col {
                    continue;
                }
                if start >= cut_col {
                    *piece = (old_line + 1, new_col + (start - cut_col), w);
                } else {
                    // A link label with a space in it, cut at that space.
                    *piece = (line, start, cut_col - start);
                    moved.push((old_line + 1, new_col, start + w - cut_col));
                }
            }
            spot.pieces.extend(moved);
        }
        // The word about to be placed continues the moved run.
        self.after_space = false;
        true
    }

    /// Text that breaks at the margin wherever it falls (code, long words).
    fn text_hard(&mut self, t: &str, style: Style) {
        if self.mute > 0 {
            return;
        }
        let t = clean_line(t);
        self.start_line();
        let mut buf = String::new();
        let mut bw = 0u16;
        for c in t.chars() {
            let cw = u16::try_from(c.width().unwrap_or(0)).unwrap_or(0);
            if self.cur_width + bw + cw > self.width {
                if !buf.is_empty() {
                    self.push_span(std::mem::take(&mut buf), style, bw);
                    bw = 0;
                }
                self.flush_line();
                self.start_line();
                if self.cur_width + cw > self.width {
                    // Not even one character fits after the prefixes; drop it.
                    continue;
                }
            }
            buf.push(c);
            bw += cw;
        }
        if !buf.is_empty() {
            self.push_span(buf, style, bw);
        }
    }
}

/// Split into runs of white space and runs of anything else, keeping both.
fn split_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is = c == ' ';
        if space.is_some_and(|sp| sp != is) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Input;

    fn laid_out(text: &str, width: u16) -> (Vec<String>, Rendered) {
        let parsed = crate::parse::parse("n", text);
        let g = Graph::build(vec![Input::new("n.md".into(), 0, parsed)], &[]);
        let r = render(&g, &g.notes()[0], width);
        let lines = r
            .lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        (lines, r)
    }

    #[test]
    fn punctuation_after_a_link_wraps_with_it() {
        let (lines, r) = laid_out("aaaa bbbb cccc dddd [[link]]. After the link.", 24);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc dddd", "link. After the link."]);
        // The link's place moved with it.
        assert_eq!(r.links[0].pieces, vec![(4, 0, 4)]);
    }

    #[test]
    fn a_dropped_space_at_the_margin_is_still_a_word_break() {
        let (lines, _) = laid_out("aaaa bbbb cccc dddd [[link]]. After the link.", 25);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc dddd link.", "After the link."]);
    }

    #[test]
    fn a_link_label_with_spaces_splits_its_piece_at_the_cut() {
        let (lines, r) = laid_out("aaaa bbbb cccc [[t|the label]]! end", 21);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc the", "label! end"]);
        assert_eq!(r.links[0].pieces, vec![(3, 15, 4), (4, 0, 5)]);
    }

    #[test]
    fn lines_never_exceed_the_width() {
        let (lines, _) = laid_out(
            "a **bold**, *it*. [[x]]; `code`: ok. A verylongwordthatcannotfitanywhere at all.",
            12,
        );
        for l in lines {
            assert!(str_width(&l) <= 12, "{l:?}");
        }
    }
}
