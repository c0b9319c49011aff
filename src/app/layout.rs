//! Where each pane goes, as a pure function of the terminal size, the focused pane and
//! whether the side pane is shown. Wide terminals get three panes; narrow ones the reader and
//! one side pane; very narrow ones the focused pane alone.

use super::Focus;
use ratatui::layout::Rect;

/// Below this width the reader shares the screen with one pane only.
pub const THREE_PANES: u16 = 100;
/// Below this width only the focused pane is shown.
pub const TWO_PANES: u16 = 60;
/// Lines longer than this are hard to read; wider readers keep a margin instead (the
/// config's `wrap` sets another).
pub const MAX_TEXT_WIDTH: u16 = 100;

/// The rectangles of one frame. A pane that is not shown is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub top: Option<Rect>,
    pub status: Option<Rect>,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub side: Option<Rect>,
    /// The box of the quick-open and full-text prompts, over the panes.
    pub prompt: Rect,
}

/// Rows at the top of the prompt box's inside taken by the input line and its hint.
pub const PROMPT_HEADER_ROWS: u16 = 2;

/// A box in the middle of `area`, at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The `?` overlay's box: as wide as the help reads well, as tall as the screen allows.
pub fn help_area(size: Rect) -> Rect {
    centered(
        size,
        size.width.min(78),
        size.height.saturating_sub(2).max(3),
    )
}

/// The link preview's box: most of the screen's width, about half its height.
pub fn peek_area(size: Rect) -> Rect {
    centered(
        size,
        (size.width.saturating_mul(3) / 4).clamp(20.min(size.width), 90),
        (size.height / 2).max(8.min(size.height)),
    )
}

/// The local graph's box: most of the screen.
pub fn graph_area(size: Rect) -> Rect {
    centered(
        size,
        size.width.saturating_sub(4).min(120),
        size.height.saturating_sub(2).max(3.min(size.height)),
    )
}

/// The outline's box for `headings` rows: at the right of the screen, over the reader.
pub fn outline_area(size: Rect, headings: usize) -> Rect {
    let width = size.width.saturating_sub(4).min(48);
    let height = u16::try_from(headings)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(size.height.saturating_sub(2))
        .max(3.min(size.height));
    let left = size.x + size.width.saturating_sub(width + 2);
    let top = size.y + 1.min(size.height);
    Rect::new(left, top, width, height).intersection(size)
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

impl Areas {
    pub fn compute(size: Rect, focus: Focus, side_visible: bool) -> Areas {
        let mut areas = Areas {
            prompt: centered(
                size,
                size.width.saturating_sub(6).clamp(10, 110),
                size.height.saturating_sub(4).max(3),
            ),
            ..Areas::default()
        };
        let mut body = size;
        if size.height >= 3 {
            areas.top = Some(Rect::new(size.x, size.y, size.width, 1));
            body.y += 1;
            body.height -= 1;
        }
        if size.height >= 2 {
            areas.status = Some(Rect::new(size.x, size.y + size.height - 1, size.width, 1));
            body.height -= 1;
        }
        let w = body.width;
        let col = |x: u16, width: u16| Rect::new(body.x + x, body.y, width, body.height);
        if w >= THREE_PANES {
            let lw = (w * 22 / 100).max(24);
            let sw = if side_visible {
                (w * 26 / 100).max(28)
            } else {
                0
            };
            areas.list = Some(col(0, lw));
            areas.reader = Some(col(lw, w - lw - sw));
            if sw > 0 {
                areas.side = Some(col(w - sw, sw));
            }
        } else if w >= TWO_PANES {
            let pw = w * 38 / 100;
            match focus {
                Focus::List => {
                    areas.list = Some(col(0, pw));
                    areas.reader = Some(col(pw, w - pw));
                }
                _ if side_visible => {
                    areas.reader = Some(col(0, w - pw));
                    areas.side = Some(col(w - pw, pw));
                }
                _ => areas.reader = Some(body),
            }
        } else {
            match focus {
                Focus::List => areas.list = Some(body),
                Focus::Side if side_visible => areas.side = Some(body),
                _ => areas.reader = Some(body),
            }
        }
        areas
    }

    /// Rows of results the prompt box can show.
    pub fn prompt_rows(&self) -> u16 {
        inner(self.prompt).height.saturating_sub(PROMPT_HEADER_ROWS)
    }

    pub fn reader_inner(&self) -> Option<Rect> {
        self.reader.map(inner)
    }

    pub fn list_inner(&self) -> Option<Rect> {
        self.list.map(inner)
    }

    pub fn side_inner(&self) -> Option<Rect> {
        self.side.map(inner)
    }

    /// The width the reader lays text out at: its inside, at most `max` columns. When the
    /// reader is hidden, the width it would have on its own.
    pub fn reader_text_width(&self, max: u16) -> u16 {
        let max = max.max(1);
        let w = self
            .reader_inner()
            .map_or(max, |r| r.width.saturating_sub(1));
        w.clamp(1, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_has_three_panes() {
        let a = Areas::compute(Rect::new(0, 0, 120, 40), Focus::List, true);
        assert!(a.list.is_some() && a.reader.is_some() && a.side.is_some());
        let total: u16 = [a.list, a.reader, a.side]
            .iter()
            .flatten()
            .map(|r| r.width)
            .sum();
        assert_eq!(total, 120);
    }

    #[test]
    fn narrow_shows_reader_with_one_pane() {
        let a = Areas::compute(Rect::new(0, 0, 80, 24), Focus::Reader, true);
        assert!(a.list.is_none() && a.reader.is_some() && a.side.is_some());
        let a = Areas::compute(Rect::new(0, 0, 80, 24), Focus::List, true);
        assert!(a.list.is_some() && a.reader.is_some() && a.side.is_none());
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 3), (5, 2), (59, 3), (99, 4)] {
            for focus in [Focus::List, Focus::Reader, Focus::Side] {
                let a = Areas::compute(Rect::new(0, 0, w, h), focus, true);
                for r in [a.top, a.status, a.list, a.reader, a.side]
                    .into_iter()
                    .flatten()
                {
                    assert!(r.right() <= w && r.bottom() <= h, "{r:?} in {w}x{h}");
                }
            }
        }
    }
}
