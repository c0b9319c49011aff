//! Property tests: arbitrary bytes and markdown-ish text never make the parser, the resolver or
//! the renderer panic; link ranges stay inside their note; resolution never leaves the vault.

use proptest::prelude::*;
use trail::graph::{Graph, Input, Target};

/// Text made mostly of the characters markdown and wikilinks care about.
fn markdownish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(r"([\[\]#!|^:>*`~\-\n a-zA-Z0-9{}()/.%\x22\\\t_=+\x1b\u{202e}é中🚀]|\[\[|\]\]|---\n|```\n|::|\n\n|#### ){0,120}").expect("valid regex")
}

fn graph_of(texts: &[String], attachments: &[String]) -> Graph {
    let inputs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Input::new(
                format!("dir{}/n{i}.md", i % 3),
                t.len() as u64,
                trail::parse::parse(&format!("n{i}"), t),
            )
        })
        .collect();
    Graph::build(inputs, attachments)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = trail::parse::parse("x", &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn link_ranges_lie_inside_the_body(text in markdownish()) {
        let note = trail::parse::parse("x", &text);
        for link in &note.links {
            prop_assert!(link.range.start <= link.range.end && link.range.end <= note.body.len());
            prop_assert!(note.body.is_char_boundary(link.range.start) && note.body.is_char_boundary(link.range.end));
        }
        for h in &note.headings {
            prop_assert!(h.offset <= note.body.len());
        }
    }

    #[test]
    fn resolution_never_leaves_the_vault(texts in proptest::collection::vec(markdownish(), 1..6), target in "[./a-z%2e]{0,24}") {
        let mut texts = texts;
        texts.push(format!("[[{target}]] [x]({target}) ![[{target}.png]]"));
        let attachments = vec!["dir0/pic.png".to_string()];
        let g = graph_of(&texts, &attachments);
        for (_, link) in g.links() {
            match &link.target {
                Target::Note(id) => prop_assert!(id.index() < g.notes().len()),
                Target::Topic(id) => prop_assert!(id.index() < g.topics().len()),
                Target::Attachment(a) => prop_assert!(attachments.iter().any(|p| p == g.attachment(*a))),
                Target::MissingAttachment | Target::MissingNote | Target::Outside | Target::External => {}
            }
            if let Some(place) = link.place() {
                let Target::Note(id) = link.target else { panic!("a place without a note") };
                prop_assert!(place <= g.note(id).body.len());
            }
        }
    }

    #[test]
    fn render_never_panics_and_stays_clean(text in markdownish(), width in 1u16..160) {
        let g = graph_of(&[text], &[]);
        let r = trail::render::render(&g, &g.notes()[0], width);
        for line in &r.lines {
            let s: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            prop_assert!(trail::text::str_width(&s) <= usize::from(width.max(8)), "{s:?} wider than {width}");
            prop_assert!(!s.chars().any(trail::text::is_unsafe_char), "{s:?}");
        }
    }

    #[test]
    fn search_queries_never_panic(q in "[a-z \\x22/()\\-:*+?\\[\\]]{0,30}", text in markdownish()) {
        if let Ok(query) = trail::search::Query::parse(&q) {
            let g = graph_of(&[text], &[]);
            let _ = trail::search::search(&g, &query);
        }
    }

    /// The ASCII fast path finds exactly the matches the regex finds, in any case.
    #[test]
    fn fold_literal_matches_the_regex(needle in "[a-zA-Z0-9 .@`]{1,6}", hay in "[aAbB@` .\u{17F}\u{212A}kKsS0-9]{0,300}") {
        let lit = trail::search::literal::Literal::fold(&needle).expect("ASCII needle");
        let re = regex::RegexBuilder::new(&regex::escape(&needle)).case_insensitive(true).build().expect("escaped");
        let mut fast = Vec::new();
        lit.each(hay.as_bytes(), |at| { fast.push(at); true });
        let slow: Vec<usize> = re.find_iter(&hay).map(|m| m.start()).collect();
        // Only the fold traps may differ, and search sends notes holding them to the regex.
        if !trail::text::has_fold_traps(hay.as_bytes()) {
            prop_assert_eq!(fast, slow);
        }
    }
}

proptest! {
    // A bound that is slightly off shows only in rare shapes; thousands of small cases
    // find it in about a second.
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    /// Quick open's bound (items whose first query character earns no bonus are put off and
    /// often never scored) changes nothing: the best scores equal those of scoring every
    /// title, alias, path and topic.
    #[test]
    fn quick_open_bound_loses_nothing(
        titles in proptest::collection::vec("[abcABC01 ._/é-]{1,12}", 1..40),
        query in "[abcAB01]{1,3}",
        limit in 1usize..6,
    ) {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        let texts: Vec<String> = titles.iter().map(|t| format!("# {t}\n\n[[{t} topic]]\n")).collect();
        let g = graph_of(&texts, &[]);
        let index = trail::search::quick_open::QuickIndex::new(&g);
        let got: Vec<u32> = index.search(&query, limit).iter().map(|h| h.score).collect();
        let pattern = Pattern::parse(&query, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
        let mut score = |s: &str| pattern.score(nucleo_matcher::Utf32String::from(s).slice(..), &mut matcher);
        let mut want: Vec<u32> = Vec::new();
        for note in g.notes() {
            let path = trail::text::strip_md_ext(&note.path).to_string();
            let texts = std::iter::once(note.title.to_string()).chain(note.aliases.iter().cloned()).chain([path]);
            if let Some(best) = texts.filter_map(|t| score(&t)).max() {
                want.push(best);
            }
        }
        for topic in g.topics() {
            want.extend(score(&topic.name));
        }
        want.sort_unstable_by(|a, b| b.cmp(a));
        want.truncate(limit);
        prop_assert_eq!(got, want);
    }
}
