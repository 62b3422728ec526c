//! Text normalisation for indexing and name folding for matching across transliterations.
//!
//! `normalise_text` is applied to everything before it reaches the full-text index and to every
//! search term: it removes Arabic diacritics and tatweel and unifies alef, ya, ta marbuta and
//! the Persian and Urdu letter forms (SQLite's tokenizers do none of this), and leaves Latin
//! text readable for snippets.
//!
//! `fold_token`/`fold_name` produce a matching key, so that "Al Shibani", "al-Shaibani",
//! "Shaibani" and "الشيباني" meet their own spellings: lower case, Latin and Arabic diacritics
//! stripped, the article (`al-`, `el-`, `al `, `ال`) dropped, hyphens and apostrophes removed,
//! doubled letters collapsed and every run of Latin vowels (y included) reduced to one `o`
//! (not `a`, so that a folded key can never read as the article `al` when folded again).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises text for the full-text index and for search terms.
pub fn normalise_text(text: &str) -> String {
    // ASCII is NFC and holds no Arabic: most of a large file's text, copied as it is.
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        '\u{0640}' => {}
        c if is_arabic_mark(c) => {}
        c => out.push(unify_arabic_letter(c)),
    };
    // Text already in NFC (nearly all of it) skips the composing iterator's buffering.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.chars().for_each(&mut push);
    } else {
        text.nfc().for_each(&mut push);
    }
    out
}

/// The folded matching key of a whole name: its folded tokens joined by spaces.
pub fn fold_name(name: &str) -> String {
    tokens(name)
        .filter_map(|t| {
            let f = fold_token(t);
            (!f.is_empty()).then_some(f)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a name holds two digits or more: before schema 9, folding collapsed a digit
/// repeated in a word, also across a hyphen or an apostrophe ("G77" and "1-14" keyed as "g7"
/// and "14"). Such names, and what refers to them, are indexed again.
pub fn has_two_digits(name: &str) -> bool {
    name.chars().filter(|c| c.is_numeric()).nth(1).is_some()
}

/// Splits a name into its words: on white space and punctuation other than hyphens and
/// apostrophes, which fold away inside a word.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_joiner(c) || is_combining_mark(c)))
        .filter(|t| !t.is_empty())
}

/// A word in lower case, diacritics stripped and Arabic letter forms unified: what both
/// exact comparison and folding start from.
pub fn lower_plain(word: &str) -> String {
    // Most words are plain ASCII: nothing to decompose, strip or unify.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let lower: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    normalise_text(&lower)
}

/// Folds one word to its matching key; articles alone fold to the empty string.
pub fn fold_token(word: &str) -> String {
    let lower = lower_plain(word);
    let stripped = strip_article(&lower);
    let mut folded = String::with_capacity(stripped.len());
    let mut previous: Option<char> = None;
    for c in stripped.chars() {
        let c = match special_latin(c) {
            Some(s) => {
                for sc in s.chars() {
                    push_folded(&mut folded, &mut previous, sc);
                }
                continue;
            }
            None => c,
        };
        if is_joiner(c) || c == '\u{0640}' {
            continue;
        }
        push_folded(&mut folded, &mut previous, c);
    }
    folded
}

fn push_folded(out: &mut String, previous: &mut Option<char>, c: char) {
    let c = match c {
        'q' => 'k',
        'ё' => 'е',
        c if is_latin_vowel(c) => 'o',
        c => c,
    };
    // Doubled letters collapse (Hassan, Hasan); digits never do: G77 is not G7.
    if *previous == Some(c) && !c.is_numeric() {
        return;
    }
    *previous = Some(c);
    out.push(c);
}

fn strip_article(word: &str) -> &str {
    if matches!(word, "al" | "el" | "ال") {
        return "";
    }
    for prefix in ["al-", "el-", "al'", "al\u{2019}", "al\u{2010}"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return rest;
        }
    }
    if let Some(rest) = word.strip_prefix("ال")
        && rest.chars().count() >= 2
    {
        return rest;
    }
    word
}

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '\''
            | '\u{2019}'
            | '\u{2018}'
            | '`'
            | '\u{02BC}'
            | '\u{02BF}'
            | '\u{02BE}'
            | '\u{2010}'
            | '\u{2011}'
    )
}

fn is_latin_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'æ' => "ae",
        'œ' => "oe",
        'ı' => "i",
        'þ' => "th",
        _ => return None,
    })
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// One form for letters written several ways: alef with hamza or madda, alef maqsura, ta
/// marbuta, hamza on waw or ya, and the Persian and Urdu forms of ya, kaf and ha (ی ې ے, ک ڪ,
/// ہ ە ۀ ھ), so that a name typed on a Persian keyboard meets its Arabic spelling.
fn unify_arabic_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' | 'ے' | 'ۓ' | 'ئ' => 'ي',
        'ة' | 'ہ' | 'ە' | 'ۀ' | 'ھ' => 'ه',
        'ؤ' => 'و',
        'ک' | 'ڪ' => 'ك',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_meet() {
        let key = fold_name("Shaibani");
        assert_eq!(fold_name("Al Shibani"), key);
        assert_eq!(fold_name("al-Shaibani"), key);
        assert_eq!(fold_name("AL-SHAYBANI"), key);
        assert_eq!(fold_name("Asaad"), fold_name("Asad"));
        assert_eq!(fold_name("Sergei Lavrov"), fold_name("Sergey Lavrov"));
        assert_eq!(fold_name("Ahmed al-Sharaa"), fold_name("Ahmad Al Shara"));
        assert_eq!(fold_name("Lavrentyev"), fold_name("Lavrentiev"));
        assert_eq!(fold_name("Bashar al-Assad"), fold_name("Bashar Al Asad"));
        assert_eq!(fold_name("Lavrov"), fold_name("Lavrov"));
        assert_ne!(fold_name("Lavrov"), fold_name("Putin"));
    }

    #[test]
    fn arabic_meets_its_variants() {
        assert_eq!(fold_name("الشيباني"), fold_name("شيباني"));
        assert_eq!(fold_name("أسعد"), fold_name("اسعد"));
        assert_eq!(fold_name("أَسْعَد"), fold_name("اسعد"));
        assert_eq!(fold_name("الأسـد"), fold_name("اسد"));
        // Persian and Urdu letter forms: ی for ي, ک for ك, ہ for ه.
        assert_eq!(fold_name("شیبانی"), fold_name("الشيباني"));
        assert_eq!(normalise_text("کرملین"), "كرملين");
        assert_eq!(fold_name("ہادی"), fold_name("هادي"));
    }

    #[test]
    fn digits_are_kept_as_they_are() {
        assert_eq!(fold_name("G77"), "g77");
        assert_ne!(fold_name("G77"), fold_name("G7"));
        assert_ne!(fold_name("District 11"), fold_name("District 1"));
        assert_eq!(fold_name("Level 5000"), "lovol 5000");
        assert!(has_two_digits("G77") && has_two_digits("1-14") && !has_two_digits("G7"));
    }

    #[test]
    fn latin_diacritics_fold() {
        assert_eq!(fold_name("Erdoğan"), fold_name("Erdogan"));
        assert_eq!(fold_name("Łukasz"), fold_name("Lukasz"));
    }

    #[test]
    fn normalise_keeps_latin_and_strips_arabic_marks() {
        assert_eq!(normalise_text("Al Shibani"), "Al Shibani");
        assert_eq!(normalise_text("أَسْعَد"), "اسعد");
    }

    proptest::proptest! {
        /// The fast paths (ASCII, text already composed) give what composing every text gives.
        #[test]
        fn normalise_fast_paths_agree_with_composing(text in "(?s).{0,40}|[a-e\u{0300}-\u{0302}\u{0627}-\u{064A}\u{064B}-\u{0652} ]{0,20}") {
            let composed: String = text
                .nfc()
                .filter(|&c| c != '\u{0640}' && !is_arabic_mark(c))
                .map(unify_arabic_letter)
                .collect();
            proptest::prop_assert_eq!(normalise_text(&text), composed);
        }
    }
}
