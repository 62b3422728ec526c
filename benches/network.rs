//! Network layout benchmark: a graph of 2,000 records and 10,000 references shaped like the
//! data (a few hub actors and states referred to very often, most records a few times:
//! preferential attachment), laid out from the start until it settles. Reports the time of
//! one layout step (what a frame spends on the layout while it runs: the view gives it at
//! most 6 ms a frame), how many steps and how long until it settles.
//! Run: `cargo bench --bench network`.

use chancery::model::RecordKind;
use chancery::model::network::{Graph, Layout, Node};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so every run lays out the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn graph(nodes: usize, links: usize) -> Graph {
    let mut g = Graph::default();
    let kinds = [
        RecordKind::Actor,
        RecordKind::Meeting,
        RecordKind::Statement,
    ];
    for i in 0..nodes {
        g.add_node(Node {
            uuid: uuid::Uuid::from_u128(i as u128 + 1),
            kind: kinds[i % kinds.len()],
            title: format!("record {i}"),
            date: None,
        });
    }
    let mut rng = Rng(2026);
    // Ends drawn from earlier ends: the often-referred get referred to more.
    let mut ends: Vec<usize> = (0..nodes).collect();
    while g.links.len() < links {
        let a = rng.below(nodes);
        let b = ends[rng.below(ends.len())];
        let before = g.links.len();
        g.add_link(a, b, "participant");
        if g.links.len() > before {
            ends.push(b);
        }
    }
    g
}

fn main() {
    let g = graph(2_000, 10_000);
    let mut layout = Layout::new(g.nodes.len());
    let mut steps = Vec::new();
    let started = Instant::now();
    while !layout.settled() && started.elapsed() < Duration::from_secs(60) {
        let t = Instant::now();
        layout.step(&g.links);
        steps.push(t.elapsed());
    }
    let settled = started.elapsed();
    let count = steps.len();
    steps.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| network layout, {} nodes, {} links | value |",
        g.nodes.len(),
        g.links.len()
    );
    println!("|---|---|");
    println!(
        "| one step, median / max | {:.2} ms / {:.2} ms |",
        ms(steps[count / 2]),
        ms(steps[count - 1])
    );
    println!("| steps until settled | {count} |");
    println!("| time until settled | {:.2} s |", settled.as_secs_f64());
}
