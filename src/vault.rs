//! Opening a vault: walk, read and parse every note in parallel, then build the graph.
//! This is the only place the stages are wired together.

use crate::graph::{Graph, Input, Packed};
use crate::load::{self, LoadError};
use crate::text::SharedStr;
use anyhow::{Context as _, bail};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// How to open a vault. Empty today; a place for knobs that are not yet needed.
#[derive(Debug, Clone, Default)]
pub struct Options {}

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
    /// Wall time of each stage (walk, read and parse, graph), in milliseconds.
    pub stage_ms: [u128; 3],
}

/// Notes whose bodies share one buffer ([`SharedStr`]): about 1 MB of text at 4 KB a note.
const PACK: usize = 256;

/// Read and parse one file.
fn read_one(entry: &load::Entry) -> Result<(Input, Vec<LoadError>), LoadError> {
    let source = load::read(entry)?;
    let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
    let parsed = crate::parse::parse(crate::text::strip_md_ext(name), &source.text);
    let mut warnings: Vec<LoadError> = source.warning.into_iter().collect();
    warnings.extend(parsed.warnings.iter().map(|w| LoadError {
        path: entry.rel.clone(),
        reason: w.clone(),
    }));
    Ok((Input::new(source.rel, source.bytes, parsed), warnings))
}

/// Move the bodies (and the hidden text, see [`crate::parse::ParsedNote::hidden`]) of
/// neighbouring notes into one buffer of exactly their size, each note's body followed by
/// its hidden pieces, each after a newline, freeing each note's own strings (which the
/// next notes' parsing then reuses). Search reads a note's whole stretch in one pass; the
/// newline keeps a word (or a regex without `\n`) from joining two pieces.
fn pack(
    mut notes: Vec<Result<(Input, Vec<LoadError>), LoadError>>,
) -> Vec<Result<(Input, Vec<LoadError>), LoadError>> {
    let size = notes
        .iter()
        .flatten()
        .map(|(input, _)| {
            let p = &input.parsed;
            p.body.len() + p.hidden.iter().map(|h| h.text.len() + 1).sum::<usize>()
        })
        .sum();
    let mut buf = String::with_capacity(size);
    let mut ranges = Vec::with_capacity(notes.len());
    for (input, _) in notes.iter_mut().flatten() {
        let start = buf.len();
        buf.push_str(&std::mem::take(&mut input.parsed.body));
        let body = start..buf.len();
        let mut pieces = Vec::with_capacity(input.parsed.hidden.len());
        for h in &input.parsed.hidden {
            buf.push('\n');
            let at = buf.len();
            buf.push_str(&h.text);
            pieces.push(at..buf.len());
        }
        ranges.push((body, pieces, start..buf.len()));
    }
    let buf = Arc::new(buf);
    for ((input, _), (body, pieces, all)) in notes.iter_mut().flatten().zip(ranges) {
        input.packed = Some(Packed {
            body: SharedStr::piece(&buf, body),
            all: SharedStr::piece(&buf, all),
        });
        for (h, range) in input.parsed.hidden.iter_mut().zip(pieces) {
            h.text = SharedStr::piece(&buf, range);
        }
    }
    notes
}

/// Load the vault at `root`. Fails only when `root` is not a readable folder; every problem
/// with a single file becomes a warning.
pub fn open(root: &Path, _options: &Options) -> anyhow::Result<Vault> {
    let started = Instant::now();
    let meta =
        std::fs::metadata(root).with_context(|| format!("cannot open vault {}", root.display()))?;
    if !meta.is_dir() {
        bail!(
            "{} is not a folder (give the folder that holds your notes)",
            root.display()
        );
    }
    let walk = load::walk(root);
    let walked = started.elapsed().as_millis();
    let read: Vec<Result<(Input, Vec<LoadError>), LoadError>> = walk
        .notes
        .par_chunks(PACK)
        .flat_map_iter(|chunk| pack(chunk.iter().map(read_one).collect()))
        .collect();
    let mut warnings = walk.errors;
    let mut inputs = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok((input, w)) => {
                warnings.extend(w);
                inputs.push(input);
            }
            Err(e) => warnings.push(e),
        }
    }
    let bytes = inputs.iter().map(|i| i.bytes).sum();
    let parsed = started.elapsed().as_millis();
    let graph = Graph::build(inputs, &walk.attachments);
    let load_ms = started.elapsed().as_millis();
    Ok(Vault {
        root: root.to_path_buf(),
        name: load::vault_name(root),
        graph,
        warnings,
        bytes,
        load_ms,
        stage_ms: [walked, parsed - walked, load_ms - parsed],
    })
}
