//! Plain data types and pure logic: the record types, their vocabularies, partial dates and
//! relative-date resolution, name folding and text normalisation, the timeline's and the network's arithmetic.
//! Nothing here does I/O.

pub mod bidi;
pub mod capture;
pub(crate) mod date;
pub mod duplicates;
mod fields;
pub mod fold;
pub mod judgement;
pub(crate) mod language;
pub mod merge_fields;
pub(crate) mod name_match;
pub mod network;
pub mod picture;
pub mod picture_frame;
pub(crate) mod record;
pub mod relative;
pub(crate) mod search;
pub mod three_way;
pub mod timeline;
pub(crate) mod vocab;

pub use date::{DateError, Edtf, PartialDate, SimpleDate};
pub use fields::{Lines, PlainField, PlainValues, plain_fields};
pub use record::{
    Actor, Alias, Citation, Edge, IndexText, Link, Meeting, Meta, Participant, Place, Record,
    ReferencedNames, Source, Statement, Topic, ValidationError,
};
pub use search::{Filters, SearchSpec, SortOrder};
pub use vocab::{
    ActorKind, AliasKind, Credibility, MeetingKind, RecordKind, Reliability, Role, SourceKind,
    StatementKind,
};
