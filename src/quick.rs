//! Quick open: fuzzy matching (nucleo-matcher) over every note's title, aliases and path and
//! every topic's name, scored a slice at a time so typing never waits, and narrowed as the
//! query grows. Pure: the graph in, hits out.

use crate::graph::{Graph, NoteId, TopicId};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use rayon::prelude::*;

/// What a quick-open row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Candidate {
    Note(NoteId),
    Topic(TopicId),
}

/// One quick-open match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickHit {
    pub candidate: Candidate,
    /// The text that matched (a title, alias, path or topic name).
    pub text: String,
    /// What kind of text: "title", "alias", "path" or "topic".
    pub kind: &'static str,
    pub score: u32,
    /// Character indices of `text` that matched, for highlighting.
    pub indices: Vec<u32>,
}

/// The strings quick open matches against, converted once.
pub struct QuickIndex {
    items: Vec<(Candidate, &'static str, Utf32String)>,
    /// [`char_mask`] of each item, to skip items that lack a character of the query
    /// before the matcher looks at them.
    masks: Vec<u64>,
}

/// The bit of an ASCII letter (either case) or digit in a [`char_mask`]; 0 for the rest.
fn char_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'A'..=b'Z' => 1 << (b - b'A'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// The ASCII letters and digits an item holds, one bit each, case folded. An item with any
/// other character gets every bit: the matcher folds accents (`é` matches `e`), so such an
/// item is never skipped.
fn char_mask(text: &Utf32String) -> u64 {
    match text.slice(..) {
        Utf32Str::Ascii(bytes) => bytes.iter().fold(0, |mask, &b| mask | char_bit(b)),
        Utf32Str::Unicode(_) => u64::MAX,
    }
}

/// The characters every match of a quick-open `query` must contain: those of its atoms
/// that are not negated (`!x`) or escaped, as a [`char_mask`].
fn query_mask(query: &str) -> u64 {
    query
        .split_whitespace()
        .filter(|atom| !atom.starts_with('!') && !atom.contains('\\'))
        .flat_map(str::bytes)
        .fold(0, |mask, b| mask | char_bit(b))
}

impl QuickIndex {
    pub fn new(graph: &Graph) -> QuickIndex {
        let mut items = Vec::with_capacity(graph.notes().len() * 2 + graph.topics().len());
        for note in graph.notes() {
            let c = Candidate::Note(note.id);
            items.push((c, "title", Utf32String::from(note.title.as_str())));
            for a in &note.aliases {
                items.push((c, "alias", Utf32String::from(a.as_str())));
            }
            // The path without its extension: nobody types `.md`, and shorter items score
            // faster. A note at the root named as its title adds nothing beyond the title.
            let path = crate::text::strip_md_ext(&note.path);
            if path != note.title {
                items.push((c, "path", Utf32String::from(path)));
            }
        }
        for t in graph.topics() {
            items.push((
                Candidate::Topic(t.id),
                "topic",
                Utf32String::from(t.name.as_str()),
            ));
        }
        let masks = items.iter().map(|(_, _, text)| char_mask(text)).collect();
        QuickIndex { items, masks }
    }

    /// The best `limit` matches for `query`, one per note or topic, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<QuickHit> {
        let mut run = QuickRun::new(query, None);
        while !run.done(self) {
            run.step(self, usize::MAX);
        }
        run.hits(self, limit)
    }
}

/// A quick-open query scored a slice of items at a time, like a full-text
/// [`crate::search::Run`].
pub struct QuickRun {
    pub query: String,
    pattern: Pattern,
    /// See [`query_mask`].
    mask: u64,
    /// Items to score: all (`None`), or those a shorter form of the query matched.
    pool: Option<Vec<u32>>,
    /// How far through the items (or the pool) scoring has got.
    pub next: usize,
    scored: Vec<(u32, u32)>,
    /// One matcher per thread, kept from slice to slice: each owns a large scratch buffer.
    matchers: Vec<Matcher>,
}

impl QuickRun {
    /// Score `query`, among `pool` when given (see [`narrows`]).
    pub fn new(query: &str, pool: Option<Vec<u32>>) -> QuickRun {
        QuickRun {
            query: query.to_string(),
            pattern: Pattern::parse(query, CaseMatching::Smart, Normalization::Smart),
            mask: query_mask(query),
            pool,
            next: 0,
            scored: Vec::new(),
            matchers: Vec::new(),
        }
    }

    fn total(&self, index: &QuickIndex) -> usize {
        self.pool.as_ref().map_or(index.items.len(), Vec::len)
    }

    pub fn done(&self, index: &QuickIndex) -> bool {
        self.next >= self.total(index)
    }

    /// How far scoring has got, as a fraction.
    pub fn progress(&self, index: &QuickIndex) -> f64 {
        #[allow(clippy::cast_precision_loss)] // item counts are far below 2^52
        let p = self.next as f64 / self.total(index).max(1) as f64;
        p
    }

    /// Score up to `n` more items, in parallel: one chunk and one matcher per thread, since a
    /// matcher owns a large scratch buffer and making one per item (or per rayon job) costs
    /// more than the matching.
    pub fn step(&mut self, index: &QuickIndex, n: usize) {
        let end = self.next.saturating_add(n).min(self.total(index));
        let (pattern, mask) = (&self.pattern, self.mask);
        let slice: Vec<u32>;
        let ids: &[u32] = if let Some(pool) = &self.pool {
            &pool[self.next..end]
        } else {
            let (a, b) = (
                u32::try_from(self.next).unwrap_or(u32::MAX),
                u32::try_from(end).unwrap_or(u32::MAX),
            );
            slice = (a..b).collect();
            &slice
        };
        let threads = rayon::current_num_threads().max(1);
        if self.matchers.len() < threads {
            self.matchers
                .resize_with(threads, || Matcher::new(Config::DEFAULT));
        }
        let chunk = ids.len().div_ceil(threads).max(1024);
        let found: Vec<Vec<(u32, u32)>> = ids
            .par_chunks(chunk)
            .zip(self.matchers.par_iter_mut())
            .map(|(part, matcher)| {
                part.iter()
                    .filter(|&&i| index.masks[i as usize] & mask == mask)
                    .filter_map(|&i| {
                        pattern
                            .score(index.items[i as usize].2.slice(..), matcher)
                            .map(|s| (s, i))
                    })
                    .collect()
            })
            .collect();
        for part in found {
            self.scored.extend(part);
        }
        self.next = end;
    }

    /// The indices of every item matched so far, to narrow a longer query.
    pub fn matched(&self) -> Vec<u32> {
        let mut m: Vec<u32> = self.scored.iter().map(|&(_, i)| i).collect();
        m.sort_unstable();
        m
    }

    /// The best `limit` matches so far, one per note or topic.
    pub fn hits(&self, index: &QuickIndex, limit: usize) -> Vec<QuickHit> {
        let mut scored = self.scored.clone();
        // Only the best few need sorting: several items stand for one note (title, alias,
        // path), so keep a margin before removing duplicates.
        let keep = (limit * 4).min(scored.len());
        let by_rank = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1));
        if keep > 0 && keep < scored.len() {
            scored.select_nth_unstable_by(keep - 1, by_rank);
            scored.truncate(keep);
        }
        scored.sort_unstable_by(by_rank);
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut matcher = Matcher::new(Config::DEFAULT);
        for (score, i) in scored {
            let (candidate, kind, text) = &index.items[i as usize];
            if !seen.insert(*candidate) {
                continue;
            }
            let mut indices = Vec::new();
            self.pattern
                .indices(text.slice(..), &mut matcher, &mut indices);
            indices.sort_unstable();
            indices.dedup();
            out.push(QuickHit {
                candidate: *candidate,
                text: text.to_string(),
                kind,
                score,
                indices,
            });
            if out.len() >= limit {
                break;
            }
        }
        out
    }
}

/// Can the matches of `longer` be found among those of `shorter`? True when `longer` only
/// adds characters at the end and uses none of the pattern syntax that inverts or anchors.
pub fn narrows(shorter: &str, longer: &str) -> bool {
    !shorter.is_empty()
        && longer.starts_with(shorter)
        && !longer.contains(['!', '^', '$', '\'', '\\'])
        && !shorter.ends_with(' ')
        && !longer[shorter.len()..].starts_with(' ')
}
