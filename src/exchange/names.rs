//! Names of the records an export refers to, read once: the list label of every exported
//! record and of everything it references (which may lie outside the export), and the details
//! of cited sources, for CSV name columns, the briefing's footnotes and GraphML labels.

use crate::model::{Record, Source};
use crate::store::{Store, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Default)]
pub struct Names {
    labels: HashMap<Uuid, String>,
    sources: HashMap<Uuid, Source>,
}

impl Names {
    /// Reads the labels of `records` and of everything they refer to.
    pub fn for_records(store: &Store, records: &[Record]) -> Result<Names, StoreError> {
        let mut names = Names::default();
        for record in records {
            for uuid in std::iter::once(record.uuid()).chain(record.referenced()) {
                if names.labels.contains_key(&uuid) {
                    continue;
                }
                if let Some(r) = store.get_ref(uuid)? {
                    names.labels.insert(uuid, r.title);
                }
                if let Some(Record::Source(s)) = store.get(uuid)? {
                    names.sources.insert(uuid, s);
                }
            }
        }
        Ok(names)
    }

    /// The label of a record, or its uuid if unknown.
    pub fn label(&self, uuid: Uuid) -> String {
        self.labels
            .get(&uuid)
            .cloned()
            .unwrap_or_else(|| uuid.to_string())
    }

    /// The label of an optional reference, empty if none.
    pub fn label_opt(&self, uuid: Option<Uuid>) -> String {
        uuid.map(|u| self.label(u)).unwrap_or_default()
    }

    pub fn source(&self, uuid: Uuid) -> Option<&Source> {
        self.sources.get(&uuid)
    }
}
