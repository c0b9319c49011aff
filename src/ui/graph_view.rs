//! The local graph's box: what links to the page on the left, what it links to on the
//! right, each side joined by a bar to the page in the middle; a neighbour's own neighbours
//! are listed under it, dimmed.

use super::{Buffer, Clear, Line, Rect, Span, Style, Widget, pane_block, put, selected_style};
use crate::app::App;
use crate::app::layout::{graph_area, inner};
use crate::app::local_graph::{LocalGraph, Node, NodeKind};
use crate::text::{clean_line, fit_width, str_width};
use crate::theme::Role;
use ratatui::style::Modifier;

fn node_style(node: &Node) -> Style {
    let role = match node.kind {
        NodeKind::Note => Role::LinkNote,
        NodeKind::Topic => Role::LinkTopic,
        NodeKind::Tag => Role::Accent,
    };
    let style = Style::new().fg(role.color());
    if node.depth > 0 {
        style.add_modifier(Modifier::DIM)
    } else {
        style
    }
}

fn node_text(node: &Node, width: usize) -> String {
    let mark = match node.kind {
        NodeKind::Topic => "◇ ",
        _ => "",
    };
    let lead = if node.depth > 0 { "· " } else { "" };
    fit_width(&format!("{lead}{mark}{}", clean_line(&node.label)), width)
}

fn set(buf: &mut Buffer, x: u16, y: u16, s: &str, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(s).set_style(style);
    }
}

/// One side's rows from `offset`, drawn in `col` (x, width) beside its bar at `bar_x`;
/// `left` sides end at the bar, right ones start after it.
#[allow(clippy::too_many_arguments)]
fn side(
    rows: &[Node],
    offset: usize,
    selected: Option<usize>,
    col: (u16, u16),
    bar_x: u16,
    body: (u16, u16),
    mid: u16,
    left: bool,
    buf: &mut Buffer,
) {
    let (top, height) = body;
    // A side shorter than the box stands around the page's row.
    let len = u16::try_from(rows.len()).unwrap_or(u16::MAX);
    let top = if len < height {
        mid.saturating_sub(len / 2).max(top)
    } else {
        top
    };
    let dim = Style::new().fg(Role::Dim.color());
    let shown: Vec<(u16, usize)> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(height))
        .enumerate()
        .map(|(row, (i, _))| (top + u16::try_from(row).unwrap_or(0), i))
        .collect();
    let Some(&(first, _)) = shown.first() else {
        let text = "(nothing)";
        let x = if left {
            bar_x.saturating_sub(u16::try_from(str_width(text)).unwrap_or(0) + 1)
        } else {
            bar_x + 2
        };
        put(&Line::styled(text, dim), Rect::new(x, mid, col.1, 1), buf);
        return;
    };
    let last = shown.last().map_or(first, |&(y, _)| y);
    // The bar, from the first row shown (or the page's row) to the last.
    for y in first.min(mid)..=last.max(mid) {
        let here = shown.iter().find(|&&(row, _)| row == y);
        let joined = here.is_some_and(|&(_, i)| rows[i].depth == 0);
        let symbol = match (joined, y == mid, left) {
            (true, true, _) => "┼",
            (true, false, true) | (false, true, false) => "┤",
            (true, false, false) | (false, true, true) => "├",
            (false, false, _) => "│",
        };
        set(buf, bar_x, y, symbol, dim);
    }
    let width = usize::from(col.1.saturating_sub(3));
    for &(y, i) in &shown {
        let node = &rows[i];
        let text = node_text(node, width);
        let w = u16::try_from(str_width(&text)).unwrap_or(0);
        let (x, joint) = if left {
            (bar_x.saturating_sub(w + 2), bar_x.saturating_sub(2))
        } else {
            (bar_x + 3, bar_x + 1)
        };
        if node.depth == 0 {
            set(buf, joint, y, "─", dim);
            set(buf, joint + 1, y, "─", dim);
        }
        let area = Rect::new(x, y, w, 1);
        put(&Line::styled(text, node_style(node)), area, buf);
        if selected == Some(i) {
            buf.set_style(area, selected_style(true));
        }
    }
}

/// The local graph over the screen, row `selected` of its rows chosen.
pub(super) fn local_graph(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(local) = app.local.as_ref() else {
        return;
    };
    let r = graph_area(area).intersection(area);
    Clear.render(r, buf);
    let hops = if local.two_hops {
        "two hops · v: one"
    } else {
        "one hop · v: two"
    };
    pane_block(
        format!(" Local graph · {hops} · h/l sides · Enter opens "),
        true,
    )
    .render(r, buf);
    let inside = inner(r);
    if inside.height < 3 || inside.width < 20 {
        return;
    }
    let w = inside.width;
    let title = clean_line(&local.title).into_owned();
    let center_w = (u16::try_from(str_width(&title)).unwrap_or(u16::MAX) + 6).min(w / 3);
    let side_w = (w - center_w) / 2;
    let left_bar = inside.x + side_w - 1;
    let right_bar = inside.x + side_w + center_w;
    let n_in = local.incoming.len();
    heads(local, (inside.x, right_bar + 1, inside.y, side_w), buf);
    let body = (inside.y + 2, inside.height.saturating_sub(2));
    let mid = body.0 + body.1 / 2;
    // Each side scrolls on its own, so that the selection is in view.
    let rows = usize::from(body.1).max(1);
    let (sel_in, sel_out) = if selected < n_in {
        (Some(selected), None)
    } else {
        (None, Some(selected - n_in))
    };
    let offset = |sel: Option<usize>| sel.map_or(0, |s| s.saturating_sub(rows - 1));
    side(
        &local.incoming,
        offset(sel_in),
        sel_in,
        (inside.x, side_w),
        left_bar,
        body,
        mid,
        true,
        buf,
    );
    side(
        &local.outgoing,
        offset(sel_out),
        sel_out,
        (right_bar + 1, side_w),
        right_bar,
        body,
        mid,
        false,
        buf,
    );
    center(&title, (left_bar, right_bar, mid, center_w), buf);
}

/// The two sides' headings: how many neighbours each has, and how many were left out.
fn heads(local: &LocalGraph, (left_x, right_x, y, width): (u16, u16, u16, u16), buf: &mut Buffer) {
    let dim = Style::new().fg(Role::Dim.color());
    let first_hop = |rows: &[Node]| rows.iter().filter(|n| n.depth == 0).count();
    let more = |n: usize| {
        if n > 0 {
            format!(" (+{n} more)")
        } else {
            String::new()
        }
    };
    let ins = format!(
        "links here ({}){}",
        first_hop(&local.incoming),
        more(local.more.0)
    );
    let outs = format!(
        "links from here ({}){}",
        first_hop(&local.outgoing),
        more(local.more.1)
    );
    for (text, x) in [(ins, left_x), (outs, right_x)] {
        put(
            &Line::styled(fit_width(&text, usize::from(width)), dim),
            Rect::new(x, y, width, 1),
            buf,
        );
    }
}

/// The page itself on row `mid`, joined to both bars.
fn center(title: &str, (left_bar, right_bar, mid, width): (u16, u16, u16, u16), buf: &mut Buffer) {
    let dim = Style::new().fg(Role::Dim.color());
    let label = fit_width(&format!("● {title}"), usize::from(width.saturating_sub(2)));
    let lw = u16::try_from(str_width(&label)).unwrap_or(0);
    let lx = left_bar + 1 + (width.saturating_sub(lw)) / 2;
    for x in left_bar + 1..right_bar {
        set(buf, x, mid, "─", dim);
    }
    set(buf, lx.saturating_sub(1), mid, " ", Style::new());
    set(buf, lx + lw, mid, " ", Style::new());
    put(
        &Line::from(Span::styled(
            label,
            Style::new()
                .fg(Role::Title.color())
                .add_modifier(Modifier::BOLD),
        )),
        Rect::new(lx, mid, lw, 1),
        buf,
    );
}
