//! Finding records by any of their names: a uuid, the display name, an alias in any script,
//! or a transliteration (through the folded keys). Used by filters and pickers.

use super::error::QueryError;
use super::parse::{has_short_prefix, last_as_prefix, name_expression, parse_terms};
use crate::model::RecordKind;
use crate::model::name_match::{NameQuery, name_roles};
use crate::store::Store;
use crate::store::has_name_entry;
use rusqlite::params;
use uuid::Uuid;

/// A record found by name.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    pub(crate) id: i64,
}

/// Live records of the given kinds (all kinds if empty) whose names match `name`, best first.
/// With `prefix`, the last word may be unfinished (as typed into a picker).
pub fn find_by_name(
    store: &Store,
    kinds: &[RecordKind],
    name: &str,
    prefix: bool,
    limit: usize,
) -> Result<Vec<NameMatch>, QueryError> {
    let kinds_json = serde_json::to_string(&kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into());
    let conn = store.conn();
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, String, String, String)> {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    };
    let rows: Vec<(i64, String, String, String)> = if let Ok(uuid) = Uuid::parse_str(name.trim()) {
        conn.prepare_cached(
            "SELECT id, uuid, kind, title FROM record
             WHERE uuid = ?1 AND (?2 = '[]' OR kind IN (SELECT value FROM json_each(?2)))",
        )?
        .query_map(params![uuid.to_string(), kinds_json], row)?
        .collect::<rusqlite::Result<_>>()?
    } else {
        let Some(expr) = name_expression(name, prefix) else {
            return Ok(Vec::new());
        };
        // Names of actors, places, topics and sources have their own small index (with
        // 1-letter prefixes); meetings, statements and links are found in the full index,
        // from two letters on.
        let names_only = !kinds.is_empty() && kinds.iter().all(|k| has_name_entry(*k));
        let terms = parse_terms(name);
        let terms = if prefix { last_as_prefix(terms) } else { terms };
        if names_only {
            conn.prepare_cached(
                "SELECT r.id, r.uuid, r.kind, r.title FROM name_fts
                 JOIN record r ON r.id = name_fts.rowid
                 WHERE name_fts MATCH ?1 AND r.deleted_at IS NULL
                   AND r.kind IN (SELECT value FROM json_each(?2))
                 ORDER BY bm25(name_fts, 10.0, 8.0, 6.0), r.id
                 LIMIT ?3",
            )?
            .query_map(params![expr, kinds_json, limit as i64], row)?
            .collect::<rusqlite::Result<_>>()?
        } else if has_short_prefix(&terms) {
            Vec::new()
        } else {
            conn.prepare_cached(
                "SELECT r.id, r.uuid, r.kind, r.title FROM fts
                 JOIN record r ON r.id = fts.rowid
                 WHERE fts MATCH ?1 AND r.deleted_at IS NULL
                   AND (?2 = '[]' OR r.kind IN (SELECT value FROM json_each(?2)))
                 ORDER BY bm25(fts, 10.0, 8.0, 0.0, 6.0, 0.0), r.id
                 LIMIT ?3",
            )?
            .query_map(params![expr, kinds_json, limit as i64], row)?
            .collect::<rusqlite::Result<_>>()?
        }
    };
    let mut found: Vec<NameMatch> = rows
        .into_iter()
        .filter_map(|(id, uuid, kind, title)| {
            Some(NameMatch {
                uuid: Uuid::parse_str(&uuid).ok()?,
                kind: kind.parse().ok()?,
                title,
                id,
            })
        })
        .collect();
    // The best-spelled names first: exact before variant, family name before given name,
    // official aliases before weak ones (stable: the index's order otherwise).
    let words = NameQuery::new(name, prefix, true);
    if found.len() > 1 && !words.is_empty() {
        let ids: Vec<i64> = found.iter().map(|m| m.id).collect();
        let scores: std::collections::HashMap<i64, u32> = store
            .records_by_id(&ids)?
            .into_iter()
            .map(|(id, record)| (id, words.score(&name_roles(&record))))
            .collect();
        found.sort_by_key(|m| std::cmp::Reverse(scores.get(&m.id).copied().unwrap_or(0)));
    }
    Ok(found)
}

/// Live statements whose words begin as `text` does, found through the full-text index by
/// the phrase of their first words (at most `limit`): statements have no name to look up,
/// and a sheet imported again must find the statements it made. The caller compares the
/// whole words.
pub fn find_statements_by_words(
    store: &Store,
    text: &str,
    limit: usize,
) -> Result<Vec<Uuid>, QueryError> {
    let normalised = crate::model::fold::normalise_text(text);
    let words: Vec<&str> = crate::model::fold::tokens(&normalised).take(8).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let expr = format!("body : {}", super::parse::quote(&words.join(" ")));
    let found = store
        .conn()
        .prepare_cached(
            "SELECT r.uuid FROM fts JOIN record r ON r.id = fts.rowid
             WHERE fts MATCH ?1 AND r.deleted_at IS NULL AND r.kind = 'statement'
             LIMIT ?2",
        )?
        .query_map(params![expr, limit as i64], |r| r.get::<_, String>(0))?
        .filter_map(|uuid| uuid.ok().and_then(|u| Uuid::parse_str(&u).ok()))
        .collect();
    Ok(found)
}

/// Every name and alias of the live actors and places, for finding them in pasted text.
pub fn known_names(
    store: &Store,
) -> Result<Vec<crate::model::capture::names::KnownName>, QueryError> {
    use crate::model::capture::names::KnownName;
    use crate::model::{ActorKind, Record};
    let mut out = Vec::new();
    for record in store.all_records(false)? {
        let person = matches!(&record, Record::Actor(a) if a.kind == ActorKind::Person);
        if !matches!(record.kind(), RecordKind::Actor | RecordKind::Place) {
            continue;
        }
        for name in record.names() {
            out.push(KnownName {
                name: name.to_string(),
                uuid: record.uuid(),
                kind: record.kind(),
                person,
            });
        }
    }
    Ok(out)
}
