//! Moving records in and out of a knowledge base: what a selection takes along (closure), the
//! bundle JSON format (export, validated all-or-nothing import merging by uuid), CSV files,
//! the Markdown briefing, GraphML for network tools, the formats of other tools (STIX 2.1,
//! FollowTheMoney) both ways, atomic file writing, and the example data.

mod bundle;
mod bundle_read;
mod bundle_write;
mod canonical;
pub mod capture;
mod cells;
mod closure;
mod countries;
pub mod csv_files;
pub mod export;
mod files;
pub mod foreign;
pub mod ftm;
pub mod generate;
mod graphml;
mod import;
mod limits;
pub mod mapping;
mod markdown;
mod markdown_text;
mod names;
pub(crate) mod picture;
mod select;
pub mod stix;
mod streamed;
pub mod target;

pub use bundle::{Bundle, BundleError, export_bundle, section_kinds};
pub use bundle_write::BundleWriter;
pub use closure::{Closure, close_over};
pub use export::{ExportError, Format};
pub use files::write_atomically;
pub use import::{
    ImportError, ImportStep, import_bundle, import_bundle_with, import_path,
    import_path_with_progress,
};
pub use limits::size_text;
pub use names::Names;
pub use picture::{PictureError, PictureFormat, save_picture};
pub use select::{ExportSelection, select_records};
pub use target::{EXPORT_MARK, Replace, TargetError, TargetKind};

/// The example data: the facts of a report on Russian–Syrian meetings in 2025.
pub const EXAMPLE_BUNDLE: &str = include_str!("../../assets/example.json");
