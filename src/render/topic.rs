//! A topic's page: the link target with no note of its own, and every note that points
//! to it. The pieces of a page that lists notes (its head, a note's line, a quoted line)
//! are here too, for the tag's page.

use super::writer::Writer;
use super::{Rendered, plain_inline, styles};
use crate::graph::{Graph, Note, Status, Topic};

/// A listing page's head: its name, what it is, and a rule.
pub(super) fn page_head(w: &mut Writer, title: &str, about: &str) {
    w.text(title, styles::title());
    w.flush();
    w.text(about, styles::meta());
    w.flush();
    w.text(&"─".repeat(usize::from(w.width)), styles::meta());
    w.flush();
}

/// A listed note's line, after a gap: its title, a spot whose link is `spot`, then its path.
/// The line is left open for more.
pub(super) fn note_line(w: &mut Writer, note: &Note, spot: usize) {
    w.gap_wanted = true;
    w.block_gap();
    w.begin_link(Some(spot));
    w.text(&note.title, styles::link(Status::Resolved));
    w.end_link();
    w.text(&format!("  {}", note.path), styles::meta());
}

/// A line of a note's text under its listed line, as the reader shows its words.
pub(super) fn quoted(w: &mut Writer, markdown: &str, most: usize) {
    w.push_prefix("  │ ", styles::meta());
    w.text(
        &crate::text::truncate(&plain_inline(markdown), most),
        styles::quote(),
    );
    w.flush();
    w.pop_prefix();
}

/// A topic's page: its name, how many notes point to it, and each of those notes with the
/// line around every link to the topic. Each spot's `link` indexes `topic.refs`.
pub fn topic(graph: &Graph, topic: &Topic, width: u16) -> Rendered {
    let mut w = Writer::new(width.max(8));
    let mut notes: Vec<_> = topic.refs.iter().map(|r| r.from).collect();
    notes.dedup();
    let count = match notes.len() {
        1 => "1 note links here".to_string(),
        n => format!("{n} notes link here"),
    };
    page_head(
        &mut w,
        &topic.name,
        &format!("topic: no note of its own · {count}"),
    );
    let mut last = None;
    for (i, r) in topic.refs.iter().enumerate() {
        if last != Some(r.from) {
            note_line(&mut w, graph.note(r.from), i);
            w.flush();
            last = Some(r.from);
        }
        quoted(&mut w, &graph.context(*r), 500);
    }
    w.into_rendered()
}
