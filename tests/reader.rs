//! What the reader makes of the constructs people write: HTML, line breaks, the header's
//! fields. Each note is rendered as the reader lays it out and checked as text and styles.

use ratatui::style::Modifier;
use trail::graph::{Graph, Input};
use trail::render::{Rendered, render};

fn rendered(name: &str, text: &str, width: u16) -> Rendered {
    let parsed = trail::parse::parse(name, text);
    let g = Graph::build(vec![Input::new(format!("{name}.md"), 0, parsed)], &[]);
    render(&g, &g.notes()[0], width)
}

/// The rendered lines after the header (title, fields, rule).
fn body(r: &Rendered) -> Vec<String> {
    let plain = r.plain();
    let lines: Vec<String> = plain.lines().map(str::to_string).collect();
    let rule = lines.iter().position(|l| l.starts_with('─')).unwrap_or(0);
    lines[rule + 1..]
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect()
}

/// The style of the first span holding `text`.
fn style_of(r: &Rendered, text: &str) -> ratatui::style::Style {
    r.lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .find(|s| s.content.contains(text))
        .map_or_else(|| panic!("no span holds {text:?}"), |s| s.style)
}

const HTML: &str = "# Html\n\n\
Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy. Water is H<sub>2</sub>O and E = mc<sup>2</sup>, \
a <mark>marked</mark> word.\nLine one<br>line two.\n\n\
<div align=\"center\">\n  <p>Centered &amp; <b>bold</b> text &mdash; here.</p>\n  \
<img src=\"x.png\" alt=\"A diagram\">\n</div>\n\n\
<iframe src=\"https://example.org\"></iframe>\n\n\
<!-- a comment the writer keeps to themself -->\n\n\
<script>alert(\"never shown\")</script>\n\n\
<details><summary>More</summary>\nHidden detail &#x1b;[31m red\n</details>\n\n\
<div class=\"spacer\"></div>\n\nThe end.\n";

#[test]
fn html_shows_its_text_and_never_its_tags() {
    let r = rendered("Html", HTML, 80);
    let lines = body(&r);
    let all = lines.join("\n");
    for wanted in [
        "Press Ctrl+C to copy. Water is H₂O and E = mc², a marked word. Line one",
        "line two.",
        "Centered & bold text — here.",
        "[image: A diagram]",
        "[embedded page]",
        "More",
        "[html: div]",
        "The end.",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(wanted)),
            "{wanted:?} in\n{all}"
        );
    }
    for unwanted in ["<", ">", "never shown", "a comment", "&amp;", "\u{1b}"] {
        assert!(!all.contains(unwanted), "{unwanted:?} in\n{all}");
    }
    // An escape written as an entity is decoded, then shown as a harmless picture.
    assert!(all.contains("␛[31m"), "{all}");
    // The tags that mean something style their text.
    assert!(style_of(&r, "Ctrl").add_modifier.contains(Modifier::BOLD));
    assert_eq!(
        style_of(&r, "marked").bg,
        trail::render::styles::highlight().bg
    );
    assert!(style_of(&r, "bold").add_modifier.contains(Modifier::BOLD));
}

#[test]
fn html_that_never_closes_ends_with_its_block() {
    let r = rendered(
        "Open",
        "# Open\n\n<b>bold never closed\n\nAfter <i>it\n\nNext paragraph.\n\n<style>p { x }\n",
        60,
    );
    let all = body(&r).join("\n");
    assert!(all.contains("Next paragraph."), "{all}");
    assert!(!all.contains("p { x }"), "{all}");
    assert!(
        style_of(&r, "bold never")
            .add_modifier
            .contains(Modifier::BOLD)
    );
    let next = style_of(&r, "Next paragraph.");
    assert!(
        !next
            .add_modifier
            .intersects(Modifier::BOLD | Modifier::ITALIC),
        "{next:?}"
    );
}

const FRONT: &str = "---\ntitle: Front\nup: \"[[Other]]\"\nrelated: [\"[[Other|the other]]\", \"[[Missing]]\"]\n\
cssclasses: [wide]\npublish: true\nlayout: post\nauthor: Ann\n---\n# Front\n\nBody text.\n\n\
- item\n  logseq.order-list-type:: number\n- next\n  collapsed:: true\n";

fn front_graph() -> Graph {
    let front = trail::parse::parse("Front", FRONT);
    let other = trail::parse::parse("Other", "# Other\n");
    Graph::build(
        vec![
            Input::new("Front.md".into(), 0, front),
            Input::new("Other.md".into(), 0, other),
        ],
        &[],
    )
}

#[test]
fn the_header_shows_what_a_reader_wants_with_its_links_followable() {
    let g = front_graph();
    let note = &g.notes()[0];
    let r = render(&g, note, 80);
    let header: String = r.plain().lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(header.contains("author: Ann"), "{header}");
    assert!(header.contains("up: Other"), "{header}");
    assert!(header.contains("related: the other, Missing"), "{header}");
    for hidden in ["cssclasses", "publish", "layout", "[["] {
        assert!(!header.contains(hidden), "{hidden} in {header}");
    }
    // The front matter's links are links in the header: Tab reaches them, in order.
    let targets: Vec<&str> = r
        .links
        .iter()
        .map(|s| note.links[s.link].raw.target.as_ref())
        .collect();
    assert_eq!(targets[..3], ["Other", "Other", "Missing"], "{targets:?}");
    assert!(r.links[..3].iter().all(|s| s.pieces[0].line < 3));
    // Logseq's block properties say how to show an item, not what it says.
    let body = body(&r).join("\n");
    assert!(body.contains("• item") && body.contains("• next"), "{body}");
    assert!(
        !body.contains("logseq") && !body.contains("collapsed"),
        "{body}"
    );
}

#[test]
fn every_field_shows_on_demand() {
    let g = front_graph();
    let r = trail::render::render_with(
        &g,
        &g.notes()[0],
        100,
        trail::render::Look {
            fields: trail::render::Fields::All,
            ..trail::render::Look::default()
        },
    );
    let text = r.plain();
    for shown in [
        "cssclasses: wide",
        "publish: true",
        "logseq.order-list-type",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
}

#[test]
fn line_breaks_follow_the_vaults_own_tool() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("poem.md"),
        "# Poem\n\nRoses are red,\nviolets are blue.\n\n# Heading\n",
    )
    .unwrap();
    let shown = |root: &std::path::Path| {
        let v = trail::vault::open(root).unwrap();
        let look = trail::render::Look {
            line_breaks: v.line_breaks,
            ..trail::render::Look::default()
        };
        let r = trail::render::render_with(&v.graph, &v.graph.notes()[0], 60, look);
        body(&r)
    };
    // A folder of markdown reads as CommonMark: the two lines are one paragraph line.
    assert!(shown(root).contains(&"Roses are red, violets are blue.".to_string()));
    // An Obsidian vault breaks the line where the writer did.
    std::fs::create_dir(root.join(".obsidian")).unwrap();
    let lines = shown(root);
    assert!(lines.contains(&"Roses are red,".to_string()), "{lines:?}");
    assert!(
        lines.contains(&"violets are blue.".to_string()),
        "{lines:?}"
    );
    // ...unless its settings ask for strict line breaks.
    std::fs::write(
        root.join(".obsidian/app.json"),
        r#"{"strictLineBreaks":true}"#,
    )
    .unwrap();
    assert!(shown(root).contains(&"Roses are red, violets are blue.".to_string()));
}

#[test]
fn a_callout_title_is_markdown_with_links_and_nothing_leaks() {
    let text = "# Co\n\n> [!tip]- Folded `code` and [[Co]] title\n> Inside the callout.\n\n\
                > [!warning] Plain title\n\n> [!note]\n> Body only.\n";
    let parsed = trail::parse::parse("Co", text);
    let g = Graph::build(vec![Input::new("Co.md".into(), 0, parsed)], &[]);
    let note = &g.notes()[0];
    let r = render(&g, note, 70);
    let lines = body(&r);
    assert_eq!(
        lines,
        [
            "▌ ▸ TIP: Folded code and Co title",
            "▌ WARNING: Plain title",
            "▌ NOTE",
            "▌ Body only.",
        ],
        "{lines:?}"
    );
    // The title's link is a link: Tab reaches it, on the header's line.
    let spot = r
        .links
        .iter()
        .find(|s| {
            note.links
                .get(s.link)
                .is_some_and(|l| l.raw.target.as_ref() == "Co")
        })
        .expect("the title's link");
    let title_line = r.plain().lines().position(|l| l.contains("TIP:")).unwrap();
    assert_eq!(spot.pieces[0].line, title_line);
    assert!(style_of(&r, "code").fg.is_some());
}

#[test]
fn a_paragraph_never_sticks_to_the_list_above_it() {
    let r = rendered(
        "Sp",
        "# Sp\n\n- one\n- two\n\nAfter the list.\n\n## Heading\nRight under it.\n",
        60,
    );
    let plain = r.plain();
    assert!(plain.contains("• two\n\nAfter the list."), "{plain}");
    assert!(plain.contains("After the list.\n\n## Heading"), "{plain}");
}

const FOOTNOTES: &str = "# Fn\n\nFirst claim[^b] and second[^a], the first again[^b].\n\n\
[^a]: Said in [[Fn|this note]], on a line\n    that goes on.\n\n\
[^unused]: Never referenced.\n\n\
More text after the definitions.\n\n\
[^b]: The first note.\n";

#[test]
fn footnotes_are_numbered_markers_with_their_notes_gathered_at_the_end() {
    let parsed = trail::parse::parse("Fn", FOOTNOTES);
    let g = Graph::build(vec![Input::new("Fn.md".into(), 0, parsed)], &[]);
    let note = &g.notes()[0];
    let r = render(&g, note, 70);
    let lines = body(&r);
    assert_eq!(
        lines,
        [
            "First claim[1] and second[2], the first again[1].",
            "More text after the definitions.",
            "────────────",
            "[1] The first note.",
            "[2] Said in this note, on a line that goes on.",
            "[3] Never referenced.",
        ],
        "{lines:?}"
    );
    let plain: Vec<String> = r.plain().lines().map(str::to_string).collect();
    let line_of = |text: &str| plain.iter().position(|l| l.starts_with(text)).unwrap();
    // Each marker in the text leads to its note; each note's marker back to the first
    // reference. The link inside a note is an ordinary link.
    let jumps: Vec<(usize, Option<usize>)> =
        r.links.iter().map(|s| (s.pieces[0].line, s.line)).collect();
    let text_line = line_of("First claim");
    assert_eq!(
        jumps,
        [
            (text_line, Some(line_of("[1]"))),
            (text_line, Some(line_of("[2]"))),
            (text_line, Some(line_of("[1]"))),
            (line_of("[1]"), Some(text_line)),
            (line_of("[2]"), Some(text_line)),
            (line_of("[2]"), None),
        ]
    );
    assert_eq!(note.links[r.links[5].link].raw.target.as_ref(), "Fn");
}

/// The page of `names[0]` in a vault of `notes` (name, text), as the reader lays it out.
fn rendered_in(notes: &[(&str, &str)], width: u16) -> (Graph, Rendered) {
    let inputs = notes
        .iter()
        .map(|(name, text)| Input::new(format!("{name}.md"), 0, trail::parse::parse(name, text)))
        .collect();
    let g = Graph::build(inputs, &[]);
    let r = render(&g, &g.notes()[0], width);
    (g, r)
}

const EMBEDS: [(&str, &str); 4] = [
    (
        "Page",
        "# Page\n\nBefore.\n\n![[Essay]]\n\nMiddle.\n\n![[Essay#Second]]\n\n![[List#^chosen]]\n\nAfter.\n",
    ),
    (
        "Essay",
        "# Essay\n\nOpening words with a [[Source]] link.\n\n## First\n\nfirst words\n\n\
         ## Second\n\nsecond words, see [[Elsewhere]].\n\n### Deeper\n\ndeeper words\n\n\
         ## Third\n\nthird words\n",
    ),
    (
        "List",
        "Lead.\n\n- one\n- two, the chosen one ^chosen\n- three\n",
    ),
    ("Source", "# Source\n\nThe source.\n"),
];

#[test]
fn an_embed_shows_the_note_framed_under_where_it_comes_from() {
    let (_, r) = rendered_in(&EMBEDS, 60);
    let lines = body(&r);
    let all = lines.join("\n");
    let start = lines.iter().position(|l| l == "┃ ⧉ Essay").expect(&all);
    assert_eq!(lines[start - 1], "Before.");
    assert_eq!(lines[start + 1], "┃ Opening words with a Source link.");
    // The embedded note's own `# Essay` repeats the frame's head: left out.
    assert!(!all.contains("┃ # Essay"), "{all}");
    for words in ["first words", "second words", "deeper words", "third words"] {
        assert!(all.contains(&format!("┃ {words}")), "{words}: {all}");
    }
    assert_eq!(
        lines.iter().position(|l| l == "Middle.").unwrap(),
        lines.iter().rposition(|l| l == "┃ third words").unwrap() + 1
    );
}

#[test]
fn a_heading_embed_shows_its_section_and_a_block_embed_its_block() {
    let (_, r) = rendered_in(&EMBEDS, 60);
    let lines = body(&r);
    let all = lines.join("\n");
    let start = lines
        .iter()
        .position(|l| l == "┃ ⧉ Essay › Second")
        .expect(&all);
    let section: Vec<&str> = lines[start + 1..]
        .iter()
        .take_while(|l| l.starts_with('┃') && !l.contains('⧉'))
        .filter(|l| *l != "┃")
        .map(String::as_str)
        .collect();
    assert_eq!(
        section,
        [
            "┃ ## Second",
            "┃ second words, see Elsewhere.",
            "┃ ### Deeper",
            "┃ deeper words"
        ]
    );
    let block = lines
        .iter()
        .position(|l| l == "┃ ⧉ List › ^chosen")
        .expect(&all);
    assert_eq!(lines[block + 1], "┃ • two, the chosen one");
    assert_eq!(lines[block + 2], "After.");
}

#[test]
fn links_inside_an_embed_are_the_embedded_notes_and_reachable() {
    let (g, r) = rendered_in(&EMBEDS, 60);
    let essay = g.notes().iter().find(|n| n.name == "Essay").unwrap().id;
    let inside: Vec<String> = r
        .links
        .iter()
        .filter(|s| s.from == Some(essay))
        .map(|s| g.note(essay).links[s.link].raw.target.to_string())
        .collect();
    // `Source` in the whole note, `Elsewhere` twice: once in the whole note, once in the
    // section.
    assert_eq!(inside, ["Source", "Elsewhere", "Elsewhere"]);
    // The frames' heads are the page's own embed links.
    let page = g.notes()[0].id;
    let heads: Vec<String> = r
        .links
        .iter()
        .filter(|s| s.from.is_none())
        .map(|s| g.note(page).links[s.link].raw.destination())
        .collect();
    assert_eq!(heads, ["Essay", "Essay#Second", "List#^chosen"]);
}

#[test]
fn an_embed_cycle_is_marked_and_depth_is_limited() {
    // A embeds itself and B; B embeds A back.
    let (_, r) = rendered_in(
        &[
            ("A", "Text of A.\n\n![[A]]\n\n![[B]]\n"),
            ("B", "Text of B.\n\n![[A]]\n"),
        ],
        60,
    );
    let all = body(&r).join("\n");
    assert_eq!(all.matches("already on this page").count(), 2, "{all}");
    assert_eq!(all.matches("Text of A.").count(), 1, "{all}");
    assert_eq!(all.matches("Text of B.").count(), 1, "{all}");
    // A chain N0 → N1 → … → N6 is drawn three notes deep; the fourth stays a placeholder.
    let notes: Vec<(String, String)> = (0..7)
        .map(|i| {
            (
                format!("N{i}"),
                format!("Words of N{i}.\n\n![[N{}]]\n", i + 1),
            )
        })
        .collect();
    let notes: Vec<(&str, &str)> = notes
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (_, r) = rendered_in(&notes, 60);
    let all = body(&r).join("\n");
    for i in 1..=3 {
        assert!(all.contains(&format!("Words of N{i}.")), "N{i}: {all}");
    }
    assert!(!all.contains("Words of N4."), "{all}");
    assert!(all.contains("[embed: N4]"), "{all}");
}

#[test]
fn an_embedded_notes_control_characters_never_reach_the_page() {
    let (_, r) = rendered_in(
        &[
            ("Host", "![[Evil]]\n"),
            (
                "Evil",
                "Bell\u{7} and \u{1b}[31mred\u{1b}[0m and \u{9b}2J here.\n",
            ),
        ],
        60,
    );
    for line in &r.lines {
        for span in &line.spans {
            assert!(
                !span.content.chars().any(char::is_control),
                "{:?}",
                span.content
            );
        }
    }
    assert!(body(&r).join("\n").contains("red"));
}
