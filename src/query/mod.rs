//! Search: parsing what a user types into safe FTS5 syntax, resolving filter names
//! (actors, places, topics, sources) to records, and running text + filters with ranking,
//! totals and keyset pagination; the dated records of a search for the timeline; the records around one for the network. Everything here reads; SQL is built from fixed fragments and
//! every user value is a bound parameter.

mod count;
mod decorate;
mod duplicates;
mod error;
mod filter_sets;
mod names;
mod network;
mod order;
mod page;
pub mod parse;
mod plan;
mod run;
mod snippet;
mod sql;
mod text_plan;
mod timeline;

pub use duplicates::{DuplicatePair, DuplicateQueue, REVIEWED_KINDS, duplicates};
pub use error::QueryError;
pub use names::{NameMatch, find_by_name, find_statements_by_words, known_names};
pub use network::{NEIGHBOURHOOD_LIMIT, add_neighbourhood};
pub use run::{
    Certainty, Cursor, Hit, PendingTotal, SearchPage, SearchRequest, all_matching, search,
    search_page_first,
};
pub use snippet::{Matcher, Snippet};
pub use timeline::{TIMELINE_LIMIT, TimelineData, TimelineItem, timeline};

/// The most results one page of a search holds.
pub const MAX_LIMIT: usize = 10_000;
