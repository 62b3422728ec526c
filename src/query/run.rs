//! A search as asked and as answered: the request (a spec, a page size, a cursor), the hits
//! and the page. Running one has four parts, each its own module: `plan` (text and filters
//! into one parameterised statement), `page` (the rows after the cursor, keyset-paged, never
//! OFFSET), `count` (the total, capped past 10,000) and `decorate` (snippets, reasons, date
//! certainty).

use super::error::QueryError;
use super::plan::{Plan, Planned, plan};
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
    /// The total is not counted yet (`total` is 0): [`search_page_first`] left it to a
    /// [`PendingTotal`].
    pub total_pending: bool,
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
    run(store, request, false).map(|(page, _)| page)
}

/// A total left to count after its page was shown.
pub struct PendingTotal {
    plan: Box<Plan>,
    request: SearchRequest,
}

impl PendingTotal {
    /// The total, and whether the count stopped at `EXACT_UP_TO`.
    pub fn count(&self, store: &Store) -> Result<(u64, bool), QueryError> {
        count::count(store, &self.plan, &self.request, None)
    }
}

/// Runs one page of a search as [`search`] does, except that a total needing a query of its
/// own (a filtered list counted past its first page: at 300,000 statements, 85 % of a common
/// word with a busy actor and a date window) is left to the returned [`PendingTotal`], so
/// that the page can be shown first. A page with no next page is its own total.
pub fn search_page_first(
    store: &Store,
    request: &SearchRequest,
) -> Result<(SearchPage, Option<PendingTotal>), QueryError> {
    run(store, request, true)
}

fn run(
    store: &Store,
    request: &SearchRequest,
    defer_count: bool,
) -> Result<(SearchPage, Option<PendingTotal>), QueryError> {
    let mut plan = match plan(store, request)? {
        Planned::Plan(plan) => plan,
        Planned::Nothing(notes) => {
            return Ok((
                SearchPage {
                    hits: Vec::new(),
                    total: 0,
                    total_capped: false,
                    total_pending: false,
                    next: None,
                    notes,
                },
                None,
            ));
        }
    };
    let page = page::read(store, &mut plan, request)?;
    let whole = request.after.is_none() && page.next.is_none();
    let defer = defer_count
        && request.count_total
        && !whole
        && count::needs_own_query(&plan, request, page.counted);
    let (total, total_capped) = if defer {
        (0, false)
    } else if defer_count && whole && request.count_total && page.counted.is_none() {
        (page.rows.len() as u64, false)
    } else {
        count::count(store, &plan, request, page.counted)?
    };
    let mut notes = std::mem::take(&mut plan.notes);
    let hits = decorate::hits(store, &plan, request, page.rows, &mut notes)?;
    let result = SearchPage {
        hits,
        total,
        total_capped,
        total_pending: defer,
        next: page.next,
        notes,
    };
    let pending = defer.then(|| PendingTotal {
        plan,
        request: request.clone(),
    });
    Ok((result, pending))
}
