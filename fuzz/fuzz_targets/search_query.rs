//! Any string as a full-text query: parsing never panics, and a query that parses runs over
//! a small vault (matching, ranking, excerpts) and terminates, whatever it matches (empty
//! matches included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use trail::graph::{Graph, Input};

static GRAPH: LazyLock<Graph> = LazyLock::new(|| {
    let notes = [
        ("a.md", "# Alpha\n\nTrust and drift. #tag/one\n\n```\ncode [[x]]\n```\n"),
        ("b/b.md", "---\ntitle: Beta\ntags: [x]\n---\nline one\n\nline two with ü and 中文\n"),
        ("c.md", "\n\n\n"),
        ("d.md", "x\u{2028}y\r\nz\u{0}\u{1b}[2J end"),
    ];
    let inputs = notes
        .iter()
        .map(|(path, text)| Input::new((*path).into(), 0, trail::parse::parse("n", text)))
        .collect();
    Graph::build(inputs, &[])
});

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    for query in [trail::search::Query::parse(&q), trail::search::Query::regex(&q)] {
        if let Ok(query) = query {
            for hit in trail::search::search(&GRAPH, &query) {
                let e = trail::search::excerpt(&query, GRAPH.note(hit.note));
                assert!(e.line >= 1);
            }
            for note in GRAPH.notes() {
                for r in query.ranges(&note.body) {
                    assert!(r.start <= r.end && r.end <= note.body.len());
                }
            }
        }
    }
});
