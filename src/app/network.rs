//! The network, part of the views section (`views.rs` owns the state): the graph of records around the open record (rebuilt when
//! another record is opened while the network is shown), grown by expanding a node. Layout,
//! zoom and the co-attendance switch are the view's own.

use super::App;
use super::timeline::MainView;
use crate::model::network::Graph;
use std::sync::Arc;
use uuid::Uuid;

/// The graph shown, and the record it was built around.
#[derive(Default)]
pub struct NetworkState {
    centre: Option<Uuid>,
    /// The open record when the graph was last looked at: opening a record already in the
    /// graph keeps the graph (a click on a node shows it beside), another rebuilds it.
    last_opened: Option<Uuid>,
    graph: Arc<Graph>,
    /// Bumped whenever the graph changes, so the view can grow its layout.
    generation: u64,
    /// The graph reflects the file (false at first and after a write).
    built: bool,
}

impl NetworkState {
    pub fn graph(&self) -> &Arc<Graph> {
        &self.graph
    }

    pub fn centre(&self) -> Option<Uuid> {
        self.centre
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}

impl App {
    pub fn network(&self) -> &NetworkState {
        &self.views.network
    }

    /// Builds the graph around the open record if the network is shown and was built around
    /// another; returns true if it changed.
    pub(super) fn refresh_network(&mut self) -> bool {
        if self.views.main_view != MainView::Network {
            return false;
        }
        let opened = self.opened.as_ref().map(|o| o.record.uuid());
        let built = self.views.network.built;
        if built && opened == self.views.network.last_opened {
            return false;
        }
        self.views.network.last_opened = opened;
        if built
            && let Some(uuid) = opened
            && self.views.network.graph.position(&uuid).is_some()
        {
            return false;
        }
        let mut graph = Graph::default();
        if let Some(centre) = opened
            && let Err(e) = crate::query::add_neighbourhood(&self.store, &mut graph, centre)
        {
            self.messages.error(e);
        }
        self.views.network = NetworkState {
            centre: opened,
            last_opened: opened,
            graph: Arc::new(graph),
            generation: self.views.network.generation + 1,
            built: true,
        };
        true
    }

    /// Adds the records around `uuid` to the graph shown.
    pub(super) fn expand_node(&mut self, uuid: Uuid) {
        let mut graph = (*self.views.network.graph).clone();
        match crate::query::add_neighbourhood(&self.store, &mut graph, uuid) {
            Ok(()) => {
                self.views.network.graph = Arc::new(graph);
                self.views.network.generation += 1;
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Forgets the graph, so that it is built again from the file (after a write).
    pub(super) fn forget_network(&mut self) {
        self.views.network.built = false;
    }
}
