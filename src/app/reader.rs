//! The reader pane: the current page laid out at the pane's width, its scroll position, and
//! the link selected with Tab.

use super::selection::moved;
use super::{Action, Jump, Page};
use crate::graph::{Graph, Link, Target};
use crate::render::{self, Rendered};
use crate::search::Query;
use crate::text::str_width;

/// Matches of a search in the page as shown: (line, first column, width) each, in order.
#[derive(Debug, Clone)]
pub struct Find {
    pub query: Query,
    pub matches: Vec<(usize, u16, u16)>,
    /// Index into `matches` of the current one.
    pub current: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub page: Option<Page>,
    pub rendered: Rendered,
    /// Where each of `rendered.links` leads, in the same order.
    pub jumps: Vec<Jump>,
    /// The width text is laid out at.
    pub width: u16,
    /// The fields the header shows, by name (all a reader wants when `None`).
    pub fields: Option<std::sync::Arc<[String]>>,
    /// Show every field, presentation keys too (`i`).
    pub all_fields: bool,
    /// How the vault draws a single line break in a paragraph.
    pub line_breaks: crate::load::obsidian::LineBreaks,
    /// Rows shown, set by the layout.
    pub height: u16,
    /// The first line shown.
    pub scroll: usize,
    /// Index into `rendered.links`.
    pub selected: Option<usize>,
    /// A search's matches in this page, highlighted; `n`/`N` step through them.
    pub find: Option<Find>,
    /// The page's note was deleted: `rendered` is its last text, with no page behind it.
    pub gone: bool,
    /// The page's callouts shown the other way from how they were written (folded or open),
    /// by where each starts in the body; forgotten when another page is shown.
    pub flipped: Vec<usize>,
    /// Colours the page's code blocks in and near the view, between keys.
    pub colourer: crate::render::highlight::Colourer,
}

/// Where following a note's link leads.
pub fn jump_for(graph: &Graph, link: &Link) -> Jump {
    let dest = link.raw.destination();
    match &link.target {
        // A fragment that names nothing has no place: the note opens at its top.
        Target::Note(id) => Jump::Page(Page::Note(*id), link.place()),
        Target::Topic(id) => Jump::Page(Page::Topic(*id), None),
        Target::Attachment(a) => Jump::Say(format!(
            "attachment {}: trail shows notes, not files",
            graph.attachment(*a)
        )),
        Target::MissingAttachment => Jump::Say(format!("missing attachment: {dest}")),
        Target::MissingNote => Jump::Say(format!("no note at {dest}")),
        Target::Outside => Jump::Say(format!("{dest} leaves the vault; not followed")),
        Target::External => match crate::outside::checked_url(&link.raw.target) {
            Ok(url) => Jump::Browse(url.to_string()),
            Err(why) => Jump::Say(format!("{dest}: {why}")),
        },
    }
}

impl Reader {
    /// The rendered lines worth colouring now: the view, a screen above and two below.
    fn colour_rows(&self) -> std::ops::Range<usize> {
        let h = usize::from(self.height.max(1));
        self.scroll.saturating_sub(h)..self.scroll + 3 * h
    }

    /// Are code blocks in or near the view waiting for their colours?
    pub fn colour_wanted(&self) -> bool {
        self.colourer.wants(&self.rendered, &self.colour_rows())
    }

    /// Colour code near the view for at most `budget`.
    pub fn colour(&mut self, budget: std::time::Duration) {
        let rows = self.colour_rows();
        self.colourer.work(&mut self.rendered, &rows, budget);
    }

    /// Lay `page` out at the current width, with nothing selected and no scroll.
    pub fn render(&mut self, graph: &Graph, page: Page) {
        self.gone = false;
        if self.page != Some(page) {
            self.flipped.clear();
        }
        let (rendered, jumps) = match page {
            Page::Note(id) => {
                let note = graph.note(id);
                let fields = match (&self.fields, self.all_fields) {
                    (_, true) => render::Fields::All,
                    (Some(names), false) => render::Fields::Only(names),
                    (None, false) => render::Fields::Reading,
                };
                let look = render::Look {
                    fields,
                    line_breaks: self.line_breaks,
                    flipped: &self.flipped,
                    plain_code: false,
                };
                let r = render::render_with(graph, note, self.width, look);
                let jumps = r
                    .links
                    .iter()
                    .map(|s| {
                        if let Some(at) = s.fold {
                            return Jump::Fold(at);
                        }
                        if let Some(tag) = s.tag {
                            return Jump::Page(Page::Tag(tag), None);
                        }
                        match (s.line, graph.note(s.owner(id)).links.get(s.link)) {
                            (Some(line), _) => Jump::Line(line),
                            (None, Some(link)) => jump_for(graph, link),
                            (None, None) => Jump::Say("a footnote with no note".into()),
                        }
                    })
                    .collect();
                (r, jumps)
            }
            Page::Topic(id) => {
                let topic = graph.topic(id);
                let r = render::topic(graph, topic, self.width);
                let jumps = r
                    .links
                    .iter()
                    .map(|s| {
                        let at = topic.refs[s.link];
                        Jump::Page(Page::Note(at.from), Some(graph.link(at).raw.range.start))
                    })
                    .collect();
                (r, jumps)
            }
            Page::Tag(id) => {
                let (r, spots) = render::tag(graph, id, self.width);
                let jumps = spots
                    .into_iter()
                    .map(|s| match s {
                        render::TagSpot::Note(n) => Jump::Page(Page::Note(n), None),
                        render::TagSpot::Tag(t) => Jump::Page(Page::Tag(t), None),
                    })
                    .collect();
                (r, jumps)
            }
        };
        self.page = Some(page);
        self.colourer = crate::render::highlight::Colourer::new(&rendered);
        self.rendered = rendered;
        self.jumps = jumps;
        self.scroll = 0;
        self.selected = None;
        if let Some(find) = self.find.take() {
            self.set_find(Some(find.query));
        }
    }

    /// Highlight a query's matches in the page as shown (what the reader sees, not the
    /// markdown), and make the first one at or below the view current.
    pub fn set_find(&mut self, query: Option<Query>) {
        let Some(query) = query else {
            self.find = None;
            return;
        };
        let mut matches = Vec::new();
        for (i, line) in self.rendered.lines.iter().enumerate() {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            for r in query.ranges(&text) {
                let col = u16::try_from(str_width(&text[..r.start])).unwrap_or(u16::MAX);
                let w = u16::try_from(str_width(&text[r.clone()]))
                    .unwrap_or(u16::MAX)
                    .max(1);
                matches.push((i, col, w));
            }
        }
        let current = matches.iter().position(|m| m.0 >= self.scroll).unwrap_or(0);
        self.find = Some(Find {
            query,
            matches,
            current,
        });
    }

    /// Scroll so the current match is in view, a third of the way down.
    pub fn show_current_match(&mut self) {
        let Some(line) = self
            .find
            .as_ref()
            .and_then(|f| f.matches.get(f.current))
            .map(|m| m.0)
        else {
            return;
        };
        if line < self.scroll || line >= self.scroll + usize::from(self.height) {
            self.scroll = line.saturating_sub(usize::from(self.height) / 3);
            self.clamp();
        }
    }

    /// Move to the next (`dir > 0`) or previous match. Returns false when there is none in
    /// that direction (the caller may go on to another note).
    pub fn step_match(&mut self, dir: i32) -> bool {
        let Some(find) = self.find.as_mut() else {
            return false;
        };
        let n = find.matches.len();
        let next = if dir > 0 {
            find.current + 1
        } else {
            find.current.wrapping_sub(1)
        };
        if n == 0 || next >= n {
            return false;
        }
        find.current = next;
        self.show_current_match();
        true
    }

    fn max_scroll(&self) -> usize {
        self.rendered
            .lines
            .len()
            .saturating_sub(usize::from(self.height).max(1))
    }

    pub fn clamp(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }

    pub fn scroll_by(&mut self, action: &Action) {
        self.scroll = moved(
            self.scroll,
            self.max_scroll() + 1,
            usize::from(self.height),
            action,
        );
    }

    /// Scroll so the block holding a body offset is at the top.
    pub fn scroll_to_offset(&mut self, offset: Option<usize>) {
        if let Some(offset) = offset {
            self.scroll = self.rendered.line_for_offset(offset);
            self.clamp();
        }
    }

    /// The body offset of the block at the top of the view, to keep the place across a
    /// re-wrap.
    pub fn top_offset(&self) -> Option<usize> {
        if self.scroll == 0 {
            return None;
        }
        self.rendered
            .anchors
            .iter()
            .rev()
            .find(|(_, line)| *line <= self.scroll)
            .map(|(o, _)| *o)
    }

    fn first_line_of(&self, i: usize) -> usize {
        self.rendered.links[i].pieces.first().map_or(0, |p| p.line)
    }

    /// Select the next (`dir > 0`) or previous link, starting from the view when nothing is
    /// selected, and scroll it into view.
    pub fn step_link(&mut self, dir: i32) {
        let n = self.rendered.links.len();
        if n == 0 {
            return;
        }
        let bottom = self.scroll + usize::from(self.height);
        let next = match self.selected {
            Some(i) if dir > 0 => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if dir > 0 => (0..n)
                .find(|&i| self.first_line_of(i) >= self.scroll)
                .unwrap_or(0),
            None => (0..n)
                .rev()
                .find(|&i| self.first_line_of(i) < bottom)
                .unwrap_or(n - 1),
        };
        self.selected = Some(next);
        let line = self.first_line_of(next);
        if line < self.scroll || line >= bottom {
            self.scroll = line.saturating_sub(usize::from(self.height) / 3);
            self.clamp();
        }
    }

    pub fn selected_jump(&self) -> Option<Jump> {
        self.selected.and_then(|i| self.jumps.get(i).cloned())
    }

    /// The link drawn at a row and column of the pane's inside.
    pub fn link_at(&self, row: usize, col: u16) -> Option<usize> {
        let line = self.scroll + row;
        self.rendered
            .links
            .iter()
            .position(|s| s.pieces.iter().any(|p| p.covers(line, col)))
    }
}
