//! The records around one record, as a graph for the network view: what it refers to and
//! what refers to it (the first page of each relation), and one step further from the
//! meetings and statements among them, so that a person's network shows the meetings they
//! attended and the people they met there.

use super::QueryError;
use crate::model::RecordKind;
use crate::model::network::{Graph, Node};
use crate::store::{RecordRef, Store};
use uuid::Uuid;

/// The most nodes one neighbourhood adds.
pub const NEIGHBOURHOOD_LIMIT: usize = 400;

fn node(r: &RecordRef) -> Node {
    Node {
        uuid: r.uuid,
        kind: r.kind,
        title: r.title.clone(),
        date: r.date.clone(),
    }
}

/// Adds to `graph` the records around `centre` (and around the meetings and statements
/// among them). Records in the Trash are left out.
pub fn add_neighbourhood(store: &Store, graph: &mut Graph, centre: Uuid) -> Result<(), QueryError> {
    let Some(me) = store.get_ref(centre)? else {
        return Ok(());
    };
    let first = graph.add_node(node(&me));
    let added = graph.nodes.len();
    let around = links_of(store, graph, first, centre)?;
    for (other, kind) in around {
        if graph.nodes.len() - added >= NEIGHBOURHOOD_LIMIT {
            break;
        }
        if matches!(kind, RecordKind::Meeting | RecordKind::Statement) {
            let at = graph.position(&other).unwrap_or(first);
            links_of(store, graph, at, other)?;
        }
    }
    Ok(())
}

/// Adds the references of record `uuid` (at `at` in the graph) either way; returns the
/// records at their other ends.
fn links_of(
    store: &Store,
    graph: &mut Graph,
    at: usize,
    uuid: Uuid,
) -> Result<Vec<(Uuid, RecordKind)>, QueryError> {
    let mut others = Vec::new();
    for edge in store.outgoing(uuid)? {
        if edge.other.deleted {
            continue;
        }
        let to = graph.add_node(node(&edge.other));
        graph.add_link(at, to, &edge.relation);
        others.push((edge.other.uuid, edge.other.kind));
    }
    for group in store.backlinks(uuid)? {
        for edge in &group.items {
            if edge.other.deleted {
                continue;
            }
            let from = graph.add_node(node(&edge.other));
            graph.add_link(from, at, &group.relation);
            others.push((edge.other.uuid, edge.other.kind));
        }
    }
    Ok(others)
}
