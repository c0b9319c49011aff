//! The side pane: the notes linking to the current page (with the line around each link), or
//! the current note's outgoing links.

use super::selection::Selection;
use super::{Action, Jump, Page};
use crate::graph::{Graph, LinkRef};

/// One row of the side pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideEntry {
    /// A link from another note to this page.
    Backlink(LinkRef),
    /// This note's link, by index.
    Outgoing(usize),
    /// An unlinked mention of this page, by index among those found.
    Mention(usize),
}

/// The line around a link or mention as rows of entry `i`: wrapped to `width`, at most
/// [`CONTEXT_ROWS`], an ellipsis saying it goes on.
fn context_rows(i: usize, text: &str, width: usize) -> impl Iterator<Item = SideRow> {
    let mut lines = crate::text::wrap(text, width);
    if lines.len() > CONTEXT_ROWS {
        lines.truncate(CONTEXT_ROWS);
        let last = &mut lines[CONTEXT_ROWS - 1];
        *last = crate::text::fit_width(&format!("{last} …"), width);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines.into_iter().map(move |l| SideRow::Context(i, l))
}

/// What the side pane lists for the page being read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SideMode {
    /// The notes linking to it.
    #[default]
    Backlinks,
    /// Its links.
    Outgoing,
    /// Notes that name it in plain text without linking it.
    Mentions,
}

/// The most rows the line around one backlink wraps to.
pub const CONTEXT_ROWS: usize = 2;

/// One row of the side pane as it is drawn, naming the entry it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideRow {
    /// The entry's first row: the linking note's title (once for a run of links from one
    /// note), or the outgoing link itself.
    Head(usize),
    /// A line of the text around a backlink, as the reader shows text (link labels, no
    /// markup), wrapped to the pane.
    Context(usize, String),
    /// Where an outgoing link leads.
    Detail(usize),
}

impl SideRow {
    pub fn entry(&self) -> usize {
        match self {
            SideRow::Head(i) | SideRow::Context(i, _) | SideRow::Detail(i) => *i,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SidePane {
    pub mode: SideMode,
    /// The unlinked mentions of the page, found a slice at a time (in [`SideMode::Mentions`]).
    pub mentions: Option<crate::search::MentionRun>,
    pub sel: Selection,
    pub height: u16,
    /// The pane's inside width, that backlink lines are wrapped to.
    pub width: u16,
    /// The rows shown, from the entry at `sel.offset` on.
    pub rows: Vec<SideRow>,
    /// How many entries the rows hold whole.
    fits: usize,
}

/// The entries for a page, borrowed from the graph. They are asked for on every frame and
/// key, so they are never copied: a topic in a large vault has tens of thousands of
/// referrers.
#[derive(Debug, Clone, Copy)]
pub enum Entries<'a> {
    Backlinks(&'a [LinkRef]),
    /// A note's outgoing links, by count.
    Outgoing(usize),
    /// Unlinked mentions found so far.
    Mentions(&'a [crate::search::Mention]),
}

impl Entries<'_> {
    pub fn len(&self) -> usize {
        match self {
            Entries::Backlinks(refs) => refs.len(),
            Entries::Outgoing(n) => *n,
            Entries::Mentions(found) => found.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<SideEntry> {
        match self {
            Entries::Backlinks(refs) => refs.get(i).copied().map(SideEntry::Backlink),
            Entries::Outgoing(n) => (i < *n).then_some(SideEntry::Outgoing(i)),
            Entries::Mentions(found) => (i < found.len()).then_some(SideEntry::Mention(i)),
        }
    }
}

/// The entries for a page, as the pane's mode lists them.
pub fn entries<'a>(graph: &'a Graph, page: Option<Page>, side: &'a SidePane) -> Entries<'a> {
    entries_in(graph, page, side.mode, side.mentions.as_ref())
}

fn entries_in<'a>(
    graph: &'a Graph,
    page: Option<Page>,
    mode: SideMode,
    mentions: Option<&'a crate::search::MentionRun>,
) -> Entries<'a> {
    match (page, mode) {
        (Some(_), SideMode::Mentions) => {
            Entries::Mentions(mentions.map_or(&[][..], |m| m.found.as_slice()))
        }
        (Some(Page::Note(id)), SideMode::Backlinks) => Entries::Backlinks(graph.backlinks(id)),
        (Some(Page::Note(id)), SideMode::Outgoing) => Entries::Outgoing(graph.note(id).links.len()),
        (Some(Page::Topic(id)), SideMode::Backlinks) => Entries::Backlinks(&graph.topic(id).refs),
        (Some(Page::Topic(_) | Page::Tag(_)) | None, _) => Entries::Outgoing(0),
    }
}

/// Where an entry leads.
pub fn jump(graph: &Graph, page: Option<Page>, side: &SidePane, entry: SideEntry) -> Jump {
    match (entry, page) {
        (SideEntry::Mention(i), _) => side
            .mentions
            .as_ref()
            .and_then(|m| m.found.get(i))
            .map_or_else(
                || Jump::Say("no mention here".into()),
                |m| Jump::Page(Page::Note(m.note), Some(m.offset)),
            ),
        (SideEntry::Backlink(r), _) => {
            let at = graph.link(r).raw.range.start;
            Jump::Page(Page::Note(r.from), Some(at))
        }
        (SideEntry::Outgoing(i), Some(Page::Note(id))) => {
            super::reader::jump_for(graph, &graph.note(id).links[i])
        }
        (SideEntry::Outgoing(_), _) => Jump::Say("no link here".into()),
    }
}

impl SidePane {
    fn visible_entries(&self) -> usize {
        self.fits.max(1)
    }

    /// Lay out the rows shown, scrolling so that the selected entry is shown whole.
    /// Backlinks from one note share its title: one heading, then the line around each of
    /// its links, each wrapped to at most [`CONTEXT_ROWS`].
    pub fn refresh(&mut self, graph: &Graph, page: Option<Page>) {
        // The mentions are lent to the layout while the pane's own fields change.
        let mentions = self.mentions.take();
        let all = entries_in(graph, page, self.mode, mentions.as_ref());
        let len = all.len();
        self.sel.selected = self.sel.selected.min(len.saturating_sub(1));
        self.sel.offset = self.sel.offset.min(self.sel.selected);
        self.lay_out(graph, &all, mentions.as_ref());
        if self.sel.selected >= self.sel.offset + self.fits {
            // Start a screenful above the selection, then step down until it is whole.
            self.sel.offset = self
                .sel
                .selected
                .saturating_sub(self.fits.saturating_sub(1));
            self.lay_out(graph, &all, mentions.as_ref());
            while self.sel.selected >= self.sel.offset + self.fits
                && self.sel.offset < self.sel.selected
            {
                self.sel.offset += 1;
                self.lay_out(graph, &all, mentions.as_ref());
            }
        }
        self.mentions = mentions;
    }

    fn lay_out(
        &mut self,
        graph: &Graph,
        all: &Entries<'_>,
        mentions: Option<&crate::search::MentionRun>,
    ) {
        let height = usize::from(self.height);
        let width = usize::from(self.width).saturating_sub(2).max(1);
        self.rows.clear();
        self.fits = 0;
        let mut i = self.sel.offset;
        while let Some(entry) = all.get(i) {
            let mut rows = Vec::new();
            match entry {
                SideEntry::Backlink(r) => {
                    let same_note = i > self.sel.offset
                        && matches!(all.get(i - 1), Some(SideEntry::Backlink(p)) if p.from == r.from);
                    if !same_note {
                        rows.push(SideRow::Head(i));
                    }
                    let text = crate::render::plain_inline(&graph.context(r));
                    rows.extend(context_rows(i, &text, width));
                }
                SideEntry::Outgoing(_) => {
                    rows.push(SideRow::Head(i));
                    rows.push(SideRow::Detail(i));
                }
                SideEntry::Mention(m) => {
                    let Some(found) = mentions.and_then(|r| r.found.get(m)) else {
                        break;
                    };
                    let same_note = i > self.sel.offset
                        && mentions
                            .and_then(|r| r.found.get(m - 1))
                            .is_some_and(|p| p.note == found.note);
                    if !same_note {
                        rows.push(SideRow::Head(i));
                    }
                    rows.extend(context_rows(i, &found.context, width));
                }
            }
            if self.rows.len() + rows.len() > height {
                if self.fits == 0 {
                    // Not even one entry fits whole: show what does.
                    rows.truncate(height);
                    self.rows.extend(rows);
                }
                break;
            }
            self.rows.extend(rows);
            self.fits += 1;
            i += 1;
        }
    }

    pub fn move_by(&mut self, action: &Action, len: usize) {
        self.sel.move_by(action, len, self.visible_entries());
    }

    pub fn selected_jump(&self, graph: &Graph, page: Option<Page>) -> Option<Jump> {
        entries(graph, page, self)
            .get(self.sel.selected)
            .map(|e| jump(graph, page, self, e))
    }

    /// The entry shown on a row of the pane's inside.
    pub fn row_at(&self, row: usize, len: usize) -> Option<usize> {
        self.rows.get(row).map(SideRow::entry).filter(|&i| i < len)
    }

    /// Scroll the view by one entry (the wheel); the selection stays among the entries
    /// shown.
    pub fn scroll_view(&mut self, dir: i8, len: usize) {
        self.sel.scroll_view(dir, 1, len, self.visible_entries());
        let last_shown = self.sel.offset + self.visible_entries() - 1;
        self.sel.selected = self.sel.selected.clamp(self.sel.offset, last_shown);
    }
}
