//! One exchange with the team's server: the outbox sent in the order its records were first
//! changed (each change taken only if the server's copy is still the one it started from; a
//! refused change becomes a conflict kept for the user), then every change after the newest
//! version this copy has seen, applied through the import's write path. Used by `team sync`
//! and by the background sync of the window.

use super::TeamError;
use super::server::{self, PushAnswer};
use crate::store::{JUDGEMENT_KIND, Store};
use postgres::Client;
use std::sync::atomic::{AtomicBool, Ordering};

/// Outbox entries read at a time.
const PUSH_BATCH: usize = 200;

/// Server changes applied in one local transaction.
const PULL_BATCH: i64 = 2_000;

/// How many rounds one sync may take: an outbox refilled as fast as it is sent still ends.
const MAX_ROUNDS: usize = 100_000;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub pulled: usize,
    /// Changes refused because someone else changed the record first.
    pub new_conflicts: usize,
    /// Server changes to records changed here and not yet sent (the push decides).
    pub held_back: usize,
    /// Server documents this version cannot read.
    pub unreadable: usize,
    /// This copy's role may only read: nothing was sent.
    pub read_only: bool,
    /// Changes from the team this file refused (listed in the Team window).
    pub rejected: usize,
    /// Why a change could not be sent, when the server refused to store one.
    pub not_sent: Option<String>,
}

/// Sends the outbox, then applies the server's changes. On a lost connection what was done
/// stays done: each change taken by the server is marked in the file as it is taken.
pub fn sync_once(store: &mut Store, client: &mut Client) -> Result<SyncReport, TeamError> {
    sync_until(store, client, &AtomicBool::new(false))
}

/// `sync_once`, ending early (between batches, with what was done kept) once `stop` is set.
pub fn sync_until(
    store: &mut Store,
    client: &mut Client,
    stop: &AtomicBool,
) -> Result<SyncReport, TeamError> {
    if store.team_link()?.is_none() {
        return Err(TeamError::NotShared);
    }
    server::check_team(client)?;
    let (author, can_write) = server::role(client)?;
    let mut report = SyncReport {
        read_only: !can_write,
        ..SyncReport::default()
    };
    if can_write {
        push_outbox(store, client, &mut report, stop)?;
    }
    pull(store, client, &mut report, stop)?;
    store.note_team_contact(None, Some(&author), Some(can_write))?;
    Ok(report)
}

fn push_outbox(
    store: &mut Store,
    client: &mut Client,
    report: &mut SyncReport,
    stop: &AtomicBool,
) -> Result<(), TeamError> {
    // Changes the server refused to store (not a conflict: an error) wait for the next sync;
    // the others go on.
    let mut set_aside = std::collections::HashSet::new();
    for _ in 0..MAX_ROUNDS {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let outgoing: Vec<_> = store
            .team_outgoing(PUSH_BATCH + set_aside.len())?
            .into_iter()
            .filter(|c| !set_aside.contains(&c.entry.uuid))
            .collect();
        if outgoing.is_empty() {
            return Ok(());
        }
        for mut change in outgoing {
            // A judgement is given or withdrawn whole: the newest word stands.
            for _ in 0..3 {
                let answer = match server::push(client, &change) {
                    Ok(answer) => answer,
                    Err(TeamError::Server(message)) => {
                        log::warn!("team: the server refused {}: {message}", change.entry.uuid);
                        report.not_sent = Some(format!(
                            "a change could not be sent ({message}); it is kept and tried again"
                        ));
                        set_aside.insert(change.entry.uuid);
                        break;
                    }
                    Err(e) => return Err(e),
                };
                match answer {
                    PushAnswer::Taken(version) => {
                        store.team_pushed(&change.entry, version)?;
                        report.pushed += 1;
                        break;
                    }
                    PushAnswer::Refused { theirs } if change.entry.kind == JUDGEMENT_KIND => {
                        change.base = theirs.version;
                    }
                    PushAnswer::Refused { theirs } => {
                        store.note_team_conflict(&change, &theirs)?;
                        report.new_conflicts += 1;
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

fn pull(
    store: &mut Store,
    client: &mut Client,
    report: &mut SyncReport,
    stop: &AtomicBool,
) -> Result<(), TeamError> {
    for _ in 0..MAX_ROUNDS {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let since = store.team_link()?.map(|l| l.since).unwrap_or(0);
        let mut changes = server::changes_since(client, since, PULL_BATCH)?;
        let Some(newest) = changes.last().map(|c| c.version) else {
            return Ok(());
        };
        // A change may refer to a record this copy removed for good while someone else still
        // referred to it: the server's copy (in the Trash) comes back with it.
        let missing = missing_references(store, &changes)?;
        if !missing.is_empty() {
            store.forget_team_versions(&missing)?;
            let mut restored = server::records(client, &missing)?;
            restored.append(&mut changes);
            changes = restored;
        }
        let got = store.apply_team_changes(changes, newest)?;
        report.pulled += got.applied;
        report.held_back += got.held_back;
        report.unreadable += got.unreadable;
        report.rejected += got.rejected;
    }
    Ok(())
}

/// Records the changes refer to that are neither among them nor in the file.
fn missing_references(
    store: &Store,
    changes: &[crate::store::Pulled],
) -> Result<Vec<uuid::Uuid>, TeamError> {
    let coming: std::collections::HashSet<uuid::Uuid> = changes.iter().map(|c| c.uuid).collect();
    let mut missing = std::collections::BTreeSet::new();
    for change in changes {
        let Ok(kind) = change.kind.parse::<crate::model::RecordKind>() else {
            continue;
        };
        let Ok(record) = crate::model::Record::from_json(kind, change.doc.clone()) else {
            continue;
        };
        for uuid in record.referenced() {
            if !coming.contains(&uuid) && !missing.contains(&uuid) && store.get_ref(uuid)?.is_none()
            {
                missing.insert(uuid);
            }
        }
    }
    Ok(missing.into_iter().collect())
}
