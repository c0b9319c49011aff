//! Link resolution: the name index, and the rules that turn a link as written into what it
//! leads to (`docs/links.md`). [`super::Graph::build`] asks; this module answers.

use super::{AttachmentId, Note, NoteId, Target, TopicId};
use crate::parse::{Fragment, LinkKind, RawLink};
use crate::text::{name_key, percent_decode, strip_md_ext};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

/// Lookup tables for resolution, keyed by [`name_key`].
#[derive(Debug, Default)]
pub(super) struct NameIndex {
    /// Path without extension.
    path: HashMap<String, NoteId>,
    /// File names, aliases and titles in one table: a link to a topic asks all three, and
    /// one probe of one table costs a third of three.
    names: NameTable,
    /// Every attachment, by its key and by its file name's key: the index of its path.
    attachment_path: HashMap<String, u32>,
    attachment_name: HashMap<String, Vec<u32>>,
    pub(super) topic: HashMap<String, TopicId>,
    /// The vault is a Dendron workspace: a wikilink's label may stand first.
    pub(super) dendron: bool,
    /// Names that several notes answer to, each sorted once however many links use it:
    /// 8,000 folders each holding `same.md` and `[[same]]` cost 8,000 lookups, not 8,000
    /// sorts of 8,000 candidates (or 64M ids kept).
    ambiguous: std::sync::Mutex<HashMap<(usize, NoteId), std::sync::Arc<Ambiguity>>>,
}

/// The notes one name could mean, and how to choose among them.
#[derive(Debug)]
struct Ambiguity {
    /// Every candidate: shortest path first, counted in characters, then path order.
    sorted: std::sync::Arc<[NoteId]>,
    /// The first candidate (in that order) in each folder.
    by_folder: HashMap<String, NoteId>,
    /// For each file name, the one candidate that has exactly it (`None`: several do).
    exact: HashMap<String, Option<NoteId>>,
}

impl Ambiguity {
    fn new(notes: &[Note], ids: &[NoteId]) -> Ambiguity {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.sort_by_cached_key(|id| {
            let n = &notes[id.index()];
            (n.path.chars().count(), n.path.clone())
        });
        let mut by_folder = HashMap::default();
        let mut exact: HashMap<String, Option<NoteId>> = HashMap::default();
        for &id in &sorted {
            let n = &notes[id.index()];
            by_folder.entry(n.folder.clone()).or_insert(id);
            exact
                .entry(n.name.clone())
                .and_modify(|e| *e = None)
                .or_insert(Some(id));
        }
        Ambiguity {
            sorted: sorted.into(),
            by_folder,
            exact,
        }
    }
}

/// The notes a [`name_key`] names, by how it names them, each in note order.
#[derive(Debug, Clone, Copy)]
struct Names<'a> {
    file: &'a [NoteId],
    alias: &'a [NoteId],
    title: &'a [NoteId],
}

/// How a note answers to a name key; the order is the order of [`Names`]' lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameKind {
    File,
    Alias,
    Title,
}

/// File names, aliases and titles by [`name_key`], as [`Names`].
///
/// Each distinct key takes one small slot of a table sized once, and its notes one run of
/// a shared list. A map from keys to three vectors each took 96 bytes a key and doubled
/// while it grew: ~45 MB at 100k notes, at the load's peak (docs/performance.md).
#[derive(Debug, Default)]
struct NameTable {
    table: hashbrown::HashTable<NameSlot>,
    /// Every slot's notes: its file names, then aliases, then titles.
    ids: Vec<NoteId>,
}

#[derive(Debug)]
struct NameSlot {
    key: Box<str>,
    /// Where the slot's notes start in `ids`, where its aliases and titles start, and
    /// where its run ends.
    bounds: [u32; 4],
}

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl NameTable {
    /// `keys`: every (key, kind, note) a note answers to, in any order, repeats allowed.
    fn new(mut keys: Vec<(String, NameKind, NoteId)>) -> NameTable {
        keys.par_sort_unstable();
        // The slots are gathered first, in one pass over the keys, so that the table is
        // sized once.
        let mut slots = Vec::new();
        let mut ids = Vec::with_capacity(keys.len());
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for group in keys.chunk_by_mut(|a, b| a.0 == b.0) {
            let mut bounds = [0; 4];
            for (i, kind) in [NameKind::File, NameKind::Alias, NameKind::Title]
                .into_iter()
                .enumerate()
            {
                bounds[i] = at(ids.len());
                // Sorted, a repeat stands next to its first.
                let mut last = None;
                for k in group.iter().filter(|k| k.1 == kind) {
                    if last != Some(k.2) {
                        ids.push(k.2);
                        last = Some(k.2);
                    }
                }
            }
            bounds[3] = at(ids.len());
            let key = std::mem::take(&mut group[0].0).into_boxed_str();
            slots.push(NameSlot { key, bounds });
        }
        let mut table = hashbrown::HashTable::with_capacity(slots.len());
        for slot in slots {
            table.insert_unique(key_hash(&slot.key), slot, |slot| key_hash(&slot.key));
        }
        NameTable { table, ids }
    }

    fn get(&self, key: &str) -> Option<Names<'_>> {
        let slot = self.table.find(key_hash(key), |slot| &*slot.key == key)?;
        let [a, b, c, d] = slot.bounds.map(|n| n as usize);
        Some(Names {
            file: &self.ids[a..b],
            alias: &self.ids[b..c],
            title: &self.ids[c..d],
        })
    }
}

/// What resolution found before topics are interned.
pub(super) enum Found {
    /// A target, with every note the name could mean when it could mean several.
    Target(Target, Option<std::sync::Arc<[NoteId]>>),
    /// A topic, by its [`name_key`]; its name is the link's target as written.
    Topic(String),
    /// Found by reading the link label-first (Dendron); the link as it should have been read.
    Swapped(Box<Found>, RawLink),
}

/// A wikilink target without Dendron's cross-vault prefix (`dendron://vault/note`).
pub(super) fn dendron_name(target: &str) -> &str {
    let target = target.trim();
    match target.strip_prefix("dendron://") {
        Some(rest) => rest.split_once('/').map_or(rest, |(_, n)| n),
        None => target,
    }
}

/// Files with these extensions are attachments, never notes or topics.
const ATTACHMENT_EXTS: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "bmp",
    "ico",
    "avif",
    "heic",
    "tif",
    "tiff",
    "pdf",
    "mp4",
    "webm",
    "mov",
    "mkv",
    "avi",
    "mp3",
    "wav",
    "ogg",
    "m4a",
    "flac",
    "zip",
    "gz",
    "tar",
    "csv",
    "tsv",
    "json",
    "txt",
    "docx",
    "xlsx",
    "pptx",
    "epub",
    "excalidraw",
    "canvas",
    "html",
    "drawio",
    "ipynb",
    "js",
    "css",
];

pub(super) fn attachment_ext(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && ATTACHMENT_EXTS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// Join `rel` onto `folder` and fold `.` and `..`; `None` when it climbs out of the root.
pub(super) fn join_inside(folder: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A heading compared as Obsidian compares it: case folded, every character that is not a
/// letter, digit or white space read as a space, and runs of spaces as one. So
/// `Setup Vault Consistency` reaches `Setup & Vault Consistency`, and `D D Rules` reaches
/// `D&D Rules`.
pub(super) fn heading_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A note's places, indexed once for every fragment that points into it: heading keys and
/// slugs to the headings' indexes (in order), block ids and anchors to their offsets. A note
/// with 10,000 headings and 10,000 fragment links costs 20,000 steps, not 10,000².
#[derive(Debug, Default)]
pub(super) struct Places {
    by_key: HashMap<String, Vec<u32>>,
    by_slug: HashMap<String, Vec<u32>>,
    blocks: HashMap<String, usize>,
    anchors: HashMap<String, usize>,
}

impl Places {
    pub(super) fn new(note: &Note) -> Places {
        let mut places = Places::default();
        for (i, h) in note.headings.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            places
                .by_key
                .entry(heading_key(&h.text))
                .or_default()
                .push(i);
            places.by_slug.entry(h.anchor.clone()).or_default().push(i);
        }
        for b in &note.blocks {
            places.blocks.entry(b.id.to_lowercase()).or_insert(b.offset);
        }
        for a in &note.anchors {
            places.anchors.entry(a.id.clone()).or_insert(a.offset);
        }
        places
    }

    /// The first heading at index `from` or later that `key` or `slug` names.
    fn heading(&self, key: &str, slug: &str, from: usize) -> Option<usize> {
        let first = |list: Option<&Vec<u32>>| {
            list.and_then(|l| {
                let at = l.partition_point(|&i| (i as usize) < from);
                l.get(at).map(|&i| i as usize)
            })
        };
        match (first(self.by_key.get(key)), first(self.by_slug.get(slug))) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Where a fragment lands in a note: the offset of the heading (each part of `#A#B` found in
/// order after the one before), of the block, or of an HTML or kramdown anchor.
pub(super) fn find_place(note: &Note, places: &Places, fragment: &Fragment) -> Option<usize> {
    match fragment {
        Fragment::Block(id) => places.blocks.get(&id.to_lowercase()).copied(),
        Fragment::Heading(parts) => {
            let mut from = 0;
            let mut found = None;
            for part in parts {
                let decoded = percent_decode(part);
                let key = heading_key(&decoded);
                let slug = crate::text::slug(&decoded);
                let Some(h) = places.heading(&key, &slug, from) else {
                    // A lone `#f1` may name an HTML or kramdown anchor instead.
                    return (parts.len() == 1)
                        .then(|| places.anchors.get(&*decoded).copied())
                        .flatten();
                };
                found = Some(note.headings[h].offset);
                from = h + 1;
            }
            found
        }
    }
}

impl NameIndex {
    pub(super) fn new(notes: &[Note], attachments: &[String]) -> NameIndex {
        let paths: Vec<String> = notes
            .par_iter()
            .map(|note| name_key(strip_md_ext(&note.path)))
            .collect();
        let names: Vec<(String, NameKind, NoteId)> = notes
            .par_iter()
            .flat_map_iter(|note| {
                let key = |name: &str, kind| (name_key(name), kind, note.id);
                let mut keys = Vec::with_capacity(2 + note.aliases.len());
                keys.push(key(&note.name, NameKind::File));
                // Logseq stores the page `A/B` as `A___B.md` (and `A%2FB.md` in older graphs).
                if note.name.contains("___") {
                    keys.push(key(&note.name.replace("___", "/"), NameKind::File));
                }
                keys.extend(note.aliases.iter().map(|a| key(a, NameKind::Alias)));
                keys.push(key(&note.title, NameKind::Title));
                keys
            })
            .collect();
        let mut index = NameIndex {
            names: NameTable::new(names),
            ..NameIndex::default()
        };
        index.path.reserve(notes.len());
        for (note, path) in notes.iter().zip(paths) {
            index.path.insert(path, note.id);
        }
        for (i, a) in attachments.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            index.attachment_path.insert(name_key(a), i);
            let file = a.rsplit('/').next().unwrap_or(a);
            index
                .attachment_name
                .entry(name_key(file))
                .or_default()
                .push(i);
        }
        index
    }

    /// Notes a name-or-path key could mean, before choosing among them.
    fn candidates(&self, key: &str, folder: &str) -> &[NoteId] {
        if key.contains('/') {
            if let Some(id) = self.path.get(key) {
                return std::slice::from_ref(id);
            }
            if let Some(id) =
                join_inside(&folder.to_lowercase(), key).and_then(|p| self.path.get(&p))
            {
                return std::slice::from_ref(id);
            }
        }
        // A bare name; or with `/`, a Logseq namespace page (`A/B` stored as `A___B.md`).
        match self.names.get(key) {
            Some(n) if !n.file.is_empty() => n.file,
            Some(n) => n.alias,
            None => &[],
        }
    }

    pub(super) fn resolve(&self, notes: &[Note], from: &Note, raw: &RawLink) -> Found {
        if raw.external {
            return Found::Target(Target::External, None);
        }
        if raw.target.trim().is_empty() {
            return Found::Target(Target::Note(from.id), None);
        }
        match raw.kind {
            LinkKind::Markdown | LinkKind::Image => self.resolve_path(notes, from, raw),
            LinkKind::Wiki | LinkKind::Embed | LinkKind::FrontMatter => {
                self.resolve_name(notes, from, raw)
            }
        }
    }

    /// Pick among the notes a link could mean (at least one): see `docs/links.md`.
    /// Pick among the notes a link could mean (at least one): see `docs/links.md`. `name`
    /// is the target as written (without extension), for the exact-case rule.
    fn choose(&self, notes: &[Note], from: &Note, ids: &[NoteId], name: &str) -> Found {
        if let [id] = ids {
            return Found::Target(Target::Note(*id), None);
        }
        let Some(&first) = ids.first() else {
            return Found::Target(Target::MissingNote, None);
        };
        let ambiguity = {
            let mut cache = self
                .ambiguous
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache
                .entry((ids.len(), first))
                .or_insert_with(|| std::sync::Arc::new(Ambiguity::new(notes, ids)))
                .clone()
        };
        // `[[a]]` with both `A.md` and `a.md`: the one whose file name is written exactly
        // so is meant.
        if let Some(Some(id)) = ambiguity.exact.get(name.trim()) {
            return Found::Target(Target::Note(*id), None);
        }
        if let [id] = ambiguity.sorted[..] {
            return Found::Target(Target::Note(id), None);
        }
        let chosen = ambiguity
            .by_folder
            .get(&from.folder)
            .copied()
            .unwrap_or(ambiguity.sorted[0]);
        Found::Target(Target::Note(chosen), Some(ambiguity.sorted.clone()))
    }

    fn resolve_name(&self, notes: &[Note], from: &Note, raw: &RawLink) -> Found {
        // Dendron writes the label first: `[[label|target]]`. In a Dendron workspace a
        // labelled wikilink is read that way round; the order Obsidian reads is tried only
        // when that finds no note. Elsewhere the label is never a target.
        if let Some(label) = raw
            .label
            .as_deref()
            .filter(|_| self.dendron && raw.kind == LinkKind::Wiki)
        {
            let swapped = crate::parse::wikilink(
                raw.kind,
                label,
                Some(raw.target.to_string()),
                raw.range.clone(),
                usize::try_from(raw.line).unwrap_or(usize::MAX),
            );
            let found = self.resolve_target(notes, from, &swapped);
            if matches!(found, Found::Target(Target::Note(_), _)) {
                return Found::Swapped(Box::new(found), swapped);
            }
            let written = self.resolve_target(notes, from, raw);
            if matches!(written, Found::Target(Target::Note(_), _)) {
                return written;
            }
            return Found::Swapped(Box::new(found), swapped);
        }
        self.resolve_target(notes, from, raw)
    }

    /// A wikilink's target as written: a path, a file name or an alias; an attachment; or
    /// a topic.
    fn resolve_target(&self, notes: &[Note], from: &Note, raw: &RawLink) -> Found {
        let target = dendron_name(&raw.target);
        let key = name_key(strip_md_ext(target));
        if key.split('/').any(|p| p == "..") && join_inside(&from.folder, &key).is_none() {
            return Found::Target(Target::Outside, None);
        }
        let ids = self.candidates_with_paths(notes, &key, &from.folder);
        if !ids.is_empty() {
            return self.choose(notes, from, &ids, strip_md_ext(target));
        }
        if attachment_ext(&key) {
            return self.attachment(&key, &from.folder);
        }
        Found::Topic(key)
    }

    pub(super) fn candidates_with_paths<'a>(
        &'a self,
        notes: &[Note],
        key: &str,
        folder: &str,
    ) -> std::borrow::Cow<'a, [NoteId]> {
        let direct = self.candidates(key, folder);
        if !direct.is_empty() || !key.contains('/') {
            return std::borrow::Cow::Borrowed(direct);
        }
        let last = key.rsplit('/').next().unwrap_or(key);
        let suffix = format!("/{key}");
        self.names
            .get(last)
            .map(|n| {
                n.file
                    .iter()
                    .copied()
                    .filter(|id| name_key(strip_md_ext(&notes[id.index()].path)).ends_with(&suffix))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into()
    }

    /// Notes whose title has this key: for a note a person names (`trail show TITLE`), never
    /// for a link.
    pub(super) fn titled(&self, key: &str) -> Option<&[NoteId]> {
        self.names
            .get(key)
            .map(|n| n.title)
            .filter(|t| !t.is_empty())
    }

    fn attachment(&self, key: &str, folder: &str) -> Found {
        let hit = join_inside(&folder.to_lowercase(), key)
            .and_then(|p| self.attachment_path.get(&p))
            .or_else(|| self.attachment_path.get(key))
            .or_else(|| {
                let file = key.rsplit('/').next().unwrap_or(key);
                self.attachment_name.get(file).and_then(|v| v.first())
            });
        match hit {
            Some(&i) => Found::Target(Target::Attachment(AttachmentId(i)), None),
            None => Found::Target(Target::MissingAttachment, None),
        }
    }

    fn resolve_path(&self, notes: &[Note], from: &Note, raw: &RawLink) -> Found {
        let decoded = percent_decode(raw.target.trim()).into_owned();
        let (rooted, rel) = match decoded.strip_prefix('/') {
            Some(r) => (true, r.to_string()),
            None => (false, decoded.clone()),
        };
        let base = if rooted { "" } else { from.folder.as_str() };
        let Some(joined) = join_inside(base, &rel) else {
            return Found::Target(Target::Outside, None);
        };
        let file = joined.rsplit('/').next().unwrap_or(&joined);
        let has_md_ext = crate::load::is_markdown(file);
        // In a markdown link any extension but markdown's names a file, not a note.
        let has_other_ext = !has_md_ext
            && file.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=10).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if has_other_ext {
            let key = name_key(&joined);
            // The relative path first; then, as Obsidian does, the file's name anywhere in
            // the vault.
            let found = self.attachment_path.get(&key).or_else(|| {
                let file = key.rsplit('/').next().unwrap_or(&key);
                self.attachment_name.get(file).and_then(|v| v.first())
            });
            return match found {
                Some(&i) => Found::Target(Target::Attachment(AttachmentId(i)), None),
                None => Found::Target(Target::MissingAttachment, None),
            };
        }
        let key = name_key(strip_md_ext(&joined));
        if let Some(id) = self.path.get(&key) {
            return Found::Target(Target::Note(*id), None);
        }
        // Relative to the vault root as a second try (many sites write root paths without `/`).
        if !rooted && let Some(id) = self.path.get(&name_key(strip_md_ext(&rel))) {
            return Found::Target(Target::Note(*id), None);
        }
        // Then the note's name anywhere in the vault, as Obsidian resolves a markdown link
        // whose relative path is missing: `[e](E.md)` from a subfolder finds `E.md`
        // elsewhere. A bare name without extension (`[x](Some Note)`) resolves as a
        // wikilink would, aliases included.
        let stem = strip_md_ext(file);
        let ids = if has_md_ext || rel.contains('/') {
            self.names.get(&name_key(stem)).map_or(&[][..], |n| n.file)
        } else {
            self.candidates(&name_key(&rel), &from.folder)
        };
        if !ids.is_empty() {
            return self.choose(notes, from, ids, stem);
        }
        Found::Target(Target::MissingNote, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_table_finds_every_key_once() {
        // Each key named by two notes as a file, once more as a title, and with every entry
        // repeated, as the index may hand them.
        let mut keys = Vec::new();
        for i in 0..200u32 {
            let key = format!("note {i}");
            for (kind, id) in [
                (NameKind::Title, 7),
                (NameKind::File, i + 1),
                (NameKind::File, i),
            ] {
                let entry = (key.clone(), kind, NoteId(id));
                keys.push(entry.clone());
                keys.push(entry);
            }
        }
        let table = NameTable::new(keys);
        for i in 0..200u32 {
            let names = table.get(&format!("note {i}")).unwrap();
            assert_eq!(names.file, [NoteId(i), NoteId(i + 1)]);
            assert!(names.alias.is_empty());
            assert_eq!(names.title, [NoteId(7)]);
        }
        assert!(table.get("note 200").is_none());
    }

    #[test]
    fn join_inside_folds_dots() {
        assert_eq!(join_inside("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_inside("", "./x/y").as_deref(), Some("x/y"));
        assert_eq!(join_inside("a", "../../etc/passwd"), None);
    }

    #[test]
    fn attachment_ext_needs_known_extension() {
        assert!(attachment_ext("diagram.png"));
        assert!(attachment_ext("a/paper.PDF"));
        assert!(!attachment_ext("dendron.topic.hierarchies"));
        assert!(!attachment_ext("Mr. Smith"));
        assert!(!attachment_ext(".png"));
    }
}
