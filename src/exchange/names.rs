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
        let mut wanted: Vec<Uuid> = records
            .iter()
            .flat_map(|r| std::iter::once(r.uuid()).chain(r.referenced()))
            .collect();
        wanted.sort();
        wanted.dedup();
        let labels = store.labels(wanted.iter().copied())?;
        let mut sources = HashMap::new();
        for uuid in wanted {
            if let Some(Record::Source(s)) = store.get(uuid)? {
                sources.insert(uuid, s);
            }
        }
        Ok(Names { labels, sources })
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
