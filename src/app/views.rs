//! The views section of `App`: which view the main area shows (the list, the timeline or the
//! network), the timeline's data and lanes, the network's graph, and saving either as a
//! picture. Their work is in `timeline.rs`, `network.rs` and `picture.rs`; this file owns
//! their state and answers for their commands.

use super::App;
use super::command::{Dialog, Refusal, Traits, first_broken};
use super::network::NetworkState;
use super::timeline::{LaneChoice, MainView, TimelineState};
use crate::model::picture::Picture;
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

/// An action on the main area's view.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(ViewCommandKind))]
pub enum ViewCommand {
    /// Shows the list or the timeline of the current search, or the open record's network.
    ShowView(MainView),
    /// Adds the records around this one to the network shown.
    ExpandNode(Uuid),
    /// Gives the timeline a lane per actor of these (in this order), or per kind if empty.
    SetTimelineLanes(Vec<Uuid>),
    /// Asks where to save the timeline or the network as a picture.
    SavePictureAs,
    /// Writes the picture `view` drew to `path`, as SVG or PNG by its extension.
    SavePicture {
        view: MainView,
        picture: Arc<Picture>,
        path: PathBuf,
    },
}

impl ViewCommand {
    pub fn traits(&self) -> Traits {
        match self {
            ViewCommand::ShowView(_) => Traits::USER,
            ViewCommand::SavePictureAs => Traits::USER.opening_dialog(),
            ViewCommand::ExpandNode(_)
            | ViewCommand::SetTimelineLanes(_)
            | ViewCommand::SavePicture { .. } => Traits::VIEW,
        }
    }
}

/// The views' state.
#[derive(Default)]
pub(super) struct Views {
    /// The list or the timeline (or the network).
    pub(super) main_view: MainView,
    pub(super) timeline: TimelineState,
    /// The timeline's lanes: per kind, or per chosen actor.
    pub(super) lanes: LaneChoice,
    pub(super) network: NetworkState,
}

impl App {
    pub(super) fn can_view(
        &self,
        command: &ViewCommand,
        dialog: Option<Dialog>,
    ) -> Result<(), Refusal> {
        match command {
            ViewCommand::ShowView(_)
            | ViewCommand::ExpandNode(_)
            | ViewCommand::SetTimelineLanes(_) => Ok(()),
            ViewCommand::SavePictureAs => first_broken(&[(
                self.views.main_view == MainView::List,
                "Show the timeline or the network first",
            )]),
            ViewCommand::SavePicture { path, .. } => first_broken(&[
                (dialog != Some(Dialog::Picture), "Open Save picture… first"),
                (path.as_os_str().is_empty(), "Give a path to write to"),
            ]),
        }
    }

    pub(super) fn apply_view(&mut self, command: ViewCommand) {
        match command {
            ViewCommand::ShowView(view) => self.show_view(view),
            ViewCommand::ExpandNode(uuid) => self.expand_node(uuid),
            ViewCommand::SetTimelineLanes(actors) => self.set_lanes(actors),
            ViewCommand::SavePictureAs => self.dialogs.show(Dialog::Picture),
            ViewCommand::SavePicture {
                view,
                picture,
                path,
            } => self.save_picture(view, &picture, &path),
        }
    }
}
