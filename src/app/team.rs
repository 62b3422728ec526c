//! The team section of `App`: the background sync of a team's working copy (started when
//! the file is one, nudged after every change saved here, its status for the status bar,
//! the file read again when it wrote the team's changes), sharing the open file with a team
//! and joining one (in the background, then the joined copy opens), the conflicts waiting
//! with their three versions and the user's choice, and a record's History on the server
//! with any version restorable as a new change.

use super::command::{Dialog, Refusal, Traits, first_broken};
use super::{App, AppError};
use crate::model::three_way::{self, FieldRow};
use crate::store::{Resolution, TeamConflict};
use crate::team::live::{LiveSync, PERIOD, TeamStatus};
use crate::team::server::Version;
use crate::team::{self, TeamError};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use uuid::Uuid;

/// An action on the team.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(TeamCommandKind))]
pub enum TeamCommand {
    /// The Team window: status, sharing, joining, conflicts.
    ShowTeam,
    SyncNow,
    /// Publishes this knowledge base as a new team at the address.
    Share {
        address: String,
    },
    /// Makes `file` a working copy of the team at the address, then opens it.
    Join {
        address: String,
        file: PathBuf,
    },
    /// Ends a conflict: keep mine, take theirs, or mine with the fields named taken from theirs.
    Resolve {
        uuid: Uuid,
        choice: ConflictChoice,
    },
    /// The open record's versions on the team's server.
    ShowHistory,
    /// Saves this version of the open record as a new change.
    RestoreVersion {
        uuid: Uuid,
        version: i64,
    },
}

/// The user's choice for a conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictChoice {
    KeepMine,
    TakeTheirs,
    /// Mine, with these fields (changed on both sides) taken from theirs; fields only one side
    /// changed are merged by themselves.
    Merge(BTreeSet<String>),
}

impl TeamCommand {
    pub fn traits(&self) -> Traits {
        match self {
            TeamCommand::ShowTeam | TeamCommand::ShowHistory => Traits::USER.opening_dialog(),
            TeamCommand::SyncNow => Traits::USER,
            TeamCommand::Share { .. } => Traits::VIEW.writing(),
            TeamCommand::Join { .. } => Traits::VIEW.leaving_form(),
            TeamCommand::Resolve { .. } | TeamCommand::RestoreVersion { .. } => {
                Traits::VIEW.writing()
            }
        }
    }
}

/// A conflict as the Team window shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictShown {
    pub conflict: TeamConflict,
    /// The record's name here.
    pub name: String,
    /// The fields where theirs and mine differ, with the common ancestor once it is read
    /// from the server (until then, every field counts as changed on both sides).
    pub rows: Vec<FieldRow>,
    pub mine: Option<serde_json::Value>,
}

/// A record's History as last read.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryShown {
    Reading(Uuid),
    Read(Uuid, Vec<Version>),
    Failed(Uuid, String),
}

enum Done {
    Shared(Result<team::ShareReport, TeamError>),
    Joined(Result<team::JoinReport, TeamError>),
    History(Uuid, Result<Vec<Version>, TeamError>),
    Bases(Vec<(Uuid, Option<serde_json::Value>)>),
}

/// The team section's state.
#[derive(Default)]
pub(super) struct Team {
    live: Option<LiveSync>,
    status: Option<TeamStatus>,
    seen_pulled: u64,
    task: Option<(String, Receiver<Done>)>,
    /// Where the running task stands, in words and as a fraction (a join's progress bar).
    progress: std::sync::Arc<std::sync::Mutex<Option<(String, f32)>>>,
    conflicts: Vec<ConflictShown>,
    /// The team's address and the changes this copy could not take, as the Team window
    /// shows them (read when it opens and when the conflicts change, not at each frame).
    address: Option<String>,
    rejected: Vec<(Uuid, String, String)>,
    history: Option<HistoryShown>,
}

impl App {
    /// Starts the background sync if the file is a team's working copy.
    pub(super) fn start_team(&mut self) {
        if let Ok(Some(link)) = self.store.team_link() {
            let wake = std::sync::Arc::clone(&self.wake);
            self.team.live = Some(LiveSync::start(
                self.store.path().to_path_buf(),
                link.address,
                PERIOD,
                wake,
            ));
        }
    }

    /// A change was saved here: the sync sends it now.
    pub(super) fn nudge_team(&self) {
        if let Some(live) = &self.team.live {
            live.nudge();
        }
    }

    /// The team's status, when the file is a team's copy.
    pub fn team_status(&self) -> Option<&TeamStatus> {
        self.team.status.as_ref()
    }

    /// What a team task under way is doing ("Sharing…"), if one is.
    pub fn team_task(&self) -> Option<&str> {
        self.team.task.as_ref().map(|(what, _)| what.as_str())
    }

    /// Where the running team task stands ("Writing 1,200 of 42,000 records", 0.3), when it
    /// says.
    pub fn team_progress(&self) -> Option<(String, f32)> {
        self.team.task.as_ref()?;
        match self.team.progress.lock() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The team's server address (without a password), as last read.
    pub fn team_address(&self) -> Option<&str> {
        self.team.address.as_deref()
    }

    /// Changes from the team this copy could not take: uuid, kind, reason.
    pub fn team_rejected(&self) -> &[(Uuid, String, String)] {
        &self.team.rejected
    }

    pub fn team_conflicts(&self) -> &[ConflictShown] {
        &self.team.conflicts
    }

    pub fn team_history(&self) -> Option<&HistoryShown> {
        self.team.history.as_ref()
    }

    /// Takes in the sync's status and finished team tasks; true if anything changed.
    pub(super) fn poll_team(&mut self) -> bool {
        let mut changed = false;
        if let Some(live) = &self.team.live {
            let status = live.status();
            if status.pulled != self.team.seen_pulled {
                self.team.seen_pulled = status.pulled;
                self.refresh_derived_state();
                self.refresh_duplicates();
                changed = true;
            }
            let conflicts_changed =
                self.team.status.as_ref().is_none_or(|s| {
                    s.conflicts != status.conflicts || s.rejected != status.rejected
                });
            if self.team.status.as_ref() != Some(&status) {
                self.team.status = Some(status);
                changed = true;
            }
            if conflicts_changed && self.dialogs.open() == Some(Dialog::Team) {
                self.read_conflicts();
            }
        }
        let done = match &self.team.task {
            Some((_, rx)) => match rx.try_recv() {
                Ok(done) => Some(done),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    self.team.task = None;
                    return true;
                }
            },
            None => None,
        };
        if let Some(done) = done {
            self.team.task = None;
            self.take_done(done);
            changed = true;
        }
        changed
    }

    fn take_done(&mut self, done: Done) {
        match done {
            Done::Shared(Ok(report)) => {
                self.messages.info(format!(
                    "Shared {} records with the team at {}; others join it from File → Team → Team… → Join",
                    report.records, report.address
                ));
                self.start_team();
            }
            Done::Shared(Err(e)) | Done::Joined(Err(e)) => self.messages.error(e),
            Done::Joined(Ok(report)) => {
                self.open_other(&report.path, false);
                if let Some(next) = self.next.as_mut() {
                    next.messages.info(format!(
                        "Joined the team as {}: {} records{}",
                        report.author,
                        report.records,
                        if report.can_write {
                            ""
                        } else {
                            " (your role may only read)"
                        }
                    ));
                }
            }
            Done::History(uuid, result) => {
                self.team.history = Some(match result {
                    Ok(versions) => HistoryShown::Read(uuid, versions),
                    Err(e) => HistoryShown::Failed(uuid, e.to_string()),
                });
            }
            Done::Bases(bases) => {
                for (uuid, base) in bases {
                    if let Some(shown) = self
                        .team
                        .conflicts
                        .iter_mut()
                        .find(|c| c.conflict.uuid == uuid)
                        && let (Some(theirs), Some(mine)) = (&shown.conflict.theirs, &shown.mine)
                    {
                        shown.rows = three_way::compare(base.as_ref(), theirs, mine);
                    }
                }
            }
        }
    }

    /// Runs `work` on its own thread as the team task (one at a time).
    fn run_team_task(&mut self, what: &str, work: impl FnOnce() -> Done + Send + 'static) {
        let (tx, rx) = std::sync::mpsc::channel();
        let wake = std::sync::Arc::clone(&self.wake);
        let spawned = std::thread::Builder::new()
            .name("team-task".into())
            .spawn(move || {
                let _ = tx.send(work());
                wake();
            });
        match spawned {
            Ok(_) => self.team.task = Some((what.to_string(), rx)),
            Err(e) => self.messages.error(AppError::NoThread(e)),
        }
    }

    pub(super) fn can_team(&self, command: &TeamCommand) -> Result<(), Refusal> {
        let linked = self.team.live.is_some();
        let busy = self.team.task.is_some();
        match command {
            TeamCommand::ShowTeam => Ok(()),
            TeamCommand::SyncNow => first_broken(&[(!linked, NOT_SHARED)]),
            TeamCommand::Share { address } => first_broken(&[
                (linked, "This knowledge base is shared with a team already"),
                (busy, TASK_RUNNING),
                (address.trim().is_empty(), "Give the server's address"),
            ]),
            TeamCommand::Join { address, file } => {
                first_broken(&[
                    (busy, TASK_RUNNING),
                    (address.trim().is_empty(), "Give the server's address"),
                    (file.as_os_str().is_empty(), "Give the new file's path"),
                ])?;
                if file.exists() {
                    return Err(
                        format!("{} exists already: join into a new file", file.display()).into(),
                    );
                }
                Ok(())
            }
            TeamCommand::Resolve { uuid, .. } => first_broken(&[(
                !self.team.conflicts.iter().any(|c| c.conflict.uuid == *uuid),
                "No such conflict",
            )]),
            TeamCommand::ShowHistory => first_broken(&[
                (!linked, NOT_SHARED),
                (self.opened.is_none(), "Open a record first"),
            ]),
            TeamCommand::RestoreVersion { .. } => first_broken(&[(!linked, NOT_SHARED)]),
        }
    }

    pub(super) fn apply_team(&mut self, command: TeamCommand) {
        match command {
            TeamCommand::ShowTeam => {
                self.read_conflicts();
                self.dialogs.show(Dialog::Team);
            }
            TeamCommand::SyncNow => {
                if let Some(live) = &self.team.live {
                    live.sync_now();
                }
            }
            TeamCommand::Share { address } => {
                let path = self.store.path().to_path_buf();
                self.run_team_task("Sharing with the team…", move || {
                    Done::Shared(
                        crate::store::Store::open(&path)
                            .map_err(TeamError::from)
                            .and_then(|mut store| team::share(&mut store, &address)),
                    )
                });
            }
            TeamCommand::Join { address, file } => {
                let progress = std::sync::Arc::clone(&self.team.progress);
                let wake = std::sync::Arc::clone(&self.wake);
                if let Ok(mut p) = progress.lock() {
                    *p = None;
                }
                self.run_team_task("Joining the team…", move || {
                    Done::Joined(team::join(&address, &file, &mut |step| {
                        if let Ok(mut p) = progress.lock() {
                            *p = Some((step.text(), step.fraction()));
                        }
                        wake();
                        true
                    }))
                });
            }
            TeamCommand::Resolve { uuid, choice } => self.resolve(uuid, choice),
            TeamCommand::ShowHistory => {
                let Some(uuid) = self.opened.as_ref().map(|o| o.record.uuid()) else {
                    return;
                };
                self.team.history = Some(HistoryShown::Reading(uuid));
                self.dialogs.show(Dialog::History);
                if let Ok(Some(link)) = self.store.team_link() {
                    self.run_team_task("Reading the history…", move || {
                        Done::History(
                            uuid,
                            team::address::connect(&link.address)
                                .and_then(|mut c| team::server::history(&mut c, uuid)),
                        )
                    });
                }
            }
            TeamCommand::RestoreVersion { uuid, version } => self.restore_version(uuid, version),
        }
    }

    /// Reads the conflicts from the file, and their common ancestors from the server.
    fn read_conflicts(&mut self) {
        self.team.address = self.store.team_link().ok().flatten().map(|l| l.address);
        self.team.rejected = self.store.team_rejected().unwrap_or_default();
        let conflicts = match self.store.team_conflicts() {
            Ok(c) => c,
            Err(e) => {
                self.messages.error(e);
                return;
            }
        };
        self.team.conflicts = conflicts
            .into_iter()
            .map(|conflict| {
                let mine = self.store.get(conflict.uuid).ok().flatten();
                let name = mine
                    .as_ref()
                    .map(|r| r.name().to_string())
                    .unwrap_or_default();
                let mine = mine.map(|r| crate::store::server_doc(&r));
                let rows = match (&conflict.theirs, &mine) {
                    (Some(theirs), Some(mine)) => three_way::compare(None, theirs, mine),
                    _ => Vec::new(),
                };
                ConflictShown {
                    conflict,
                    name,
                    rows,
                    mine,
                }
            })
            .collect();
        let wanted: Vec<(Uuid, i64)> = self
            .team
            .conflicts
            .iter()
            .map(|c| (c.conflict.uuid, c.conflict.base_version))
            .collect();
        if wanted.is_empty() || self.team.task.is_some() {
            return;
        }
        if let Ok(Some(link)) = self.store.team_link() {
            self.run_team_task("Reading the common versions…", move || {
                let mut bases = Vec::new();
                if let Ok(mut client) = team::address::connect(&link.address) {
                    for (uuid, version) in wanted {
                        let base = team::server::version_of(&mut client, uuid, version)
                            .ok()
                            .flatten()
                            .map(|v| v.doc);
                        bases.push((uuid, base));
                    }
                }
                Done::Bases(bases)
            });
        }
    }

    fn resolve(&mut self, uuid: Uuid, choice: ConflictChoice) {
        let Some(shown) = self
            .team
            .conflicts
            .iter()
            .find(|c| c.conflict.uuid == uuid)
            .cloned()
        else {
            return;
        };
        let resolution = match choice {
            ConflictChoice::KeepMine => Resolution::KeepMine,
            ConflictChoice::TakeTheirs => Resolution::TakeTheirs,
            ConflictChoice::Merge(fields) => {
                let Some(mine) = &shown.mine else { return };
                let merged = three_way::merge(&shown.rows, mine, &fields);
                match shown
                    .conflict
                    .kind
                    .parse()
                    .ok()
                    .and_then(|kind| crate::model::Record::from_json(kind, merged).ok())
                {
                    Some(record) => Resolution::Merged(Box::new(record)),
                    None => {
                        self.messages.info(
                            "The merged version is not a valid record; keep mine or take theirs",
                        );
                        return;
                    }
                }
            }
        };
        let took_theirs = matches!(resolution, Resolution::TakeTheirs);
        match self.store.resolve_team_conflict(uuid, resolution) {
            Ok(()) => {
                self.messages.info(format!(
                    "Conflict on “{}” resolved{}",
                    shown.name,
                    if took_theirs {
                        " with theirs; Edit → Undo brings yours back"
                    } else {
                        ""
                    }
                ));
                self.read_conflicts();
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }

    fn restore_version(&mut self, uuid: Uuid, version: i64) {
        let Some(HistoryShown::Read(_, versions)) = &self.team.history else {
            return;
        };
        let Some(found) = versions.iter().find(|v| v.version == version) else {
            return;
        };
        let Some(current) = self.store.get(uuid).ok().flatten() else {
            return;
        };
        let mut doc = found.doc.clone();
        // Restoring keeps the record where it is now in the Trash; only its content returns.
        if let (Some(map), Some(now)) = (
            doc.as_object_mut(),
            crate::store::server_doc(&current).as_object(),
        ) {
            map.remove("deleted_at");
            if let Some(deleted) = now.get("deleted_at") {
                map.insert("deleted_at".into(), deleted.clone());
            }
        }
        match crate::model::Record::from_json(current.kind(), doc) {
            Ok(record) => match self.store.update(record) {
                Ok(_) => {
                    self.messages
                        .info(format!("Version {version} restored as a new change"));
                    self.dialogs.close();
                    self.after_change();
                }
                Err(e) => self.messages.error(e),
            },
            Err(e) => self
                .messages
                .info(format!("That version cannot be restored: {e}")),
        }
    }
}

const NOT_SHARED: &str = "This knowledge base is not shared with a team (File → Team)";
const TASK_RUNNING: &str = "A team task is under way";
