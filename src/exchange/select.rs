//! Which records an export holds: records picked one by one, everything matching whole
//! searches, or the whole knowledge base, with what the closure takes along. The CLI's
//! `export` and the GUI's export dialog (its preview counts and the export itself) both ask
//! this one function.

use super::closure::Closure;
use super::export::{ExportError, gather};
use crate::model::{Record, SearchSpec};
use crate::query::all_matching;
use crate::store::Store;
use uuid::Uuid;

/// What a user chose to export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportSelection {
    /// Records picked one by one.
    pub records: Vec<Uuid>,
    /// Searches selected as a whole: every record matching each, loaded or not.
    pub searches: Vec<SearchSpec>,
    /// The whole knowledge base (Trash included) instead.
    pub everything: bool,
}

impl ExportSelection {
    /// The whole knowledge base.
    pub fn everything() -> ExportSelection {
        ExportSelection {
            everything: true,
            ..ExportSelection::default()
        }
    }
}

/// The records `selection` stands for, with what `closure` takes along, in a stable order.
pub fn select_records(
    store: &Store,
    selection: &ExportSelection,
    closure: Closure,
) -> Result<Vec<Record>, ExportError> {
    if selection.everything {
        return Ok(gather(store, None, closure)?);
    }
    let mut uuids = selection.records.clone();
    for spec in &selection.searches {
        uuids.extend(all_matching(store, spec)?);
    }
    uuids.sort();
    uuids.dedup();
    Ok(gather(store, Some(&uuids), closure)?)
}
