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

/// The saved search that `name` means: the one with exactly that name (spaces around it
/// ignored), else the one whose name differs only in case (in any script). Every lookup by
/// name — apply, delete, replace on save, the CLI's `--saved` — goes through this.
pub fn find_saved<'a>(saved: &'a [SavedSearch], name: &str) -> Option<&'a SavedSearch> {
    let name = name.trim();
    saved.iter().find(|s| s.name == name).or_else(|| {
        let folded = name.to_lowercase();
        saved.iter().find(|s| s.name.to_lowercase() == folded)
    })
}

impl Store {
    /// Saves `spec` under `name`, replacing the search that name means (`find_saved`).
    pub fn save_search(&mut self, name: &str, spec: &SearchSpec) -> Result<()> {
        let existing = find_saved(&self.saved_searches()?, name).map(|s| s.name.clone());
        let name = existing.as_deref().unwrap_or(name.trim());
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

    /// The saved search `name` means (`find_saved`).
    pub fn saved_search(&self, name: &str) -> Result<Option<SavedSearch>> {
        Ok(find_saved(&self.saved_searches()?, name).cloned())
    }

    /// Removes the saved search `name` means (`find_saved`).
    pub fn delete_saved_search(&mut self, name: &str) -> Result<()> {
        let Some(found) = find_saved(&self.saved_searches()?, name).map(|s| s.name.clone()) else {
            return Err(StoreError::NoSavedSearch(name.to_string()));
        };
        let n = self
            .conn
            .execute("DELETE FROM saved_search WHERE name = ?1", [found])?;
        if n == 0 {
            return Err(StoreError::NoSavedSearch(name.to_string()));
        }
        Ok(())
    }
}
