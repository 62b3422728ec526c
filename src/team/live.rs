//! The background sync of an open working copy: one thread that owns its own connection to
//! the file and to the server, and syncs when told a local change was saved (`nudge`), when
//! the server announces a change (a second thread listens for `NOTIFY chancery`), when asked
//! (`sync_now`), and every period (30 seconds); while the server is out of reach it tries
//! again every few seconds and keeps every change in the outbox. What it knows is published
//! as a `TeamStatus` the window reads; `wake` asks the window for a frame.

use super::TeamError;
use super::address::connect;
use super::server::CHANNEL;
use super::sync::{SyncReport, sync_until};
use crate::store::Store;
use jiff::Timestamp;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often a copy syncs with nothing announced.
pub const PERIOD: Duration = Duration::from_secs(30);

/// How soon an offline copy tries the server again.
const RETRY: Duration = Duration::from_secs(5);

/// What the window shows of the team.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamStatus {
    /// The last sync that reached the server.
    pub last_sync: Option<Timestamp>,
    /// The server has been out of reach since then (changes are kept).
    pub offline_since: Option<Timestamp>,
    /// Why the last sync failed, if it did.
    pub error: Option<String>,
    /// Changes waiting to be sent, and conflicts waiting for the user.
    pub waiting: u64,
    pub conflicts: u64,
    /// The role this copy writes as, and whether it may.
    pub author: String,
    pub can_write: bool,
    /// Grows each time a sync wrote the server's changes into the file: the window reads
    /// the file again.
    pub pulled: u64,
    /// A sync is under way.
    pub syncing: bool,
    /// Changes from the team this copy refused since the window opened (the Team window lists
    /// them with the reason).
    pub rejected: u64,
}

impl TeamStatus {
    /// The status bar's words: "Team: up to date · 10:42", "3 changes waiting", "offline
    /// since 10:40 — your changes are kept", "1 conflict to resolve".
    pub fn text(&self) -> String {
        let clock = |t: Timestamp| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%H:%M")
                .to_string()
        };
        let mut parts = Vec::new();
        if let Some(since) = self.offline_since {
            parts.push(format!(
                "offline since {} — your changes are kept",
                clock(since)
            ));
        } else if self.syncing && self.last_sync.is_none() {
            parts.push("connecting…".to_string());
        } else if self.waiting == 0 && self.conflicts == 0 {
            match self.last_sync {
                Some(t) => parts.push(format!("up to date · {}", clock(t))),
                None => parts.push("not synced yet".to_string()),
            }
        }
        if self.waiting > 0 {
            parts.push(format!(
                "{} change{} waiting",
                self.waiting,
                if self.waiting == 1 { "" } else { "s" }
            ));
        }
        if self.conflicts > 0 {
            parts.push(format!(
                "{} conflict{} to resolve",
                self.conflicts,
                if self.conflicts == 1 { "" } else { "s" }
            ));
        }
        if self.rejected > 0 {
            parts.push(format!(
                "{} change{} from the team not taken",
                self.rejected,
                if self.rejected == 1 { "" } else { "s" }
            ));
        }
        format!("Team: {}", parts.join(" · "))
    }
}

enum Event {
    /// A change was saved here.
    Nudge,
    /// The server announced a change.
    Announced,
    SyncNow,
    Stop,
}

/// The running background sync of one working copy; stopped when dropped.
pub struct LiveSync {
    events: Sender<Event>,
    status: Arc<Mutex<TeamStatus>>,
    /// Set when the window lets the copy go: a sync under way ends at its next batch.
    stop: Arc<AtomicBool>,
}

/// Called when the status changed.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

impl LiveSync {
    /// Starts syncing the working copy at `path` with its team at `address`.
    pub fn start(path: PathBuf, address: String, period: Duration, wake: Wake) -> LiveSync {
        let (events, inbox) = mpsc::channel();
        let status = Arc::new(Mutex::new(TeamStatus {
            syncing: true,
            can_write: true,
            ..TeamStatus::default()
        }));
        let shared = Arc::clone(&status);
        let announcer = events.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_seen = Arc::clone(&stop);
        let spawned = std::thread::Builder::new()
            .name("team-sync".into())
            .spawn(move || {
                Syncer {
                    path,
                    address,
                    period,
                    wake,
                    status: shared,
                    announcer,
                    listener: None,
                    stop: stop_seen,
                }
                .run(inbox)
            });
        if let Err(e) = spawned {
            log::warn!("team: the sync cannot start: {e}");
        }
        LiveSync {
            events,
            status,
            stop,
        }
    }

    /// A change was saved here: send it now.
    pub fn nudge(&self) {
        let _ = self.events.send(Event::Nudge);
    }

    pub fn sync_now(&self) {
        let _ = self.events.send(Event::SyncNow);
    }

    /// What the sync knows now.
    pub fn status(&self) -> TeamStatus {
        match self.status.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl Drop for LiveSync {
    /// Tells the sync to stop without waiting for it (a server that stopped answering must not
    /// hold the window): what it had done is in the file, what it had not is in the outbox.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.events.send(Event::Stop);
    }
}

/// The listening connection's thread, stopped through its flag.
struct Listener {
    stop: Arc<AtomicBool>,
    alive: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Syncer {
    path: PathBuf,
    address: String,
    period: Duration,
    wake: Wake,
    status: Arc<Mutex<TeamStatus>>,
    announcer: Sender<Event>,
    listener: Option<Listener>,
    stop: Arc<AtomicBool>,
}

/// How long one statement of the background sync may take before the server counts as gone.
const STATEMENT_TIMEOUT: &str = "SET statement_timeout = '60s'";

impl Syncer {
    fn run(mut self, inbox: Receiver<Event>) {
        let mut store = match Store::open_for_team_sync(&self.path) {
            Ok(store) => store,
            Err(e) => {
                self.publish(|s| {
                    s.error = Some(e.to_string());
                    s.syncing = false;
                });
                return;
            }
        };
        self.read_local(&store);
        let mut client = None;
        let mut wait = Duration::ZERO;
        loop {
            match inbox.recv_timeout(wait) {
                Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            }
            // Events that came meanwhile are answered by this one sync.
            loop {
                match inbox.try_recv() {
                    Ok(Event::Stop) => return,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            self.publish(|s| s.syncing = true);
            let outcome = self.sync(&mut store, &mut client);
            wait = match &outcome {
                Ok(_) => self.period,
                Err(_) => RETRY.min(self.period),
            };
            self.finish(&mut store, outcome);
        }
    }

    fn sync(
        &mut self,
        store: &mut Store,
        client: &mut Option<postgres::Client>,
    ) -> Result<SyncReport, TeamError> {
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            let mut connected = connect(&self.address)?;
            connected.batch_execute(STATEMENT_TIMEOUT)?;
            *client = Some(connected);
        }
        if self
            .listener
            .as_ref()
            .is_none_or(|l| !l.alive.load(Ordering::Relaxed))
        {
            self.listener = self.listen().ok();
        }
        let Some(connected) = client.as_mut() else {
            return Err(TeamError::Unreachable("no connection".into()));
        };
        let result = sync_until(store, connected, &self.stop);
        if result.as_ref().is_err_and(|e| e.is_offline()) {
            *client = None;
        }
        result
    }

    /// Starts the thread that listens for the server's announcements.
    fn listen(&self) -> Result<Listener, TeamError> {
        let mut client = connect(&self.address)?;
        client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let alive = Arc::new(AtomicBool::new(true));
        let (stop_seen, alive_set) = (Arc::clone(&stop), Arc::clone(&alive));
        let announcer = self.announcer.clone();
        let thread = std::thread::Builder::new()
            .name("team-listen".into())
            .spawn(move || {
                while !stop_seen.load(Ordering::Relaxed) {
                    {
                        let mut notifications = client.notifications();
                        let mut iter = notifications.timeout_iter(Duration::from_millis(250));
                        loop {
                            match postgres::fallible_iterator::FallibleIterator::next(&mut iter) {
                                Ok(Some(_)) => {
                                    if announcer.send(Event::Announced).is_err() {
                                        return;
                                    }
                                }
                                Ok(None) => break,
                                Err(_) => {
                                    // The server went away: a sync now finds it offline
                                    // and says so, instead of waiting for the next round.
                                    alive_set.store(false, Ordering::Relaxed);
                                    let _ = announcer.send(Event::Announced);
                                    return;
                                }
                            }
                        }
                    }
                    if client.is_closed() {
                        alive_set.store(false, Ordering::Relaxed);
                        let _ = announcer.send(Event::Announced);
                        return;
                    }
                }
            })
            .map_err(|e| TeamError::Io(e.to_string()))?;
        Ok(Listener {
            stop,
            alive,
            thread: Some(thread),
        })
    }

    fn finish(&mut self, store: &mut Store, outcome: Result<SyncReport, TeamError>) {
        match outcome {
            Ok(report) => {
                let wrote = report.pulled > 0;
                self.publish(|s| {
                    s.error = report.not_sent.clone();
                    s.rejected += report.rejected as u64;
                    s.offline_since = None;
                    s.read_only_if(report.read_only);
                    if wrote {
                        s.pulled += 1;
                    }
                });
            }
            Err(e) => {
                let offline = e.is_offline();
                let text = e.to_string();
                if let Err(e) = store.note_team_contact(Some(&text), None, None) {
                    log::warn!("team: cannot note the failed sync in the file: {e}");
                }
                self.publish(|s| {
                    if offline && s.offline_since.is_none() {
                        s.offline_since = Some(Timestamp::now());
                    }
                    s.error = Some(text);
                });
            }
        }
        self.read_local(store);
        self.publish(|s| s.syncing = false);
        (self.wake)();
    }

    /// Reads what the file says: changes waiting, conflicts, the last sync, the role.
    fn read_local(&self, store: &Store) {
        let waiting = store.team_waiting();
        let link = store.team_link();
        self.publish(|s| {
            if let Ok((waiting, conflicts)) = waiting {
                s.waiting = waiting;
                s.conflicts = conflicts;
            }
            if let Ok(Some(link)) = link {
                s.last_sync = link.last_sync;
                s.author = link.author;
                s.can_write = link.can_write;
                if s.offline_since.is_none() && s.error.is_some() {
                    s.offline_since = link.offline_since;
                }
            }
        });
    }

    fn publish(&self, change: impl FnOnce(&mut TeamStatus)) {
        match self.status.lock() {
            Ok(mut s) => change(&mut s),
            Err(poisoned) => change(&mut poisoned.into_inner()),
        }
    }
}

impl TeamStatus {
    fn read_only_if(&mut self, read_only: bool) {
        if read_only {
            self.can_write = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_bar_says_where_the_copy_stands_in_words() {
        let now = Timestamp::now();
        let clock = now
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%H:%M")
            .to_string();
        let up_to_date = TeamStatus {
            last_sync: Some(now),
            ..TeamStatus::default()
        };
        assert_eq!(up_to_date.text(), format!("Team: up to date · {clock}"));
        let waiting = TeamStatus {
            last_sync: Some(now),
            waiting: 3,
            conflicts: 1,
            ..TeamStatus::default()
        };
        assert_eq!(
            waiting.text(),
            "Team: 3 changes waiting · 1 conflict to resolve"
        );
        let offline = TeamStatus {
            offline_since: Some(now),
            waiting: 1,
            ..TeamStatus::default()
        };
        assert_eq!(
            offline.text(),
            format!("Team: offline since {clock} — your changes are kept · 1 change waiting")
        );
    }
}
