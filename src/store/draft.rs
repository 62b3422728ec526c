//! The unsaved form, kept in the file as it is typed: one draft at a time, stored as the
//! caller's JSON text (the store does not know the form's shape), outside the change log (a
//! draft is not an edit and cannot be undone). Offered back after a crash or a restart.

use super::Store;
use super::error::Result;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

/// A draft kept in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptDraft {
    /// The form as its owner wrote it.
    pub data: String,
    /// When it was last written.
    pub saved_at: Timestamp,
}

impl Store {
    /// Keeps `data` as the draft, replacing the one kept before.
    pub fn keep_draft(&self, data: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO draft (id, data, saved_at) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
            params![data, Timestamp::now().to_string()],
        )?;
        Ok(())
    }

    /// The draft kept in the file, if there is one.
    pub fn kept_draft(&self) -> Result<Option<KeptDraft>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT data, saved_at FROM draft WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.map(|(data, saved_at)| KeptDraft {
            data,
            saved_at: saved_at.parse().unwrap_or(Timestamp::UNIX_EPOCH),
        }))
    }

    /// Forgets the kept draft (the form was saved or discarded).
    pub fn drop_draft(&self) -> Result<()> {
        self.conn.execute("DELETE FROM draft", [])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_draft_survives_reopening_and_can_be_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.kept_draft().unwrap(), None);
        store.keep_draft("{\"a\":1}").unwrap();
        store.keep_draft("{\"a\":2}").unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        let kept = store.kept_draft().unwrap().unwrap();
        assert_eq!(kept.data, "{\"a\":2}");
        assert!(kept.saved_at > Timestamp::UNIX_EPOCH);
        store.drop_draft().unwrap();
        assert_eq!(store.kept_draft().unwrap(), None);
    }
}
