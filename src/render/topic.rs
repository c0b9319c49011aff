//! A topic's page: the link target with no note of its own, and every note that points
//! to it.

use super::writer::Writer;
use super::{Rendered, plain_inline, styles};
use crate::graph::{Graph, Status, Topic};

/// A topic's page: its name, how many notes point to it, and each of those notes with the
/// line around every link to the topic. Each spot's `link` indexes `topic.refs`.
pub fn topic(graph: &Graph, topic: &Topic, width: u16) -> Rendered {
    let mut w = Writer::new(width.max(8));
    w.text(&topic.name, styles::title());
    w.flush();
    let mut notes: Vec<_> = topic.refs.iter().map(|r| r.from).collect();
    notes.dedup();
    let count = match notes.len() {
        1 => "1 note links here".to_string(),
        n => format!("{n} notes link here"),
    };
    w.text(
        &format!("topic: no note of its own · {count}"),
        styles::meta(),
    );
    w.flush();
    w.text(&"─".repeat(usize::from(w.width)), styles::meta());
    w.flush();
    let mut last = None;
    for (i, r) in topic.refs.iter().enumerate() {
        if last != Some(r.from) {
            w.gap_wanted = true;
            w.block_gap();
            let note = graph.note(r.from);
            w.begin_link(Some(i));
            w.text(&note.title, styles::link(Status::Resolved));
            w.end_link();
            w.text(&format!("  {}", note.path), styles::meta());
            w.flush();
            last = Some(r.from);
        }
        w.push_prefix("  │ ", styles::meta());
        w.text(
            &crate::text::truncate(&plain_inline(&graph.context(*r)), 500),
            styles::quote(),
        );
        w.flush();
        w.pop_prefix();
    }
    Rendered {
        code: Vec::new(),
        lines: w.lines,
        links: w.spots,
        anchors: w.anchors,
    }
}
