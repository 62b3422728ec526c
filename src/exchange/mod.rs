//! Moving records in and out of a knowledge base: the bundle JSON format (export, validated
//! all-or-nothing import merging by uuid), atomic file writing, and the bundled example data.

pub mod bundle;
mod files;

pub use bundle::{Bundle, BundleError, ImportError, export_bundle, import_bundle};
pub use files::write_atomically;

/// The example data: the facts of a report on Russian–Syrian meetings in 2025.
pub const EXAMPLE_BUNDLE: &str = include_str!("../../assets/example.json");
