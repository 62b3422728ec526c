//! What a search asks for, as plain data: the text typed, the filters set and the order. The
//! store keeps these as saved searches; `query` turns them into SQL.

use super::vocab::{RecordKind, Reliability, StatementKind};
use serde::{Deserialize, Serialize};

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first when there is search text, newest first otherwise.
    #[default]
    Relevance,
    /// Newest first; undated records last.
    Newest,
    /// Oldest first; undated records last.
    Oldest,
    /// By title, A to Z.
    Title,
}

/// Filters that combine (all must hold). Names are resolved when the search runs, through
/// the same folded matching as the search box, so any alias or spelling works.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<RecordKind>,
    /// Start of the date range, as a partial date (`2025-07` means from 1 July 2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End of the date range, as a partial date (`2025-07` means to 31 July 2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Actors, by name or uuid: each must be a participant, represented party, speaker or linked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    /// A place by name or uuid, with every place inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// A source by title, outlet or uuid: records citing it (directly or as "via").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Only records backed by a source graded this or better (sources: graded this or better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_reliability: Option<Reliability>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statement_kinds: Vec<StatementKind>,
    /// Search the Trash instead of live records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trash: bool,
}

impl Filters {
    /// True if no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// True if a filter other than the record kinds and the Trash is set: one that narrows
    /// what a view of a kind (or of the Trash) shows.
    pub fn narrows(&self) -> bool {
        !Filters {
            kinds: Vec::new(),
            trash: false,
            ..self.clone()
        }
        .is_empty()
    }
}

/// A whole search: text, filters and order. Saved searches keep exactly this.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchSpec {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub filters: Filters,
    #[serde(default)]
    pub order: SortOrder,
    /// Exact spellings only: spelling variants (folded keys) do not match.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exact: bool,
}
