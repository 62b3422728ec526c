//! Duplicates joined and kept apart: judgements stored and withdrawn (never rewritten), and
//! the canonical view derived from them. Records joined by live `same` judgements form a
//! cluster; its oldest record is the canonical one. The others are marked `merged_into` it,
//! every edge ending at them is turned to it (the end as written kept in `src_written` /
//! `dst_written`), and only the canonical record is in the search indexes, with every
//! member's names. Documents are never changed by a merge: separating puts the derived rows
//! back exactly as they were.

use super::Store;
use super::error::{Result, StoreError};
use super::history::{Batch, log_judgement};
use super::write::{derive, load_by_id, row_id, write_index};
use crate::model::judgement::{Judgement, JudgementOrigin, Verdict, local_author};
use crate::model::{IndexText, Record, RecordKind};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// Kinds whose records can be merged.
pub fn can_merge(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Actor | RecordKind::Place | RecordKind::Topic | RecordKind::Source
    )
}

/// One record of a cluster, as the canonical record's view lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterMember {
    pub uuid: Uuid,
    pub record: Record,
    /// The live `same` judgements that joined it (by whom and when).
    pub joined_by: Vec<Judgement>,
}

/// A cluster of records judged the same, seen from any of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub canonical: Uuid,
    /// Every record of the cluster, the canonical one first.
    pub members: Vec<ClusterMember>,
    /// Live `different` judgements between two of its records: a contradiction to resolve.
    pub contradictions: Vec<Judgement>,
}

impl Cluster {
    /// The records merged into the canonical one.
    pub fn merged(&self) -> impl Iterator<Item = &ClusterMember> {
        self.members.iter().skip(1)
    }
}

impl Store {
    /// Records that `x` and `y` are (or are not, or may be) the same, withdrawing any earlier
    /// live judgement on the same pair. A `same` joins their clusters at once. Returns the
    /// judgement, or `None` when nothing changed (the same answer was already given).
    pub fn judge(
        &mut self,
        x: Uuid,
        y: Uuid,
        verdict: Verdict,
        origin: JudgementOrigin,
    ) -> Result<Option<Judgement>> {
        let tx = self.write_transaction()?;
        let judged = judge_in(&tx, None, x, y, verdict, origin, &local_author())?;
        if judged.is_some() {
            tx.commit()?;
        }
        Ok(judged)
    }

    /// Takes `member` out of its cluster: every live `same` judgement joining it is withdrawn
    /// (judgements that two records are not the same stay). Returns how many were withdrawn.
    pub fn separate(&mut self, member: Uuid) -> Result<usize> {
        let tx = self.write_transaction()?;
        let id = row_id(&tx, member)?.ok_or(StoreError::NotFound(member))?;
        let joining: Vec<Judgement> = live_judgements_of(&tx, member)?
            .into_iter()
            .filter(|j| j.verdict == Verdict::Same)
            .collect();
        if joining.is_empty() {
            return Ok(0);
        }
        let batch = Batch::edit(&tx)?;
        let now = Timestamp::now();
        let mut seeds = vec![id];
        for judgement in &joining {
            withdraw(&tx, batch, judgement, now)?;
            seeds.extend(row_id(&tx, judgement.other(member))?);
        }
        recluster(&tx, &seeds)?;
        tx.commit()?;
        Ok(joining.len())
    }

    /// The canonical record `uuid` was merged into, if it was.
    pub fn canonical_of(&self, uuid: Uuid) -> Result<Option<Uuid>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.uuid FROM record r JOIN record c ON c.id = r.merged_into
                 WHERE r.uuid = ?1",
            )?
            .query_row([uuid.to_string()], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|u| Uuid::parse_str(&u).ok()))
    }

    /// The cluster `uuid` belongs to, if it belongs to one.
    pub fn cluster(&self, uuid: Uuid) -> Result<Option<Cluster>> {
        let canonical = self.canonical_of(uuid)?.unwrap_or(uuid);
        let Some(canonical_id) = row_id(&self.conn, canonical)? else {
            return Ok(None);
        };
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM record WHERE merged_into = ?1 ORDER BY created_at, uuid",
            )?
            .query_map([canonical_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Ok(None);
        }
        let mut members = Vec::new();
        let mut uuids = BTreeSet::new();
        for id in std::iter::once(canonical_id).chain(ids) {
            let record = load_by_id(&self.conn, id)?;
            uuids.insert(record.uuid());
            members.push(record);
        }
        let mut judgements: Vec<Judgement> = Vec::new();
        for member in &uuids {
            for j in live_judgements_of(&self.conn, *member)? {
                if uuids.contains(&j.other(*member)) && !judgements.contains(&j) {
                    judgements.push(j);
                }
            }
        }
        let members = members
            .into_iter()
            .map(|record| ClusterMember {
                uuid: record.uuid(),
                joined_by: judgements
                    .iter()
                    .filter(|j| j.verdict == Verdict::Same && j.touches(record.uuid()))
                    .cloned()
                    .collect(),
                record,
            })
            .collect();
        Ok(Some(Cluster {
            canonical,
            members,
            contradictions: judgements
                .into_iter()
                .filter(|j| j.verdict == Verdict::Different)
                .collect(),
        }))
    }

    /// Every merged record and the canonical record it is shown as.
    pub fn canonical_map(&self) -> Result<BTreeMap<Uuid, Uuid>> {
        let rows: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT r.uuid, c.uuid FROM record r JOIN record c ON c.id = r.merged_into
                 WHERE r.merged_into IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = BTreeMap::new();
        for (member, canonical) in rows {
            out.insert(
                super::write::parse_uuid(&member)?,
                super::write::parse_uuid(&canonical)?,
            );
        }
        Ok(out)
    }

    /// Every judgement, oldest first; withdrawn ones too if `withdrawn`.
    pub fn judgements(&self, withdrawn: bool) -> Result<Vec<Judgement>> {
        let sql = if withdrawn {
            "SELECT uuid, a, b, verdict, origin, author, at, deleted_at FROM judgement ORDER BY id"
        } else {
            "SELECT uuid, a, b, verdict, origin, author, at, deleted_at FROM judgement
             WHERE deleted_at IS NULL ORDER BY id"
        };
        read_judgements(&self.conn, sql, [])
    }

    /// The live judgements on `uuid` (with any record).
    pub fn judgements_of(&self, uuid: Uuid) -> Result<Vec<Judgement>> {
        live_judgements_of(&self.conn, uuid)
    }
}

/// `Store::judge` inside a transaction, logged in `batch` (a record's creation, which the
/// judgement is undone with) or in a batch of its own: `author` signs it.
pub(super) fn judge_in(
    tx: &Transaction,
    batch: Option<Batch>,
    x: Uuid,
    y: Uuid,
    verdict: Verdict,
    origin: JudgementOrigin,
    author: &str,
) -> Result<Option<Judgement>> {
    let ends = check_pair(tx, x, y)?;
    let earlier: Vec<Judgement> = live_judgements_of(tx, x)?
        .into_iter()
        .filter(|j| j.other(x) == y)
        .collect();
    if earlier.iter().any(|j| j.verdict == verdict) {
        return Ok(None);
    }
    let batch = match batch {
        Some(batch) => batch,
        None => Batch::edit(tx)?,
    };
    let now = Timestamp::now();
    for judgement in &earlier {
        withdraw(tx, batch, judgement, now)?;
    }
    let judgement = Judgement::new(x, y, verdict, origin, author);
    insert(tx, &judgement)?;
    log_judgement(tx, batch, &judgement, "judge", &pair_label(tx, &judgement)?)?;
    // Only `same` judgements (given or withdrawn) shape clusters.
    if verdict == Verdict::Same || earlier.iter().any(|j| j.verdict == Verdict::Same) {
        recluster(tx, &[ends.0, ends.1])?;
    }
    if verdict == Verdict::Same {
        refuse_place_inside_itself(tx, ends.0)?;
    }
    Ok(Some(judgement))
}

/// A place merged with a place it lies in (or that lies in it) would lie inside itself: the
/// judgement is refused, and its transaction rolled back.
fn refuse_place_inside_itself(tx: &Transaction, id: i64) -> Result<()> {
    let (merged_into, _) = cluster_role(tx, id)?;
    let canonical = load_by_id(tx, merged_into.unwrap_or(id))?;
    if !matches!(canonical, Record::Place(_)) {
        return Ok(());
    }
    super::write::check_place_cycle(tx, &canonical).map_err(|e| match e {
        StoreError::Invalid { .. } => StoreError::CannotJudge(format!(
            "one of these places lies inside the other ('{}'): they cannot be one place",
            canonical.name()
        )),
        other => other,
    })
}

/// Both records exist, differ and are of one kind that can be merged; their row ids.
fn check_pair(tx: &rusqlite::Connection, x: Uuid, y: Uuid) -> Result<(i64, i64)> {
    if x == y {
        return Err(StoreError::CannotJudge(
            "a record cannot be judged against itself".into(),
        ));
    }
    let row = |uuid: Uuid| -> Result<(i64, RecordKind, String)> {
        let found: Option<(i64, String, String, bool)> = tx
            .prepare_cached(
                "SELECT id, kind, title, deleted_at IS NOT NULL FROM record WHERE uuid = ?1",
            )?
            .query_row([uuid.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (id, kind, title, trashed) = found.ok_or(StoreError::NotFound(uuid))?;
        if trashed {
            return Err(StoreError::CannotJudge(format!(
                "'{title}' is in the Trash: restore it first"
            )));
        }
        Ok((
            id,
            super::read::parse_kind(&uuid.to_string(), &kind)?,
            title,
        ))
    };
    let (x_id, x_kind, x_title) = row(x)?;
    let (y_id, y_kind, y_title) = row(y)?;
    if x_kind != y_kind {
        return Err(StoreError::CannotJudge(format!(
            "'{x_title}' is {} and '{y_title}' is {}: only records of one kind can be the same",
            super::write::with_article(x_kind),
            super::write::with_article(y_kind)
        )));
    }
    if !can_merge(x_kind) {
        return Err(StoreError::CannotJudge(format!(
            "{} cannot be merged; only actors, places, topics and sources can",
            x_kind.label().to_lowercase()
        )));
    }
    Ok((x_id, y_id))
}

/// "'Sergey Lavrov' and 'Сергей Лавров'", for the undo menu.
fn pair_label(tx: &rusqlite::Connection, judgement: &Judgement) -> Result<String> {
    // Oldest first, as the canonical record is chosen: the stored pair is in uuid order, which
    // would name the two at random. Times are compared parsed (their text drops trailing zeros,
    // so it does not sort). A record no longer there is named by its uuid, last.
    let mut found: Vec<(Option<Timestamp>, String, String)> = tx
        .prepare_cached("SELECT created_at, uuid, title FROM record WHERE uuid IN (?1, ?2)")?
        .query_map([judgement.a.to_string(), judgement.b.to_string()], |r| {
            Ok((r.get::<_, String>(0)?.parse().ok(), r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    found.sort();
    let mut titles: Vec<String> = found.iter().map(|(_, _, title)| title.clone()).collect();
    for uuid in [judgement.a, judgement.b] {
        if !found.iter().any(|(_, known, _)| *known == uuid.to_string()) {
            titles.push(uuid.to_string());
        }
    }
    let names: Vec<String> = titles
        .iter()
        .map(|t| crate::model::record::truncate(t, 30))
        .collect();
    Ok(format!("'{}'", names.join("' and '")))
}

fn insert(tx: &rusqlite::Connection, judgement: &Judgement) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO judgement (uuid, a, b, verdict, origin, author, at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        judgement.uuid.to_string(),
        judgement.a.to_string(),
        judgement.b.to_string(),
        judgement.verdict.as_str(),
        judgement.origin.as_str(),
        judgement.author,
        judgement.at.to_string(),
        judgement.deleted_at.map(|t| t.to_string()),
    ])?;
    Ok(())
}

/// What became of a judgement an import brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Received {
    Added,
    /// Known here and live, withdrawn there: withdrawn here too.
    Withdrawn,
    /// Known here as it is.
    Known,
}

/// Adds a judgement from elsewhere (an import) as it was given, unless one with its uuid is
/// stored already (then only a withdrawal made there is taken: nothing else is ever
/// rewritten). Logged in `batch`, so that undoing the import takes it back. Clusters are not
/// rebuilt here.
pub(super) fn insert_received(
    tx: &rusqlite::Connection,
    batch: Batch,
    judgement: &Judgement,
) -> Result<Received> {
    let stored: Option<Option<String>> = tx
        .prepare_cached("SELECT deleted_at FROM judgement WHERE uuid = ?1")?
        .query_row([judgement.uuid.to_string()], |r| r.get(0))
        .optional()?;
    let label = pair_label(tx, judgement)?;
    match (stored, judgement.deleted_at) {
        (None, _) => {
            insert(tx, judgement)?;
            log_judgement(tx, batch, judgement, "judge", &label)?;
            Ok(Received::Added)
        }
        (Some(None), Some(at)) => {
            let live = Judgement {
                deleted_at: None,
                ..judgement.clone()
            };
            tx.prepare_cached("UPDATE judgement SET deleted_at = ?2 WHERE uuid = ?1")?
                .execute(params![judgement.uuid.to_string(), at.to_string()])?;
            log_judgement(tx, batch, &live, "withdraw", &label)?;
            Ok(Received::Withdrawn)
        }
        _ => Ok(Received::Known),
    }
}

/// Whether an import may hold `judgement`: a live one needs its two records in the file,
/// live, of one kind that can be merged. The reason it may not, in words.
pub(super) fn receivable(tx: &rusqlite::Connection, judgement: &Judgement) -> Result<(), String> {
    if !judgement.is_live() {
        return Ok(());
    }
    match check_pair(tx, judgement.a, judgement.b) {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound(uuid)) => Err(format!("{uuid} is not in the file")),
        Err(e) => Err(e.to_string()),
    }
}

/// A record that is merged with others, or that others are merged into, leaves its cluster
/// (before it is purged): its live `same` judgements are withdrawn in `batch`, and the
/// clusters are made again without it.
pub(super) fn leave_cluster(
    tx: &Transaction,
    batch: Batch,
    id: i64,
    record: &Record,
) -> Result<()> {
    if !can_merge(record.kind()) {
        return Ok(());
    }
    let (merged_into, has_members) = cluster_role(tx, id)?;
    if merged_into.is_none() && !has_members {
        return Ok(());
    }
    let uuid = record.uuid();
    let now = Timestamp::now();
    let mut seeds = vec![id];
    seeds.extend(merged_into);
    for judgement in live_judgements_of(tx, uuid)? {
        if judgement.verdict == Verdict::Same {
            withdraw(tx, batch, &judgement, now)?;
            seeds.extend(row_id(tx, judgement.other(uuid))?);
        }
    }
    // Its members, if it was the canonical record, stay together under another.
    seeds.extend(
        tx.prepare_cached("SELECT id FROM record WHERE merged_into = ?1")?
            .query_map([id], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    );
    recluster(tx, &seeds)
}

/// Withdraws a live judgement (sets its `deleted_at`) and logs it in `batch`.
fn withdraw(
    tx: &rusqlite::Connection,
    batch: Batch,
    judgement: &Judgement,
    now: Timestamp,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE judgement SET deleted_at = ?2 WHERE uuid = ?1 AND deleted_at IS NULL",
    )?
    .execute(params![judgement.uuid.to_string(), now.to_string()])?;
    log_judgement(
        tx,
        batch,
        judgement,
        "withdraw",
        &pair_label(tx, judgement)?,
    )
}

/// Undo and redo: a judgement withdrawn (`live` false) or given again (`live` true), and the
/// clusters around it rebuilt.
pub(super) fn set_live(tx: &Transaction, uuid: Uuid, live: bool) -> Result<()> {
    let found: Option<(String, String)> = tx
        .prepare_cached("SELECT a, b FROM judgement WHERE uuid = ?1")?
        .query_row([uuid.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((a, b)) = found else {
        return Ok(());
    };
    let deleted_at = (!live).then(|| Timestamp::now().to_string());
    tx.prepare_cached("UPDATE judgement SET deleted_at = ?2 WHERE uuid = ?1")?
        .execute(params![uuid.to_string(), deleted_at])?;
    let mut seeds = Vec::new();
    for end in [a, b] {
        if let Ok(end) = Uuid::parse_str(&end) {
            seeds.extend(row_id(tx, end)?);
        }
    }
    recluster(tx, &seeds)
}

fn read_judgements<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
) -> Result<Vec<Judgement>> {
    let rows: Vec<[Option<String>; 8]> = conn
        .prepare_cached(sql)?
        .query_map(params, |r| {
            Ok([
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ])
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(parse_judgement).collect()
}

fn parse_judgement(row: [Option<String>; 8]) -> Result<Judgement> {
    let [uuid, a, b, verdict, origin, author, at, deleted_at] = row;
    let text = |v: Option<String>| v.unwrap_or_default();
    let uuid = text(uuid);
    let bad = |reason: String| StoreError::BadRecord {
        uuid: uuid.clone(),
        reason: format!("judgement: {reason}"),
    };
    let id = |v: Option<String>| Uuid::parse_str(&text(v)).map_err(|e| bad(e.to_string()));
    let time = |v: String| v.parse::<Timestamp>().map_err(|e| bad(e.to_string()));
    let verdict = text(verdict);
    Ok(Judgement {
        uuid: Uuid::parse_str(&uuid).map_err(|e| bad(e.to_string()))?,
        a: id(a)?,
        b: id(b)?,
        verdict: Verdict::parse(&verdict).ok_or_else(|| bad(format!("verdict '{verdict}'")))?,
        origin: JudgementOrigin::parse(&text(origin)),
        author: text(author),
        at: time(text(at))?,
        deleted_at: deleted_at.map(time).transpose()?,
    })
}

/// A judgement by its uuid, withdrawn or not.
pub(super) fn judgement_by_uuid(
    conn: &rusqlite::Connection,
    uuid: Uuid,
) -> Result<Option<Judgement>> {
    Ok(read_judgements(
        conn,
        "SELECT uuid, a, b, verdict, origin, author, at, deleted_at FROM judgement WHERE uuid = ?1",
        [uuid.to_string()],
    )?
    .pop())
}

fn live_judgements_of(conn: &rusqlite::Connection, uuid: Uuid) -> Result<Vec<Judgement>> {
    read_judgements(
        conn,
        "SELECT uuid, a, b, verdict, origin, author, at, deleted_at FROM judgement
         WHERE (a = ?1 OR b = ?1) AND deleted_at IS NULL ORDER BY id",
        [uuid.to_string()],
    )
}

/// Whether a record is merged into another (and which), and whether others are merged into it.
pub(super) fn cluster_role(tx: &rusqlite::Connection, id: i64) -> Result<(Option<i64>, bool)> {
    Ok(tx
        .prepare_cached(
            "SELECT merged_into, EXISTS (SELECT 1 FROM record m WHERE m.merged_into = r.id)
             FROM record r WHERE r.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((None, false)))
}

/// Adds the names of the records merged into `canonical` to its index text, so that any of
/// them finds it.
pub(super) fn add_member_names(
    tx: &rusqlite::Connection,
    canonical: i64,
    text: &mut IndexText,
) -> Result<()> {
    let members: Vec<i64> = tx
        .prepare_cached("SELECT id FROM record WHERE merged_into = ?1 ORDER BY id")?
        .query_map([canonical], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut names = Vec::new();
    for member in members {
        let record = load_by_id(tx, member)?;
        names.extend(record.names().into_iter().map(str::to_string));
    }
    if names.is_empty() {
        return Ok(());
    }
    let written: Vec<String> = names
        .iter()
        .map(|n| crate::model::fold::normalise_text(n))
        .collect();
    let folded: Vec<String> = names
        .iter()
        .map(|n| crate::model::fold::fold_name(n))
        .collect();
    for (field, add, separator) in [
        (&mut text.aliases, written.join(" · "), "\n"),
        (&mut text.keys, folded.join(" "), " "),
    ] {
        if !field.is_empty() {
            field.push_str(separator);
        }
        field.push_str(&add);
    }
    Ok(())
}

/// Writes the search entry of record `id` again (`fresh`: it has none now).
pub(super) fn reindex(tx: &Transaction, id: i64, fresh: bool) -> Result<()> {
    let record = load_by_id(tx, id)?;
    let derived =
        derive(tx, &record, &|_| None, false)?.ok_or(StoreError::NotFound(record.uuid()))?;
    write_index(tx, &derived.into_entry(id, record.kind(), fresh))
}

/// Removes the search entries of record `id` (it was merged into another).
fn unindex(tx: &Transaction, id: i64, kind: RecordKind) -> Result<()> {
    tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1")?
        .execute([id])?;
    if super::write::has_name_entry(kind) {
        tx.prepare_cached("DELETE FROM name_fts WHERE rowid = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// The clusters around the records `seeds` made to match the live `same` judgements: each
/// record whose canonical record changes has its mark and its edges changed, and the search
/// entries of the records concerned are written again.
pub(super) fn recluster(tx: &Transaction, seeds: &[i64]) -> Result<()> {
    let rows = affected(tx, seeds)?;
    let before: BTreeMap<i64, Option<i64>> = rows
        .iter()
        .map(|(id, row)| (*id, row.merged_into))
        .collect();
    let after = components(tx, &rows)?;
    let changed: Vec<i64> = rows
        .keys()
        .copied()
        .filter(|id| before.get(id) != after.get(id))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    // Each record whose canonical changed: its edges back as written, then turned again.
    for &id in &changed {
        restore_edges(tx, id)?;
    }
    for &id in &changed {
        let canonical = after.get(&id).copied().flatten();
        tx.prepare_cached("UPDATE record SET merged_into = ?2 WHERE id = ?1")?
            .execute(params![id, canonical])?;
        if let Some(canonical) = canonical {
            turn_edges(tx, id, canonical)?;
        }
    }
    // Search entries: records leaving a cluster get theirs back, records joining one lose
    // theirs, and every canonical record concerned is written with its members' names.
    let mut canonicals: BTreeSet<i64> = BTreeSet::new();
    for &id in &changed {
        canonicals.extend(before.get(&id).copied().flatten());
        canonicals.extend(after.get(&id).copied().flatten());
        let kind = rows.get(&id).map(|r| r.kind).unwrap_or(RecordKind::Actor);
        match (
            before.get(&id).copied().flatten(),
            after.get(&id).copied().flatten(),
        ) {
            (None, Some(_)) => unindex(tx, id, kind)?,
            (Some(_), None) => {
                reindex(tx, id, true)?;
                canonicals.remove(&id);
            }
            _ => {}
        }
    }
    for id in canonicals {
        // A canonical record gone from the file (a damaged one) has no entry to write.
        if rows.contains_key(&id) && after.get(&id).copied().flatten().is_none() {
            reindex(tx, id, false)?;
        }
    }
    // What refers to a record that joined or left a cluster is found by the canonical
    // record's names while it is merged ("Lavrov" finds what "Сергей Лавров" said).
    for &id in &changed {
        if rows.get(&id).map(|r| r.kind) == Some(RecordKind::Actor) {
            reindex_referrers(tx, id)?;
        }
    }
    Ok(())
}

/// Writes again the search entries of the records whose document refers to `id`.
fn reindex_referrers(tx: &Transaction, id: i64) -> Result<()> {
    let referrers: Vec<i64> = tx
        .prepare_cached(
            "SELECT DISTINCT owner_id FROM edge
             WHERE (dst_written = ?1 OR src_written = ?1
                    OR (dst_id = ?1 AND dst_written IS NULL)
                    OR (src_id = ?1 AND src_written IS NULL))
               AND owner_id <> ?1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    super::write::reindex_all(tx, &referrers)
}

/// What clustering needs of a record.
struct ClusterRow {
    uuid: Uuid,
    kind: RecordKind,
    /// When it was created, for choosing the oldest as the canonical record.
    created_at: Option<Timestamp>,
    trashed: bool,
    merged_into: Option<i64>,
}

/// The records whose cluster may change with the seeds: the seeds, the clusters they are in,
/// and every record joined to any of these by a live `same` judgement, to closure.
fn affected(tx: &rusqlite::Connection, seeds: &[i64]) -> Result<BTreeMap<i64, ClusterRow>> {
    let mut rows: BTreeMap<i64, ClusterRow> = BTreeMap::new();
    let mut queue: Vec<i64> = seeds.to_vec();
    while let Some(id) = queue.pop() {
        if rows.contains_key(&id) {
            continue;
        }
        let Some(row) = cluster_row(tx, id)? else {
            continue;
        };
        let canonical = row.merged_into.unwrap_or(id);
        queue.push(canonical);
        queue.extend(
            tx.prepare_cached("SELECT id FROM record WHERE merged_into = ?1")?
                .query_map([canonical], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
        for judgement in live_judgements_of(tx, row.uuid)? {
            if judgement.verdict == Verdict::Same {
                queue.extend(row_id(tx, judgement.other(row.uuid))?);
            }
        }
        rows.insert(id, row);
    }
    Ok(rows)
}

fn cluster_row(tx: &rusqlite::Connection, id: i64) -> Result<Option<ClusterRow>> {
    let found: Option<(String, String, String, bool, Option<i64>)> = tx
        .prepare_cached(
            "SELECT uuid, kind, created_at, deleted_at IS NOT NULL, merged_into
             FROM record WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((uuid, kind, created_at, trashed, merged_into)) = found else {
        return Ok(None);
    };
    Ok(Some(ClusterRow {
        uuid: super::write::parse_uuid(&uuid)?,
        kind: super::read::parse_kind(&uuid, &kind)?,
        created_at: created_at.parse().ok(),
        trashed,
        merged_into,
    }))
}

/// Each record's canonical record after the live `same` judgements among `rows` (`None` for
/// a canonical record or a record in no cluster). The canonical record of a cluster is its
/// oldest live record (then lowest uuid), so that it does not change as members come and go.
fn components(
    tx: &rusqlite::Connection,
    rows: &BTreeMap<i64, ClusterRow>,
) -> Result<BTreeMap<i64, Option<i64>>> {
    let by_uuid: HashMap<Uuid, i64> = rows.iter().map(|(id, r)| (r.uuid, *id)).collect();
    let mut parent: HashMap<i64, i64> = rows.keys().map(|id| (*id, *id)).collect();
    fn find(parent: &mut HashMap<i64, i64>, id: i64) -> i64 {
        let mut root = id;
        while let Some(&up) = parent.get(&root) {
            if up == root {
                break;
            }
            root = up;
        }
        parent.insert(id, root);
        root
    }
    for (id, row) in rows {
        for judgement in live_judgements_of(tx, row.uuid)? {
            if judgement.verdict != Verdict::Same {
                continue;
            }
            let Some(&other) = by_uuid.get(&judgement.other(row.uuid)) else {
                continue;
            };
            // Only records of one kind that can be merged join (judging checks it; a file
            // written elsewhere might not).
            if rows.get(&other).map(|r| r.kind) != Some(row.kind) || !can_merge(row.kind) {
                continue;
            }
            let (x, y) = (find(&mut parent, *id), find(&mut parent, other));
            if x != y {
                parent.insert(x, y);
            }
        }
    }
    let mut groups: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for id in rows.keys() {
        let root = find(&mut parent, *id);
        groups.entry(root).or_default().push(*id);
    }
    let mut out = BTreeMap::new();
    for members in groups.values() {
        let canonical = members
            .iter()
            .copied()
            .min_by_key(|id| {
                let row = &rows[id];
                (row.trashed, row.created_at, row.uuid)
            })
            .unwrap_or(members[0]);
        for id in members {
            out.insert(
                *id,
                (members.len() > 1 && *id != canonical).then_some(canonical),
            );
        }
    }
    Ok(out)
}

/// Puts back the ends of the edges that were turned away from record `id`.
fn restore_edges(tx: &rusqlite::Connection, id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE edge SET dst_id = dst_written, dst_written = NULL WHERE dst_written = ?1",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "UPDATE edge SET src_id = src_written, src_written = NULL WHERE src_written = ?1",
    )?
    .execute([id])?;
    Ok(())
}

/// Turns every edge ending at `member` to `canonical`, keeping the end as written.
fn turn_edges(tx: &rusqlite::Connection, member: i64, canonical: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE edge SET dst_written = dst_id, dst_id = ?2 WHERE dst_id = ?1 AND dst_written IS NULL",
    )?
    .execute(params![member, canonical])?;
    tx.prepare_cached(
        "UPDATE edge SET src_written = src_id, src_id = ?2 WHERE src_id = ?1 AND src_written IS NULL",
    )?
    .execute(params![member, canonical])?;
    Ok(())
}

/// After an import wrote records and judgements: the clusters of the records it touched
/// are made to match the judgements, and edges it wrote to merged records are turned.
pub(super) fn after_import(tx: &Transaction, touched: &[Uuid]) -> Result<()> {
    let mut seeds = Vec::new();
    for uuid in touched {
        seeds.extend(row_id(tx, *uuid)?);
    }
    recluster(tx, &seeds)?;
    // Records the import wrote that refer to a merged record: their edges go to the canonical.
    let members: Vec<(i64, i64)> = tx
        .prepare_cached("SELECT id, merged_into FROM record WHERE merged_into IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (member, canonical) in members {
        turn_edges(tx, member, canonical)?;
    }
    Ok(())
}

/// What `check` finds wrong with merges: an edge still ending at a merged record, an edge
/// turned to a record its written end is not merged into, a merged record that no live
/// `same` judgement joins to its cluster, a chain of merges.
pub(super) fn check_clusters(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let checks = [
        (
            "SELECT count(*) FROM edge e JOIN record r ON r.id = e.dst_id OR r.id = e.src_id
             WHERE r.merged_into IS NOT NULL",
            "edges end at merged records instead of their canonical records",
        ),
        (
            "SELECT count(*) FROM edge e JOIN record w ON w.id = e.dst_written
             WHERE w.merged_into IS NOT e.dst_id",
            "edges were turned to records their end is not merged into",
        ),
        (
            "SELECT count(*) FROM edge e JOIN record w ON w.id = e.src_written
             WHERE w.merged_into IS NOT e.src_id",
            "edges were turned to records their start is not merged into",
        ),
        (
            "SELECT count(*) FROM record r JOIN record c ON c.id = r.merged_into
             WHERE c.merged_into IS NOT NULL",
            "records are merged into records that are merged themselves",
        ),
        (
            "SELECT count(*) FROM record r WHERE r.merged_into IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM judgement j JOIN record o ON o.uuid = (CASE WHEN j.a = r.uuid THEN j.b ELSE j.a END)
                 WHERE (j.a = r.uuid OR j.b = r.uuid) AND j.verdict = 'same' AND j.deleted_at IS NULL
                   AND (o.id = r.merged_into OR o.merged_into = r.merged_into))",
            "merged records are joined by no judgement",
        ),
    ];
    let mut problems = Vec::new();
    for (sql, problem) in checks {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            problems.push(format!("{n}: {problem}"));
        }
    }
    Ok(problems)
}
