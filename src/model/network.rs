//! The network's arithmetic, free of any drawing: a graph of records and the references
//! between them, who attended meetings with whom (co-attendance, weighted by how often), and
//! a force-directed layout (Fruchterman–Reingold, cooling as it goes) that settles, keeps
//! nodes a user pinned where they were put, and runs a step at a time so a window can draw
//! while it moves; and which links fall within a period (the time slider).

use super::RecordKind;
use super::timeline::{Day, Span};
use std::collections::HashMap;
use uuid::Uuid;

/// A record in the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    /// The record's date as stored (EDTF), if it has one.
    pub date: Option<String>,
}

/// A reference between two nodes (positions in `Graph::nodes`), labelled by its relation;
/// `weight` counts how often (co-attendance), 1 otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub relation: String,
    pub weight: u32,
}

/// Records and the references between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    index: HashMap<Uuid, usize>,
}

impl Graph {
    /// The node's position, adding it if it is new.
    pub fn add_node(&mut self, node: Node) -> usize {
        if let Some(at) = self.index.get(&node.uuid) {
            return *at;
        }
        self.index.insert(node.uuid, self.nodes.len());
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    pub fn position(&self, uuid: &Uuid) -> Option<usize> {
        self.index.get(uuid).copied()
    }

    /// How many links each node has.
    pub fn degrees(&self) -> Vec<u32> {
        let mut degrees = vec![0u32; self.nodes.len()];
        for l in &self.links {
            for end in [l.from, l.to] {
                if let Some(d) = degrees.get_mut(end) {
                    *d += 1;
                }
            }
        }
        degrees
    }

    /// The span of days each node's date covers (`None`: undated, or a date that does not
    /// parse).
    pub fn spans(&self) -> Vec<Option<Span>> {
        self.nodes
            .iter()
            .map(|n| {
                n.date
                    .as_deref()
                    .and_then(|d| super::PartialDate::parse(d).ok())
                    .and_then(|d| Span::of(&d))
            })
            .collect()
    }

    /// Adds a reference unless the same one (either way round) is there.
    pub fn add_link(&mut self, from: usize, to: usize, relation: &str) {
        if from == to {
            return;
        }
        let exists = self.links.iter().any(|l| {
            l.relation == relation
                && ((l.from == from && l.to == to) || (l.from == to && l.to == from))
        });
        if !exists {
            self.links.push(Link {
                from,
                to,
                relation: relation.to_string(),
                weight: 1,
            });
        }
    }

    /// Actors linked when they attended the same meetings, weighted by how many; only the
    /// meetings `keep` accepts count (the date filter). Meetings themselves are left out.
    pub fn co_attendance(&self, keep: &dyn Fn(&Node) -> bool) -> Graph {
        let mut out = Graph::default();
        let mut pairs: HashMap<(usize, usize), u32> = HashMap::new();
        for (m, meeting) in self.nodes.iter().enumerate() {
            if meeting.kind != RecordKind::Meeting || !keep(meeting) {
                continue;
            }
            let mut attendees: Vec<usize> = self
                .links
                .iter()
                .filter(|l| l.relation == super::record::relation::PARTICIPANT)
                .filter_map(|l| match (l.from == m, l.to == m) {
                    (true, _) => Some(l.to),
                    (_, true) => Some(l.from),
                    _ => None,
                })
                .filter(|a| self.nodes[*a].kind == RecordKind::Actor)
                .collect();
            attendees.sort_unstable();
            attendees.dedup();
            for (i, a) in attendees.iter().enumerate() {
                for b in &attendees[i + 1..] {
                    *pairs.entry((*a, *b)).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<((usize, usize), u32)> = pairs.into_iter().collect();
        pairs.sort();
        for ((a, b), weight) in pairs {
            let a = out.add_node(self.nodes[a].clone());
            let b = out.add_node(self.nodes[b].clone());
            out.links.push(Link {
                from: a,
                to: b,
                relation: format!("met {weight}×"),
                weight,
            });
        }
        out
    }
}

/// The first and the last day any dated node covers.
pub fn date_bounds(spans: &[Option<Span>]) -> Option<(Day, Day)> {
    let mut bounds: Option<(Day, Day)> = None;
    for s in spans.iter().flatten() {
        bounds = Some(match bounds {
            Some((a, b)) => (a.min(s.start), b.max(s.end)),
            None => (s.start, s.end),
        });
    }
    bounds
}

/// True if a node lies within `[from, to)`: undated nodes always do, dated ones when their
/// date can fall in it.
pub fn node_within(spans: &[Option<Span>], node: usize, from: Day, to: Day) -> bool {
    match spans.get(node) {
        Some(Some(span)) => span.overlaps(from, to),
        _ => true,
    }
}

/// True if a link lies within `[from, to)`: each of its dated ends does.
pub fn link_within(spans: &[Option<Span>], link: &Link, from: Day, to: Day) -> bool {
    node_within(spans, link.from, from, to) && node_within(spans, link.to, from, to)
}

/// Node positions and the layout's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub positions: Vec<[f32; 2]>,
    pub pinned: Vec<bool>,
    /// How far a node may move in one step; it cools towards zero.
    temperature: f32,
    /// The ideal distance between linked nodes.
    spacing: f32,
    steps: usize,
}

/// A layout counts as settled when nodes move less than this per step.
const SETTLED: f32 = 0.5;

impl Layout {
    /// Nodes on a spiral (deterministic: the same graph starts the same way).
    pub fn new(nodes: usize) -> Layout {
        let spacing = 60.0;
        let positions = (0..nodes)
            .map(|i| {
                let r = spacing * 0.6 * (i as f32).sqrt();
                let a = i as f32 * 2.399_963; // the golden angle
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        Layout {
            positions,
            pinned: vec![false; nodes],
            temperature: spacing * 2.0,
            spacing,
            steps: 0,
        }
    }

    /// Makes room for nodes added to the graph, near `near` (a node already placed).
    pub fn grow(&mut self, nodes: usize, near: Option<usize>) {
        let centre = near
            .and_then(|n| self.positions.get(n).copied())
            .unwrap_or([0.0, 0.0]);
        while self.positions.len() < nodes {
            let i = self.positions.len() as f32;
            let a = i * 2.399_963;
            self.positions
                .push([centre[0] + 30.0 * a.cos(), centre[1] + 30.0 * a.sin()]);
            self.pinned.push(false);
        }
        self.temperature = self.temperature.max(self.spacing);
    }

    pub fn settled(&self) -> bool {
        self.temperature < SETTLED
    }

    /// Moves `node` to `to` and keeps it there.
    pub fn pin(&mut self, node: usize, to: [f32; 2]) {
        if let Some(p) = self.positions.get_mut(node) {
            *p = to;
            self.pinned[node] = true;
        }
    }

    /// One step: nodes repel each other, links pull their ends together, and each node
    /// moves at most the current temperature, which then cools.
    pub fn step(&mut self, links: &[Link]) {
        let n = self.positions.len();
        if n == 0 || self.settled() {
            return;
        }
        let k = self.spacing;
        let mut shift = if n > EXACT_REPULSION_UP_TO {
            QuadTree::new(&self.positions).repulsion(&self.positions, k)
        } else {
            self.exact_repulsion()
        };
        for l in links {
            let (a, b) = (l.from, l.to);
            if a >= n || b >= n {
                continue;
            }
            let d = [
                self.positions[a][0] - self.positions[b][0],
                self.positions[a][1] - self.positions[b][1],
            ];
            let dist = (d[0] * d[0] + d[1] * d[1]).sqrt().max(0.1);
            let f = dist / k;
            shift[a][0] -= d[0] * f;
            shift[a][1] -= d[1] * f;
            shift[b][0] += d[0] * f;
            shift[b][1] += d[1] * f;
        }
        // A little gravity keeps unlinked parts from drifting away.
        for (i, s) in shift.iter_mut().enumerate() {
            s[0] -= self.positions[i][0] * 0.02;
            s[1] -= self.positions[i][1] * 0.02;
        }
        for (i, s) in shift.iter().enumerate() {
            if self.pinned[i] {
                continue;
            }
            let len = (s[0] * s[0] + s[1] * s[1]).sqrt().max(1e-6);
            let moved = len.min(self.temperature);
            self.positions[i][0] += s[0] / len * moved;
            self.positions[i][1] += s[1] / len * moved;
        }
        self.temperature *= 0.95;
        self.steps += 1;
    }

    /// Every pair of nodes pushing each other apart (far pairs, beyond ten spacings, left out).
    fn exact_repulsion(&self) -> Vec<[f32; 2]> {
        let n = self.positions.len();
        let k = self.spacing;
        let mut shift = vec![[0.0f32; 2]; n];
        for i in 0..n {
            for j in (i + 1)..n {
                let d = [
                    self.positions[i][0] - self.positions[j][0],
                    self.positions[i][1] - self.positions[j][1],
                ];
                let dist2 = (d[0] * d[0] + d[1] * d[1]).max(0.01);
                if dist2 > 100.0 * k * k {
                    continue;
                }
                let f = k * k / dist2;
                shift[i][0] += d[0] * f;
                shift[i][1] += d[1] * f;
                shift[j][0] -= d[0] * f;
                shift[j][1] -= d[1] * f;
            }
        }
        shift
    }

    /// The smallest box holding every node: (min, max).
    pub fn bounds(&self) -> ([f32; 2], [f32; 2]) {
        let mut min = [f32::INFINITY; 2];
        let mut max = [f32::NEG_INFINITY; 2];
        for p in &self.positions {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        if !min[0].is_finite() {
            return ([-1.0, -1.0], [1.0, 1.0]);
        }
        (min, max)
    }
}

/// Up to this many nodes, every pair is computed; beyond, a quadtree groups far nodes
/// (Barnes–Hut), so a step grows as n log n.
const EXACT_REPULSION_UP_TO: usize = 400;

/// How far a group must be, against its size, to push as one (Barnes–Hut's θ).
const THETA: f32 = 0.7;

/// A quadtree over node positions: each cell knows how many nodes it holds and their centre.
struct QuadTree {
    cells: Vec<Cell>,
}

struct Cell {
    centre: [f32; 2],
    half: f32,
    mass: f32,
    sum: [f32; 2],
    /// The four children's indices, once split.
    children: Option<[usize; 4]>,
    /// The one node a leaf holds.
    node: Option<usize>,
}

impl QuadTree {
    fn new(positions: &[[f32; 2]]) -> QuadTree {
        let mut min = [f32::INFINITY; 2];
        let mut max = [f32::NEG_INFINITY; 2];
        for p in positions {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        let half = ((max[0] - min[0]).max(max[1] - min[1]) / 2.0).max(1.0) + 1.0;
        let centre = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
        let mut tree = QuadTree {
            cells: vec![Cell::empty(centre, half)],
        };
        for (i, p) in positions.iter().enumerate() {
            if p[0].is_finite() && p[1].is_finite() {
                tree.insert(0, i, *p, positions, 0);
            }
        }
        tree
    }

    fn insert(&mut self, cell: usize, node: usize, at: [f32; 2], all: &[[f32; 2]], depth: u32) {
        {
            let c = &mut self.cells[cell];
            c.mass += 1.0;
            c.sum[0] += at[0];
            c.sum[1] += at[1];
        }
        // Nodes on the same spot (or a tree too deep) share a leaf.
        if depth > 24 {
            return;
        }
        match (self.cells[cell].children, self.cells[cell].node) {
            (Some(children), _) => {
                let q = self.cells[cell].quadrant(at);
                self.insert(children[q], node, at, all, depth + 1);
            }
            (None, None) if self.cells[cell].mass <= 1.0 => self.cells[cell].node = Some(node),
            (None, held) => {
                let (centre, half) = (self.cells[cell].centre, self.cells[cell].half / 2.0);
                let first = self.cells.len();
                for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    self.cells.push(Cell::empty(
                        [centre[0] + dx * half, centre[1] + dy * half],
                        half,
                    ));
                }
                let children = [first, first + 1, first + 2, first + 3];
                self.cells[cell].children = Some(children);
                self.cells[cell].node = None;
                if let Some(held) = held {
                    let q = self.cells[cell].quadrant(all[held]);
                    self.insert(children[q], held, all[held], all, depth + 1);
                }
                let q = self.cells[cell].quadrant(at);
                self.insert(children[q], node, at, all, depth + 1);
            }
        }
    }

    /// The push on every node from all the others, far groups taken as one.
    fn repulsion(&self, positions: &[[f32; 2]], k: f32) -> Vec<[f32; 2]> {
        let mut stack = Vec::with_capacity(64);
        positions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut force = [0.0f32; 2];
                stack.clear();
                stack.push(0usize);
                while let Some(at) = stack.pop() {
                    let c = &self.cells[at];
                    if c.mass == 0.0 || c.node == Some(i) && c.children.is_none() {
                        continue;
                    }
                    let mid = [c.sum[0] / c.mass, c.sum[1] / c.mass];
                    let d = [p[0] - mid[0], p[1] - mid[1]];
                    let dist2 = (d[0] * d[0] + d[1] * d[1]).max(0.01);
                    let far = (2.0 * c.half) * (2.0 * c.half) < THETA * THETA * dist2;
                    match c.children {
                        Some(children) if !far => stack.extend(children),
                        _ => {
                            if dist2 > 100.0 * k * k {
                                continue;
                            }
                            // A leaf holding this node and others on its spot pushes less.
                            let mass = if c.node == Some(i) {
                                c.mass - 1.0
                            } else {
                                c.mass
                            };
                            let f = k * k * mass / dist2;
                            force[0] += d[0] * f;
                            force[1] += d[1] * f;
                        }
                    }
                }
                force
            })
            .collect()
    }
}

impl Cell {
    fn empty(centre: [f32; 2], half: f32) -> Cell {
        Cell {
            centre,
            half,
            mass: 0.0,
            sum: [0.0; 2],
            children: None,
            node: None,
        }
    }

    fn quadrant(&self, at: [f32; 2]) -> usize {
        usize::from(at[0] >= self.centre[0]) + 2 * usize::from(at[1] >= self.centre[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(kind: RecordKind, title: &str) -> Node {
        Node {
            uuid: Uuid::new_v4(),
            kind,
            title: title.into(),
            date: None,
        }
    }

    #[test]
    fn co_attendance_weighs_pairs_by_meetings_shared() {
        let mut g = Graph::default();
        let a = g.add_node(node(RecordKind::Actor, "A"));
        let b = g.add_node(node(RecordKind::Actor, "B"));
        let c = g.add_node(node(RecordKind::Actor, "C"));
        for (who, title) in [(vec![a, b], "m1"), (vec![a, b, c], "m2")] {
            let m = g.add_node(node(RecordKind::Meeting, title));
            for p in who {
                g.add_link(m, p, super::super::record::relation::PARTICIPANT);
            }
        }
        let met = g.co_attendance(&|_| true);
        assert_eq!(met.nodes.len(), 3);
        let weight = |x: &str, y: &str| {
            met.links
                .iter()
                .find(|l| {
                    let (p, q) = (&met.nodes[l.from].title, &met.nodes[l.to].title);
                    (p == x && q == y) || (p == y && q == x)
                })
                .map(|l| l.weight)
        };
        assert_eq!(weight("A", "B"), Some(2));
        assert_eq!(weight("A", "C"), Some(1));
        let only_first = g.co_attendance(&|m| m.title == "m1");
        assert_eq!(only_first.links.len(), 1);
    }

    #[test]
    fn a_period_keeps_the_links_whose_dated_ends_fall_in_it() {
        let mut g = Graph::default();
        let person = g.add_node(node(RecordKind::Actor, "Novak"));
        let mut meeting = |title: &str, date: &str| {
            let at = g.add_node(Node {
                date: Some(date.into()),
                ..node(RecordKind::Meeting, title)
            });
            g.add_link(at, person, super::super::record::relation::PARTICIPANT);
            at
        };
        let january = meeting("January", "2025-01");
        let september = meeting("September", "2025-09-09");
        let spans = g.spans();
        assert!(spans[person].is_none());
        let (first, last) = date_bounds(&spans).unwrap();
        assert_eq!(
            super::super::timeline::date_of(first).to_string(),
            "2025-01-01"
        );
        assert_eq!(
            super::super::timeline::date_of(last).to_string(),
            "2025-09-10"
        );
        let summer = (
            super::super::timeline::day_number(jiff::civil::date(2025, 6, 1)),
            super::super::timeline::day_number(jiff::civil::date(2025, 10, 1)),
        );
        let kept: Vec<usize> = g
            .links
            .iter()
            .filter(|l| link_within(&spans, l, summer.0, summer.1))
            .map(|l| l.from)
            .collect();
        assert_eq!(kept, vec![september]);
        assert!(!node_within(&spans, january, summer.0, summer.1));
        assert!(node_within(&spans, person, summer.0, summer.1));
        assert_eq!(g.degrees()[person], 2);
    }

    #[test]
    fn the_quadtree_pushes_nearly_as_every_pair_does() {
        let mut layout = Layout::new(600);
        // A compact, uneven spiral: every pair within the distance that pushes at all.
        for (i, p) in layout.positions.iter_mut().enumerate() {
            p[0] = p[0] * 0.3 + (i % 7) as f32 * 3.0;
            p[1] *= 0.3;
        }
        let exact = layout.exact_repulsion();
        let grouped = QuadTree::new(&layout.positions).repulsion(&layout.positions, 60.0);
        let size = |v: &[f32; 2]| (v[0] * v[0] + v[1] * v[1]).sqrt();
        let typical: f32 = exact.iter().map(size).sum::<f32>() / exact.len() as f32;
        let error: f32 = exact
            .iter()
            .zip(&grouped)
            .map(|(e, g)| size(&[e[0] - g[0], e[1] - g[1]]))
            .sum::<f32>()
            / exact.len() as f32;
        let mean = error / typical;
        let worst = exact
            .iter()
            .zip(&grouped)
            .map(|(e, g)| size(&[e[0] - g[0], e[1] - g[1]]) / typical)
            .fold(0.0f32, f32::max);
        assert!(
            mean < 0.05 && worst < 0.5,
            "error against a typical push: mean {mean}, worst {worst}"
        );
    }

    #[test]
    fn the_layout_settles_keeps_pins_and_pulls_linked_nodes_together() {
        let mut g = Graph::default();
        for i in 0..30 {
            g.add_node(node(RecordKind::Actor, &i.to_string()));
        }
        for i in 1..30 {
            g.add_link(0, i, "participant");
        }
        let mut layout = Layout::new(g.nodes.len());
        layout.pin(5, [500.0, 500.0]);
        let mut steps = 0;
        while !layout.settled() && steps < 1000 {
            layout.step(&g.links);
            steps += 1;
        }
        assert!(layout.settled(), "settles within {steps} steps");
        assert!(steps < 300, "{steps}");
        assert_eq!(layout.positions[5], [500.0, 500.0]);
        // Every node keeps some room from the hub, and none flew off.
        let hub = layout.positions[0];
        for (i, p) in layout.positions.iter().enumerate().skip(1) {
            let d = ((p[0] - hub[0]).powi(2) + (p[1] - hub[1]).powi(2)).sqrt();
            if i != 5 {
                assert!((10.0..400.0).contains(&d), "node {i} at {d}");
            }
        }
    }
}
