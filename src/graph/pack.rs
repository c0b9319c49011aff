//! Packing note text: the bodies and hidden pieces of a run of neighbouring notes in one
//! buffer, so that a full-text search reads memory in order. The loader parses each run of
//! notes straight into a [`Packer`]; a note parsed on its own is packed alone
//! ([`pack_one`]).

use crate::parse::ParsedNote;
use crate::text::SharedStr;
use std::ops::Range;
use std::sync::Arc;

/// One buffer being filled with the text of a run of notes, in order: each body, then its
/// hidden pieces (each after a newline), then its title.
///
/// Neighbouring notes' text then lies together in memory: a full-text search reads it in
/// order instead of hopping between 100k small allocations, about twice as fast on a large
/// vault (docs/performance.md). The newline keeps a word (or a regex without `\n`) from
/// joining two pieces.
#[derive(Debug, Default)]
pub struct Packer {
    buf: String,
    notes: Vec<Spans>,
}

/// Where one note's text lies in a [`Packer`]'s buffer.
#[derive(Debug)]
struct Spans {
    body: Range<usize>,
    pieces: Vec<Range<usize>>,
    title: Range<usize>,
}

impl Packer {
    pub fn with_capacity(bytes: usize) -> Packer {
        Packer {
            buf: String::with_capacity(bytes),
            notes: Vec::new(),
        }
    }

    /// The buffer: a note's body is written at its end ([`crate::parse::parse_into`]), then
    /// the note is closed with [`Packer::close`].
    pub fn buf(&mut self) -> &mut String {
        &mut self.buf
    }

    /// Close the note whose body runs from `start` to the end of the buffer: its hidden
    /// pieces and title follow it, and it takes the next place in [`Packer::finish`]'s order.
    pub fn close(&mut self, start: usize, parsed: &mut ParsedNote) {
        let body = start..self.buf.len();
        let mut pieces = Vec::with_capacity(parsed.hidden.len());
        for h in &parsed.hidden {
            self.buf.push('\n');
            let at = self.buf.len();
            self.buf.push_str(&h.text);
            pieces.push(at..self.buf.len());
        }
        let at = self.buf.len();
        self.buf.push_str(&std::mem::take(&mut parsed.title));
        self.notes.push(Spans {
            body,
            pieces,
            title: at..self.buf.len(),
        });
    }

    /// Share the buffer among the notes closed, given in the order they were closed:
    /// their hidden pieces are pointed into the buffer, and each note's text is returned.
    pub fn finish<'a>(self, parsed: impl IntoIterator<Item = &'a mut ParsedNote>) -> Vec<Packed> {
        let mut buf = self.buf;
        buf.shrink_to_fit();
        let buf = Arc::new(buf);
        parsed
            .into_iter()
            .zip(self.notes)
            .map(|(parsed, spans)| {
                for (h, range) in parsed.hidden.iter_mut().zip(spans.pieces) {
                    h.text = SharedStr::piece(&buf, range);
                }
                Packed {
                    body: SharedStr::piece(&buf, spans.body.clone()),
                    all: SharedStr::piece(&buf, spans.body.start..spans.title.start),
                    title: SharedStr::piece(&buf, spans.title),
                }
            })
            .collect()
    }
}

/// Pack the text of one note parsed on its own ([`crate::parse::parse`]), moving its body,
/// hidden pieces and title into one buffer of exactly their size.
pub fn pack_one(parsed: &mut ParsedNote) -> Packed {
    let size = parsed.body.len()
        + parsed
            .hidden
            .iter()
            .map(|h| h.text.len() + 1)
            .sum::<usize>()
        + parsed.title.len();
    let mut packer = Packer::with_capacity(size);
    packer.buf.push_str(&std::mem::take(&mut parsed.body));
    packer.close(0, parsed);
    let mut texts = packer.finish([parsed]);
    // One note closed, one text returned.
    texts.swap_remove(0)
}

/// A note's text as the loader packs it ([`crate::text::SharedStr`]).
#[derive(Debug, Clone)]
pub struct Packed {
    pub body: SharedStr,
    /// The body and then each hidden piece after a newline, in one string.
    pub all: SharedStr,
    pub title: SharedStr,
}
