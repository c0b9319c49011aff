//! The tools that work on the page being read: its outline, a link's preview, its fields,
//! copying, the side pane's lists (backlinks, outgoing links, unlinked mentions) and the list
//! filter.

use super::{Action, App};
use super::{
    Effect, FRAME_BUDGET, Focus, Jump, Overlay, Page, Peek, Visit, layout, prompt, selection, side,
};

/// Notes looked at for mentions between two checks of the frame's budget.
const MENTION_SLICE: usize = 512;

impl App {
    /// The tools that work on the page being read: its fields, a link's preview, its
    /// outline, copying.
    pub(super) fn page_tool(&mut self, action: &Action) {
        match action {
            Action::ToggleFields => self.toggle_fields(),
            Action::PeekLink => self.open_peek(),
            Action::Outline => self.open_outline(),
            Action::LocalGraph => self.open_local_graph(true),
            Action::Copy => self.copy(false),
            Action::CopyWikilink => self.copy(true),
            // The event loop hands the terminal to the editor; without a note, say why not.
            Action::Edit if self.edit_target().is_none() => {
                self.message = Some("no note open to edit (a topic has no file)".into());
            }
            _ => {}
        }
    }

    /// The side pane's next list: backlinks, outgoing links, unlinked mentions (a topic has
    /// no links of its own: its pane goes from referrers to mentions).
    pub(super) fn cycle_side(&mut self) {
        let topic = matches!(self.reader.page, Some(Page::Topic(_)));
        self.side.mode = match self.side.mode {
            side::SideMode::Backlinks if topic => side::SideMode::Mentions,
            side::SideMode::Backlinks => side::SideMode::Outgoing,
            side::SideMode::Outgoing => side::SideMode::Mentions,
            side::SideMode::Mentions => side::SideMode::Backlinks,
        };
        self.side.sel.reset();
        self.start_mentions();
    }

    /// In the side pane's mentions mode, start looking for the page's unlinked mentions
    /// (a note's names, a topic's name); they come in a slice at a time on each tick.
    pub(super) fn start_mentions(&mut self) {
        self.side.mentions = match (self.side.mode, self.reader.page) {
            (side::SideMode::Mentions, Some(Page::Note(id))) => {
                Some(crate::search::MentionRun::of_note(&self.graph, id))
            }
            (side::SideMode::Mentions, Some(Page::Topic(id))) => Some(
                crate::search::MentionRun::of_names(vec![self.graph.topic(id).name.clone()], None),
            ),
            _ => None,
        };
        self.tick_mentions();
    }

    /// Look for mentions in more notes, for one frame's budget.
    pub(super) fn tick_mentions(&mut self) {
        let Some(run) = self.side.mentions.as_mut() else {
            return;
        };
        let started = std::time::Instant::now();
        while !run.done(&self.graph) && started.elapsed() < FRAME_BUDGET {
            run.step(&self.graph, MENTION_SLICE);
        }
    }

    /// Whether mentions are still being looked for.
    pub fn mentions_running(&self) -> bool {
        self.side
            .mentions
            .as_ref()
            .is_some_and(|m| !m.done(&self.graph))
    }

    /// Open the list's filter prompt, the filter in force there to edit.
    pub(super) fn open_filter(&mut self) {
        self.open_prompt(prompt::Mode::Filter);
        let current = self.list.filter.clone();
        self.search.line.set(current);
        self.set_focus(Focus::List);
    }

    /// The headings of the note being read (none on a topic's page).
    pub(super) fn heading_count(&self) -> usize {
        match self.reader.page {
            Some(Page::Note(id)) => self.graph.note(id).headings.len(),
            _ => 0,
        }
    }

    /// The heading the reader's top line is under (the first heading when it is above
    /// them all).
    pub fn current_heading(&self) -> Option<usize> {
        let Some(Page::Note(id)) = self.reader.page else {
            return None;
        };
        let headings = &self.graph.note(id).headings;
        if headings.is_empty() {
            return None;
        }
        let r = &self.reader.rendered;
        let after = headings.partition_point(|h| r.line_for_offset(h.offset) <= self.reader.scroll);
        Some(after.saturating_sub(1))
    }

    pub(super) fn scroll_to_heading(&mut self, i: usize) {
        let Some(Page::Note(id)) = self.reader.page else {
            return;
        };
        if let Some(h) = self.graph.note(id).headings.get(i) {
            self.reader.scroll = self.reader.rendered.line_for_offset(h.offset);
            self.reader.clamp();
        }
    }

    /// Open the outline of the note being read, on the heading the reader is in.
    pub(super) fn open_outline(&mut self) {
        let Some(selected) = self.current_heading() else {
            self.message = Some("no headings on this page".into());
            return;
        };
        self.overlay = Some(Overlay::Outline {
            selected,
            from: self.reader.scroll,
        });
    }

    /// Open the local graph of the page being read, `two_hops` deep.
    pub(super) fn open_local_graph(&mut self, two_hops: bool) {
        let Some(page) = self.reader.page else {
            self.message = Some("no page open".into());
            return;
        };
        let local = super::local_graph::LocalGraph::new(&self.graph, page, two_hops);
        if local.is_empty() {
            self.message = Some("nothing links here, and this page links nowhere".into());
            return;
        }
        self.local = Some(local);
        self.overlay = Some(Overlay::Graph { selected: 0 });
    }

    /// Keys while the local graph is open: j/k and the page keys move, h/l cross sides,
    /// Enter opens the selected page, the graph key again switches one hop and two, any
    /// other key closes it.
    pub(super) fn update_local_graph(&mut self, selected: usize, action: &Action) -> bool {
        let Some(local) = self.local.as_ref() else {
            self.overlay = None;
            return true;
        };
        match action {
            Action::Open => {
                let page = local.row(selected).map(|n| n.page);
                self.overlay = None;
                self.local = None;
                if let Some(page) = page {
                    self.follow(Jump::Page(page, None));
                }
            }
            Action::FocusLeft | Action::FocusRight => {
                let selected = local.across(selected);
                self.overlay = Some(Overlay::Graph { selected });
            }
            Action::LocalGraph => {
                let two = !local.two_hops;
                let keep = local.row(selected).map(|n| n.page);
                self.open_local_graph(two);
                let selected = self
                    .local
                    .as_ref()
                    .and_then(|l| l.rows().position(|n| Some(n.page) == keep))
                    .unwrap_or(0);
                self.overlay = Some(Overlay::Graph { selected });
            }
            action if action.is_move() => {
                let page = usize::from(layout::inner(layout::graph_area(self.size)).height);
                let selected = selection::moved(selected, local.len(), page, action);
                self.overlay = Some(Overlay::Graph { selected });
            }
            _ => {
                self.overlay = None;
                self.local = None;
            }
        }
        true
    }

    /// Open the preview of the selected link's target: a note's first lines, a topic's
    /// referrers, a footnote's note. Other links say what they are.
    pub(super) fn open_peek(&mut self) {
        let Some(i) = self.reader.selected else {
            self.message = Some("select a link first (Tab), then K previews it".into());
            return;
        };
        let Some(jump) = self.reader.jumps.get(i).cloned() else {
            return;
        };
        let width = layout::inner(layout::peek_area(self.size))
            .width
            .saturating_sub(1)
            .max(8);
        let g = &self.graph;
        let (title, rendered) = match &jump {
            Jump::Page(Page::Note(id), _) => (
                g.note(*id).title.to_string(),
                crate::render::render(g, g.note(*id), width),
            ),
            Jump::Page(Page::Topic(id), _) => (
                format!("topic {}", g.topic(*id).name),
                crate::render::topic(g, g.topic(*id), width),
            ),
            Jump::Page(Page::Tag(id), _) => (
                format!("tag #{}", g.tag(*id).name),
                crate::render::tag(g, *id, width).0,
            ),
            Jump::Line(line) => {
                let r = &self.reader.rendered;
                let end = (*line + 12).min(r.lines.len());
                let lines = r.lines.get(*line..end).unwrap_or(&[]).to_vec();
                (
                    "footnote".to_string(),
                    crate::render::Rendered {
                        lines,
                        ..crate::render::Rendered::default()
                    },
                )
            }
            Jump::Browse(url) => {
                self.message = Some(format!("web link: {url} (Enter opens it in the browser)"));
                return;
            }
            Jump::Fold(_) => {
                self.message = Some("a callout's head: Enter folds or unfolds it".into());
                return;
            }
            Jump::Say(what) => {
                self.message = Some(what.clone());
                return;
            }
        };
        self.peek = Some(Peek {
            title,
            rendered,
            jump,
        });
        self.overlay = Some(Overlay::Peek { scroll: 0 });
    }

    /// Fold the page's callout that starts at `at` if it is open, or open it if folded; the
    /// page keeps its place and its head stays selected.
    pub(super) fn flip_callout(&mut self, at: usize) {
        let Some(page) = self.reader.page else { return };
        let flipped = &mut self.reader.flipped;
        match flipped.iter().position(|&o| o == at) {
            Some(i) => {
                flipped.swap_remove(i);
            }
            None => flipped.push(at),
        }
        let (scroll, selected) = (self.reader.scroll, self.reader.selected);
        self.reader.render(&self.graph, page);
        self.reader.scroll = scroll;
        self.reader.clamp();
        self.reader.selected = selected.filter(|&i| i < self.reader.rendered.links.len());
    }

    /// Show every field in the header, or only those a reader wants; the page keeps its
    /// place.
    pub(super) fn toggle_fields(&mut self) {
        self.reader.all_fields = !self.reader.all_fields;
        self.message = Some(if self.reader.all_fields {
            "every field shown (i: only those a reader wants)".into()
        } else {
            "fields a reader wants shown (i: every field)".into()
        });
        if let Some(page) = self.reader.page {
            let anchor = self.reader.top_offset();
            let selected = self.reader.selected;
            self.reader.render(&self.graph, page);
            self.reader.scroll_to_offset(anchor);
            self.reader.selected = selected.filter(|&i| i < self.reader.rendered.links.len());
        }
    }

    /// Ask for the selected link's target, or the page's path, or a wikilink to the page, to
    /// be copied.
    pub(super) fn copy(&mut self, wikilink: bool) {
        let g = &self.graph;
        let selected = match self.reader.page {
            Some(Page::Note(id)) if !wikilink => self
                .reader
                .selected
                .and_then(|i| self.reader.rendered.links.get(i))
                .and_then(|spot| g.note(spot.owner(id)).links.get(spot.link)),
            _ => None,
        };
        let text = match (selected, self.reader.page) {
            (Some(link), _) => match &link.target {
                crate::graph::Target::Note(t) => g.note(*t).path.clone(),
                crate::graph::Target::Topic(t) => g.topic(*t).name.clone(),
                crate::graph::Target::Attachment(a) => g.attachment(*a).to_string(),
                crate::graph::Target::External => link.raw.target.to_string(),
                _ => link.raw.destination(),
            },
            (None, Some(Page::Note(id))) if wikilink => format!("[[{}]]", g.link_name(id)),
            (None, Some(Page::Topic(id))) if wikilink => format!("[[{}]]", g.topic(id).name),
            (None, Some(Page::Note(id))) => g.note(id).path.clone(),
            (None, Some(Page::Topic(id))) => g.topic(id).name.clone(),
            (None, Some(Page::Tag(id))) => format!("#{}", g.tag(id).name),
            (None, None) => {
                self.message = Some("nothing to copy: no page open".into());
                return;
            }
        };
        let text = crate::outside::clipboard_text(&text);
        if text.is_empty() {
            self.message = Some("nothing to copy".into());
        } else {
            self.outbox.push(Effect::Copy(text));
        }
    }

    /// Keys while the outline is open: movement previews a heading, Enter keeps it, any
    /// other key goes back to where the reader was.
    pub(super) fn update_outline(&mut self, selected: usize, from: usize, action: &Action) -> bool {
        match action {
            Action::Open => {
                // Kept: Back returns to where the outline was opened.
                if let Some(page) = self.reader.page {
                    self.back.push(Visit { page, scroll: from });
                    self.forward.clear();
                }
                self.overlay = None;
            }
            action if action.is_move() => {
                let n = self.heading_count();
                let page = usize::from(layout::inner(layout::outline_area(self.size, n)).height);
                let selected = selection::moved(selected, n, page, action);
                self.overlay = Some(Overlay::Outline { selected, from });
                self.scroll_to_heading(selected);
            }
            _ => {
                self.reader.scroll = from;
                self.reader.clamp();
                self.overlay = None;
            }
        }
        true
    }
}
