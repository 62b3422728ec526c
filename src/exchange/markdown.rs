//! The Markdown briefing: meetings in date order with place, participants and roles, then
//! statements with speaker, kind and hedge, each backed by numbered footnotes naming the
//! source, outlet, date, locator, reliability and credibility, and the attribution chain.
//! Every text from a record is escaped (see `markdown_text`): it reads as the words it holds
//! and can never add HTML, links, headings or list items.

use super::markdown_text::{block, inline};
use super::names::Names;
use crate::model::{Citation, Meeting, PartialDate, Record, Statement};

/// Writes the briefing for `records` (other kinds than meetings and statements are used only
/// as names).
pub fn briefing(records: &[Record], names: &Names, title: &str) -> String {
    let mut meetings: Vec<&Meeting> = records
        .iter()
        .filter_map(|r| match r {
            Record::Meeting(m) => Some(m),
            _ => None,
        })
        .collect();
    let mut statements: Vec<&Statement> = records
        .iter()
        .filter_map(|r| match r {
            Record::Statement(s) => Some(s),
            _ => None,
        })
        .collect();
    meetings.sort_by_key(|m| (date_key(&m.date), m.title.clone(), m.meta.uuid));
    statements.sort_by_key(|s| (date_key(&s.date), s.text.clone(), s.meta.uuid));

    let mut notes = Footnotes::default();
    let mut out = format!("# {}\n\n", inline(title));
    out.push_str(&format!(
        "{} meetings and {} statements.\n",
        meetings.len(),
        statements.len()
    ));
    if !meetings.is_empty() {
        out.push_str("\n## Meetings\n");
    }
    for m in &meetings {
        out.push_str(&format!(
            "\n### {} — {}\n\n",
            when(&m.date),
            inline(&m.title)
        ));
        let mut facts = vec![format!("*{}*", m.kind.label())];
        if let Some(place) = m.place {
            facts.push(inline(&names.label(place)));
        }
        if let Some(end) = &m.end_date {
            facts.push(format!("until {}", inline(&end.describe())));
        }
        out.push_str(&facts.join(" · "));
        out.push_str(&notes.cite(&m.meta.citations, names));
        out.push('\n');
        if !m.participants.is_empty() {
            out.push('\n');
            for p in &m.participants {
                let mut line = format!(
                    "- **{}** — {}",
                    inline(&names.label(p.actor)),
                    p.roles_label()
                );
                if !p.title_at_time.is_empty() {
                    line.push_str(&format!(", {}", inline(&p.title_at_time)));
                }
                if let Some(rep) = p.represents {
                    line.push_str(&format!(", for {}", inline(&names.label(rep))));
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
        if !m.summary.is_empty() {
            out.push_str(&format!("\n{}\n", block(&m.summary, "")));
        }
        out.push_str(&plain_paragraphs(
            crate::model::RecordKind::Meeting,
            &m.meta,
        ));
    }
    if !statements.is_empty() {
        out.push_str("\n## Statements\n");
    }
    for s in &statements {
        let speaker = s
            .speaker
            .map(|u| inline(&names.label(u)))
            .unwrap_or_else(|| "Unknown speaker".into());
        out.push_str(&format!(
            "\n### {} — {}\n\n",
            speaker,
            s.kind.label().to_lowercase()
        ));
        let quoted = match s.kind {
            crate::model::StatementKind::Quote => format!("> “{}”", block(&s.text, "> ")),
            _ => format!("> {}", block(&s.text, "> ")),
        };
        out.push_str(&quoted);
        out.push_str(&notes.cite(&s.meta.citations, names));
        out.push_str("\n\n");
        let mut facts = vec![when(&s.date)];
        if !s.hedge.is_empty() {
            facts.push(format!("*{}*", inline(&s.hedge)));
        }
        if let Some(meeting) = s.meeting {
            facts.push(format!("at {}", inline(&names.label(meeting))));
        }
        out.push_str(&facts.join(" · "));
        out.push('\n');
        out.push_str(&plain_paragraphs(
            crate::model::RecordKind::Statement,
            &s.meta,
        ));
    }
    if !notes.lines.is_empty() {
        out.push_str("\n## Sources\n\n");
        for (i, line) in notes.lines.iter().enumerate() {
            out.push_str(&format!("[^{}]: {}\n", i + 1, line));
        }
    }
    out
}

/// A record's plain fields that hold a value, each a paragraph led by its label in bold.
fn plain_paragraphs(kind: crate::model::RecordKind, meta: &crate::model::Meta) -> String {
    meta.plain
        .described(kind)
        .map(|(field, value)| format!("\n**{}:** {}\n", field.label, block(value, "")))
        .collect()
}

/// Footnotes, numbered in order of first use; the same citation text reuses its number.
#[derive(Default)]
struct Footnotes {
    lines: Vec<String>,
}

impl Footnotes {
    fn cite(&mut self, citations: &[Citation], names: &Names) -> String {
        let mut marks = String::new();
        for c in citations {
            let line = footnote(c, names);
            let number = match self.lines.iter().position(|l| *l == line) {
                Some(i) => i + 1,
                None => {
                    self.lines.push(line);
                    self.lines.len()
                }
            };
            marks.push_str(&format!("[^{number}]"));
        }
        marks
    }
}

fn footnote(c: &Citation, names: &Names) -> String {
    let mut parts = vec![describe_source(c.source, names)];
    if !c.locator.is_empty() {
        parts.push(inline(&c.locator));
    }
    if let Some(cred) = c.credibility {
        parts.push(format!("credibility {}", cred.label()));
    }
    let mut line = parts.join(", ");
    if let Some(via) = c.via {
        line.push_str(&format!("; via {}", describe_source(via, names)));
    }
    if !c.excerpt.is_empty() {
        line.push_str(&format!(": “{}”", inline(&c.excerpt)));
    }
    line.push('.');
    line
}

/// "*Title*, Outlet, 9 September 2025, reliability B – usually reliable".
fn describe_source(uuid: uuid::Uuid, names: &Names) -> String {
    let Some(s) = names.source(uuid) else {
        return inline(&names.label(uuid));
    };
    let mut parts = vec![format!("*{}*", inline(&s.title))];
    if !s.outlet.is_empty() {
        parts.push(inline(&s.outlet));
    }
    if let Some(p) = &s.published {
        parts.push(inline(&p.describe()));
    }
    if let Some(g) = s.reliability {
        parts.push(format!("reliability {}", g.label()));
    }
    parts.join(", ")
}

/// Undated records sort last.
fn date_key(date: &Option<PartialDate>) -> (bool, String) {
    match date {
        Some(d) => (false, d.bounds_iso().0),
        None => (true, String::new()),
    }
}

fn when(date: &Option<PartialDate>) -> String {
    match date {
        Some(d) => match d.text() {
            Some(text) => format!("{} (“{}”)", inline(&d.describe()), inline(text)),
            None => inline(&d.describe()),
        },
        None => "Undated".into(),
    }
}
