//! The reader's state and the one place it changes: [`App::update`]. It never sees a key
//! event and never touches the terminal, so every behaviour is testable without one.
//!
//! State is split by pane: [`list::ListPane`], [`reader::Reader`], [`side::SidePane`], plus
//! the browsing history and the overlay. Layout is a pure function of the terminal size
//! ([`layout::Areas`]), shared by `update` (for mouse hits and page sizes) and the view.

pub mod help;
pub mod layout;
pub mod list;
pub mod local_graph;
pub mod prompt;
pub mod reader;
pub mod selection;
pub mod side;
mod tools;

use crate::graph::{Graph, NoteId, TopicId};
use crate::load::LoadError;
use crate::vault::Vault;
use layout::Areas;
use ratatui::layout::{Position, Rect};
use std::collections::HashMap;
use std::path::PathBuf;

/// A page the reader can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Note(NoteId),
    /// A link target with no note: a page listing every note that links to it.
    Topic(TopicId),
    /// A tag: a page listing every note that carries it or a tag nested under it.
    Tag(crate::graph::TagId),
}

/// Where following something leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    /// A page, and optionally a byte offset in the note's body to scroll to.
    Page(Page, Option<usize>),
    /// Nothing to open; say this in the status line instead.
    Say(String),
    /// A web or mail link, checked, for the browser.
    Browse(String),
    /// A line of the page being read (a footnote's note, or the way back from it).
    Line(usize),
    /// Fold or unfold the callout that starts at this byte offset of the page's note.
    Fold(usize),
}

/// What the app asks of the world outside it. The event loop takes these from
/// [`App::outbox`] after each action, does them, and says how it went with
/// [`Action::Notice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open this URL (checked: `http`, `https` or `mailto`) in the browser.
    Browse(String),
    /// Put this text (one clean line) on the clipboard.
    Copy(String),
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    List,
    Reader,
    Side,
}

/// Everything the user can ask for. Keys and mouse events are turned into these by the
/// keymap and the event loop; tests send them directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    Top,
    Bottom,
    HalfDown,
    HalfUp,
    PageDown,
    PageUp,
    FocusLeft,
    FocusRight,
    NextLink,
    PrevLink,
    Open,
    Back,
    Forward,
    CycleSort,
    ToggleOutgoing,
    /// Preview what the selected link leads to, without leaving the page.
    PeekLink,
    /// The note's headings as an outline, to move through and jump to.
    Outline,
    /// The page's neighbourhood as a graph, to move through and open; again, one hop or two.
    LocalGraph,
    /// Narrow the note list by typing (words, `tag:`, `path:`).
    FilterList,
    /// Show every field in the reader's header, presentation keys too, or only those a
    /// reader wants.
    ToggleFields,
    ToggleSide,
    Warnings,
    Help,
    Cancel,
    Quit,
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// A left click at a column and row.
    Click(u16, u16),
    /// The wheel turned over a column and row: negative is up.
    Wheel(u16, u16, i8),
    /// Open a page, as following a link would.
    Go(Page),
    /// Open the fuzzy prompt over titles, aliases, paths and topics.
    QuickOpen,
    /// Open the full-text search prompt.
    TextSearch,
    /// Open the find prompt for the current note.
    FindInNote,
    /// A character typed into the open prompt.
    Input(char),
    /// Text pasted into the open prompt (bracketed paste): one action, however long.
    Paste(String),
    /// Delete the character before the prompt's cursor.
    DeleteChar,
    /// Delete the word before the prompt's cursor (and the spaces after it).
    DeleteWord,
    /// Delete everything before the prompt's cursor.
    ClearInput,
    /// Delete from the prompt's cursor to the end.
    KillEnd,
    /// Delete the character under the prompt's cursor.
    DeleteForward,
    /// Move the prompt's cursor.
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    /// The next / previous search match (across notes of a full-text search).
    NextMatch,
    PrevMatch,
    /// Time passes: advance background work (a running search) by one frame's budget.
    Tick,
    /// Hand the terminal back to the shell until `fg` (Ctrl-z). The event loop does this; the
    /// app's state does not change.
    Suspend,
    /// Open the note being read in the user's editor. The event loop hands the terminal over
    /// (it asks [`App::edit_target`] where to); the app only says when there is no note.
    Edit,
    /// Read the vault again from disk (for file systems that report no changes). The event
    /// loop loads it and sends [`Action::Loaded`].
    Reload,
    /// A freshly loaded vault to show in place of the current one, keeping the place.
    Loaded(Loaded),
    /// The vault's notes listed (relative paths), their text not read yet: their names are
    /// shown while the load goes on.
    Listed(std::sync::Arc<[String]>),
    /// The first load has read this many of this many notes.
    Progress(usize, usize),
    /// The home note, read before the rest: shown while the load goes on.
    Preview(Loaded),
    /// A message for the status line from outside the app (an editor that failed).
    Notice(String),
    /// Go back to where the last run left this vault, unless the reader has moved on.
    Restore(crate::state::Place),
    /// Draw the whole screen anew (Ctrl-l), whatever the terminal holds. The event loop does
    /// this; the app's state does not change.
    Redraw,
    /// Draw without colour (`NO_COLOR`): what colour marked is marked by reverse video,
    /// underline and bold instead.
    Monochrome(bool),
    /// Copy where the selected link leads (its URL, the note's path, the topic's name), or
    /// the page's own path when no link is selected.
    Copy,
    /// Copy a `[[wikilink]]` to the page being read.
    CopyWikilink,
    /// Take the user's settings (the config file's, with the command line's over them).
    Configure(Box<Settings>),
}

impl Action {
    /// A move through rows or lines (a key of `j k g G Ctrl-d Ctrl-u PgDn PgUp`).
    pub fn is_move(&self) -> bool {
        matches!(
            self,
            Action::Down
                | Action::Up
                | Action::Top
                | Action::Bottom
                | Action::HalfDown
                | Action::HalfUp
                | Action::PageDown
                | Action::PageUp
        )
    }
}

/// What the user set for the reader: from the config file, with the command line's over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub theme: crate::theme::Theme,
    pub keys: crate::keymap::Keymap,
    /// The widest the reader lays text out, in columns.
    pub wrap: u16,
    /// The fields the reader's header shows (all when `None`).
    pub fields: Option<Vec<String>>,
    /// How the vault's files are listed when it is read again.
    pub walk: crate::load::Options,
}

/// A vault loaded again while the reader runs, on its way into [`App::update`]. Compared by
/// identity: two `Loaded` are equal only if they are the same load.
#[derive(Clone)]
pub struct Loaded(pub std::sync::Arc<Vault>);

impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Loaded {}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Loaded({} notes)", self.0.graph.notes().len())
    }
}

/// An overlay drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The keys in force, scrolled this many lines.
    Help {
        scroll: usize,
    },
    Warnings {
        scroll: usize,
    },
    /// What the selected link leads to ([`App::peek`]), scrolled this many lines.
    Peek {
        scroll: usize,
    },
    /// The note's headings, one selected; the reader shows it as the selection moves and
    /// goes back to `from` (its scroll when the outline opened) unless Enter keeps it.
    Outline {
        selected: usize,
        from: usize,
    },
    /// The page's neighbourhood ([`App::local`]), one row selected.
    Graph {
        selected: usize,
    },
}

/// What a link leads to, laid out for the preview without leaving the page.
#[derive(Debug, Clone)]
pub struct Peek {
    /// The title of what is shown: a note's, or `topic Name`.
    pub title: String,
    pub rendered: crate::render::Rendered,
    /// Where Enter goes from the preview.
    pub jump: Jump,
}

/// A page in the history, with where it was scrolled to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub page: Page,
    pub scroll: usize,
}

/// The whole state of the reader.
pub struct App {
    /// Shared with the thread that updates the vault from changed files, which reads it while
    /// the reader goes on; replaced whole when the update arrives.
    pub graph: std::sync::Arc<Graph>,
    /// How many times the vault was replaced: an update computed from an older graph is
    /// stale and is done again.
    pub generation: u64,
    /// While the first load runs: notes read, and notes in all. `None` once it is done.
    pub loading: Option<(usize, usize)>,
    /// Draw without colour (see [`Action::Monochrome`]).
    pub mono: bool,
    /// The colours, when there are colours.
    pub theme: crate::theme::Theme,
    /// The keys in force (for the `?` overlay; the event loop asks the same map).
    pub keys: crate::keymap::Keymap,
    /// How the vault's files are listed (the updater reads the vault again the same way).
    pub walk: crate::load::Options,
    /// The widest the reader lays text out, in columns.
    pub wrap: u16,
    /// While the first load runs: the notes it listed, by path.
    pub listed: std::sync::Arc<[String]>,
    /// The notes read, most recent first, by path (at most [`RECENT`]): this run's and, from
    /// the state kept for the vault, earlier runs'.
    pub recent: Vec<String>,
    pub warnings: Vec<LoadError>,
    pub root: PathBuf,
    /// The vault's folder name, for the status line (looked up once, at load).
    pub vault_name: String,
    pub focus: Focus,
    pub list: list::ListPane,
    pub reader: reader::Reader,
    pub side: side::SidePane,
    pub back: Vec<Visit>,
    pub forward: Vec<Visit>,
    /// Last scroll position of every page visited, restored on return.
    pub scrolls: HashMap<Page, usize>,
    pub overlay: Option<Overlay>,
    /// A one-off message for the status line, cleared by the next action.
    pub message: Option<String>,
    /// What the event loop is to do outside the app (open a browser, copy), in order.
    pub outbox: Vec<Effect>,
    /// The selected link's target, while its preview is open.
    pub peek: Option<Peek>,
    /// The page's neighbourhood, while the local graph is open.
    pub local: Option<local_graph::LocalGraph>,
    /// Whether the side pane is shown (it collapses on request, and on narrow terminals).
    pub side_visible: bool,
    pub size: Rect,
    pub areas: Areas,
    pub search: prompt::PromptPane,
    pub quit: bool,
}

impl App {
    /// A reader over a loaded vault, opened on its most linked note (or its first).
    /// A reader for the vault at `root` before anything of it is read: it draws at once and
    /// answers keys while the load runs (its files arrive with [`Action::Listed`], their text
    /// with [`Action::Loaded`]).
    pub fn loading(root: &std::path::Path) -> App {
        let mut app = App::new(crate::vault::Vault::empty(root));
        app.loading = Some((0, 0));
        app
    }

    pub fn new(vault: Vault) -> App {
        let graph = vault.graph;
        let list = list::ListPane::new(&graph);
        let start = home_page(&graph).or_else(|| list.entries.first().and_then(|e| e.page()));
        let mut app = App {
            reader: reader::Reader {
                line_breaks: vault.line_breaks,
                ..reader::Reader::default()
            },
            graph: std::sync::Arc::new(graph),
            generation: 0,
            loading: None,
            mono: false,
            theme: crate::theme::Theme::default(),
            keys: crate::keymap::Keymap::default(),
            walk: crate::load::Options::default(),
            wrap: crate::app::layout::MAX_TEXT_WIDTH,
            recent: Vec::new(),
            listed: std::sync::Arc::from(Vec::new()),
            warnings: vault.warnings,
            root: vault.root,
            vault_name: vault.name,
            focus: Focus::List,
            list,
            side: side::SidePane::default(),
            back: Vec::new(),
            forward: Vec::new(),
            scrolls: HashMap::new(),
            overlay: None,
            message: None,
            outbox: Vec::new(),
            peek: None,
            local: None,
            side_visible: true,
            size: Rect::new(0, 0, 80, 24),
            areas: Areas::default(),
            search: prompt::PromptPane::default(),
            quit: false,
        };
        app.relayout();
        if let Some(page) = start {
            app.show(page, None);
        }
        app
    }

    /// Where the reader is, to remember for the next run.
    pub fn place(&self) -> crate::state::Place {
        crate::state::Place {
            page: match self.reader.page {
                Some(Page::Note(id)) => Some(self.graph.note(id).path.clone()),
                _ => None,
            },
            scroll: self.reader.scroll,
            recent: self.recent.clone(),
        }
    }

    /// Open the page the last run left, at its scroll, unless the reader has moved on; and
    /// offer its recent notes after this run's. Paths that name no note are passed over.
    fn restore(&mut self, place: crate::state::Place) {
        for path in place.recent {
            if self.recent.len() < RECENT && !self.recent.contains(&path) {
                self.recent.push(path);
            }
        }
        if !self.back.is_empty() {
            return;
        }
        if let Some(id) = place.page.as_deref().and_then(|p| self.graph.find_path(p)) {
            self.show(Page::Note(id), None);
            self.reader.scroll = place.scroll;
            self.reader.clamp();
        }
    }

    /// The file of the note being read, and the file line at the top of the reader: where
    /// an editor should open. `None` on a topic's page.
    pub fn edit_target(&self) -> Option<(PathBuf, usize)> {
        let Some(Page::Note(id)) = self.reader.page else {
            return None;
        };
        let note = self.graph.note(id);
        let offset = self.reader.top_offset().unwrap_or(0).min(note.body.len());
        let line =
            note.file_line(memchr::memchr_iter(b'\n', &note.body.as_bytes()[..offset]).count());
        Some((self.root.join(&note.path), line))
    }

    /// Put a vault loaded again in place of the current one, keeping the reader's place: the
    /// same note (by path) or topic (by name) at the same scroll, history that still leads
    /// somewhere, the list's order. Open prompts are closed: their results named the old
    /// vault's notes.
    fn reload(&mut self, loaded: Loaded, announce: bool) {
        let Ok(vault) = std::sync::Arc::try_unwrap(loaded.0) else {
            return;
        };
        let old = std::mem::replace(&mut self.graph, std::sync::Arc::new(vault.graph));
        self.generation += 1;
        self.warnings = vault.warnings;
        self.reader.line_breaks = vault.line_breaks;
        let topics: HashMap<String, TopicId> = self
            .graph
            .topics()
            .iter()
            .map(|t| (crate::text::name_key(&t.name), t.id))
            .collect();
        let map = |page: Page| -> Option<Page> {
            match page {
                Page::Note(id) => self.graph.find_path(&old.note(id).path).map(Page::Note),
                Page::Topic(id) => topics
                    .get(&crate::text::name_key(&old.topic(id).name))
                    .map(|id| Page::Topic(*id)),
                Page::Tag(id) => self.graph.tag_id(&old.tag(id).key).map(Page::Tag),
            }
        };
        let remap = |visits: &[Visit]| -> Vec<Visit> {
            visits
                .iter()
                .filter_map(|v| {
                    map(v.page).map(|page| Visit {
                        page,
                        scroll: v.scroll,
                    })
                })
                .collect()
        };
        self.back = remap(&self.back);
        self.forward = remap(&self.forward);
        self.scrolls = self
            .scrolls
            .iter()
            .filter_map(|(p, s)| map(*p).map(|p| (p, *s)))
            .collect();
        let (page, scroll, selected) = (self.reader.page, self.reader.scroll, self.reader.selected);
        let now = page.and_then(map);
        let (sort, filter) = (self.list.sort, std::mem::take(&mut self.list.filter));
        self.list = list::ListPane::new(&self.graph);
        self.list.set_sort(&self.graph, sort);
        self.list.set_filter(&self.graph, &filter);
        // An open prompt stays open with what was typed, its results found anew (they named
        // the old vault's notes).
        let prompt = std::mem::take(&mut self.search);
        let last = std::mem::take(&mut self.reader);
        self.relayout();
        match (page, now) {
            (_, Some(now)) => {
                self.reader.render(&self.graph, now);
                self.reader.scroll = scroll;
                self.reader.clamp();
                self.reader.selected = selected.filter(|i| *i < self.reader.rendered.links.len());
                self.list.select_page(now);
            }
            (Some(_), None) => {
                // Its last text stays on screen, to read to the end, until the reader moves
                // on; its links led into the old vault, so they are not followable.
                self.message = Some("the page you were reading is gone from the vault".into());
                self.reader.rendered = last.rendered;
                self.reader.rendered.links.clear();
                self.reader.scroll = last.scroll;
                self.reader.clamp();
                self.reader.gone = true;
            }
            (None, None) => {
                if let Some(home) = home_page(&self.graph) {
                    self.show(home, None);
                }
            }
        }
        self.side.sel.reset();
        if let Some(mode) = prompt.mode {
            self.open_prompt(mode);
            if self.search.mode == Some(mode) {
                self.search.line = prompt.line;
                self.prompt_changed();
            }
        }
        // Freeing a large graph takes a while; the reader need not wait for it.
        if std::sync::Arc::strong_count(&old) == 1 {
            let _ = std::thread::Builder::new()
                .name("trail-free".into())
                .spawn(move || drop(old));
        }
        // Mentions found in the old graph named its notes: looked for again in the new one.
        self.start_mentions();
        if announce && self.message.is_none() {
            let n = self.graph.notes().len();
            self.message = Some(format!(
                "read the vault again: {n} note{}",
                if n == 1 { "" } else { "s" }
            ));
        }
    }

    /// A page's title as shown in breadcrumbs and pane titles.
    pub fn page_title(&self, page: Page) -> &str {
        match page {
            Page::Note(id) => &self.graph.note(id).title,
            Page::Topic(id) => &self.graph.topic(id).name,
            Page::Tag(id) => &self.graph.tag(id).name,
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Paste(text) => self.paste(text),
            Action::Loaded(loaded) => {
                let first = self.loading.take().is_some();
                self.reload(loaded, !first);
                if first {
                    self.listed = std::sync::Arc::from(Vec::new());
                    if self.message.as_deref() == Some(STILL_READING) {
                        self.message = None;
                    }
                    // The page opened while the files were only listed was a guess at the
                    // home page; unless the reader has moved on, open the real one.
                    if self.back.is_empty()
                        && let Some(home) = home_page(&self.graph)
                    {
                        self.show(home, None);
                    }
                }
            }
            Action::Preview(loaded) => {
                if self.loading.is_some() && self.back.is_empty() {
                    self.reload(loaded, false);
                }
            }
            Action::Listed(paths) => {
                if self.loading.is_some() {
                    self.loading = Some((0, paths.len()));
                    self.listed = paths;
                }
            }
            Action::Progress(done, all) => {
                if self.loading.is_some() {
                    self.loading = Some((done, all));
                }
            }
            Action::Restore(place) => self.restore(place),
            Action::Monochrome(mono) => self.mono = mono,
            Action::Configure(settings) => self.configure(*settings),
            Action::Notice(text) => {
                self.message = Some(crate::text::clean_line(&text).into_owned());
            }
            other => self.apply(&other),
        }
        // Text the view shows for list rows is prepared here, once per action, so that
        // drawing never parses markdown.
        self.side.refresh(&self.graph, self.reader.page);
        self.search.refresh_snippets(&self.graph);
    }

    fn apply(&mut self, action: &Action) {
        if !matches!(action, Action::Resize(..)) {
            self.message = None;
        }
        if let Some(overlay) = self.overlay
            && self.update_overlay(overlay, action)
        {
            return;
        }
        if self.search.mode.is_some() && self.update_prompt(action) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, *w, *h);
                self.relayout();
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Warnings => self.overlay = Some(Overlay::Warnings { scroll: 0 }),
            Action::Cancel => self.reader.selected = None,
            Action::FocusLeft => self.set_focus(match self.focus {
                Focus::List => Focus::Side,
                Focus::Reader => Focus::List,
                Focus::Side => Focus::Reader,
            }),
            Action::FocusRight => self.set_focus(match self.focus {
                Focus::List => Focus::Reader,
                Focus::Reader => Focus::Side,
                Focus::Side => Focus::List,
            }),
            Action::ToggleSide => {
                self.side_visible = !self.side_visible;
                if !self.side_visible && self.focus == Focus::Side {
                    self.focus = Focus::Reader;
                }
                self.relayout();
            }
            Action::ToggleOutgoing => self.cycle_side(),
            Action::CycleSort => self.list.cycle_sort(&self.graph),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Go(page) => self.follow(Jump::Page(*page, None)),
            Action::NextLink => self.reader.step_link(1),
            Action::PrevLink => self.reader.step_link(-1),
            Action::Open => self.open_selection(),
            Action::Click(x, y) => self.click(*x, *y),
            Action::Wheel(x, y, dir) => self.wheel(*x, *y, *dir),
            Action::Down
            | Action::Up
            | Action::Top
            | Action::Bottom
            | Action::HalfDown
            | Action::HalfUp
            | Action::PageDown
            | Action::PageUp => self.movement(action),
            Action::QuickOpen => self.open_prompt(prompt::Mode::Quick),
            Action::TextSearch => self.open_prompt(prompt::Mode::Text),
            Action::FindInNote => self.open_prompt(prompt::Mode::Find),
            Action::FilterList => self.open_filter(),
            Action::NextMatch => self.next_match(1),
            Action::PrevMatch => self.next_match(-1),
            Action::Tick => {
                self.search.tick(&self.graph, FRAME_BUDGET);
                self.tick_mentions();
                self.reader.colour(FRAME_BUDGET / 2);
            }
            Action::ToggleFields
            | Action::PeekLink
            | Action::Outline
            | Action::LocalGraph
            | Action::Copy
            | Action::CopyWikilink
            | Action::Edit => self.page_tool(action),
            Action::Input(_)
            | Action::Paste(_)
            | Action::DeleteChar
            | Action::DeleteWord
            | Action::ClearInput
            | Action::KillEnd
            | Action::DeleteForward
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorStart
            | Action::CursorEnd
            | Action::Suspend
            | Action::Reload
            | Action::Loaded(_)
            | Action::Listed(_)
            | Action::Preview(_)
            | Action::Progress(..)
            | Action::Notice(_)
            | Action::Restore(_)
            | Action::Redraw
            | Action::Monochrome(_)
            | Action::Configure(_) => {}
        }
    }

    /// Keys while an overlay is open; returns whether the overlay took the action.
    fn update_overlay(&mut self, overlay: Overlay, action: &Action) -> bool {
        match (overlay, action) {
            // Every other key closes the overlay (`q` included: it quits only from the panes).
            (_, Action::Resize(..)) => false,
            (Overlay::Help { scroll }, action) if action.is_move() => {
                let area = layout::inner(layout::help_area(self.size));
                let rows = help::lines(&self.keys, usize::from(area.width)).len();
                let page = usize::from(area.height).max(1);
                let last = rows.saturating_sub(page);
                let scroll = match action {
                    Action::Down => scroll + 1,
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageDown => scroll + page,
                    Action::PageUp => scroll.saturating_sub(page),
                    Action::HalfDown => scroll + page / 2,
                    Action::HalfUp => scroll.saturating_sub(page / 2),
                    Action::Top => 0,
                    _ => last,
                };
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.min(last),
                });
                true
            }
            (Overlay::Outline { selected, from }, _) => self.update_outline(selected, from, action),
            (Overlay::Graph { selected }, _) => self.update_local_graph(selected, action),
            (Overlay::Peek { .. }, Action::Open) => {
                self.overlay = None;
                if let Some(peek) = self.peek.take() {
                    self.follow(peek.jump);
                }
                true
            }
            (
                Overlay::Peek { scroll },
                Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Top,
            ) => {
                let page = usize::from(layout::inner(layout::peek_area(self.size)).height).max(1);
                let rows = self.peek.as_ref().map_or(0, |p| p.rendered.lines.len());
                let last = rows.saturating_sub(page);
                let scroll = match action {
                    Action::Down => scroll + 1,
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageDown => scroll + page,
                    Action::PageUp => scroll.saturating_sub(page),
                    _ => 0,
                };
                self.overlay = Some(Overlay::Peek {
                    scroll: scroll.min(last),
                });
                true
            }
            (Overlay::Warnings { scroll }, Action::Down) => {
                self.overlay = Some(Overlay::Warnings {
                    scroll: (scroll + 1).min(self.warnings.len().saturating_sub(1)),
                });
                true
            }
            (Overlay::Warnings { scroll }, Action::Up) => {
                self.overlay = Some(Overlay::Warnings {
                    scroll: scroll.saturating_sub(1),
                });
                true
            }
            _ => {
                self.overlay = None;
                self.peek = None;
                true
            }
        }
    }

    fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Side && !self.side_visible {
            self.side_visible = true;
        }
        self.relayout();
    }

    fn configure(&mut self, settings: Settings) {
        self.theme = settings.theme;
        self.keys = settings.keys;
        self.walk = settings.walk;
        self.wrap = settings.wrap;
        let fields: Option<std::sync::Arc<[String]>> = settings.fields.map(Into::into);
        if fields != self.reader.fields {
            self.reader.fields = fields;
            // Laid out again below, with the header's new fields.
            self.reader.width = 0;
        }
        self.relayout();
    }

    /// Recompute pane areas, and re-lay the page out if the reader's width changed.
    fn relayout(&mut self) {
        self.areas = Areas::compute(self.size, self.focus, self.side_visible);
        let width = self.areas.reader_text_width(self.wrap);
        let height = self.areas.reader_inner().map_or(0, |r| r.height);
        self.reader.height = height;
        if width != self.reader.width {
            self.reader.width = width;
            if let Some(page) = self.reader.page {
                let anchor = self.reader.top_offset();
                self.reader.render(&self.graph, page);
                self.reader.scroll_to_offset(anchor);
            }
        }
        self.list.height = self.areas.list_inner().map_or(0, |r| r.height);
        self.side.height = self.areas.side_inner().map_or(0, |r| r.height);
        self.side.width = self.areas.side_inner().map_or(0, |r| r.width);
        // Full-text results take two rows each.
        let rows = self.areas.prompt_rows();
        self.search.height = if self.search.mode == Some(prompt::Mode::Text) {
            rows / 2
        } else {
            rows
        };
    }

    /// Show a page in the reader without touching the history.
    fn show(&mut self, page: Page, place: Option<usize>) {
        if let Page::Note(id) = page {
            let path = &self.graph.note(id).path;
            self.recent.retain(|p| p != path);
            self.recent.insert(0, path.clone());
            self.recent.truncate(RECENT);
        }
        if let Some(current) = self.reader.page {
            self.scrolls.insert(current, self.reader.scroll);
        }
        self.reader.find = None;
        self.reader.render(&self.graph, page);
        match place {
            Some(offset) => self.reader.scroll_to_offset(Some(offset)),
            None => self.reader.scroll = self.scrolls.get(&page).copied().unwrap_or(0),
        }
        self.reader.clamp();
        self.side.sel.reset();
        self.start_mentions();
        self.list.select_page(page);
    }

    /// Follow a jump: open its page and record where we came from.
    pub fn follow(&mut self, jump: Jump) {
        self.list.previewing = false;
        match jump {
            Jump::Say(message) => self.message = Some(message),
            Jump::Line(line) => {
                // Back returns to where the jump was made, as it does between pages.
                if let Some(page) = self.reader.page {
                    self.back.push(Visit {
                        page,
                        scroll: self.reader.scroll,
                    });
                    self.forward.clear();
                }
                self.reader.scroll = line.saturating_sub(2);
                self.reader.clamp();
                // The jump at the other end is selected: Enter goes back.
                self.reader.selected = self.reader.rendered.links.iter().position(|s| {
                    s.line.is_some() && s.pieces.first().is_some_and(|p| p.line == line)
                });
            }
            Jump::Fold(at) => self.flip_callout(at),
            Jump::Browse(url) => {
                self.message = Some(format!("opening {url}"));
                self.outbox.push(Effect::Browse(url));
            }
            Jump::Page(page, place) => {
                if let Some(current) = self.reader.page {
                    self.back.push(Visit {
                        page: current,
                        scroll: self.reader.scroll,
                    });
                }
                self.forward.clear();
                self.show(page, place);
                if place.is_some() {
                    // An explicit place wins over the remembered scroll.
                    self.scrolls.insert(page, self.reader.scroll);
                }
            }
        }
    }

    fn go_back(&mut self) {
        self.travel(true);
    }

    fn go_forward(&mut self) {
        self.travel(false);
    }

    /// One step through the history: the current page goes on the other stack, and the
    /// page left there comes back with its scroll position.
    fn travel(&mut self, back: bool) {
        self.list.previewing = false;
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        let Some(visit) = from.pop() else {
            self.message = Some(format!(
                "nothing to go {} to",
                if back { "back" } else { "forward" }
            ));
            return;
        };
        if let Some(current) = self.reader.page {
            to.push(Visit {
                page: current,
                scroll: self.reader.scroll,
            });
        }
        self.show(visit.page, None);
        self.reader.scroll = visit.scroll;
        self.reader.clamp();
    }

    fn open_selection(&mut self) {
        // While the vault is read, the home note's links cannot know their notes yet.
        if self.loading.is_some() && self.focus != Focus::List {
            self.message = Some(STILL_READING.into());
            return;
        }
        match self.focus {
            Focus::List => match self.list.selected_entry().map(|e| (e, e.page())) {
                Some((_, Some(page))) => {
                    if self.reader.page != Some(page) {
                        self.follow(Jump::Page(page, None));
                    }
                    self.set_focus(Focus::Reader);
                }
                Some((_, None)) => self.list.toggle_folder(&self.graph),
                None => {}
            },
            Focus::Side => {
                if let Some(jump) = self.side.selected_jump(&self.graph, self.reader.page) {
                    self.follow(jump);
                }
            }
            Focus::Reader => match self.reader.selected_jump() {
                Some(jump) => self.follow(jump),
                None => self.message = Some("no link selected: Tab selects the next link".into()),
            },
        }
    }

    fn movement(&mut self, action: &Action) {
        match self.focus {
            Focus::Reader => self.reader.scroll_by(action),
            Focus::List => {
                let before = self.list.sel.selected;
                self.list.move_by(action);
                // The list previews: the selection opens in the reader as it moves, without
                // filling the history.
                if self.list.sel.selected != before
                    && let Some(page) = self.list.selected_entry().and_then(list::Entry::page)
                {
                    // The page read before the list was moved is kept in the history once,
                    // so Back returns to it; the previews themselves are not kept.
                    if !self.list.previewing
                        && let Some(current) = self.reader.page
                    {
                        self.back.push(Visit {
                            page: current,
                            scroll: self.reader.scroll,
                        });
                        self.forward.clear();
                    }
                    self.list.previewing = true;
                    self.show(page, None);
                }
            }
            Focus::Side => {
                let n = side::entries(&self.graph, self.reader.page, &self.side).len();
                self.side.move_by(action, n);
            }
        }
    }

    fn pane_at(&self, x: u16, y: u16) -> Option<(Focus, Rect)> {
        let p = Position::new(x, y);
        [
            (Focus::List, self.areas.list),
            (Focus::Reader, self.areas.reader),
            (Focus::Side, self.areas.side),
        ]
        .into_iter()
        .find_map(|(f, r)| r.filter(|r| r.contains(p)).map(|r| (f, r)))
    }

    fn click(&mut self, x: u16, y: u16) {
        let Some((pane, area)) = self.pane_at(x, y) else {
            return;
        };
        let row = usize::from(y.saturating_sub(area.y + 1));
        match pane {
            Focus::List => {
                self.set_focus(Focus::List);
                if let Some(i) = self.list.row_at(row) {
                    self.list.sel.selected = i;
                    match self.list.selected_entry().map(list::Entry::page) {
                        Some(Some(target)) => self.follow(Jump::Page(target, None)),
                        Some(None) => self.list.toggle_folder(&self.graph),
                        None => {}
                    }
                }
            }
            Focus::Side => {
                self.set_focus(Focus::Side);
                let n = side::entries(&self.graph, self.reader.page, &self.side).len();
                if let Some(i) = self.side.row_at(row, n) {
                    self.side.sel.selected = i;
                    self.open_selection();
                }
            }
            Focus::Reader => {
                self.set_focus(Focus::Reader);
                // The reader's text starts one column in from its border.
                let col = x.saturating_sub(area.x + 2);
                if let Some(i) = self.reader.link_at(row, col) {
                    self.reader.selected = Some(i);
                    if let Some(jump) = self.reader.selected_jump() {
                        self.follow(jump);
                    }
                }
            }
        }
    }

    fn wheel(&mut self, x: u16, y: u16, dir: i8) {
        let Some((pane, _)) = self.pane_at(x, y) else {
            return;
        };
        let action = if dir < 0 { Action::Up } else { Action::Down };
        match pane {
            Focus::Reader => {
                for _ in 0..3 {
                    self.reader.scroll_by(&action);
                }
            }
            Focus::List => self.list.scroll_view(dir),
            Focus::Side => {
                let n = side::entries(&self.graph, self.reader.page, &self.side).len();
                self.side.scroll_view(dir, n);
            }
        }
    }

    /// The trail of pages walked, oldest first, ending with the current page.
    pub fn breadcrumb(&self) -> Vec<Page> {
        self.back
            .iter()
            .map(|v| v.page)
            .chain(self.reader.page)
            .collect()
    }
}

/// What following a link says while the vault is still read.
const STILL_READING: &str = "still reading the vault: follow links in a moment";

/// How many recent notes are kept.
pub const RECENT: usize = 20;

/// How long one frame may spend on background work, so typing never waits.
pub const FRAME_BUDGET: std::time::Duration = std::time::Duration::from_millis(12);

/// Where a vault starts: a note called (or aliased) Home, Index, README or Start Here, else
/// the most linked note.
fn home_page(graph: &Graph) -> Option<Page> {
    for name in ["home", "index", "start here", "readme"] {
        if let Some(id) = graph.find_exact(name) {
            return Some(Page::Note(id));
        }
    }
    graph
        .notes()
        .iter()
        .max_by_key(|n| (graph.backlinks(n.id).len(), std::cmp::Reverse(n.id)))
        .map(|n| Page::Note(n.id))
}
