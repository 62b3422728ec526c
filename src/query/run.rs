//! A search as asked and as answered: the request (a spec, a page size, a cursor), the hits
//! and the page. Running one has four parts, each its own module: `plan` (text and filters
//! into one parameterised statement), `page` (the rows after the cursor, keyset-paged, never
//! OFFSET), `count` (the total, capped past 10,000) and `decorate` (snippets, reasons, date
//! certainty).

use super::error::QueryError;
use super::plan::{Planned, plan};
use super::snippet::Snippet;
use super::{count, decorate, page};
use crate::model::{RecordKind, SearchSpec};
use crate::store::Store;
use serde::Serialize;
use uuid::Uuid;

pub use super::order::Cursor;

/// One page of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub spec: SearchSpec,
    pub limit: usize,
    /// Where the previous page ended; `None` for the first page.
    pub after: Option<Cursor>,
    /// Treat the last word as unfinished (search as you type).
    pub prefix_last: bool,
    /// Count all matches. Later pages of the same search can skip it: the total is known from
    /// the first page, and counting a million rows again costs as much as the page.
    pub count_total: bool,
    /// With search text and relevance order: group hits by kind (actors, meetings,
    /// statements, sources, places, topics, links), best first within each group.
    pub group_by_kind: bool,
    /// Rank every hit, however many (export): no bounded plan.
    pub exhaustive: bool,
}

impl SearchRequest {
    pub fn new(spec: SearchSpec) -> Self {
        SearchRequest {
            spec,
            limit: 50,
            after: None,
            prefix_last: false,
            count_total: true,
            group_by_kind: false,
            exhaustive: false,
        }
    }
}

/// Whether a hit lies certainly inside the date range, or only possibly (its date is
/// coarser than the range, straddles it, or is approximate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    Certain,
    Possible,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub uuid: Uuid,
    pub kind: RecordKind,
    pub title: String,
    /// The record's date as stored (EDTF).
    pub date: Option<String>,
    /// The record's list columns (see `Record::list_headers`).
    pub columns: Vec<String>,
    /// Set when the search has a date range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certainty: Option<Certainty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    /// How the record matched the searched text ("alias «Asaad al-Shaibani»", "spelling
    /// variant of the name", "speaker Asaad Al Shibani", "in the text"), joined by " · ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A page of hits, the total, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    /// All matches; 0 when the request asked not to count. Exact up to `EXACT_UP_TO`.
    pub total: u64,
    /// More than `total` (= `EXACT_UP_TO`) records match: show "10,000+".
    pub total_capped: bool,
    pub next: Option<Cursor>,
    /// Why a filter matched nothing ("no actor is named 'X'"), for the user.
    pub notes: Vec<String>,
}

/// Every record matching `spec`, page by page (for "export all matching").
pub fn all_matching(store: &Store, spec: &SearchSpec) -> Result<Vec<Uuid>, QueryError> {
    let mut request = SearchRequest::new(spec.clone());
    request.limit = 1000;
    request.exhaustive = true;
    let mut out = Vec::new();
    loop {
        let page = search(store, &request)?;
        out.extend(page.hits.iter().map(|h| h.uuid));
        request.count_total = false;
        match page.next {
            Some(next) => request.after = Some(next),
            None => return Ok(out),
        }
    }
}

/// Runs one page of a search: plan, page, count, decorate.
pub fn search(store: &Store, request: &SearchRequest) -> Result<SearchPage, QueryError> {
    let mut plan = match plan(store, request)? {
        Planned::Plan(plan) => plan,
        Planned::Nothing(notes) => {
            return Ok(SearchPage {
                hits: Vec::new(),
                total: 0,
                total_capped: false,
                next: None,
                notes,
            });
        }
    };
    let page = page::read(store, &mut plan, request)?;
    let (total, total_capped) = count::count(store, &plan, request, page.counted)?;
    let mut notes = std::mem::take(&mut plan.notes);
    let hits = decorate::hits(store, &plan, request, page.rows, &mut notes)?;
    Ok(SearchPage {
        hits,
        total,
        total_capped,
        next: page.next,
        notes,
    })
}
