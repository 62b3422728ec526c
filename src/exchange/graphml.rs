//! GraphML for network tools (Gephi, yEd): actors, meetings, statements, places and sources as
//! nodes with typed attributes; participations, represented parties, speakers, places, typed
//! links and citations as typed, directed edges.

use super::names::Names;
use crate::model::Record;
use crate::model::record::relation;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use uuid::Uuid;

/// The GraphML document for `records`; edges only join records that are nodes.
pub fn graphml(records: &[Record], names: &Names) -> String {
    let nodes: BTreeSet<Uuid> = records
        .iter()
        .filter(|r| !matches!(r, Record::Topic(_) | Record::Link(_)))
        .map(Record::uuid)
        .collect();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         \x20 <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
         \x20 <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n\
         \x20 <key id=\"subkind\" for=\"node\" attr.name=\"subkind\" attr.type=\"string\"/>\n\
         \x20 <key id=\"date\" for=\"node\" attr.name=\"date\" attr.type=\"string\"/>\n\
         \x20 <key id=\"reliability\" for=\"node\" attr.name=\"reliability\" attr.type=\"string\"/>\n\
         \x20 <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n\
         \x20 <key id=\"detail\" for=\"edge\" attr.name=\"detail\" attr.type=\"string\"/>\n\
         \x20 <graph id=\"chancery\" edgedefault=\"directed\">\n",
    );
    let mut sorted: Vec<&Record> = records.iter().collect();
    sorted.sort_by_key(|r| r.uuid());
    for r in sorted.iter().filter(|r| nodes.contains(&r.uuid())) {
        let _ = writeln!(out, "    <node id=\"{}\">", r.uuid());
        data(&mut out, "label", &names.label(r.uuid()));
        data(&mut out, "kind", r.kind().as_str());
        if let Some(sub) = r.subkind() {
            data(&mut out, "subkind", sub);
        }
        if let Some(d) = r.date() {
            data(&mut out, "date", &d.edtf());
        }
        if let Some(g) = r.reliability() {
            data(&mut out, "reliability", g.as_str());
        }
        out.push_str("    </node>\n");
    }
    let mut count = 0;
    for r in &sorted {
        for e in r.edges() {
            let internal = matches!(
                e.relation.as_str(),
                relation::LINK_FROM | relation::LINK_TO | relation::TOPIC
            );
            if internal || !nodes.contains(&e.src) || !nodes.contains(&e.dst) {
                continue;
            }
            count += 1;
            let _ = writeln!(
                out,
                "    <edge id=\"e{count}\" source=\"{}\" target=\"{}\">",
                e.src, e.dst
            );
            data(&mut out, "relation", &e.relation);
            if !e.detail.is_empty() {
                data(&mut out, "detail", &e.detail);
            }
            out.push_str("    </edge>\n");
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(value));
}

/// XML text escaping. Characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE,
/// U+FFFF) become U+FFFD, so the file stays well-formed and shows where something was; a
/// carriage return is written as a reference so that parsers keep it.
pub(super) fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\r' => s.push_str("&#13;"),
            '\t' | '\n' => s.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => s.push('\u{FFFD}'),
            c => s.push(c),
        }
    }
    s
}
