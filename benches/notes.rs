//! Per-note costs: parse, lay out, and draw one frame, for an ordinary long note and for the
//! pathological shapes a hostile vault may hold. Run with `cargo bench --bench notes`.
//!
//! Prints one row per shape: size, and the median of 5 runs of each step, plus the cost per
//! MB so shapes of different sizes compare.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::fmt::Write as _;
use std::time::Duration;
use trail::app::{Action, App};

mod common;

/// Runs per measurement.
const RUNS: usize = 5;

fn median(f: impl FnMut()) -> Duration {
    common::median(RUNS, f)
}

fn ordinary(bytes: usize) -> String {
    let mut s = String::from("---\ntitle: Long\ntags: [a, b]\n---\n# Long\n\n");
    let mut i = 0;
    while s.len() < bytes {
        let _ = write!(
            s,
            "## Section {i}\n\nA paragraph about *teams* and **trust** with a [[Link {i}]] and a \
             [markdown link](other.md) and `code`. It goes on for a while so that lines wrap \
             across the width of the reader, as real prose does. #tag{}\n\n- one\n- two [[x]]\n\n",
            i % 7
        );
        i += 1;
    }
    s
}

/// `bytes` of a note that is mostly code: Rust, Python and shell blocks with prose between.
fn code_heavy(bytes: usize) -> String {
    let mut s = String::from("# Code\n\n");
    let mut i = 0;
    while s.len() < bytes {
        let _ = write!(
            s,
            "Block {i} shows the shape of it.\n\n```rust\n/// Adds.\npub fn add_{i}(a: u32, b: u32) -> \
             Option<u32> {{\n    let s = \"sum\"; // checked\n    a.checked_add(b + {i})\n}}\n```\n\n\
             ```python\ndef f_{i}(x):\n    return {{'k': x * 2, \"n\": None}}  # doubled\n```\n\n\
             ```sh\nfor f in *.md; do grep -c '[[' \"$f\"; done | sort -n > out_{i}.txt\n```\n\n"
        );
        i += 1;
    }
    s
}

/// The largest markdown file under `../shared/corpora`, when it is there.
fn largest_corpus_note() -> Option<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "md")
                && best.as_ref().is_none_or(|(n, _)| meta.len() > *n)
            {
                best = Some((meta.len(), path));
            }
        }
    }
    let (_, path) = best?;
    let name = path.strip_prefix(&root).ok()?.display().to_string();
    Some((name, std::fs::read_to_string(&path).ok()?))
}

/// `n` copies of `f(i)` joined, without a `format!` per piece.
fn repeat_with(n: usize, f: impl Fn(&mut String, usize)) -> String {
    let mut s = String::new();
    for i in 0..n {
        f(&mut s, i);
    }
    s
}

fn main() {
    let mb = 1024 * 1024;
    let corpus = largest_corpus_note();
    let mut shapes: Vec<(&str, String)> = vec![
        ("ordinary 2 MB", ordinary(2 * mb)),
        ("2 MB of code blocks", code_heavy(2 * mb)),
        ("200 KB of code blocks", code_heavy(200 * 1024)),
        ("one 20 MB line", "word ".repeat(4 * mb)),
        (
            "100k headings",
            repeat_with(100_000, |s, i| {
                let _ = writeln!(s, "## Heading {i}");
            }),
        ),
        (
            "10k links in one note",
            repeat_with(10_000, |s, i| {
                let _ = write!(s, "[[Target {i}]] ");
            }),
        ),
        (
            "deep quotes and lists",
            format!(
                "{}deep\n\n{}",
                "> ".repeat(5000),
                repeat_with(500, |s, k| {
                    s.push_str(&"  ".repeat(k));
                    s.push_str(
                        "- item
",
                    );
                })
            ),
        ),
        ("[[[[x]]]] x 100k", "[[[[x]]]] ".repeat(100_000)),
    ];
    if let Some((name, text)) = &corpus {
        println!("largest corpus note: {name}");
        shapes.insert(0, ("largest corpus note", text.clone()));
    }
    println!(
        "{:<24} {:>6} {:>9} {:>10} {:>10} {:>10} {:>9} {:>10}",
        "shape", "MB", "parse ms", "layout ms", "colour view", "colour all", "frame ms", "ms/MB"
    );
    for (name, text) in shapes {
        // Note sizes are far below 2^52 bytes, so the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let size = text.len() as f64 / mb as f64;
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("note.md"), &text).expect("write note");
        let parse = median(|| {
            std::hint::black_box(trail::parse::parse("note", &text));
        });
        let vault = trail::vault::open(dir.path()).expect("load");
        let note = &vault.graph.notes()[0];
        let layout = median(|| {
            std::hint::black_box(trail::render::render(&vault.graph, note, 100));
        });
        // Colouring code by language, after the layout: the first screen and a screen
        // either side (what the reader colours before anything else), and the whole note.
        let laid = trail::render::render(&vault.graph, note, 100);
        let colour = |rows: std::ops::Range<usize>| {
            let mut times: Vec<Duration> = (0..RUNS)
                .map(|_| {
                    let mut page = laid.clone();
                    let mut c = trail::render::highlight::Colourer::new(&page);
                    let t = std::time::Instant::now();
                    c.work(&mut page, &rows, Duration::MAX);
                    let spent = t.elapsed();
                    std::hint::black_box(page);
                    spent
                })
                .collect();
            times.sort();
            times[RUNS / 2]
        };
        trail::render::highlight::warm();
        let colour_view = colour(0..120);
        let colour_all = colour(0..usize::MAX);
        let mut app = App::new(vault);
        app.update(Action::Resize(120, 40));
        app.update(Action::FocusRight);
        app.update(Action::HalfDown);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let frame = median(|| {
            app.update(Action::Down);
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
        });
        let per_mb = (parse + layout).as_secs_f64() * 1000.0 / size;
        println!(
            "{:<24} {:>6.2} {:>9.1} {:>10.1} {:>10.1} {:>10.1} {:>9.2} {:>10.1}",
            name,
            size,
            parse.as_secs_f64() * 1000.0,
            layout.as_secs_f64() * 1000.0,
            colour_view.as_secs_f64() * 1000.0,
            colour_all.as_secs_f64() * 1000.0,
            frame.as_secs_f64() * 1000.0,
            per_mb
        );
    }
}
