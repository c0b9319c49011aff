//! The note list pane: every note, then every topic, in the chosen order; or the notes as
//! a tree of their folders, each folder folded or open.

use super::selection::Selection;
use super::{Action, Page};
use crate::graph::{Graph, NoteId, TopicId};
use rayon::prelude::*;

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Note(NoteId),
    Topic(TopicId),
    /// A folder of the tree: its index in [`ListPane::folders`].
    Folder(u32),
}

impl Entry {
    /// The page a row opens; a folder opens none (Enter folds or unfolds it).
    pub fn page(self) -> Option<Page> {
        match self {
            Entry::Note(id) => Some(Page::Note(id)),
            Entry::Topic(id) => Some(Page::Topic(id)),
            Entry::Folder(_) => None,
        }
    }
}

/// A folder row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// From the vault's root, `/`-separated.
    pub path: String,
    /// How deep it is: 0 at the root.
    pub depth: usize,
    /// The notes under it, at any depth, that the filter keeps.
    pub notes: usize,
    pub open: bool,
}

/// The list's order. Topics always follow the notes, most referenced first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Title,
    Path,
    MostLinked,
    /// A tree of folders (folders first, then notes by title), each folded or open.
    Folders,
}

impl SortBy {
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Title => "by title",
            SortBy::Path => "by path",
            SortBy::MostLinked => "most linked",
            SortBy::Folders => "folders",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ListPane {
    pub entries: Vec<Entry>,
    pub sel: Selection,
    /// The reader shows the selection as it moves; the page read before is in the history
    /// already.
    pub previewing: bool,
    pub sort: SortBy,
    /// Rows shown, set by the layout.
    pub height: u16,
    /// Notes in the list: all of them, or those the filter keeps.
    pub notes: usize,
    /// Notes in the vault.
    pub total: usize,
    /// Every entry in the order chosen, before the filter.
    ordered: Vec<Entry>,
    /// What the list is narrowed to (see [`Filter`]); empty for every note and topic.
    pub filter: String,
    /// The tree's folders, for [`Entry::Folder`] rows.
    pub folders: Vec<Folder>,
    /// Folders folded by the reader, by path.
    folded: std::collections::HashSet<String>,
}

/// A filter typed over the list: words its title or path must hold (any case, accents
/// folded), `tag:x` (the tag or one below it), `path:x` (a folder of the path, or the
/// path's start).
#[derive(Debug, Default)]
struct Filter {
    words: Vec<String>,
    tags: Vec<String>,
    paths: Vec<String>,
}

impl Filter {
    fn parse(text: &str) -> Filter {
        let mut f = Filter::default();
        for word in text.split_whitespace() {
            let lower = sort_key(word);
            if let Some(tag) = lower.strip_prefix("tag:") {
                f.tags.push(tag.trim_start_matches('#').to_string());
            } else if let Some(path) = lower
                .strip_prefix("path:")
                .or_else(|| lower.strip_prefix("folder:"))
            {
                f.paths.push(path.trim_matches('/').to_string());
            } else {
                f.words.push(lower);
            }
        }
        f
    }

    /// Does the filter keep `note`, whose title and path folded are `title` and `path`?
    fn keeps_note(&self, note: &crate::graph::Note, title: &str, path: &str) -> bool {
        self.words
            .iter()
            .all(|w| title.contains(w.as_str()) || path.contains(w.as_str()))
            && self.tags.iter().all(|t| {
                note.tags.iter().any(|have| {
                    let have = sort_key(have);
                    have == *t || have.starts_with(&format!("{t}/"))
                })
            })
            && self.paths.iter().all(|p| {
                path.starts_with(&format!("{p}/"))
                    || path.starts_with(p.as_str())
                    || path.contains(&format!("/{p}/"))
            })
    }

    fn keeps_topic(&self, name: &str) -> bool {
        let name = sort_key(name);
        self.tags.is_empty()
            && self.paths.is_empty()
            && self.words.iter().all(|w| name.contains(w.as_str()))
    }
}

impl ListPane {
    pub fn new(graph: &Graph) -> ListPane {
        let mut pane = ListPane {
            entries: Vec::new(),
            sel: Selection::default(),
            previewing: false,
            sort: SortBy::Title,
            height: 0,
            notes: graph.notes().len(),
            total: graph.notes().len(),
            filter: String::new(),
            ordered: Vec::new(),
            folders: Vec::new(),
            folded: std::collections::HashSet::new(),
        };
        pane.fill(graph);
        pane
    }

    /// Put every note and topic in the order chosen, then keep what the filter keeps.
    fn fill(&mut self, graph: &Graph) {
        let mut notes: Vec<NoteId> = graph.notes().iter().map(|n| n.id).collect();
        self.total = notes.len();
        match self.sort {
            SortBy::Title => notes.sort_by_cached_key(|id| sort_key(&graph.note(*id).title)),
            SortBy::Path => {}
            SortBy::MostLinked => {
                notes.sort_by_key(|id| std::cmp::Reverse(graph.backlinks(*id).len()));
            }
            // Each folder's notes together, its folders before its notes (as file trees
            // show them), notes by title.
            SortBy::Folders => notes.sort_by_cached_key(|id| {
                let note = graph.note(*id);
                let mut key: Vec<(u8, String)> = note
                    .folder
                    .split('/')
                    .filter(|c| !c.is_empty())
                    .map(|c| (0, sort_key(c)))
                    .collect();
                key.push((1, sort_key(&note.title)));
                key
            }),
        }
        let mut topics: Vec<TopicId> = graph.topics().iter().map(|t| t.id).collect();
        topics.sort_by_cached_key(|id| {
            (
                std::cmp::Reverse(graph.topic(*id).refs.len()),
                sort_key(&graph.topic(*id).name),
            )
        });
        self.ordered = notes
            .into_iter()
            .map(Entry::Note)
            .chain(topics.into_iter().map(Entry::Topic))
            .collect();
        self.narrow(graph);
    }

    /// Keep, in order, the entries the filter keeps. A keystroke costs a pass over folded
    /// names made once, not a fold and a sort of every title; typing on at the end of words
    /// only looks again at what the shorter filter kept.
    fn narrow(&mut self, graph: &Graph) {
        self.narrow_from(graph, false);
    }

    fn narrow_from(&mut self, graph: &Graph, refine: bool) {
        // The tree's rows are made from the notes the filter keeps, afresh each time.
        let refine = refine && self.sort != SortBy::Folders;
        if self.filter.trim().is_empty() {
            self.entries.clone_from(&self.ordered);
            self.notes = self.total;
            self.plant(graph);
            return;
        }
        let filter = Filter::parse(&self.filter);
        // Folded on the loader's thread, before the vault reached the reader.
        let keys = graph.folded_names();
        let from = if refine { &self.entries } else { &self.ordered };
        // On every core, in order: 100k notes in about a frame.
        self.entries = from
            .par_iter()
            .copied()
            .filter(|e| match e {
                Entry::Note(id) => {
                    let (title, path) = &keys[id.index()];
                    filter.keeps_note(graph.note(*id), title, path)
                }
                Entry::Topic(id) => filter.keeps_topic(&graph.topic(*id).name),
                Entry::Folder(_) => false,
            })
            .collect();
        self.notes = self
            .entries
            .iter()
            .filter(|e| matches!(e, Entry::Note(_)))
            .count();
        self.plant(graph);
    }

    /// In the folder view, put a row for each folder before its contents, and leave out
    /// what folded folders hold.
    fn plant(&mut self, graph: &Graph) {
        self.folders.clear();
        if self.sort != SortBy::Folders {
            return;
        }
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for e in &self.entries {
            if let Entry::Note(id) = e {
                let folder = graph.note(*id).folder.as_str();
                let mut at = folder.len();
                while at > 0 {
                    *counts.entry(&folder[..at]).or_default() += 1;
                    at = folder[..at].rfind('/').unwrap_or(0);
                }
            }
        }
        let mut rows = Vec::with_capacity(self.entries.len());
        let mut open: Vec<&str> = Vec::new();
        for e in &self.entries {
            let Entry::Note(id) = e else {
                rows.push(*e);
                continue;
            };
            let folder = graph.note(*id).folder.as_str();
            // Close the folders this note is not in, open the ones it is.
            while open
                .last()
                .is_some_and(|o| !(folder == *o || folder.starts_with(&format!("{o}/"))))
            {
                open.pop();
            }
            let mut from = open.last().map_or(0, |o| o.len() + 1);
            while from < folder.len() {
                let end = folder[from..].find('/').map_or(folder.len(), |i| from + i);
                let path = &folder[..end];
                let hidden = open.iter().any(|o| self.folded.contains(*o));
                if !hidden {
                    rows.push(Entry::Folder(
                        u32::try_from(self.folders.len()).unwrap_or(0),
                    ));
                }
                self.folders.push(Folder {
                    path: path.to_string(),
                    depth: open.len(),
                    notes: counts.get(path).copied().unwrap_or(0),
                    open: !self.folded.contains(path),
                });
                open.push(path);
                from = end + 1;
            }
            if !open.iter().any(|o| self.folded.contains(*o)) {
                rows.push(*e);
            }
        }
        self.entries = rows;
    }

    /// Fold the selected folder if open, open it if folded; the selection stays on it.
    pub fn toggle_folder(&mut self, graph: &Graph) {
        let Some(Entry::Folder(i)) = self.selected_entry() else {
            return;
        };
        let Some(path) = self.folders.get(i as usize).map(|f| f.path.clone()) else {
            return;
        };
        if !self.folded.remove(&path) {
            self.folded.insert(path.clone());
        }
        self.narrow(graph);
        if let Some(row) = self
            .entries
            .iter()
            .position(|e| matches!(e, Entry::Folder(j) if self.folders[*j as usize].path == path))
        {
            self.sel.select(row, usize::from(self.height));
        }
    }

    /// Narrow the list to what `text` keeps ([`Filter`]); the selection stays on its entry
    /// when the filter keeps it, else goes to the first.
    pub fn set_filter(&mut self, graph: &Graph, text: &str) {
        if self.filter == text {
            return;
        }
        let keep = self.selected_entry();
        // More letters at the end of plain words can only keep fewer entries.
        let refine = !self.filter.trim().is_empty()
            && text.starts_with(self.filter.as_str())
            && !text.contains(':');
        text.clone_into(&mut self.filter);
        self.narrow_from(graph, refine);
        self.sel.reset();
        if let Some(page) = keep.and_then(Entry::page) {
            self.select_page(page);
        }
    }

    /// Order the list by `sort` (after a reload, the order the user had chosen).
    pub fn set_sort(&mut self, graph: &Graph, sort: SortBy) {
        if self.sort != sort {
            self.sort = sort;
            self.fill(graph);
        }
    }

    pub fn cycle_sort(&mut self, graph: &Graph) {
        let keep = self.selected_entry();
        self.sort = match self.sort {
            SortBy::Title => SortBy::Path,
            SortBy::Path => SortBy::MostLinked,
            SortBy::MostLinked => SortBy::Folders,
            SortBy::Folders => SortBy::Title,
        };
        self.fill(graph);
        if let Some(page) = keep.and_then(Entry::page) {
            self.select_page(page);
        }
    }

    pub fn selected_entry(&self) -> Option<Entry> {
        self.entries.get(self.sel.selected).copied()
    }

    /// Select the row of a page, if it has one, and bring it into view.
    pub fn select_page(&mut self, page: Page) {
        if self.selected_entry().and_then(Entry::page) == Some(page) {
            return;
        }
        if let Some(i) = self.entries.iter().position(|e| e.page() == Some(page)) {
            self.sel.select(i, usize::from(self.height));
        }
    }

    pub fn move_by(&mut self, action: &Action) {
        self.sel
            .move_by(action, self.entries.len(), usize::from(self.height));
    }

    /// The entry shown on a row of the pane's inside.
    pub fn row_at(&self, row: usize) -> Option<usize> {
        self.sel
            .entry_at(row, usize::from(self.height), self.entries.len())
    }

    /// Scroll the view without moving the selection.
    pub fn scroll_view(&mut self, dir: i8) {
        self.sel
            .scroll_view(dir, 3, self.entries.len(), usize::from(self.height));
    }
}

/// A name as a reader sorts it ([`crate::text::fold`]).
fn sort_key(name: &str) -> String {
    crate::text::fold(name)
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn titles_sort_with_accents_folded() {
        let mut names = vec![
            "Zebra",
            "Über Vertrauen",
            "apple",
            "École",
            "Ubuntu",
            "eagle",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "apple",
                "eagle",
                "École",
                "Über Vertrauen",
                "Ubuntu",
                "Zebra"
            ]
        );
    }
}
