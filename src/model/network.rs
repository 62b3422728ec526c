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
        let mut shift = vec![[0.0f32; 2]; n];
        for i in 0..n {
            for j in (i + 1)..n {
                let d = [
                    self.positions[i][0] - self.positions[j][0],
                    self.positions[i][1] - self.positions[j][1],
                ];
                let dist2 = (d[0] * d[0] + d[1] * d[1]).max(0.01);
                // Far nodes hardly push: beyond ten spacings it is left out.
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
