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
    /// The characters of each item (see [`char_masks`]), to skip items that lack a
    /// character of the query before the matcher looks at them.
    masks: Vec<u64>,
    /// The characters of each item that may earn a bonus where they stand (see
    /// [`char_masks`]), to put off items that cannot score well.
    starts: Vec<u64>,
}

/// The bit of an ASCII letter (either case) or digit in a [`char_masks`]; 0 for the rest.
fn char_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'A'..=b'Z' => 1 << (b - b'A'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// Two [`char_bit`] masks of an item: every ASCII letter and digit it holds, case folded,
/// and those of them that stand where nucleo may give a bonus (the start of a word, a capital
/// after a small letter, a digit after a letter, after punctuation). A letter or digit right
/// after another ASCII one earns nothing otherwise; every other place counts, to be safe.
/// A character outside ASCII counts as what the matcher folds it to (`é` as `e`), in both
/// masks and wherever it stands.
fn char_masks(text: &Utf32String) -> (u64, u64) {
    fn fold(c: char) -> u64 {
        use nucleo_matcher::chars::{normalize, to_lower_case};
        [to_lower_case(normalize(c)), to_lower_case(c)]
            .into_iter()
            .filter(char::is_ascii)
            .fold(0, |mask, f| mask | char_bit(f as u8))
    }
    fn masks(chars: impl Iterator<Item = char>) -> (u64, u64) {
        let (mut all, mut starts) = (0, 0);
        let mut prev: Option<char> = None;
        for c in chars {
            if c.is_ascii() {
                let bit = char_bit(c as u8);
                let plain = prev.is_some_and(|p| {
                    p.is_ascii_alphanumeric()
                        && c.is_ascii_alphanumeric()
                        && !(p.is_ascii_lowercase() && c.is_ascii_uppercase())
                        && (p.is_ascii_digit() || !c.is_ascii_digit())
                });
                all |= bit;
                if !plain {
                    starts |= bit;
                }
            } else {
                let bits = fold(c);
                all |= bits;
                starts |= bits;
            }
            prev = Some(c);
        }
        (all, starts)
    }
    match text.slice(..) {
        Utf32Str::Ascii(bytes) => masks(bytes.iter().map(|&b| char::from(b))),
        Utf32Str::Unicode(chars) => masks(chars.iter().copied()),
    }
}

/// The most a fuzzy match of `len` characters can score (see nucleo's `score.rs`): 16 a
/// character, plus at most 10 of bonus for each after the first, plus twice the first
/// character's own bonus (at most 10, or 0 where it cannot earn one). Gaps only subtract.
fn score_bound(len: u32, first_bonus: bool) -> u32 {
    const MATCH: u32 = 16;
    const MAX_BONUS: u32 = 10;
    let first = if first_bonus { 2 * MAX_BONUS } else { 0 };
    MATCH * len + MAX_BONUS * len.saturating_sub(1) + first
}

/// The characters every match of a quick-open `query` must contain: those of its atoms
/// that are not negated (`!x`) or escaped, as a [`char_masks`].
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
            if note.title != path {
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
        let (masks, starts) = items.iter().map(|(_, _, text)| char_masks(text)).unzip();
        QuickIndex {
            items,
            masks,
            starts,
        }
    }

    /// The best `limit` matches for `query`, one per note or topic, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<QuickHit> {
        let mut run = QuickRun::new(query, None, limit);
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
    /// For a plain word: the bit of its first character, and the most an item can score
    /// when that character never stands where it earns a bonus. Such items are put off.
    first: Option<(u64, u32)>,
    /// The best this many notes or topics are wanted; see [`QuickRun::hits`].
    limit: usize,
    /// Items put off during the first pass (see `first`): scored only when the best
    /// `limit` found so far do not all beat their bound.
    deferred: Vec<u32>,
    /// How far through `deferred` scoring has got, once it was found to be needed.
    late: Option<usize>,
    /// Whether the deferred items were ruled out by their bound.
    ruled_out: bool,
    scored: Vec<(u32, u32)>,
    /// One matcher per thread, kept from slice to slice: each owns a large scratch buffer.
    matchers: Vec<Matcher>,
}

impl QuickRun {
    /// Score `query`, among `pool` when given (see [`narrows`]), for the best `limit` notes
    /// or topics.
    pub fn new(query: &str, pool: Option<Vec<u32>>, limit: usize) -> QuickRun {
        let word = query.trim();
        // Only a plain word is one fuzzy atom whose bound is known; anything else (several
        // words, `!`, `^`, `'`, `$`, accents) is scored in full.
        let first =
            (!word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| {
                let len = u32::try_from(word.len()).unwrap_or(u32::MAX);
                (char_bit(word.as_bytes()[0]), score_bound(len, false))
            });
        QuickRun {
            query: query.to_string(),
            pattern: Pattern::parse(query, CaseMatching::Smart, Normalization::Smart),
            mask: query_mask(query),
            pool,
            next: 0,
            first,
            limit: limit.max(1),
            deferred: Vec::new(),
            late: None,
            ruled_out: false,
            scored: Vec::new(),
            matchers: Vec::new(),
        }
    }

    fn total(&self, index: &QuickIndex) -> usize {
        self.pool.as_ref().map_or(index.items.len(), Vec::len)
    }

    pub fn done(&self, index: &QuickIndex) -> bool {
        self.next >= self.total(index)
            && (self.deferred.is_empty()
                || self.ruled_out
                || self.late.is_some_and(|l| l >= self.deferred.len()))
    }

    /// How far scoring has got, as a fraction.
    pub fn progress(&self, index: &QuickIndex) -> f64 {
        // Once the put-off items turn out to need scoring, they count as work too.
        let (late, extra) = self.late.map_or((0, 0), |l| (l, self.deferred.len()));
        #[allow(clippy::cast_precision_loss)] // item counts are far below 2^52
        let p = (self.next + late) as f64 / (self.total(index) + extra).max(1) as f64;
        p
    }

    /// Score up to `n` more items: first every item (or the pool), putting off those that
    /// cannot score well, then those put off, unless the best found rule them out.
    pub fn step(&mut self, index: &QuickIndex, n: usize) {
        let total = self.total(index);
        if self.next < total {
            let end = self.next.saturating_add(n).min(total);
            let ids: Vec<u32> = match &self.pool {
                Some(pool) => pool[self.next..end].to_vec(),
                None => (u32::try_from(self.next).unwrap_or(u32::MAX)
                    ..u32::try_from(end).unwrap_or(u32::MAX))
                    .collect(),
            };
            let first = self.first.map_or(0, |(bit, _)| bit);
            self.score(index, &ids, first);
            self.next = end;
            return;
        }
        if self.deferred.is_empty() || self.ruled_out {
            return;
        }
        let late = if let Some(late) = self.late {
            late
        } else {
            // The first pass is over: the deferred items need scoring only if one of them
            // could still enter the best `limit`.
            let bound = self.first.map_or(u32::MAX, |(_, bound)| bound);
            if self.nth_best(index).is_some_and(|s| s > bound) {
                self.ruled_out = true;
                return;
            }
            0
        };
        let end = late.saturating_add(n).min(self.deferred.len());
        let ids = self.deferred[late..end].to_vec();
        self.score(index, &ids, 0);
        self.late = Some(end);
    }

    /// Score `ids` in parallel, putting off those whose start mask (see [`char_masks`])
    /// lacks `first`. One chunk and one matcher per thread: a matcher owns a large scratch
    /// buffer, and making one per item (or per rayon job) costs more than the matching.
    fn score(&mut self, index: &QuickIndex, ids: &[u32], first: u64) {
        // Per thread: (score, item) of the items scored, and the items put off.
        type Found = (Vec<(u32, u32)>, Vec<u32>);
        let (pattern, mask) = (&self.pattern, self.mask);
        let threads = rayon::current_num_threads().max(1);
        if self.matchers.len() < threads {
            self.matchers
                .resize_with(threads, || Matcher::new(Config::DEFAULT));
        }
        let chunk = ids.len().div_ceil(threads).max(1024);
        let found: Vec<Found> = ids
            .par_chunks(chunk)
            .zip(self.matchers.par_iter_mut())
            .map(|(part, matcher)| {
                let mut scored = Vec::new();
                let mut deferred = Vec::new();
                for &i in part {
                    let at = i as usize;
                    if index.masks[at] & mask != mask {
                        continue;
                    }
                    if index.starts[at] & first != first {
                        deferred.push(i);
                    } else if let Some(s) = pattern.score(index.items[at].2.slice(..), matcher) {
                        scored.push((s, i));
                    }
                }
                (scored, deferred)
            })
            .collect();
        for (scored, deferred) in found {
            self.scored.extend(scored);
            self.deferred.extend(deferred);
        }
    }

    /// The score of the `limit`-th best note or topic so far, if there are that many.
    fn nth_best(&self, index: &QuickIndex) -> Option<u32> {
        self.best(index, self.limit)
            .get(self.limit - 1)
            .map(|&(score, _)| score)
    }

    /// The best `n` notes or topics so far, as (score, item), best first, one item each.
    /// Several items stand for one note (title, alias, path), so a margin of the best is
    /// ranked first, and everything only when that margin holds too few notes.
    fn best(&self, index: &QuickIndex, n: usize) -> Vec<(u32, u32)> {
        let by_rank = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1));
        let mut scored = self.scored.clone();
        let margin = n.saturating_mul(4);
        let mut out = Vec::new();
        for take in [margin.min(scored.len()), scored.len()] {
            if take < scored.len() {
                scored.select_nth_unstable_by(take.saturating_sub(1), by_rank);
            }
            let mut ranked = scored[..take].to_vec();
            ranked.sort_unstable_by(by_rank);
            let mut seen = std::collections::HashSet::new();
            out = ranked
                .into_iter()
                .filter(|&(_, i)| seen.insert(index.items[i as usize].0))
                .take(n)
                .collect();
            if out.len() >= n || take == scored.len() {
                break;
            }
        }
        out
    }

    /// The indices of every item matched so far, to narrow a longer query. Deferred items
    /// that were ruled out are kept: a longer query may still match them.
    pub fn matched(&self) -> Vec<u32> {
        let ruled_out = if self.ruled_out {
            &self.deferred[..]
        } else {
            &[]
        };
        let mut m: Vec<u32> = self.scored.iter().map(|&(_, i)| i).collect();
        m.extend_from_slice(ruled_out);
        m.sort_unstable();
        m
    }

    /// The best `limit` matches so far, one per note or topic.
    pub fn hits(&self, index: &QuickIndex, limit: usize) -> Vec<QuickHit> {
        let mut matcher = Matcher::new(Config::DEFAULT);
        self.best(index, limit)
            .into_iter()
            .map(|(score, i)| {
                let (candidate, kind, text) = &index.items[i as usize];
                let mut indices = Vec::new();
                self.pattern
                    .indices(text.slice(..), &mut matcher, &mut indices);
                indices.sort_unstable();
                indices.dedup();
                QuickHit {
                    candidate: *candidate,
                    text: text.to_string(),
                    kind,
                    score,
                    indices,
                }
            })
            .collect()
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
