//! The floor under trail's load: the least work that still turns a folder into a link graph,
//! timed the same way as the real load, so that `benches/load.sh` can show how much of the
//! 2× ripgrep budget is spent before any markdown is understood.
//!
//! It walks the folder with trail's own walk, reads every note with trail's own
//! `read_into` and keeps its text (as the loader must), finds each `[[` with a byte search
//! and takes the target up to `]`, `|` or `#`, resolves it by lower-cased file name, and
//! counts backlinks. It does none of what makes a note a note: no front matter, title,
//! headings, anchors, block ids, tags, fields, code spans or fences, markdown links,
//! aliases, fragments, line numbers or contexts. So trail can never load faster than this.
//!
//! Built as an example so that it has a fixed path: `cargo build --release --example floor`,
//! then `target/release/examples/floor DIR` prints one line with its stages in ms.

use rayon::prelude::*;
use std::time::Instant;

/// Notes read into one kept buffer, as the loader's runs are.
const RUN: usize = 256;

/// One run's kept text and the links found in it, as byte ranges of their targets.
struct Run {
    text: String,
    links: Vec<(u32, u32)>,
}

fn read_run(chunk: &[trail::load::Entry], finder: &memchr::memmem::Finder) -> Run {
    let mut text = String::with_capacity(RUN * 8 * 1024);
    let mut raw = Vec::new();
    let mut links = Vec::new();
    for entry in chunk {
        // The loader's own reading: size limit, UTF-8 and binary checks included.
        let Ok(note) = trail::load::read_into(entry, &mut raw) else {
            continue;
        };
        let start = text.len();
        text.push_str(&note.text);
        let bytes = &text.as_bytes()[start..];
        for at in finder.find_iter(bytes) {
            let from = at + 2;
            let Some(end) = memchr::memchr(b']', &bytes[from..]) else {
                break;
            };
            let inner = &bytes[from..from + end];
            let cut = memchr::memchr2(b'|', b'#', inner).unwrap_or(inner.len());
            let offset = |i: usize| u32::try_from(start + i).unwrap_or(u32::MAX);
            links.push((offset(from), offset(from + cut)));
        }
    }
    text.shrink_to_fit();
    Run { text, links }
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: floor DIR"))?;
    let started = Instant::now();
    let walk = trail::load::walk(std::path::Path::new(&dir));
    let walked = started.elapsed().as_millis();
    let finder = memchr::memmem::Finder::new(b"[[");
    let runs: Vec<Run> = walk
        .notes
        .par_chunks(RUN)
        .map(|chunk| read_run(chunk, &finder))
        .collect();
    let read = started.elapsed().as_millis();
    let mut names = rustc_hash::FxHashMap::default();
    names.reserve(walk.notes.len());
    for (id, entry) in walk.notes.iter().enumerate() {
        let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
        names
            .entry(trail::text::strip_md_ext(name).to_lowercase())
            .or_insert(id);
    }
    let targets: Vec<Vec<Option<usize>>> = runs
        .par_iter()
        .map(|run| {
            let target = |&(from, to): &(u32, u32)| {
                let key = run.text[from as usize..to as usize].trim().to_lowercase();
                names.get(&key).copied()
            };
            run.links.iter().map(target).collect()
        })
        .collect();
    let mut backlinks = vec![0u32; walk.notes.len()];
    let (mut links, mut resolved) = (0, 0);
    for id in targets.iter().flatten() {
        links += 1;
        if let Some(id) = id {
            backlinks[*id] += 1;
            resolved += 1;
        }
    }
    let done = started.elapsed().as_millis();
    let bytes: usize = runs.iter().map(|r| r.text.len()).sum();
    println!(
        "walk {} read+find {} resolve {} load {} ms; {} notes, {bytes} bytes, {links} links, {resolved} resolved",
        walked,
        read - walked,
        done - read,
        done,
        walk.notes.len(),
    );
    // As trail's CLI does: the kernel takes the memory back faster than freeing it piece by
    // piece.
    std::mem::forget((runs, targets, names, backlinks));
    Ok(())
}
