//! Messages for the user. What went wrong stays a typed error here (`AppError`) until the UI
//! turns it into words; every message carries a severity. Informational messages fade after
//! `INFO_LIFETIME`; errors stay until dismissed.

use crate::app::draft::Problem;
use crate::exchange::{ExportError, ImportError};
use crate::query::QueryError;
use crate::store::StoreError;
use std::time::{Duration, Instant};

/// How long an informational message stays on screen.
pub const INFO_LIFETIME: Duration = Duration::from_secs(6);

/// Something that failed, kept typed until it is shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The form could not be saved; nothing was written.
    #[error("Not saved — {}", first_problem(.0))]
    NotSaved(Vec<Problem>),
    /// A record could not be created from a picker.
    #[error("Cannot create {what}: {reason}")]
    CannotCreate { what: String, reason: String },
    /// A picture of the timeline or the network was not saved.
    #[error("The picture was not saved: {0}")]
    Picture(#[from] crate::exchange::PictureError),
    /// The team's server or the team engine refused or failed.
    #[error(transparent)]
    Team(#[from] crate::team::TeamError),
    /// Work in a background thread failed: the error as it came from there.
    #[error(transparent)]
    Background(Failure),
    /// A background thread could not be started.
    #[error("cannot start a background job: {0}")]
    NoThread(std::io::Error),
    /// Background work was stopped before it answered ("counting", "reading the dates").
    #[error("{0} stopped")]
    Stopped(&'static str),
    /// The folder for a new knowledge base could not be made.
    #[error("Cannot make the folder {path}: {source}")]
    NoFolder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A column mapping (preset) could not be read, used or saved.
    #[error("{0}")]
    Mapping(String),
    /// A background thread ended without answering.
    #[error("the background job stopped unexpectedly")]
    Vanished,
    /// The check run after opening found the file damaged.
    #[error(
        "This knowledge base is damaged ({0}). No backup was taken from it, so the earlier backups are kept: File → Backups… restores one."
    )]
    Damaged(String),
}

/// A failure in a background thread, handed to the UI thread typed (shared, since what the
/// thread found may be shown in more than one place).
pub type Failure = std::sync::Arc<AppError>;

/// A failure of a background thread, from any error the app knows.
pub fn failure(error: impl Into<AppError>) -> Failure {
    std::sync::Arc::new(error.into())
}

fn first_problem(problems: &[Problem]) -> String {
    problems
        .first()
        .map(|p| format!("{}: {}", p.field, p.message))
        .unwrap_or_default()
}

/// How much a message matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Fades after a few seconds.
    Info,
    /// Stays until dismissed.
    Error,
}

/// What a message says.
#[derive(Debug)]
pub enum Said {
    Info(String),
    Failed(AppError),
}

/// One message, with when it was said.
#[derive(Debug)]
pub struct Message {
    /// Stable while the message lives, for dismissing it.
    pub id: u64,
    pub said: Said,
    pub at: Instant,
}

impl Message {
    pub fn severity(&self) -> Severity {
        match self.said {
            Said::Info(_) => Severity::Info,
            Said::Failed(_) => Severity::Error,
        }
    }

    /// True once an informational message has been shown long enough.
    pub fn expired(&self, now: Instant) -> bool {
        self.severity() == Severity::Info && now.duration_since(self.at) >= INFO_LIFETIME
    }
}

/// The messages on screen, newest last.
#[derive(Debug, Default)]
pub struct Messages {
    list: Vec<Message>,
    next_id: u64,
}

impl Messages {
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Said::Info(text.into()));
    }

    pub fn error(&mut self, error: impl Into<AppError>) {
        self.push(Said::Failed(error.into()));
    }

    fn push(&mut self, said: Said) {
        self.next_id += 1;
        self.list.push(Message {
            id: self.next_id,
            said,
            at: Instant::now(),
        });
    }

    pub fn dismiss(&mut self, id: u64) {
        self.list.retain(|m| m.id != id);
    }

    /// Drops informational messages that have faded; returns true if any went.
    pub fn prune(&mut self, now: Instant) -> bool {
        let before = self.list.len();
        self.list.retain(|m| !m.expired(now));
        self.list.len() != before
    }

    pub fn all(&self) -> &[Message] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn information_fades_and_errors_stay() {
        let mut m = Messages::default();
        m.info("Saved");
        m.error(AppError::Vanished);
        let start = m.all()[0].at;
        assert!(!m.prune(start + Duration::from_secs(1)));
        assert_eq!(m.all().len(), 2);
        assert!(m.prune(start + INFO_LIFETIME + Duration::from_millis(1)));
        assert_eq!(m.all().len(), 1);
        assert_eq!(m.all()[0].severity(), Severity::Error);
        let id = m.all()[0].id;
        m.dismiss(id);
        assert!(m.all().is_empty());
    }
}
