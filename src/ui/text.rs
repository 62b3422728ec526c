//! Small text helpers for views: right-to-left runs and labels for values.

/// True if the text is mostly in a right-to-left script (Arabic, Hebrew).
pub fn is_rtl(text: &str) -> bool {
    let mut rtl = 0;
    let mut ltr = 0;
    for c in text.chars() {
        if matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFC}') {
            rtl += 1;
        } else if c.is_alphabetic() {
            ltr += 1;
        }
    }
    rtl > ltr
}

/// egui lays text out left to right and shapes each word (Arabic letters join and run right
/// to left within the word). For a right-to-left phrase the words are put in visual order (last
/// word first) so that it reads correctly. Lists joined with " · " (aliases) are handled one
/// item at a time, so Latin items keep their order.
pub fn visual(text: &str) -> String {
    if !text
        .chars()
        .any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFC}'))
    {
        return text.to_string();
    }
    text.split(" · ")
        .map(|item| {
            if is_rtl(item) {
                item.split(' ').rev().collect::<Vec<_>>().join(" ")
            } else {
                item.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A stored EDTF date made short for a list column: "2025-07-21/2025-07-31" → "2025-07-21–31".
pub fn short_date(edtf: &str) -> String {
    let Some((a, b)) = edtf.split_once('/') else {
        return edtf.to_string();
    };
    match (a, b) {
        ("..", b) => format!("≤ {b}"),
        (a, "..") => format!("≥ {a}"),
        (a, b) if a.len() == b.len() && a.len() == 10 && a[..8] == b[..8] => {
            format!("{a}–{}", &b[8..])
        }
        (a, b) if a.len() == b.len() && a.len() >= 7 && a[..5] == b[..5] => {
            format!("{a}–{}", &b[5..])
        }
        (a, b) => format!("{a}–{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorders_only_rtl_items() {
        assert_eq!(visual("Asaad Al Shibani"), "Asaad Al Shibani");
        assert_eq!(visual("أسعد الشيباني"), "الشيباني أسعد");
        assert_eq!(
            visual("Sana · الوكالة العربية · SANA"),
            "Sana · العربية الوكالة · SANA"
        );
    }

    #[test]
    fn shortens_intervals() {
        assert_eq!(short_date("2025-07-21/2025-07-31"), "2025-07-21–31");
        assert_eq!(short_date("2025-01-01/2025-09-08"), "2025-01-01–09-08");
        assert_eq!(short_date("2024-12/2025-02"), "2024-12–2025-02");
        assert_eq!(short_date("../2025-03"), "≤ 2025-03");
        assert_eq!(short_date("2025-07"), "2025-07");
    }
}
