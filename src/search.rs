//! Full-text search over the graph, with a small query language. Pure: the graph in, hits
//! out. The reader and the CLI share it. Fuzzy quick open over names is [`quick_open`]; the
//! fast literal counting that full-text matching uses is [`literal`].
//!
//! Full-text queries:
//!
//! | written | means |
//! |---|---|
//! | `word` | the note contains `word`; case-insensitive unless the query has a capital |
//! | `"a phrase"` | the note contains the phrase exactly as written |
//! | `/regex/` | the note matches the regular expression (regex crate syntax) |
//! | `-word`, `-"phrase"`, `-/re/` | the note does not |
//! | `a OR b` | the note contains `a` or `b` (binds tighter than the spaces between terms) |
//! | `tag:x` | the note has tag `x` (or `x/...`) |
//! | `path:x` | the path has the component `x` (a folder or file name, any case); `path:x/` a folder `x`; `path:a/b` the two in a row |
//! | `title:x` | the title contains `x` (any case) |
//!
//! Every term must hold (AND), but for terms joined by `OR`. Notes are matched on their
//! whole text: the body plus what the reader leaves out (front matter, kramdown attributes,
//! block ids), so a plain word finds the same files `rg -i -l -F` does. `docs/search.md`
//! is the user's page for this language.

pub mod literal;
pub mod quick_open;

use crate::graph::{Graph, Note, NoteId};
use crate::search::literal::Literal;
use crate::text::{clean_line, str_width};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use std::ops::Range;

/// A parsed full-text query.
#[derive(Debug, Clone)]
pub struct Query {
    /// Terms that must match.
    include: Vec<Term>,
    /// Terms that must not match.
    exclude: Vec<Term>,
    pub filters: Vec<Filter>,
    /// How many notes each included term occurs in, counted as the query runs.
    presence: Presence,
}

/// For each included term of a query, how many of the notes searched hold it: the document
/// frequency that weighs a rare term above a common one. Shared by a query's clones, which
/// search in slices and on threads.
#[derive(Debug, Clone, Default)]
struct Presence(std::sync::Arc<Vec<std::sync::atomic::AtomicU32>>);

impl Presence {
    fn new(terms: usize) -> Presence {
        Presence(std::sync::Arc::new(
            (0..terms)
                .map(|_| std::sync::atomic::AtomicU32::new(0))
                .collect(),
        ))
    }

    fn add(&self, term: usize) {
        if let Some(c) = self.0.get(term) {
            c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn counts(&self) -> Vec<u32> {
        self.0
            .iter()
            .map(|c| c.load(std::sync::atomic::Ordering::Relaxed))
            .collect()
    }

    fn reset(&self) {
        for c in self.0.iter() {
            c.store(0, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// One word, phrase or regex of a query: always a regex, which is exact and finds the
/// ranges to highlight, and for a literal also the fast way to count it.
#[derive(Debug, Clone)]
struct Term {
    re: Regex,
    literal: Option<Literal>,
    /// Included terms of one group are alternatives (`a OR b`): a note must match some
    /// term of every group.
    group: usize,
}

impl Term {
    fn regex(re: Regex) -> Term {
        Term {
            re,
            literal: None,
            group: 0,
        }
    }

    /// A literal word or phrase, matched case-insensitively when `fold`.
    fn literal(text: &str, fold: bool) -> Result<Term, QueryError> {
        Ok(Term {
            group: 0,
            re: compile(&regex::escape(text), fold)?,
            literal: if fold {
                Literal::fold(text)
            } else {
                Some(Literal::exact(text))
            },
        })
    }

    /// The fast literal, when it counts exactly as the regex would in a text with (or
    /// without) fold traps.
    fn fast(&self, traps: bool) -> Option<&Literal> {
        self.literal.as_ref().filter(|l| !(traps && l.folds()))
    }

    /// Call `f` with the start of every match in `text`, in order.
    fn each(&self, text: &str, traps: bool, mut f: impl FnMut(usize)) {
        match self.fast(traps) {
            Some(l) => l.each(text.as_bytes(), |at| {
                f(at);
                true
            }),
            None => self
                .re
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .for_each(|m| f(m.start())),
        }
    }

    fn is_match(&self, text: &str, traps: bool) -> bool {
        match self.fast(traps) {
            Some(l) => l.is_match(text.as_bytes()),
            None => self.re.is_match(text),
        }
    }

    /// For short texts (a title, a heading), where looking for traps costs nothing; both
    /// traps are outside ASCII, which most titles are.
    fn is_match_short(&self, text: &str) -> bool {
        self.is_match(
            text,
            !text.is_ascii() && crate::text::has_fold_traps(text.as_bytes()),
        )
    }
}

/// A condition on a note's metadata rather than its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Tag { tag: String, negate: bool },
    Path { part: String, negate: bool },
    Title { part: String, negate: bool },
}

/// Why a query could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A `/regex/` the regex crate rejects.
    #[error("invalid regex /{pattern}/: {message}")]
    Regex { pattern: String, message: String },
    /// A `"phrase` or `/regex` with no closing mark.
    #[error("unclosed {0}")]
    Unclosed(&'static str),
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("query too long: at most {MAX_QUERY_CHARS} characters")]
    TooLong,
}

/// The longest query taken, in characters. Each word of a query is compiled on every
/// keystroke; a pasted page of text would otherwise cost seconds a key.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Cap on a compiled regex, so a hostile pattern costs an error, not the machine.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Regexes compiled for recent queries, by pattern and case: typing a query re-parses it on
/// every key, and every word but the one being typed was compiled a key ago. A regex is
/// shared, not copied, so a hit costs a lookup. Cleared whole when it grows past
/// [`COMPILED_KEPT`], so it stays small whatever is typed.
static COMPILED: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<(String, bool), Regex>>,
> = std::sync::LazyLock::new(Default::default);

/// The most compiled regexes kept for reuse.
const COMPILED_KEPT: usize = 512;

fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, QueryError> {
    let key = (pattern.to_string(), case_insensitive);
    let mut kept = COMPILED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(re) = kept.get(&key) {
        return Ok(re.clone());
    }
    let re = compile_new(pattern, case_insensitive)?;
    if kept.len() >= COMPILED_KEPT {
        kept.clear();
    }
    kept.insert(key, re.clone());
    Ok(re)
}

fn compile_new(pattern: &str, case_insensitive: bool) -> Result<Regex, QueryError> {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let message = e.to_string();
            let message = message
                .lines()
                .last()
                .unwrap_or(&message)
                .trim()
                .trim_start_matches("error: ")
                .to_string();
            QueryError::Regex {
                pattern: pattern.to_string(),
                message,
            }
        })
}

/// Does `path:part` match this note's path? Whole `/`-separated components, in any case:
/// `path:en/` is a folder named `en` (not `Bewerken en vormgeven/`), `path:garden` a folder
/// or a file named `garden`, `path:team/people` those two components one after the other.
fn path_matches(path: &str, part: &str) -> bool {
    let path = crate::text::strip_md_ext(path).to_lowercase();
    let have: Vec<&str> = path.split('/').collect();
    let want: Vec<&str> = part.split('/').filter(|c| !c.is_empty()).collect();
    if want.is_empty() {
        return true;
    }
    // A trailing `/` names folders only: the run must end before the file name.
    let room = if part.ends_with('/') {
        have.len().saturating_sub(1)
    } else {
        have.len()
    };
    have[..room]
        .windows(want.len())
        .any(|w| w == want.as_slice())
}

/// How a piece of a query was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Word,
    Phrase,
    Regex,
}

/// One piece of a query as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    /// Written with a leading `-`: the note must not match.
    negate: bool,
    kind: TokenKind,
    text: String,
}

/// Split a query into its pieces: words, `"phrases"`, `/regexes/`, each possibly `-`negated.
fn tokens(q: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negate = c == '-' && chars.clone().nth(1).is_some_and(|n| !n.is_whitespace());
        if negate {
            chars.next();
        }
        if let Some(mark @ ('"' | '/')) = chars.peek().copied() {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '\\' && mark == '/' && chars.peek() == Some(&'/') {
                    s.push('/');
                    chars.next();
                } else if c == mark {
                    closed = true;
                    break;
                } else {
                    s.push(c);
                }
            }
            if !closed {
                return Err(QueryError::Unclosed(if mark == '"' {
                    "quote"
                } else {
                    "regex: add a closing /"
                }));
            }
            out.push(Token {
                negate,
                kind: if mark == '"' {
                    TokenKind::Phrase
                } else {
                    TokenKind::Regex
                },
                text: s,
            });
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(Token {
                negate,
                kind: TokenKind::Word,
                text: s,
            });
        }
    }
    Ok(out)
}

impl Query {
    /// Parse a query in the language above.
    pub fn parse(q: &str) -> Result<Query, QueryError> {
        if q.chars().nth(MAX_QUERY_CHARS).is_some() {
            return Err(QueryError::TooLong);
        }
        let tokens = tokens(q)?;
        // Smart case: a capital anywhere in the plain words makes them case-sensitive.
        let smart_sensitive = tokens.iter().any(|t| {
            t.kind == TokenKind::Word
                && t.text != "OR"
                && !t.text.contains(':')
                && t.text.chars().any(char::is_uppercase)
        });
        // `a OR b`: the term after OR joins the group of the one before.
        let mut join_next = false;
        let mut query = Query {
            include: Vec::new(),
            exclude: Vec::new(),
            filters: Vec::new(),
            presence: Presence::default(),
        };
        for Token { negate, kind, text } in tokens {
            if text.is_empty() {
                continue;
            }
            if kind == TokenKind::Word && !negate && text == "OR" && !query.include.is_empty() {
                join_next = true;
                continue;
            }
            if kind == TokenKind::Word
                && let Some((key, value)) = text.split_once(':')
            {
                let value = value.to_lowercase();
                let filter = match key.to_lowercase().as_str() {
                    "tag" => Some(Filter::Tag {
                        tag: value.trim_start_matches('#').to_string(),
                        negate,
                    }),
                    "path" => Some(Filter::Path {
                        part: value,
                        negate,
                    }),
                    "title" => Some(Filter::Title {
                        part: value,
                        negate,
                    }),
                    _ => None,
                };
                if let Some(f) = filter {
                    query.filters.push(f);
                    continue;
                }
            }
            let mut term = match kind {
                TokenKind::Regex => Term::regex(compile(&text, false)?),
                TokenKind::Phrase => Term::literal(&text, false)?,
                TokenKind::Word => Term::literal(&text, !smart_sensitive)?,
            };
            if negate {
                query.exclude.push(term);
            } else {
                let last = query.include.last().map(|t| t.group);
                term.group = match (last, std::mem::take(&mut join_next)) {
                    (Some(g), true) => g,
                    (Some(g), false) => g + 1,
                    (None, _) => 0,
                };
                query.include.push(term);
            }
        }
        query.presence = Presence::new(query.include.len());
        Ok(query)
    }

    /// The whole query as one regular expression (`--regex` on the command line).
    pub fn regex(pattern: &str) -> Result<Query, QueryError> {
        Ok(Query {
            include: vec![Term::regex(compile(pattern, false)?)],
            exclude: Vec::new(),
            filters: Vec::new(),
            presence: Presence::new(1),
        })
    }

    fn filters_pass(&self, note: &Note) -> bool {
        self.filters.iter().all(|f| match f {
            Filter::Tag { tag, negate } => {
                let has = note.tags.iter().any(|t| {
                    let t = t.to_lowercase();
                    t == *tag
                        || t.strip_prefix(tag.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                });
                has != *negate
            }
            Filter::Path { part, negate } => path_matches(&note.path, part) != *negate,
            Filter::Title { part, negate } => {
                note.title.to_lowercase().contains(part.as_str()) != *negate
            }
        })
    }

    /// All match ranges of the included terms in `text`, sorted.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut r: Vec<Range<usize>> = self
            .include
            .iter()
            .flat_map(|term| {
                term.re
                    .find_iter(text)
                    .map(|m| m.range())
                    .filter(|m| !m.is_empty())
            })
            .collect();
        r.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        r
    }
}

/// One note that matches a full-text query: what ranking needs. Where it matched, for
/// display, is worked out only for the hits shown ([`excerpt`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub note: NoteId,
    /// How many times the included terms occur in the note.
    pub matches: usize,
    /// A term matched the title: ranked first.
    pub in_title: bool,
    /// A term matched a heading.
    pub in_heading: bool,
    /// For each included term: matches in the text, how many of them in headings, and
    /// whether it matched the title.
    pub terms: Vec<TermCount>,
    /// The length of the note's text in bytes.
    pub len: usize,
    /// Relevance (BM25F), set by [`sort`].
    pub score: f64,
}

/// How often one term of a query occurs in one note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TermCount {
    pub text: u32,
    pub headings: u32,
    pub title: bool,
}

/// BM25's saturation: how quickly more matches stop adding.
const K1: f64 = 1.2;
/// BM25's length normalisation: how much a long note's matches are discounted.
const B: f64 = 0.75;
/// A match in a heading counts this many times a match in the text (BM25F's field weight).
const HEADING_WEIGHT: f64 = 3.0;
/// A match in the title counts this many times.
const TITLE_WEIGHT: f64 = 5.0;

impl Hit {
    /// BM25F over title, headings and text: for each term, its weighted count saturated
    /// and normalised by the note's length against the vault's mean, times how rare the
    /// term is among the notes (`df` of `n`).
    fn bm25(&self, df: &[u32], n: f64, mean_len: f64) -> f64 {
        // Note lengths are far below 2^52 bytes.
        #[allow(clippy::cast_precision_loss)]
        let norm = 1.0 - B + B * (self.len as f64 / mean_len.max(1.0));
        self.terms
            .iter()
            .zip(df)
            .map(|(t, &df)| {
                let tf = f64::from(t.text)
                    + (HEADING_WEIGHT - 1.0) * f64::from(t.headings)
                    + if t.title { TITLE_WEIGHT } else { 0.0 };
                if tf == 0.0 {
                    return 0.0;
                }
                let df = f64::from(df);
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                idf * tf * (K1 + 1.0) / (tf + K1 * norm)
            })
            .sum()
    }
}

/// Where a hit matched, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The 1-based file line of the snippet.
    pub line: usize,
    /// The best line, cleaned for display and cut around its first match.
    pub snippet: String,
    /// Byte ranges of the matches within `snippet`.
    pub highlights: Vec<Range<usize>>,
}

/// How wide a snippet may be, in columns.
const SNIPPET_WIDTH: usize = 160;

/// Match one note against a query.
pub fn match_note(graph: &Graph, query: &Query, note: &Note) -> Option<Hit> {
    if !query.filters_pass(note) {
        return None;
    }
    let traps = note.fold_traps;
    let in_text = |t: &Term| t.is_match(&note.search_text, traps);
    if query.exclude.iter().any(in_text) {
        return None;
    }
    // A match counts as a heading match when it starts on a heading's line: found while
    // counting, so the headings are not searched again.
    let body = note.body.as_str();
    let headings = graph.heading_spans(note.id);
    let mut matches = 0;
    let groups = query.include.last().map_or(0, |t| t.group + 1);
    let mut met = vec![false; groups];
    let mut terms = vec![TermCount::default(); query.include.len()];
    for (i, term) in query.include.iter().enumerate() {
        // One pass over the body and the hidden pieces after it.
        let mut n = 0u32;
        let mut in_headings = 0u32;
        let mut h = 0;
        term.each(&note.search_text, traps, |at| {
            n += 1;
            if at >= body.len() {
                return;
            }
            while let Some(&(start, end)) = headings.get(h) {
                if end as usize > at {
                    in_headings += u32::from(start as usize <= at);
                    break;
                }
                h += 1;
            }
        });
        terms[i] = TermCount {
            text: n,
            headings: in_headings,
            title: false,
        };
        // Every term is counted, found or not, so that each learns how many notes hold it.
        if n == 0 {
            continue;
        }
        query.presence.add(i);
        met[term.group] = true;
        matches += n as usize;
    }
    if met.contains(&false) {
        return None;
    }
    for (count, term) in terms.iter_mut().zip(&query.include) {
        count.title = term.is_match_short(&note.title);
    }
    Some(Hit {
        note: note.id,
        matches,
        in_title: terms.iter().any(|t| t.title),
        in_heading: terms.iter().any(|t| t.headings > 0),
        terms,
        len: note.body.len(),
        score: 0.0,
    })
}

/// Where `query` matched in `note`: the body line with the most matches, else the first
/// match in the text the body leaves out, else (a query of filters only) the first line.
pub fn excerpt(query: &Query, note: &Note) -> Excerpt {
    let mut starts: Vec<usize> = query
        .include
        .iter()
        .flat_map(|t| t.re.find_iter(&note.body).map(|m| m.start()))
        .collect();
    starts.sort_unstable();
    let body = &note.body;
    let mut best: Option<(usize, usize, usize)> = None; // (matches on the line, start, end)
    let mut i = 0;
    while i < starts.len() {
        let at = starts[i];
        let start = body[..at].rfind('\n').map_or(0, |p| p + 1);
        let end = body[at..].find('\n').map_or(body.len(), |p| at + p);
        // A match that starts at the line's newline (an empty match at its end) is on
        // this line; and every line holds at least the match it was found from, so the
        // walk always moves on, even over empty matches.
        let count = starts[i..].iter().take_while(|&&s| s <= end).count().max(1);
        if best.is_none_or(|(c, _, _)| count > c) {
            best = Some((count, start, end));
        }
        i += count;
    }
    let (line, text) = if let Some((_, s, e)) = best {
        (note.file_line(newlines(&body.as_bytes()[..s])), &body[s..e])
    } else {
        let hidden = note
            .hidden
            .iter()
            .find(|h| query.include.iter().any(|t| t.re.is_match(&h.text)));
        match hidden {
            Some(h) => {
                let at = query
                    .include
                    .iter()
                    .filter_map(|t| t.re.find(&h.text))
                    .map(|m| m.start())
                    .min()
                    .unwrap_or(0);
                let s = h.text[..at].rfind('\n').map_or(0, |p| p + 1);
                let e = h.text[at..].find('\n').map_or(h.text.len(), |p| at + p);
                (h.line + newlines(&h.text.as_bytes()[..s]), &h.text[s..e])
            }
            None => (
                note.body_line + 1,
                note.body
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or(""),
            ),
        }
    };
    let (snippet, highlights) = snippet(query, text);
    Excerpt {
        line,
        snippet,
        highlights,
    }
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// A line cut to [`SNIPPET_WIDTH`] columns around its first match, cleaned, with the
/// matches' ranges found again in the cleaned text.
fn snippet(query: &Query, line: &str) -> (String, Vec<Range<usize>>) {
    let line = line.trim();
    let first = query.ranges(line).first().map_or(0, |r| r.start);
    // Start a little before the first match, on a character boundary.
    let mut start = first.saturating_sub(40);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        start = line[..start].rfind(' ').map_or(start, |p| p + 1);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut width = 0;
    let mut cut = false;
    for c in clean_line(&line[start..]).chars() {
        let w = str_width(c.encode_utf8(&mut [0; 4]));
        if width + w > SNIPPET_WIDTH {
            cut = true;
            break;
        }
        out.push(c);
        width += w;
    }
    if cut {
        out.push('…');
    }
    let highlights = query.ranges(&out);
    (out, highlights)
}

/// Run a query over every note, best first.
pub fn search(graph: &Graph, query: &Query) -> Vec<Hit> {
    query.presence.reset();
    let mut hits: Vec<Hit> = graph
        .notes()
        .par_iter()
        .filter_map(|n| match_note(graph, query, n))
        .collect();
    sort(graph, query, &mut hits);
    hits
}

/// Order `query`'s hits best first: notes whose title holds a term, then by relevance
/// (BM25F over title, headings and text, [`Hit::bm25`]), then by path.
pub fn sort(graph: &Graph, query: &Query, hits: &mut [Hit]) {
    // How many notes hold each term: as counted by the search, and at least as many as
    // the hits that hold it (a title match is not counted by the search).
    let mut df = query.presence.counts();
    df.resize(query.include.len(), 0);
    let mut in_hits = vec![0u32; df.len()];
    for hit in hits.iter() {
        for (d, t) in in_hits.iter_mut().zip(&hit.terms) {
            *d += u32::from(t.text > 0 || t.title);
        }
    }
    for (d, h) in df.iter_mut().zip(in_hits) {
        *d = (*d).max(h);
    }
    // Note counts are far below 2^52.
    #[allow(clippy::cast_precision_loss)]
    let n = graph.notes().len() as f64;
    let mean = graph.mean_len();
    hits.par_iter_mut()
        .for_each(|h| h.score = h.bm25(&df, n, mean));
    hits.par_sort_unstable_by(|a, b| {
        (!a.in_title)
            .cmp(&!b.in_title)
            .then(b.score.total_cmp(&a.score))
            .then(a.note.cmp(&b.note))
    });
}

/// A full-text search run a slice at a time, so the reader can show partial results while
/// typing and drop the run when the query changes.
#[derive(Debug, Clone)]
pub struct Run {
    pub query: Query,
    /// The next note to look at.
    pub next: usize,
    pub hits: Vec<Hit>,
}

impl Run {
    pub fn new(query: Query) -> Run {
        query.presence.reset();
        Run {
            query,
            next: 0,
            hits: Vec::new(),
        }
    }

    pub fn done(&self, graph: &Graph) -> bool {
        self.next >= graph.notes().len()
    }

    /// Look at up to `n` more notes (in parallel) and merge their hits in rank order.
    pub fn step(&mut self, graph: &Graph, n: usize) {
        let notes = graph.notes();
        let end = (self.next + n).min(notes.len());
        let mut found: Vec<Hit> = notes[self.next..end]
            .par_iter()
            .filter_map(|note| match_note(graph, &self.query, note))
            .collect();
        self.next = end;
        if !found.is_empty() {
            self.hits.append(&mut found);
            sort(graph, &self.query, &mut self.hits);
        }
    }
}

/// A note that names another in plain text without linking it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub note: NoteId,
    /// The 1-based file line.
    pub line: usize,
    /// Where the name stands in the note's body, in bytes.
    pub offset: usize,
    /// The line around the mention, cleaned for display.
    pub context: String,
}

/// Unlinked mentions of `target`: places in other notes where its title, file name or an
/// alias stands as whole words (any case) outside code and outside links. Notes are first
/// narrowed with the fast literal search; only those that hold a name are read closely.
pub fn mentions(graph: &Graph, target: NoteId) -> Vec<Mention> {
    let mut run = MentionRun::of_note(graph, target);
    run.step(graph, graph.notes().len());
    run.found
}

/// Unlinked mentions found a slice of notes at a time, so that the reader can show them as
/// they come and stay answering keys on a large vault.
#[derive(Debug, Clone)]
pub struct MentionRun {
    /// The note whose names are looked for (it is not searched itself); none for a topic.
    target: Option<NoteId>,
    re: Option<regex::Regex>,
    next: usize,
    pub found: Vec<Mention>,
}

impl MentionRun {
    /// Mentions of a note: its title, file name and aliases.
    pub fn of_note(graph: &Graph, target: NoteId) -> MentionRun {
        let t = graph.note(target);
        let names: Vec<String> = std::iter::once(t.title.to_string())
            .chain(std::iter::once(t.name.clone()))
            .chain(t.aliases.iter().cloned())
            .collect();
        MentionRun::of_names(names, Some(target))
    }

    /// Mentions of any of `names` (a topic's name), in every note but `target`.
    pub fn of_names(names: Vec<String>, target: Option<NoteId>) -> MentionRun {
        let mut names: Vec<String> = names
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| n.chars().count() >= 2)
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup_by_key(|n| n.to_lowercase());
        let pattern = names
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let re = (!names.is_empty())
            .then(|| {
                RegexBuilder::new(&format!(r"\b(?:{pattern})\b"))
                    .case_insensitive(true)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .flatten();
        MentionRun {
            target,
            re,
            next: 0,
            found: Vec::new(),
        }
    }

    pub fn done(&self, graph: &Graph) -> bool {
        self.re.is_none() || self.next >= graph.notes().len()
    }

    /// Look at up to `n` more notes (on every core).
    pub fn step(&mut self, graph: &Graph, n: usize) {
        let Some(re) = &self.re else { return };
        let notes = graph.notes();
        let end = (self.next + n).min(notes.len());
        let target = self.target;
        let mut found: Vec<Mention> = notes[self.next..end]
            .par_iter()
            .filter(|n| Some(n.id) != target && re.is_match(&n.body))
            .flat_map_iter(|n| {
                let quiet = quiet_ranges(n);
                let body = n.body.as_str();
                re.find_iter(body)
                    .filter(|m| !quiet.iter().any(|r| r.start < m.end() && m.start() < r.end))
                    .map(|m| Mention {
                        note: n.id,
                        line: n.file_line(newlines(&body.as_bytes()[..m.start()])),
                        offset: m.start(),
                        context: clean_line(crate::graph::line_around(body, m.start()).trim())
                            .into_owned(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        found.dedup_by(|a, b| a.note == b.note && a.line == b.line);
        self.next = end;
        self.found.append(&mut found);
    }
}

/// The parts of a note's body where a name is not a mention: links, and code (spans and
/// blocks), as the markdown parser reads them.
fn quiet_ranges(note: &Note) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut quiet: Vec<Range<usize>> = note.links.iter().map(|l| l.raw.range.clone()).collect();
    for (event, range) in
        Parser::new_ext(&note.body, crate::parse::markdown_options()).into_offset_iter()
    {
        match event {
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                quiet.push(range);
            }
            _ => {}
        }
    }
    quiet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(q: &str) -> (Vec<String>, Vec<String>, Vec<Filter>) {
        let q = Query::parse(q).unwrap();
        (
            q.include
                .iter()
                .map(|r| r.re.as_str().to_string())
                .collect(),
            q.exclude
                .iter()
                .map(|r| r.re.as_str().to_string())
                .collect(),
            q.filters,
        )
    }

    macro_rules! query_cases {
        ($($name:ident: $q:expr => $inc:expr, $exc:expr, $filters:expr;)*) => {$(
            #[test]
            fn $name() {
                let (inc, exc, filters) = parsed($q);
                let want_inc: Vec<&str> = $inc;
                let want_exc: Vec<&str> = $exc;
                assert_eq!(inc, want_inc);
                assert_eq!(exc, want_exc);
                assert_eq!(filters, $filters);
            }
        )*};
    }

    query_cases! {
        words_are_escaped_literals: "trust c++" => vec!["trust", r"c\+\+"], vec![], vec![];
        phrase_keeps_spaces: "\"quiet meeting\" x" => vec!["quiet meeting", "x"], vec![], vec![];
        regex_between_slashes: "/tru?st/" => vec!["tru?st"], vec![], vec![];
        regex_may_hold_escaped_slash: r"/a\/b/" => vec!["a/b"], vec![], vec![];
        minus_excludes: "trust -team -\"big deal\"" => vec!["trust"], vec!["team", "big deal"], vec![];
        lone_minus_is_a_word: "a - b" => vec!["a", r"\-", "b"], vec![], vec![];
        filters: "tag:#Practice path:garden title:One -tag:x" => vec![], vec![], vec![
            Filter::Tag { tag: "practice".into(), negate: false },
            Filter::Path { part: "garden".into(), negate: false },
            Filter::Title { part: "one".into(), negate: false },
            Filter::Tag { tag: "x".into(), negate: true }];
        unknown_key_is_a_word: "http://x" => vec![r"http://x"], vec![], vec![];
    }

    #[test]
    fn path_filters_match_whole_components() {
        for (path, part, want) in [
            ("en/Start.md", "en/", true),
            ("Bewerken en vormgeven/Start.md", "en/", false),
            ("docs/en/guide/Start.md", "en/", true),
            ("garden/Why.md", "garden", true),
            ("gardening/Why.md", "garden", false),
            ("team/people/Ann.md", "team/people", true),
            ("team/people/Ann.md", "people/ann", true),
            ("team/people/Ann.md", "ann/", false),
            ("Notes/EN/x.md", "en/", true),
        ] {
            assert_eq!(path_matches(path, part), want, "{path} ~ path:{part}");
        }
    }

    #[test]
    fn smart_case() {
        let lower = Query::parse("trust").unwrap();
        assert!(lower.include[0].is_match("TRUST", false));
        let upper = Query::parse("Trust").unwrap();
        assert!(!upper.include[0].is_match("trust", false));
        assert!(upper.include[0].is_match("Trust", false));
        let phrase = Query::parse("\"trust me\"").unwrap();
        assert!(!phrase.include[0].is_match("Trust me", false));
    }

    #[test]
    fn invalid_regex_is_an_error_not_a_panic() {
        let err = Query::parse("/a(/").unwrap_err();
        assert!(matches!(err, QueryError::Regex { .. }), "{err}");
        assert!(err.to_string().starts_with("invalid regex /a(/:"), "{err}");
        assert_eq!(
            Query::parse("\"open").unwrap_err(),
            QueryError::Unclosed("quote")
        );
    }

    #[test]
    fn snippet_is_cut_and_highlighted() {
        let q = Query::parse("needle").unwrap();
        let line = format!("{} needle {}", "hay ".repeat(30), "stack ".repeat(40));
        let (s, h) = snippet(&q, &line);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(&s[h[0].clone()], "needle");
    }
}
