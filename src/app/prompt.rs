//! The search prompts: quick open (fuzzy over titles, aliases, paths and topics), full text,
//! and find in the current note. Work is done a slice at a time ([`PromptPane::tick`]), so
//! typing never waits: the view shows partial results with a progress marker, and a new
//! keystroke drops the work for the stale query.

mod edit;

pub use edit::{History, LineEdit};

use super::selection::Selection;
use super::{Action, FRAME_BUDGET, Focus, Jump, Page};
use crate::graph::Graph;
use crate::graph::NoteId;
use crate::search::quick_open::{QuickHit, QuickIndex, QuickRun};
use crate::search::{Hit, Query, Run};
use std::time::{Duration, Instant};

/// Which prompt is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Quick,
    Text,
    Find,
    /// Narrow the note list as you type.
    Filter,
}

impl Mode {
    /// A prompt on the status line (finding in the note, filtering the list), where Up and
    /// Down are the prompt's history rather than moves through results.
    pub fn is_line(self) -> bool {
        matches!(self, Mode::Find | Mode::Filter)
    }
}

/// How many quick-open rows are kept.
pub const QUICK_LIMIT: usize = 200;
/// Notes looked at per slice of a full-text run.
const TEXT_SLICE: usize = 4096;
/// Quick-open items scored per slice.
const QUICK_SLICE: usize = 16_384;

/// The state of the open prompt.
#[derive(Default)]
pub struct PromptPane {
    pub mode: Option<Mode>,
    /// What is typed, and the cursor in it.
    pub line: LineEdit,
    /// What was typed into each prompt before (quick open, full text, find), for Up/Down.
    pub history: [History; 4],
    pub sel: Selection,
    /// Rows the results list can show, set by the layout.
    pub height: u16,
    /// The query error to show under the input (an invalid regex); the last good results stay.
    pub error: Option<String>,
    pub quick: Vec<QuickHit>,
    quick_index: Option<QuickIndex>,
    /// The quick-open query being scored.
    pub quick_run: Option<QuickRun>,
    /// The last finished quick-open query and the items it matched, to narrow the next one.
    quick_pool: Option<(String, Vec<u32>)>,
    pub run: Option<Run>,
    /// The slice of `run` being searched on a thread of its own: where it ends, and what it
    /// found. A slow regex over one large note holds up that thread, never the keys; a new
    /// query or Esc drops it.
    job: Option<std::sync::mpsc::Receiver<(usize, Vec<Hit>)>>,
    /// The results of the last finished (or abandoned) full-text search, for `n`/`N`.
    pub last: Option<(Query, Vec<Hit>)>,
    /// Where the visible full-text hits matched, from `offset` on.
    pub snippets: Vec<Shown>,
}

/// A visible full-text hit's line and snippet, as the reader shows text.
#[derive(Debug, Clone)]
pub struct Shown {
    pub line: usize,
    pub text: String,
    /// Byte ranges of the matches in `text`.
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl PromptPane {
    pub fn open(&mut self, mode: Mode) {
        self.mode = Some(mode);
        self.line.text.clear();
        self.sel.reset();
        self.error = None;
        self.quick.clear();
        self.run = None;
        self.job = None;
    }

    pub fn close(&mut self) {
        self.quick_run = None;
        // A slice still being searched is let go: its result has no one to go to.
        self.job = None;
        if let Some(run) = self.run.take() {
            self.last = Some((run.query, run.hits));
        }
        self.mode = None;
    }

    /// The full-text hits shown now: the running search's, or the last good ones.
    pub fn hits(&self) -> &[Hit] {
        match (&self.run, &self.last) {
            (Some(run), _) => &run.hits,
            (None, Some((_, hits))) => hits,
            (None, None) => &[],
        }
    }

    /// Prepare the visible full-text snippets for display.
    pub fn refresh_snippets(&mut self, graph: &Graph) {
        if self.mode != Some(Mode::Text) {
            self.snippets.clear();
            return;
        }
        let snippets = match self.query() {
            Some(q) => self
                .hits()
                .iter()
                .skip(self.sel.offset)
                .take(usize::from(self.height))
                .map(|h| {
                    let e = crate::search::excerpt(q, graph.note(h.note));
                    let text = crate::render::plain_inline(&e.snippet);
                    let ranges = q.ranges(&text);
                    Shown {
                        line: e.line,
                        text,
                        ranges,
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        self.snippets = snippets;
    }

    /// The query behind [`PromptPane::hits`].
    pub fn query(&self) -> Option<&Query> {
        match (&self.run, &self.last) {
            (Some(run), _) => Some(&run.query),
            (None, Some((q, _))) => Some(q),
            (None, None) => None,
        }
    }

    /// How many rows the list has.
    pub fn len(&self) -> usize {
        match self.mode {
            Some(Mode::Quick) => self.quick.len(),
            Some(Mode::Text) => self.hits().len(),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The input changed: start over.
    pub fn input_changed(&mut self, graph: &Graph) {
        self.sel.reset();
        match self.mode {
            Some(Mode::Quick) => {
                self.quick_index
                    .get_or_insert_with(|| QuickIndex::new(graph));
                if self.line.text.trim().is_empty() {
                    self.quick.clear();
                    self.quick_run = None;
                    return;
                }
                // Narrow from the last finished query when this one only adds to it.
                let pool = self
                    .quick_pool
                    .as_ref()
                    .filter(|(q, _)| crate::search::quick_open::narrows(q, &self.line.text))
                    .map(|(_, p)| p.clone());
                self.quick_run = Some(QuickRun::new(&self.line.text, pool, QUICK_LIMIT));
            }
            Some(Mode::Text) => {
                if self.line.text.trim().is_empty() {
                    self.run = None;
                    self.job = None;
                    self.error = None;
                    return;
                }
                match Query::parse(&self.line.text) {
                    Ok(q) => {
                        self.error = None;
                        self.run = Some(Run::new(q));
                        self.job = None;
                    }
                    // Keep the last results on screen; say what is wrong.
                    Err(e) => {
                        self.job = None;
                        if let Some(run) = self.run.take() {
                            self.last = Some((run.query, run.hits));
                        }
                        self.error = Some(e.to_string());
                    }
                }
            }
            Some(Mode::Find | Mode::Filter) | None => {}
        }
    }

    /// Advance a running full-text search for at most `budget`. Returns whether more work is
    /// left.
    pub fn tick(&mut self, graph: &std::sync::Arc<Graph>, budget: Duration) -> bool {
        let start = Instant::now();
        if let (Some(run), Some(index)) = (self.quick_run.as_mut(), self.quick_index.as_ref()) {
            while !run.done(index) && start.elapsed() < budget {
                run.step(index, QUICK_SLICE);
            }
            self.quick = run.hits(index, QUICK_LIMIT);
            if run.done(index) {
                self.quick_pool = Some((run.query.clone(), run.matched()));
                self.quick_run = None;
                return false;
            }
            return true;
        }
        let Some(run) = self.run.as_mut() else {
            return false;
        };
        loop {
            if let Some(job) = &self.job {
                match job.recv_timeout(budget.saturating_sub(start.elapsed())) {
                    Ok((end, mut found)) => {
                        run.next = end;
                        if !found.is_empty() {
                            run.hits.append(&mut found);
                            crate::search::sort(graph, &run.query, &mut run.hits);
                        }
                        self.job = None;
                    }
                    // Still searching when the frame's budget is spent: keys come first.
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return true,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        self.job = None;
                        return false;
                    }
                }
            }
            if run.done(graph) || start.elapsed() >= budget {
                return !run.done(graph);
            }
            let (tx, rx) = std::sync::mpsc::channel();
            let (shared, query, from) = (std::sync::Arc::clone(graph), run.query.clone(), run.next);
            let end = (from + TEXT_SLICE).min(graph.notes().len());
            let spawned = std::thread::Builder::new()
                .name("trail-search".into())
                .spawn(move || {
                    use rayon::prelude::*;
                    let found: Vec<Hit> = shared.notes()[from..end]
                        .par_iter()
                        .filter_map(|n| crate::search::match_note(&shared, &query, n))
                        .collect();
                    let _ = tx.send((end, found));
                });
            if spawned.is_err() {
                // No thread to be had: this slice is searched here.
                run.step(graph, TEXT_SLICE);
                continue;
            }
            self.job = Some(rx);
        }
    }

    /// Whether a search has work left.
    pub fn busy(&self, graph: &Graph) -> bool {
        self.quick_run.is_some()
            || self.job.is_some()
            || self.run.as_ref().is_some_and(|r| !r.done(graph))
    }

    /// How far the running search is, as a fraction, when it is not done.
    pub fn progress(&self, graph: &Graph) -> Option<f64> {
        if let (Some(run), Some(index)) = (&self.quick_run, &self.quick_index) {
            return Some(run.progress(index));
        }
        let run = self.run.as_ref()?;
        let n = graph.notes().len();
        #[allow(clippy::cast_precision_loss)] // note counts are far below 2^52
        (!run.done(graph)).then(|| run.next as f64 / n.max(1) as f64)
    }

    pub fn move_by(&mut self, action: &Action) {
        self.sel
            .move_by(action, self.len(), usize::from(self.height));
    }
}

/// The prompts' side of the reader: opening them, typing into them, opening a result, and
/// stepping through matches.
impl super::App {
    /// Whether work is left that [`Action::Tick`] would advance.
    pub fn busy(&self) -> bool {
        self.mentions_running() || self.search.busy(&self.graph) || self.reader.colour_wanted()
    }

    pub(super) fn open_prompt(&mut self, mode: Mode) {
        if mode == Mode::Find && self.reader.page.is_none() {
            return;
        }
        self.search.open(mode);
        // Build quick open's index as the prompt opens (once a session; ~75 ms at 100k
        // notes), so that the first key typed gets its results as fast as the rest.
        if mode == Mode::Quick {
            let graph = &self.graph;
            self.search
                .quick_index
                .get_or_insert_with(|| QuickIndex::new(graph));
            self.search.quick = self.recent_hits();
        }
        self.relayout();
    }

    /// The notes read most recently, newest first, as quick-open rows: what an empty
    /// quick-open prompt offers.
    pub(super) fn recent_hits(&self) -> Vec<QuickHit> {
        let current = match self.reader.page {
            Some(Page::Note(id)) => Some(self.graph.note(id).path.as_str()),
            _ => None,
        };
        self.recent
            .iter()
            .filter(|path| Some(path.as_str()) != current)
            .filter_map(|path| self.graph.find_path(path))
            .map(|id| QuickHit {
                candidate: crate::search::quick_open::Candidate::Note(id),
                text: self.graph.note(id).title.to_string(),
                kind: "recent",
                score: 0,
                indices: Vec::new(),
            })
            .collect()
    }

    /// Text pasted (bracketed paste): into the open prompt as one line, at most as long as a
    /// query may be (a pasted page is not a query, and each of its words would be compiled
    /// on every key); ignored when no prompt is open.
    pub(super) fn paste(&mut self, text: String) {
        if self.search.mode.is_none() {
            return;
        }
        self.message = None;
        let mut text = text;
        text.retain(|c| !crate::text::is_unsafe_char(c));
        let room =
            crate::search::MAX_QUERY_CHARS.saturating_sub(self.search.line.text.chars().count());
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(room)
            .collect();
        self.search.line.insert(&text);
        self.edited();
    }

    /// Actions while a prompt is open; returns whether the prompt took the action.
    pub(super) fn update_prompt(&mut self, action: &Action) -> bool {
        let mode = self.search.mode;
        match action {
            Action::Input(c) => {
                if self.search.line.text.chars().count() < crate::search::MAX_QUERY_CHARS {
                    self.search.line.insert(c.encode_utf8(&mut [0; 4]));
                }
                self.edited();
            }
            Action::DeleteChar => {
                self.search.line.backspace();
                self.edited();
            }
            Action::DeleteForward => {
                self.search.line.delete();
                self.edited();
            }
            Action::DeleteWord => {
                self.search.line.delete_word();
                self.edited();
            }
            Action::ClearInput => {
                self.search.line.kill_start();
                self.edited();
            }
            Action::KillEnd => {
                self.search.line.kill_end();
                self.edited();
            }
            Action::CursorLeft => self.search.line.left(),
            Action::CursorRight => self.search.line.right(),
            Action::CursorStart => self.search.line.home(),
            Action::CursorEnd => self.search.line.end(),
            Action::Cancel => {
                match mode {
                    Some(Mode::Find) => self.reader.set_find(None),
                    Some(Mode::Filter) => self.list.set_filter(&self.graph, ""),
                    _ => {}
                }
                self.search.close();
            }
            Action::Open => {
                if let Some(mode) = mode {
                    let typed = self.search.line.text.clone();
                    self.search.history[mode as usize].push(&typed);
                }
                self.open_search_selection();
            }
            Action::Up if self.search.sel.selected == 0 || mode.is_some_and(Mode::is_line) => {
                let typed = self.search.line.text.clone();
                if let Some(mode) = mode
                    && let Some(older) = self.search.history[mode as usize].older(&typed)
                {
                    self.recall(older);
                }
            }
            Action::Down
                if mode.is_some_and(|m| self.search.history[m as usize].browsing())
                    && (mode.is_some_and(Mode::is_line)
                        || self.search.sel.selected + 1 >= self.search.len()) =>
            {
                if let Some(mode) = mode
                    && let Some(newer) = self.search.history[mode as usize].newer()
                {
                    self.recall(newer);
                }
            }
            action if action.is_move() => {
                if mode == Some(Mode::Filter) {
                    self.list.move_by(action);
                } else if mode == Some(Mode::Find) {
                    self.next_match(
                        if matches!(action, Action::Up | Action::PageUp | Action::HalfUp) {
                            -1
                        } else {
                            1
                        },
                    );
                } else {
                    self.search.move_by(action);
                }
            }
            Action::Tick => {
                self.search.tick(&self.graph, FRAME_BUDGET);
            }
            Action::Quit | Action::Resize(..) | Action::Click(..) | Action::Wheel(..) => {
                return false;
            }
            _ => {}
        }
        true
    }

    /// The line was edited by hand: it is no longer a history entry.
    fn edited(&mut self) {
        if let Some(mode) = self.search.mode {
            self.search.history[mode as usize].leave();
        }
        self.prompt_changed();
    }

    /// Show a query from the history in the prompt, as if typed.
    fn recall(&mut self, query: String) {
        self.search.line.set(query);
        self.prompt_changed();
    }

    pub(super) fn prompt_changed(&mut self) {
        match self.search.mode {
            Some(Mode::Find) => match crate::search::Query::parse(&self.search.line.text) {
                Ok(q) if !self.search.line.text.trim().is_empty() => {
                    self.search.error = None;
                    self.reader.set_find(Some(q));
                    self.reader.show_current_match();
                }
                Ok(_) => {
                    self.search.error = None;
                    self.reader.set_find(None);
                }
                Err(e) => self.search.error = Some(e.to_string()),
            },
            Some(Mode::Filter) => {
                let text = self.search.line.text.clone();
                self.list.set_filter(&self.graph, &text);
            }
            Some(mode) => {
                self.search.input_changed(&self.graph);
                // The first slice right away, so a keystroke shows results in its own frame.
                self.search.tick(&self.graph, FRAME_BUDGET);
                if mode == Mode::Quick && self.search.line.text.trim().is_empty() {
                    self.search.quick = self.recent_hits();
                }
            }
            None => {}
        }
    }

    fn open_search_selection(&mut self) {
        match self.search.mode {
            Some(Mode::Quick) => {
                let Some(hit) = self.search.quick.get(self.search.sel.selected) else {
                    return;
                };
                let page = match hit.candidate {
                    crate::search::quick_open::Candidate::Note(id) => Page::Note(id),
                    crate::search::quick_open::Candidate::Topic(id) => Page::Topic(id),
                };
                self.search.close();
                self.follow(Jump::Page(page, None));
                self.set_focus(Focus::Reader);
            }
            Some(Mode::Text) => {
                let Some(hit) = self.search.hits().get(self.search.sel.selected).cloned() else {
                    return;
                };
                let query = self
                    .search
                    .run
                    .as_ref()
                    .map(|r| r.query.clone())
                    .or_else(|| self.search.last.as_ref().map(|l| l.0.clone()));
                // Finish the search, so `n` can go on through every matching note.
                while self.search.tick(&self.graph, FRAME_BUDGET) {}
                self.search.close();
                self.open_hit(hit.note, query);
                self.set_focus(Focus::Reader);
            }
            // The filter stays: the list keeps what it matched.
            Some(Mode::Find | Mode::Filter) => self.search.close(),
            None => {}
        }
    }

    /// Open a full-text hit: the note, its matches highlighted, scrolled to the first.
    /// Open a full-text hit on the match that was chosen: the line its snippet showed,
    /// centred and marked; `n`/`N` go on from there.
    fn open_hit(&mut self, note: NoteId, query: Option<crate::search::Query>) {
        let chosen = query.as_ref().map(|q| {
            let n = self.graph.note(note);
            let line = crate::search::excerpt(q, n).line;
            // The body line that file line became, and where it starts.
            let index = (0..n.body.lines().count())
                .find(|&i| n.file_line(i) >= line)
                .unwrap_or(0);
            match index.checked_sub(1) {
                None => 0,
                Some(before) => n
                    .body
                    .match_indices('\n')
                    .nth(before)
                    .map_or(0, |(at, _)| at + 1),
            }
        });
        self.follow(Jump::Page(Page::Note(note), None));
        self.reader.scroll = 0;
        self.reader.set_find(query);
        if let Some(offset) = chosen {
            let block = self.reader.rendered.line_for_offset(offset);
            if let Some(find) = self.reader.find.as_mut() {
                find.current = find.matches.iter().position(|m| m.0 >= block).unwrap_or(0);
            }
            if let Some(line) = self
                .reader
                .find
                .as_ref()
                .and_then(|f| f.matches.get(f.current))
            {
                self.reader.scroll = line.0.saturating_sub(usize::from(self.reader.height) / 2);
                self.reader.clamp();
            }
        }
        self.reader.show_current_match();
    }

    /// `n` / `N`: the next match in this note, then the next note of the last full-text
    /// search.
    pub(super) fn next_match(&mut self, dir: i32) {
        if self.reader.step_match(dir) {
            return;
        }
        let Some((query, hits)) = self.search.last.clone() else {
            // A find in this note goes round: past the last match to the first.
            match self.reader.find.as_mut() {
                None => {
                    self.message =
                        Some("no search: / finds in the note, Ctrl-f searches every note".into());
                }
                Some(find) if find.matches.is_empty() => {
                    self.message = Some("no match in this note".into());
                }
                Some(find) => {
                    find.current = if dir > 0 { 0 } else { find.matches.len() - 1 };
                    self.reader.show_current_match();
                    self.message = Some(if dir > 0 {
                        "past the last match: back to the first".into()
                    } else {
                        "before the first match: on to the last".into()
                    });
                }
            }
            return;
        };
        let current = hits
            .iter()
            .position(|h| Some(Page::Note(h.note)) == self.reader.page);
        if hits.is_empty() {
            self.message = Some("the search found nothing".into());
            return;
        }
        // Past the last note the search found, round to the first (and back).
        let next = match (current, dir > 0) {
            (Some(i), true) if i + 1 < hits.len() => i + 1,
            (Some(i), false) if i > 0 => i - 1,
            (None, _) => 0,
            (Some(_), true) => {
                self.message = Some("past the last note found: back to the first".into());
                0
            }
            (Some(_), false) => {
                self.message = Some("before the first note found: on to the last".into());
                hits.len() - 1
            }
        };
        let wrapped = self.message.take();
        self.open_hit(hits[next].note, Some(query));
        self.message = wrapped;
        // Stepping on from another note starts at its first match (or its last, going back).
        if let Some(find) = self.reader.find.as_mut() {
            find.current = if dir < 0 {
                find.matches.len().saturating_sub(1)
            } else {
                0
            };
            self.reader.show_current_match();
        }
    }
}
