//! Link resolution over generated vault layouts: the input is split into notes (a path, then
//! the text), the graph is built, and every answer is checked: a resolved link names a note
//! of the vault, candidates are notes of the vault, a place lies inside its note, and topics
//! list only links that name them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trail::graph::{Graph, Input, Target};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Records separated by NUL: a path line, then the note's text.
    let mut inputs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in text.split('\0').take(64) {
        let (path, body) = record.split_once('\n').unwrap_or((record, ""));
        let path = path.trim_matches('/');
        if path.is_empty() || !seen.insert(path.to_string()) {
            continue;
        }
        let path = format!("{path}.md");
        let name = path.rsplit('/').next().unwrap_or(&path).trim_end_matches(".md");
        inputs.push(Input::new(path.clone(), 0, trail::parse::parse(name, body)));
    }
    let attachments = vec!["img/a.png".to_string(), "dendron.yml".to_string()];
    let g = Graph::build(inputs, &attachments);
    let n = g.notes().len();
    for note in g.notes() {
        for link in &note.links {
            if let Target::Note(id) = link.target {
                assert!(id.index() < n);
                if let Some(place) = link.place() {
                    assert!(place <= g.note(id).body.len());
                }
            }
            for c in link.candidates.iter().flat_map(|c| c.iter()) {
                assert!(c.index() < n);
            }
            let _ = link.problem(&g);
        }
    }
    for topic in g.topics() {
        for r in &topic.refs {
            assert_eq!(g.link(*r).target, Target::Topic(topic.id));
            let _ = g.context(*r);
        }
    }
});
