//! The reader drawn into ratatui's `TestBackend`: an App built from the sample notes, driven by
//! actions, compared against snapshots (tests/snapshots) or checked cell by cell.

mod common;

use common::{notes_app, select_link, temp_app};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use trail::app::{Action, App, Focus, Page};
use trail::graph::Lookup;
use trail::vault::open;

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
}

fn screen(app: &App) -> String {
    let t = draw(app);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn note(app: &App, name: &str) -> Page {
    match app.graph.find(name) {
        Lookup::Note(id) => Page::Note(id),
        Lookup::Topic(id) => Page::Topic(id),
        other => panic!("{name}: {other:?}"),
    }
}

fn title(app: &App) -> String {
    app.page_title(app.reader.page.unwrap()).to_string()
}

#[test]
fn three_panes_at_120x40() {
    let app = notes_app(120, 40);
    assert_eq!(title(&app), "Start Here");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn reader_and_side_pane_at_60x20() {
    let mut app = notes_app(60, 20);
    app.update(Action::FocusRight);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn following_a_link_opens_its_note() {
    let mut app = notes_app(120, 40);
    select_link(&mut app, "The Quiet Meeting");
    app.update(Action::Open);
    assert_eq!(title(&app), "The Quiet Meeting");
    let s = screen(&app);
    assert!(s.contains("trail ❯ Start Here › The Quiet Meeting"), "{s}");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn topic_page_lists_every_referrer() {
    let mut app = notes_app(120, 40);
    let page = note(&app, "Management");
    app.update(Action::Go(page));
    let s = screen(&app);
    for referrer in [
        "The Quiet Meeting",
        "Why Teams Drift",
        "Delegation Is a Gift",
        "Span of Control",
        "Glossary",
    ] {
        assert!(s.contains(referrer), "{referrer} missing:\n{s}");
    }
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn topic_page_link_opens_the_referrer_at_its_link() {
    let mut app = notes_app(120, 40);
    app.update(Action::Go(note(&app, "Management")));
    app.update(Action::FocusRight);
    app.update(Action::NextLink);
    app.update(Action::Open);
    assert!(matches!(app.reader.page, Some(Page::Note(_))));
}

#[test]
fn back_and_forward_restore_page_and_scroll() {
    let mut app = notes_app(120, 16);
    app.update(Action::Go(note(&app, "Retrospectives")));
    app.update(Action::FocusRight);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.reader.scroll, 3);
    select_link(&mut app, "Psychological Safety");
    let scrolled = app.reader.scroll;
    assert!(
        scrolled > 3,
        "the link is further down; selecting it scrolled"
    );
    app.update(Action::Open);
    assert_eq!(title(&app), "Psychological Safety");
    app.update(Action::Back);
    assert_eq!(title(&app), "Retrospectives");
    assert_eq!(app.reader.scroll, scrolled);
    app.update(Action::Forward);
    assert_eq!(title(&app), "Psychological Safety");
    app.update(Action::Back);
    app.update(Action::Back);
    assert_eq!(title(&app), "Start Here");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn heading_link_lands_on_its_heading() {
    // Short enough that the target note must scroll to show its heading at the top.
    let mut app = notes_app(120, 16);
    app.update(Action::Go(note(&app, "On One-to-Ones")));
    select_link(&mut app, "Psychological Safety#What it is not");
    app.update(Action::Open);
    assert_eq!(title(&app), "Psychological Safety");
    let top = &app.reader.rendered.lines[app.reader.scroll];
    let text: String = top.spans.iter().map(|s| s.content.as_ref()).collect();
    assert_eq!(text, "## What it is not");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn block_link_lands_on_its_paragraph() {
    let mut app = notes_app(120, 16);
    select_link(&mut app, "On One-to-Ones#^weekly-rhythm");
    app.update(Action::Open);
    let top = &app.reader.rendered.lines[app.reader.scroll];
    let text: String = top.spans.iter().map(|s| s.content.as_ref()).collect();
    assert!(text.starts_with("Thirty minutes every week"), "{text}");
}

#[test]
fn help_overlay_lists_every_key() {
    let mut app = notes_app(120, 40);
    app.update(Action::Help);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn help_fits_80_by_24_scrolls_and_closes_without_quitting() {
    let mut app = notes_app(80, 24);
    app.update(Action::Help);
    // Scroll to the end, keeping every screen: together they hold every key and every
    // word of every help text, none of them cut.
    let mut seen = screen(&app);
    let mut last = String::new();
    for _ in 0..200 {
        app.update(Action::Down);
        let s = screen(&app);
        if s == last {
            break;
        }
        seen.push_str(&s);
        last = s;
    }
    let words: std::collections::HashSet<&str> = seen
        .split(|c: char| c.is_whitespace() || "┃│".contains(c))
        .collect();
    for row in app.keys.rows() {
        assert!(seen.contains(&row.label()), "{} missing", row.label());
        for word in row.help.split_whitespace() {
            assert!(
                words.contains(word),
                "{word:?} of {:?} cut or missing",
                row.name
            );
        }
    }
    assert!(
        seen.contains("ambiguous") && seen.contains("topic"),
        "the legend"
    );
    app.update(Action::Up);
    assert!(matches!(app.overlay, Some(trail::app::Overlay::Help { scroll }) if scroll > 0));
    app.update(Action::Quit);
    assert_eq!(app.overlay, None, "q closes the help");
    assert!(!app.quit, "and does not quit");
    app.update(Action::Help);
    app.update(Action::Help);
    assert_eq!(app.overlay, None, "? closes it too");
}

#[test]
fn tiny_terminals_never_panic() {
    let mut app = notes_app(120, 40);
    for (w, h) in [
        (1, 1),
        (2, 2),
        (3, 1),
        (10, 3),
        (20, 5),
        (59, 10),
        (60, 4),
        (99, 7),
        (100, 3),
        (0, 0),
    ] {
        app.update(Action::Resize(w, h));
        for action in [
            Action::Down,
            Action::NextLink,
            Action::FocusRight,
            Action::Help,
            Action::Cancel,
        ] {
            app.update(action);
            draw(&app);
        }
    }
    app.update(Action::Resize(20, 6));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn mouse_click_on_a_link_follows_it() {
    let mut app = notes_app(120, 40);
    let reader = app.areas.reader.unwrap();
    let spot = app
        .reader
        .rendered
        .links
        .iter()
        .find(|s| s.pieces[0].line < 20)
        .unwrap()
        .clone();
    let trail::render::Piece { line, col, .. } = spot.pieces[0];
    let before = title(&app);
    let y = reader.y + 1 + u16::try_from(line).unwrap();
    app.update(Action::Click(reader.x + 2 + col, y));
    assert_ne!(title(&app), before);
    app.update(Action::Back);
    assert_eq!(title(&app), before);
}

#[test]
fn list_preview_and_sort() {
    let mut app = notes_app(120, 40);
    app.update(Action::Top);
    let first = title(&app);
    app.update(Action::Down);
    assert_ne!(title(&app), first, "moving in the list previews the note");
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    let s = screen(&app);
    assert!(s.contains("most linked"), "{s}");
}

#[test]
fn side_pane_shows_outgoing_links_on_request() {
    let mut app = notes_app(120, 40);
    app.update(Action::Go(note(&app, "Link Hygiene")));
    app.update(Action::ToggleOutgoing);
    let s = screen(&app);
    assert!(s.contains("Outgoing (6)"), "{s}");
    assert!(s.contains("ambiguous · offsite/Agenda"), "{s}");
}

const WIDE: &str = "# 中文笔记 🚀\n\n日本語のテキストと絵文字 🤝🏽 が混ざった段落。[[עברית]] and [[العربية]] names, \
                    e\u{301}\u{301} combining marks, zero\u{200b}width, 👩‍👩‍👧 families.\n\n| 表 | 🚀 |\n|---|---|\n| 中文 | ok |\n";

#[test]
fn wide_and_rtl_text_keeps_columns_aligned() {
    for (w, h) in [(120, 40), (60, 20), (33, 12)] {
        let (_dir, mut app) = temp_app(
            &[
                ("中文笔记.md", WIDE),
                ("עברית.md", "# עברית\n\nשלום [[中文笔记]]\n"),
            ],
            w,
            h,
        );
        for focus_moves in 0..3 {
            let t = draw(&app);
            let buf = t.backend().buffer();
            for pane in [app.areas.list, app.areas.reader, app.areas.side]
                .into_iter()
                .flatten()
            {
                for y in pane.y + 1..pane.bottom() - 1 {
                    let right = buf[(pane.right() - 1, y)].symbol();
                    assert!(
                        ["│", "┃"].contains(&right),
                        "{w}x{h} focus {focus_moves}: row {y} ends with {right:?}:\n{}",
                        screen(&app)
                    );
                }
            }
            app.update(Action::FocusRight);
        }
    }
}

#[test]
fn no_control_character_reaches_a_cell() {
    let evil = "---\ntitle: \"Evil \\e[2J\\e]0;pwned\\a title\"\n---\n\
                Text with \x1b[31mred\x1b[0m, \x1b]52;c;aGk=\x07 clipboard, bell \x07, back\x08space, \
                carriage\rreturn, C1 \u{9b}2J, bidi \u{202e}esrever\u{202c}, and a [[link \x1b[1m]].\n\n\
                ```\ncode \x1b[2J\n```\n";
    let (_dir, mut app) = temp_app(
        &[("evil\x1b[2J.md", evil), ("ok.md", "[[evil\x1b[2J]]\n")],
        120,
        40,
    );
    for action in [
        Action::Top,
        Action::Down,
        Action::FocusRight,
        Action::NextLink,
        Action::ToggleOutgoing,
        Action::Warnings,
        Action::Cancel,
        Action::Help,
    ] {
        app.update(action.clone());
        let t = draw(&app);
        for cell in t.backend().buffer().content() {
            for c in cell.symbol().chars() {
                assert!(
                    !trail::text::is_unsafe_char(c),
                    "{:?} reached a cell after {action:?}:\n{}",
                    c,
                    screen(&app)
                );
            }
        }
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
    while app.busy() {
        app.update(Action::Tick);
    }
}

#[test]
fn quick_open_finds_by_fuzzy_title_and_opens() {
    let mut app = notes_app(100, 30);
    app.update(Action::QuickOpen);
    type_text(&mut app, "quimeet");
    assert_eq!(app.search.quick[0].text, "The Quiet Meeting");
    insta::assert_snapshot!(draw(&app).backend());
    app.update(Action::Open);
    assert_eq!(title(&app), "The Quiet Meeting");
    assert_eq!(app.search.mode, None);
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn quick_open_reaches_aliases_and_topics() {
    let mut app = notes_app(100, 30);
    app.update(Action::QuickOpen);
    type_text(&mut app, "Retros");
    assert_eq!(
        app.graph
            .note(match app.search.quick[0].candidate {
                trail::search::quick_open::Candidate::Note(id) => id,
                trail::search::quick_open::Candidate::Topic(_) => panic!(),
            })
            .title,
        "Retrospectives"
    );
    for _ in 0..6 {
        app.update(Action::DeleteChar);
    }
    type_text(&mut app, "organisation design");
    assert!(matches!(
        app.search.quick[0].candidate,
        trail::search::quick_open::Candidate::Topic(_)
    ));
    app.update(Action::Cancel);
    assert_eq!(app.search.mode, None);
}

#[test]
fn full_text_search_ranks_and_opens_at_first_match() {
    let mut app = notes_app(100, 30);
    app.update(Action::TextSearch);
    type_text(&mut app, "trust");
    let hits = app.search.hits();
    assert!(hits.len() >= 5);
    // Title matches first, then by relevance.
    assert!(
        hits.windows(2)
            .all(|w| (w[0].in_title, w[0].score) >= (w[1].in_title, w[1].score))
    );
    insta::assert_snapshot!(draw(&app).backend());
    app.update(Action::Down);
    let second = hits_note(&app, 1);
    app.update(Action::Open);
    assert_eq!(app.reader.page, Some(Page::Note(second)));
    let find = app.reader.find.as_ref().unwrap();
    assert!(!find.matches.is_empty());
    let (line, _, _) = find.matches[find.current];
    assert!(line >= app.reader.scroll && line < app.reader.scroll + usize::from(app.reader.height));
    // n walks the matches, then on into the next note of the results.
    let before = app.reader.page;
    for _ in 0..50 {
        app.update(Action::NextMatch);
        if app.reader.page != before {
            break;
        }
    }
    assert_ne!(app.reader.page, before, "n went on to the next note");
    app.update(Action::PrevMatch);
    assert_eq!(app.reader.page, before, "N came back");
}

fn hits_note(app: &App, i: usize) -> trail::graph::NoteId {
    app.search.hits()[i].note
}

#[test]
fn invalid_regex_shows_error_and_keeps_results() {
    let mut app = notes_app(100, 30);
    app.update(Action::TextSearch);
    type_text(&mut app, "/tru(st)/");
    assert!(app.search.error.is_none());
    let good = app.search.hits().len();
    assert!(good > 0);
    type_text(&mut app, " /x(/");
    let err = app.search.error.clone().unwrap_or_default();
    assert!(err.starts_with("invalid regex /x(/:"), "{err}");
    assert_eq!(app.search.hits().len(), good, "the last good results stay");
    let s = screen(&app);
    assert!(s.contains("invalid regex /x(/"), "{s}");
    for _ in 0..5 {
        app.update(Action::DeleteChar);
    }
    type_text(&mut app, " /x");
    assert!(
        app.search
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("unclosed regex")),
        "{:?}",
        app.search.error
    );
}

#[test]
fn filters_narrow_full_text() {
    let mut app = notes_app(100, 30);
    app.update(Action::TextSearch);
    type_text(&mut app, "tag:practice -meeting");
    let paths: Vec<String> = app
        .search
        .hits()
        .iter()
        .map(|h| app.graph.note(h.note).path.clone())
        .collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|p| p.starts_with("practices/")),
        "{paths:?}"
    );
}

#[test]
fn find_in_note_highlights_and_steps() {
    let mut app = notes_app(100, 16);
    app.update(Action::Go(note(&app, "Psychological Safety")));
    app.update(Action::FocusRight);
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    app.update(Action::FindInNote);
    type_text(&mut app, "safe");
    let n = app.reader.find.as_ref().unwrap().matches.len();
    assert!(n >= 3, "{n}");
    app.update(Action::Open);
    assert_eq!(app.search.mode, None);
    app.update(Action::NextMatch);
    app.update(Action::NextMatch);
    assert_eq!(app.reader.find.as_ref().unwrap().current, 2);
    insta::assert_snapshot!(draw(&app).backend());
    app.update(Action::PrevMatch);
    assert_eq!(app.reader.find.as_ref().unwrap().current, 1);
}

/// Copy a folder of notes (no subfolders needed beyond one level) into a temp folder.
fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn a_reload_keeps_the_page_the_scroll_and_the_history() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("notes"),
        dir.path(),
    );
    let mut app = App::new(open(dir.path()).unwrap());
    app.update(Action::Resize(100, 30));
    let quiet = note(&app, "The Quiet Meeting");
    app.update(Action::Go(note(&app, "Why Teams Drift")));
    app.update(Action::Go(quiet));
    app.update(Action::FocusRight);
    app.update(Action::Down);
    app.update(Action::Down);
    let scroll = app.reader.scroll;
    assert!(scroll > 0);
    // A note added before it in path order shifts every id after it; one edited grows.
    std::fs::write(
        dir.path().join("AAA First.md"),
        "# First\n[[The Quiet Meeting]]\n",
    )
    .unwrap();
    let quiet_path = dir.path().join("garden/The Quiet Meeting.md");
    let text = std::fs::read_to_string(&quiet_path).unwrap();
    std::fs::write(
        &quiet_path,
        format!("{text}\nA line added in the editor.\n"),
    )
    .unwrap();
    let vault = open(dir.path()).unwrap();
    app.update(Action::Loaded(trail::app::Loaded(std::sync::Arc::new(
        vault,
    ))));
    assert_eq!(title(&app), "The Quiet Meeting");
    assert_eq!(app.reader.scroll, scroll);
    assert!(
        app.reader
            .rendered
            .plain()
            .contains("A line added in the editor.")
    );
    assert_eq!(app.graph.notes().len(), 28);
    app.update(Action::Back);
    assert_eq!(title(&app), "Why Teams Drift");
    assert!(app.message.is_none() || !app.message.as_deref().unwrap_or("").contains("gone"));
}

#[test]
fn a_reload_that_loses_the_open_note_says_so() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("notes"),
        dir.path(),
    );
    let mut app = App::new(open(dir.path()).unwrap());
    app.update(Action::Resize(100, 30));
    app.update(Action::Go(note(&app, "Glossary")));
    std::fs::remove_file(dir.path().join("Glossary.md")).unwrap();
    let vault = open(dir.path()).unwrap();
    app.update(Action::Loaded(trail::app::Loaded(std::sync::Arc::new(
        vault,
    ))));
    assert_eq!(
        app.message.as_deref(),
        Some("the page you were reading is gone from the vault")
    );
    // Its last text stays on screen until the reader moves on; its links no longer lead.
    assert!(app.reader.page.is_none() && app.reader.gone);
    assert!(app.reader.rendered.plain().contains("Glossary"));
    assert!(app.reader.rendered.links.is_empty());
    let s = screen(&app);
    assert!(s.contains("Deleted: its last text"), "{s}");
    app.update(Action::Down);
    app.update(Action::NextLink);
    app.update(Action::Go(note(&app, "Start Here")));
    assert_eq!(title(&app), "Start Here");
    assert!(!app.reader.gone);
}

#[test]
fn the_first_frames_come_before_the_load_ends() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let mut app = App::loading(&root);
    app.update(Action::Resize(100, 24));
    // Nothing read: the frame says so, and keys are answered.
    let s = screen(&app);
    assert!(s.contains("Reading the vault…"), "{s}");
    assert!(s.contains("reading the vault…"), "{s}");
    app.update(Action::Help);
    app.update(Action::Cancel);
    // A search while the vault is read says its results are partial.
    app.update(Action::TextSearch);
    assert!(screen(&app).contains("results are partial"));
    app.update(Action::Cancel);
    // The files listed: their names, and the progress.
    let walk = trail::load::walk(&root, trail::load::Options::default());
    let names: Vec<String> = walk.notes.iter().map(|e| e.rel.clone()).collect();
    app.update(Action::Listed(names.into()));
    app.update(Action::Progress(10, 27));
    let s = screen(&app);
    assert!(s.contains("Notes 27 · reading"), "{s}");
    assert!(s.contains("Delegation Is a Gift"), "{s}");
    assert!(s.contains("reading 10 of 27 notes…"), "{s}");
    // The home note, read before the rest, opens while the others are read.
    let home = trail::vault::home_entry(&walk).unwrap().clone();
    assert_eq!(home.rel, "Start Here.md");
    let alone = trail::load::Walk {
        notes: vec![home],
        ..trail::load::Walk::default()
    };
    let preview = trail::vault::read(
        &root,
        alone,
        std::time::Instant::now(),
        &std::sync::atomic::AtomicUsize::default(),
    );
    app.update(Action::Preview(trail::app::Loaded(std::sync::Arc::new(
        preview,
    ))));
    assert_eq!(title(&app), "Start Here");
    let s = screen(&app);
    assert!(s.contains("Wander from here"), "{s}");
    assert!(s.contains("Notes 27 · reading"), "{s}");
    // Its links wait for the vault: they cannot know their notes yet.
    app.update(Action::FocusRight);
    app.update(Action::NextLink);
    app.update(Action::Open);
    assert_eq!(title(&app), "Start Here");
    assert_eq!(
        app.message.as_deref(),
        Some("still reading the vault: follow links in a moment")
    );
    // Every note read: the reader opens the home page, and the status shows the counts.
    let vault = trail::vault::read(
        &root,
        walk,
        std::time::Instant::now(),
        &std::sync::atomic::AtomicUsize::default(),
    );
    app.update(Action::Loaded(trail::app::Loaded(std::sync::Arc::new(
        vault,
    ))));
    assert_eq!(title(&app), "Start Here");
    assert!(app.loading.is_none());
    let s = screen(&app);
    assert!(s.contains("27 notes"), "{s}");
    assert!(!s.contains("reading"), "{s}");
}

#[test]
fn a_foreign_place_is_passed_over() {
    let mut app = notes_app(100, 24);
    let before = title(&app);
    app.update(Action::Restore(trail::state::Place {
        page: Some("../../etc/passwd".into()),
        scroll: 9_999,
        recent: vec!["/etc/shadow".into(), "Glossary.md".into()],
    }));
    assert_eq!(title(&app), before);
    // Only the path that names a note of the vault is offered.
    app.update(Action::QuickOpen);
    let offered: Vec<&str> = app.search.quick.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(offered, ["Glossary"]);
}

#[test]
fn without_colour_selection_and_links_are_still_marked() {
    let mut app = notes_app(100, 24);
    app.update(Action::Monochrome(true));
    app.update(Action::FocusRight);
    app.update(Action::NextLink);
    let t = draw(&app);
    let buf = t.backend().buffer();
    let cells = buf.content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "a colour was drawn"
    );
    let reversed = cells
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
        .count();
    let underlined = cells
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED))
        .count();
    // The selected list row and the selected link are reversed; links are underlined.
    assert!(reversed >= 10, "{reversed} reversed cells");
    assert!(underlined >= 10, "{underlined} underlined cells");
    let spot = &app.reader.rendered.links[app.reader.selected.unwrap()];
    let p = spot.pieces[0];
    let area = app.areas.reader.unwrap();
    let y = area.y + 1 + u16::try_from(p.line - app.reader.scroll).unwrap();
    let x = area.x + 2 + p.col;
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "selected link not reversed"
    );
}

#[test]
fn q_closes_the_help_and_counts_agree_in_number() {
    let mut app = notes_app(100, 24);
    app.update(Action::Help);
    app.update(Action::Quit);
    assert!(
        app.overlay.is_none() && !app.quit,
        "q in the help quit the reader"
    );
    app.update(Action::Quit);
    assert!(app.quit);
    let one = tempfile::tempdir().unwrap();
    std::fs::write(one.path().join("only.md"), "[[Lone Topic]]\n").unwrap();
    let mut app = App::new(open(one.path()).unwrap());
    app.update(Action::Resize(100, 24));
    let s = screen(&app);
    assert!(s.contains("1 note · 1 topic"), "{s}");
}

#[test]
fn a_prompt_opened_while_loading_stays_open_when_the_vault_arrives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let mut app = App::loading(&root);
    app.update(Action::Resize(100, 24));
    app.update(Action::QuickOpen);
    for c in "quiet".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Loaded(trail::app::Loaded(std::sync::Arc::new(
        open(&root).unwrap(),
    ))));
    assert_eq!(app.search.line.text, "quiet");
    for _ in 0..20 {
        app.update(Action::Tick);
    }
    assert!(
        app.search
            .quick
            .iter()
            .any(|h| h.text == "The Quiet Meeting"),
        "{:?}",
        app.search.quick
    );
}

#[test]
fn opening_a_full_text_hit_lands_on_the_chosen_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("# Haystack\n\nA needle early on.\n\n");
    for i in 0..60 {
        text += "Filler paragraph ";
        text += &i.to_string();
        text += " about nothing in particular.\n\n";
    }
    text.push_str("Here: needle, needle and needle again.\n");
    std::fs::write(dir.path().join("Haystack.md"), text).unwrap();
    let mut app = App::new(open(dir.path()).unwrap());
    app.update(Action::Resize(100, 24));
    app.update(Action::TextSearch);
    for c in "needle".chars() {
        app.update(Action::Input(c));
    }
    for _ in 0..10 {
        app.update(Action::Tick);
    }
    app.update(Action::Open);
    let find = app.reader.find.as_ref().unwrap();
    let (line, _, _) = find.matches[find.current];
    let chosen = find.current;
    assert!(chosen > 0, "landed on the first match, not the chosen one");
    let shown: String = app.reader.rendered.lines[line]
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect();
    assert!(shown.contains("needle and needle again"), "{shown}");
    // Centred, and n goes on from there.
    assert!(app.reader.scroll <= line && line < app.reader.scroll + usize::from(app.reader.height));
    assert!(app.reader.scroll > 0);
    app.update(Action::NextMatch);
    assert_eq!(app.reader.find.as_ref().unwrap().current, chosen + 1);
}

#[test]
fn a_slow_full_text_search_never_holds_up_the_keys_and_esc_ends_it() {
    // One large note and a regex that is linear but slow on it: a minute's match.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.md"), "x".repeat(3_000_000)).unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
    let mut app = App::new(open(dir.path()).unwrap());
    app.update(Action::Resize(100, 24));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        app.update(Action::TextSearch);
        for c in "/(?:x{1,50}){1,50}y/".chars() {
            app.update(Action::Input(c));
        }
        for _ in 0..5 {
            app.update(Action::Tick);
        }
        // Still searching, and the prompt shows how far it got.
        let busy = app.busy();
        app.update(Action::Cancel);
        tx.send((busy, app.search.mode.is_none(), app.busy()))
            .unwrap();
    });
    let (was_busy, closed, busy_after) = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("keys waited for the search");
    assert!(was_busy && closed && !busy_after);
}

#[test]
fn comments_are_hidden_and_highlights_marked_in_the_reader() {
    let parsed = trail::parse::parse(
        "c",
        "Visible %%hidden [[Secret]]%% and ==marked text== here.\n\n%%\nblock\n\nstill hidden\n%%\n\nAfter. `%%code%%`\n",
    );
    let g = trail::graph::Graph::build(
        vec![trail::graph::Input::new("c.md".into(), 0, parsed)],
        &[],
    );
    let r = trail::render::render(&g, &g.notes()[0], 80);
    let text = r.plain();
    assert!(
        !text.contains("hidden") && !text.contains("Secret") && !text.contains("block"),
        "{text}"
    );
    assert!(text.contains("Visible") && text.contains("After.") && text.contains("%%code%%"));
    assert!(r.links.is_empty());
    let marked = r
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .find(|s| s.content.contains("marked"))
        .unwrap();
    assert_eq!(marked.style.bg, Some(trail::theme::Role::MarkBg.color()));
    assert!(!text.contains("=="), "{text}");
}

#[test]
fn n_goes_round_with_a_message_and_the_status_names_the_selected_link() {
    let mut app = notes_app(100, 16);
    app.update(Action::Go(note(&app, "Psychological Safety")));
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    app.update(Action::FindInNote);
    type_text(&mut app, "safe");
    app.update(Action::Open);
    let n = app.reader.find.as_ref().unwrap().matches.len();
    for _ in 1..n {
        app.update(Action::NextMatch);
    }
    assert_eq!(app.reader.find.as_ref().unwrap().current, n - 1);
    app.update(Action::NextMatch);
    assert_eq!(app.reader.find.as_ref().unwrap().current, 0);
    assert_eq!(
        app.message.as_deref(),
        Some("past the last match: back to the first")
    );
    app.update(Action::PrevMatch);
    assert_eq!(app.reader.find.as_ref().unwrap().current, n - 1);
    // Tab selects a link: the status line says where it leads.
    app.update(Action::Cancel);
    app.update(Action::NextLink);
    let s = screen(&app);
    assert!(s.contains("· link to "), "{s}");
}

#[test]
fn moving_in_the_list_keeps_the_page_you_came_from() {
    let mut app = notes_app(100, 24);
    app.update(Action::Go(note(&app, "Why Teams Drift")));
    app.update(Action::Go(note(&app, "Glossary")));
    app.update(Action::FocusLeft);
    while app.focus != Focus::List {
        app.update(Action::FocusLeft);
    }
    app.update(Action::Down);
    app.update(Action::Down);
    assert_ne!(title(&app), "Glossary");
    app.update(Action::Back);
    assert_eq!(title(&app), "Glossary");
    app.update(Action::Back);
    assert_eq!(title(&app), "Why Teams Drift");
}

#[test]
fn the_prompt_edits_like_a_shell_line() {
    let mut app = notes_app(100, 24);
    app.update(Action::QuickOpen);
    type_text(&mut app, "quiet\u{3000}meeting notes  ");
    app.update(Action::DeleteWord);
    assert_eq!(app.search.line.text, "quiet\u{3000}meeting ");
    app.update(Action::DeleteWord);
    assert_eq!(app.search.line.text, "quiet\u{3000}");
    app.update(Action::ClearInput);
    assert_eq!(app.search.line.text, "");
    app.update(Action::DeleteWord);
    assert_eq!(app.search.line.text, "");
}

/// Found by the random-action proptest: full-text results in a prompt too narrow for any
/// snippet cut the snippet to nothing, and the count of what was kept went below zero.
#[test]
fn full_text_results_draw_in_a_pane_too_narrow_for_a_snippet() {
    let mut app = notes_app(100, 24);
    app.update(Action::TextSearch);
    type_text(&mut app, "trust");
    for _ in 0..5 {
        app.update(Action::Tick);
    }
    for w in 1..12 {
        app.update(Action::Resize(w, 20));
        draw(&app);
    }
}

#[test]
fn backlinks_from_one_note_share_its_title_and_wrap_their_lines() {
    let long = "word ".repeat(40);
    let filler = "A paragraph between the links.\n\n".repeat(40);
    let (_dir, mut app) = temp_app(
        &[
            ("B.md", "# B\n\nThe note linked to.\n"),
            (
                "A.md",
                &format!(
                    "# A\n\nFirst mention of [[B]] here.\n\n{filler}Second, [[B]] again.\n\n{filler}Third [[B]].\n"
                ),
            ),
            ("C.md", &format!("# C\n\nOne {long}[[B]] {long}\n")),
        ],
        120,
        30,
    );
    app.update(Action::Go(note(&app, "B")));
    let s = screen(&app);
    // One heading per linking note, each link's line under it.
    assert_eq!(s.matches("▸ A").count(), 1, "{s}");
    assert_eq!(s.matches("▸ C").count(), 1, "{s}");
    for line in ["First mention of B here.", "Second, B again.", "Third B."] {
        assert!(s.contains(line), "{line}\n{s}");
    }
    // A long line wraps to two rows and says it goes on.
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("word word")).collect();
    assert_eq!(rows.len(), 2, "{s}");
    assert!(rows[1].contains('…'), "{s}");
    // Each link is its own entry: the second one of A opens A at that link.
    app.update(Action::FocusRight);
    while app.focus != Focus::Side {
        app.update(Action::FocusRight);
    }
    app.update(Action::Top);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(title(&app), "A");
    assert!(app.reader.scroll > 0);
    let s = screen(&app);
    assert!(s.contains("Second, B again."), "{s}");
    assert!(!s.contains("First mention"), "{s}");
}

#[test]
fn i_shows_every_field_and_back() {
    let (_dir, mut app) = temp_app(
        &[(
            "n.md",
            "---\ncssclasses: [wide]\nauthor: Ann\n---\n# N\n\nText.\n",
        )],
        100,
        20,
    );
    app.update(Action::Go(note(&app, "n")));
    let s = screen(&app);
    assert!(
        s.contains("author: Ann") && !s.contains("cssclasses"),
        "{s}"
    );
    app.update(Action::ToggleFields);
    let s = screen(&app);
    assert!(s.contains("cssclasses: wide"), "{s}");
    assert!(s.contains("every field shown"), "{s}");
    app.update(Action::ToggleFields);
    assert!(!screen(&app).contains("cssclasses"));
}

#[test]
fn enter_on_a_footnote_goes_to_its_note_and_back() {
    let filler = "A paragraph of text.\n\n".repeat(30);
    let (_dir, mut app) = temp_app(
        &[(
            "f.md",
            &format!("# F\n\nA claim[^1] to check.\n\n{filler}[^1]: The source of the claim.\n"),
        )],
        100,
        20,
    );
    app.update(Action::Go(note(&app, "f")));
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    app.update(Action::NextLink);
    assert!(screen(&app).contains("footnote: Enter goes there"));
    app.update(Action::Open);
    let s = screen(&app);
    assert!(s.contains("[1] The source of the claim."), "{s}");
    assert!(!s.contains("A claim"), "{s}");
    // Its marker is selected: Enter goes back to the claim.
    app.update(Action::Open);
    assert!(screen(&app).contains("A claim[1] to check."));
    // Backspace returns too.
    app.update(Action::Open);
    app.update(Action::Back);
    assert!(screen(&app).contains("A claim[1] to check."));
}

#[test]
fn k_previews_the_selected_link_and_enter_opens_it() {
    let mut app = notes_app(120, 40);
    app.update(Action::Go(note(&app, "Link Hygiene")));
    select_link(&mut app, "Retrospectives#Lean Coffee");
    app.update(Action::PeekLink);
    let s = screen(&app);
    assert!(s.contains(" Retrospectives · "), "{s}");
    assert!(s.contains("Enter opens · Esc closes"), "{s}");
    // The page under it has not changed.
    assert_eq!(title(&app), "Link Hygiene");
    app.update(Action::Down);
    app.update(Action::Cancel);
    assert!(!screen(&app).contains("Enter opens · Esc closes"));
    assert_eq!(title(&app), "Link Hygiene");
    // A topic previews its referrers; Enter goes there.
    select_link(&mut app, "Management");
    app.update(Action::PeekLink);
    let s = screen(&app);
    assert!(s.contains("topic Management"), "{s}");
    assert!(s.contains("9 notes link here"), "{s}");
    app.update(Action::Open);
    assert_eq!(title(&app), "Management");
    // Nothing selected: say how.
    app.update(Action::Back);
    app.reader.selected = None;
    app.update(Action::PeekLink);
    assert!(app.message.as_deref().unwrap_or("").contains("Tab"));
}

#[test]
fn the_outline_previews_each_heading_and_enter_keeps_it() {
    let part = "A line of the part.\n\n".repeat(12);
    let mut body = String::new();
    for i in 1..=6 {
        std::fmt::Write::write_fmt(&mut body, format_args!("## Part {i}\n\n{part}")).unwrap();
    }
    let (_dir, mut app) = temp_app(&[("o.md", &format!("# O\n\n{body}"))], 100, 24);
    app.update(Action::Go(note(&app, "o")));
    app.update(Action::Outline);
    let s = screen(&app);
    assert!(s.contains("Outline · 7"), "{s}");
    assert!(s.contains("▸ O") && s.contains("Part 6"), "{s}");
    // Moving previews: the reader shows the heading selected.
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    let s = screen(&app);
    assert!(s.contains("▸   Part 3"), "{s}");
    assert!(s.contains("## Part 3"), "{s}");
    // Esc goes back to where the outline was opened.
    app.update(Action::Cancel);
    assert_eq!(app.reader.scroll, 0);
    assert!(!screen(&app).contains("Outline ·"));
    // Enter keeps the place; Back returns.
    app.update(Action::Outline);
    app.update(Action::Bottom);
    app.update(Action::Open);
    let at = app.reader.scroll;
    assert!(at > 0);
    assert!(screen(&app).contains("## Part 6"));
    // Scrolled there, the outline opens on the heading the reader is in.
    app.update(Action::Outline);
    assert!(screen(&app).contains("▸   Part 6"));
    app.update(Action::Cancel);
    app.update(Action::Back);
    assert_eq!(app.reader.scroll, 0);
}

#[test]
fn o_cycles_to_unlinked_mentions_of_the_page() {
    let (_dir, mut app) = temp_app(
        &[
            ("Drift.md", "# Drift\n\nThe note.\n"),
            (
                "a.md",
                "# A\n\nTeams drift apart, and drift is slow.\n\nLinked: [[Drift]].\n\n`drift in code`\n",
            ),
            ("b.md", "# B\n\nNothing here but drifting words.\n"),
        ],
        120,
        30,
    );
    app.update(Action::Go(note(&app, "Drift")));
    app.update(Action::ToggleOutgoing);
    app.update(Action::ToggleOutgoing);
    // Large vaults fill in over ticks; this one is done at once.
    for _ in 0..10 {
        app.update(Action::Tick);
    }
    let s = screen(&app);
    assert!(s.contains("Mentions (1)"), "{s}");
    assert!(s.contains("▸ a"), "{s}");
    assert!(s.contains("Teams drift apart"), "{s}");
    assert!(!s.contains("▸ b"), "{s}");
    // Enter opens the note at the mention.
    while app.focus != Focus::Side {
        app.update(Action::FocusRight);
    }
    app.update(Action::Open);
    assert_eq!(title(&app), "a");
    // And on round: back to backlinks.
    app.update(Action::Back);
    app.update(Action::ToggleOutgoing);
    assert!(screen(&app).contains("Backlinks (1)"));
}

#[test]
fn f_filters_the_list_by_words_tags_and_folders() {
    let mut app = notes_app(120, 40);
    app.update(Action::FilterList);
    for c in "tag:practice".chars() {
        app.update(Action::Input(c));
    }
    let s = screen(&app);
    assert!(s.contains("filter: tag:practice"), "{s}");
    let shown = app.list.notes;
    assert!(shown > 0 && shown < 27, "{shown}");
    assert!(s.contains(&format!("{shown} notes of 27")), "{s}");
    let titles: Vec<String> = app
        .list
        .entries
        .iter()
        .filter_map(|e| e.page().map(|p| title_of(&app, p)))
        .collect();
    assert!(titles.contains(&"Retrospectives".to_string()), "{titles:?}");
    assert!(
        !titles.contains(&"Über Vertrauen".to_string()),
        "{titles:?}"
    );
    // Enter keeps it; the list says so.
    app.update(Action::Open);
    let s = screen(&app);
    assert!(s.contains(&format!("Notes {shown} of 27")), "{s}");
    assert!(s.contains(" 27 notes"), "the vault's count stays: {s}");
    // Words and folders narrow further; f shows the filter in force to edit.
    app.update(Action::FilterList);
    assert_eq!(app.search.line.text, "tag:practice");
    app.update(Action::ClearInput);
    for c in "path:garden safety".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.list.notes >= 1);
    assert!(app.list.entries.iter().all(|e| match e {
        trail::app::list::Entry::Note(id) => app.graph.note(*id).path.starts_with("garden/"),
        trail::app::list::Entry::Topic(_) | trail::app::list::Entry::Folder(_) => false,
    }));
    // Esc clears it.
    app.update(Action::Cancel);
    assert_eq!(app.list.notes, 27);
    assert!(screen(&app).contains("Notes 27 · by title"));
}

fn title_of(app: &App, page: Page) -> String {
    app.page_title(page).to_string()
}

#[test]
fn a_link_inside_an_embed_is_followed_and_its_target_named() {
    let (_dir, mut app) = temp_app(
        &[
            ("Page.md", "# Page\n\n![[Essay#Part]]\n"),
            (
                "Essay.md",
                "# Essay\n\n## Part\n\nSee [[Source]] and [[A topic]].\n",
            ),
            ("Source.md", "# Source\n\nThe source.\n"),
        ],
        100,
        24,
    );
    let page = note(&app, "Page");
    app.update(Action::Go(page));
    let s = screen(&app);
    assert!(s.contains("┃ ⧉ Essay › Part"), "{s}");
    assert!(s.contains("┃ See Source and A topic."), "{s}");
    select_link(&mut app, "A topic");
    let s = screen(&app);
    assert!(s.contains("topic A topic"), "{s}");
    select_link(&mut app, "Source");
    app.update(Action::Open);
    assert_eq!(title(&app), "Source");
    app.update(Action::Back);
    assert_eq!(title(&app), "Page");
    // The frame's head is the embed link itself: Enter opens the embedded note.
    select_link(&mut app, "Essay#Part");
    app.update(Action::Open);
    assert_eq!(title(&app), "Essay");
}

#[test]
fn a_folded_callout_opens_and_folds_with_enter() {
    let (_dir, mut app) = temp_app(
        &[
            (
                "Page.md",
                "# Page\n\n> [!faq]- Why *fold*?\n> Because [[Source]] says so.\n> > nested words\n\n\
                 > [!tip]+ Open by default\n> Tip body.\n\nAfter.\n",
            ),
            ("Source.md", "# Source\n"),
        ],
        80,
        24,
    );
    let page = note(&app, "Page");
    app.update(Action::Go(page));
    let s = screen(&app);
    assert!(s.contains("▌ ▸ FAQ: Why fold?"), "{s}");
    assert!(!s.contains("Because"), "{s}");
    assert!(!s.contains("nested words"), "{s}");
    assert!(s.contains("▌ ▾ TIP: Open by default"), "{s}");
    assert!(s.contains("Tip body."), "{s}");
    assert!(s.contains("After."), "{s}");
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    app.update(Action::NextLink);
    let s = screen(&app);
    assert!(s.contains("callout: Enter folds or unfolds it"), "{s}");
    app.update(Action::Open);
    let s = screen(&app);
    assert!(s.contains("▌ ▾ FAQ: Why fold?"), "{s}");
    assert!(s.contains("Because Source says so."), "{s}");
    assert!(s.contains("nested words"), "{s}");
    assert_eq!(title(&app), "Page", "unfolding stays on the page");
    // The link inside is now reachable, and the head is still selected: Enter folds again.
    app.update(Action::Open);
    assert!(!screen(&app).contains("Because"));
    // The open one folds too.
    app.update(Action::NextLink);
    app.update(Action::Open);
    let s = screen(&app);
    assert!(s.contains("▌ ▸ TIP: Open by default"), "{s}");
    assert!(!s.contains("Tip body."), "{s}");
}

/// The style of the first span of the reader's page that is exactly `text`.
fn span_fg(app: &App, text: &str) -> Option<ratatui::style::Color> {
    app.reader
        .rendered
        .lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .find(|s| s.content.trim() == text)
        .and_then(|s| s.style.fg)
}

#[test]
fn code_is_coloured_by_language_near_the_view_between_keys() {
    use trail::theme::Role;
    let filler = "Filler line.\n\n".repeat(150);
    let text = format!(
        "# Code\n\n```rust\nfn first() {{ let s = \"\u{1b}[2J\"; }}\n```\n\n{filler}\
         ```python\ndef far_away():\n    return None\n```\n\n```nosuchlang\nplain words\n```\n"
    );
    let (_dir, mut app) = temp_app(&[("Code.md", &text)], 100, 30);
    let page = note(&app, "Code");
    app.update(Action::Go(page));
    // Laid out plain; coloured on the ticks that follow.
    assert_eq!(span_fg(&app, "fn"), None);
    assert!(app.busy());
    for _ in 0..100 {
        if !app.busy() {
            break;
        }
        app.update(Action::Tick);
    }
    assert!(!app.busy());
    assert_eq!(span_fg(&app, "fn"), Some(Role::CodeKeyword.color()));
    assert_eq!(span_fg(&app, "first"), Some(Role::CodeFunction.color()));
    // The block far below the view waits until the reader comes near it.
    assert_eq!(span_fg(&app, "def"), None);
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    for _ in 0..50 {
        app.update(Action::PageDown);
    }
    while app.busy() {
        app.update(Action::Tick);
    }
    assert_eq!(span_fg(&app, "def"), Some(Role::CodeKeyword.color()));
    // Unknown languages stay in the code colour; nothing raw reaches the page.
    let plain = app
        .reader
        .rendered
        .lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .find(|s| s.content.contains("plain words"))
        .unwrap();
    assert_eq!(plain.style.fg, Some(Role::Code.color()));
    for line in &app.reader.rendered.lines {
        for span in &line.spans {
            assert!(
                !span.content.chars().any(char::is_control),
                "{:?}",
                span.content
            );
        }
    }
    let s = screen(&app);
    assert!(!s.contains('\u{1b}'));
}

/// Tab through the reader's spots until one leads to tag `name`'s page.
fn select_tag(app: &mut App, name: &str) {
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    for _ in 0..app.reader.rendered.links.len() {
        app.update(Action::NextLink);
        let spot = &app.reader.rendered.links[app.reader.selected.unwrap()];
        if spot.tag.is_some_and(|t| app.graph.tag(t).name == name) {
            return;
        }
    }
    panic!("no tag {name}");
}

#[test]
fn tags_are_pages_reached_from_the_text_and_nested_under_their_parents() {
    let mut app = notes_app(110, 40);
    let page = note(&app, "Retrospectives");
    app.update(Action::Go(page));
    select_tag(&mut app, "practice/meetings");
    let s = screen(&app);
    assert!(
        s.contains("tag #practice/meetings: Enter lists its notes"),
        "{s}"
    );
    app.update(Action::Open);
    let Some(Page::Tag(meetings)) = app.reader.page else {
        panic!("not on a tag page")
    };
    let s = screen(&app);
    assert!(s.contains("#practice/meetings"), "{s}");
    assert!(s.contains("Its notes are in the page."), "{s}");
    let listed = app.graph.tagged(meetings);
    assert!(listed.len() >= 2, "{listed:?}");
    for id in &listed {
        assert!(s.contains(app.graph.note(*id).title.as_str()), "{s}");
    }
    // The parent tag's page holds the nested tag's notes too, and leads to the nested tag.
    app.update(Action::Back);
    assert_eq!(title(&app), "Retrospectives");
    let practice = app.graph.tag_id("practice").unwrap();
    app.update(Action::Go(Page::Tag(practice)));
    let s = screen(&app);
    assert!(s.contains("Nested: #practice/meetings"), "{s}");
    for id in &listed {
        assert!(app.graph.tagged(practice).contains(id));
    }
    while app.focus != Focus::Reader {
        app.update(Action::FocusRight);
    }
    app.update(Action::NextLink);
    app.update(Action::Open);
    assert_eq!(app.reader.page, Some(Page::Tag(meetings)));
    // A note's header tags lead to their pages too.
    app.update(Action::NextLink);
    app.update(Action::Open);
    assert!(matches!(app.reader.page, Some(Page::Note(_))));
}

#[test]
fn quick_open_matches_folder_and_name_fragments_and_names_its_cap() {
    let mut app = notes_app(100, 30);
    app.update(Action::QuickOpen);
    type_text(&mut app, "prac/retro");
    let first = &app.search.quick[0];
    assert_eq!(first.kind, "path");
    assert_eq!(first.text, "practices/Retrospectives");
    app.update(Action::Cancel);
    // A query that many notes match shows how many it kept as a cap, not as a count.
    let files: Vec<(String, String)> = (0..300)
        .map(|i| (format!("n{i}.md"), format!("Text {i}\n")))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_dir, mut app) = temp_app(&files, 100, 30);
    app.update(Action::QuickOpen);
    type_text(&mut app, "n");
    while app.busy() {
        app.update(Action::Tick);
    }
    let s = screen(&app);
    assert!(s.contains("· best 200"), "{s}");
}

#[test]
fn the_local_graph_shows_links_in_and_out_and_opens_a_neighbour() {
    let mut app = notes_app(110, 32);
    let page = note(&app, "Retrospectives");
    app.update(Action::Go(page));
    app.update(Action::LocalGraph);
    let s = screen(&app);
    println!("{s}");
    let local = app.local.as_ref().unwrap();
    assert!(
        local.incoming.iter().any(|n| n.label == "Team Charter"),
        "{s}"
    );
    assert!(
        local
            .outgoing
            .iter()
            .any(|n| n.label == "#practice/meetings"),
        "{s}"
    );
    assert!(s.contains("● Retrospectives"), "{s}");
    assert!(s.contains("links here ("), "{s}");
    insta::assert_snapshot!(s);
    // One hop drops the neighbours' neighbours.
    let two = local.len();
    app.update(Action::LocalGraph);
    let one = app.local.as_ref().unwrap();
    assert!(!one.two_hops && one.len() < two);
    assert!(one.rows().all(|n| n.depth == 0));
    // l crosses to the other side; Enter opens the selected page; Back returns.
    app.update(Action::FocusRight);
    let target = app.local.as_ref().unwrap().outgoing[0].page;
    app.update(Action::Open);
    assert_eq!(app.reader.page, Some(target));
    assert!(app.overlay.is_none());
    app.update(Action::Back);
    assert_eq!(title(&app), "Retrospectives");
}

#[test]
fn the_folder_view_folds_and_opens_folders_and_follows_the_filter() {
    use trail::app::list::{Entry, SortBy};
    let mut app = notes_app(100, 40);
    while app.list.sort != SortBy::Folders {
        app.update(Action::CycleSort);
    }
    let s = screen(&app);
    assert!(s.contains("Notes 27 · folders"), "{s}");
    assert!(s.contains("▾ blog/ (5)"), "{s}");
    assert!(s.contains("▾ garden/ (7)"), "{s}");
    // Folders come first, each followed by its notes, indented; root notes last.
    let rows: Vec<String> = app
        .list
        .entries
        .iter()
        .map(|e| match e {
            Entry::Folder(f) => format!("{}/", app.list.folders[*f as usize].path),
            Entry::Note(id) => app.graph.note(*id).path.clone(),
            Entry::Topic(_) => "topic".into(),
        })
        .collect();
    assert_eq!(rows[0], "blog/");
    assert!(rows[1].starts_with("blog/"), "{rows:?}");
    let garden = rows.iter().position(|r| r == "garden/").unwrap();
    assert!(rows[garden + 1].starts_with("garden/"), "{rows:?}");
    let start_here = rows.iter().position(|r| r == "Start Here.md").unwrap();
    assert!(rows[..start_here].iter().all(|r| r != "topic"));
    // Enter on a folder folds it; again opens it; the selection stays on it.
    while app.focus != Focus::List {
        app.update(Action::FocusLeft);
    }
    app.list.sel.selected = 0;
    let before = app.list.entries.len();
    app.update(Action::Open);
    assert_eq!(app.list.entries.len(), before - 5);
    assert!(screen(&app).contains("▸ blog/ (5)"));
    assert_eq!(app.list.selected_entry(), Some(Entry::Folder(0)));
    app.update(Action::Open);
    assert_eq!(app.list.entries.len(), before);
    // The filter narrows the tree: only the folders of what it keeps.
    app.update(Action::FilterList);
    type_text(&mut app, "tag:practice");
    app.update(Action::Open);
    let s = screen(&app);
    assert!(s.contains("▾ practices/"), "{s}");
    assert!(!s.contains("▾ blog/"), "{s}");
}

#[test]
fn the_local_graph_of_a_topic_and_of_a_tag() {
    let mut app = notes_app(110, 32);
    let page = note(&app, "Management");
    app.update(Action::Go(page));
    app.update(Action::LocalGraph);
    let local = app.local.as_ref().unwrap();
    assert!(local.outgoing.is_empty());
    assert!(local.incoming.iter().filter(|n| n.depth == 0).count() >= 5);
    let s = screen(&app);
    assert!(s.contains("● Management"), "{s}");
    assert!(s.contains("(nothing)"), "{s}");
    app.update(Action::Cancel);
    assert!(app.overlay.is_none());
    let practice = app.graph.tag_id("practice").unwrap();
    app.update(Action::Go(Page::Tag(practice)));
    app.update(Action::LocalGraph);
    let local = app.local.as_ref().unwrap();
    assert!(
        local
            .outgoing
            .iter()
            .any(|n| n.label == "#practice/meetings")
    );
    assert!(local.incoming.iter().any(|n| n.label == "Retrospectives"));
}
