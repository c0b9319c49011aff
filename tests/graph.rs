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
    ($($name:ident: $from:literal, $marker:literal => $status:ident, $to:literal;)*) => {$(
        #[test]
        fn $name() {
            let v = fixture("resolve");
            assert_eq!(resolve(&v, $from, $marker), (Status::$status, $to.to_string()));
        }
    )*};
}

rules! {
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
    title_is_last_resort: "Home.md", "title fallback" => Resolved, "aliased.md";
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
