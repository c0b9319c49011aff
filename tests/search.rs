//! Full-text ranking over a fixture vault: title matches first, then headings, then the
//! number of matches.

use std::path::Path;
use trail::search::{Query, search};
use trail::vault::{Options, open};

#[test]
fn ranking_title_then_heading_then_count() {
    let v = open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ranking"),
        &Options::default(),
    )
    .unwrap();
    let hits = search(&v.graph, &Query::parse("trust").unwrap());
    let order: Vec<&str> = hits
        .iter()
        .map(|h| v.graph.note(h.note).path.as_str())
        .collect();
    assert_eq!(order, vec!["Trust.md", "heading.md", "many.md", "one.md"]);
    assert_eq!(hits[2].matches, 5);
    assert_eq!(hits[2].line, 3);
    assert_eq!(hits[2].snippet, "trust trust trust trust trust");
    assert_eq!(hits[2].highlights.len(), 5);
}

#[test]
fn exclusion_and_filters_combine() {
    let v = open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ranking"),
        &Options::default(),
    )
    .unwrap();
    let paths = |q: &str| -> Vec<String> {
        search(&v.graph, &Query::parse(q).unwrap())
            .iter()
            .map(|h| v.graph.note(h.note).path.clone())
            .collect()
    };
    assert_eq!(paths("trust -little -once"), vec!["heading.md", "many.md"]);
    assert_eq!(paths("title:many"), vec!["many.md"]);
    assert_eq!(paths("path:one trust"), vec!["one.md"]);
    // Regexes are case-sensitive: the title "Trust" does not count, the heading "On trust" does.
    assert_eq!(
        paths("/tr.st{1}/ -/t{5}/"),
        vec!["heading.md", "many.md", "Trust.md", "one.md"]
    );
    assert!(paths("\"Trust trust\"").is_empty());
}
