//! Chancery: a local knowledge base of actors, meetings, sourced statements and sources.
//!
//! Layers, dependencies pointing down only: `ui` → `app` → `store` / `query` / `exchange` →
//! `model`; `cli` calls `store`, `query` and `exchange` directly. SQL lives in `store` and
//! `query` only; egui only in `ui`.

pub mod app;
pub mod assets;
pub mod cli;
pub mod exchange;
pub mod model;
pub mod query;
pub mod store;
pub mod team;
pub mod ui;
