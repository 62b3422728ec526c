//! How a record reads in lists and is found: its label, its list columns and their headers,
//! and the text it gives the full-text index, by weighted column.

use super::{Record, RecordKind, truncate};
use crate::model::fold::{fold_name, normalise_text};
use uuid::Uuid;

/// The text a record contributes to the full-text index, by weighted column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexText {
    /// The record's own name or title.
    pub title: String,
    /// Its other names: aliases, an outlet or author.
    pub aliases: String,
    /// Descriptions, summaries, statement text, notes, excerpts.
    pub body: String,
    /// Folded keys of its own names, for matching any transliteration.
    pub keys: String,
    /// Names of the records it refers to (speaker, participants, place), as written and
    /// folded: found by them, but ranked below the records they name.
    pub context: String,
}

impl Record {
    /// The label shown in lists: names of referenced records come from `name_of`.
    pub fn label(&self, name_of: &dyn Fn(Uuid) -> Option<String>) -> String {
        match self {
            Record::Statement(s) => {
                let text = truncate(&s.text, 120);
                match s.speaker.and_then(name_of) {
                    Some(speaker) => format!("{speaker}: {text}"),
                    None => text,
                }
            }
            Record::Link(l) => format!(
                "{} — {} → {}",
                name_of(l.from).unwrap_or_else(|| "?".into()),
                l.relation,
                name_of(l.to).unwrap_or_else(|| "?".into())
            ),
            other => other.name().to_string(),
        }
    }
    /// The extra columns lists show for this kind of record (see `list_headers`): names of
    /// referenced records come from `name_of`, source grades from `grade_of`.
    pub fn list_columns(
        &self,
        name_of: &dyn Fn(Uuid) -> Option<String>,
        grade_of: &dyn Fn(Uuid) -> Option<String>,
    ) -> Vec<String> {
        let name = |u: Option<Uuid>| u.and_then(name_of).unwrap_or_default();
        match self {
            Record::Actor(a) => vec![
                a.kind.label().to_string(),
                a.aliases
                    .iter()
                    .take(3)
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ],
            Record::Meeting(m) => vec![
                name(m.place),
                m.participants
                    .iter()
                    .filter_map(|p| name_of(p.actor))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
            Record::Statement(s) => {
                // The best grade among the cited sources.
                let best = s
                    .meta
                    .citations
                    .iter()
                    .filter_map(|c| grade_of(c.source))
                    .min()
                    .unwrap_or_default();
                vec![name(s.speaker), s.kind.label().to_string(), best]
            }
            Record::Source(s) => vec![
                s.outlet.clone(),
                s.reliability
                    .map(|g| g.as_str().to_string())
                    .unwrap_or_default(),
            ],
            Record::Place(p) => vec![name(p.parent)],
            Record::Topic(_) => Vec::new(),
            Record::Link(l) => vec![name(Some(l.from)), l.relation.clone(), name(Some(l.to))],
        }
    }
    /// The headers of `list_columns` for records of `kind`.
    pub fn list_headers(kind: RecordKind) -> &'static [&'static str] {
        match kind {
            RecordKind::Actor => &["Kind", "Aliases"],
            RecordKind::Meeting => &["Place", "Participants"],
            RecordKind::Statement => &["Speaker", "Kind", "Grade"],
            RecordKind::Source => &["Outlet", "Grade"],
            RecordKind::Place => &["Inside"],
            RecordKind::Topic => &[],
            RecordKind::Link => &["From", "Relation", "To"],
        }
    }
    /// The text this record contributes to the index; names of referenced records (speaker,
    /// participants, place) are indexed with it so that "Lavrov sanctions" finds his statement.
    /// `referenced` gives a referenced record's name, folded name and other names (an actor's
    /// aliases, in any script), indexed too: "الشرع" finds what refers to Ahmad Al Shara as
    /// "al-Sharaa" does.
    pub fn index_text(&self, referenced: &dyn Fn(Uuid) -> Option<ReferencedNames>) -> IndexText {
        let mut t = IndexText::default();
        // Names as written and folded (any transliteration of them matches); other names as
        // written only: folding them too cost a fifth of an import's time for no match the
        // main name's fold and the tokenizer's own folding do not already give.
        let context_of = |ids: &mut dyn Iterator<Item = Uuid>| -> String {
            let mut names: Vec<String> = Vec::new();
            let mut others: Vec<String> = Vec::new();
            let mut folded: Vec<String> = Vec::new();
            for id in ids {
                if let Some(found) = referenced(id) {
                    folded.push(found.folded().to_string());
                    names.push(found.name);
                    others.extend(found.others.iter().cloned());
                }
            }
            join_non_empty(&[&names.join(" · "), &others.join(" · "), &folded.join(" ")])
        };
        match self {
            Record::Actor(a) => {
                t.title = a.name.clone();
                t.aliases = a
                    .aliases
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" · ");
                t.body = a.description.clone();
                let all_names = std::iter::once(a.name.as_str())
                    .chain(a.aliases.iter().map(|x| x.name.as_str()));
                t.keys = all_names.map(fold_name).collect::<Vec<_>>().join(" ");
            }
            Record::Meeting(m) => {
                t.title = m.title.clone();
                let ids = m
                    .participants
                    .iter()
                    .flat_map(|p| std::iter::once(p.actor).chain(p.represents))
                    .chain(m.place);
                t.context = context_of(&mut ids.into_iter());
                let titles: Vec<&str> = m
                    .participants
                    .iter()
                    .map(|p| p.title_at_time.as_str())
                    .filter(|s| !s.is_empty())
                    .collect();
                t.body = join_non_empty(&[&m.summary, &titles.join(" · ")]);
            }
            Record::Statement(s) => {
                t.context = context_of(&mut s.speaker.into_iter().chain(s.meeting));
                t.body = join_non_empty(&[&s.text, &s.hedge]);
            }
            Record::Source(s) => {
                t.title = s.title.clone();
                t.aliases = join_non_empty(&[&s.outlet, &s.author]);
                t.body = join_non_empty(&[&s.url, &s.text]);
                t.keys = fold_name(&s.outlet);
            }
            Record::Place(p) => {
                t.title = p.name.clone();
                t.keys = fold_name(&p.name);
                t.context = context_of(&mut p.parent.into_iter());
            }
            Record::Topic(topic) => {
                t.title = topic.name.clone();
            }
            Record::Link(l) => {
                t.title = l.relation.clone();
                t.context = context_of(&mut [l.from, l.to].into_iter());
            }
        }
        let meta = self.meta();
        let excerpts: Vec<&str> = meta
            .citations
            .iter()
            .map(|c| c.excerpt.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let plain: Vec<&str> = meta
            .plain
            .described(self.kind())
            .filter(|(field, _)| field.searchable)
            .map(|(_, value)| value)
            .collect();
        t.body = join_non_empty(&[
            &t.body,
            &plain.join(" · "),
            &meta.notes,
            &excerpts.join(" · "),
        ]);
        IndexText {
            title: normalise_text(indexed_part(&t.title)),
            aliases: normalise_text(indexed_part(&t.aliases)),
            body: normalise_text(indexed_part(&t.body)),
            keys: indexed_part(&t.keys).to_string(),
            context: normalise_text(indexed_part(&t.context)),
        }
    }
}

/// What the index text of a record takes from a record it refers to.
#[derive(Debug, Clone, Default)]
pub struct ReferencedNames {
    /// Its name (its title).
    pub name: String,
    /// Its other names (an actor's aliases), shared by every record that refers to it.
    pub others: std::rc::Rc<[String]>,
    /// `fold_name(name)`, worked out once however many records refer to it (the clones of
    /// one `ReferencedNames` share it).
    folded: std::rc::Rc<std::cell::OnceCell<String>>,
}

impl ReferencedNames {
    pub fn new(name: String, others: std::rc::Rc<[String]>) -> ReferencedNames {
        ReferencedNames {
            name,
            others,
            folded: Default::default(),
        }
    }

    /// The name folded (`fold_name`), worked out at the first call.
    pub fn folded(&self) -> &str {
        self.folded.get_or_init(|| fold_name(&self.name))
    }
}

/// The most of one field's text that is indexed: a long article is whole (256 KiB is some
/// 40,000 words), a pasted book or a name of megabytes is indexed by its start, so that what
/// search and ranking do stays bounded whatever was stored.
pub const MAX_INDEXED_BYTES: usize = 256 * 1024;

/// The start of `text` that is indexed: at most `MAX_INDEXED_BYTES`, cut after a whole word.
fn indexed_part(text: &str) -> &str {
    if text.len() <= MAX_INDEXED_BYTES {
        return text;
    }
    let mut end = MAX_INDEXED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    match cut.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &cut[..space],
        _ => cut,
    }
}

fn join_non_empty(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}
