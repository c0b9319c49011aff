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
}

/// Each entry takes two rows: what it is, and the line around the link.
pub const ROWS_PER_ENTRY: usize = 2;

#[derive(Debug, Clone, Default)]
pub struct SidePane {
    pub outgoing: bool,
    pub sel: Selection,
    pub height: u16,
    /// The line around each visible backlink as the reader shows text (link labels, no
    /// markup), from `offset` on; empty for outgoing links.
    pub contexts: Vec<String>,
}

/// The entries for a page, borrowed from the graph. They are asked for on every frame and
/// key, so they are never copied: a topic in a large vault has tens of thousands of
/// referrers.
#[derive(Debug, Clone, Copy)]
pub enum Entries<'a> {
    Backlinks(&'a [LinkRef]),
    /// A note's outgoing links, by count.
    Outgoing(usize),
}

impl Entries<'_> {
    pub fn len(&self) -> usize {
        match self {
            Entries::Backlinks(refs) => refs.len(),
            Entries::Outgoing(n) => *n,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<SideEntry> {
        match self {
            Entries::Backlinks(refs) => refs.get(i).copied().map(SideEntry::Backlink),
            Entries::Outgoing(n) => (i < *n).then_some(SideEntry::Outgoing(i)),
        }
    }
}

/// The entries for a page.
pub fn entries(graph: &Graph, page: Option<Page>, outgoing: bool) -> Entries<'_> {
    match (page, outgoing) {
        (Some(Page::Note(id)), false) => Entries::Backlinks(graph.backlinks(id)),
        (Some(Page::Note(id)), true) => Entries::Outgoing(graph.note(id).links.len()),
        (Some(Page::Topic(id)), false) => Entries::Backlinks(&graph.topic(id).refs),
        (Some(Page::Topic(_)) | None, _) => Entries::Outgoing(0),
    }
}

/// Where an entry leads.
pub fn jump(graph: &Graph, page: Option<Page>, entry: SideEntry) -> Jump {
    match (entry, page) {
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
        (usize::from(self.height) / ROWS_PER_ENTRY).max(1)
    }

    /// Prepare the text of the visible entries.
    pub fn refresh(&mut self, graph: &Graph, page: Option<Page>) {
        let all = entries(graph, page, self.outgoing);
        self.contexts = (self.sel.offset..self.sel.offset + self.visible_entries())
            .map_while(|i| all.get(i))
            .map(|e| match e {
                SideEntry::Backlink(r) => crate::render::plain_inline(&graph.context(r)),
                SideEntry::Outgoing(_) => String::new(),
            })
            .collect();
    }

    pub fn move_by(&mut self, action: &Action, len: usize) {
        self.sel.move_by(action, len, self.visible_entries());
    }

    pub fn selected_jump(&self, graph: &Graph, page: Option<Page>) -> Option<Jump> {
        entries(graph, page, self.outgoing)
            .get(self.sel.selected)
            .map(|e| jump(graph, page, e))
    }

    /// The entry shown on a row of the pane's inside.
    pub fn row_at(&self, row: usize, len: usize) -> Option<usize> {
        if row >= usize::from(self.height) {
            return None;
        }
        self.sel
            .entry_at(row / ROWS_PER_ENTRY, self.visible_entries(), len)
    }

    pub fn scroll_view(&mut self, dir: i8, len: usize) {
        self.sel.scroll_view(dir, 1, len, self.visible_entries());
    }
}
