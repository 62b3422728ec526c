//! Small text helpers for views: text in drawing order (right-to-left runs) and short dates.

/// `text` in the order egui should draw it (the Unicode Bidirectional Algorithm, applied in
/// `model::bidi`): right-to-left runs reordered, each Arabic word left for egui to shape.
pub fn visual(text: &str) -> String {
    crate::model::bidi::visual(text)
}

/// Under a text field holding right-to-left text: the text as it reads (egui edits it in the
/// order it was typed). Nothing for left-to-right text.
pub fn rtl_preview(ui: &mut egui::Ui, text: &str) {
    if crate::model::bidi::has_rtl(text) {
        ui.label(
            egui::RichText::new(format!("reads: {}", visual(text)))
                .small()
                .weak(),
        );
    }
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
