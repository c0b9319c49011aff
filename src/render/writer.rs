//! The wrapping writer: places text into lines of a fixed width, word by word, under a
//! stack of prefixes (quote bars, list indents), and records where each link and block
//! landed. Every piece of text is cleaned of control characters here.

use super::{LinkSpot, Piece};
use crate::text::{clean_line, str_width};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The most prefixes (quote bars, list indents) a line shows; nesting deeper renders flat
/// under one marker. Keeps a line's cost bounded whatever the nesting.
const MAX_PREFIXES: usize = 24;

/// Places text into lines of a fixed width, word by word, under a stack of prefixes (quote bars,
/// list indents).
pub(super) struct Writer {
    pub(super) width: u16,
    pub(super) lines: Vec<Line<'static>>,
    pub(super) cur: Vec<Span<'static>>,
    pub(super) cur_width: u16,
    pub(super) prefixes: Vec<(String, Style)>,
    /// Each open style patched onto the ones below it, so the current style is the top.
    style_stack: Vec<Style>,
    /// Prefixes opened past [`MAX_PREFIXES`], shown as one marker rather than each.
    hidden_prefixes: usize,
    pub(super) gap_wanted: bool,
    pub(super) spots: Vec<LinkSpot>,
    pub(super) open_spot: Option<usize>,
    pub(super) anchors: Vec<(usize, usize)>,
    pub(super) mute: usize,
    /// How many spans at the start of the current line are prefixes (quote bars, indents).
    pub(super) prefix_spans: usize,
    /// The last text placed (or dropped at a line end) was white space: the next word starts
    /// a new word rather than continuing one.
    pub(super) after_space: bool,
    /// The note whose links are being drawn, when it is one embedded in the page rather than
    /// the page's own ([`LinkSpot::from`]).
    pub(super) owner: Option<crate::graph::NoteId>,
    /// Blocks begun, the page's and its embeds' alike.
    pub(super) blocks: usize,
    /// Bytes of other notes drawn into the page so far ([`super::MAX_EMBEDDED`]).
    pub(super) embedded: usize,
    /// Code blocks to colour once laid out.
    pub(super) code: Vec<super::CodeBlock>,
}

impl Writer {
    pub(super) fn new(width: u16) -> Writer {
        Writer {
            width,
            lines: Vec::new(),
            cur: Vec::new(),
            cur_width: 0,
            prefixes: Vec::new(),
            style_stack: Vec::new(),
            hidden_prefixes: 0,
            gap_wanted: false,
            spots: Vec::new(),
            open_spot: None,
            anchors: Vec::new(),
            mute: 0,
            prefix_spans: 0,
            after_space: true,
            owner: None,
            blocks: 0,
            embedded: 0,
            code: Vec::new(),
        }
    }

    pub(super) fn style(&self) -> Style {
        self.style_stack.last().copied().unwrap_or_default()
    }

    /// Open a style over the current one (emphasis, a quote). Constant time however deep
    /// the nesting: an emphasis storm of 80k markers would otherwise fold the whole stack
    /// for every word.
    pub(super) fn push_style(&mut self, style: Style) {
        let combined = self.style().patch(style);
        self.style_stack.push(combined);
    }

    pub(super) fn pop_style(&mut self) {
        self.style_stack.pop();
    }

    pub(super) fn indent_width(&self) -> u16 {
        let w: usize = self.prefixes.iter().map(|(p, _)| str_width(p)).sum();
        u16::try_from(w)
            .unwrap_or(u16::MAX)
            .min(self.width.saturating_sub(4))
    }

    /// A block of the page begins at `offset` in its body. Offsets in an embedded note are
    /// not the page's, so its blocks are counted but not kept.
    pub(super) fn anchor(&mut self, offset: usize) {
        self.blocks += 1;
        if self.owner.is_some() {
            return;
        }
        let line = self.lines.len() + usize::from(!self.cur.is_empty());
        self.anchors.push((offset, line));
    }

    pub(super) fn push_prefix(&mut self, p: &str, style: Style) {
        if self.prefixes.len() >= MAX_PREFIXES {
            // Deeper nesting than a page can show: one marker stands for every level past
            // the limit, and the text below renders flat.
            if self.hidden_prefixes == 0 {
                self.prefixes
                    .push(("» ".to_string(), super::styles::meta()));
            }
            self.hidden_prefixes += 1;
            return;
        }
        self.prefixes.push((p.to_string(), style));
    }

    /// An indent that shows as blank: the hanging indent of a list item's later lines.
    pub(super) fn push_hanging(&mut self, width: u16) {
        self.push_prefix(&" ".repeat(usize::from(width)), Style::new());
    }

    pub(super) fn pop_prefix(&mut self) {
        if self.hidden_prefixes > 0 {
            self.hidden_prefixes -= 1;
            if self.hidden_prefixes == 0 {
                self.prefixes.pop();
            }
            return;
        }
        self.prefixes.pop();
    }

    pub(super) fn block_gap(&mut self) {
        self.flush();
        if self.gap_wanted && self.lines.last().is_some_and(|l| !l.spans.is_empty()) {
            self.start_line();
            self.flush_line();
        }
        self.gap_wanted = false;
    }

    pub(super) fn start_line(&mut self) {
        if !self.cur.is_empty() {
            return;
        }
        let mut width = 0u16;
        for (p, style) in &self.prefixes {
            let w = u16::try_from(str_width(p)).unwrap_or(0);
            if width + w > self.width.saturating_sub(4) {
                break;
            }
            self.cur.push(Span::styled(p.clone(), *style));
            width += w;
        }
        self.prefix_spans = self.cur.len();
        self.cur_width = width;
    }

    pub(super) fn flush(&mut self) {
        if !self.cur.is_empty() {
            self.flush_line();
        }
    }

    pub(super) fn flush_line(&mut self) {
        self.after_space = true;
        let spans = std::mem::take(&mut self.cur);
        self.lines.push(Line::from(spans));
        self.cur_width = 0;
    }

    /// The lines, spots, anchors and code blocks placed, as a laid-out page.
    pub(super) fn into_rendered(self) -> super::Rendered {
        super::Rendered {
            lines: self.lines,
            links: self.spots,
            anchors: self.anchors,
            code: self.code,
        }
    }

    /// Open `spot`: what is placed until [`Writer::end_link`] makes its pieces. Returns its
    /// index.
    fn open(&mut self, spot: LinkSpot) -> usize {
        self.spots.push(spot);
        let i = self.spots.len() - 1;
        self.open_spot = Some(i);
        i
    }

    /// Open a spot for link `index` of the note being drawn.
    pub(super) fn begin_link(&mut self, index: Option<usize>) {
        if let Some(link) = index {
            self.open(LinkSpot {
                link,
                from: self.owner,
                ..blank()
            });
        }
    }

    /// Open a spot that is a jump within the page (its line is set once known); returns its
    /// index.
    pub(super) fn begin_jump(&mut self) -> usize {
        self.open(blank())
    }

    /// Open a spot that folds or unfolds the callout starting at `offset`.
    pub(super) fn begin_fold(&mut self, offset: usize) {
        self.open(LinkSpot {
            fold: Some(offset),
            ..blank()
        });
    }

    /// Open a spot that leads to the page of tag `id`.
    pub(super) fn begin_tag(&mut self, id: crate::graph::TagId) {
        self.open(LinkSpot {
            tag: Some(id),
            ..blank()
        });
    }

    pub(super) fn end_link(&mut self) {
        self.open_spot = None;
    }

    pub(super) fn note_piece(&mut self, start: u16, width: u16) {
        if let Some(i) = self.open_spot {
            let line = self.lines.len();
            let pieces = &mut self.spots[i].pieces;
            match pieces.last_mut() {
                Some(p) if p.line == line && p.col + p.width == start => p.width += width,
                _ => pieces.push(Piece {
                    line,
                    col: start,
                    width,
                }),
            }
        }
    }

    pub(super) fn push_span(&mut self, s: String, style: Style, width: u16) {
        let start = self.cur_width;
        self.note_piece(start, width);
        match self.cur.last_mut() {
            Some(last)
                if last.style == style
                    && !self
                        .prefixes
                        .iter()
                        .any(|(p, _)| p == last.content.as_ref()) =>
            {
                last.content.to_mut().push_str(&s);
            }
            _ => self.cur.push(Span::styled(s, style)),
        }
        self.cur_width += width;
    }

    /// Text that wraps at word boundaries.
    pub(super) fn text(&mut self, t: &str, style: Style) {
        if self.mute > 0 {
            return;
        }
        let t = clean_line(t);
        for word in split_words(&t) {
            let is_space = word.chars().all(char::is_whitespace);
            if is_space {
                let ww = u16::try_from(str_width(word)).unwrap_or(u16::MAX);
                self.start_line();
                self.after_space = true;
                if self.cur_width + ww <= self.width && self.cur_width > self.indent_width() {
                    self.push_span(word.to_string(), style, ww);
                }
                continue;
            }
            // A run without spaces may still break where Unicode allows (between CJK
            // characters, after some punctuation): each piece after the first starts where
            // a line may end.
            for (k, piece) in break_pieces(word).into_iter().enumerate() {
                self.place_word(piece, style, k > 0);
            }
        }
    }

    /// Place one unbreakable piece of text. `breakable` says that a line may end just
    /// before it although no space does.
    fn place_word(&mut self, word: &str, style: Style, breakable: bool) {
        let ww = u16::try_from(str_width(word)).unwrap_or(u16::MAX);
        self.start_line();
        let glued = !std::mem::replace(&mut self.after_space, false) && !breakable;
        if self.cur_width + ww > self.width && self.cur_width > self.indent_width() {
            // A word glued to the end of the line (punctuation after a link, a word split
            // across emphasis) moves down with the part of it already placed.
            if !(glued && self.carry_glued_tail(ww)) {
                self.flush_line();
                self.start_line();
            }
        }
        if self.cur_width + ww <= self.width {
            self.push_span(word.to_string(), style, ww);
        } else {
            self.text_hard(word, style);
        }
    }

    /// Move the unbroken run of text at the end of the line (after its last space) to a new
    /// line, so that `word` of width `ww`, glued to it, can follow. Link positions on the
    /// moved run move with it. Returns false (nothing moved) when the line does not end in
    /// the middle of a word, or when the run and the word would not fit a line either.
    pub(super) fn carry_glued_tail(&mut self, ww: u16) -> bool {
        let Some(last) = self.cur.last() else {
            return false;
        };
        if self.cur.len() <= self.prefix_spans || last.content.ends_with(' ') {
            return false;
        }
        // Find the cut: just after the last space in the text spans.
        let mut cut = None;
        for i in (self.prefix_spans..self.cur.len()).rev() {
            if let Some(pos) = self.cur[i].content.rfind(' ') {
                cut = Some((i, pos + 1));
                break;
            }
        }
        let Some((span_i, byte)) = cut else {
            return false;
        };
        let mut tail: Vec<Span<'static>> = Vec::new();
        let first_tail = self.cur[span_i].content[byte..].to_string();
        if !first_tail.is_empty() {
            tail.push(Span::styled(first_tail, self.cur[span_i].style));
        }
        tail.extend(self.cur[span_i + 1..].iter().cloned());
        let tail_w: u16 = tail
            .iter()
            .map(|s| u16::try_from(str_width(&s.content)).unwrap_or(u16::MAX))
            .sum();
        let indent = self.indent_width();
        if tail_w == 0 || indent + tail_w + ww > self.width {
            return false;
        }
        let cut_col = self.cur_width - tail_w;
        self.cur.truncate(span_i + 1);
        let kept = self.cur[span_i].content[..byte].to_string();
        self.cur[span_i].content = kept.into();
        self.cur_width = cut_col;
        let old_line = self.lines.len();
        self.flush_line();
        self.start_line();
        let new_col = self.cur_width;
        for span in tail {
            self.cur.push(span);
        }
        self.cur_width += tail_w;
        // Link pieces that stood on the moved run follow it to the new line.
        for spot in &mut self.spots {
            let mut moved = Vec::new();
            for piece in &mut spot.pieces {
                let Piece {
                    line,
                    col: start,
                    width: w,
                } = *piece;
                if line != old_line || start + w <= cut_col {
                    continue;
                }
                if start >= cut_col {
                    *piece = Piece {
                        line: old_line + 1,
                        col: new_col + (start - cut_col),
                        width: w,
                    };
                } else {
                    // A link label with a space in it, cut at that space.
                    piece.width = cut_col - start;
                    moved.push(Piece {
                        line: old_line + 1,
                        col: new_col,
                        width: start + w - cut_col,
                    });
                }
            }
            spot.pieces.extend(moved);
        }
        // The word about to be placed continues the moved run.
        self.after_space = false;
        true
    }

    /// Text that breaks at the margin wherever it falls (code, long words), between clusters.
    pub(super) fn text_hard(&mut self, t: &str, style: Style) {
        self.text_hard_into(t, style, None);
    }

    /// [`Writer::text_hard`], noting in `pieces` where each piece of `t` went: (line, span).
    pub(super) fn text_hard_into(
        &mut self,
        t: &str,
        style: Style,
        mut pieces: Option<&mut Vec<(usize, usize)>>,
    ) {
        if self.mute > 0 {
            return;
        }
        let t = clean_line(t);
        self.start_line();
        let mut buf = String::new();
        let mut bw = 0u16;
        // By cluster: a letter keeps its marks, an emoji sequence stays whole.
        for (g, gw) in crate::text::clusters(&t) {
            let cw = u16::try_from(gw).unwrap_or(0);
            if self.cur_width + bw + cw > self.width {
                if !buf.is_empty() {
                    self.push_span(std::mem::take(&mut buf), style, bw);
                    if let Some(p) = pieces.as_deref_mut() {
                        p.push((self.lines.len(), self.cur.len() - 1));
                    }
                    bw = 0;
                }
                self.flush_line();
                self.start_line();
                if self.cur_width + cw > self.width {
                    // Not even one character fits after the prefixes; drop it.
                    continue;
                }
            }
            buf.push_str(g);
            bw += cw;
        }
        if !buf.is_empty() {
            self.push_span(buf, style, bw);
            if let Some(p) = pieces {
                p.push((self.lines.len(), self.cur.len() - 1));
            }
        }
    }
}

/// A spot that is none of the note's links and leads nowhere yet.
fn blank() -> LinkSpot {
    LinkSpot {
        link: super::NO_LINK,
        from: None,
        pieces: Vec::new(),
        line: None,
        fold: None,
        tag: None,
    }
}

/// A run of text without spaces cut where a line may end inside it, by the Unicode line
/// breaking algorithm (UAX #14): between CJK characters, after a CJK comma, never before a
/// closing bracket or inside a cluster. ASCII runs are kept whole, as they always were.
pub(super) fn break_pieces(word: &str) -> Vec<&str> {
    use unicode_segmentation::UnicodeSegmentation as _;
    if word.is_ascii() {
        return vec![word];
    }
    let clusters: Vec<usize> = word.grapheme_indices(true).map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in unicode_linebreak::linebreaks(word) {
        if at > start && at < word.len() && clusters.binary_search(&at).is_ok() {
            out.push(&word[start..at]);
            start = at;
        }
    }
    out.push(&word[start..]);
    out
}

/// Split into runs of white space and runs of anything else, keeping both.
pub(super) fn split_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in s.char_indices() {
        let is = c == ' ';
        if space.is_some_and(|sp| sp != is) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::graph::Input;
    use crate::render::{Rendered, render};

    fn laid_out(text: &str, width: u16) -> (Vec<String>, Rendered) {
        let parsed = crate::parse::parse("n", text);
        let g = Graph::build(vec![Input::new("n.md".into(), 0, parsed)], &[]);
        let r = render(&g, &g.notes()[0], width);
        let lines = r
            .lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        (lines, r)
    }

    #[test]
    fn punctuation_after_a_link_wraps_with_it() {
        let (lines, r) = laid_out("aaaa bbbb cccc dddd [[link]]. After the link.", 24);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc dddd", "link. After the link."]);
        // The link's place moved with it.
        assert_eq!(
            r.links[0].pieces,
            vec![Piece {
                line: 4,
                col: 0,
                width: 4
            }]
        );
    }

    #[test]
    fn a_dropped_space_at_the_margin_is_still_a_word_break() {
        let (lines, _) = laid_out("aaaa bbbb cccc dddd [[link]]. After the link.", 25);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc dddd link.", "After the link."]);
    }

    #[test]
    fn a_link_label_with_spaces_splits_its_piece_at_the_cut() {
        let (lines, r) = laid_out("aaaa bbbb cccc [[t|the label]]! end", 21);
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        assert_eq!(body, vec!["aaaa bbbb cccc the", "label! end"]);
        assert_eq!(
            r.links[0].pieces,
            vec![
                Piece {
                    line: 3,
                    col: 15,
                    width: 4
                },
                Piece {
                    line: 4,
                    col: 0,
                    width: 5
                }
            ]
        );
    }

    #[test]
    fn cjk_breaks_between_characters_not_only_at_spaces() {
        let (lines, _) = laid_out(
            "trail 这是一个测试笔记，用于检查换行。日本語のテストです。",
            20,
        );
        let body: Vec<&str> = lines.iter().skip(3).map(String::as_str).collect();
        // The first line is filled, not cut at the space after "trail".
        assert_eq!(body[0], "trail 这是一个测试笔");
        for l in &body {
            assert!(str_width(l) <= 20, "{l:?}");
            // Closing punctuation never starts a line.
            assert!(!l.starts_with(['，', '。']), "{body:?}");
        }
        assert_eq!(
            body.concat(),
            "trail 这是一个测试笔记，用于检查换行。日本語のテストです。"
        );
    }

    #[test]
    fn a_cluster_is_never_split_across_lines() {
        use unicode_segmentation::UnicodeSegmentation as _;
        let text = "বিদ্যালয়পরীক্ষাস্বাধীনতা 👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦 क्षत्रियक्षत्रियक्षत्रिय";
        for width in [8, 9, 10, 13] {
            let (lines, _) = laid_out(text, width);
            let body: Vec<&String> = lines.iter().skip(3).collect();
            for l in &body {
                assert!(str_width(l) <= usize::from(width), "{l:?} at {width}");
            }
            // Joined again, the lines give back every cluster of the text, whole.
            let joined: String = body
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let want: Vec<&str> = text.split(' ').flat_map(|w| w.graphemes(true)).collect();
            let got: Vec<&str> = joined.split(' ').flat_map(|w| w.graphemes(true)).collect();
            assert_eq!(got, want, "at {width}");
        }
    }

    #[test]
    fn lines_never_exceed_the_width() {
        let (lines, _) = laid_out(
            "a **bold**, *it*. [[x]]; `code`: ok. A verylongwordthatcannotfitanywhere at all.",
            12,
        );
        for l in lines {
            assert!(str_width(&l) <= 12, "{l:?}");
        }
    }
}
