//! Shapes of input that once made trail hang, crash or take minutes: each is sized so that a
//! linear run takes well under a second and a quadratic one minutes. The limits below are
//! generous on purpose: these tests prove termination and linearity, not speed (speed is
//! measured in `benches/`).

// Inputs are built with plain `format!`: clarity over the last allocation.
#![allow(clippy::format_collect)]

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;
use trail::graph::{Graph, Input, Status, Target};
use trail::vault::open;

/// Run `f` on its own thread; fail (rather than hang the suite) if it takes over `secs`.
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

fn graph_of(text: &str) -> Graph {
    let parsed = trail::parse::parse("a", text);
    Graph::build(vec![Input::new("a.md".into(), 0, parsed)], &[])
}

fn write(root: &Path, name: &str, text: &str) {
    let p = root.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn ignore_files_are_read_only_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("v");
    write(&root, "a.md", "# A\n");
    write(&root, "kept/b.md", "# B\n");
    write(&root, "skipped/c.md", "# C\n");
    write(&root, "sub/d.md", "# D\n");
    write(&root, "deep/e.md", "# E\n");
    // A real ignore file still works.
    write(&root, "deep/.gitignore", "e.md\n");
    // A `.gitignore` that is endless, one that is a FIFO, one that would read the
    // keyboard, one far too large, and a `.git` file pointing at excludes elsewhere.
    std::os::unix::fs::symlink("/dev/zero", root.join(".gitignore")).unwrap();
    let fifo = root.join("sub/.ignore");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/tty", root.join("kept/.gitignore")).unwrap();
    let big = std::fs::File::create(root.join("skipped/.ignore")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    write(&elsewhere, "info/exclude", "*.md\n");
    write(&root, ".git", &format!("gitdir: {}\n", elsewhere.display()));

    let v = within(60, "a load with hostile ignore files", move || {
        open(&root).unwrap()
    });
    let paths: Vec<&str> = v.graph.notes().iter().map(|n| n.path.as_str()).collect();
    assert_eq!(paths, ["a.md", "kept/b.md", "skipped/c.md", "sub/d.md"]);
    let warned: Vec<String> = v.warnings.iter().map(ToString::to_string).collect();
    for (file, why) in [
        (".gitignore", "links outside the vault"),
        ("kept/.gitignore", "links outside the vault"),
        ("sub/.ignore", "not a regular file"),
        ("skipped/.ignore", "over 1 MiB"),
    ] {
        assert!(
            warned
                .iter()
                .any(|w| w.starts_with(file) && w.contains(why)),
            "{file}: {warned:?}"
        );
    }
}

#[test]
fn a_fifo_in_a_notes_place_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("swapped.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let entry = trail::load::Entry {
        path: fifo,
        rel: "swapped.md".into(),
    };
    let err = within(10, "reading a FIFO", move || {
        let mut buf = Vec::new();
        trail::load::read_into(&entry, &mut buf)
            .map(|_| ())
            .unwrap_err()
    });
    assert_eq!(err.reason, trail::load::Reason::NotRegular);
}

#[test]
fn ten_thousand_links_on_one_line_cost_a_window_each() {
    let g = within(60, "a line of 10,000 links", || {
        let g = graph_of(&"[[t]] ".repeat(10_000));
        let topic = &g.topics()[0];
        let page = trail::render::topic(&g, topic, 100);
        assert!(page.lines.len() > 10_000);
        g
    });
    let topic = &g.topics()[0];
    assert_eq!(topic.refs.len(), 10_000);
    let total: usize = topic.refs.iter().map(|r| g.context(*r).len()).sum();
    // Each context is a window of the line, not the 60 KB line.
    assert!(
        total < 10_000 * (2 * trail::graph::CONTEXT_BYTES + 20),
        "{total}"
    );
}

#[test]
fn deep_nesting_renders_flat_past_a_limit() {
    for (what, text) in [
        ("200k nested quotes", format!("{}x\n", "> ".repeat(200_000))),
        ("40k nested bullets", format!("{}x\n", "- ".repeat(40_000))),
        ("40k nested numbers", format!("{}x\n", "1. ".repeat(40_000))),
        (
            "40k quoted bullets",
            format!("{}x\n", "> - ".repeat(40_000)),
        ),
    ] {
        let lines = within(60, what, move || {
            let g = graph_of(&text);
            let r = trail::render::render(&g, &g.notes()[0], 80);
            r.lines
                .iter()
                .map(|l| {
                    l.spans
                        .iter()
                        .map(|s| s.content.chars().count())
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0)
        });
        assert!(lines <= 80, "{what}: a line of {lines} columns");
    }
}

#[test]
fn an_emphasis_storm_renders_in_linear_time() {
    let text = format!(
        "{}b{}\n",
        "*a **a ".repeat(40_000),
        " a** a*".repeat(40_000)
    );
    within(60, "an emphasis storm", move || {
        let g = graph_of(&text);
        trail::render::render(&g, &g.notes()[0], 80);
    });
}

#[test]
fn many_tags_and_aliases_are_deduplicated_through_a_set() {
    let tags: String = (0..100_000).map(|i| format!("#t{i}x ")).collect();
    let n = within(60, "100k tags", move || trail::parse::parse("a", &tags));
    assert_eq!(n.tags.len(), 100_000);
    // Within the front matter's budget of 10,000 values: 9,000 aliases, a third repeats.
    let aliases: Vec<String> = (0..3_000).map(|i| format!("ü{i}, Ü{i}, ÿ{i}")).collect();
    let text = format!("---\naliases: [{}]\n---\nx\n", aliases.join(", "));
    let n = within(60, "9k non-ASCII aliases", move || {
        trail::parse::parse("a", &text)
    });
    assert_eq!(n.aliases.len(), 6_000);
}

#[test]
fn fragments_find_their_places_through_an_index() {
    let headings: String = (0..10_000).map(|i| format!("## h{i}\n")).collect();
    let text = format!(
        "{headings}{}\n\n{}\n",
        "[[#missing]] ".repeat(10_000),
        "[[#h9999]]"
    );
    let g = within(60, "10k headings and 10k fragment links", move || {
        graph_of(&text)
    });
    let statuses: Vec<Status> = g.notes()[0]
        .links
        .iter()
        .map(trail::graph::Link::status)
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == Status::Broken).count(),
        10_000
    );
    assert_eq!(statuses.last(), Some(&Status::Resolved));
    let blocks: String = (0..10_000).map(|i| format!("p{i} ^b{i}\n\n")).collect();
    let text = format!("{blocks}{}\n", "[[#^zz]] ".repeat(10_000));
    within(60, "10k blocks and 10k block links", move || {
        graph_of(&text)
    });
}

#[test]
fn a_name_shared_by_thousands_of_notes_is_sorted_once() {
    let inputs: Vec<Input> = (0..8_000)
        .map(|i| {
            let parsed = trail::parse::parse("same", "[[same]]\n");
            Input::new(format!("f{i:04}/same.md"), 0, parsed)
        })
        .collect();
    let g = within(60, "8,000 notes named alike", move || {
        Graph::build(inputs, &[])
    });
    let link = &g.notes()[17].links[0];
    // Each link chooses the note in its own folder, and all links share one list.
    assert_eq!(link.target, Target::Note(g.notes()[17].id));
    assert_eq!(link.status(), Status::Ambiguous);
    let first = g.notes()[0].links[0].candidates.as_ref().unwrap();
    assert!(std::sync::Arc::ptr_eq(
        first,
        link.candidates.as_ref().unwrap()
    ));
    let problem = link.problem(&g).unwrap();
    assert!(problem.ends_with("and 7994 more"), "{problem}");
}

#[test]
fn a_huge_table_keeps_and_draws_a_bounded_part() {
    // 100 columns of 2,100 rows: past what is kept of both, and within pulldown-cmark's own
    // cap on a table's cells, past which the rest of a table reads as a paragraph.
    let n = 100;
    let mut text = format!(
        "|{}|\n|{}|\n",
        (0..n)
            .map(|i| format!("h{i}"))
            .collect::<Vec<_>>()
            .join("|"),
        vec!["-"; n].join("|")
    );
    for r in 0..2_100 {
        text.push('|');
        text.push_str(
            &(0..20)
                .map(|i| format!("c{r}x{i}"))
                .collect::<Vec<_>>()
                .join("|"),
        );
        text.push_str("|\n");
    }
    let r = within(60, "a 100-column table", move || {
        let g = graph_of(&text);
        trail::render::render(&g, &g.notes()[0], 80)
    });
    let plain = r.plain();
    assert!(
        plain.contains("more columns"),
        "no marker for hidden columns"
    );
    assert!(plain.contains("more rows"), "no marker for hidden rows");
    assert!(r.lines.len() < 2_100, "{} lines", r.lines.len());
}

#[test]
fn a_long_query_is_refused_not_compiled_word_by_word() {
    let q = "word ".repeat(1_000);
    let err = within(10, "a 5,000-character query", move || {
        trail::search::Query::parse(&q).unwrap_err()
    });
    assert_eq!(err, trail::search::QueryError::TooLong);
}

#[test]
fn a_search_timeout_prints_partial_results_and_returns() {
    // One large note and a regex that is linear but slow on it: a minute without a limit.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.md"), "x".repeat(3_000_000)).unwrap();
    let vault = dir.path().to_str().unwrap().to_string();
    let out = within(30, "search --timeout 1", move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_trail"))
            .args([
                "search",
                "/(?:x{1,50}){1,50}y/",
                "--timeout",
                "1",
                "--vault",
                &vault,
            ])
            .output()
            .unwrap()
    });
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("results are partial"), "{err}");
}
