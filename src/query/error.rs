//! What can go wrong when a search runs.

use crate::model::DateError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// (Not a `source`: the message holds it already, and a chain would say it twice.)
    #[error("date filter: {0}")]
    BadDate(DateError),
    #[error("the 'from' date {from} lies after the 'to' date {to}")]
    EmptyRange { from: String, to: String },
    /// Search text with no letter or digit in it (emoji, punctuation, signs): refused, never
    /// taken as no text at all — that would select everything, and an export is a disclosure.
    #[error("'{0}' has nothing to search for: no letter or digit")]
    NothingToSearch(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<DateError> for QueryError {
    fn from(e: DateError) -> Self {
        QueryError::BadDate(e)
    }
}

impl From<rusqlite::Error> for QueryError {
    fn from(e: rusqlite::Error) -> Self {
        QueryError::Store(StoreError::from(e))
    }
}
