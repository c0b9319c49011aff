//! Tables: the cells gathered while a table's events pass, then drawn with box rules,
//! each column as wide as its widest cell until the pane is full.
//!
//! What a table keeps is bounded, whatever its size: [`MAX_ROWS`] rows of [`MAX_COLS`]
//! cells of [`MAX_CELL_BYTES`] each, and only the columns that fit the pane are drawn; the
//! rest is counted and named in a closing line. A 15 MB square table would otherwise keep
//! millions of cells and draw lines thousands of columns wide.

use super::blocks::Renderer;
use super::styles;
use crate::text::{clean_line, fit_width, str_width};
use pulldown_cmark::Alignment;
use ratatui::style::{Modifier, Style};

/// Rows kept of one table; the rest are counted.
pub const MAX_ROWS: usize = 2_000;
/// Columns kept of one table; the rest are counted.
pub const MAX_COLS: usize = 64;
/// Text kept of one cell, in bytes.
pub const MAX_CELL_BYTES: usize = 200;

pub(super) struct Table {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    cell: String,
    /// Which cell of the current row is being read.
    col: usize,
    /// The most cells a row had.
    cols_seen: usize,
    rows_dropped: usize,
}

impl Table {
    pub(super) fn new(aligns: Vec<Alignment>) -> Table {
        Table {
            aligns,
            rows: Vec::new(),
            cell: String::new(),
            col: 0,
            cols_seen: 0,
            rows_dropped: 0,
        }
    }

    pub(super) fn start_row(&mut self) {
        self.col = 0;
        if self.rows.len() < MAX_ROWS {
            self.rows.push(Vec::new());
        } else {
            self.rows_dropped += 1;
        }
    }

    pub(super) fn push_text(&mut self, t: &str) {
        if self.keeping() && self.cell.len() < MAX_CELL_BYTES {
            self.cell.push_str(&clean_line(t));
        }
    }

    pub(super) fn end_cell(&mut self) {
        let keeping = self.keeping();
        self.col += 1;
        self.cols_seen = self.cols_seen.max(self.col);
        let mut cell = std::mem::take(&mut self.cell);
        if !keeping {
            return;
        }
        if cell.len() > MAX_CELL_BYTES {
            let mut end = MAX_CELL_BYTES;
            while !cell.is_char_boundary(end) {
                end -= 1;
            }
            cell.truncate(end);
            cell.push('…');
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(cell.trim().to_string());
        }
    }

    /// Is the cell being read one that is kept?
    fn keeping(&self) -> bool {
        self.rows_dropped == 0 && self.col < MAX_COLS
    }
}

impl Renderer<'_> {
    pub(super) fn draw_table(&mut self, t: &Table) {
        let kept = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if kept == 0 {
            return;
        }
        // As many columns as fit at three characters each, with their rules.
        let room = usize::from(self.w.width.saturating_sub(self.w.indent_width()));
        let cols = kept.min((room.saturating_sub(1) / 6).max(1));
        let mut widths = vec![1usize; cols];
        for row in &t.rows {
            for (i, c) in row.iter().take(cols).enumerate() {
                widths[i] = widths[i].max(str_width(c));
            }
        }
        let avail = usize::from(self.w.width.saturating_sub(self.w.indent_width()))
            .saturating_sub(3 * cols + 1);
        // Shrink the widest columns until the table fits.
        while widths.iter().sum::<usize>() > avail && widths.iter().any(|&w| w > 3) {
            let max = widths.iter().copied().max().unwrap_or(0);
            for w in &mut widths {
                if *w == max {
                    *w -= 1;
                }
            }
        }
        let border = |l: &str, m: &str, r: &str| -> String {
            let mut s = l.to_string();
            for (i, w) in widths.iter().enumerate() {
                s.push_str(&"─".repeat(w + 2));
                s.push_str(if i + 1 == cols { r } else { m });
            }
            s
        };
        self.w.text_hard(&border("┌", "┬", "┐"), styles::meta());
        self.w.flush();
        for (r, row) in t.rows.iter().enumerate() {
            self.w.text_hard("│", styles::meta());
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                let cut = fit_width(cell, *w);
                let pad = w - str_width(&cut);
                let (left, right) = match t.aligns.get(i) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                let style = if r == 0 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                self.w.text_hard(
                    &format!(" {}{}{} ", " ".repeat(left), cut, " ".repeat(right)),
                    style,
                );
                self.w.text_hard("│", styles::meta());
            }
            self.w.flush();
            if r == 0 {
                self.w.text_hard(&border("├", "┼", "┤"), styles::meta());
                self.w.flush();
            }
        }
        self.w.text_hard(&border("└", "┴", "┘"), styles::meta());
        self.w.flush();
        let more_cols = t.cols_seen.saturating_sub(cols);
        let more = [(more_cols, "column"), (t.rows_dropped, "row")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} more {what}{}", if n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>();
        if !more.is_empty() {
            self.w
                .text(&format!("… {} not shown", more.join(", ")), styles::meta());
            self.w.flush();
        }
        self.w.gap_wanted = true;
    }
}
