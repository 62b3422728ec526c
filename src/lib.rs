//! Chancery: a local knowledge base of actors, meetings, sourced statements and sources.
//!
//! Layers, dependencies pointing down only: `cli` (and later the GUI) → `store` / `query` /
//! `exchange` → `model`. SQL lives in `store` and `query` only.

pub mod cli;
pub mod exchange;
pub mod model;
pub mod query;
pub mod store;
