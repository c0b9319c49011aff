//! The loader's quick readings are shortcuts past the full parsers, never second opinions:
//! the markdown scan (`trail::scan`) past pulldown-cmark, and the front matter reading
//! (`trail::frontmatter::quick`) past the YAML parser. Wherever one answers, the parsed note
//! must be exactly what the full parsers make of it (links and their ranges, headings, tags,
//! title, properties, and so what counts as code). These tests hold them to that on generated
//! markdown and YAML built to probe the edges, on the sample notes and fixtures, and on the
//! real corpora when `TRAIL_CORPORA` names their folder (CI sets it).

use proptest::prelude::*;
use std::path::Path;
use trail::parse::{Reading, parse_with};

/// Cases per property: 3,000 in `cargo test`; set `PROPTEST_CASES` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000)
}

/// Parse `text` both ways; the two notes must be equal. Returns whether the scan answered.
fn agree(name: &str, text: &str) -> Result<bool, String> {
    let quick = parse_with("n", text, Reading::Quick);
    let full = parse_with("n", text, Reading::Full);
    if quick != full {
        return Err(format!(
            "{name}: the quick scan and pulldown-cmark disagree\n--- text ---\n{text}\n--- quick ---\n{quick:#?}\n--- full ---\n{full:#?}"
        ));
    }
    Ok(trail::scan::scan(&full.body, |_, _| {}).is_some())
}

fn markdown_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .flatten()
        .map(ignore::DirEntry::into_path)
        .filter(|p| trail::load::is_markdown(&p.to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// Check every note under `root`; returns (notes, notes the scan answered for).
fn agree_on_folder(root: &Path) -> (usize, usize) {
    let (mut notes, mut quick) = (0, 0);
    for path in markdown_files(root) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        notes += 1;
        match agree(
            &path.display().to_string(),
            &String::from_utf8_lossy(&bytes),
        ) {
            Ok(answered) => quick += usize::from(answered),
            Err(e) => panic!("{e}"),
        }
    }
    (notes, quick)
}

#[test]
fn sample_notes_and_fixtures_agree() {
    let (notes, quick) = agree_on_folder(Path::new("notes"));
    assert!(notes >= 20);
    // The scan must actually take the common shapes, or it buys nothing.
    assert!(
        quick * 10 >= notes * 6,
        "scan answered for only {quick} of {notes} notes"
    );
    agree_on_folder(Path::new("tests/fixtures"));
}

#[test]
fn the_two_shapes_take_the_quick_path() {
    for name in [
        "notes/garden/Delegation Is a Gift.md",
        "notes/blog/2024-03-15-hiring-for-slope.md",
    ] {
        let text = std::fs::read_to_string(name).expect("sample note");
        assert_eq!(agree(name, &text), Ok(true), "{name}");
    }
}

#[test]
fn real_corpora_agree() {
    let Some(root) = std::env::var_os("TRAIL_CORPORA") else {
        eprintln!("TRAIL_CORPORA is not set: skipping the real corpora (CI sets it)");
        return;
    };
    let mut total = 0;
    for entry in std::fs::read_dir(&root)
        .expect("TRAIL_CORPORA is a folder")
        .flatten()
    {
        if entry.path().is_dir() {
            let (notes, quick) = agree_on_folder(&entry.path());
            eprintln!(
                "{}: {notes} notes, the scan answered for {quick}",
                entry.path().display()
            );
            total += notes;
        }
    }
    assert!(
        total > 1000,
        "expected the five corpora, found {total} notes"
    );
}

/// One line of markdown, from pieces chosen to sit on the scan's edges: containers and
/// their indents, fences, tables, footnotes, and every inline form it reads or refuses.
fn line() -> impl Strategy<Value = String> {
    let indent = proptest::sample::select(vec!["", " ", "  ", "   ", "    ", "      "]);
    let lead = prop_oneof![
        4 => Just(""),
        6 => proptest::sample::select(vec![
        "- ", "* ", "+ ", "1. ", "2. ", "1) ", "> ",
        "> > ", "- [ ] ", "- [x] ", "# ", "## ", "###### ",
        "####### ", "#", "```", "~~~", "````", "| ",
        "|---|---|", "| :-- | --: |", "---", "***", "- - -",
        "===", "[^1]: ", "[ref]: ", "<div>", "-", "\t",
        "$$",
        ]),
    ];
    let piece = prop_oneof![
        6 => Just("word"),
        4 => Just(" "),
        10 => proptest::sample::select(vec![
        "[[Note]]", "[[Note|label]]", "[[Note#Head]]", "![[img.png]]",
        "[[a/b#^blk]]", "[[|x]]", "[[ ]]", "[[Note|*em*]]",
        "[[x]]]", "[[[x]]", "[[a", "b]]", "[label](other.md)",
        "![alt](a.png)", "[l](<a b.md>)", "[l](a.md \"t\")", "[l]()",
        "[l](a(b).md)", "[l][ref]", "[ref]", "[^1]", "[^x]",
        "[x [[y]]](z)", "<https://e.org/a#b>", "<a@b.org>", "<b>",
        "< 3", "`code [[no]]`", "``a ` b``", "`open", "#tag",
        "#1", "#a/b", "C#", "*#em*", "_#x_", "(#p)",
        "[#t]", "]#t", ")#t", "**bold**", "_it_", "~~s~~",
        "\\[[esc]]", "\\#t", "&amp;", "&#35;x", "a & b",
        "|", "\\|", "::", "k:: v", "^blk", "{:x}",
        "é", "中", "!", "[", "]", "(", ")",
        ]),
    ];
    (
        indent,
        lead,
        proptest::collection::vec(piece, 0..8),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(indent, lead, pieces, blank)| {
            if blank {
                String::new()
            } else {
                format!("{indent}{lead}{}", pieces.concat())
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn quick_scan_agrees_with_pulldown(lines in proptest::collection::vec(line(), 1..14)) {
        let text = lines.join("\n");
        if let Err(e) = agree("generated", &text) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// One line of front matter, from pieces on the quick reading's edges: keys it takes and
/// keys it leaves, every scalar style, flow and block lists, comments, anchors, nesting.
fn yaml_line() -> impl Strategy<Value = String> {
    // Mostly what the quick reading takes, so that it answers often; the rest probes where
    // it must decline.
    let mostly = |good: Vec<&'static str>, bad: Vec<&'static str>| {
        prop_oneof![
            6 => proptest::sample::select(good),
            1 => proptest::sample::select(bad),
        ]
    };
    let key = mostly(
        vec![
            "title", "tags", "aliases", "date", "a b", "a-b", "x.y", "_k", "1",
        ],
        vec!["null", "~", " title", "\"q\"", "? k", "- k", ""],
    );
    let sep = mostly(vec![": ", ":", ":  "], vec![" :", ":x"]);
    let value = mostly(
        vec![
            "",
            "\"Hi\"",
            "'x'",
            "plain words",
            "2020-10-17",
            "[a, b]",
            "[]",
            "[ ]",
            "~",
            "null",
            "a:b",
            "é 中",
            "http://x.org/a",
            "a, b",
            "  spaced  ",
            "\"\"",
            "''",
            "[a:b, c]",
            "\"#x\"",
            "\"[[Note]]\"",
            "-5x",
            "a - b",
            "x'y",
            "x\"y",
        ],
        vec![
            "\"a \\\" b\"",
            "'it''s'",
            "[a,]",
            "[\"a\", b]",
            "[[Note]]",
            "a: b",
            "x #c",
            "C#",
            "&a x",
            "*a",
            "!t x",
            "|",
            ">",
            "{a: b}",
            "-5",
            "- x",
            "tab\tx",
            "\"open",
            "'x' y",
            "?",
            "x\u{85}y",
            "\u{feff}x",
            "[a: b]",
            "a:",
            "[~, b]",
        ],
    );
    let item = mostly(
        vec![
            "  - a",
            "- a",
            "   - \"q\"",
            "  -",
            "",
            "  ",
            "  - 'y'",
            "  - ~",
            "  - 2020",
        ],
        vec![
            "  - [x]",
            "  - a: b",
            "    - deep",
            "  continued",
            "# comment",
            "\t- t",
        ],
    );
    prop_oneof![
        3 => (key, sep, value).prop_map(|(k, s, v)| format!("{k}{s}{v}")),
        1 => item.prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn quick_front_matter_agrees_with_saphyr(lines in proptest::collection::vec(yaml_line(), 1..8)) {
        let yaml = lines.join("\n") + "\n";
        if let Some(quick) = trail::frontmatter::quick(&yaml) {
            let full = trail::frontmatter::parse_full(&yaml);
            prop_assert_eq!(Ok(quick), full, "{}", yaml);
        }
    }
}
