//! Languages a statement can be in: the ISO 639-1 languages (two-letter codes) by English
//! name, from the `isolang` tables. A statement keeps the code ("ar"); a code from elsewhere
//! (ISO 639-3, "ara") is read too.

use std::sync::LazyLock;

/// A language: its ISO 639-1 code and English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
}

static LANGUAGES: LazyLock<Vec<Language>> = LazyLock::new(|| {
    let mut all: Vec<Language> = isolang::languages()
        .filter_map(|l| {
            Some(Language {
                code: l.to_639_1()?,
                name: l.to_name(),
            })
        })
        .collect();
    all.sort_by_key(|l| l.name);
    all
});

/// Every ISO 639-1 language, by English name.
pub fn languages() -> &'static [Language] {
    &LANGUAGES
}

/// The language a code means: ISO 639-1 ("ar") or ISO 639-3 ("ara"), any case.
pub fn language(code: &str) -> Option<Language> {
    let code = code.trim().to_lowercase();
    let found =
        isolang::Language::from_639_1(&code).or_else(|| isolang::Language::from_639_3(&code))?;
    let code = found.to_639_1()?;
    languages().iter().find(|l| l.code == code).copied()
}

/// A language code as people read it: "English" for "en"; a code not in the list as it is.
pub fn language_name(code: &str) -> String {
    match language(code) {
        Some(l) => l.name.to_string(),
        None => code.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_the_two_letter_languages_by_name() {
        let all = languages();
        assert!(all.len() > 150, "{}", all.len());
        assert!(all.windows(2).all(|w| w[0].name <= w[1].name));
        assert_eq!(language("ar").map(|l| l.name), Some("Arabic"));
        assert_eq!(language("RUS").map(|l| l.code), Some("ru"));
        assert_eq!(language("xx"), None);
    }
}
