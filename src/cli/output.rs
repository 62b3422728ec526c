//! How the command line prints records, results and reports.

use crate::model::Record;
use crate::query::{Certainty, Hit};
use crate::store::{BacklinkGroup, CheckReport, EdgeView};
use std::path::Path;

pub fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn print_hits(hits: &[Hit]) {
    for hit in hits {
        let possibly = match hit.certainty {
            Some(Certainty::Possible) => " (possibly in range)",
            _ => "",
        };
        println!(
            "{:<9}  {:<23}  {}{}  [{}]",
            hit.kind.as_str(),
            hit.date.as_deref().unwrap_or("-"),
            hit.title,
            possibly,
            hit.uuid
        );
        if let Some(snippet) = &hit.snippet {
            println!("           {}", snippet.bracketed());
        }
    }
}

pub fn show_json(
    record: &Record,
    title: &str,
    outgoing: &[EdgeView],
    backlinks: &[BacklinkGroup],
) -> serde_json::Value {
    serde_json::json!({
        "kind": record.kind(),
        "title": title,
        "record": record.to_json(),
        "references": outgoing,
        "backlinks": backlinks,
    })
}

pub fn print_record(
    record: &Record,
    title: &str,
    outgoing: &[EdgeView],
    backlinks: &[BacklinkGroup],
) {
    println!("{}: {}", record.kind().label(), title);
    println!("uuid: {}", record.uuid());
    if let Some(deleted) = record.meta().deleted_at {
        println!("in the Trash since {deleted}");
    }
    if let Ok(fields) = serde_json::to_string_pretty(&record.to_json()) {
        println!("{fields}");
    }
    if !outgoing.is_empty() {
        println!("\nrefers to:");
        for e in outgoing {
            print_edge(e);
        }
    }
    if !backlinks.is_empty() {
        println!("\nreferred to by:");
        for group in backlinks {
            println!("  {}:", group.relation);
            for e in &group.items {
                print!("  ");
                print_edge(e);
            }
        }
    }
}

fn print_edge(e: &EdgeView) {
    let detail = if e.detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.detail)
    };
    println!(
        "  {}{} → {} {} [{}]",
        e.relation,
        detail,
        e.other.kind.as_str(),
        e.other.title,
        e.other.uuid
    );
}

pub fn print_check(path: &Path, report: &CheckReport) {
    let counts: Vec<String> = report
        .counts
        .by_kind
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.as_str()))
        .collect();
    println!("{}", path.display());
    println!(
        "records: {} ({}); in Trash: {}; change log: {} entries; saved searches: {}",
        report.counts.live(),
        counts.join(", "),
        report.counts.trash,
        report.change_log_entries,
        report.saved_searches
    );
    if report.problems.is_empty() {
        println!("ok");
    } else {
        for p in &report.problems {
            println!("problem: {p}");
        }
    }
}
