//! Full-text ranking over a fixture vault: title matches first, then headings, then the
//! number of matches.

use std::path::Path;
use trail::search::{Query, excerpt, search};
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
    // Where it matched is worked out for the hits shown only.
    let q = Query::parse("trust").unwrap();
    let e = excerpt(&q, v.graph.note(hits[2].note));
    assert_eq!(e.line, 3);
    assert_eq!(e.snippet, "trust trust trust trust trust");
    assert_eq!(e.highlights.len(), 5);
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

/// The fast paths (an ASCII literal counted without the regex, body and hidden text read in
/// one pass, heading matches found while counting) give what the regex gives.
#[test]
fn fast_counts_equal_the_regex_counts() {
    use trail::graph::Graph;
    let texts = [
        "---\ntitle: Trust\ntags: [trust]\n---\n# Trust me\n\nTRUST, trust; distrust.\n## Other\ntrust\n",
        "A line {: .trust} with kramdown and a block ^trust\n",
        "No match at all.\n",
        "Long \u{17F} and trust: the long s folds to s.\n\ntru\u{17F}t\n",
        "# Heading trust\n\n## Setext\n---\nplain\n",
    ];
    let root = tempfile::tempdir().unwrap();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(root.path().join(format!("n{i}.md")), t).unwrap();
    }
    let v = open(root.path(), &Options::default()).unwrap();
    // The same notes, unpacked: every term is counted by the regex, piece by piece.
    let unpacked = Graph::build(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                trail::graph::Input::new(
                    format!("n{i}.md"),
                    t.len() as u64,
                    trail::parse::parse(&format!("n{i}"), t),
                )
            })
            .collect(),
        &[],
    );
    for q in [
        "trust",
        "TRUST",
        "\"trust\"",
        "/tr.st/",
        "trust -distrust",
        "s",
        "heading",
    ] {
        let q = Query::parse(q).unwrap();
        let fast = search(&v.graph, &q);
        let slow = search(&unpacked, &q);
        assert_eq!(fast, slow, "{q:?}");
    }
    // The long s counts as an s, as the regex (and ripgrep) say.
    let hits = search(&v.graph, &Query::parse("trust").unwrap());
    let n3 = hits
        .iter()
        .find(|h| v.graph.note(h.note).path == "n3.md")
        .unwrap();
    assert_eq!(n3.matches, 2);
}
