//! The boxes drawn over the panes: the keys (`?`), the load's warnings, the outline and a
//! link's preview.

use super::{pane_block, put, put_lines, selected_style};
use crate::app::help::{self, HelpLine};
use crate::app::layout::{centered, help_area, inner, outline_area, peek_area};
use crate::app::{App, Page};
use crate::graph::Status;
use crate::render::styles;
use crate::text::{clean_line, fit_width, str_width};
use crate::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

/// The `?` overlay: the keys in force (the app wrapped them to the box), scrolled, with the
/// legend of link colours.
pub(super) fn help(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let r = help_area(area).intersection(area);
    Clear.render(r, buf);
    let inside = inner(r);
    let lines = help::lines(&app.keys, usize::from(inside.width));
    let page = usize::from(inside.height);
    let scroll = scroll.min(lines.len().saturating_sub(page));
    let more = if scroll + page < lines.len() {
        " · j/k scroll"
    } else {
        ""
    };
    pane_block(format!(" Keys{more} · ? Esc q close "), true).render(r, buf);
    let key_w = help::key_column(&app.keys);
    let key_style = Style::new()
        .fg(Role::Emph.color())
        .add_modifier(Modifier::BOLD);
    let shown: Vec<Line<'_>> = lines
        .iter()
        .skip(scroll)
        .take(page)
        .map(|l| match l {
            HelpLine::Section(title) => Line::styled(
                format!(" {title}"),
                Style::new()
                    .fg(Role::Accent.color())
                    .add_modifier(Modifier::BOLD),
            ),
            HelpLine::Row { keys, text } => Line::from(vec![
                Span::styled(
                    format!(
                        " {keys}{}  ",
                        " ".repeat(key_w.saturating_sub(str_width(keys)))
                    ),
                    key_style,
                ),
                Span::raw(text.clone()),
            ]),
            HelpLine::Legend => {
                let mut spans = vec![Span::raw(" ")];
                for (i, (status, name)) in [
                    (Status::Resolved, "note"),
                    (Status::Topic, "topic"),
                    (Status::Ambiguous, "ambiguous"),
                    (Status::Broken, "broken"),
                    (Status::Attachment, "file"),
                    (Status::External, "web"),
                ]
                .into_iter()
                .enumerate()
                {
                    if i > 0 {
                        spans.push(Span::raw(" "));
                    }
                    spans.push(Span::styled(name, styles::link(status)));
                }
                Line::from(spans)
            }
            HelpLine::Blank => Line::default(),
        })
        .collect();
    put_lines(&shown, inside, buf);
}

pub(super) fn warnings(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let r = centered(
        area,
        area.width.saturating_sub(4).max(10),
        area.height.saturating_sub(2).max(3),
    );
    Clear.render(r, buf);
    let block = pane_block(
        format!(
            " {} files loaded with warnings · Esc closes ",
            app.warnings.len()
        ),
        true,
    );
    let inside = inner(r);
    block.render(r, buf);
    let w = usize::from(inside.width);
    let lines: Vec<Line<'_>> = if app.warnings.is_empty() {
        vec![Line::styled("Every file loaded cleanly.", styles::meta())]
    } else {
        app.warnings
            .iter()
            .skip(scroll)
            .map(|e| Line::raw(fit_width(&clean_line(&e.to_string()), w)))
            .collect()
    };
    put_lines(&lines, inside, buf);
}

/// The outline: the note's headings indented by level, the selected one (the heading the
/// reader now shows) marked.
pub(super) fn outline(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(Page::Note(id)) = app.reader.page else {
        return;
    };
    let headings = &app.graph.note(id).headings;
    let r = outline_area(area, headings.len()).intersection(area);
    Clear.render(r, buf);
    pane_block(
        format!(" Outline · {} · Enter goes · Esc back ", headings.len()),
        true,
    )
    .render(r, buf);
    let inside = inner(r);
    let rows = usize::from(inside.height);
    if rows == 0 {
        return;
    }
    // Scrolled so that the selection is in view, a few rows from the bottom at most.
    let offset = selected.saturating_sub(rows.saturating_sub(1));
    let w = usize::from(inside.width);
    let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
    for (row, (i, h)) in headings
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .enumerate()
    {
        let indent = "  ".repeat(usize::from(h.level.saturating_sub(top)));
        let mark = if i == selected { "▸ " } else { "  " };
        let text = fit_width(&format!("{mark}{indent}{}", clean_line(&h.text)), w);
        let style = if h.level == top {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let y = inside.y + u16::try_from(row).unwrap_or(0);
        let line_area = Rect::new(inside.x, y, inside.width, 1);
        put(&Line::styled(text, style), line_area, buf);
        if i == selected {
            buf.set_style(line_area, selected_style(true));
        }
    }
}

/// The link preview: what the selected link leads to, over the page, scrolled.
pub(super) fn peek(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let Some(peek) = &app.peek else { return };
    let r = peek_area(area).intersection(area);
    Clear.render(r, buf);
    let inside = inner(r);
    let more = if scroll + usize::from(inside.height) < peek.rendered.lines.len() {
        " · j/k scroll"
    } else {
        ""
    };
    pane_block(
        format!(
            " {}{more} · Enter opens · Esc closes ",
            fit_width(&clean_line(&peek.title), usize::from(r.width) / 2)
        ),
        true,
    )
    .render(r, buf);
    if inside.width < 2 {
        return;
    }
    let text = Rect::new(inside.x + 1, inside.y, inside.width - 1, inside.height);
    let end = (scroll + usize::from(text.height)).min(peek.rendered.lines.len());
    put_lines(
        peek.rendered.lines.get(scroll..end).unwrap_or(&[]),
        text,
        buf,
    );
}
