//! The duplicate review's list: the names of the file read (each cluster as one record with
//! every member's names), scanned for likely pairs (`model::duplicates`), and the pairs sorted
//! by what was judged of them — a pair judged not the same is never listed again, a pair the
//! user kept aside comes last, and a pair noted as "maybe the same" when one of them was
//! created is listed even if the scan did not find it.

use super::error::QueryError;
use crate::model::RecordKind;
use crate::model::duplicates::{Appearance, Candidate, NameRecord, candidates};
use crate::model::judgement::{Judgement, JudgementOrigin, Verdict};
use crate::store::{Store, can_merge};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One pair to review.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DuplicatePair {
    pub kind: RecordKind,
    /// The two records (canonical records when either is merged with others).
    pub a: Uuid,
    pub b: Uuid,
    pub a_name: String,
    pub b_name: String,
    /// 0 to 1: how likely the scan finds them one.
    pub score: f32,
    /// Why, strongest first, as sentences.
    pub reasons: Vec<String>,
    /// A `not sure` judgement on them, if one was made (by the review, or noted when one of
    /// them was created).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noted: Option<Judgement>,
}

/// The review's list.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DuplicateQueue {
    /// Pairs waiting for an answer, best first.
    pub pending: Vec<DuplicatePair>,
    /// Pairs the user answered "not sure" about, best first.
    pub aside: Vec<DuplicatePair>,
}

impl DuplicateQueue {
    /// Every pair, pending ones first.
    pub fn all(&self) -> impl Iterator<Item = &DuplicatePair> {
        self.pending.iter().chain(&self.aside)
    }
}

/// The kinds the review looks at, in its order.
pub const REVIEWED_KINDS: [RecordKind; 4] = [
    RecordKind::Actor,
    RecordKind::Place,
    RecordKind::Topic,
    RecordKind::Source,
];

/// The likely duplicates among records of `kinds` (every kind that can be merged if empty).
pub fn duplicates(store: &Store, kinds: &[RecordKind]) -> Result<DuplicateQueue, QueryError> {
    let kinds: Vec<RecordKind> = if kinds.is_empty() {
        REVIEWED_KINDS.to_vec()
    } else {
        kinds.iter().copied().filter(|k| can_merge(*k)).collect()
    };
    let judgements = store.judgements(false)?;
    let mut queue = DuplicateQueue::default();
    for kind in kinds {
        let names = NamesRead::read(store, kind)?;
        let appearances = if kind == RecordKind::Actor {
            appearances(store, &names.canonical)?
        } else {
            Vec::new()
        };
        let found = candidates(&names.records, &appearances);
        sort_into(&mut queue, kind, &names, found, &judgements);
    }
    let by_score = |x: &DuplicatePair, y: &DuplicatePair| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    };
    queue.pending.sort_by(by_score);
    queue.aside.sort_by(by_score);
    Ok(queue)
}

/// The names of one kind's live records, a cluster as one record.
struct NamesRead {
    records: Vec<NameRecord>,
    /// Each record's canonical record (itself when not merged).
    canonical: HashMap<Uuid, Uuid>,
    /// Each canonical record's own name.
    titles: HashMap<Uuid, String>,
}

impl NamesRead {
    fn read(store: &Store, kind: RecordKind) -> Result<NamesRead, QueryError> {
        let mut stmt = store.conn().prepare_cached(
            "SELECT r.uuid, r.subkind, d.data, c.uuid FROM record r
             JOIN record_doc d ON d.id = r.id
             LEFT JOIN record c ON c.id = r.merged_into
             WHERE r.kind = ?1 AND r.deleted_at IS NULL
             ORDER BY r.merged_into IS NOT NULL, r.id",
        )?;
        let rows = stmt.query_map([kind.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut records: Vec<NameRecord> = Vec::new();
        let mut at: HashMap<Uuid, usize> = HashMap::new();
        let mut canonical = HashMap::new();
        let mut titles = HashMap::new();
        for row in rows {
            let (uuid, subkind, data, merged_into) = row?;
            // A record that cannot be read is left out of the scan (`check` reports it).
            let (Ok(uuid), Ok(record)) = (
                Uuid::parse_str(&uuid),
                crate::model::Record::from_json_text(kind, &data),
            ) else {
                continue;
            };
            let names: Vec<String> = record.names().into_iter().map(str::to_string).collect();
            let owner = merged_into
                .and_then(|c| Uuid::parse_str(&c).ok())
                .unwrap_or(uuid);
            canonical.insert(uuid, owner);
            match at.get(&owner) {
                // Canonical records come first: a member's names join its cluster's.
                Some(&i) => records[i].names.extend(names),
                None => {
                    titles.insert(owner, record.name().to_string());
                    at.insert(owner, records.len());
                    records.push(NameRecord {
                        uuid: owner,
                        kind,
                        subkind,
                        names,
                    });
                }
            }
        }
        Ok(NamesRead {
            records,
            canonical,
            titles,
        })
    }
}

/// Every actor seen at a meeting with a title at the time, by canonical record.
fn appearances(
    store: &Store,
    canonical: &HashMap<Uuid, Uuid>,
) -> Result<Vec<Appearance>, QueryError> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT m.uuid, json_extract(p.value, '$.actor'), json_extract(p.value, '$.title_at_time')
         FROM record m JOIN record_doc d ON d.id = m.id, json_each(d.data, '$.participants') p
         WHERE m.kind = 'meeting' AND m.deleted_at IS NULL
           AND coalesce(json_extract(p.value, '$.title_at_time'), '') <> ''",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (meeting, actor, title) = row?;
        let (Ok(meeting), Some(Ok(actor)), Some(title)) = (
            Uuid::parse_str(&meeting),
            actor.as_deref().map(Uuid::parse_str),
            title,
        ) else {
            continue;
        };
        out.push(Appearance {
            meeting,
            actor: canonical.get(&actor).copied().unwrap_or(actor),
            title,
        });
    }
    Ok(out)
}

/// Puts the scan's pairs and the pairs noted "not sure" into the queue, leaving out those
/// judged not the same (between any records of their clusters).
fn sort_into(
    queue: &mut DuplicateQueue,
    kind: RecordKind,
    names: &NamesRead,
    found: Vec<Candidate>,
    judgements: &[Judgement],
) {
    let canonical = |u: Uuid| names.canonical.get(&u).copied();
    let pair_key = |x: Uuid, y: Uuid| if x < y { (x, y) } else { (y, x) };
    let mut apart: HashSet<(Uuid, Uuid)> = HashSet::new();
    let mut unsure: HashMap<(Uuid, Uuid), &Judgement> = HashMap::new();
    for j in judgements {
        let (Some(a), Some(b)) = (canonical(j.a), canonical(j.b)) else {
            continue;
        };
        match j.verdict {
            Verdict::Different => {
                apart.insert(pair_key(a, b));
            }
            Verdict::Unsure => {
                unsure.insert(pair_key(a, b), j);
            }
            Verdict::Same => {}
        }
    }
    let name = |u: Uuid| names.titles.get(&u).cloned().unwrap_or_default();
    let mut listed: HashSet<(Uuid, Uuid)> = HashSet::new();
    let mut place = |queue: &mut DuplicateQueue, pair: DuplicatePair| {
        let key = pair_key(pair.a, pair.b);
        if pair.a == pair.b || apart.contains(&key) || !listed.insert(key) {
            return;
        }
        match &pair.noted {
            Some(j) if j.origin == JudgementOrigin::Review => queue.aside.push(pair),
            _ => queue.pending.push(pair),
        }
    };
    for c in found {
        let key = pair_key(c.a, c.b);
        place(
            queue,
            DuplicatePair {
                kind,
                a: c.a,
                b: c.b,
                a_name: name(c.a),
                b_name: name(c.b),
                score: c.score,
                reasons: c.reasons.iter().map(|r| r.to_string()).collect(),
                noted: unsure.get(&key).map(|j| (*j).clone()),
            },
        );
    }
    // Pairs noted "maybe the same" that the scan did not find are listed too.
    let mut noted: Vec<(&(Uuid, Uuid), &&Judgement)> = unsure.iter().collect();
    noted.sort_by_key(|(key, _)| **key);
    for ((a, b), j) in noted {
        if !names.titles.contains_key(a) || !names.titles.contains_key(b) {
            continue;
        }
        let why = match j.origin {
            JudgementOrigin::Editor => "noted when one of them was created",
            JudgementOrigin::Capture => "noted in a capture's review",
            JudgementOrigin::Import => "came with an import as not sure",
            JudgementOrigin::Review => "kept aside in the review",
        };
        place(
            queue,
            DuplicatePair {
                kind,
                a: *a,
                b: *b,
                a_name: name(*a),
                b_name: name(*b),
                score: 0.5,
                reasons: vec![why.to_string()],
                noted: Some((*j).clone()),
            },
        );
    }
}
