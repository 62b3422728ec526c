//! The team engine (issue 27): a knowledge base shared through PostgreSQL, every desktop
//! keeping a live local copy that works offline. `address` reads libpq's addresses, password
//! file and environment and connects; `server` holds every statement sent to the server (its
//! schema, a push, a pull, history); `share` publishes an open file (`team init`) and makes a
//! new working copy (`team join`); `sync` sends the outbox and applies the server's changes
//! once; `live` does that in the background, on each local change, on the server's NOTIFY and
//! every 30 seconds. The local file's side (outbox, versions, conflicts) is in `store`.

pub mod address;
pub mod live;
pub mod server;
mod share;
mod sync;

pub use share::{JoinReport, JoinStep, ShareReport, join, share};
pub use sync::{SyncReport, sync_once, sync_until};

use crate::exchange::ImportError;
use crate::store::StoreError;

/// Why something the team engine was asked failed.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The address cannot be read, or a certificate it names.
    #[error("{0}")]
    Address(String),
    /// No answer from the server (down, unreachable, the connection lost).
    #[error("the team's server cannot be reached ({0})")]
    Unreachable(String),
    /// The server or the file refused what was asked (not a team, already a team, login).
    #[error("{0}")]
    Refused(String),
    /// The server answered a statement with an error.
    #[error("the team's server refused: {0}")]
    Server(String),
    #[error(
        "this knowledge base is not shared with a team: share it with `chancery team init URL`, or join one with `chancery team join URL FILE`"
    )]
    NotShared,
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Import(#[from] ImportError),
    #[error("{0}")]
    Io(String),
}

impl TeamError {
    /// A failed connection: a login the server refused is said as such, anything else means
    /// the server could not be reached.
    pub(crate) fn from_connect(e: postgres::Error) -> TeamError {
        match e.as_db_error() {
            Some(db) => TeamError::Refused(format!(
                "the team's server refused the connection: {}",
                db.message()
            )),
            None if plain(&e).contains("password missing") => TeamError::Refused(
                "the team's server asks for a password: put it in ~/.pgpass or PGPASSWORD (it is never stored with the knowledge base)"
                    .into(),
            ),
            None => TeamError::Unreachable(plain(&e)),
        }
    }

    /// True when the failure means the server is out of reach (the copy goes offline and
    /// keeps its changes), not that it refused something.
    pub fn is_offline(&self) -> bool {
        matches!(self, TeamError::Unreachable(_))
    }
}

impl From<postgres::Error> for TeamError {
    fn from(e: postgres::Error) -> TeamError {
        match e.as_db_error() {
            Some(db) => TeamError::Server(db.message().to_string()),
            None => TeamError::Unreachable(plain(&e)),
        }
    }
}

/// A driver error in one line, with its cause.
fn plain(e: &postgres::Error) -> String {
    use std::error::Error;
    match e.source() {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}
