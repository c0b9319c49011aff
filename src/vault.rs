//! Opening a vault: walk, read and parse every note in parallel, then build the graph.
//! This is the only place the stages are wired together.

use crate::graph::pack::Packer;
use crate::graph::{Graph, Input, Note};
use crate::load::{self, LoadError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why a vault could not be opened at all. Problems with single files are not errors:
/// they are [`Vault::warnings`].
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The folder does not exist or cannot be read.
    #[error("cannot open vault {}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The path names a file, not a folder.
    #[error("{} is not a folder (give the folder that holds your notes)", path.display())]
    NotAFolder { path: PathBuf },
}

/// Wall time of each stage of a load, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageMs {
    pub walk: u128,
    /// Reading and parsing every note.
    pub parse: u128,
    /// Resolving links, backlinks and topics.
    pub graph: u128,
}

/// A loaded vault.
#[derive(Debug)]
pub struct Vault {
    pub root: PathBuf,
    /// The folder's name, for display.
    pub name: String,
    pub graph: Graph,
    /// One entry per file that could not be read cleanly (the file may still have loaded).
    pub warnings: Vec<LoadError>,
    /// Bytes of markdown read.
    pub bytes: u64,
    /// Wall time of the whole load, in milliseconds.
    pub load_ms: u128,
    /// Wall time of each stage.
    pub stage_ms: StageMs,
    /// How a single line break in a paragraph is drawn, as the vault's own tool draws it.
    pub line_breaks: load::obsidian::LineBreaks,
}

impl Vault {
    /// The vault at `root` with nothing read: what the reader holds until its load arrives.
    pub fn empty(root: &Path) -> Vault {
        Vault {
            root: root.to_path_buf(),
            name: load::vault_name(root),
            graph: Graph::build(Vec::new(), &[]),
            warnings: Vec::new(),
            bytes: 0,
            load_ms: 0,
            stage_ms: StageMs::default(),
            line_breaks: load::obsidian::LineBreaks::default(),
        }
    }
}

/// Notes whose text shares one buffer ([`crate::graph::pack::Packer`]): about 1 MB at 4 KB a note.
const PACK: usize = 256;

/// Room reserved for a run's buffer, about twice what a run of ordinary notes needs. Pages
/// never written cost address space, not memory; a run that needs more grows as any
/// `String` does, and the buffer is trimmed to its length when the run is done.
const PACK_BYTES: usize = PACK * 8 * 1024;

/// One file read and parsed, its body written into a run's [`Packer`].
struct Read {
    rel: String,
    bytes: u64,
    parsed: crate::parse::ParsedNote,
    warnings: Vec<LoadError>,
}

/// Read and parse one file, its body written into `packer`; `raw` is the read buffer,
/// reused from file to file.
fn read_one(
    entry: &mut load::Entry,
    raw: &mut Vec<u8>,
    packer: &mut Packer,
) -> Result<Read, LoadError> {
    let source = load::read_into(entry, raw)?;
    let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
    let start = packer.buf().len();
    let mut parsed =
        crate::parse::parse_into(crate::text::strip_md_ext(name), &source.text, packer.buf());
    packer.close(start, &mut parsed);
    let mut warnings: Vec<LoadError> = source.warning.into_iter().collect();
    warnings.extend(parsed.warnings.iter().map(|w| LoadError {
        path: entry.rel.clone(),
        reason: load::Reason::Note(w.clone()),
    }));
    // The entry is spent here: its path moves into the note rather than being copied.
    Ok(Read {
        rel: std::mem::take(&mut entry.rel),
        bytes: source.bytes,
        parsed,
        warnings,
    })
}

/// Is `root` a folder that can be opened as a vault? The one failure of a load: every
/// problem with a single file becomes a warning instead.
pub fn check(root: &Path) -> Result<(), OpenError> {
    let meta = std::fs::metadata(root).map_err(|source| OpenError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(OpenError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    Ok(())
}

/// Load the vault at `root`, its files listed as by default. Fails only when `root` is not a
/// readable folder; every problem with a single file becomes a warning.
pub fn open(root: &Path) -> Result<Vault, OpenError> {
    open_with(root, load::Options::default())
}

/// Load the vault at `root`, its files listed as `options` say.
pub fn open_with(root: &Path, options: load::Options) -> Result<Vault, OpenError> {
    let started = Instant::now();
    check(root)?;
    let walk = load::walk(root, options);
    Ok(read(
        root,
        walk,
        started,
        &std::sync::atomic::AtomicUsize::new(0),
    ))
}

/// The note a vault opens on, found by file name before anything is read: `Home`, `Index`,
/// `Start Here` or `README` (in that order; the shortest path first), as the reader's home
/// page is first looked for.
pub fn home_entry(walk: &load::Walk) -> Option<&load::Entry> {
    ["home", "index", "start here", "readme"]
        .iter()
        .find_map(|name| {
            walk.notes
                .iter()
                .filter(|e| {
                    let file = e.rel.rsplit('/').next().unwrap_or(&e.rel);
                    crate::text::strip_md_ext(file).eq_ignore_ascii_case(name)
                })
                .min_by_key(|e| e.rel.len())
        })
}

/// Read, parse and link every file `walk` listed (walked from `started`), counting the
/// files read in `progress` as it goes.
pub fn read(
    root: &Path,
    walk: load::Walk,
    started: Instant,
    progress: &std::sync::atomic::AtomicUsize,
) -> Vault {
    let load::Walk {
        notes: mut entries,
        attachments,
        errors,
    } = walk;
    let walked = started.elapsed().as_millis();
    let read: Vec<Result<(Note, Vec<LoadError>), LoadError>> = entries
        .par_chunks_mut(PACK)
        .flat_map_iter(|chunk| {
            // Each file is read into one buffer reused across the run, and its body written
            // once, straight into the run's packed text; then each becomes a graph note on
            // the thread that read it.
            let mut raw = Vec::new();
            let mut packer = Packer::with_capacity(PACK_BYTES);
            let mut read = Vec::with_capacity(chunk.len());
            let mut failed = Vec::new();
            for entry in chunk.iter_mut() {
                progress.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                match read_one(entry, &mut raw, &mut packer) {
                    Ok(r) => read.push(r),
                    Err(e) => failed.push(Err(e)),
                }
            }
            let texts = packer.finish(read.iter_mut().map(|r| &mut r.parsed));
            read.into_iter()
                .zip(texts)
                .map(|(r, packed)| {
                    let input = Input::with_text(r.rel, r.bytes, r.parsed, packed);
                    Ok((input.into_note(), r.warnings))
                })
                .chain(failed)
        })
        .collect();
    // Freed before the graph is built, where memory peaks: the walk's paths held the peak
    // ~10 MiB higher at 100k notes.
    drop(entries);
    let mut warnings = errors;
    // Collected in place: the notes reuse `read`'s buffer rather than a second 40 MB one
    // at 100k notes (see docs/performance.md on peak memory).
    let notes: Vec<Note> = read
        .into_iter()
        .filter_map(|r| match r {
            Ok((note, w)) => {
                warnings.extend(w);
                Some(note)
            }
            Err(e) => {
                warnings.push(e);
                None
            }
        })
        .collect();
    linked(root, notes, &attachments, warnings, started, walked)
}

/// The vault after the files at `changed` (relative to the root, `/`-separated) were
/// created, edited or deleted: only those are read and parsed again; every other note is
/// taken from `graph` as it is, and the links of all are resolved anew. The result is the
/// graph a fresh [`open`] would build. A change to an ignore file changes what the walk
/// lists, so it costs a fresh [`open`].
pub fn update(
    graph: &Graph,
    warnings: &[LoadError],
    root: &Path,
    options: load::Options,
    changed: &[String],
) -> Result<Vault, OpenError> {
    if options.gitignore && changed.iter().any(|rel| load::is_ignore_file(rel)) {
        return open_with(root, options);
    }
    let started = Instant::now();
    // A folder that changed (renamed, moved in, deleted) stands for every file below it:
    // the old ones are dropped and the ones there now are read.
    let folders: Vec<String> = changed.iter().map(|rel| format!("{rel}/")).collect();
    let under_changed_folder = |path: &str| folders.iter().any(|f| path.starts_with(f.as_str()));
    let mut changed: std::collections::BTreeSet<String> = changed.iter().cloned().collect();
    for rel in changed.clone() {
        let path = root.join(&rel);
        if path.is_dir() {
            changed.extend(load::files_under(root, &path, options));
        }
    }
    let changed_or_below = |path: &str| changed.contains(path) || under_changed_folder(path);
    let mut notes: Vec<Note> = graph
        .notes()
        .par_iter()
        .filter(|n| !changed_or_below(n.path.as_str()))
        .map(|n| {
            let mut note = n.clone();
            // Resolved anew below: nothing of the old answers is kept.
            for link in &mut note.links {
                link.target = crate::graph::Target::External;
                link.candidates = None;
                link.place = None;
            }
            note
        })
        .collect();
    let mut attachments: Vec<String> = graph
        .attachments()
        .iter()
        .filter(|a| !changed_or_below(a.as_str()))
        .cloned()
        .collect();
    let mut warnings: Vec<LoadError> = warnings
        .iter()
        .filter(|w| !changed_or_below(w.path.as_str()))
        .cloned()
        .collect();
    let walked = started.elapsed().as_millis();
    let mut raw = Vec::new();
    let listing = load::Listing::new(root, options);
    for rel in &changed {
        let rel = rel.as_str();
        let path = root.join(rel);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue; // deleted
        };
        if !meta.is_file() || !listing.lists(rel) {
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if !load::is_markdown(name) {
            attachments.push(rel.to_string());
            continue;
        }
        let entry = load::Entry {
            path,
            rel: rel.to_string(),
        };
        match load::read_into(&entry, &mut raw) {
            Ok(source) => {
                let parsed = crate::parse::parse(crate::text::strip_md_ext(name), &source.text);
                warnings.extend(source.warning);
                warnings.extend(parsed.warnings.iter().map(|w| LoadError {
                    path: rel.to_string(),
                    reason: load::Reason::Note(w.clone()),
                }));
                notes.push(Input::new(rel.to_string(), source.bytes, parsed).into_note());
            }
            Err(e) => warnings.push(e),
        }
    }
    notes.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
    attachments.par_sort_unstable();
    warnings.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(linked(root, notes, &attachments, warnings, started, walked))
}

/// The vault of `notes` (read and parsed, in path order) once their links are resolved,
/// timed from `started` (the walk took `walked` ms of it).
fn linked(
    root: &Path,
    notes: Vec<Note>,
    attachments: &[String],
    mut warnings: Vec<LoadError>,
    started: Instant,
    walked: u128,
) -> Vault {
    let (line_breaks, settings_warning) = load::obsidian::line_breaks(root);
    warnings.extend(settings_warning);
    let bytes = notes.iter().map(|n| n.bytes).sum();
    let parsed = started.elapsed().as_millis();
    let graph = Graph::from_notes(notes, attachments);
    let load_ms = started.elapsed().as_millis();
    Vault {
        root: root.to_path_buf(),
        name: load::vault_name(root),
        graph,
        warnings,
        bytes,
        load_ms,
        stage_ms: StageMs {
            walk: walked,
            parse: parsed - walked,
            graph: load_ms - parsed,
        },
        line_breaks,
    }
}
