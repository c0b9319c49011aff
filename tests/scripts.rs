//! Every script drawn whole: notes in Bengali, Hindi, Arabic, Persian, Khmer, Thai, Chinese,
//! Japanese and emoji sequences, rendered into ratatui's `TestBackend` at several widths.
//! Each row must add up to the screen's width, counted as terminals count, every cell must
//! hold one whole grapheme cluster, and no letter may be lost.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use std::path::Path;
use trail::app::{Action, App, Focus, Page};
use trail::graph::Lookup;
use trail::text::cluster_width;
use unicode_segmentation::UnicodeSegmentation as _;

/// Each note: a name, and paragraphs in one script.
const NOTES: &[(&str, &str)] = &[
    (
        "bengali",
        "এই নোটে আমরা বাংলা লেখা দেখি। যুক্তাক্ষর: ক্ষ, জ্ঞ, ন্দ্র। বিদ্যালয়, পরীক্ষা, স্বাধীনতা।",
    ),
    ("hindi", "नमस्ते दुनिया, यह एक परीक्षण है। क्षत्रिय, द्वार, विश्वास।"),
    (
        "arabic",
        "مرحبا بالعالم، هذه ملاحظة قصيرة عن الثقة في الفريق.",
    ),
    ("persian", "می‌خواهم نامه‌ای بنویسم و می‌توان اعتماد کرد."),
    ("khmer", "សួស្តី ពិភពលោក ការទុកចិត្ត ខ្មែរ"),
    ("thai", "สวัสดีชาวโลก ที่นี่คือบันทึก ความไว้วางใจ"),
    (
        "chinese",
        "这是一个测试笔记，用于检查换行是否正确处理中文文本而不是只在空格处换行。",
    ),
    (
        "japanese",
        "これはテストのノートです。改行が正しく処理されるか確認します。",
    ),
    (
        "emoji",
        "family 👩‍👩‍👧‍👦 flag 🇧🇩 🇩🇪 thumbs 👍🏽 heart ❤️ keycap #️⃣ done",
    ),
];

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in NOTES {
        std::fs::write(
            dir.path().join(format!("{name}.md")),
            format!("# {name}\n\n{text}\n\n{text}\n"),
        )
        .unwrap();
    }
    dir
}

fn app(dir: &Path, w: u16, h: u16) -> App {
    let mut app = App::new(trail::vault::open(dir).unwrap());
    app.update(Action::Resize(w, h));
    app
}

fn draw(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

/// The width the terminal gives the cell at `(x, y)`, as the backend is told it.
fn drawn_width(buf: &Buffer, x: u16, y: u16) -> u16 {
    let cell = &buf[(x, y)];
    match cell.diff_option {
        CellDiffOption::ForcedWidth(w) => w.get(),
        _ => u16::try_from(unicode_width::UnicodeWidthStr::width(cell.symbol())).unwrap_or(1),
    }
}

/// Check every row of the screen; returns the text of `area`'s rows, cluster by cluster.
fn check_rows(buf: &Buffer, area: Rect, what: &str) -> String {
    let mut text = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut columns = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            assert!(
                symbol.graphemes(true).count() <= 1,
                "{what}: cell {x},{y} holds more than one cluster: {symbol:?}"
            );
            let w = drawn_width(buf, x, y).max(1);
            if !symbol.is_ascii() {
                assert_eq!(
                    usize::from(w),
                    cluster_width(symbol),
                    "{what}: {symbol:?} at {x},{y} is drawn at another width than it takes"
                );
            }
            for covered in x + 1..x + w {
                assert!(
                    covered < buf.area.width,
                    "{what}: {symbol:?} runs off row {y}"
                );
                assert_eq!(
                    buf[(covered, y)].symbol(),
                    " ",
                    "{what}: a cell under {symbol:?} at {x},{y} holds text"
                );
            }
            if area.contains((x, y).into()) {
                text.push_str(symbol);
            }
            columns += w;
            x += w;
        }
        assert_eq!(
            columns, buf.area.width,
            "{what}: row {y} is not the screen's width"
        );
    }
    text
}

#[test]
fn every_script_is_drawn_whole_at_every_width() {
    let dir = vault();
    for (width, height) in [(40, 30), (57, 30), (80, 24), (121, 40)] {
        let mut app = app(dir.path(), width, height);
        for (name, text) in NOTES {
            let Lookup::Note(id) = app.graph.find(name) else {
                panic!("{name}")
            };
            app.update(Action::Go(Page::Note(id)));
            while app.focus != Focus::Reader {
                app.update(Action::FocusRight);
            }
            let buf = draw(&app);
            let reader = app.areas.reader_inner().unwrap();
            let shown = check_rows(&buf, reader, &format!("{name} at {width}"));
            // Every cluster of the text is on screen, in order (lines break between
            // clusters; the spaces at a break are not drawn).
            let bare = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
            assert!(
                bare(&shown).contains(&bare(text)),
                "{name} at {width}: text lost\nshown: {shown}\nwanted: {text}"
            );
        }
    }
}

#[test]
fn the_list_the_side_pane_and_prompts_draw_every_script_whole() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in NOTES {
        // Titles in each script, linked from one note so the side pane shows them too.
        let title: String = text.split(' ').take(3).collect::<Vec<_>>().join(" ");
        std::fs::write(
            dir.path().join(format!("{name}.md")),
            format!("# {title}\n\nSee [[hub]]. {text}\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("hub.md"), "# hub\n\nThe notes link here.\n").unwrap();
    for width in [60, 100, 140] {
        let mut app = app(dir.path(), width, 30);
        let Lookup::Note(hub) = app.graph.find("hub") else {
            panic!()
        };
        app.update(Action::Go(Page::Note(hub)));
        let buf = draw(&app);
        check_rows(&buf, Rect::default(), &format!("panes at {width}"));
        app.update(Action::QuickOpen);
        for c in "क्ष".chars() {
            app.update(Action::Input(c));
        }
        for _ in 0..50 {
            app.update(Action::Tick);
        }
        let buf = draw(&app);
        check_rows(&buf, Rect::default(), &format!("quick open at {width}"));
    }
}
