//! A tag's page: the notes that carry it or a tag nested under it, and the nested tags,
//! each followable.

use super::writer::Writer;
use super::{Rendered, plain_inline, styles};
use crate::graph::{Graph, NoteId, Status, TagId};

/// Where a spot of a tag's page leads: its `link` indexes the list [`tag`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSpot {
    Note(NoteId),
    Tag(TagId),
}

/// The page of tag `id`: its name, counts, the tags nested under it, then each note that
/// carries it with its first line of text.
pub fn tag(graph: &Graph, id: TagId, width: u16) -> (Rendered, Vec<TagSpot>) {
    let mut w = Writer::new(width.max(8));
    let mut spots = Vec::new();
    let tag = graph.tag(id);
    w.text(&format!("#{}", tag.name), styles::title());
    w.flush();
    let notes = graph.tagged(id);
    let children = graph.tag_children(id);
    let notes_count = match notes.len() {
        1 => "1 note".to_string(),
        n => format!("{n} notes"),
    };
    let nested = match children.len() {
        0 => String::new(),
        1 => " · 1 nested tag".to_string(),
        n => format!(" · {n} nested tags"),
    };
    let counts = format!("tag · {notes_count}{nested}");
    w.text(&counts, styles::meta());
    w.flush();
    w.text(&"─".repeat(usize::from(w.width)), styles::meta());
    w.flush();
    if !children.is_empty() {
        w.gap_wanted = true;
        w.block_gap();
        w.text("Nested: ", styles::meta());
        for child in children {
            let t = graph.tag(child);
            w.begin_link(Some(spots.len()));
            spots.push(TagSpot::Tag(child));
            w.text(&format!("#{}", t.name), styles::link(Status::Topic));
            w.end_link();
            w.text(
                &format!(" ({})  ", graph.tagged(child).len()),
                styles::meta(),
            );
        }
        w.flush();
    }
    for note_id in notes {
        let note = graph.note(note_id);
        w.gap_wanted = true;
        w.block_gap();
        w.begin_link(Some(spots.len()));
        spots.push(TagSpot::Note(note_id));
        w.text(&note.title, styles::link(Status::Resolved));
        w.end_link();
        w.text(&format!("  {}", note.path), styles::meta());
        // Which of the notes' tags brought it here, when it is a nested one.
        let own: Vec<String> = note
            .tags
            .iter()
            .filter(|t| {
                let t = t.to_lowercase();
                t == tag.key || t.starts_with(&format!("{}/", tag.key))
            })
            .map(|t| format!("#{t}"))
            .collect();
        if own.iter().any(|t| t[1..].to_lowercase() != tag.key) {
            w.text(&format!("  {}", own.join(" ")), styles::meta());
        }
        w.flush();
        let first = note
            .body
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#') && !l.contains("::"));
        if let Some(line) = first {
            w.push_prefix("  │ ", styles::meta());
            w.text(
                &crate::text::truncate(&plain_inline(line), 300),
                styles::quote(),
            );
            w.flush();
            w.pop_prefix();
        }
    }
    let rendered = Rendered {
        lines: w.lines,
        links: w.spots,
        anchors: w.anchors,
        code: Vec::new(),
    };
    (rendered, spots)
}
