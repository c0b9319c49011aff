//! The local graph: the open page's neighbourhood, one or two hops, as two columns around
//! it: what links here on the left, what it links to on the right (notes, topics, tags),
//! each neighbour with its own neighbours beneath it. Made from the graph alone; the view
//! draws it and the keys walk it.

use super::Page;
use crate::graph::{Graph, Target};

/// The most neighbours a side shows; a note linked from 10,000 others lists the first ones.
const SIDE_MAX: usize = 200;
/// The most second-hop neighbours under each neighbour.
const SECOND_MAX: usize = 4;

/// What a node of the local graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Note,
    Topic,
    Tag,
}

/// One row of a side: a neighbour (`depth` 0) or one of its neighbours (`depth` 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub page: Page,
    pub label: String,
    pub kind: NodeKind,
    pub depth: u8,
}

/// The neighbourhood of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalGraph {
    pub center: Page,
    pub title: String,
    /// What links to the page, each with what links to it.
    pub incoming: Vec<Node>,
    /// What the page links to, each with what it links to.
    pub outgoing: Vec<Node>,
    /// Neighbours left out past the most a side shows (200): (incoming, outgoing).
    pub more: (usize, usize),
    /// Two hops, or one.
    pub two_hops: bool,
}

fn node(graph: &Graph, page: Page, depth: u8) -> Node {
    let (label, kind) = match page {
        Page::Note(id) => (graph.note(id).title.to_string(), NodeKind::Note),
        Page::Topic(id) => (graph.topic(id).name.clone(), NodeKind::Topic),
        Page::Tag(id) => (format!("#{}", graph.tag(id).name), NodeKind::Tag),
    };
    Node {
        page,
        label,
        kind,
        depth,
    }
}

/// The pages that link to `page`, each once, in the order the graph keeps them.
pub fn links_in(graph: &Graph, page: Page) -> Vec<Page> {
    let mut out: Vec<Page> = match page {
        Page::Note(id) => graph
            .backlinks(id)
            .iter()
            .map(|r| Page::Note(r.from))
            .collect(),
        Page::Topic(id) => graph
            .topic(id)
            .refs
            .iter()
            .map(|r| Page::Note(r.from))
            .collect(),
        Page::Tag(id) => graph.tagged(id).into_iter().map(Page::Note).collect(),
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(*p));
    out
}

/// The pages `page` links to, each once: notes and topics in the order of its links, then
/// its tags (a tag's page leads to its nested tags).
pub fn links_out(graph: &Graph, page: Page) -> Vec<Page> {
    let mut out = Vec::new();
    match page {
        Page::Note(id) => {
            let note = graph.note(id);
            for link in &note.links {
                match link.target {
                    Target::Note(t) if t != id => out.push(Page::Note(t)),
                    Target::Topic(t) => out.push(Page::Topic(t)),
                    _ => {}
                }
            }
            out.extend(
                note.tags
                    .iter()
                    .filter_map(|t| graph.tag_id(t))
                    .map(Page::Tag),
            );
        }
        Page::Topic(_) => {}
        Page::Tag(id) => out.extend(graph.tag_children(id).into_iter().map(Page::Tag)),
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(*p));
    out
}

impl LocalGraph {
    /// The neighbourhood of `center`, one hop or two.
    pub fn new(graph: &Graph, center: Page, two_hops: bool) -> LocalGraph {
        let side = |first: Vec<Page>, next: &dyn Fn(Page) -> Vec<Page>| -> (Vec<Node>, usize) {
            let more = first.len().saturating_sub(SIDE_MAX);
            let mut rows = Vec::new();
            for p in first.into_iter().take(SIDE_MAX) {
                rows.push(node(graph, p, 0));
                if two_hops {
                    let second: Vec<Page> = next(p).into_iter().filter(|q| *q != center).collect();
                    for q in second.iter().take(SECOND_MAX) {
                        rows.push(node(graph, *q, 1));
                    }
                }
            }
            (rows, more)
        };
        let (incoming, more_in) = side(links_in(graph, center), &|p| links_in(graph, p));
        let (outgoing, more_out) = side(links_out(graph, center), &|p| links_out(graph, p));
        LocalGraph {
            center,
            title: node(graph, center, 0).label,
            incoming,
            outgoing,
            more: (more_in, more_out),
            two_hops,
        }
    }

    /// Every row, the incoming side's first: the order j/k walk them in.
    pub fn rows(&self) -> impl Iterator<Item = &Node> {
        self.incoming.iter().chain(&self.outgoing)
    }

    pub fn len(&self) -> usize {
        self.incoming.len() + self.outgoing.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row `i` of [`LocalGraph::rows`].
    pub fn row(&self, i: usize) -> Option<&Node> {
        self.rows().nth(i)
    }

    /// From row `i`, the row across: the first of the other side.
    pub fn across(&self, i: usize) -> usize {
        if i < self.incoming.len() {
            if self.outgoing.is_empty() {
                i
            } else {
                self.incoming.len()
            }
        } else if self.incoming.is_empty() {
            i
        } else {
            0
        }
    }
}
