//! Tags as places: every tag the notes carry, nested tags (`#a/b`) under their parents, each
//! with the notes that carry it. Made on first use, so a load that never asks pays nothing.

use super::{Graph, NoteId};
use std::collections::HashMap;

/// A tag, by its place in [`Graph::tag_list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagId(pub u32);

/// One tag of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As the first note to carry it spelled it (`Practice/Meetings`).
    pub name: String,
    /// Folded to lower case: how tags are told apart.
    pub key: String,
    /// The notes that carry exactly this tag, in path order.
    pub notes: Vec<NoteId>,
}

/// Every tag, sorted by key, parents included (`a` for `a/b`) even when no note carries
/// them alone.
pub(super) fn build(graph: &Graph) -> Vec<Tag> {
    let mut by_key: HashMap<String, Tag> = HashMap::new();
    for note in graph.notes() {
        for tag in &note.tags {
            let key = tag.to_lowercase();
            // Each parent of a nested tag is a place too.
            let mut at = 0;
            while let Some(slash) = key[at..].find('/') {
                let parent = &key[..at + slash];
                by_key.entry(parent.to_string()).or_insert_with(|| Tag {
                    name: tag[..at + slash].to_string(),
                    key: parent.to_string(),
                    notes: Vec::new(),
                });
                at += slash + 1;
            }
            let entry = by_key.entry(key.clone()).or_insert_with(|| Tag {
                name: tag.clone(),
                key,
                notes: Vec::new(),
            });
            if entry.notes.last() != Some(&note.id) {
                entry.notes.push(note.id);
            }
        }
    }
    let mut tags: Vec<Tag> = by_key.into_values().collect();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    tags
}

impl Graph {
    /// Every tag of the vault, sorted by key.
    pub fn tag_list(&self) -> &[Tag] {
        self.tags.get_or_init(|| build(self))
    }

    pub fn tag(&self, id: TagId) -> &Tag {
        &self.tag_list()[id.0 as usize]
    }

    /// The tag named `name` (with or without `#`, in any case).
    pub fn tag_id(&self, name: &str) -> Option<TagId> {
        let key = name.trim_start_matches('#').to_lowercase();
        let tags = self.tag_list();
        tags.binary_search_by(|t| t.key.as_str().cmp(&key))
            .ok()
            .and_then(|i| u32::try_from(i).ok())
            .map(TagId)
    }

    /// The tags nested directly under `id` (`a/b` under `a`, not `a/b/c`).
    pub fn tag_children(&self, id: TagId) -> Vec<TagId> {
        let tags = self.tag_list();
        let prefix = format!("{}/", tags[id.0 as usize].key);
        let start = tags.partition_point(|t| t.key.as_str() < prefix.as_str());
        tags[start..]
            .iter()
            .take_while(|t| t.key.starts_with(&prefix))
            .enumerate()
            .filter(|(_, t)| !t.key[prefix.len()..].contains('/'))
            .filter_map(|(i, _)| u32::try_from(start + i).ok().map(TagId))
            .collect()
    }

    /// The notes that carry `id` or a tag nested under it, in path order.
    pub fn tagged(&self, id: TagId) -> Vec<NoteId> {
        let tags = self.tag_list();
        let key = &tags[id.0 as usize].key;
        let prefix = format!("{key}/");
        // `a/…` sorts after `a-b` and `a.b`: the nested tags are their own run.
        let start = tags.partition_point(|t| t.key.as_str() < prefix.as_str());
        let mut notes: Vec<NoteId> = tags[id.0 as usize]
            .notes
            .iter()
            .copied()
            .chain(
                tags[start..]
                    .iter()
                    .take_while(|t| t.key.starts_with(&prefix))
                    .flat_map(|t| t.notes.iter().copied()),
            )
            .collect();
        notes.sort_unstable();
        notes.dedup();
        notes
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::{Graph, Input};

    #[test]
    fn nested_tags_gather_under_their_parents() {
        let inputs = [
            ("a", "#Practice/Meetings and #practice"),
            ("d", "#practice-x"),
            ("b", "#practice/writing"),
            ("c", "#other/deep/down"),
        ]
        .iter()
        .map(|(n, t)| Input::new(format!("{n}.md"), 0, crate::parse::parse(n, t)))
        .collect();
        let g = Graph::build(inputs, &[]);
        let keys: Vec<&str> = g.tag_list().iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "other",
                "other/deep",
                "other/deep/down",
                "practice",
                "practice-x",
                "practice/meetings",
                "practice/writing"
            ]
        );
        let practice = g.tag_id("#Practice").unwrap();
        assert_eq!(g.tagged(practice).len(), 2);
        let children: Vec<&str> = g
            .tag_children(practice)
            .into_iter()
            .map(|t| g.tag(t).name.as_str())
            .collect();
        assert_eq!(children, ["Practice/Meetings", "practice/writing"]);
        let other = g.tag_id("other").unwrap();
        assert!(g.tag(other).notes.is_empty());
        assert_eq!(g.tagged(other).len(), 1);
        assert_eq!(g.tag_children(other).len(), 1);
    }
}
