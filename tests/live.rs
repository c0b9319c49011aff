//! The living vault: a graph updated in place from the files that changed equals a fresh
//! load of the same folder, after any sequence of creates, edits, renames and deletes.

use proptest::prelude::*;
use std::path::Path;
use trail::graph::{Graph, Target};
use trail::vault::{Vault, open, update};

/// Everything a reader can see of a graph, in a form two graphs can be compared by.
fn dump(v: &Vault) -> Vec<String> {
    let g: &Graph = &v.graph;
    let mut out: Vec<String> = g
        .notes()
        .iter()
        .map(|n| {
            let links: Vec<String> = n
                .links
                .iter()
                .map(|l| {
                    let to = match &l.target {
                        Target::Note(id) => g.note(*id).path.clone(),
                        Target::Topic(id) => format!("topic:{}", g.topic(*id).name),
                        other => format!("{other:?}"),
                    };
                    format!(
                        "{}→{to}:{:?}:{:?}",
                        l.raw.destination(),
                        l.status(),
                        l.place()
                    )
                })
                .collect();
            format!(
                "{} «{}» tags={:?} back={} links={links:?} body={:?}",
                n.path,
                n.title,
                n.tags,
                g.backlinks(n.id).len(),
                n.body.as_str()
            )
        })
        .collect();
    out.extend(
        g.topics()
            .iter()
            .map(|t| format!("topic {} ×{}", t.name, t.refs.len())),
    );
    out.extend(g.attachments().iter().map(|a| format!("attachment {a}")));
    let mut warnings: Vec<String> = v.warnings.iter().map(ToString::to_string).collect();
    warnings.sort();
    out.extend(warnings);
    out
}

#[derive(Debug, Clone)]
enum Op {
    Write(usize, String),
    Delete(usize),
    Rename(usize, usize),
    /// A folder moved as a whole: the watcher reports only the folder's two names.
    MoveFolder(bool),
}

const NAMES: [&str; 8] = [
    "a.md",
    "b.md",
    "sub/c.md",
    "sub/a.md",
    "d e.md",
    "sub/deep/f.md",
    "img.png",
    "ghost.md",
];

fn content() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "# A\n\n[[b]] and [[c#Part]] and [[Ghost Topic]]\n".to_string(),
        "---\ntitle: Titled\naliases: [Other]\n---\n## Part\n[[a]] [[Other]] #tag\n".to_string(),
        "[x](../a.md) ![](img.png) [[sub/a]] [[d e]]\n".to_string(),
        "## Part\ntext ^blk\n[[a#^blk]] [[f]]\n".to_string(),
        String::new(),
        "bad \u{0}\u{ff}".to_string(),
    ])
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..NAMES.len(), content()).prop_map(|(i, c)| Op::Write(i, c)),
        1 => (0..NAMES.len()).prop_map(Op::Delete),
        1 => (0..NAMES.len(), 0..NAMES.len()).prop_map(|(a, b)| Op::Rename(a, b)),
        1 => any::<bool>().prop_map(Op::MoveFolder),
    ]
}

/// Carry out `op` in `root`; returns the paths it touched.
fn apply(root: &Path, op: &Op) -> Vec<String> {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    match op {
        Op::Write(i, text) => {
            write(NAMES[*i], text);
            vec![NAMES[*i].to_string()]
        }
        Op::Delete(i) => {
            let _ = std::fs::remove_file(root.join(NAMES[*i]));
            vec![NAMES[*i].to_string()]
        }
        Op::Rename(a, b) => {
            let to = root.join(NAMES[*b]);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            let _ = std::fs::rename(root.join(NAMES[*a]), to);
            vec![NAMES[*a].to_string(), NAMES[*b].to_string()]
        }
        Op::MoveFolder(away) => {
            let (from, to) = if *away {
                ("sub", "moved")
            } else {
                ("moved", "sub")
            };
            if root.join(to).exists() {
                return Vec::new();
            }
            let _ = std::fs::rename(root.join(from), root.join(to));
            vec![from.to_string(), to.to_string()]
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn an_updated_graph_equals_a_fresh_load(
        batches in proptest::collection::vec(proptest::collection::vec(op(), 1..5), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "# A\n[[b]]\n").unwrap();
        std::fs::write(root.join("b.md"), "[[a]] [[Ghost Topic]]\n").unwrap();
        let mut vault = open(root).unwrap();
        for batch in &batches {
            let mut changed = Vec::new();
            for op in batch {
                changed.extend(apply(root, op));
            }
            changed.sort();
            changed.dedup();
            vault = update(&vault.graph, &vault.warnings, root, trail::load::Options::default(), &changed).unwrap();
            let fresh = open(root).unwrap();
            prop_assert_eq!(dump(&vault), dump(&fresh), "after {:?}", batch);
        }
    }
}

#[test]
fn a_change_to_an_ignore_file_reads_the_vault_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("drafts")).unwrap();
    std::fs::write(root.join("a.md"), "[[b]]\n").unwrap();
    std::fs::write(root.join("drafts/b.md"), "draft\n").unwrap();
    let vault = open(root).unwrap();
    assert_eq!(vault.graph.notes().len(), 2);
    std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    let vault = update(
        &vault.graph,
        &vault.warnings,
        root,
        trail::load::Options::default(),
        &[".gitignore".into()],
    )
    .unwrap();
    assert_eq!(vault.graph.notes().len(), 1);
    // And a note created under an ignored folder is not one.
    std::fs::write(root.join("drafts/c.md"), "x\n").unwrap();
    let vault = update(
        &vault.graph,
        &vault.warnings,
        root,
        trail::load::Options::default(),
        &["drafts/c.md".into()],
    )
    .unwrap();
    assert_eq!(vault.graph.notes().len(), 1);
}
