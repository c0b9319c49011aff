//! Embeds drawn in place (transclusion): `![[Note]]` shows the note's text, `![[Note#Heading]]`
//! its section, `![[Note#^block]]` its block, inside a frame headed by where it comes from.
//! Links inside are the embedded note's, and followable. A note already being drawn (a note
//! embedding itself, or A ↔ B) is named with a cycle marker instead; past
//! [`super::MAX_EMBED_DEPTH`] notes deep, or [`super::MAX_EMBEDDED`] bytes, an embed stays a
//! one-line placeholder.

use super::blocks::Renderer;
use super::styles;
use crate::graph::{Note, Target};
use crate::parse::markdown_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

impl Renderer<'_> {
    /// At `![[…]]`, link `i` of the note: when it embeds a note that can be drawn here, open
    /// its frame with a heading line that is the link itself, and return true; the text
    /// follows when the embed's tag ends.
    pub(super) fn begin_embed(&mut self, i: usize) -> bool {
        let link = &self.note.links[i];
        let Target::Note(id) = link.target else {
            return false;
        };
        if link.status() == crate::graph::Status::Broken {
            return false;
        }
        let target = self.graph.note(id);
        let cycle = self.chain.contains(&id);
        if !cycle
            && (self.chain.len() > super::MAX_EMBED_DEPTH
                || self.w.embedded + target.body.len() > super::MAX_EMBEDDED)
        {
            return false;
        }
        let mut head = format!("⧉ {}", target.title);
        if let Some(section) = link.raw.fragment.as_deref() {
            match section {
                crate::parse::Fragment::Heading(h) => {
                    for part in h {
                        head.push_str(" › ");
                        head.push_str(part);
                    }
                }
                crate::parse::Fragment::Block(b) => {
                    head.push_str(" › ^");
                    head.push_str(b);
                }
            }
        }
        let style = self.style().patch(styles::embed_head());
        if cycle {
            // Drawn in line, as a placeholder would be: the note is already on the page.
            head.push_str(" ↻ already on this page");
            self.w.text(&format!("[{head}]"), style);
        } else {
            self.w.flush();
            self.w.block_gap();
            self.w.push_prefix("┃ ", styles::embed());
            self.w.text(&head, style);
            self.embedding = Some(i);
        }
        // The label that follows repeats the name; it is not shown.
        self.w.mute += 1;
        true
    }

    /// The end of `![[…]]`, link `i`: the embedded text, then the frame closes.
    pub(super) fn end_embed(&mut self, i: usize) {
        let link = &self.note.links[i];
        let Target::Note(id) = link.target else {
            return;
        };
        let target = self.graph.note(id);
        let range = embedded_range(target, link.place());
        self.w.flush();
        self.w.embedded += range.len();
        let mut chain = self.chain.clone();
        chain.push(id);
        let width = self.w.width;
        let mut w = std::mem::replace(&mut self.w, super::writer::Writer::new(width));
        let owner = w.owner.replace(id);
        let mut sub = Renderer::new(w, self.graph, target, self.look, chain);
        for (event, at) in
            Parser::new_ext(&target.body[range.clone()], markdown_options()).into_offset_iter()
        {
            sub.event(event, at.start + range.start..at.end + range.start);
        }
        sub.w.flush();
        sub.footnotes_at_end();
        self.w = sub.w;
        self.w.owner = owner;
        self.w.flush();
        self.w.pop_prefix();
        self.w.gap_wanted = true;
    }
}

/// The part of `note`'s body an embed shows: all of it, or from the heading at `place` to
/// the next heading of its level or above, or the block at `place`.
fn embedded_range(note: &Note, place: Option<usize>) -> Range<usize> {
    let body = note.body.len();
    let Some(place) = place else {
        return 0..body;
    };
    if let Some(h) = note.headings.iter().position(|h| h.offset == place) {
        let level = note.headings[h].level;
        let end = note.headings[h + 1..]
            .iter()
            .find(|n| n.level <= level)
            .map_or(body, |n| n.offset);
        return place..end;
    }
    block_at(&note.body, place)
}

/// The block that holds byte `place` of `body`: the innermost list item, else the outermost
/// block. A `^id` on a line of its own names the block before it.
fn block_at(body: &str, place: usize) -> Range<usize> {
    let mut depth = 0usize;
    let mut outer: Option<Range<usize>> = None;
    let mut item: Option<Range<usize>> = None;
    let mut before: Option<Range<usize>> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let holds = range.start <= place && place < range.end;
                if holds && depth == 0 {
                    outer = Some(range.clone());
                }
                if holds && matches!(tag, Tag::Item) {
                    item = Some(range.clone());
                }
                if depth == 0 && range.end <= place {
                    before = Some(range);
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && outer.is_some() && !matches!(tag, TagEnd::Item) {
                    break;
                }
            }
            _ if depth == 0 && range.end <= place => before = Some(range),
            _ => {}
        }
    }
    item.or(outer).or(before).unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::block_at;

    #[test]
    fn a_block_is_its_item_or_its_paragraph_or_the_one_before_its_own_line() {
        let body = "First para\nstill first.\n\n- one\n- two\n  more\n\nLast\n\n";
        let at = |s: &str| body.find(s).unwrap();
        assert_eq!(
            &body[block_at(body, at("still"))],
            "First para\nstill first.\n"
        );
        assert_eq!(
            &body[block_at(body, at("two"))].trim_end(),
            &"- two\n  more"
        );
        let own_line = body.len() - 1;
        assert_eq!(&body[block_at(body, own_line)], "Last\n");
    }
}
