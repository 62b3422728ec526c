//! Saved searches: a name and a search (text, filters, order), kept in the file.

use super::Store;
use super::error::{Result, StoreError};
use crate::model::SearchSpec;
use rusqlite::params;

/// A search kept by name.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedSearch {
    pub name: String,
    pub spec: SearchSpec,
}

impl Store {
    /// Saves `spec` under `name`, replacing a search of the same name (names ignore case).
    pub fn save_search(&mut self, name: &str, spec: &SearchSpec) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid {
                kind: crate::model::RecordKind::Topic,
                label: String::new(),
                error: crate::model::ValidationError {
                    field: "saved search name",
                    message: "must not be empty".into(),
                },
            });
        }
        let json = serde_json::to_string(spec).unwrap_or_default();
        self.conn.execute(
            "INSERT INTO saved_search (name, spec, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET spec = excluded.spec",
            params![name, json, jiff::Timestamp::now().to_string()],
        )?;
        Ok(())
    }

    /// All saved searches, by name.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, spec FROM saved_search ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (name, json) = row?;
            let spec = serde_json::from_str(&json).map_err(|e| StoreError::BadRecord {
                uuid: format!("saved search '{name}'"),
                reason: e.to_string(),
            })?;
            out.push(SavedSearch { name, spec });
        }
        Ok(out)
    }

    /// The saved search named `name`, ignoring case and surrounding spaces (as saving does).
    pub fn saved_search(&self, name: &str) -> Result<Option<SavedSearch>> {
        let wanted = name.trim().to_lowercase();
        Ok(self
            .saved_searches()?
            .into_iter()
            .find(|s| s.name.to_lowercase() == wanted))
    }

    /// Removes a saved search (its name ignoring case).
    pub fn delete_saved_search(&mut self, name: &str) -> Result<()> {
        let n = self.conn.execute(
            "DELETE FROM saved_search WHERE name = ?1 COLLATE NOCASE",
            [name.trim()],
        )?;
        if n == 0 {
            return Err(StoreError::NoSavedSearch(name.to_string()));
        }
        Ok(())
    }
}
