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

/// egui lays text out left to right. For a right-to-left string, the words are put in
/// visual order (last word first), so that a line of Arabic reads correctly; the letters of
/// each word are shaped and joined by the font as usual.
pub fn visual(text: &str) -> String {
    if !is_rtl(text) {
        return text.to_string();
    }
    text.split(' ').rev().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorders_only_rtl_lines() {
        assert_eq!(visual("Asaad Al Shibani"), "Asaad Al Shibani");
        assert_eq!(visual("أسعد الشيباني"), "الشيباني أسعد");
    }
}
