//! Capture from pasted text: the rules that find, in an article, the names the file already
//! knows (any alias, any spelling the search folds, with the title in front of a name), names
//! it does not know, and dates in words. Pure functions over text: no store, no UI, no
//! network; the names come in from the caller.
//!
//! `text` cuts an article into numbered paragraphs, sentences and folded words with their
//! places in the text; `names` finds known and unknown names; `dates` finds date phrases and
//! resolves them against the publication date with the same resolver as the date fields.

pub(crate) mod dateline;
pub mod dates;
pub mod drafts;
mod meetings;
pub mod names;
pub mod review;
pub mod speech;
pub mod text;
mod world;

/// A stretch of the article: its paragraph (0-based) and byte range within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub para: usize,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The text of this span in `article`.
    pub fn text<'a>(&self, article: &'a text::Article) -> &'a str {
        article
            .paragraphs
            .get(self.para)
            .and_then(|p| p.get(self.start..self.end))
            .unwrap_or("")
    }
}
