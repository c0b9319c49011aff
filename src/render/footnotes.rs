//! Footnotes: references numbered as they are met, definitions gathered at the end of the
//! note, each marker a jump to the other end.

use super::blocks::Renderer;
use super::styles;
use pulldown_cmark::{Event, Tag, TagEnd};
use ratatui::style::Style;
use std::collections::HashMap;

/// A note's footnotes. References are numbered as they are met (`[1]`); definitions are
/// drawn together at the end of the note, each marker a jump back to its reference.
#[derive(Debug, Default)]
pub(super) struct Footnotes {
    /// Label → number, in the order of first reference.
    pub(super) numbers: HashMap<String, usize>,
    /// Each reference drawn: its spot and its number.
    pub(super) refs: Vec<(usize, usize)>,
    /// Each definition: its label and where it is in the body.
    pub(super) defs: Vec<(String, std::ops::Range<usize>)>,
    /// Inside a definition met in the text, how deep: its events wait for the end.
    pub(super) deferred: usize,
    /// Drawing the definitions at the end.
    pub(super) drawing: bool,
}

impl Renderer<'_> {
    /// The notes of the footnotes, after the text: numbered as referenced (definitions no
    /// reference names come last), each marker a jump back to its first reference, and each
    /// reference a jump to its note.
    pub(super) fn footnotes_at_end(&mut self) {
        if self.footnotes.defs.is_empty() {
            return;
        }
        let mut defs = std::mem::take(&mut self.footnotes.defs);
        for (label, _) in &defs {
            let next = self.footnotes.numbers.len() + 1;
            self.footnotes.numbers.entry(label.clone()).or_insert(next);
        }
        defs.sort_by_key(|(label, _)| self.footnotes.numbers[label]);
        self.w.block_gap();
        self.w.start_line();
        let rule = usize::from(self.w.width.saturating_sub(self.w.indent_width())).min(12);
        self.w.text(&"─".repeat(rule), styles::meta());
        self.w.flush();
        self.footnotes.drawing = true;
        let mut note_lines: HashMap<usize, usize> = HashMap::new();
        let mut backs: Vec<(usize, usize)> = Vec::new();
        for (label, range) in defs {
            let n = self.footnotes.numbers[&label];
            self.w.start_line();
            note_lines.insert(n, self.w.lines.len());
            let marker = format!("[{n}]");
            let referenced = self.footnotes.refs.iter().any(|&(_, m)| m == n);
            if referenced {
                let spot = self.w.begin_jump();
                self.w.text(&marker, styles::footnote());
                self.w.end_link();
                backs.push((spot, n));
            } else {
                self.w.text(&marker, styles::meta());
            }
            self.w.text(" ", Style::new());
            let hang = u16::try_from(crate::text::str_width(&marker) + 1).unwrap_or(4);
            self.w.push_hanging(hang);
            self.para_inline = true;
            let Some(source) = self.note.body.get(range.clone()) else {
                continue;
            };
            let mut depth = 0usize;
            for (event, at) in
                pulldown_cmark::Parser::new_ext(source, crate::parse::markdown_options())
                    .into_offset_iter()
            {
                let at = at.start + range.start..at.end + range.start;
                match event {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => depth = depth.saturating_sub(1),
                    other if depth > 0 => self.event(other, at),
                    _ => {}
                }
            }
            self.para_inline = false;
            self.w.flush();
            self.w.pop_prefix();
        }
        self.footnotes.drawing = false;
        // Now that every line is placed, each jump learns where it leads.
        for &(spot, n) in &self.footnotes.refs {
            self.w.spots[spot].line = note_lines.get(&n).copied();
        }
        for (spot, n) in backs {
            let first_ref = self
                .footnotes
                .refs
                .iter()
                .find(|&&(_, m)| m == n)
                .and_then(|&(s, _)| self.w.spots[s].pieces.first())
                .map(|p| p.line);
            self.w.spots[spot].line = first_ref;
        }
    }
}
