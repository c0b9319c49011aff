//! The command line: clap definitions and the commands that answer from the graph without the
//! TUI. Every line printed passes through [`crate::text::clean_line`], so a note cannot put an
//! escape sequence on the user's terminal through trail's output.

use crate::graph::{Graph, LinkRef, Lookup, NoteId, Status, Target};
use crate::text::clean_line;
use crate::vault::{self, Vault};
use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// trail: read and wander a folder of linked markdown notes.
#[derive(Debug, Parser)]
#[command(name = "trail", version, about, long_about = None)]
pub struct Cli {
    /// The notes folder to open in the reader (same as --vault).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The notes folder, for the reader and every subcommand [default: the current folder]
    #[arg(long, global = true, env = "TRAIL_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Colours of the reader [default: the config's theme, else auto]
    #[arg(long, value_enum, value_name = "THEME")]
    pub theme: Option<crate::theme::ThemeName>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The vault folder: DIR, else `--vault`, else `$TRAIL_VAULT`, else the config's `vault`,
    /// else the current folder.
    pub fn vault_dir(&self, config: &crate::config::Config) -> PathBuf {
        self.dir
            .clone()
            .or_else(|| self.vault.clone())
            .or_else(|| config.vault_dir())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// The reader's settings: the config's, with `--theme` over its theme, and the colours
    /// `auto` picks decided from this process's environment.
    pub fn settings(&self, loaded: &crate::config::Loaded) -> crate::app::Settings {
        let c = &loaded.config;
        let name = self.theme.unwrap_or(c.theme);
        crate::app::Settings {
            theme: crate::theme::Theme::named(name, &|k| std::env::var(k).ok()),
            keys: loaded.keymap(),
            wrap: c.wrap,
            fields: c.fields.clone(),
            walk: c.walk(),
        }
    }
}

#[derive(Debug, Args, Clone, Copy)]
pub struct JsonArg {
    /// Print a JSON array instead of lines of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List notes: path, title, outgoing links, backlinks (tab-separated).
    List {
        #[command(flatten)]
        json: JsonArg,
        /// Order of the list.
        #[arg(long, value_enum, default_value_t = Sort::Path)]
        sort: Sort,
    },
    /// Print a note as readable text.
    Show {
        /// A note's name, alias, path or title.
        note: String,
        /// Wrap at this many columns.
        #[arg(long, default_value_t = 80)]
        width: u16,
    },
    /// Open a note in $VISUAL / $EDITOR (else vi), as `show` finds it.
    Edit {
        /// A note's name, alias, path or title.
        note: String,
    },
    /// A note's outgoing links, with the status of each.
    Links {
        note: String,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Notes linking to a note or topic, with the line around each link.
    Backlinks {
        /// A note (name, alias, path or title) or a topic.
        note: String,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Link targets with no note of their own, most referenced first.
    Topics {
        #[command(flatten)]
        json: JsonArg,
    },
    /// Tags with the number of notes carrying each.
    Tags {
        #[command(flatten)]
        json: JsonArg,
        /// List the notes carrying this tag (or a tag below it, `a/b` under `a`).
        #[arg(long, value_name = "TAG")]
        notes: Option<String>,
    },
    /// Unlinked mentions: where other notes name a note (its title, file name or an alias,
    /// as whole words, outside code and links) without linking it.
    Mentions {
        /// A note's name, alias, path or title.
        note: String,
        #[command(flatten)]
        json: JsonArg,
    },
    /// A note's headings as an outline: level, file line and text.
    Outline {
        /// A note's name, alias, path or title.
        note: String,
        #[command(flatten)]
        json: JsonArg,
    },
    /// Report ambiguous links, broken headings and blocks, and links to missing notes
    /// (`path:line: message`); exit 1 when there are any.
    Check {
        /// Also report topics and missing attachments.
        #[arg(long)]
        strict: bool,
    },
    /// Counts over the vault.
    Stats {
        #[command(flatten)]
        json: JsonArg,
    },
    /// Search the text of every note: words (smart case), "phrases", /regex/, -word to
    /// exclude, tag:x, path:x, title:x. Prints `path:line: snippet`, best first. Quote a
    /// query with exclusions: trail search 'trust -team'.
    Search {
        /// The query (several words are joined with spaces).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[command(flatten)]
        json: JsonArg,
        /// Treat the whole query as one regular expression.
        #[arg(long)]
        regex: bool,
        /// Print at most this many notes.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Stop after this many seconds and print what was found so far (a slow regex over a
        /// large vault); standard error says the results are partial.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
    },
    /// Print a completion script for a shell: `trail completions bash > ~/.local/share/bash-completion/completions/trail`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `trail man > ~/.local/share/man/man1/trail.1`.
    Man,
    /// Print where the config file is read from, any problem with it, and every setting at
    /// its default, commented, ready to copy.
    Config,
    /// Print the reader's keys in force (the defaults with the config's bindings), as a
    /// markdown table.
    Keys,
    /// The link graph for other tools.
    Graph {
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Include topics as nodes.
        #[arg(long)]
        topics: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Sort {
    Path,
    Title,
    /// Most linked-to first.
    Backlinks,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
}

/// What a command found, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// `check` found problems.
    Problems,
}

/// Find the note a user named, or explain why not.
pub fn find_note(graph: &Graph, query: &str) -> anyhow::Result<NoteId> {
    match graph.find(query) {
        Lookup::Note(id) => Ok(id),
        Lookup::Topic(id) => bail!(
            "\"{}\" is a topic, not a note ({} notes link to it; `trail backlinks` lists them)",
            clean_line(query),
            graph.topic(id).refs.len()
        ),
        Lookup::Ambiguous(ids) => {
            let paths: Vec<_> = ids
                .iter()
                .map(|id| clean_line(&graph.note(*id).path).into_owned())
                .collect();
            bail!(
                "\"{}\" matches {} notes: {} (give a path)",
                clean_line(query),
                ids.len(),
                paths.join(", ")
            )
        }
        Lookup::None(close) => {
            let close: Vec<_> = close
                .iter()
                .map(|t| format!("\"{}\"", clean_line(t)))
                .collect();
            if close.is_empty() {
                bail!("no note \"{}\" (the vault is empty)", clean_line(query))
            }
            bail!(
                "no note \"{}\"; closest titles: {}",
                clean_line(query),
                close.join(", ")
            )
        }
    }
}

/// Run a subcommand on the vault at `vault`, with the settings `config` gave, writing to
/// `out`.
pub fn run(
    command: &Command,
    vault: &Path,
    config: &crate::config::Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    // These describe trail itself: no vault is read.
    match command {
        Command::Config => {
            out.write_all(crate::config::describe(config).as_bytes())?;
            return Ok(Outcome::Ok);
        }
        Command::Keys => {
            out.write_all(crate::keymap::table(&config.keymap()).as_bytes())?;
            return Ok(Outcome::Ok);
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "trail", out);
            return Ok(Outcome::Ok);
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(out)
                .context("cannot write the manual page")?;
            return Ok(Outcome::Ok);
        }
        _ => {}
    }
    let v = vault::open_with(vault, config.config.walk())?;
    let outcome = answer(command, &v, out);
    // The process ends right after; freeing a large graph piece by piece would only delay it.
    std::mem::forget(v);
    outcome
}

fn answer(command: &Command, v: &Vault, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match command {
        // Answered in `run` before any vault is read.
        Command::Completions { .. } | Command::Man | Command::Config | Command::Keys => {
            Ok(Outcome::Ok)
        }
        Command::List { json, sort, .. } => list(v, json.json, *sort, out),
        Command::Edit { note } => {
            let id = find_note(&v.graph, note)?;
            let path = v.root.join(&v.graph.note(id).path);
            crate::editor::run(&path, 1)?;
            Ok(Outcome::Ok)
        }
        Command::Show { note, width, .. } => {
            let id = find_note(&v.graph, note)?;
            // Plain text: code is not coloured.
            let look = crate::render::Look {
                line_breaks: v.line_breaks,
                plain_code: true,
                ..crate::render::Look::default()
            };
            let r = crate::render::render_with(&v.graph, v.graph.note(id), *width, look);
            out.write_all(r.plain().as_bytes())?;
            Ok(Outcome::Ok)
        }
        Command::Links { note, json, .. } => links(v, note, json.json, out),
        Command::Backlinks { note, json, .. } => backlinks(v, note, json.json, out),
        Command::Topics { json, .. } => topics(v, json.json, out),
        Command::Tags {
            json,
            notes: Some(tag),
        } => tagged(v, tag, json.json, out),
        Command::Outline { note, json } => outline(v, note, json.json, out),
        Command::Mentions { note, json } => {
            let id = find_note(&v.graph, note)?;
            let found = crate::search::mentions(&v.graph, id);
            if json.json {
                let rows: Vec<Value> = found
                    .iter()
                    .map(|m| {
                        let n = v.graph.note(m.note);
                        json!({"path": n.path, "title": n.title, "line": m.line, "context": m.context})
                    })
                    .collect();
                write_json(out, &rows)?;
            } else {
                for m in found {
                    let n = v.graph.note(m.note);
                    writeln!(out, "{}:{}: {}", clean_line(&n.path), m.line, m.context)?;
                }
            }
            Ok(Outcome::Ok)
        }
        Command::Tags { json, .. } => {
            let tags = v.graph.tags();
            if json.json {
                let rows: Vec<Value> = tags
                    .iter()
                    .map(|(t, n)| json!({"tag": t, "notes": n}))
                    .collect();
                write_json(out, &rows)?;
            } else {
                for (t, n) in tags {
                    writeln!(out, "{n}\t#{}", clean_line(&t))?;
                }
            }
            Ok(Outcome::Ok)
        }
        Command::Check { strict, .. } => check(v, *strict, out),
        Command::Stats { json, .. } => stats(v, json.json, out),
        Command::Graph { format, topics, .. } => graph(v, *format, *topics, out),
        Command::Search {
            query,
            json,
            regex,
            limit,
            timeout,
        } => {
            let request = SearchRequest {
                query: &query.join(" "),
                regex: *regex,
                limit: *limit,
                timeout: *timeout,
                as_json: json.json,
            };
            search(v, &request, out)
        }
    }
}

/// Search on a worker thread, one slice of notes at a time, for at most `secs` seconds, and
/// return every hit. When time runs out, `partial` is given the hits so far and how many
/// notes were searched, and the process ends: the match still running cannot be
/// interrupted (one regex over one large note), and waiting for it is what the timeout is
/// there to avoid.
fn search_within(
    v: &Vault,
    q: &crate::search::Query,
    secs: f64,
    partial: impl FnOnce(Vec<crate::search::Hit>, usize) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<crate::search::Hit>> {
    use rayon::prelude::*;
    let deadline = std::time::Instant::now()
        + std::time::Duration::try_from_secs_f64(secs.max(0.0)).unwrap_or(std::time::Duration::MAX);
    let graph = &v.graph;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut searched = 0;
            for chunk in graph.notes().chunks(64) {
                let found: Vec<_> = chunk
                    .par_iter()
                    .filter_map(|n| crate::search::match_note(graph, q, n))
                    .collect();
                searched += chunk.len();
                if tx.send((searched, found)).is_err() {
                    return;
                }
            }
        });
        let (mut hits, mut searched) = (Vec::new(), 0);
        while searched < graph.notes().len() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok((n, mut found)) = rx.recv_timeout(left) else {
                let code = match partial(hits, searched) {
                    Ok(()) => 0,
                    Err(e) => {
                        eprintln!("trail: {}", clean_line(&format!("{e:#}")));
                        2
                    }
                };
                std::process::exit(code);
            };
            searched = n;
            hits.append(&mut found);
        }
        crate::search::sort(&v.graph, q, &mut hits);
        Ok(hits)
    })
}

/// What `trail search` was asked.
struct SearchRequest<'a> {
    query: &'a str,
    regex: bool,
    limit: Option<usize>,
    timeout: Option<f64>,
    as_json: bool,
}

/// The notes carrying `tag` or a tag below it, in path order.
fn tagged(v: &Vault, tag: &str, as_json: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    // The tag's page in the reader lists the same notes: it or a tag nested under it.
    let notes: Vec<_> = v
        .graph
        .tag_id(tag)
        .map(|id| v.graph.tagged(id))
        .unwrap_or_default()
        .into_iter()
        .map(|id| v.graph.note(id))
        .collect();
    if as_json {
        let rows: Vec<Value> = notes
            .iter()
            .map(|n| json!({"path": n.path, "title": n.title, "tags": n.tags}))
            .collect();
        write_json(out, &rows)?;
    } else {
        for n in notes {
            writeln!(out, "{}\t{}", clean_line(&n.path), clean_line(&n.title))?;
        }
    }
    Ok(Outcome::Ok)
}

/// A note's headings, each with its level and the file line it stands on.
fn outline(v: &Vault, note: &str, as_json: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let id = find_note(&v.graph, note)?;
    let n = v.graph.note(id);
    let mut lines = crate::text::LineCounter::new(&n.body);
    let rows: Vec<(u8, usize, &str)> = n
        .headings
        .iter()
        .map(|h| {
            (
                h.level,
                n.file_line(lines.line_of(h.offset)),
                h.text.as_str(),
            )
        })
        .collect();
    if as_json {
        let rows: Vec<Value> = rows
            .iter()
            .zip(&n.headings)
            .map(|((level, line, text), h)| {
                json!({"level": level, "line": line, "text": text, "anchor": h.anchor})
            })
            .collect();
        write_json(out, &rows)?;
    } else {
        for (level, line, text) in rows {
            let indent = "  ".repeat(usize::from(level.saturating_sub(1)));
            writeln!(out, "{line}\t{indent}{}", clean_line(text))?;
        }
    }
    Ok(Outcome::Ok)
}

fn print_hits(
    v: &Vault,
    q: &crate::search::Query,
    hits: &[crate::search::Hit],
    as_json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if as_json {
        let rows: Vec<Value> = hits
            .iter()
            .map(|h| {
                let n = v.graph.note(h.note);
                let e = crate::search::excerpt(q, n);
                json!({"path": n.path, "title": n.title, "line": e.line, "matches": h.matches, "snippet": e.snippet})
            })
            .collect();
        write_json(out, &rows)?;
    } else {
        for h in hits {
            let n = v.graph.note(h.note);
            let e = crate::search::excerpt(q, n);
            writeln!(out, "{}:{}: {}", clean_line(&n.path), e.line, e.snippet)?;
        }
    }
    Ok(())
}

fn search(v: &Vault, request: &SearchRequest<'_>, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    use crate::search::Query;
    let q = if request.regex {
        Query::regex(request.query)
    } else {
        Query::parse(request.query)
    };
    let q = q.map_err(|e| anyhow::anyhow!("{e}"))?;
    let limit = request.limit.unwrap_or(usize::MAX);
    let mut hits = match request.timeout {
        None => crate::search::search(&v.graph, &q),
        Some(secs) => search_within(v, &q, secs, |mut hits, searched| {
            eprintln!(
                "trail: search timed out after {secs} s; results are partial ({searched} of {} notes searched)",
                v.graph.notes().len()
            );
            crate::search::sort(&v.graph, &q, &mut hits);
            hits.truncate(limit);
            print_hits(v, &q, &hits, request.as_json, out)?;
            out.flush()?;
            Ok(())
        })?,
    };
    hits.truncate(limit);
    print_hits(v, &q, &hits, request.as_json, out)?;
    Ok(Outcome::Ok)
}

/// Print `value` as JSON. `serde_json` escapes only U+0000-U+001F; DEL, the C1 controls and
/// the bidi controls ([`crate::text::is_unsafe_char`]) would reach a terminal raw, so they
/// are escaped as `\uXXXX` too. They can stand only inside JSON strings, where an escape
/// means the same character, so a reader of the JSON sees the same text.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value).context("cannot write JSON")?;
    out.write_all(escape_unsafe(&text).as_bytes())?;
    writeln!(out)?;
    Ok(())
}

/// `text` with every character that must not reach a terminal as a `\uXXXX` escape.
fn escape_unsafe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(crate::text::is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if crate::text::is_unsafe_char(c) {
            // Every unsafe character lies in the Basic Multilingual Plane: one escape each.
            let _ = write!(escaped, "\\u{:04x}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

fn list(v: &Vault, as_json: bool, sort: Sort, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let mut notes: Vec<_> = g.notes().iter().collect();
    match sort {
        Sort::Path => {}
        Sort::Title => notes.sort_by_cached_key(|n| n.title.to_lowercase()),
        Sort::Backlinks => notes.sort_by_key(|n| std::cmp::Reverse(g.backlinks(n.id).len())),
    }
    if as_json {
        let rows: Vec<Value> = notes
            .iter()
            .map(|n| {
                json!({"path": n.path, "title": n.title, "links": n.links.len(),
                       "backlinks": g.backlinks(n.id).len(), "tags": n.tags, "aliases": n.aliases})
            })
            .collect();
        write_json(out, &rows)?;
    } else {
        for n in notes {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                clean_line(&n.path),
                clean_line(&n.title),
                n.links.len(),
                g.backlinks(n.id).len()
            )?;
        }
    }
    Ok(Outcome::Ok)
}

/// Where a link leads, in words: a path, `topic:Name`, a URL.
fn resolved_name(g: &Graph, target: &Target, dest: &str) -> String {
    match target {
        Target::Note(id) => g.note(*id).path.clone(),
        Target::Topic(id) => format!("topic:{}", g.topic(*id).name),
        Target::Attachment(a) => g.attachment(*a).to_string(),
        Target::MissingAttachment | Target::MissingNote => format!("missing:{dest}"),
        Target::Outside => "outside-vault".to_string(),
        Target::External => dest.to_string(),
    }
}

fn links(v: &Vault, query: &str, as_json: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let id = find_note(g, query)?;
    let note = g.note(id);
    let mut rows = Vec::new();
    for (i, link) in note.links.iter().enumerate() {
        let r = LinkRef {
            from: id,
            index: u32::try_from(i).unwrap_or(u32::MAX),
        };
        let dest = link.raw.destination();
        let to = resolved_name(g, &link.target, &dest);
        if as_json {
            rows.push(json!({"line": link.raw.line, "kind": link.raw.kind, "target": dest, "label": link.raw.label,
                             "status": link.status(), "to": to, "context": g.context(r)}));
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                link.raw.line,
                link.status().as_str(),
                clean_line(&dest),
                clean_line(&to)
            )?;
        }
    }
    if as_json {
        write_json(out, &rows)?;
    }
    Ok(Outcome::Ok)
}

fn backlinks(
    v: &Vault,
    query: &str,
    as_json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let refs: Vec<LinkRef> = match g.find(query) {
        Lookup::Topic(t) => g.topic(t).refs.clone(),
        _ => g.backlinks(find_note(g, query)?).to_vec(),
    };
    let mut rows = Vec::new();
    for r in refs {
        let from = g.note(r.from);
        let link = g.link(r);
        if as_json {
            rows.push(
                json!({"path": from.path, "title": from.title, "line": link.raw.line,
                             "status": link.status(), "context": g.context(r)}),
            );
        } else {
            writeln!(
                out,
                "{}:{}: {}",
                clean_line(&from.path),
                link.raw.line,
                clean_line(&crate::text::truncate(&g.context(r), 300))
            )?;
        }
    }
    if as_json {
        write_json(out, &rows)?;
    }
    Ok(Outcome::Ok)
}

fn topics(v: &Vault, as_json: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let mut topics: Vec<_> = g.topics().iter().collect();
    let notes_of = |t: &crate::graph::Topic| {
        let mut n: Vec<_> = t.refs.iter().map(|r| r.from).collect();
        n.dedup();
        n.len()
    };
    topics.sort_by(|a, b| {
        notes_of(b)
            .cmp(&notes_of(a))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    if as_json {
        let rows: Vec<Value> = topics
            .iter()
            .map(|t| json!({"topic": t.name, "notes": notes_of(t), "links": t.refs.len()}))
            .collect();
        write_json(out, &rows)?;
    } else {
        for t in topics {
            writeln!(out, "{}\t{}", notes_of(t), clean_line(&t.name))?;
        }
    }
    Ok(Outcome::Ok)
}

fn check(v: &Vault, strict: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let mut problems = 0usize;
    for (note, link) in g.links() {
        let line = link.raw.line;
        let message = match link.status() {
            Status::Ambiguous | Status::Broken => link.problem(g),
            Status::MissingAttachment if strict => link.problem(g),
            Status::Topic if strict => Some(format!("no note named {}", link.raw.target)),
            _ => None,
        };
        if let Some(m) = message {
            problems += 1;
            writeln!(
                out,
                "{}:{}: {}",
                clean_line(&note.path),
                line,
                clean_line(&m)
            )?;
        }
    }
    for w in &v.warnings {
        eprintln!("warning: {}", clean_line(&w.to_string()));
    }
    Ok(if problems > 0 {
        Outcome::Problems
    } else {
        Outcome::Ok
    })
}

/// Counts over the vault, as `stats` prints them.
pub fn stats_value(v: &Vault) -> Value {
    use rayon::prelude::*;
    let g = &v.graph;
    // Counted on every core: a large vault has a million links.
    let by_status = g
        .notes()
        .par_iter()
        .fold(
            || [0usize; Status::ALL.len()],
            |mut counts, note| {
                for link in &note.links {
                    counts[link.status() as usize] += 1;
                }
                counts
            },
        )
        .reduce(
            || [0usize; Status::ALL.len()],
            |a, b| std::array::from_fn(|i| a[i] + b[i]),
        );
    let n = |s: Status| by_status[s as usize];
    let links: usize = by_status.iter().sum();
    json!({
        "notes": g.notes().len(),
        "links": links,
        "resolved": n(Status::Resolved) + n(Status::Ambiguous),
        "topics": g.topics().len(),
        "topic_links": n(Status::Topic),
        "ambiguous": n(Status::Ambiguous),
        "broken": n(Status::Broken),
        "attachments": n(Status::Attachment),
        "missing_attachments": n(Status::MissingAttachment),
        "external": n(Status::External),
        "tags": g.tags().len(),
        "warnings": v.warnings.len(),
        "bytes": v.bytes,
        "load_ms": v.load_ms,
        "stage_ms": {"walk": v.stage_ms.walk, "parse": v.stage_ms.parse, "graph": v.stage_ms.graph},
    })
}

fn stats(v: &Vault, as_json: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let value = stats_value(v);
    if as_json {
        write_json(out, &value)?;
    } else if let Value::Object(map) = value {
        for (k, v) in map {
            writeln!(out, "{k}: {v}")?;
        }
    }
    Ok(Outcome::Ok)
}

fn dot_id(s: &str) -> String {
    let mut out = String::from("\"");
    for c in clean_line(s).chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn graph(
    v: &Vault,
    format: GraphFormat,
    with_topics: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let g = &v.graph;
    let mut edges: Vec<(String, String)> = Vec::new();
    for (note, link) in g.links() {
        let to = match &link.target {
            Target::Note(id) if *id != note.id => g.note(*id).path.clone(),
            Target::Topic(t) if with_topics => format!("topic:{}", g.topic(*t).name),
            _ => continue,
        };
        edges.push((note.path.clone(), to));
    }
    edges.sort();
    edges.dedup();
    match format {
        GraphFormat::Json => {
            let nodes: Vec<Value> = g
                .notes()
                .iter()
                .map(|n| json!({"id": n.path, "title": n.title}))
                .collect();
            let topics: Vec<Value> = if with_topics {
                g.topics()
                    .iter()
                    .map(|t| json!({"id": format!("topic:{}", t.name), "title": t.name}))
                    .collect()
            } else {
                Vec::new()
            };
            let edges: Vec<Value> = edges
                .iter()
                .map(|(a, b)| json!({"from": a, "to": b}))
                .collect();
            write_json(
                out,
                &json!({"nodes": nodes, "topics": topics, "edges": edges}),
            )?;
        }
        GraphFormat::Dot => {
            writeln!(out, "digraph trail {{")?;
            writeln!(out, "  node [shape=box];")?;
            for n in g.notes() {
                writeln!(out, "  {} [label={}];", dot_id(&n.path), dot_id(&n.title))?;
            }
            if with_topics {
                for t in g.topics() {
                    writeln!(
                        out,
                        "  {} [label={}, shape=ellipse, style=dashed];",
                        dot_id(&format!("topic:{}", t.name)),
                        dot_id(&t.name)
                    )?;
                }
            }
            for (a, b) in &edges {
                writeln!(out, "  {} -> {};", dot_id(a), dot_id(b))?;
            }
            writeln!(out, "}}")?;
        }
    }
    Ok(Outcome::Ok)
}
