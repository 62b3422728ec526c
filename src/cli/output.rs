//! How the command line prints records, results and reports.

use crate::model::{PartialDate, Record};
use crate::query::{Certainty, Hit};
use crate::store::{CheckReport, EdgeView, RecordView};
use std::path::Path;
use uuid::Uuid;

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
        if let Some(reason) = &hit.reason {
            println!("           matched: {reason}");
        }
        if let Some(snippet) = &hit.snippet {
            println!("           {}", snippet.bracketed());
        }
    }
}

/// `show --json`: the record, its title, references and backlinks.
pub fn show_json(view: &RecordView) -> serde_json::Value {
    serde_json::json!({
        "kind": view.record.kind(),
        "title": view.title,
        "record": view.record.to_json(),
        "references": view.outgoing,
        "backlinks": view.backlinks,
    })
}

/// `show`: the record in words, as the detail pane shows it — fields, dates with their
/// meaning, references by name, citations with grade and "via", links and backlinks.
pub fn record_text(view: &RecordView) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| {
        if !value.trim().is_empty() {
            out.push_str(&format!("{name}: {value}\n"));
        }
    };
    let date = |d: &Option<PartialDate>| d.as_ref().map(PartialDate::spelled).unwrap_or_default();
    let name = |u: Option<Uuid>| u.map(|u| view.label(u)).unwrap_or_default();
    let record = &view.record;
    line(record.kind().label(), &view.title);
    line("uuid", &record.uuid().to_string());
    if let Some(deleted) = record.meta().deleted_at {
        line("In the Trash since", &deleted.to_string());
    }
    match record {
        Record::Actor(a) => {
            line("Kind", a.kind.label());
            line("Description", &a.description);
            for alias in &a.aliases {
                let lang = if alias.lang.is_empty() {
                    String::new()
                } else {
                    format!(", {}", alias.lang)
                };
                line(
                    "Also known as",
                    &format!(
                        "{} ({}{lang})",
                        alias.name,
                        alias.kind.label().to_lowercase()
                    ),
                );
            }
        }
        Record::Meeting(m) => {
            line("Kind", m.kind.label());
            line("Date", &date(&m.date));
            line("Until", &date(&m.end_date));
            line("Place", &name(m.place));
            line("Summary", &m.summary);
            for p in &m.participants {
                let mut text = format!("{} — {}", view.label(p.actor), p.roles_label());
                if !p.title_at_time.is_empty() {
                    text.push_str(&format!(", {}", p.title_at_time));
                }
                if let Some(rep) = p.represents {
                    text.push_str(&format!(", for {}", view.label(rep)));
                }
                line("Participant", &text);
            }
        }
        Record::Statement(s) => {
            line("Text", &quoted(&s.text));
            let hedge = if s.hedge.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.hedge)
            };
            line("Kind", &format!("{}{hedge}", s.kind.label()));
            line("Speaker", &name(s.speaker));
            line("At", &name(s.meeting));
            line("Date", &date(&s.date));
            line("Language", &crate::model::language::language_name(&s.lang));
        }
        Record::Source(s) => {
            line("Kind", s.kind.label());
            line("Outlet", &s.outlet);
            line("Author", &s.author);
            line("URL", &s.url);
            line("Published", &date(&s.published));
            line("Accessed", &date(&s.accessed));
            line("Reliability", s.reliability.map_or("", |g| g.label()));
        }
        Record::Place(p) => {
            line("Inside", &name(p.parent));
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                line("Coordinates", &format!("{lat:.4}, {lon:.4}"));
            }
        }
        Record::Topic(_) => {}
        Record::Link(l) => {
            line(
                "Link",
                &format!(
                    "{} — {} → {}",
                    view.label(l.from),
                    l.relation,
                    view.label(l.to)
                ),
            );
            line("From", &date(&l.date_from));
            line("To", &date(&l.date_to));
        }
    }
    let meta = record.meta();
    for (field, value) in meta.plain.described(record.kind()) {
        line(field.label, value);
    }
    let topics: Vec<String> = meta.topics.iter().map(|t| view.label(*t)).collect();
    line("Topics", &topics.join(", "));
    line("Notes", &meta.notes);
    for (i, c) in meta.citations.iter().enumerate() {
        let grade = |u: Uuid| {
            view.grades
                .get(&u)
                .map(|g| format!(" [{}]", g.letter()))
                .unwrap_or_default()
        };
        let mut text = format!("{}{}", view.label(c.source), grade(c.source));
        if let Some(via) = c.via {
            text.push_str(&format!(" via {}{}", view.label(via), grade(via)));
        }
        if !c.locator.is_empty() {
            text.push_str(&format!(", {}", c.locator));
        }
        if let Some(cred) = c.credibility {
            text.push_str(&format!(
                ", credibility {} ({})",
                cred.value(),
                cred.label()
            ));
        }
        if !c.excerpt.is_empty() {
            text.push_str(&format!(": {}", quoted(&c.excerpt)));
        }
        line(&format!("Source {}", i + 1), &text);
    }
    let outgoing: Vec<&EdgeView> = view.links().collect();
    if !outgoing.is_empty() {
        out.push_str("\nLinks:\n");
        for e in outgoing {
            out.push_str(&edge_line(e));
        }
    }
    if !view.backlinks.is_empty() {
        out.push_str("\nReferred to by:\n");
        for group in &view.backlinks {
            out.push_str(&format!("  {} ({}):\n", group.relation, group.total));
            for e in &group.items {
                out.push_str(&format!("  {}", edge_line(e)));
            }
            if group.has_more() {
                out.push_str(&format!(
                    "    … and {} more (the newest {} are listed)\n",
                    group.total - group.items.len(),
                    group.items.len()
                ));
            }
        }
    }
    out
}

/// Text in quotation marks, unless it already opens with one.
fn quoted(text: &str) -> String {
    if text.starts_with(['“', '"', '«', '„']) {
        text.to_string()
    } else {
        format!("“{text}”")
    }
}

fn edge_line(e: &EdgeView) -> String {
    let detail = if e.detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.detail)
    };
    format!(
        "  {}{detail} → {} {} [{}]\n",
        e.relation,
        e.other.kind.as_str(),
        e.other.title,
        e.other.uuid
    )
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
    for note in &report.notes {
        println!("note: {note}");
    }
    if report.problems.is_empty() {
        println!("ok");
    } else {
        for p in &report.problems {
            println!("problem: {p}");
        }
    }
}

/// What a capture drafted, a line per record: what it is, its words, and where it came from.
pub fn capture_text(
    store: &crate::store::Store,
    capture: &crate::model::capture::drafts::Capture,
    existing: &crate::exchange::capture::AlreadyInFile,
    records: &[crate::model::Record],
) -> String {
    use crate::model::Record;
    use std::collections::HashMap;
    let drafted: HashMap<uuid::Uuid, &str> = records.iter().map(|r| (r.uuid(), r.name())).collect();
    let name = |u: uuid::Uuid| {
        drafted
            .get(&u)
            .map_or_else(|| store.label(u), |n| n.to_string())
    };
    let date = |d: &Option<crate::model::PartialDate>| {
        d.as_ref().map_or("no date".to_string(), |d| d.edtf())
    };
    let cited = |r: &Record| {
        r.meta()
            .citations
            .first()
            .map(|c| {
                let via = c
                    .via
                    .map(|v| format!(", via {}", name(v)))
                    .unwrap_or_default();
                format!(" [{}{via}]", c.locator)
            })
            .unwrap_or_default()
    };
    let mut out = format!(
        "{} paragraphs; {} known names, {} new, {} dates, {} passages of speech\n",
        capture.article.paragraphs.len(),
        capture.known.len(),
        capture.new_names.len(),
        capture.dates.len(),
        capture.speech.len()
    );
    for r in records {
        let line = match r {
            Record::Source(s) => format!(
                "source: {} ({})",
                s.title,
                s.published.as_ref().map_or("no date".into(), |d| d.edtf())
            ),
            Record::Actor(a) => {
                format!("new actor ({}): {}", a.kind.label().to_lowercase(), a.name)
            }
            Record::Place(p) => format!("new place: {}", p.name),
            Record::Meeting(m) => {
                let people: Vec<String> = m
                    .participants
                    .iter()
                    .map(|p| {
                        let mut s = name(p.actor);
                        if !p.title_at_time.is_empty() {
                            s.push_str(&format!(" ({})", p.title_at_time));
                        }
                        s
                    })
                    .collect();
                format!(
                    "meeting: {} · {} · {} · {}{}",
                    m.title,
                    date(&m.date),
                    m.place.map_or("no place".into(), name),
                    people.join(", "),
                    cited(r)
                )
            }
            Record::Statement(s) => format!(
                "statement ({}) by {} · {}: “{}”{}",
                s.kind.label().to_lowercase(),
                s.speaker.map_or("?".into(), name),
                date(&s.date),
                s.text,
                cited(r)
            ),
            Record::Topic(_) | Record::Link(_) => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    let meetings = existing.meetings.iter().map(|(i, u)| {
        let para = capture.meetings.get(*i).map_or(0, |m| m.para);
        (para, "meeting", *u)
    });
    let statements = existing.statements.iter().map(|(i, u)| {
        let para = capture.statements.get(*i).map_or(0, |s| s.para);
        (para, "statement", *u)
    });
    let mut there: Vec<(usize, &str, uuid::Uuid)> = meetings.chain(statements).collect();
    if let Some(source) = existing.source {
        out.push_str(&format!(
            "this report is in the file already, as the source: {}\n",
            store.label(source)
        ));
    }
    there.sort();
    for (para, kind, uuid) in there {
        out.push_str(&format!(
            "{kind} already in the file, not proposed again (para. {}): {}\n",
            para + 1,
            store.label(uuid)
        ));
    }
    out
}
