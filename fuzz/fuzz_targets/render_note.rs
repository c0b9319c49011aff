//! Lay arbitrary bytes out as a note at an arbitrary width (the first byte): no panic, no line
//! wider than the width, no control character in what would be drawn.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else { return };
    let width = u16::from(w % 120) + 1;
    let text = String::from_utf8_lossy(rest);
    // One note in a vault, built through the same path the reader uses.
    let parsed = trail::parse::parse("fuzz", &text);
    let input = trail::graph::Input::new("fuzz.md".into(), rest.len() as u64, parsed);
    let graph = trail::graph::Graph::build(vec![input], &[]);
    let note = &graph.notes()[0];
    let r = trail::render::render(&graph, note, width);
    for line in &r.lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(trail::text::str_width(&text) <= usize::from(width.max(8)), "line wider than {width}: {text:?}");
        assert!(!text.chars().any(trail::text::is_unsafe_char), "control character in {text:?}");
    }
});
