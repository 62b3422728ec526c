//! The timeline, part of the views section (`views.rs` owns the state): which view the main
//! area shows (the list, the timeline or the network), and the dated records of the current
//! search, read in the background whenever the search changes while the timeline is shown.
//! Zoom and pan are the view's own; what the timeline selects goes into the normal selection.

use super::App;
use super::jobs::{self, Outcome};
use super::messages::Failure;
use crate::model::{RecordKind, SearchSpec};
use crate::query::TimelineData;
use std::sync::Arc;
use uuid::Uuid;

/// What the main area shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MainView {
    #[default]
    List,
    Timeline,
    /// The records around the open record.
    Network,
    /// The duplicate review: likely pairs, two records side by side.
    Duplicates,
}

impl MainView {
    /// The view in words: "list", "timeline", "network".
    pub fn noun(self) -> &'static str {
        match self {
            MainView::List => "list",
            MainView::Timeline => "timeline",
            MainView::Network => "network",
            MainView::Duplicates => "duplicates",
        }
    }
}

/// The timeline's data: for which search and lanes it was read, and the reading under way.
#[derive(Default)]
pub struct TimelineState {
    /// The search and the actors' lanes the data (or the reading under way) is for.
    spec: Option<(SearchSpec, Vec<Uuid>)>,
    reading: Option<jobs::Job>,
    data: Option<Result<Arc<TimelineData>, Failure>>,
}

impl TimelineState {
    /// The data once read (an error in words if reading failed); `None` while reading.
    pub fn data(&self) -> Option<&Result<Arc<TimelineData>, Failure>> {
        self.data.as_ref()
    }

    pub fn reading(&self) -> bool {
        self.reading.is_some()
    }
}

/// The lanes the timeline is asked for: one per actor chosen, in the order chosen; none
/// chosen, one per kind.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LaneChoice {
    pub actors: Vec<Uuid>,
}

impl App {
    pub fn main_view(&self) -> MainView {
        self.views.main_view
    }

    pub fn timeline(&self) -> &TimelineState {
        &self.views.timeline
    }

    /// The actors the timeline has a lane for (none: a lane per kind).
    pub fn lane_actors(&self) -> &[Uuid] {
        &self.views.lanes.actors
    }

    /// A lane per actor of `actors` (in this order), or per kind if empty; duplicates dropped.
    pub(super) fn set_lanes(&mut self, actors: Vec<Uuid>) {
        let mut seen = std::collections::HashSet::new();
        self.views.lanes.actors = actors.into_iter().filter(|a| seen.insert(*a)).collect();
        self.refresh_timeline();
    }

    pub(super) fn show_view(&mut self, view: MainView) {
        self.views.main_view = view;
        self.refresh_timeline();
        self.refresh_network();
    }

    /// Starts reading the timeline's data if it is shown and was read for another search
    /// (a reading for an older search stops as its job is dropped).
    pub(super) fn refresh_timeline(&mut self) {
        let wanted = (self.list.spec.clone(), self.views.lanes.actors.clone());
        if self.views.main_view != MainView::Timeline
            || self.views.timeline.spec.as_ref() == Some(&wanted)
        {
            return;
        }
        let job = jobs::timeline(
            self.path().to_path_buf(),
            Arc::clone(&self.wake),
            wanted.0.clone(),
            wanted.1.clone(),
        );
        self.views.timeline = TimelineState {
            spec: Some(wanted),
            reading: Some(job),
            data: None,
        };
    }

    /// Takes in finished timeline data; returns true if some came. Also starts a reading
    /// when the search changed under the timeline.
    pub(super) fn poll_timeline(&mut self) -> bool {
        self.refresh_timeline();
        let Some(outcome) = self
            .views
            .timeline
            .reading
            .as_ref()
            .and_then(jobs::Job::outcome)
        else {
            return false;
        };
        self.views.timeline.reading = None;
        self.views.timeline.data = Some(match outcome {
            Outcome::Timeline(data) => Ok(Arc::new(*data)),
            Outcome::Failed(e) => Err(e),
            _ => Err(super::messages::failure(super::AppError::Stopped(
                "reading the dates",
            ))),
        });
        true
    }

    /// Makes the selection the given records (dragged over on the timeline), replacing it.
    pub(super) fn select_records(&mut self, records: Vec<(Uuid, RecordKind, String)>) {
        self.selection.clear();
        for (uuid, kind, title) in records {
            self.selection.add(uuid, kind, title);
        }
    }
}
