//! A terminal backend that remembers which columns each drawn cluster covers.
//!
//! ratatui sends a frame as the cells that changed since the last one. A cluster drawn two
//! or more columns wide (a CJK character, a Bengali consonant with its vowel sign) covers
//! cells that the buffer holds as blanks and never sends. Terminals that store text code
//! point by code point (tmux, xterm) keep the vowel sign in the covered column; when the
//! next frame puts a narrower cell where the cluster began, the covered columns are blank
//! in both frames, so ratatui sends nothing for them and the vowel sign stays on screen.
//! This backend keeps the widths it drew at each position and, when a cluster gives way to
//! something narrower, sends the columns it covered again, so that no fragment of an old
//! frame survives.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect, Size};

/// The columns a cell takes as it is drawn.
fn drawn_width(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => u16::try_from(unicode_width::UnicodeWidthStr::width(cell.symbol()))
            .unwrap_or(1)
            .max(1),
    }
}

pub struct Screen<B> {
    inner: B,
    /// What the terminal shows, as far as this backend has drawn it.
    shown: Buffer,
    /// For each position, the width of the cluster drawn there; 0 where a cluster to the
    /// left covers it.
    widths: Vec<u16>,
}

impl<B: Backend> Screen<B> {
    pub fn new(inner: B) -> Screen<B> {
        Screen {
            inner,
            shown: Buffer::empty(Rect::default()),
            widths: Vec::new(),
        }
    }

    /// Forget what was drawn: the terminal was cleared (or resized).
    fn forget(&mut self, size: Size) {
        self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
        self.widths = vec![1; self.shown.content.len()];
    }

    /// The cells of `diff` and, after them in screen order, the columns that clusters now
    /// replaced had covered, from what the frame holds there.
    fn with_uncovered(&mut self, diff: Vec<(u16, u16, Cell)>) -> Vec<(u16, u16, Cell)> {
        let area = self.shown.area;
        let index = |x: u16, y: u16| usize::from(y) * usize::from(area.width) + usize::from(x);
        let inside = |x: u16, y: u16| x < area.width && y < area.height;
        let mut uncovered = Vec::new();
        for (x, y, cell) in &diff {
            if !inside(*x, *y) {
                continue;
            }
            let old = self.widths[index(*x, *y)];
            let new = drawn_width(cell);
            for k in new..old {
                let (ux, uy) = (x.saturating_add(k), *y);
                if inside(ux, uy) {
                    // No longer under the old cluster; the new frame may cover it again.
                    self.widths[index(ux, uy)] = 1;
                    uncovered.push((ux, uy));
                }
            }
        }
        for (x, y, cell) in &diff {
            if !inside(*x, *y) {
                continue;
            }
            let i = index(*x, *y);
            self.shown.content[i] = cell.clone();
            let w = drawn_width(cell);
            self.widths[i] = w;
            for k in 1..w {
                if inside(x + k, *y) {
                    self.widths[i + usize::from(k)] = 0;
                }
            }
        }
        let mut out = diff;
        for (x, y) in uncovered {
            if !inside(x, y) || out.iter().any(|(dx, dy, _)| (*dx, *dy) == (x, y)) {
                continue;
            }
            let i = index(x, y);
            // Still covered in the new frame (by a cluster drawn just before it): not ours.
            if self.widths[i] == 0 {
                continue;
            }
            self.widths[i] = 1;
            out.push((x, y, self.shown.content[i].clone()));
        }
        out.sort_by_key(|(x, y, _)| (*y, *x));
        out
    }
}

impl<B: Backend> Backend for Screen<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let size = self.inner.size()?;
        if self.shown.area.width != size.width || self.shown.area.height != size.height {
            self.forget(size);
        }
        let diff: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let cells = self.with_uncovered(diff);
        self.inner.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        let size = self.inner.size()?;
        self.forget(size);
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        // Whatever part was cleared, nothing drawn before is trusted.
        let size = self.inner.size()?;
        self.forget(size);
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

impl<B: std::io::Write> std::io::Write for Screen<B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::Write::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use std::num::NonZeroU16;

    fn cluster(symbol: &str, w: u16) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol)
            .set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::new(w).unwrap()));
        c
    }

    #[test]
    fn the_columns_a_replaced_cluster_covered_are_sent_again() {
        let mut screen = Screen::new(TestBackend::new(6, 1));
        let wide = cluster("নো", 2);
        let mut a = Cell::default();
        a.set_symbol("a");
        // ratatui sends the cluster alone: the column it covers is blank in the buffer.
        screen.draw([(0, 0, &wide)].into_iter()).unwrap();
        // The next frame: a plain letter where the cluster began. Only its cell changed.
        let diff = screen.with_uncovered(vec![(0, 0, a.clone())]);
        let sent: Vec<(u16, u16, &str)> =
            diff.iter().map(|(x, y, c)| (*x, *y, c.symbol())).collect();
        assert_eq!(sent, [(0, 0, "a"), (1, 0, " ")]);
        // A cluster replaced by another as wide sends nothing more.
        let diff = screen.with_uncovered(vec![(2, 0, wide.clone())]);
        assert_eq!(diff.len(), 1);
        let diff = screen.with_uncovered(vec![(2, 0, cluster("টে", 2))]);
        assert_eq!(diff.len(), 1);
    }

    #[test]
    fn a_new_cluster_keeps_the_column_it_covers() {
        let mut screen = Screen::new(TestBackend::new(6, 1));
        screen.forget(Size::new(6, 1));
        let _ = screen.with_uncovered(vec![(0, 0, cluster("ক্ষত্রি", 3))]);
        // Narrower at 0, and a new wide cluster at 1 covering 2: column 2 is not sent.
        let mut a = Cell::default();
        a.set_symbol("a");
        let diff = screen.with_uncovered(vec![(0, 0, a), (1, 0, cluster("中", 2))]);
        let sent: Vec<(u16, &str)> = diff.iter().map(|(x, _, c)| (*x, c.symbol())).collect();
        assert_eq!(sent, [(0, "a"), (1, "中")]);
    }
}
