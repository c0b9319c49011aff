//! The loader's quick scan (`trail::scan`) is a shortcut past pulldown-cmark, never a second
//! opinion: wherever it answers, the parsed note must be exactly what the full parser makes of
//! it (links and their ranges, headings, tags, title, and so what counts as code). These tests
//! hold it to that on generated markdown built to probe the edges, on the sample notes and
//! fixtures, and on the real corpora when `TRAIL_CORPORA` names their folder (CI sets it).

use proptest::prelude::*;
use std::path::Path;
use trail::parse::{Reading, parse_with};

/// Parse `text` both ways; the two notes must be equal. Returns whether the scan answered.
fn agree(name: &str, text: &str) -> Result<bool, String> {
    let quick = parse_with("n", text, Reading::Quick);
    let full = parse_with("n", text, Reading::Full);
    if quick != full {
        return Err(format!(
            "{name}: the quick scan and pulldown-cmark disagree\n--- text ---\n{text}\n--- quick ---\n{quick:#?}\n--- full ---\n{full:#?}"
        ));
    }
    Ok(trail::scan::events(&full.body).is_some())
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
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn quick_scan_agrees_with_pulldown(lines in proptest::collection::vec(line(), 1..14)) {
        let text = lines.join("\n");
        if let Err(e) = agree("generated", &text) {
            prop_assert!(false, "{}", e);
        }
    }
}
