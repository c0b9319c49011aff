//! Link resolution over small fixture vaults, one rule a line. The rules are written down in
//! docs/links.md.

use std::path::Path;
use trail::graph::{Graph, Status, Target};
use trail::vault::{Vault, open};

fn fixture(name: &str) -> Vault {
    open(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Where the link from `from` on the line containing `marker` leads: a note path, `topic:Name`,
/// `attachment:path`, or the target kind.
fn resolve(v: &Vault, from: &str, marker: &str) -> (Status, String) {
    let g: &Graph = &v.graph;
    let note = g
        .notes()
        .iter()
        .find(|n| n.path == from)
        .unwrap_or_else(|| panic!("no note {from}"));
    let link = note
        .links
        .iter()
        .find(|l| trail::graph::line_around(&note.body, l.raw.range.start).contains(marker))
        .unwrap_or_else(|| panic!("no link on a line with {marker:?}"));
    let to = match &link.target {
        Target::Note(id) => g.note(*id).path.clone(),
        Target::Topic(id) => format!("topic:{}", g.topic(*id).name),
        Target::Attachment(a) => format!("attachment:{}", g.attachment(*a)),
        other => format!("{other:?}"),
    };
    (link.status(), to)
}

macro_rules! rules {
    (in $vault:literal: $($name:ident: $from:literal, $marker:literal => $status:ident, $to:literal;)*) => {$(
        #[test]
        fn $name() {
            let v = fixture($vault);
            assert_eq!(resolve(&v, $from, $marker), (Status::$status, $to.to_string()));
        }
    )*};
}

rules! { in "resolve":
    bare_name_matches_file_name: "Home.md", "by name" => Resolved, "folder/b.md";
    md_extension_is_optional: "Home.md", "with extension" => Resolved, "folder/b.md";
    slash_means_path_from_root: "Home.md", "by path" => Resolved, "folder/b.md";
    matching_ignores_case: "Home.md", "any case" => Resolved, "folder/b.md";
    same_name_elsewhere_is_ambiguous_shortest_path_wins: "Home.md", "ambiguous from the root" => Ambiguous, "other/dup.md";
    same_name_prefers_linking_folder: "folder/b.md", "Same folder wins" => Ambiguous, "folder/dup.md";
    alias_matches_after_names: "Home.md", "by alias" => Resolved, "aliased.md";
    heading_fragment_resolves: "Home.md", "heading:" => Resolved, "folder/b.md";
    nested_heading_fragment_resolves: "Home.md", "nested heading" => Resolved, "folder/b.md";
    heading_slug_from_markdown_link: "Home.md", "heading by slug" => Resolved, "folder/b.md";
    missing_heading_is_broken: "Home.md", "missing heading" => Broken, "folder/b.md";
    block_fragment_resolves: "Home.md", "block:" => Resolved, "folder/b.md";
    hash_only_links_same_note: "Home.md", "same note" => Resolved, "Home.md";
    unmatched_name_is_a_topic: "Home.md", "topic:" => Topic, "topic:Ghost Topic";
    topic_names_fold_case_and_space: "Home.md", "same topic, other case" => Topic, "topic:Ghost Topic";
    attachment_that_exists: "Home.md", "attachment:" => Attachment, "attachment:pic.png";
    attachment_that_is_missing_is_not_a_topic: "Home.md", "missing attachment" => MissingAttachment, "MissingAttachment";
    markdown_link_relative_to_note: "Home.md", "markdown relative" => Resolved, "folder/b.md";
    markdown_link_percent_decoded: "Home.md", "escaped space" => Resolved, "folder/my note.md";
    markdown_link_to_missing_note_is_broken: "Home.md", "markdown to a missing" => Broken, "MissingNote";
    relative_link_cannot_climb_out: "Home.md", "climbing out" => Broken, "Outside";
    rooted_path_is_the_vault_root_not_the_disk: "Home.md", "rooted absolute" => Broken, "MissingNote";
    wikilink_cannot_climb_out: "Home.md", "wikilink climbing out" => Broken, "Outside";
    url_is_external: "Home.md", "external" => External, "External";
    titles_are_never_link_targets: "Home.md", "title fallback" => Topic, "topic:Titled By Front Matter";
    hidden_folders_are_not_loaded: "Home.md", "hidden folder" => Topic, "topic:secret";
    markdown_link_climbs_to_parent_inside: "folder/b.md", "Same folder wins" => Ambiguous, "folder/dup.md";
}

#[test]
fn topic_knows_every_referrer() {
    let v = fixture("resolve");
    let topic = v
        .graph
        .topics()
        .iter()
        .find(|t| t.name == "Ghost Topic")
        .unwrap();
    assert_eq!(topic.refs.len(), 2);
}

#[test]
fn backlinks_carry_the_line_around_the_link() {
    let v = fixture("resolve");
    let g = &v.graph;
    let b = g.notes().iter().find(|n| n.path == "folder/b.md").unwrap();
    let contexts: Vec<String> = g.backlinks(b.id).iter().map(|r| g.context(*r)).collect();
    assert!(
        contexts.contains(&"- by name: [[b]]".to_string()),
        "{contexts:?}"
    );
    // A note's links to itself are not backlinks.
    let home = g.notes().iter().find(|n| n.path == "Home.md").unwrap();
    assert!(g.backlinks(home.id).iter().all(|r| r.from != home.id));
}

#[test]
fn heading_place_points_at_the_heading() {
    let v = fixture("resolve");
    let g = &v.graph;
    let home = g.notes().iter().find(|n| n.path == "Home.md").unwrap();
    let link = home
        .links
        .iter()
        .find(|l| l.raw.destination() == "b#Section#Sub")
        .unwrap();
    let Target::Note(b) = link.target else {
        panic!()
    };
    let at = link.place().unwrap();
    assert!(g.note(b).body[at..].starts_with("### Sub"));
}

#[test]
fn hidden_folder_notes_are_not_loaded() {
    let v = fixture("resolve");
    assert!(
        v.graph
            .notes()
            .iter()
            .all(|n| !n.path.starts_with(".hidden"))
    );
    assert_eq!(v.graph.notes().len(), 6);
}

#[test]
fn sample_notes_have_the_promised_shapes() {
    let v = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")).unwrap();
    let g = &v.graph;
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
    // Garden notes point at topics that several notes share.
    let management = g.topics().iter().find(|t| t.name == "Management").unwrap();
    let mut from: Vec<_> = management.refs.iter().map(|r| r.from).collect();
    from.dedup();
    assert!(from.len() >= 5, "{}", from.len());
    // Exactly the two deliberate problems in "Link Hygiene".
    let problems: Vec<_> = g
        .links()
        .filter(|(_, l)| matches!(l.status(), Status::Ambiguous | Status::Broken))
        .collect();
    assert_eq!(problems.len(), 2);
    assert!(problems.iter().all(|(n, _)| n.path == "Link Hygiene.md"));
}

// The rules that make trail read a vault as its own tool does (docs/links.md), over
// fixture vaults of each shape: Obsidian, Dendron, a Jekyll site.
rules! { in "vaults/obsidian":
    a_heading_elsewhere_does_not_catch_a_link: "Home.md", "no title lookup" => Topic, "topic:Software";
    a_label_is_never_a_target_outside_dendron: "Home.md", "label is not a target" => Topic, "topic:Social Security Number";
    an_email_autolink_is_external: "Home.md", "email autolink" => External, "External";
    a_mailto_link_is_external: "Home.md", "mailto link" => External, "External";
    a_heading_matches_without_its_punctuation: "Home.md", "heading with punctuation" => Resolved, "Guide.md";
    an_ampersand_reads_as_a_space: "Home.md", "heading with an ampersand" => Resolved, "Guide.md";
    a_heading_matches_in_any_case: "Home.md", "heading in another case" => Resolved, "Guide.md";
    an_absent_heading_is_still_broken: "Home.md", "heading that is absent" => Broken, "Guide.md";
    the_shortest_path_counts_characters_not_bytes: "Home.md", "shortest path in characters" => Ambiguous, "ééé/same.md";
    an_exact_case_match_wins_unambiguously: "Home.md", "exact case wins" => Resolved, "case.md";
    the_other_exact_case_match_wins_too: "Home.md", "other exact case wins" => Resolved, "Case.md";
    a_markdown_link_finds_its_note_by_name: "sub/From.md", "name elsewhere" => Resolved, "deep/E.md";
    a_markdown_link_name_is_url_decoded: "sub/From.md", "decoded name" => Resolved, "deep/Elsewhere Note.md";
    an_image_finds_its_file_by_name: "sub/From.md", "image by name" => Attachment, "attachment:Attachments/img.png";
    the_relative_path_wins_when_it_exists: "sub/From.md", "relative path that exists" => Resolved, "sub/Near.md";
    a_markdown_link_to_no_file_is_broken: "sub/From.md", "truly missing" => Broken, "MissingNote";
    a_link_between_two_rules_is_a_link: "Mid.md", "between two rules" => Topic, "topic:Between";
    a_link_after_code_between_rules_is_a_link: "Mid.md", "After the code" => Topic, "topic:After";
}

rules! { in "vaults/dendron":
    dendron_reads_the_label_first: "a.md", "label first:" => Resolved, "b.md";
    dendron_label_first_keeps_the_heading: "a.md", "label first with a heading" => Resolved, "b.md";
    dendron_falls_back_to_the_written_order: "a.md", "written order" => Resolved, "b.md";
}

rules! { in "vaults/jekyll":
    a_citation_is_a_link_to_its_url: "_posts/2024-03-15-hiring.md", "bold** claim" => External, "External";
    a_liquid_link_is_a_site_link: "_posts/2024-03-15-hiring.md", "about page" => External, "External";
    a_liquid_tag_link_is_a_site_link: "_posts/2024-03-15-hiring.md", "[another]" => External, "External";
}

fn links_of<'a>(v: &'a Vault, path: &str) -> &'a [trail::graph::Link] {
    &v.graph
        .notes()
        .iter()
        .find(|n| n.path == path)
        .unwrap()
        .links
}

#[test]
fn math_holds_no_links() {
    let v = fixture("vaults/obsidian");
    for l in links_of(&v, "Home.md") {
        assert!(
            !matches!(&*l.raw.target, "u" | "Not A Link"),
            "{:?} read inside math",
            l.raw.target
        );
    }
}

#[test]
fn a_code_fence_after_two_rules_stays_code() {
    let v = fixture("vaults/obsidian");
    let targets: Vec<&str> = links_of(&v, "Mid.md")
        .iter()
        .map(|l| &*l.raw.target)
        .collect();
    assert_eq!(targets, vec!["Between", "After"]);
}

#[test]
fn a_run_on_note_names_only_lines_it_has() {
    let v = fixture("vaults/obsidian");
    let links = links_of(&v, "Run On.md");
    assert_eq!(links.len(), 3);
    assert!(links.iter().all(|l| l.raw.line == 1), "{links:?}");
    let note = v
        .graph
        .notes()
        .iter()
        .find(|n| n.path == "Run On.md")
        .unwrap();
    assert!(note.body.lines().count() > 1, "the note was repaired");
    assert!((0..note.body.lines().count()).all(|n| note.file_line(n) == 1));
}

#[test]
fn dendron_links_report_target_and_label_the_right_way_round() {
    let v = fixture("vaults/dendron");
    let link = &links_of(&v, "a.md")[0];
    assert_eq!(&*link.raw.target, "b");
    assert_eq!(link.raw.label.as_deref(), Some("the label"));
}

#[test]
fn footnote_anchors_in_html_and_kramdown_are_places() {
    let v = fixture("vaults/jekyll");
    let post = "_posts/2024-03-15-hiring.md";
    let status = |frag: &str| {
        links_of(&v, post)
            .iter()
            .find(|l| l.raw.destination() == frag)
            .map(trail::graph::Link::status)
    };
    assert_eq!(status("#f1"), Some(Status::Resolved));
    assert_eq!(status("#f2"), Some(Status::Resolved));
    assert_eq!(status("#f3"), Some(Status::Resolved));
    assert_eq!(status("#f4"), Some(Status::Broken));
}

#[test]
fn the_two_seed_shapes_read_as_before() {
    let v = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("notes")).unwrap();
    let g = &v.graph;
    let garden = g
        .notes()
        .iter()
        .find(|n| n.path == "garden/Why Teams Drift.md")
        .unwrap();
    assert_eq!(&*garden.title, "Why Teams Drift");
    assert!(garden.properties.iter().any(|(k, _)| k == "By"));
    assert!(garden.date.is_some());
    let topics = garden
        .links
        .iter()
        .filter(|l| l.status() == Status::Topic)
        .count();
    assert!(topics >= 3, "{topics}");
    let post = g
        .notes()
        .iter()
        .find(|n| n.path == "blog/2024-03-15-hiring-for-slope.md")
        .unwrap();
    assert_eq!(&*post.title, "Hiring for Slope, Not Intercept");
    assert!(!post.body.contains("{:"));
}
