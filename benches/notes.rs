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
    let shapes: Vec<(&str, String)> = vec![
        ("ordinary 2 MB", ordinary(2 * mb)),
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
    println!(
        "{:<24} {:>8} {:>10} {:>10} {:>10} {:>12}",
        "shape", "MB", "parse ms", "layout ms", "frame ms", "parse+layout ms/MB"
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
            "{:<24} {:>8.2} {:>10.1} {:>10.1} {:>10.2} {:>12.1}",
            name,
            size,
            parse.as_secs_f64() * 1000.0,
            layout.as_secs_f64() * 1000.0,
            frame.as_secs_f64() * 1000.0,
            per_mb
        );
    }
}
