//! The command line: argument parsing and the headless subcommands. Each subcommand calls the
//! same store, query and exchange functions the GUI calls, prints plain text or JSON, and
//! reports failure as one readable line with a non-zero exit code.

mod args;
mod output;

pub use args::{Cli, Command, SearchArgs};

use crate::exchange::{EXAMPLE_BUNDLE, export_bundle, import_bundle, write_atomically};
use crate::query::{SearchRequest, search};
use crate::store::{Store, default_path};
use anyhow::{Context, Result, anyhow, bail};
use std::path::PathBuf;
use std::process::ExitCode;
use uuid::Uuid;

/// Runs a headless subcommand on the file at `path`. `Ok` carries the exit code for outcomes
/// that are not errors of the program (a failed `check`).
pub fn run(command: Command, path: PathBuf) -> Result<ExitCode> {
    let mut store = Store::open(&path)?;
    match command {
        Command::LoadExample => {
            let report = import_bundle(&mut store, EXAMPLE_BUNDLE)?;
            println!(
                "example data loaded into {}: {}",
                path.display(),
                report.summary()
            );
        }
        Command::Import { path: bundle_path } => {
            let text = std::fs::read_to_string(&bundle_path)
                .with_context(|| format!("cannot read {}", bundle_path.display()))?;
            let report = import_bundle(&mut store, &text)
                .with_context(|| format!("cannot import {}", bundle_path.display()))?;
            println!("imported {}: {}", bundle_path.display(), report.summary());
        }
        Command::Export { out } => {
            let bundle = export_bundle(&store, None)?;
            write_atomically(&out, bundle.to_json().as_bytes())
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!("exported {} records to {}", bundle.len(), out.display());
        }
        Command::Search(args) => run_search(&mut store, *args)?,
        Command::Show { uuid, json } => {
            let uuid = Uuid::parse_str(uuid.trim())
                .map_err(|_| anyhow!("'{uuid}' is not a uuid (like 3f2b…-…)"))?;
            let record = store
                .get(uuid)?
                .ok_or_else(|| anyhow!("no record with uuid {uuid} in {}", path.display()))?;
            let outgoing = store.outgoing(uuid)?;
            let backlinks = store.backlinks(uuid)?;
            let title = store.get_ref(uuid)?.map(|r| r.title).unwrap_or_default();
            if json {
                output::print_json(&output::show_json(&record, &title, &outgoing, &backlinks))?;
            } else {
                output::print_record(&record, &title, &outgoing, &backlinks);
            }
        }
        Command::Check { json } => {
            let report = store.check()?;
            if json {
                output::print_json(&serde_json::to_value(&report)?)?;
            } else {
                output::print_check(&path, &report);
            }
            if !report.problems.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The file to open: `--db`, or the default knowledge base.
pub fn database_path(given: Option<PathBuf>) -> Result<PathBuf> {
    match given.or_else(default_path) {
        Some(path) => Ok(path),
        None => bail!("no data directory is known on this system; pass --db FILE"),
    }
}

fn run_search(store: &mut Store, args: SearchArgs) -> Result<()> {
    let json = args.json;
    let limit = args.limit;
    let save_as = args.save.clone();
    let spec = match &args.saved {
        Some(name) => store
            .saved_searches()?
            .into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .map(|s| s.spec)
            .ok_or_else(|| anyhow!("no saved search is named '{name}'"))?,
        None => args.into_spec(),
    };
    if let Some(name) = save_as {
        store.save_search(&name, &spec)?;
        eprintln!("saved search '{}'", name.trim());
    }
    let mut request = SearchRequest::new(spec);
    request.limit = limit.max(1);
    let page = search(store, &request)?;
    for note in &page.notes {
        eprintln!("note: {note}");
    }
    if json {
        output::print_json(&serde_json::to_value(&page.hits)?)?;
    } else {
        output::print_hits(&page.hits);
        eprintln!("{} of {} results", page.hits.len(), page.total);
    }
    Ok(())
}
