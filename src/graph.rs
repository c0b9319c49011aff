//! The link graph: notes, resolved links, backlinks and topics. Pure: built from parsed notes
//! and the list of attachment paths, with no file system access.
//!
//! The resolution rules live in `graph/resolve.rs` (the name index and the rules) and are
//! written down in `docs/links.md`; each has a test there or in `tests/graph.rs`. This module
//! numbers the notes, asks for every link's answer, and keeps the topics and backlinks.

pub mod pack;
mod resolve;
mod tags;

pub use tags::{Tag, TagId};

use crate::parse::{LinkKind, ParsedNote, RawLink};
use crate::text::{SharedStr, name_key, strip_md_ext};
use pack::Packed;
use rayon::prelude::*;
use resolve::{Found, NameIndex, Places, dendron_name, find_place};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A note, by its index in [`Graph::notes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteId(pub u32);

/// A topic, by its index in [`Graph::topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicId(pub u32);

/// A non-markdown file of the vault, by its place in the graph's list of them
/// ([`Graph::attachment`] gives its path). A link holds
/// this rather than the path: 16 bytes less in each of a million links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttachmentId(pub u32);

impl NoteId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl TopicId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A note in the graph: what the parser found, where it lives, and its resolved links.
#[derive(Debug, Clone)]
pub struct Note {
    pub id: NoteId,
    /// Relative to the vault root, `/`-separated, with extension.
    pub path: String,
    /// The file name without extension.
    pub name: String,
    /// The folder part of `path` ("" at the root).
    pub folder: String,
    pub bytes: u64,
    /// Packed after `search_text` ([`pack`]).
    pub title: SharedStr,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub properties: Vec<(String, String)>,
    pub date: Option<String>,
    pub headings: Vec<crate::parse::Heading>,
    pub blocks: Vec<crate::parse::BlockId>,
    /// See [`ParsedNote::anchors`].
    pub anchors: Vec<crate::parse::BlockId>,
    pub body: SharedStr,
    /// The body and then each hidden piece after a newline, in one string ([`pack`]):
    /// search reads it in one pass.
    pub search_text: SharedStr,
    pub body_line: usize,
    /// See [`ParsedNote::line_map`].
    pub line_map: Vec<u32>,
    /// See [`ParsedNote::field_lines`].
    pub field_lines: Vec<std::ops::Range<usize>>,
    /// See [`ParsedNote::hidden`].
    pub hidden: Vec<crate::parse::Hidden>,
    /// See [`ParsedNote::fold_traps`].
    pub fold_traps: bool,
    /// In the order they stand in the note.
    pub links: Vec<Link>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Note(NoteId),
    /// A name with no note: a place that gathers every link to it.
    Topic(TopicId),
    /// A non-markdown file in the vault: [`Graph::attachment`] gives its relative path.
    Attachment(AttachmentId),
    /// A non-markdown file that is not in the vault.
    MissingAttachment,
    /// A markdown path (`[x](a/b.md)`) that names no note.
    MissingNote,
    /// A path that climbs out of the vault (`../../etc/passwd`): never followed.
    Outside,
    /// A URL (`https:`, `mailto:`...).
    External,
}

/// A link's standing, as `links` and `check` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Resolved,
    /// Resolved, but more than one note has the name; the nearest was chosen.
    Ambiguous,
    /// The note exists but the `#heading` or `#^block` does not.
    Broken,
    Topic,
    Attachment,
    MissingAttachment,
    External,
}

impl Status {
    /// Every status, in declaration order (`status as usize` indexes it).
    pub const ALL: [Status; 7] = [
        Status::Resolved,
        Status::Ambiguous,
        Status::Broken,
        Status::Topic,
        Status::Attachment,
        Status::MissingAttachment,
        Status::External,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Resolved => "resolved",
            Status::Ambiguous => "ambiguous",
            Status::Broken => "broken",
            Status::Topic => "topic",
            Status::Attachment => "attachment",
            Status::MissingAttachment => "missing-attachment",
            Status::External => "external",
        }
    }
}

/// A resolved link.
#[derive(Debug, Clone)]
pub struct Link {
    pub raw: RawLink,
    pub target: Target,
    /// When the name matched several notes: all of them, shortest path first (shared by
    /// every link that names them).
    pub candidates: Option<std::sync::Arc<[NoteId]>>,
    /// For a link with a fragment into a note: the byte offset in the target's body of the
    /// heading or block, or `None` when it matched nothing. Narrow, as a graph holds a
    /// million links; notes are under 32 MiB. [`Link::place()`] gives it as a `usize`.
    pub(crate) place: Option<u32>,
}

impl Link {
    /// The byte offset in the target's body of the heading or block the fragment names.
    pub fn place(&self) -> Option<usize> {
        self.place.and_then(|p| usize::try_from(p).ok())
    }

    pub fn status(&self) -> Status {
        match &self.target {
            Target::Note(_) if self.raw.fragment.is_some() && self.place.is_none() => {
                Status::Broken
            }
            Target::Note(_) if self.candidates.is_some() => Status::Ambiguous,
            Target::Note(_) => Status::Resolved,
            Target::Topic(_) => Status::Topic,
            Target::Attachment(_) => Status::Attachment,
            Target::MissingAttachment => Status::MissingAttachment,
            Target::MissingNote | Target::Outside => Status::Broken,
            Target::External => Status::External,
        }
    }

    /// Why a broken link is broken, in words for `check`.
    pub fn problem(&self, graph: &Graph) -> Option<String> {
        let dest = self.raw.destination();
        match (&self.target, self.status()) {
            (Target::Note(_), Status::Broken) => Some(format!("no such heading or block: {dest}")),
            (Target::Note(id), Status::Ambiguous) => {
                // A few of the others by name; a name that 8,000 notes share is no list.
                const SHOWN: usize = 5;
                let others: Vec<_> = self
                    .candidates
                    .iter()
                    .flat_map(|c| c.iter())
                    .filter(|c| *c != id)
                    .collect();
                let mut also: Vec<&str> = others
                    .iter()
                    .take(SHOWN)
                    .map(|c| graph.note(**c).path.as_str())
                    .collect();
                let more = format!("and {} more", others.len().saturating_sub(SHOWN));
                if others.len() > SHOWN {
                    also.push(&more);
                }
                Some(format!(
                    "ambiguous link {dest}: chose {}; also {}",
                    graph.note(*id).path,
                    also.join(", ")
                ))
            }
            (Target::MissingNote, _) => Some(format!("no note at {dest}")),
            (Target::Outside, _) => Some(format!("link leaves the vault: {dest}")),
            (Target::MissingAttachment, _) => Some(format!("missing attachment: {dest}")),
            _ => None,
        }
    }
}

/// One link, by the note it stands in and its index among that note's links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinkRef {
    pub from: NoteId,
    pub index: u32,
}

/// A link target with no note of its own.
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: TopicId,
    /// As first written.
    pub name: String,
    /// Every link that names it, in note order.
    pub refs: Vec<LinkRef>,
}

/// The whole vault as a graph.
#[derive(Debug, Default)]
pub struct Graph {
    notes: Vec<Note>,
    /// Every note's heading spans (start and end in its body), note after note, and where
    /// each note's run begins: full-text search reads them in order, rather than each
    /// note's own `headings` from wherever it lies in memory. Made by the first search, so
    /// that a load for anything else does not pay for it.
    headings: std::sync::OnceLock<PerNote<(u32, u32)>>,
    topics: Vec<Topic>,
    backlinks: PerNote<LinkRef>,
    index: NameIndex,
    /// Every file of the vault that is not a note, relative to its root.
    attachments: Vec<String>,
    /// The mean length of a note's text in bytes, for ranking search hits.
    mean_len: f64,
    /// Every tag with its notes ([`tags`]), made on first use.
    tags: std::sync::OnceLock<Vec<tags::Tag>>,
    /// Each note's title and path folded ([`crate::text::fold`]), by note id, for the list
    /// filter: made on first use, which the loader's thread makes ([`Graph::warm`]).
    folded: std::sync::OnceLock<Vec<(String, String)>>,
}

/// A parsed note with where it came from, the input to [`Graph::build`].
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub bytes: u64,
    /// Everything parsed but the links, which are in `links`.
    pub parsed: ParsedNote,
    /// The parsed links, widened to graph links not yet resolved.
    pub links: Vec<Link>,
    /// The note's text, moved out of `parsed` into a shared buffer ([`pack`]).
    pub packed: Packed,
}

impl Input {
    /// The links are widened here, on the thread that parsed them: freed later on another
    /// thread, each buffer took the lock of its allocator arena while the thread that owns
    /// it was allocating, which cost up to 80 ms at 100k notes (docs/performance.md).
    ///
    /// `packed` is the note's text, packed with its neighbours by the loader
    /// ([`pack::Packer`]); [`Input::new`] packs a note alone.
    pub fn with_text(path: String, bytes: u64, mut parsed: ParsedNote, packed: Packed) -> Input {
        let links = std::mem::take(&mut parsed.links)
            .into_iter()
            .map(|raw| Link {
                raw,
                target: Target::External,
                candidates: None,
                place: None,
            })
            .collect();
        Input {
            path,
            bytes,
            parsed,
            links,
            packed,
        }
    }

    /// An input from a note parsed on its own ([`crate::parse::parse`]): its text is
    /// packed alone.
    pub fn new(path: String, bytes: u64, mut parsed: ParsedNote) -> Input {
        let packed = pack::pack_one(&mut parsed);
        Input::with_text(path, bytes, parsed, packed)
    }

    /// The graph note this input becomes, its links not yet resolved, numbered 0 until
    /// [`Graph::from_notes`] gives it its place. The loader makes each run's notes as soon
    /// as the run is read, so that no vector of 100k inputs stands beside the notes made
    /// from it: peak RSS 806 → 785 MiB at 100k notes (docs/performance.md).
    pub fn into_note(self) -> Note {
        let packed = self.packed;
        let p = self.parsed;
        let file = self.path.rsplit('/').next().unwrap_or(&self.path);
        let name = strip_md_ext(file).to_string();
        let folder = self
            .path
            .rsplit_once('/')
            .map_or("", |(f, _)| f)
            .to_string();
        Note {
            id: NoteId(0),
            path: self.path,
            name,
            folder,
            bytes: self.bytes,
            title: packed.title,
            aliases: p.aliases,
            tags: p.tags,
            properties: p.properties,
            date: p.date,
            headings: p.headings,
            blocks: p.blocks,
            anchors: p.anchors,
            search_text: packed.all,
            body: packed.body,
            body_line: p.body_line,
            line_map: p.line_map,
            field_lines: p.field_lines,
            hidden: p.hidden,
            fold_traps: p.fold_traps,
            links: self.links,
        }
    }
}

/// Number the topics as first met, in note order, from each note's (link index, topic key)
/// pairs; returns the topics, each with the links that name it, and the key table.
fn number_topics(
    notes: &[Note],
    keys: Vec<Vec<(u32, String)>>,
) -> (Vec<Topic>, HashMap<String, TopicId>) {
    let mut topics: Vec<Topic> = Vec::new();
    let mut table: HashMap<String, TopicId> = HashMap::default();
    for (note, keys) in notes.iter().zip(keys) {
        for (index, key) in keys {
            let next = TopicId(u32::try_from(topics.len()).unwrap_or(u32::MAX));
            let id = *table.entry(key).or_insert(next);
            if id == next {
                topics.push(Topic {
                    id,
                    name: dendron_name(&note.links[index as usize].raw.target).to_string(),
                    refs: Vec::new(),
                });
            }
            topics[id.index()].refs.push(LinkRef {
                from: note.id,
                index,
            });
        }
    }
    (topics, table)
}

/// Write what resolution found into `link`: its target, its candidates and the place its
/// fragment names. A topic is left for [`Graph::build`] to number; its key is returned.
fn settle(
    notes: &[Note],
    places: &[OnceLock<Box<Places>>],
    link: &mut Link,
    found: Found,
) -> Option<String> {
    match found {
        Found::Swapped(found, swapped) => {
            link.raw = swapped;
            settle(notes, places, link, *found)
        }
        Found::Target(target, candidates) => {
            if let (Target::Note(to), Some(fragment)) = (&target, link.raw.fragment.as_deref()) {
                let note = &notes[to.index()];
                let index = places[to.index()].get_or_init(|| Box::new(Places::new(note)));
                link.place = find_place(note, index, fragment).and_then(|p| u32::try_from(p).ok());
            }
            link.target = target;
            link.candidates = candidates;
            None
        }
        Found::Topic(key) => Some(key),
    }
}

/// Something of every note's in one table, note after note: one allocation rather than one
/// per note, read in memory order. Holds the backlinks and the heading spans.
#[derive(Debug)]
struct PerNote<T> {
    items: Vec<T>,
    /// Where each note's run begins in `items`, and one more for the end.
    starts: Vec<u32>,
}

impl<T> PerNote<T> {
    /// The note's run; empty for a note the table does not know.
    fn of(&self, id: NoteId) -> &[T] {
        let i = id.index();
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

impl<T> Default for PerNote<T> {
    fn default() -> Self {
        PerNote {
            items: Vec::new(),
            starts: Vec::new(),
        }
    }
}

fn at(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every note's backlinks: each note's are counted, then placed in note order, so a note's
/// backlinks stand in the order of the notes that link to it, and of the links within each.
fn backlinks(notes: &[Note]) -> PerNote<LinkRef> {
    let into = |note: &Note, link: &Link| match link.target {
        Target::Note(to) if to != note.id => Some(to.index()),
        _ => None,
    };
    let mut starts = vec![0u32; notes.len() + 1];
    for note in notes {
        for link in &note.links {
            if let Some(to) = into(note, link) {
                starts[to + 1] += 1;
            }
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let unset = LinkRef {
        from: NoteId(0),
        index: 0,
    };
    let mut items = vec![unset; starts.last().map_or(0, |&n| n as usize)];
    for note in notes {
        for (i, link) in note.links.iter().enumerate() {
            if let Some(to) = into(note, link) {
                items[next[to] as usize] = LinkRef {
                    from: note.id,
                    index: at(i),
                };
                next[to] += 1;
            }
        }
    }
    PerNote { items, starts }
}

/// Every note's heading spans (start and end in its body): see [`Graph::heading_spans`].
fn heading_spans(notes: &[Note]) -> PerNote<(u32, u32)> {
    let mut items = Vec::new();
    let mut starts = Vec::with_capacity(notes.len() + 1);
    for note in notes {
        starts.push(at(items.len()));
        items.extend(note.headings.iter().map(|h| (at(h.offset), at(h.end))));
    }
    starts.push(at(items.len()));
    PerNote { items, starts }
}

impl Note {
    /// The 1-based file line of the 0-based body line `n`.
    pub fn file_line(&self, n: usize) -> usize {
        crate::parse::file_line(self.body_line, &self.line_map, n)
    }
}

impl Graph {
    /// Resolve every link and compute backlinks and topics. `attachments` lists the vault's
    /// non-markdown files, relative to the root.
    pub fn build(inputs: Vec<Input>, attachments: &[String]) -> Graph {
        let notes = inputs.into_par_iter().map(Input::into_note).collect();
        Graph::from_notes(notes, attachments)
    }

    /// [`Graph::build`] from notes already made ([`Input::into_note`]), in order.
    pub fn from_notes(mut notes: Vec<Note>, attachments: &[String]) -> Graph {
        // Each note is numbered by its place, and its links are moved out for the while, so
        // that each can be resolved in place while every note is read.
        let mut links: Vec<Vec<Link>> = notes
            .par_iter_mut()
            .enumerate()
            .map(|(i, note)| {
                note.id = NoteId(u32::try_from(i).unwrap_or(u32::MAX));
                std::mem::take(&mut note.links)
            })
            .collect();
        let mut index = NameIndex::new(&notes, attachments);
        // Each note's places are indexed the first time a fragment points into it.
        let places: Vec<OnceLock<Box<Places>>> =
            (0..notes.len()).map(|_| OnceLock::new()).collect();
        // A Dendron workspace: its `dendron.yml` at the root, or its `dendron://` links.
        index.dendron = attachments.iter().any(|a| a == "dendron.yml")
            || links
                .par_iter()
                .any(|l| l.iter().any(|l| l.raw.target.starts_with("dendron://")));
        let topic_keys: Vec<Vec<(u32, String)>> = links
            .par_iter_mut()
            .zip(notes.par_iter())
            .map(|(links, note)| {
                let mut topics = Vec::new();
                for (i, link) in links.iter_mut().enumerate() {
                    let found = index.resolve(&notes, note, &link.raw);
                    if let Some(key) = settle(&notes, &places, link, found) {
                        topics.push((u32::try_from(i).unwrap_or(u32::MAX), key));
                    }
                }
                topics
            })
            .collect();
        notes
            .par_iter_mut()
            .zip(links)
            .for_each(|(note, links)| note.links = links);
        // Backlinks and topic numbering each take one pass on one thread, over different
        // links: side by side they cost the longer of the two.
        let (backlinks, (topics, topic_index)) =
            rayon::join(|| backlinks(&notes), || number_topics(&notes, topic_keys));
        for topic in &topics {
            for r in &topic.refs {
                notes[r.from.index()].links[r.index as usize].target = Target::Topic(topic.id);
            }
        }
        index.topic = topic_index;
        // Vault sizes are far below 2^52 bytes: the conversions are exact.
        #[allow(clippy::cast_precision_loss)]
        let mean_len =
            notes.iter().map(|n| n.body.len()).sum::<usize>() as f64 / notes.len().max(1) as f64;
        Graph {
            mean_len,
            tags: std::sync::OnceLock::new(),
            folded: std::sync::OnceLock::new(),
            headings: std::sync::OnceLock::new(),
            topics,
            backlinks,
            index,
            notes,
            attachments: attachments.to_vec(),
        }
    }

    /// The note at this path (relative to the root, as `Note::path` holds it).
    pub fn find_path(&self, path: &str) -> Option<NoteId> {
        self.notes
            .binary_search_by(|n| n.path.as_str().cmp(path))
            .ok()
            .map(|i| NoteId(u32::try_from(i).unwrap_or(u32::MAX)))
    }

    /// Each note's title and path folded, by note id.
    pub fn folded_names(&self) -> &[(String, String)] {
        self.folded.get_or_init(|| {
            self.notes
                .par_iter()
                .map(|n| (crate::text::fold(&n.title), crate::text::fold(&n.path)))
                .collect()
        })
    }

    /// Make, on the calling thread, what the reader would otherwise make on its first
    /// filter key or first tag: the folded names and the tag index. The loader calls it
    /// before handing the vault over, so the event loop never pays for them.
    pub fn warm(&self) {
        self.folded_names();
        self.tag_list();
    }

    /// The mean length of a note's text in bytes.
    pub fn mean_len(&self) -> f64 {
        self.mean_len
    }

    /// The vault's non-markdown files, relative to the root, sorted.
    pub fn attachments(&self) -> &[String] {
        &self.attachments
    }

    /// The note's headings as (start, end) byte offsets in its body, in order, from one
    /// table of every note's (made on first use).
    pub fn heading_spans(&self, id: NoteId) -> &[(u32, u32)] {
        self.headings
            .get_or_init(|| heading_spans(&self.notes))
            .of(id)
    }

    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    pub fn note(&self, id: NoteId) -> &Note {
        &self.notes[id.index()]
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn topic(&self, id: TopicId) -> &Topic {
        &self.topics[id.index()]
    }

    /// An attachment's path, relative to the vault's root.
    pub fn attachment(&self, id: AttachmentId) -> &str {
        &self.attachments[id.0 as usize]
    }

    /// Links from other notes to this one, in note order.
    pub fn backlinks(&self, id: NoteId) -> &[LinkRef] {
        self.backlinks.of(id)
    }

    pub fn link(&self, r: LinkRef) -> &Link {
        &self.notes[r.from.index()].links[r.index as usize]
    }

    /// Every link of every note.
    pub fn links(&self) -> impl Iterator<Item = (&Note, &Link)> {
        self.notes
            .iter()
            .flat_map(|n| n.links.iter().map(move |l| (n, l)))
    }

    /// The line of the source note around a link, trimmed, for display: at most
    /// [`CONTEXT_BYTES`] either side of the link, cut with `…`, so that a line of 10,000
    /// links costs each of them a window, not the whole line.
    pub fn context(&self, r: LinkRef) -> String {
        let note = self.note(r.from);
        let link = self.link(r);
        if link.raw.kind == LinkKind::FrontMatter {
            return format!("(front matter) {}", link.raw.destination());
        }
        let (start, end) = (link.raw.range.start, link.raw.range.end);
        context_window(&note.body, start, end).trim().to_string()
    }

    /// Tags with the number of notes carrying each, most used first.
    pub fn tags(&self) -> Vec<(String, usize)> {
        // Counted on every core, each core over a run of notes; the runs are merged in note
        // order, so a tag is shown as the first note spelled it. One pass on one thread
        // took ~29 ms at 100k notes: a cache miss or two per note for its tags.
        type Counts = HashMap<String, (String, usize)>;
        let counts = self
            .notes
            .par_iter()
            .fold(Counts::default, |mut counts, note| {
                for tag in &note.tags {
                    // Most tags are written in lower case already: no key to make for those.
                    let lower = if tag.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                        std::borrow::Cow::Owned(tag.to_lowercase())
                    } else {
                        std::borrow::Cow::Borrowed(tag.as_str())
                    };
                    match counts.get_mut(lower.as_ref()) {
                        Some(count) => count.1 += 1,
                        None => {
                            counts.insert(lower.into_owned(), (tag.clone(), 1));
                        }
                    }
                }
                counts
            })
            .reduce(Counts::default, |mut earlier, later| {
                for (key, (name, n)) in later {
                    earlier.entry(key).or_insert((name, 0)).1 += n;
                }
                earlier
            });
        let mut tags: Vec<_> = counts.into_values().collect();
        tags.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        tags
    }

    /// Find a note as a link would (path, file name, alias) or by its title. When nothing
    /// matches, a topic of that name is looked up.
    pub fn find(&self, query: &str) -> Lookup {
        let key = name_key(strip_md_ext(query));
        let mut all = self.exact(&key);
        if all.is_empty() && !key.is_empty() {
            // A part of a title will do when only one title holds it.
            all = self
                .notes
                .iter()
                .filter(|n| n.title.to_lowercase().contains(&key))
                .map(|n| n.id)
                .take(20)
                .collect();
        }
        if all.len() > 1 {
            all.sort_by_key(|id| self.note(*id).path.len());
            return Lookup::Ambiguous(all);
        }
        if let Some(id) = all.first() {
            return Lookup::Note(*id);
        }
        if let Some(id) = self.index.topic.get(&key) {
            return Lookup::Topic(*id);
        }
        Lookup::None(self.closest_titles(query, 5))
    }

    /// The shortest name a `[[wikilink]]` reaches this note by, as Obsidian writes new links:
    /// its file name when no other note answers to it, else its path (both without `.md`).
    pub fn link_name(&self, id: NoteId) -> String {
        let path = self.note(id).path.as_str();
        let stem = strip_md_ext(path.rsplit('/').next().unwrap_or(path));
        let named = self
            .index
            .candidates_with_paths(&self.notes, &name_key(stem), "");
        if named.len() == 1 && named[0] == id {
            stem.to_string()
        } else {
            strip_md_ext(path).to_string()
        }
    }

    /// The note a name, alias, path or exact title names, preferring the shortest path when
    /// several do. Unlike [`Graph::find`], no partial titles.
    pub fn find_exact(&self, query: &str) -> Option<NoteId> {
        self.exact(&name_key(strip_md_ext(query)))
            .into_iter()
            .min_by_key(|id| (self.note(*id).path.len(), *id))
    }

    /// Notes a name key names as a link would (path, file name, alias), else by exact title.
    fn exact(&self, key: &str) -> Vec<NoteId> {
        let all = self.index.candidates_with_paths(&self.notes, key, "");
        if all.is_empty() {
            self.index.titled(key).unwrap_or_default().to_vec()
        } else {
            all.into_owned()
        }
    }

    /// Titles nearest to `query`, for "did you mean" hints.
    pub fn closest_titles(&self, query: &str, n: usize) -> Vec<String> {
        let q = query.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .notes
            .iter()
            .map(|note| {
                let t = note.title.to_lowercase();
                let bonus = if t.contains(&q) || q.contains(&t) {
                    0
                } else {
                    1000
                };
                (bonus + edit_distance(&q, &t), note.title.as_str())
            })
            .collect();
        scored.sort_unstable();
        scored
            .into_iter()
            .take(n)
            .map(|(_, t)| t.to_string())
            .collect()
    }
}

/// The result of [`Graph::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Note(NoteId),
    Topic(TopicId),
    /// Several notes match; shortest path first.
    Ambiguous(Vec<NoteId>),
    /// Nothing matches; the closest titles.
    None(Vec<String>),
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().take(64).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().take(64).enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = old;
        }
    }
    row[b.len()]
}

/// How much of a link's line its context shows on each side of the link, in bytes.
pub const CONTEXT_BYTES: usize = 200;

/// The part of the line holding `start..end` that lies within [`CONTEXT_BYTES`] of it, cut
/// at character boundaries (and at a space where one is near) and marked `…` where cut.
pub fn context_window(text: &str, start: usize, end: usize) -> std::borrow::Cow<'_, str> {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_BYTES));
    let to = floor_boundary(text, (end + CONTEXT_BYTES).min(text.len()));
    let (line_start, cut_before) = match text[from..start].rfind('\n') {
        Some(i) => (from + i + 1, false),
        None if from == 0 => (0, false),
        None => {
            // Start at a word where one begins near the cut.
            let word = text[from..start].find(' ').filter(|&i| i < 40);
            (word.map_or(from, |i| from + i + 1), true)
        }
    };
    let (line_end, cut_after) = match text[end..to].find('\n') {
        Some(i) => (end + i, false),
        None if to == text.len() => (to, false),
        None => {
            let word = text[end..to].rfind(' ').filter(|&i| to - (end + i) < 40);
            (word.map_or(to, |i| end + i), true)
        }
    };
    let piece = &text[line_start..line_end];
    if !cut_before && !cut_after {
        return std::borrow::Cow::Borrowed(piece);
    }
    let mut out = String::with_capacity(piece.len() + 6);
    if cut_before {
        out.push('…');
    }
    out.push_str(piece);
    if cut_after {
        out.push('…');
    }
    std::borrow::Cow::Owned(out)
}

/// The nearest character boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line of `text` holding byte `offset`.
pub fn line_around(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_all_is_indexed_by_status() {
        for (i, status) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status as usize, i, "{status:?}");
        }
    }

    #[test]
    fn tags_keep_the_first_spelling_across_many_notes() {
        // Enough notes for the count to be split across threads: the spelling shown is still
        // the first note's, and every note counts once.
        let inputs = (0..2_000)
            .map(|i| {
                let tag = match i {
                    0 => "#Rust",
                    1_999 => "#RUST and #Zig",
                    _ => "#rust",
                };
                let text = format!("# N{i}\n\n{tag}\n");
                Input::new(
                    format!("n{i:04}.md"),
                    0,
                    crate::parse::parse(&format!("n{i:04}"), &text),
                )
            })
            .collect();
        let g = Graph::build(inputs, &[]);
        assert_eq!(
            g.tags(),
            vec![("Rust".to_string(), 2_000), ("Zig".to_string(), 1)]
        );
    }

    #[test]
    fn line_around_finds_line() {
        assert_eq!(line_around("a\nb [[x]] c\nd", 4), "b [[x]] c");
    }

    #[test]
    fn context_is_a_bounded_window_of_the_line() {
        assert_eq!(context_window("a\nb [[x]] c\nd", 4, 9), "b [[x]] c");
        let long = format!("{} [[t]] {}", "é ".repeat(400), "ü ".repeat(400));
        let at = long.find("[[t]]").unwrap();
        let w = context_window(&long, at, at + 5);
        assert!(w.starts_with('…') && w.ends_with('…'), "{w}");
        assert!(w.contains("[[t]]"));
        assert!(w.len() < 2 * CONTEXT_BYTES + 20, "{}", w.len());
    }
}
