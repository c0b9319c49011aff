//! The living vault's latency: how long after a note is written its edit is on screen.
//! Run with `cargo bench --bench live` (or `-- 2000 ~/notes` for other vaults: a number is a
//! generated vault of that size in bench-vaults/, made by ../shared/tools/genvault.py).
//!
//! The watcher hands a change over once the folder has been quiet for `watch::QUIET`; then
//! `vault::update` reads the note again and resolves every link anew (on a thread of its
//! own), and the reader swaps the new vault in (`App::update(Action::Loaded)`), which lays
//! the open page out again. The latency is the sum of the three; typing never waits for the
//! middle one.
//!
//! Then the first frames of the reader, drawn into a test backend as the event loop draws
//! them: before anything is read, once the files are listed (names in the list), and once
//! every note is read.
//!
//! Then finding your way: a keystroke of the list filter (`f`, typing a word letter by
//! letter), and the unlinked mentions of the most linked note, found a slice at a time on
//! each tick as the reader does: the longest tick, the ticks taken, the time in all.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use trail::app::{Action, App, Loaded};

mod common;

fn vault_dir(arg: &str) -> PathBuf {
    if let Ok(n) = arg.parse::<usize>() {
        let dir = PathBuf::from(format!("bench-vaults/v{n}"));
        if !dir.exists() {
            let ok = std::process::Command::new("python3")
                .args([
                    "../shared/tools/genvault.py",
                    dir.to_str().unwrap_or_default(),
                ])
                .args(["--notes", &n.to_string(), "--seed", "1"])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "cannot generate {}", dir.display());
        }
        dir
    } else {
        PathBuf::from(arg)
    }
}

/// Milliseconds from start to the first frame, to the frame with the files listed, and to
/// the frame with every note read.
fn first_frames(root: &Path) -> (f64, f64, f64) {
    let draw = |app: &App| {
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("backend");
        t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    };
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    trail::vault::check(root).expect("a folder");
    let mut app = App::loading(root);
    app.update(Action::Resize(120, 40));
    draw(&app);
    let first = ms(started);
    let walk = trail::load::walk(root, trail::load::Options::default());
    let names: Vec<String> = walk.notes.iter().map(|e| e.rel.clone()).collect();
    app.update(Action::Listed(names.into()));
    draw(&app);
    let names = ms(started);
    let vault = trail::vault::read(root, walk, started, &std::sync::atomic::AtomicUsize::new(0));
    app.update(Action::Loaded(Loaded(Arc::new(vault))));
    draw(&app);
    let full = ms(started);
    drop(app);
    (first, names, full)
}

/// What finding your way costs: the list filter's first keystroke and slowest later one
/// (ms), the longest mentions tick (ms), the ticks and the total ms the mentions of the most
/// linked note take, and its local graph of two hops: made (ms) and drawn (ms).
type Finding = ((f64, f64), f64, usize, f64, (f64, f64));

fn finding(root: &Path) -> Finding {
    let vault = trail::vault::open(root).expect("load");
    let busiest = vault
        .graph
        .notes()
        .iter()
        .max_by_key(|n| vault.graph.backlinks(n.id).len())
        .map(|n| n.id);
    // As the loader does, on its own thread, before the reader has the vault.
    vault.graph.warm();
    let mut app = App::new(vault);
    app.update(Action::Resize(120, 40));
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    app.update(Action::FilterList);
    // The first key folds every title once; the next look only at what the first kept.
    let keys: Vec<f64> = "team"
        .chars()
        .map(|c| {
            let started = Instant::now();
            app.update(Action::Input(c));
            ms(started.elapsed())
        })
        .collect();
    app.update(Action::Cancel);
    let (first, rest) = (keys[0], keys[1..].iter().copied().fold(0.0, f64::max));
    let Some(id) = busiest else {
        return ((first, rest), 0.0, 0, 0.0, (0.0, 0.0));
    };
    app.update(Action::Go(trail::app::Page::Note(id)));
    let started = Instant::now();
    let mut longest = 0.0_f64;
    let mut ticks = 0;
    app.update(Action::ToggleOutgoing);
    app.update(Action::ToggleOutgoing);
    while app.busy() {
        let tick = Instant::now();
        app.update(Action::Tick);
        longest = longest.max(ms(tick.elapsed()));
        ticks += 1;
    }
    let mentions = ms(started.elapsed());
    let started = Instant::now();
    app.update(Action::LocalGraph);
    let made = ms(started.elapsed());
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    let started = Instant::now();
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let drawn = ms(started.elapsed());
    ((first, rest), longest, ticks, mentions, (made, drawn))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let args = if args.is_empty() {
        vec!["10000".to_string(), "100000".to_string()]
    } else {
        args
    };
    println!(
        "{:<16} {:>8} {:>10} {:>8} {:>9} {:>8} {:>9} {:>11}",
        "vault", "notes", "update ms", "keep ms", "graph ms", "swap ms", "quiet ms", "latency ms"
    );
    for arg in &args {
        let root = vault_dir(arg);
        let vault = trail::vault::open(&root).expect("load");
        let notes = vault.graph.notes().len();
        let rel = vault.graph.notes()[notes / 2].path.clone();
        // The note is reported changed but left as it is: the bench writes nothing, and
        // reading and parsing an unchanged note costs what reading an edited one does.
        let mut stages = Vec::new();
        let update = common::median(5, || {
            let v = trail::vault::update(
                &vault.graph,
                &vault.warnings,
                &root,
                trail::load::Options::default(),
                std::slice::from_ref(&rel),
            )
            .expect("update");
            stages.push((v.stage_ms.walk, v.stage_ms.graph));
            drop(v);
        });
        stages.sort_unstable();
        let (keep_ms, graph_ms) = stages[stages.len() / 2];
        let mut app = App::new(trail::vault::open(&root).expect("load"));
        app.update(Action::Resize(120, 40));
        let mut swaps: Vec<std::time::Duration> = (0..5)
            .map(|_| {
                let v = trail::vault::update(
                    &app.graph,
                    &app.warnings,
                    &root,
                    trail::load::Options::default(),
                    std::slice::from_ref(&rel),
                )
                .expect("update");
                let started = std::time::Instant::now();
                app.update(Action::Loaded(Loaded(Arc::new(v))));
                started.elapsed()
            })
            .collect();
        swaps.sort();
        let swap = swaps[swaps.len() / 2];
        let quiet = trail::load::watch::QUIET;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        println!(
            "{:<16} {:>8} {:>10.1} {:>8} {:>9} {:>8.1} {:>9.1} {:>11.1}",
            Path::new(arg)
                .file_name()
                .map_or(arg.clone(), |n| n.to_string_lossy().into_owned()),
            notes,
            ms(update),
            keep_ms,
            graph_ms,
            ms(swap),
            ms(quiet),
            ms(quiet + update + swap)
        );
        drop(app);
        drop(vault);
    }
    println!();
    println!(
        "{:<16} {:>12} {:>12} {:>12}",
        "vault", "first ms", "names ms", "read ms"
    );
    for arg in &args {
        let root = vault_dir(arg);
        let mut runs: Vec<(f64, f64, f64)> = (0..5).map(|_| first_frames(&root)).collect();
        runs.sort_by(|a, b| a.2.total_cmp(&b.2));
        let (first, names, full) = runs[runs.len() / 2];
        println!(
            "{:<16} {:>12.1} {:>12.1} {:>12.1}",
            Path::new(arg)
                .file_name()
                .map_or(arg.clone(), |n| n.to_string_lossy().into_owned()),
            first,
            names,
            full
        );
    }
    finding_table(&args);
}

fn finding_table(args: &[String]) {
    println!();
    println!(
        "{:<16} {:>13} {:>13} {:>18} {:>8} {:>14} {:>10} {:>10}",
        "vault",
        "filter 1st ms",
        "next keys ms",
        "mentions tick ms",
        "ticks",
        "mentions ms",
        "graph ms",
        "drawn ms"
    );
    for arg in args {
        let ((first, rest), tick, ticks, total, (made, drawn)) = finding(&vault_dir(arg));
        println!(
            "{:<16} {:>13.1} {:>13.1} {:>18.1} {:>8} {:>14.1} {:>10.1} {:>10.1}",
            Path::new(arg)
                .file_name()
                .map_or(arg.clone(), |n| n.to_string_lossy().into_owned()),
            first,
            rest,
            tick,
            ticks,
            total,
            made,
            drawn
        );
    }
}
