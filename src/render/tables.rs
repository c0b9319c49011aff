//! Tables: the cells gathered while a table's events pass, then drawn with box rules,
//! each column as wide as its widest cell until the pane is full.

use super::blocks::Renderer;
use super::styles;
use crate::text::{fit_width, str_width};
use pulldown_cmark::Alignment;
use ratatui::style::{Modifier, Style};

pub(super) struct Table {
    pub(super) aligns: Vec<Alignment>,
    pub(super) rows: Vec<Vec<String>>,
    pub(super) cell: String,
}

impl Renderer<'_> {
    pub(super) fn draw_table(&mut self, t: &Table) {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let mut widths = vec![1usize; cols];
        for row in &t.rows {
            for (i, c) in row.iter().enumerate() {
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
        self.w.gap_wanted = true;
    }
}
