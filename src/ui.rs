//! Drawing the reader: `&App` in, a frame out. One helper per pane; nothing here parses a note
//! or changes state. Every string that comes from a note passes through
//! [`crate::text::clean_line`] (rendered note text was cleaned by `render`).

mod graph_view;
mod overlays;
mod prompts;

use crate::app::layout::inner;
use crate::app::list::Entry;
use crate::app::prompt::Mode;
use crate::app::side::{self, SideEntry, SideMode, SideRow};
use crate::app::{App, Focus, Overlay, Page};
use crate::graph::Target;
use crate::render::styles;
use crate::text::{clean_line, fit_width, str_width};
use crate::theme::Role;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};
use std::num::NonZeroU16;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // The app laid itself out for the size it was last told; never draw outside the frame.
        let clip = |r: Option<Rect>| r.map(|r| r.intersection(area)).filter(|r| !r.is_empty());
        if let Some(r) = clip(self.areas.top) {
            breadcrumb(self, r, buf);
        }
        if let Some(r) = clip(self.areas.list) {
            list_pane(self, r, buf);
        }
        if let Some(r) = clip(self.areas.reader) {
            reader_pane(self, r, buf);
        }
        if let Some(r) = clip(self.areas.side) {
            side_pane(self, r, buf);
        }
        if let Some(r) = clip(self.areas.status) {
            status_line(self, r, buf);
        }
        match self.search.mode {
            Some(Mode::Quick | Mode::Text) => prompts::search_prompt(self, area, buf),
            Some(Mode::Find | Mode::Filter) => {
                if let Some(r) = clip(self.areas.status) {
                    prompts::find_prompt(self, r, buf);
                }
            }
            None => {}
        }
        match self.overlay {
            Some(Overlay::Help { scroll }) => overlays::help(self, scroll, area, buf),
            Some(Overlay::Warnings { scroll }) => overlays::warnings(self, scroll, area, buf),
            Some(Overlay::Peek { scroll }) => overlays::peek(self, scroll, area, buf),
            Some(Overlay::Outline { selected, .. }) => overlays::outline(self, selected, area, buf),
            Some(Overlay::Graph { selected }) => graph_view::local_graph(self, selected, area, buf),
            None => {}
        }
        settle_wide_cells(area, buf);
        if self.mono {
            monochrome(area, buf);
        } else {
            self.theme.paint(area, buf);
        }
    }
}

/// Draw `line` on the first row of `area`, cut at its right edge: what `Line::render` does,
/// but one grapheme cluster per cell at the width terminals draw it
/// ([`crate::text::cluster_width`]), and the backend told that width, so that the columns
/// the buffer counts are the columns the terminal fills. Every line of text goes through
/// here.
fn put(line: &Line<'_>, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let row = Rect::new(area.x, area.y, area.width, 1);
    buf.set_style(row, line.style);
    let (y, right) = (area.y, area.right());
    let mut x = area.x;
    for span in &line.spans {
        for (g, w) in crate::text::clusters(&span.content) {
            // A mark with nothing to sit on, or a control character (never here: text is
            // cleaned before it is laid out).
            let Some(w) = u16::try_from(w).ok().and_then(NonZeroU16::new) else {
                continue;
            };
            if x.saturating_add(w.get()) > right {
                return;
            }
            let cell = &mut buf[(x, y)];
            cell.set_symbol(g).set_style(span.style);
            if !g.is_ascii() {
                cell.set_diff_option(CellDiffOption::ForcedWidth(w));
            }
            // The columns the cluster covers hold nothing of their own.
            for covered in x + 1..x + w.get() {
                buf[(covered, y)].set_symbol(" ").set_style(span.style);
            }
            x += w.get();
        }
    }
}

/// Draw `lines` one to a row of `area`, from its top.
fn put_lines(lines: &[Line<'_>], area: Rect, buf: &mut Buffer) {
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        put(line, Rect::new(area.x, y, area.width, 1), buf);
    }
}

/// The last check of a frame: a cluster wider than one column keeps its place only if the
/// columns it covers were left blank (an overlay or a border drawn over half of it later
/// wins), and one drawn by a ratatui widget at a width terminals do not draw it at is told
/// the right width when the columns are free, else blanked. Either way no cell the terminal
/// shows differs from the buffer.
fn settle_wide_cells(area: Rect, buf: &mut Buffer) {
    use unicode_width::UnicodeWidthStr as _;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            if symbol.is_ascii() {
                x += 1;
                continue;
            }
            let wanted = u16::try_from(crate::text::cluster_width(symbol)).unwrap_or(1);
            let w = match cell.diff_option {
                CellDiffOption::ForcedWidth(w) => w.get(),
                _ => u16::try_from(symbol.width()).unwrap_or(1),
            }
            .max(wanted)
            .max(1);
            let free = x + w <= area.right() && (x + 1..x + w).all(|c| buf[(c, y)].symbol() == " ");
            let cell = &mut buf[(x, y)];
            if let (true, Some(n)) = (free, NonZeroU16::new(wanted)) {
                cell.set_diff_option(CellDiffOption::ForcedWidth(n));
                x += w;
            } else {
                cell.set_symbol(" ").set_diff_option(CellDiffOption::None);
                x += 1;
            }
        }
    }
}

fn pane_block(title: String, focused: bool) -> Block<'static> {
    let (border, title_style) = if focused {
        (
            Style::new().fg(Role::Accent.color()),
            Style::new()
                .fg(Role::Accent.color())
                .add_modifier(Modifier::BOLD),
        )
    } else {
        (
            Style::new().fg(Role::Border.color()),
            Style::new().fg(Role::BorderTitle.color()),
        )
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(border)
        .title(Span::styled(title, title_style))
}

/// The frame without colour (`NO_COLOR`): every colour is dropped, and a cell that had a
/// background (a selected row or link, a search match) is drawn in reverse video instead.
/// Links keep their underline and headings their bold, so nothing that colour marked is lost.
fn monochrome(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.bg != Color::Reset {
                cell.modifier.insert(Modifier::REVERSED);
            }
            cell.fg = Color::Reset;
            cell.bg = Color::Reset;
        }
    }
}

/// The vault's counts: `12 notes · 3 topics` (while it loads, the notes listed so far).
fn counts(app: &App) -> String {
    if app.loading.is_some() {
        counted(app.listed.len(), "note")
    } else {
        format!(
            "{} · {}",
            counted(app.list.total, "note"),
            counted(app.graph.topics().len(), "topic")
        )
    }
}

/// `1 note`, `2 notes`.
fn counted(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn selected_style(focused: bool) -> Style {
    if focused {
        Style::new()
            .bg(Role::CursorBg.color())
            .fg(Role::Ink.color())
    } else {
        Style::new()
            .bg(Role::CursorDimBg.color())
            .fg(Role::CursorDimFg.color())
    }
}

fn breadcrumb(app: &App, area: Rect, buf: &mut Buffer) {
    let titles: Vec<String> = app
        .breadcrumb()
        .iter()
        .map(|p| clean_line(app.page_title(*p)).into_owned())
        .collect();
    let sep = " › ";
    let mut shown: Vec<&str> = Vec::new();
    let mut width = str_width(" trail ❯ ") + 2;
    for t in titles.iter().rev() {
        let w = str_width(t) + str_width(sep);
        if width + w > usize::from(area.width) && !shown.is_empty() {
            shown.push("…");
            break;
        }
        width += w;
        shown.push(t);
    }
    shown.reverse();
    let mut spans = vec![Span::styled(
        " trail ❯ ",
        Style::new()
            .fg(Role::Emph.color())
            .add_modifier(Modifier::BOLD),
    )];
    let last = shown.len().saturating_sub(1);
    for (i, t) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(sep, styles::meta()));
        }
        let style = if i == last {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Role::BorderTitle.color())
        };
        spans.push(Span::styled(fit_width(t, usize::from(area.width)), style));
    }
    put(&Line::from(spans), area, buf);
}

fn list_pane(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::List;
    let l = &app.list;
    if app.loading.is_some() && !app.listed.is_empty() {
        // The files listed, their text not read yet: their names, as the first frame shows.
        let block = pane_block(format!(" Notes {} · reading ", app.listed.len()), focused);
        let inside = inner(area);
        block.render(area, buf);
        let w = usize::from(inside.width);
        for (row, rel) in (0..inside.height).zip(app.listed.iter()) {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let name = fit_width(&clean_line(crate::text::strip_md_ext(name)), w);
            let r = Rect::new(inside.x, inside.y + row, inside.width, 1);
            put(&Line::from(Span::styled(name, styles::meta())), r, buf);
        }
        return;
    }
    let title = if l.filter.is_empty() {
        format!(" Notes {} · {} ", l.notes, l.sort.label())
    } else {
        format!(
            " Notes {} of {} · {} · f ",
            l.notes,
            l.total,
            fit_width(&clean_line(&l.filter), 16)
        )
    };
    let block = pane_block(title, focused);
    let inside = inner(area);
    block.render(area, buf);
    let w = usize::from(inside.width);
    for row in 0..inside.height {
        let i = l.sel.offset + usize::from(row);
        let Some(entry) = l.entries.get(i) else { break };
        let line = match *entry {
            // In the folder view a note sits under its folder, indented, with no folder hint.
            Entry::Note(id) if l.sort == crate::app::list::SortBy::Folders => {
                let note = app.graph.note(id);
                let depth = note.folder.split('/').filter(|c| !c.is_empty()).count();
                let indent = "  ".repeat(depth.min(12));
                Line::raw(fit_width(
                    &format!("{indent}{}", clean_line(&note.title)),
                    w,
                ))
            }
            Entry::Folder(f) => {
                let folder = &l.folders[f as usize];
                let name = folder.path.rsplit('/').next().unwrap_or(&folder.path);
                let sign = if folder.open { "▾" } else { "▸" };
                let text = format!(
                    "{}{sign} {}/ ({})",
                    "  ".repeat(folder.depth.min(12)),
                    clean_line(name),
                    folder.notes
                );
                Line::from(Span::styled(
                    fit_width(&text, w),
                    Style::new()
                        .fg(Role::Accent.color())
                        .add_modifier(Modifier::BOLD),
                ))
            }
            Entry::Note(id) => {
                let note = app.graph.note(id);
                let title = fit_width(&clean_line(&note.title), w);
                let room = w.saturating_sub(str_width(&title) + 2);
                let mut spans = vec![Span::raw(title)];
                if room > 3 && !note.folder.is_empty() {
                    spans.push(Span::styled(
                        format!("  {}", fit_width(&clean_line(&note.folder), room)),
                        styles::meta(),
                    ));
                }
                Line::from(spans)
            }
            Entry::Topic(id) => {
                let t = app.graph.topic(id);
                let text = format!("◇ {} ({})", clean_line(&t.name), t.refs.len());
                Line::from(Span::styled(
                    fit_width(&text, w),
                    Style::new().fg(Role::LinkTopic.color()),
                ))
            }
        };
        let r = Rect::new(inside.x, inside.y + row, inside.width, 1);
        put(&line, r, buf);
        if i == l.sel.selected {
            buf.set_style(r, selected_style(focused));
        }
    }
}

fn reader_pane(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Reader;
    let r = &app.reader;
    let total = r.rendered.lines.len();
    let title = match r.page {
        Some(page) => {
            let kind = match page {
                Page::Topic(_) => "Topic",
                Page::Tag(_) => "Tag",
                Page::Note(_) => "Note",
            };
            let pos = if total > usize::from(r.height) {
                format!(
                    " · {}%",
                    (r.scroll + usize::from(r.height)).min(total) * 100 / total.max(1)
                )
            } else {
                String::new()
            };
            format!(" {kind}{pos} ")
        }
        None if r.gone => " Deleted: its last text ".to_string(),
        None => " Reader ".to_string(),
    };
    let block = pane_block(title, focused);
    let inside = inner(area);
    block.render(area, buf);
    if inside.width < 2 || inside.height == 0 {
        return;
    }
    let text_area = Rect::new(inside.x + 1, inside.y, inside.width - 1, inside.height);
    if r.page.is_none() && !r.gone {
        let empty = if app.loading.is_some() {
            "Reading the vault…"
        } else {
            "This folder has no markdown notes."
        };
        put(&Line::styled(empty, styles::meta()), text_area, buf);
        return;
    }
    let end = (r.scroll + usize::from(text_area.height)).min(total);
    let visible: Vec<Line<'_>> = r.rendered.lines.get(r.scroll..end).unwrap_or(&[]).to_vec();
    put_lines(&visible, text_area, buf);
    if let Some(find) = &r.find {
        let first = find.matches.partition_point(|m| m.0 < r.scroll);
        for (i, &(line, col, w)) in find.matches.iter().enumerate().skip(first) {
            if line >= end {
                break;
            }
            let y = text_area.y + u16::try_from(line - r.scroll).unwrap_or(0);
            let cell = Rect::new(text_area.x.saturating_add(col), y, w, 1).intersection(text_area);
            let style = if i == find.current {
                Style::new()
                    .bg(Role::CurrentBg.color())
                    .fg(Role::Ink.color())
            } else {
                styles::highlight()
            };
            buf.set_style(cell, style);
        }
    }
    if let Some(sel) = r.selected.and_then(|i| r.rendered.links.get(i)) {
        for p in &sel.pieces {
            if p.line >= r.scroll && p.line < end {
                let y = text_area.y + u16::try_from(p.line - r.scroll).unwrap_or(0);
                let piece = Rect::new(text_area.x.saturating_add(p.col), y, p.width, 1)
                    .intersection(text_area);
                buf.set_style(piece, styles::selected_link());
            }
        }
    }
}

fn side_pane(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Side;
    let s = &app.side;
    let entries = side::entries(&app.graph, app.reader.page, s);
    let count = entries.len();
    let title = match (app.reader.page, s.mode) {
        (_, SideMode::Mentions) if app.mentions_running() => {
            format!(" Mentions ({count} so far…) · o: backlinks ")
        }
        (_, SideMode::Mentions) => format!(" Mentions ({count}) · o: backlinks "),
        (Some(Page::Topic(_)), _) => format!(" Linked from ({count}) · o: mentions "),
        (Some(Page::Tag(_)), _) => " Tag ".to_string(),
        (_, SideMode::Backlinks) => format!(" Backlinks ({count}) · o: outgoing "),
        (_, SideMode::Outgoing) => format!(" Outgoing ({count}) · o: mentions "),
    };
    let block = pane_block(title, focused);
    let inside = inner(area);
    block.render(area, buf);
    let w = usize::from(inside.width);
    if entries.is_empty() && inside.height > 0 {
        let empty = match (app.reader.page, s.mode) {
            (Some(Page::Tag(_)), _) => "Its notes are in the page.",
            (_, SideMode::Outgoing) => "No links in this note.",
            (_, SideMode::Mentions) if app.mentions_running() => "Looking for mentions…",
            (_, SideMode::Mentions) => "No note names this page without linking it.",
            (_, SideMode::Backlinks) => "Nothing links here yet.",
        };
        put(
            &Line::styled(fit_width(empty, w), styles::meta()),
            inside,
            buf,
        );
        return;
    }
    for (row, y) in s.rows.iter().zip(inside.top()..inside.bottom()) {
        let i = row.entry();
        let Some(entry) = entries.get(i) else { break };
        let line = side_row(app, entry, row, w);
        let r = Rect::new(inside.x, y, inside.width, 1);
        put(&line, r, buf);
        if i == s.sel.selected {
            buf.set_style(r, selected_style(focused));
        }
    }
}

/// One row of a side pane entry: a backlink's note or the text around it, an outgoing
/// link or where it leads.
fn side_row(app: &App, entry: SideEntry, row: &SideRow, w: usize) -> Line<'static> {
    let g = &app.graph;
    match (entry, row) {
        (SideEntry::Backlink(r), SideRow::Head(_)) => {
            let from = g.note(r.from);
            let head = fit_width(&format!("▸ {}", clean_line(&from.title)), w);
            Line::styled(head, Style::new().add_modifier(Modifier::BOLD))
        }
        (_, SideRow::Context(_, text)) => {
            Line::styled(fit_width(&format!("  {text}"), w), styles::meta())
        }
        (SideEntry::Outgoing(i), _) => {
            let Some(Page::Note(id)) = app.reader.page else {
                return Line::default();
            };
            let link = &g.note(id).links[i];
            let shown = link
                .raw
                .label
                .as_deref()
                .map_or_else(|| link.raw.destination(), str::to_string);
            let head = fit_width(&format!("→ {}", clean_line(&shown)), w);
            let to = match &link.target {
                Target::Note(t) => g.note(*t).path.clone(),
                Target::Topic(t) => format!("topic: {}", g.topic(*t).name),
                Target::Attachment(a) => format!("file: {}", g.attachment(*a)),
                _ => link.status().as_str().to_string(),
            };
            if matches!(row, SideRow::Head(_)) {
                return Line::styled(head, styles::link(link.status()));
            }
            let detail = fit_width(
                &format!("  {} · {}", link.status().as_str(), clean_line(&to)),
                w,
            );
            Line::styled(detail, styles::meta())
        }
        (SideEntry::Mention(i), _) => {
            let Some(found) = app.side.mentions.as_ref().and_then(|m| m.found.get(i)) else {
                return Line::default();
            };
            let head = fit_width(&format!("▸ {}", clean_line(&g.note(found.note).title)), w);
            Line::styled(head, Style::new().add_modifier(Modifier::BOLD))
        }
        (SideEntry::Backlink(_), SideRow::Detail(_)) => Line::default(),
    }
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let base = Style::new().bg(Role::BarBg.color()).fg(Role::BarFg.color());
    buf.set_style(area, base);
    let mut left = vec![
        Span::styled(
            format!(" {} ", clean_line(&app.vault_name)),
            Style::new()
                .fg(Role::Emph.color())
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("· {} ", counts(app))),
    ];
    if !app.warnings.is_empty() {
        left.push(Span::styled(
            format!("· ⚠ {} (w) ", counted(app.warnings.len(), "warning")),
            Style::new().fg(Role::Warn.color()),
        ));
    }
    let right = " ? help ";
    let used: usize = left.iter().map(|s| str_width(&s.content)).sum::<usize>() + right.len();
    let room = usize::from(area.width).saturating_sub(used + 1);
    let loading = app.loading.map(|(done, all)| {
        if all == 0 {
            "reading the vault…".to_string()
        } else {
            format!("reading {done} of {all} notes…")
        }
    });
    // The matches of a find stay counted after its prompt closes, until the find is cleared.
    let matches = app
        .reader
        .find
        .as_ref()
        .filter(|f| !f.matches.is_empty() && app.reader.selected.is_none())
        .map(|f| format!("· match {}/{} (n N) ", f.current + 1, f.matches.len()));
    let mut room = room;
    if let Some(m) = matches.filter(|m| str_width(m) + 10 < room) {
        room -= str_width(&m);
        left.push(Span::styled(m, Style::new().fg(Role::Accent.color())));
    }
    let middle = match (app.message.as_ref().or(loading.as_ref()), app.reader.page) {
        (Some(m), _) => Span::styled(
            fit_width(&format!("· {}", clean_line(m)), room),
            Style::new().fg(Role::Emph.color()),
        ),
        (None, Some(Page::Note(id))) => Span::raw(fit_width(
            &match selected_target(app, id) {
                Some(to) => format!("· {}", clean_line(&to)),
                None => format!("· {}", clean_line(&app.graph.note(id).path)),
            },
            room,
        )),
        (None, Some(Page::Topic(id))) => Span::raw(fit_width(
            &format!("· topic {}", clean_line(&app.graph.topic(id).name)),
            room,
        )),
        (None, Some(Page::Tag(id))) => Span::raw(fit_width(
            &match selected_spot_tag(app) {
                Some(to) => format!("· {}", clean_line(&to)),
                None => format!("· tag #{}", clean_line(&app.graph.tag(id).name)),
            },
            room,
        )),
        (None, None) => Span::raw(""),
    };
    let middle_w = str_width(&middle.content);
    left.push(middle);
    left.push(Span::raw(" ".repeat(room.saturating_sub(middle_w) + 1)));
    left.push(Span::styled(right, Style::new().fg(Role::Accent.color())));
    put(&Line::from(left).style(base), area, buf);
}

/// Where the spot selected on a tag's page leads, in words.
fn selected_spot_tag(app: &App) -> Option<String> {
    match app.reader.jumps.get(app.reader.selected?)? {
        crate::app::Jump::Page(Page::Note(n), _) => {
            Some(format!("note {}", app.graph.note(*n).path))
        }
        crate::app::Jump::Page(Page::Tag(t), _) => Some(format!("tag #{}", app.graph.tag(*t).name)),
        _ => None,
    }
}

/// What the spot selected in the reader is, in words: where a link leads (a note's path, a
/// topic, a URL, a file, or what is wrong with it), or what Enter does on a callout's head
/// or a footnote's marker.
fn selected_target(app: &App, id: crate::graph::NoteId) -> Option<String> {
    let spot = app.reader.rendered.links.get(app.reader.selected?)?;
    if spot.fold.is_some() {
        return Some("callout: Enter folds or unfolds it".into());
    }
    if let Some(tag) = spot.tag {
        return Some(format!(
            "tag #{}: Enter lists its notes",
            app.graph.tag(tag).name
        ));
    }
    if spot.line.is_some() {
        return Some("footnote: Enter goes there, Backspace comes back".into());
    }
    let link = app.graph.note(spot.owner(id)).links.get(spot.link)?;
    let g = &app.graph;
    Some(format!(
        "link to {}",
        match &link.target {
            Target::Note(t) => g.note(*t).path.clone(),
            Target::Topic(t) => format!("topic {}", g.topic(*t).name),
            Target::Attachment(a) => format!("file {}", g.attachment(*a)),
            Target::External => link.raw.target.to_string(),
            _ => format!("{} ({})", link.raw.destination(), link.status().as_str()),
        }
    ))
}
