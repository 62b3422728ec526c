//! Planning a search: the request's text and filters turned into one parameterised statement's
//! parts — what the rows are read from, the conditions and their bound values, the order —
//! before anything is read. Filter names are resolved here (a name that finds nothing ends the
//! search with a note, and no query runs).

use super::error::QueryError;
use super::filter_sets::{
    DRIVE_UP_TO, around_actors, at_places, from_sources, intersect, on_topics, references,
};
use super::names::find_by_name;
use super::order::Order;
use super::parse::{Term, last_as_prefix, parse_terms};
use super::run::SearchRequest;
use super::sql::Sql;
use super::text_plan::{TextMatch, text_match};
use crate::model::record::relation;
use crate::model::{Filters, PartialDate, RecordKind, Reliability, SortOrder};
use crate::store::Store;

/// What the page's rows are read from.
pub(super) enum HitsFrom {
    /// The records themselves, through their indexes.
    Records,
    /// The text's ranked hits `h`, each joined to its row.
    TextHits,
    /// A small set of admitted ids (`json_each(?n)`), each joined to its row.
    Admitted(String),
}

impl HitsFrom {
    /// The `FROM` clause.
    pub fn sql(&self) -> String {
        match self {
            HitsFrom::Records => "record r".into(),
            HitsFrom::TextHits => "h CROSS JOIN record r ON r.id = h.id".into(),
            HitsFrom::Admitted(ids) => format!("{ids} s CROSS JOIN record r ON r.id = s.value"),
        }
    }
}

/// A search, planned.
pub(super) struct Plan {
    /// The words searched for, as parsed (the last a prefix when typing).
    pub terms: Vec<Term>,
    /// The text's part of the statement, if any text was given.
    pub text: Option<TextMatch>,
    pub from: HitsFrom,
    /// The conditions every row meets, and the values they bind.
    pub sql: Sql,
    pub order: Order,
    /// The kinds asked for (none: every kind).
    pub kinds: Vec<RecordKind>,
    /// The day bounds of a date filter.
    pub range: Option<(String, String)>,
    /// A filter other than the kinds, statement kinds or the Trash applies.
    pub narrowed: bool,
    /// Why a filter matched nothing, for the user.
    pub notes: Vec<String>,
}

/// A plan, or the reasons nothing can match.
pub(super) enum Planned {
    Plan(Box<Plan>),
    /// A filter named records that do not exist: nothing matches, for these reasons.
    Nothing(Vec<String>),
}

impl Plan {
    /// Whether the ranked hits carry a rank (`h.rank`).
    pub fn ranked(&self) -> bool {
        self.text.as_ref().is_some_and(|t| t.ranked)
    }

    /// The conditions, joined.
    pub fn where_all(&self) -> String {
        self.sql.conditions.join(" AND ")
    }

    /// The `WITH` clause of the text's hits, or nothing.
    pub fn with_hits(&self) -> &str {
        self.text.as_ref().map_or("", |t| t.with.as_str())
    }
}

/// Plans `request`.
pub(super) fn plan(store: &Store, request: &SearchRequest) -> Result<Planned, QueryError> {
    let spec = &request.spec;
    let filters = &spec.filters;
    let mut sql = Sql::default();
    let mut notes = Vec::new();

    let terms = parse_terms(&spec.text);
    if terms.is_empty() && !spec.text.trim().is_empty() {
        return Err(QueryError::NothingToSearch(crate::model::record::truncate(
            spec.text.trim(),
            40,
        )));
    }
    // A space after the last word ends it: "the " is the word, "the" may still become "them".
    let terms = if request.prefix_last && !spec.text.ends_with(char::is_whitespace) {
        last_as_prefix(terms)
    } else {
        terms
    };
    // Filters other than kinds and the Trash: with a text matching very many records, they
    // drive the query and each row is checked against the index.
    let narrowed = Filters {
        statement_kinds: Vec::new(),
        ..filters.clone()
    }
    .narrows();
    let by_relevance = spec.order == SortOrder::Relevance;
    let text = text_match(
        store,
        &terms,
        &mut sql,
        narrowed,
        by_relevance,
        request.exhaustive,
        !spec.exact,
    )?;
    let from = match &text {
        Some(t) if t.drives => HitsFrom::TextHits,
        Some(_) | None => HitsFrom::Records,
    };
    if let Some(condition) = text.as_ref().and_then(|t| t.condition.clone()) {
        sql.conditions.push(condition);
    }

    sql.conditions.push(if filters.trash {
        "r.deleted_at IS NOT NULL".into()
    } else {
        "r.deleted_at IS NULL".into()
    });
    let mut kinds: Vec<RecordKind> = filters.kinds.clone();
    if !filters.statement_kinds.is_empty() && kinds.is_empty() {
        kinds.push(RecordKind::Statement);
    }
    // A record merged into another is shown as that one (statements and meetings never are:
    // their lists keep the index-only plans).
    if kinds.is_empty() || kinds.iter().any(|k| crate::store::can_merge(*k)) {
        sql.conditions.push("r.merged_into IS NULL".into());
    }
    match kinds.as_slice() {
        [] => {}
        // One kind as an equality, so that the (deleted_at, kind, order) indexes serve it; as
        // a literal (a fixed word of the vocabulary, never user text), so that the per-kind
        // title indexes, partial on the kind, can serve it too.
        [kind] => {
            sql.conditions
                .push(format!("r.kind = '{}'", kind_literal(*kind)));
        }
        many => {
            let names: Vec<&str> = many.iter().map(|k| k.as_str()).collect();
            let set = sql.bind_texts(&names);
            sql.conditions.push(format!("r.kind IN {set}"));
        }
    }

    let range = date_range(filters.from.as_deref(), filters.to.as_deref())?;
    if let Some((lo, hi)) = &range {
        // `sort_date` is the lower bound ('' when undated), and the date indexes carry the
        // upper one: the range is checked in the index, rows in date order.
        let (lo, hi) = (sql.bind(lo.clone()), sql.bind(hi.clone()));
        sql.conditions.push(format!(
            "r.sort_date <> '' AND r.sort_date <= {hi} AND r.date_hi >= {lo}"
        ));
    }

    let mut unresolved = false;
    let admitted = admit(
        store,
        filters,
        &kinds,
        &mut sql,
        &mut notes,
        &mut unresolved,
    )?;
    let from = match admitted {
        Admitted::Driving(ids) if matches!(from, HitsFrom::Records) => HitsFrom::Admitted(ids),
        Admitted::Driving(ids) => {
            sql.conditions
                .push(format!("r.id IN (SELECT value FROM {ids})"));
            from
        }
        Admitted::Everything => from,
    };
    if let Some(grade) = filters.min_reliability {
        let grades: Vec<&str> = Reliability::ALL
            .iter()
            .filter(|g| **g <= grade)
            .map(|g| g.as_str())
            .collect();
        let set = sql.bind_texts(&grades);
        let cites = sql.bind(relation::CITES.to_string());
        sql.conditions.push(format!(
            "((r.kind = 'source' AND r.grade IN {set})
              OR EXISTS (SELECT 1 FROM edge e JOIN record s ON s.id = e.dst_id
                         WHERE e.src_id = r.id AND e.relation = {cites} AND s.grade IN {set}))"
        ));
    }
    if !filters.statement_kinds.is_empty() {
        let names: Vec<&str> = filters.statement_kinds.iter().map(|k| k.as_str()).collect();
        let set = sql.bind_texts(&names);
        sql.conditions
            .push(format!("(r.kind = 'statement' AND r.subkind IN {set})"));
    }
    if unresolved {
        return Ok(Planned::Nothing(notes));
    }
    let ranked = text.as_ref().is_some_and(|t| t.ranked);
    let order = Order::for_search(
        spec.order,
        ranked,
        request.group_by_kind,
        &kinds,
        text.is_some(),
    );
    Ok(Planned::Plan(Box::new(Plan {
        terms,
        text,
        from,
        sql,
        order,
        kinds,
        range,
        narrowed,
        notes,
    })))
}

/// The records the actor, place, topic and source filters admit, intersected: a small set is
/// returned to drive the query; a large one, or a filter too broad to list, is a condition
/// added to `sql`. A name that finds nothing sets `unresolved` (and says so in `notes`).
fn admit(
    store: &Store,
    filters: &Filters,
    kinds: &[RecordKind],
    sql: &mut Sql,
    notes: &mut Vec<String>,
    unresolved: &mut bool,
) -> Result<Admitted, QueryError> {
    let mut admitted: Option<Vec<i64>> = None;
    for actor in &filters.actors {
        let ids = resolve(store, RecordKind::Actor, actor, notes)?;
        *unresolved |= ids.is_empty();
        if references(store, &ids, &[], true)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, around_actors(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            // The actor itself, what refers to it, and what it links to.
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e WHERE e.dst_id IN {set}
                          UNION SELECT e.dst_id FROM edge e WHERE e.src_id IN {set})",
            ));
        }
    }
    if let Some(place) = &filters.place {
        let roots = resolve(store, RecordKind::Place, place, notes)?;
        *unresolved |= roots.is_empty();
        let places = with_sub_places(store, &roots)?;
        let statements_wanted = kinds.is_empty() || kinds.contains(&RecordKind::Statement);
        admitted = Some(intersect(
            admitted,
            at_places(store, &places, statements_wanted)?,
        ));
    }
    for topic in &filters.topics {
        let ids = resolve(store, RecordKind::Topic, topic, notes)?;
        *unresolved |= ids.is_empty();
        if references(store, &ids, &[relation::TOPIC], false)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, on_topics(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            let rel = sql.bind(relation::TOPIC.to_string());
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e
                                WHERE e.dst_id IN {set} AND e.relation = {rel})",
            ));
        }
    }
    if let Some(source) = &filters.source {
        let ids = resolve(store, RecordKind::Source, source, notes)?;
        *unresolved |= ids.is_empty();
        if references(store, &ids, &[relation::CITES, relation::VIA], false)? <= DRIVE_UP_TO {
            admitted = Some(intersect(admitted, from_sources(store, &ids)?));
        } else {
            let ids = sql.bind_ids(&ids);
            let set = format!("(SELECT value FROM {ids})");
            let rels = sql.bind_texts(&[relation::CITES, relation::VIA]);
            sql.conditions.push(format!(
                "r.id IN (SELECT value FROM {ids}
                          UNION SELECT e.src_id FROM edge e
                                WHERE e.dst_id IN {set} AND e.relation IN {rels})",
            ));
        }
    }
    let Some(set) = admitted else {
        return Ok(Admitted::Everything);
    };
    *unresolved |= set.is_empty();
    let ids = sql.bind_ids(&set);
    if set.len() <= DRIVE_UP_TO {
        // A small set drives (when nothing else does): its rows are read and sorted.
        return Ok(Admitted::Driving(ids));
    }
    sql.conditions
        .push(format!("r.id IN (SELECT value FROM {ids})"));
    Ok(Admitted::Everything)
}

/// What the actor, place, topic and source filters admit.
enum Admitted {
    /// No set to drive the query (none given, or held as a condition).
    Everything,
    /// A small set of ids (`json_each(?n)`) that may drive the query.
    Driving(String),
}

/// The day bounds of a from/to filter.
fn date_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(String, String)>, QueryError> {
    let parse = |s: Option<&str>| -> Result<Option<PartialDate>, QueryError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Ok(Some(PartialDate::parse(s)?)),
            None => Ok(None),
        }
    };
    let (from, to) = (parse(from)?, parse(to)?);
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let lo = from
        .as_ref()
        .map_or(crate::model::date::EARLIEST_DAY.to_string(), |d| {
            d.bounds_iso().0
        });
    let hi = to
        .as_ref()
        .map_or(crate::model::date::LATEST_DAY.to_string(), |d| {
            d.bounds_iso().1
        });
    if lo > hi {
        return Err(QueryError::EmptyRange {
            from: from.map(|d| d.edtf()).unwrap_or_default(),
            to: to.map(|d| d.edtf()).unwrap_or_default(),
        });
    }
    Ok(Some((lo, hi)))
}

/// The records of `kind` named `name`; none found is said in `notes`.
fn resolve(
    store: &Store,
    kind: RecordKind,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<i64>, QueryError> {
    let ids: Vec<i64> = find_by_name(store, &[kind], name, false, 1000)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if ids.is_empty() {
        notes.push(format!(
            "no {} is named '{}'",
            kind.label().to_lowercase(),
            name.trim()
        ));
    }
    Ok(ids)
}

/// The places `roots` and every place inside them.
fn with_sub_places(store: &Store, roots: &[i64]) -> Result<Vec<i64>, QueryError> {
    let json = serde_json::to_string(roots).unwrap_or_else(|_| "[]".into());
    let mut stmt = store.conn().prepare_cached(
        "WITH RECURSIVE sub(id) AS (
             SELECT value FROM json_each(?1)
             UNION
             SELECT e.src_id FROM edge e JOIN sub ON e.dst_id = sub.id WHERE e.relation = ?2)
         SELECT id FROM sub",
    )?;
    let ids = stmt
        .query_map(rusqlite::params![json, relation::PARENT], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// A kind's stored name as SQL text: one of the vocabulary's fixed lower-case words, checked
/// to be plain letters so that it can stand in SQL as a literal.
pub(super) fn kind_literal(kind: RecordKind) -> &'static str {
    let name = kind.as_str();
    if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        name
    } else {
        ""
    }
}
