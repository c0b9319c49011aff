//! The note's header: its title, and the fields a reader wants at a glance, their links
//! drawn as links.

use super::styles;
use super::writer::Writer;
use crate::graph::{Graph, Note};

/// The title and the properties a reader wants at a glance, as `fields` chooses them.
/// Links in a field's value are drawn as links that Tab reaches: a `key:: value` line's,
/// and the front matter's (`up: "[[Start Here]]"`).
pub(super) fn header(w: &mut Writer, graph: &Graph, note: &Note, fields: super::Fields<'_>) {
    let shown = |name: &str| fields.shows(name);
    // Front matter links, each drawn once, in the order the values hold them.
    let mut front: Vec<usize> = (0..note.links.len())
        .filter(|&i| note.links[i].raw.kind == crate::parse::LinkKind::FrontMatter)
        .collect();
    w.text(&note.title, styles::title());
    w.flush();
    let mut first = true;
    let mut sep = |w: &mut Writer| {
        if !std::mem::take(&mut first) {
            w.text(" · ", styles::meta());
        }
    };
    if let Some(d) = note.date.as_ref().filter(|_| shown("date")) {
        sep(w);
        w.text(d, styles::meta());
    }
    for (k, v) in &note.properties {
        if k.eq_ignore_ascii_case("date")
            || k.eq_ignore_ascii_case("title")
            || v.is_empty()
            || !shown(k)
        {
            continue;
        }
        sep(w);
        w.text(&format!("{k}: "), styles::field_key());
        // A field written in the text shows its links here, followable, since the reader
        // leaves the field's own line out of the text.
        let field_line = note
            .field_lines
            .iter()
            .find(|r| field_key(&note.body[(*r).clone()]).eq_ignore_ascii_case(k));
        let in_field: Vec<usize> = field_line.map_or_else(Vec::new, |r| {
            (0..note.links.len())
                .filter(|&i| {
                    r.contains(&note.links[i].raw.range.start) && note.links[i].raw.range.end > 0
                })
                .collect()
        });
        if in_field.is_empty() {
            front_matter_value(w, note, &crate::text::truncate(v, 200), &mut front);
        }
        for (n, i) in in_field.into_iter().enumerate() {
            if n > 0 {
                w.text(", ", styles::meta());
            }
            let link = &note.links[i];
            w.begin_link(Some(i));
            w.text(
                link.raw.label.as_deref().unwrap_or(&link.raw.target),
                styles::link(link.status()),
            );
            w.end_link();
        }
    }
    if !note.aliases.is_empty() && shown("aliases") {
        sep(w);
        w.text(
            &format!(
                "aka {}",
                crate::text::truncate(&note.aliases.join(", "), 200)
            ),
            styles::meta(),
        );
    }
    if !note.tags.is_empty() && shown("tags") {
        sep(w);
        // Each a spot that leads to the tag's page; a hundred tags are plenty for a header.
        for (i, t) in note.tags.iter().take(100).enumerate() {
            if i > 0 {
                w.text(" ", styles::meta());
            }
            let shown = format!("#{}", crate::text::truncate(t, 60));
            match graph.tag_id(t) {
                Some(id) => {
                    w.begin_tag(id);
                    w.text(&shown, styles::tag());
                    w.end_link();
                }
                None => w.text(&shown, styles::meta()),
            }
        }
    }
    w.flush();
    let rule = "─".repeat(usize::from(w.width));
    w.text(&rule, styles::meta());
    w.flush();
    w.gap_wanted = true;
}

/// A front matter value, its `[[links]]` drawn as the note's front matter links (taken from
/// `front` as they are used), the rest as text.
fn front_matter_value(w: &mut Writer, note: &Note, value: &str, front: &mut Vec<usize>) {
    let mut rest = value;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]").map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 2..close];
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t, Some(l)),
            None => (inner, None),
        };
        let target_only = target.split('#').next().unwrap_or(target).trim();
        let found = front
            .iter()
            .position(|&i| note.links[i].raw.target.as_ref() == target_only);
        let Some(at) = found else {
            w.text(&rest[..close + 2], styles::meta());
            rest = &rest[close + 2..];
            continue;
        };
        let i = front.remove(at);
        if open > 0 {
            w.text(&rest[..open], styles::meta());
        }
        w.begin_link(Some(i));
        w.text(
            label.unwrap_or(target).trim(),
            styles::link(note.links[i].status()),
        );
        w.end_link();
        rest = &rest[close + 2..];
    }
    if !rest.is_empty() {
        w.text(rest, styles::meta());
    }
}

/// The name of the field a `key:: value` line gives.
pub(super) fn field_key(line: &str) -> &str {
    line.split_once("::").map_or("", |(key, _)| {
        key.trim().trim_start_matches(['-', '*', '+']).trim()
    })
}
