//! Full-text search over fixture vaults: notes whose title holds a term first, then by
//! relevance (BM25F over title, headings and text), each fixture with its expected order.

use std::path::Path;
use trail::search::{Hit, Query, TermCount, excerpt, search, sort};
use trail::vault::open;

/// A vault of `files` (path, text) in a fresh folder.
fn vault_of(files: &[(String, String)]) -> (tempfile::TempDir, trail::vault::Vault) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let v = open(dir.path()).unwrap();
    (dir, v)
}

fn ranked(v: &trail::vault::Vault, query: &str) -> Vec<String> {
    search(&v.graph, &Query::parse(query).unwrap())
        .iter()
        .map(|h| v.graph.note(h.note).path.clone())
        .collect()
}

#[test]
fn many_matches_in_the_text_outrank_one_in_a_heading() {
    // 40 notes of 1.4 KB with `drift` once, in a heading; one of 2.8 KB with it 22 times in
    // its text; one note titled Drift.
    let mut files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("h{i:02}.md"),
                format!(
                    "# Note {i}\n\n## Drift\n\n{}",
                    "Something else entirely, said at some length. ".repeat(30)
                ),
            )
        })
        .collect();
    let para = "Teams drift apart when nobody writes down why they chose what they chose; \
                the record is what lets a newcomer see the path.\n\n";
    files.push(("busy.md".into(), format!("# Busy\n\n{}", para.repeat(22))));
    files.push(("Drift.md".into(), "# Drift\n\nA short page.\n".into()));
    let (_dir, v) = vault_of(&files);
    let order = ranked(&v, "drift");
    assert_eq!(order.len(), 42);
    // The title first, then the note that is about it, then the 40 headings in path order.
    assert_eq!(order[0], "Drift.md");
    assert_eq!(order[1], "busy.md");
    let headings: Vec<String> = (0..40).map(|i| format!("h{i:02}.md")).collect();
    assert_eq!(order[2..], headings[..]);
}

#[test]
fn a_rare_term_weighs_more_and_a_shorter_note_wins_a_tie() {
    // `team` is in every note; `trust` in two. Both notes hold both words, each three times
    // one of them.
    let mut files: Vec<(String, String)> = (0..10)
        .map(|i| (format!("n{i}.md"), format!("# N{i}\n\nThe team met.\n")))
        .collect();
    files.push((
        "rare.md".into(),
        "# Rare\n\ntrust trust trust team\n".into(),
    ));
    files.push((
        "common.md".into(),
        "# Common\n\ntrust team team team\n".into(),
    ));
    let (dir, v) = vault_of(&files);
    assert_eq!(ranked(&v, "trust team"), ["rare.md", "common.md"]);
    // The same matches in a note about twice as long rank below them, still above the
    // note that holds the rare term once.
    std::fs::write(
        dir.path().join("long.md"),
        format!(
            "# Long\n\ntrust trust trust team\n\n{}",
            "Other words. ".repeat(2)
        ),
    )
    .unwrap();
    let v = open(dir.path()).unwrap();
    assert_eq!(
        ranked(&v, "trust team"),
        ["rare.md", "long.md", "common.md"]
    );
}

#[test]
fn ranking_title_then_relevance() {
    let v = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ranking")).unwrap();
    let hits = search(&v.graph, &Query::parse("trust").unwrap());
    let order: Vec<&str> = hits
        .iter()
        .map(|h| v.graph.note(h.note).path.as_str())
        .collect();
    // Five matches in the text outweigh one in a heading.
    assert_eq!(order, vec!["Trust.md", "many.md", "heading.md", "one.md"]);
    assert_eq!(hits[1].matches, 5);
    // Where it matched is worked out for the hits shown only.
    let q = Query::parse("trust").unwrap();
    let e = excerpt(&q, v.graph.note(hits[1].note));
    assert_eq!(e.line, 3);
    assert_eq!(e.snippet, "trust trust trust trust trust");
    assert_eq!(e.highlights.len(), 5);
}

#[test]
fn exclusion_and_filters_combine() {
    let v = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ranking")).unwrap();
    let paths = |q: &str| -> Vec<String> {
        search(&v.graph, &Query::parse(q).unwrap())
            .iter()
            .map(|h| v.graph.note(h.note).path.clone())
            .collect()
    };
    assert_eq!(paths("trust -little -once"), vec!["many.md", "heading.md"]);
    assert_eq!(paths("title:many"), vec!["many.md"]);
    assert_eq!(paths("path:one trust"), vec!["one.md"]);
    // Regexes are case-sensitive: the title "Trust" does not count, the heading "On trust" does.
    assert_eq!(
        paths("/tr.st{1}/ -/t{5}/"),
        vec!["many.md", "heading.md", "Trust.md", "one.md"]
    );
    assert!(paths("\"Trust trust\"").is_empty());
}

/// The fast paths (an ASCII literal counted without the regex, the packed body and hidden
/// text read in one pass, heading matches found while counting) give what plain regexes
/// give, piece by piece.
#[test]
fn fast_counts_equal_the_regex_counts() {
    let texts = [
        "---\ntitle: Trust\ntags: [trust]\n---\n# Trust me\n\nTRUST, trust; distrust.\n## Other\ntrust\n",
        "A line {: .trust} with kramdown and a block ^trust\n",
        "No match at all.\n",
        "Long \u{17F} and trust: the long s folds to s.\n\ntru\u{17F}t\n",
        "# Heading trust\n\n## Setext\n---\nplain\n",
    ];
    let root = tempfile::tempdir().unwrap();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(root.path().join(format!("n{i}.md")), t).unwrap();
    }
    let v = open(root.path()).unwrap();
    // The oracle: each query as plain regexes, run over the body and each hidden piece on
    // its own, ranked by the same rule.
    let re = |p: &str| regex::Regex::new(p).unwrap();
    let slow = |q: &str, include: &[&str], exclude: &[&str]| -> Vec<Hit> {
        let (include, exclude): (Vec<_>, Vec<_>) = (
            include.iter().map(|p| re(p)).collect(),
            exclude.iter().map(|p| re(p)).collect(),
        );
        let mut hits: Vec<Hit> = v
            .graph
            .notes()
            .iter()
            .filter_map(|n| {
                let pieces: Vec<&str> = std::iter::once(n.body.as_str())
                    .chain(n.hidden.iter().map(|h| h.text.as_str()))
                    .collect();
                let count = |r: &regex::Regex| -> usize {
                    pieces.iter().map(|p| r.find_iter(p).count()).sum()
                };
                if exclude.iter().any(|r| count(r) > 0) {
                    return None;
                }
                let counts: Vec<usize> = include.iter().map(count).collect();
                if counts.contains(&0) {
                    return None;
                }
                let terms: Vec<TermCount> = include
                    .iter()
                    .zip(&counts)
                    .map(|(r, &c)| TermCount {
                        text: u32::try_from(c).unwrap(),
                        headings: n
                            .headings
                            .iter()
                            .map(|h| r.find_iter(&n.body[h.offset..h.end]).count())
                            .sum::<usize>()
                            .try_into()
                            .unwrap(),
                        title: r.is_match(&n.title),
                    })
                    .collect();
                Some(Hit {
                    note: n.id,
                    matches: counts.iter().sum(),
                    in_title: terms.iter().any(|t| t.title),
                    in_heading: terms.iter().any(|t| t.headings > 0),
                    terms,
                    len: n.body.len(),
                    score: 0.0,
                })
            })
            .collect();
        // A query never run counts no notes: the hits give each term's frequency, which
        // for these one-term queries is what the search counts.
        sort(&v.graph, &Query::parse(q).unwrap(), &mut hits);
        hits
    };
    for (q, include, exclude) in [
        ("trust", &["(?i)trust"][..], &[][..]),
        ("TRUST", &["TRUST"], &[]),
        ("\"trust\"", &["trust"], &[]),
        ("/tr.st/", &["tr.st"], &[]),
        ("trust -distrust", &["(?i)trust"], &["(?i)distrust"]),
        ("s", &["(?i)s"], &[]),
        ("heading", &["(?i)heading"], &[]),
    ] {
        let fast = search(&v.graph, &Query::parse(q).unwrap());
        assert_eq!(fast, slow(q, include, exclude), "{q:?}");
    }
    // The long s counts as an s, as the regex (and ripgrep) say.
    let hits = search(&v.graph, &Query::parse("trust").unwrap());
    let n3 = hits
        .iter()
        .find(|h| v.graph.note(h.note).path == "n3.md")
        .unwrap();
    assert_eq!(n3.matches, 2);
}

/// A regex that can match an empty string (at a line's end, or anywhere) must not stall
/// the search: every loop over matches moves on. Run on a thread with a generous limit, so
/// that a regression fails instead of hanging the suite.
#[test]
fn regexes_that_match_empty_strings_terminate() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let parsed =
            trail::parse::parse("n", "hello x world\n\nline two  \n\u{3000}全角\n-- end\n");
        let g = trail::graph::Graph::build(
            vec![trail::graph::Input::new("n.md".into(), 0, parsed)],
            &[],
        );
        for q in [
            "/x*/", r"/\s+/", "/.*/", r"/\W/", "/x|$/", "/$/", "/^/", "/(?m)$/",
        ] {
            let query = Query::parse(q).unwrap();
            for hit in search(&g, &query) {
                let _ = excerpt(&query, g.note(hit.note));
            }
            let _ = query.ranges(&g.notes()[0].body);
        }
        tx.send(()).unwrap();
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("a search over empty-matching regexes did not finish");
}

#[test]
fn or_joins_alternatives_and_binds_tighter_than_and() {
    let v = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")).unwrap();
    let paths = |q: &str| -> std::collections::BTreeSet<String> {
        search(&v.graph, &Query::parse(q).unwrap())
            .iter()
            .map(|h| v.graph.note(h.note).path.clone())
            .collect()
    };
    let trust = paths("trust");
    let drift = paths("drift");
    let either = paths("trust OR drift");
    assert_eq!(either, trust.union(&drift).cloned().collect());
    assert!(either.len() > trust.len().max(drift.len()));
    // `meeting trust OR drift` is meeting AND (trust OR drift).
    let meeting = paths("meeting");
    let both = paths("meeting trust OR drift");
    assert_eq!(both, meeting.intersection(&either).cloned().collect());
    // OR is a keyword, not a capital that makes the words case-sensitive.
    assert_eq!(paths("TRUST"), std::collections::BTreeSet::new());
    assert_eq!(paths("trust OR nothingatall"), trust);
}

#[test]
fn unlinked_mentions_are_whole_words_outside_code_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    w(
        "Deep Work.md",
        "---\naliases: [focus time]\n---\nA note about deep work.\n",
    );
    w(
        "Journal.md",
        "I practised deep work today.\n\
         Linked: [[Deep Work]] and [deep work](Deep%20Work.md).\n\
         In code: `deep work` and\n\n```\ndeep work\n```\n\
         Longer words: deep workers, deepwork.\n\
         Focus Time matters too.\n\
         In math: $deep work$.\n",
    );
    w("Other.md", "Nothing to see.\n");
    let v = open(dir.path()).unwrap();
    let g = &v.graph;
    let id = g.notes().iter().find(|n| n.name == "Deep Work").unwrap().id;
    let found: Vec<(String, usize)> = trail::search::mentions(g, id)
        .iter()
        .map(|m| (g.note(m.note).path.clone(), m.line))
        .collect();
    assert_eq!(
        found,
        [("Journal.md".to_string(), 1), ("Journal.md".to_string(), 9)]
    );
}
