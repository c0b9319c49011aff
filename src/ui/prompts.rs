//! The prompts: quick open and full-text search with their results, and find in note on
//! the status line.

use super::{counted, counts, pane_block, put};
use crate::app::App;
use crate::app::layout::{PROMPT_HEADER_ROWS, inner};
use crate::app::prompt::{LineEdit, Mode};
use crate::render::styles;
use crate::text::{clean_line, fit_width, str_width};
use crate::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

fn highlight_style() -> Style {
    Style::new()
        .fg(Role::Emph.color())
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The quick-open or full-text prompt: an input line and the results under it.
pub(super) fn search_prompt(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.search;
    // The app sized its result list from this same box.
    let r = app.areas.prompt.intersection(area);
    Clear.render(r, buf);
    let (title, hint) = match s.mode {
        Some(Mode::Quick) => (
            " Open a note or topic ",
            "title, alias, path or topic; fuzzy",
        ),
        _ => (
            " Search every note ",
            "words, \"phrase\", /regex/, -word, tag:x path:x title:x",
        ),
    };
    let count = match (s.mode, s.progress(&app.graph)) {
        (Some(_), Some(p)) => format!(" {} so far · {:.0}% ", s.len(), p * 100.0),
        _ if s.line.text.is_empty() => String::new(),
        // Quick open keeps the best few hundred: that many is a cap, not a count.
        (Some(Mode::Quick), _) if s.len() >= crate::app::prompt::QUICK_LIMIT => {
            format!(" best {} ", s.len())
        }
        _ => format!(" {} ", s.len()),
    };
    let block = pane_block(format!("{title}·{count}"), true);
    let inside = inner(r);
    block.render(r, buf);
    if inside.height == 0 || inside.width == 0 {
        return;
    }
    let w = usize::from(inside.width);
    let input = Line::from(
        vec![Span::styled(
            "› ",
            Style::new()
                .fg(Role::Accent.color())
                .add_modifier(Modifier::BOLD),
        )]
        .into_iter()
        .chain(input_spans(&s.line, w.saturating_sub(2)))
        .collect::<Vec<_>>(),
    );
    put(&input, Rect::new(inside.x, inside.y, inside.width, 1), buf);
    let below = match &s.error {
        Some(e) => Line::styled(
            fit_width(&clean_line(e), w),
            Style::new().fg(Role::Error.color()),
        ),
        // While the first load runs, the notes not read yet cannot be found.
        None if app.loading.is_some() => Line::styled(
            fit_width("the vault is still being read: results are partial", w),
            Style::new().fg(Role::Warn.color()),
        ),
        None => Line::styled(fit_width(hint, w), styles::meta()),
    };
    if inside.height > 1 {
        put(
            &below,
            Rect::new(inside.x, inside.y + 1, inside.width, 1),
            buf,
        );
    }
    let list = Rect::new(
        inside.x,
        inside.y + PROMPT_HEADER_ROWS,
        inside.width,
        inside.height.saturating_sub(PROMPT_HEADER_ROWS),
    );
    match s.mode {
        Some(Mode::Quick) => quick_rows(app, list, buf),
        _ => text_rows(app, list, buf),
    }
}

fn quick_rows(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.search;
    let w = usize::from(area.width);
    for row in 0..area.height {
        let i = s.sel.offset + usize::from(row);
        let Some(hit) = s.quick.get(i) else { break };
        let mut spans = Vec::new();
        let marker = if matches!(
            hit.candidate,
            crate::search::quick_open::Candidate::Topic(_)
        ) {
            "◇ "
        } else {
            "  "
        };
        spans.push(Span::styled(
            marker,
            Style::new().fg(Role::LinkTopic.color()),
        ));
        let text = clean_line(&hit.text);
        let budget = w.saturating_sub(12);
        let mut used = 0;
        // By cluster, a cluster marked when a character of it matched (the matcher counts
        // characters).
        let mut ci = 0u32;
        for (g, gw) in crate::text::clusters(&text) {
            if used + gw > budget {
                spans.push(Span::raw("…"));
                break;
            }
            used += gw;
            let n = u32::try_from(g.chars().count()).unwrap_or(1);
            let matched = (ci..ci + n).any(|i| hit.indices.binary_search(&i).is_ok());
            ci += n;
            let style = if matched {
                highlight_style()
            } else {
                Style::new()
            };
            let joins = spans.len() > 1;
            match spans.last_mut() {
                Some(last) if joins && last.style == style => {
                    last.content.to_mut().push_str(g);
                }
                _ => spans.push(Span::styled(g.to_string(), style)),
            }
        }
        let detail = match hit.candidate {
            crate::search::quick_open::Candidate::Note(id) if hit.kind != "path" => {
                format!("  {}", clean_line(&app.graph.note(id).path))
            }
            _ => format!("  {}", hit.kind),
        };
        spans.push(Span::styled(
            fit_width(&detail, w.saturating_sub(used + 2)),
            styles::meta(),
        ));
        let rect = Rect::new(area.x, area.y + row, area.width, 1);
        put(&Line::from(spans), rect, buf);
        if i == s.sel.selected {
            buf.set_style(rect, Style::new().bg(Role::RowBg.color()));
        }
    }
}

fn text_rows(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.search;
    let hits = s.hits();
    let w = usize::from(area.width);
    if hits.is_empty()
        && !s.line.text.trim().is_empty()
        && s.progress(&app.graph).is_none()
        && s.error.is_none()
    {
        put(&Line::styled("  no matches", styles::meta()), area, buf);
        return;
    }
    for slot in 0..area.height / 2 {
        let i = s.sel.offset + usize::from(slot);
        let Some(hit) = hits.get(i) else { break };
        let note = app.graph.note(hit.note);
        let shown = s.snippets.get(usize::from(slot));
        let y = area.y + slot * 2;
        let head = Line::from(vec![
            Span::styled(
                fit_width(&clean_line(&note.title), w / 2),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("  {} ", hit.matches),
                Style::new().fg(Role::Accent.color()),
            ),
            Span::styled(
                fit_width(
                    &format!("{}:{}", clean_line(&note.path), shown.map_or(0, |e| e.line)),
                    w / 2,
                ),
                styles::meta(),
            ),
        ]);
        put(&head, Rect::new(area.x, y, area.width, 1), buf);
        // The snippet as the reader shows text (prepared by the app), cut to the width.
        let (plain, all_ranges) =
            shown.map_or(("", &[][..]), |e| (e.text.as_str(), e.ranges.as_slice()));
        let shown = fit_width(plain, w.saturating_sub(2));
        // What of the snippet is shown before the cut's `…` (nothing, in a pane too narrow).
        let keep = if shown.len() < plain.len() {
            shown.strip_suffix('…').map_or(shown.len(), str::len)
        } else {
            shown.len()
        };
        let ranges: Vec<_> = all_ranges
            .iter()
            // A range that does not fall on characters of what is shown is not drawn.
            .filter(|r| {
                r.end <= keep && shown.is_char_boundary(r.start) && shown.is_char_boundary(r.end)
            })
            .cloned()
            .collect();
        let mut spans = vec![Span::raw("  ")];
        let mut at = 0;
        for h in ranges {
            if h.start < at {
                continue;
            }
            spans.push(Span::styled(shown[at..h.start].to_string(), styles::meta()));
            spans.push(Span::styled(
                shown[h.clone()].to_string(),
                highlight_style(),
            ));
            at = h.end;
        }
        spans.push(Span::styled(shown[at..].to_string(), styles::meta()));
        put(
            &Line::from(spans),
            Rect::new(area.x, y + 1, area.width, 1),
            buf,
        );
        if i == s.sel.selected {
            buf.set_style(
                Rect::new(area.x, y, area.width, 2),
                Style::new().bg(Role::RowBg.color()),
            );
        }
    }
}

/// What is typed into a prompt, in at most `width` columns, with the cursor drawn where it
/// stands: a block at the end, else the character under it in reverse video. A line wider
/// than the room is cut on the left (`…`) as far as needed to keep the cursor in view.
fn input_spans(line: &LineEdit, width: usize) -> Vec<Span<'static>> {
    let cursor = line.cursor.min(line.text.len());
    let cursor = (0..=cursor)
        .rev()
        .find(|&i| line.text.is_char_boundary(i))
        .unwrap_or(0);
    let before = clean_line(&line.text[..cursor]).into_owned();
    let rest = &line.text[cursor..];
    let under = rest.chars().next();
    let after = clean_line(&rest[under.map_or(0, char::len_utf8)..]).into_owned();
    let under = under.map(|c| clean_line(&c.to_string()).into_owned());
    let under_w = under.as_deref().map_or(1, str_width).max(1);
    let room = width.saturating_sub(under_w);
    // Keep the end of what is before the cursor.
    let mut shown_before = before.as_str();
    let mut cut = false;
    while str_width(shown_before) + usize::from(cut) > room && !shown_before.is_empty() {
        let mut chars = shown_before.chars();
        chars.next();
        shown_before = chars.as_str();
        cut = true;
    }
    let mut spans = Vec::new();
    if cut {
        spans.push(Span::styled("…", styles::meta()));
    }
    spans.push(Span::raw(shown_before.to_string()));
    let left = room.saturating_sub(str_width(shown_before) + usize::from(cut));
    match under {
        None => spans.push(Span::styled("█", Style::new().fg(Role::Accent.color()))),
        Some(c) => {
            spans.push(Span::styled(
                c,
                Style::new().add_modifier(Modifier::REVERSED),
            ));
            spans.push(Span::raw(fit_width(&after, left)));
        }
    }
    spans
}

/// Find in note: the prompt in the status line, with where we are among the matches.
pub(super) fn find_prompt(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.search;
    let base = Style::new()
        .bg(Role::BarBg.color())
        .fg(Role::BarText.color());
    buf.set_style(area, base);
    let filtering = s.mode == Some(Mode::Filter);
    let status = match (&s.error, &app.reader.find) {
        _ if filtering => Span::styled(
            format!(
                "  {} of {} · Enter keeps, Esc clears",
                counted(app.list.notes, "note"),
                app.list.total
            ),
            Style::new().fg(Role::Accent.color()),
        ),
        (Some(e), _) => Span::styled(
            format!("  {}", clean_line(e)),
            Style::new().fg(Role::Error.color()),
        ),
        (None, Some(f)) if f.matches.is_empty() => Span::styled("  no matches", styles::meta()),
        (None, Some(f)) => Span::styled(
            format!("  {}/{}", f.current + 1, f.matches.len()),
            Style::new().fg(Role::Accent.color()),
        ),
        (None, None) => Span::styled(
            "  Enter keeps the matches, Esc clears them, n/N move",
            styles::meta(),
        ),
    };
    let w = usize::from(area.width);
    // The vault's counts keep their place at the right while the prompt is open.
    let counts = format!(" {} ", counts(app));
    let counts_w = if str_width(&counts) * 3 < w {
        str_width(&counts)
    } else {
        0
    };
    let mut spans = vec![Span::styled(
        if filtering { " filter: " } else { " find: " },
        Style::new()
            .fg(Role::Accent.color())
            .add_modifier(Modifier::BOLD),
    )];
    spans.extend(input_spans(&s.line, w / 2));
    let used: usize = spans.iter().map(|s| str_width(&s.content)).sum();
    let room = w.saturating_sub(used + counts_w);
    let fitted = fit_width(&status.content, room);
    let status_w = str_width(&fitted);
    spans.push(Span::styled(fitted, status.style));
    if counts_w > 0 {
        spans.push(Span::raw(" ".repeat(room - status_w)));
        spans.push(Span::raw(counts));
    }
    put(&Line::from(spans).style(base), area, buf);
}
