//! The reader fitted to the user's terminal, drawn into ratatui's `TestBackend`: themes and
//! `NO_COLOR`, the config file's keys, width and header fields, shell-like prompts, links
//! handed to the browser and text to the clipboard.

mod common;

use common::{notes_app, select_link};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use trail::app::{Action, App, Effect, Page, Settings};
use trail::graph::Lookup;
use trail::theme::{Role, Theme, ThemeName};

/// The settings a config file's text gives, as `trail` would take them.
fn settings(config: &str) -> Settings {
    let c = trail::config::parse(config).unwrap();
    let (keys, problems) = trail::keymap::Keymap::with(
        &c.keys
            .iter()
            .map(|(k, v)| {
                let list = match v {
                    trail::config::Keys::One(s) => vec![s.clone()],
                    trail::config::Keys::Many(l) => l.clone(),
                };
                (k.clone(), list)
            })
            .collect(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    Settings {
        theme: Theme::named(c.theme, &|_| None),
        keys,
        wrap: c.wrap,
        fields: c.fields.clone(),
        walk: c.walk(),
    }
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

fn open(app: &mut App, name: &str) {
    let page = match app.graph.find(name) {
        Lookup::Note(id) => Page::Note(id),
        Lookup::Topic(id) => Page::Topic(id),
        other => panic!("{name}: {other:?}"),
    };
    app.update(Action::Go(page));
}

/// Each row as runs of one style: `[fg bg +mods] text`, so that a snapshot shows what
/// colour and attribute every piece of the screen has.
fn style_runs(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut runs: Vec<(String, String)> = Vec::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let style = format!(
                "{} {}{}",
                color(c.fg),
                color(c.bg),
                if c.modifier.is_empty() {
                    String::new()
                } else {
                    format!(" {:?}", c.modifier)
                        .replace("Modifier(", "")
                        .replace(')', "")
                }
            );
            match runs.last_mut() {
                Some((s, text)) if *s == style => text.push_str(c.symbol()),
                _ => runs.push((style, c.symbol().to_string())),
            }
        }
        for (style, text) in runs {
            if !text.trim().is_empty() || style != "- -" {
                let _ = write!(out, "[{style}]{text}");
            }
        }
        out.push('\n');
    }
    out
}

fn color(c: Color) -> String {
    match c {
        Color::Reset => "-".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("i{i}"),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// A reader with something of everything: a note with links of each kind, one selected.
fn showcase(theme: &str) -> App {
    let mut app = notes_app(90, 16);
    app.update(Action::Configure(Box::new(settings(&format!(
        "theme = \"{theme}\""
    )))));
    open(&mut app, "Link Hygiene");
    select_link(&mut app, "Management");
    app
}

#[test]
fn each_theme_colours_every_role() {
    for name in ["dark", "light", "16"] {
        let app = showcase(name);
        insta::assert_snapshot!(format!("theme_{name}"), style_runs(&draw(&app)));
    }
}

#[test]
fn a_theme_keeps_the_meaning_of_link_colours() {
    for theme in [Theme::dark(), Theme::light(), Theme::basic()] {
        let colours = [
            Role::LinkNote,
            Role::LinkTopic,
            Role::LinkAmbiguous,
            Role::LinkBroken,
        ]
        .map(|r| theme.color(r));
        for (i, a) in colours.iter().enumerate() {
            assert!(
                !colours[i + 1..].contains(a),
                "{:?}: two kinds of link share {a:?}",
                theme.name
            );
        }
    }
    // The reader's ambiguous link is drawn in the theme's colour for ambiguous links.
    let mut app = notes_app(90, 16);
    app.update(Action::Configure(Box::new(settings("theme = \"light\""))));
    open(&mut app, "Link Hygiene");
    let buf = draw(&app);
    let at = find_text(&buf, "Agenda").expect("the [[Agenda]] link");
    assert_eq!(
        buf[at].fg,
        Theme::light().color(Role::LinkAmbiguous),
        "{:?}",
        buf[at]
    );
    assert!(buf[at].modifier.contains(Modifier::UNDERLINED));
}

/// Where `text` first shows on screen, below the top line.
fn find_text(buf: &Buffer, text: &str) -> Option<(u16, u16)> {
    (1..buf.area.height).find_map(|y| {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        (0..cells.len()).find_map(|x| {
            let here: String = cells[x..].concat();
            here.starts_with(text)
                .then(|| (u16::try_from(x).unwrap(), y))
        })
    })
}

#[test]
fn without_colour_selection_and_links_still_show() {
    let mut app = showcase("dark");
    app.update(Action::Monochrome(true));
    let buf = draw(&app);
    insta::assert_snapshot!("no_color", style_runs(&buf));
    let mut reversed_rows = 0;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour at {x},{y}"
            );
        }
        if (0..buf.area.width).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED)) {
            reversed_rows += 1;
        }
    }
    assert!(reversed_rows >= 2, "the list's row and the status line");
    let underlined = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&p| buf[p].modifier.contains(Modifier::UNDERLINED))
        .count();
    assert!(underlined > 20, "links are underlined");
}

#[test]
fn the_theme_follows_the_terminal_background() {
    let env = |fgbg: &'static str, term: &'static str| {
        move |k: &str| match k {
            "COLORFGBG" => Some(fgbg.to_string()),
            "TERM" => Some(term.to_string()),
            _ => None,
        }
    };
    assert_eq!(
        Theme::named(ThemeName::Auto, &env("0;15", "xterm-256color")).name,
        ThemeName::Light
    );
    assert_eq!(
        Theme::named(ThemeName::Auto, &env("15;0", "xterm-256color")).name,
        ThemeName::Dark
    );
    assert_eq!(
        Theme::named(ThemeName::Auto, &env("", "linux")).name,
        ThemeName::Basic
    );
    assert_eq!(
        Theme::named(ThemeName::Auto, &|_| None).name,
        ThemeName::Dark
    );
}

fn press(app: &mut App, code: KeyCode, m: KeyModifiers) {
    let prompt = app.search.mode.is_some();
    if let Some(action) = app
        .keys
        .action_for(KeyEvent::new(code, m), app.focus, prompt)
    {
        app.update(action);
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[test]
fn keys_bound_in_the_config_are_in_force_and_in_the_help() {
    let mut app = notes_app(100, 40);
    app.update(Action::Configure(Box::new(settings(
        "[keys]\ndown = [\"n\", \"down\"]\nquit = \"x\"\n",
    ))));
    let first = app.list.sel.selected;
    press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE);
    assert_eq!(app.list.sel.selected, first + 1, "n moves down");
    press(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(app.list.sel.selected, first + 1, "j is no longer bound");
    press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(!app.quit, "q gave way to x");
    app.update(Action::Help);
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("n ↓") && screen.contains("move down"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('x'), KeyModifiers::NONE);
    assert!(app.quit);
}

fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_config_sets_the_text_width_and_the_header_fields() {
    let mut app = notes_app(160, 30);
    app.update(Action::Configure(Box::new(settings(
        "wrap = 40\nfields = [\"tags\"]\n",
    ))));
    open(&mut app, "Psychological Safety");
    let widths: Vec<usize> = app
        .reader
        .rendered
        .lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.chars().count()).sum())
        .collect();
    assert!(widths.iter().all(|&w| w <= 40), "{widths:?}");
    let text = app.reader.rendered.plain();
    let header: String = text.lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(!header.contains("By:"), "{header}");
    // A field the header leaves out stays in the text, its link followable.
    let body: String = text.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert!(body.contains("By: Mara Quinn"), "{text}");
    let links: Vec<usize> = app.reader.rendered.links.iter().map(|s| s.link).collect();
    let Some(Page::Note(id)) = app.reader.page else {
        panic!()
    };
    assert!(
        links
            .iter()
            .any(|&i| app.graph.note(id).links[i].raw.target.as_ref() == "Mara Quinn"),
        "the field's link is in the text"
    );
    // Every field when the config names none.
    app.update(Action::Configure(Box::new(settings(""))));
    let header: String = app.reader.rendered.plain().lines().take(2).collect();
    assert!(header.contains("By: Mara Quinn"), "{header}");
}

#[test]
fn prompts_edit_like_a_shell_line_and_remember() {
    let mut app = notes_app(100, 30);
    app.update(Action::TextSearch);
    typed(&mut app, "trust team");
    press(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(app.search.line.text, "trust ");
    press(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    typed(&mut app, "x");
    press(&mut app, KeyCode::Right, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(app.search.line.text, "xtust ");
    press(&mut app, KeyCode::End, KeyModifiers::NONE);
    press(&mut app, KeyCode::Left, KeyModifiers::NONE);
    press(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(app.search.line.text, "xtust");
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&mut app, "safety");
    press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    // Opened again, Up at the top of the results brings the last query back.
    app.update(Action::TextSearch);
    assert_eq!(app.search.line.text, "");
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(app.search.line.text, "safety");
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("safety"), "{screen}");
}

#[test]
fn enter_on_a_web_link_asks_for_the_browser_and_other_schemes_are_refused() {
    let mut app = notes_app(120, 30);
    open(&mut app, "Link Hygiene");
    select_link(&mut app, "https://spec.commonmark.org/");
    app.update(Action::Open);
    assert_eq!(
        app.outbox,
        [Effect::Browse("https://spec.commonmark.org/".into())]
    );
    app.outbox.clear();
    select_link(&mut app, "mailto:mara@example.org");
    app.update(Action::Open);
    assert_eq!(
        app.outbox,
        [Effect::Browse("mailto:mara@example.org".into())]
    );
    app.outbox.clear();
    select_link(&mut app, "file:///etc/hosts");
    app.update(Action::Open);
    assert!(app.outbox.is_empty());
    let said = app.message.clone().unwrap_or_default();
    assert!(
        said.contains("file") && said.contains("not followed"),
        "{said}"
    );
    // The status line says where the selected link leads before it is followed.
    select_link(&mut app, "https://spec.commonmark.org/");
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("link to https://spec.commonmark.org/"),
        "{screen}"
    );
}

#[test]
fn y_copies_where_the_link_leads_and_shift_y_a_wikilink() {
    let mut app = notes_app(120, 30);
    open(&mut app, "Link Hygiene");
    select_link(&mut app, "https://spec.commonmark.org/");
    app.update(Action::Copy);
    select_link(&mut app, "Management");
    app.update(Action::Copy);
    select_link(&mut app, "Agenda");
    app.update(Action::Copy);
    app.update(Action::CopyWikilink);
    assert_eq!(
        app.outbox,
        [
            Effect::Copy("https://spec.commonmark.org/".into()),
            Effect::Copy("Management".into()),
            Effect::Copy("offsite/Agenda.md".into()),
            Effect::Copy("[[Link Hygiene]]".into()),
        ]
    );
    // A note whose file name another note shares is linked by its path.
    app.outbox.clear();
    open(&mut app, "rituals/Agenda");
    app.update(Action::CopyWikilink);
    assert_eq!(app.outbox, [Effect::Copy("[[rituals/Agenda]]".into())]);
}
