//! Right-to-left text put in the order a left-to-right renderer should draw it. egui lays text
//! out left to right; it shapes each run of one font by itself, so an Arabic word comes out
//! joined and right to left, but the words and the runs of other scripts stay in the order
//! they were typed. Here the Unicode Bidirectional Algorithm (the `unicode-bidi` crate) resolves
//! each paragraph's levels (its direction from its first strong character) and reorders the
//! runs; within a right-to-left run the pieces egui shapes as one (a stretch of Arabic or
//! Hebrew letters) keep their order and everything between them is reversed, brackets
//! mirrored. Marks (a search's highlights) are carried through the reordering.

use std::ops::Range;
use unicode_bidi::BidiInfo;

/// True for letters of the right-to-left scripts whose runs egui shapes as one (and their
/// marks and presentation forms).
fn shaped_rtl(c: char) -> bool {
    matches!(c,
        '\u{0591}'..='\u{05F4}'
        | '\u{0600}'..='\u{065F}'
        | '\u{066A}'..='\u{06EF}'
        | '\u{06FA}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFC}')
        && !matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// True if `text` holds anything the algorithm would put right to left.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
        )
    })
}

/// The mirror image of a bracket, for a right-to-left run.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

/// True if a paragraph reads right to left: its first strong letter is Arabic or Hebrew
/// (rules P2 and P3 of the algorithm).
pub fn paragraph_is_rtl(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars()
        .map(unicode_bidi::bidi_class)
        .find(|c| matches!(c, L | R | AL))
        .is_some_and(|c| matches!(c, R | AL))
}

/// One line of a wrapped paragraph in drawing order: the paragraph's direction (not the
/// line's own first letter) decides where its runs go. Lines are reordered one by one, after
/// wrapping, as the algorithm asks (rule L1 onwards apply per line). (The window draws
/// tagged pieces, `visual_tagged_line`; this plain form is what its tests read.)
#[cfg(test)]
pub fn visual_line(line: &str, paragraph_rtl: bool) -> String {
    if !has_rtl(line) && !paragraph_rtl {
        return line.to_string();
    }
    let level = if paragraph_rtl {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    };
    reorder(&[(line, false)], Some(level))
        .into_iter()
        .map(|(piece, _)| piece)
        .collect()
}

/// One line of a wrapped paragraph made of tagged pieces, in drawing order, in the
/// paragraph's direction (see `visual_line`).
pub fn visual_tagged_line<S: AsRef<str>, T: Copy + PartialEq + Default>(
    pieces: &[(S, T)],
    paragraph_rtl: bool,
) -> Vec<(String, T)> {
    let level = if paragraph_rtl {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    };
    reorder(pieces, Some(level))
}

/// `text` in drawing order.
pub fn visual(text: &str) -> String {
    if !has_rtl(text) {
        return text.to_string();
    }
    visual_marked(&[(text, false)])
        .into_iter()
        .map(|(piece, _)| piece)
        .collect()
}

/// Pieces of one text, each marked or not (a snippet's matches), in drawing order: the text
/// they make together is reordered as a whole, and each character keeps its piece's mark.
/// Neighbouring characters with the same mark come out as one piece.
pub fn visual_marked<S: AsRef<str>>(pieces: &[(S, bool)]) -> Vec<(String, bool)> {
    reorder(pieces, None)
}

/// Pieces of one text, each with a tag (its format, its index), in drawing order; as
/// `visual_marked`, with any tag.
pub fn visual_tagged<S: AsRef<str>, T: Copy + PartialEq + Default>(
    pieces: &[(S, T)],
) -> Vec<(String, T)> {
    reorder(pieces, None)
}

/// The reordering, with the paragraph level given or found from the first strong letter.
fn reorder<S: AsRef<str>, T: Copy + PartialEq + Default>(
    pieces: &[(S, T)],
    level: Option<unicode_bidi::Level>,
) -> Vec<(String, T)> {
    let mut text = String::new();
    let mut marks: Vec<(Range<usize>, T)> = Vec::new();
    for (piece, mark) in pieces {
        let start = text.len();
        text.push_str(piece.as_ref());
        marks.push((start..text.len(), *mark));
    }
    let mark_at = |byte: usize| {
        marks
            .iter()
            .find(|(range, _)| range.contains(&byte))
            .map(|(_, mark)| *mark)
            .unwrap_or_default()
    };
    let mut out: Vec<(String, T)> = Vec::new();
    let mut push = |c: char, mark: T| match out.last_mut() {
        Some((last, last_mark)) if *last_mark == mark => last.push(c),
        _ => out.push((c.to_string(), mark)),
    };
    if !has_rtl(&text) && level.is_none_or(|l| l.is_ltr()) {
        for (i, c) in text.char_indices() {
            push(c, mark_at(i));
        }
        return out;
    }
    let info = BidiInfo::new(&text, level);
    for para in &info.paragraphs {
        // A paragraph's line is the paragraph: labels are laid out by egui, which wraps
        // without knowing of reordering; reordering whole paragraphs keeps each readable.
        let line = para.range.clone();
        let (levels, runs) = info.visual_runs(para, line);
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let chars: Vec<(usize, char)> = text[run.clone()]
                .char_indices()
                .map(|(i, c)| (run.start + i, c))
                .collect();
            if !rtl {
                for (i, c) in chars {
                    push(c, mark_at(i));
                }
                continue;
            }
            // Units egui draws as they stand: a stretch of letters it shapes right to left,
            // or any one other character. Their order is reversed.
            let mut units: Vec<Vec<(usize, char)>> = Vec::new();
            for (i, c) in chars {
                match units.last_mut() {
                    Some(unit)
                        if shaped_rtl(c) && unit.last().is_some_and(|(_, p)| shaped_rtl(*p)) =>
                    {
                        unit.push((i, c))
                    }
                    _ => units.push(vec![(i, c)]),
                }
            }
            for unit in units.into_iter().rev() {
                for (i, c) in unit {
                    let c = if shaped_rtl(c) { c } else { mirrored(c) };
                    push(c, mark_at(i));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What egui will show, reading left to right: each Arabic stretch (kept in logical order
    /// in the string) read as one word.
    #[test]
    fn latin_alone_is_untouched() {
        assert_eq!(
            visual("Asaad Al Shibani (Syria), 2025"),
            "Asaad Al Shibani (Syria), 2025"
        );
    }

    #[test]
    fn an_arabic_phrase_reads_from_the_right() {
        // أسعد الشيباني: the first word stands on the right.
        assert_eq!(visual("أسعد الشيباني"), "الشيباني أسعد");
        // Three words and a full stop, which stands at the left end (the phrase's end).
        assert_eq!(visual("وزير الخارجية السوري."), ".السوري الخارجية وزير");
    }

    #[test]
    fn arabic_inside_latin_keeps_the_latin_order() {
        // A Latin paragraph: the Arabic words are reordered among themselves only.
        assert_eq!(
            visual("Foreign Minister أسعد الشيباني met Novak"),
            "Foreign Minister الشيباني أسعد met Novak"
        );
        assert_eq!(
            visual("Sana · الوكالة العربية · SANA"),
            "Sana · العربية الوكالة · SANA"
        );
    }

    #[test]
    fn latin_and_digits_inside_arabic_keep_their_own_order() {
        // An Arabic paragraph (its first strong letter is Arabic): the Latin name and the
        // number read left to right, and stand where the right-to-left order puts them.
        assert_eq!(
            visual("التقى Alexander Novak في 9 أيلول"),
            "أيلول 9 في Alexander Novak التقى"
        );
        // Brackets turn round in right-to-left text.
        assert_eq!(visual("الشيباني (سوريا)"), "(سوريا) الشيباني");
    }

    #[test]
    fn the_paragraph_direction_follows_the_first_strong_letter() {
        // Latin first: a left-to-right paragraph, the Arabic phrase kept whole at the end.
        assert_eq!(visual("Novak: أسعد الشيباني"), "Novak: الشيباني أسعد");
        // Arabic first: the Latin word goes to the left end.
        assert_eq!(visual("الشيباني: Novak"), "Novak :الشيباني");
    }

    #[test]
    fn a_wrapped_line_takes_its_paragraphs_direction() {
        // The second line of an Arabic paragraph starts with a Latin name: it still reads
        // from the right, the name at the right end.
        assert!(paragraph_is_rtl("قال Novak"));
        assert!(!paragraph_is_rtl("Novak قال"));
        assert_eq!(visual_line("Novak قال", true), "قال Novak");
        assert_eq!(visual_line("Novak قال", false), "Novak قال");
        // Digits alone in a right-to-left paragraph keep their order.
        assert_eq!(visual_line("2025 9", true), "9 2025");
    }

    #[test]
    fn marks_follow_their_words_through_the_reordering() {
        // A snippet of an Arabic text with "الشيباني" matched: the match stays on that word,
        // and the words around it keep the right-to-left order.
        let pieces = [("التقى ", false), ("الشيباني", true), (" مع نوفاك", false)];
        let out = visual_marked(&pieces);
        assert_eq!(
            out,
            vec![
                ("نوفاك مع ".to_string(), false),
                ("الشيباني".to_string(), true),
                (" التقى".to_string(), false),
            ]
        );
        // Latin pieces pass unchanged.
        let latin = visual_marked(&[("met ", false), ("Shibani", true)]);
        assert_eq!(
            latin,
            vec![("met ".to_string(), false), ("Shibani".to_string(), true)]
        );
    }
}
