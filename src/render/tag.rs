//! A tag's page: the notes that carry it or a tag nested under it, and the nested tags,
//! each followable.

use super::topic::{note_line, page_head, quoted};
use super::writer::Writer;
use super::{Rendered, styles};
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
    page_head(
        &mut w,
        &format!("#{}", tag.name),
        &format!("tag · {notes_count}{nested}"),
    );
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
        note_line(&mut w, note, spots.len());
        spots.push(TagSpot::Note(note_id));
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
            quoted(&mut w, line, 300);
        }
    }
    (w.into_rendered(), spots)
}
