//! Small text helpers for views: text in drawing order (right-to-left runs) and short dates.

/// `text` in the order egui should draw it (the Unicode Bidirectional Algorithm, applied in
/// `model::bidi`): right-to-left runs reordered, each Arabic word left for egui to shape.
pub fn visual(text: &str) -> String {
    crate::model::bidi::visual(text)
}

/// A paragraph that may hold right-to-left text, wrapped to the room there is: egui breaks
/// the lines of the text as written, then each line is put in drawing order in the
/// paragraph's direction (the algorithm reorders lines, not whole paragraphs), and a
/// right-to-left paragraph stands against the right edge. Text without right-to-left letters
/// is an ordinary wrapping label.
pub fn paragraph(
    ui: &mut egui::Ui,
    text: &str,
    rich: impl Fn(&str) -> egui::RichText,
) -> egui::Response {
    use crate::model::bidi::{has_rtl, paragraph_is_rtl, visual_line};
    if !has_rtl(text) {
        return ui.add(egui::Label::new(rich(text)).wrap());
    }
    let width = ui.available_width().max(40.0);
    let job_of = |t: &str| {
        let mut job = egui::text::LayoutJob::default();
        rich(t).append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::LEFT,
        );
        job
    };
    let mut job = job_of(text);
    job.wrap.max_width = width;
    let galley = ui.painter().layout_job(job);
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut at = 0;
    for row in &galley.rows {
        let end = (at + row.char_count_including_newline().0).min(chars.len());
        lines.push(chars[at..end].iter().collect::<String>().trim().to_string());
        at = end;
    }
    if at != chars.len() {
        // Shaping joined characters into fewer glyphs than letters: reorder it whole.
        lines = vec![text.to_string()];
    }
    let rtl = paragraph_is_rtl(text);
    let shown: Vec<String> = lines.iter().map(|l| visual_line(l, rtl)).collect();
    let mut job = job_of(&shown.join("\n"));
    if rtl {
        job.halign = egui::Align::RIGHT;
    }
    job.wrap.max_width = width;
    if rtl {
        // Right-aligned rows need the full width to align against.
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::Max),
            |ui| ui.add(egui::Label::new(job)),
        )
        .inner
    } else {
        ui.add(egui::Label::new(job))
    }
}

/// Under a text field holding right-to-left text: the text as it reads (egui edits it in the
/// order it was typed). Nothing for left-to-right text.
pub fn rtl_preview(ui: &mut egui::Ui, text: &str) {
    if crate::model::bidi::has_rtl(text) {
        ui.label(egui::RichText::new(format!("reads: {}", visual(text))).weak());
    }
}

/// Pieces of text (each with its format) cut to fit `width` and put in drawing order, as one
/// job for a label that does not wrap. egui cuts a label at its right edge, which in
/// right-to-left text is where the text begins ("…الشرع" for "أحمد الشرع"); text holding any
/// right-to-left letter is therefore cut here, at its logical end, before it is reordered.
/// Other text is left to egui's own truncation (`Label::truncate`).
pub fn fitted_job(
    ui: &egui::Ui,
    pieces: &[(String, egui::TextFormat)],
    width: f32,
) -> egui::text::LayoutJob {
    use crate::model::bidi::{has_rtl, visual_tagged};
    let job_of = |kept: usize, ellipsis: bool| {
        // The first `kept` characters, pieces in order, then the ellipsis in the last
        // piece's format; reordered together, each piece keeping its format (by index).
        let mut left = kept;
        let mut cut: Vec<(String, usize)> = Vec::new();
        for (i, (text, _)) in pieces.iter().enumerate() {
            let n = text.chars().count().min(left);
            left -= n;
            cut.push((text.chars().take(n).collect(), i));
        }
        if ellipsis && let Some(last) = cut.iter_mut().rev().find(|(t, _)| !t.is_empty()) {
            last.0.push('…');
        }
        let mut job = egui::text::LayoutJob::default();
        for (text, index) in visual_tagged(&cut) {
            if let Some((_, format)) = pieces.get(index) {
                job.append(&text, 0.0, format.clone());
            }
        }
        job
    };
    let total: usize = pieces.iter().map(|(t, _)| t.chars().count()).sum();
    let any_rtl = pieces.iter().any(|(t, _)| has_rtl(t));
    let full = job_of(total, false);
    if !any_rtl {
        return full;
    }
    let fits = |job: &egui::text::LayoutJob| ui.painter().layout_job(job.clone()).size().x <= width;
    if fits(&full) {
        return full;
    }
    // The most whole words that fit with the ellipsis (a binary search over where words
    // end); letters only if not even the first word fits.
    let all: Vec<char> = pieces.iter().flat_map(|(t, _)| t.chars()).collect();
    let mut ends: Vec<usize> = (1..all.len())
        .filter(|&i| all[i].is_whitespace() && !all[i - 1].is_whitespace())
        .collect();
    if ends.is_empty() || !fits(&job_of(ends[0], true)) {
        ends = (0..total).collect();
    }
    let (mut low, mut high) = (0usize, ends.len() - 1);
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(&job_of(ends[middle], true)) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    job_of(ends[low], true)
}

/// `text` cut to `max` characters, with an ellipsis where it was cut.
pub fn truncated(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
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

    /// `fitted_job` in a frame of a headless context with the app's fonts.
    fn fitted(pieces: &[&str], width: f32) -> String {
        let ctx = egui::Context::default();
        super::super::fonts::install(&ctx);
        let mut out = String::new();
        // Fonts take effect from the second frame.
        for _ in 0..2 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let pieces: Vec<(String, egui::TextFormat)> = pieces
                    .iter()
                    .map(|p| (p.to_string(), egui::TextFormat::default()))
                    .collect();
                out = fitted_job(ui, &pieces, width).text;
            });
            // No renderer here: the font atlas's uploads are dropped on purpose.
            output.textures_delta.clear();
        }
        out
    }

    #[test]
    fn arabic_is_cut_at_its_end_not_its_start() {
        // Wide enough: whole, in drawing order.
        assert_eq!(fitted(&["أحمد حسين الشرع"], 1000.0), "الشرع حسين أحمد");
        // Narrow: the first word is kept (drawn at the right end), the last cut, and the
        // ellipsis stands where the text goes on (at the left).
        let cut = fitted(&["أحمد حسين الشرع"], 70.0);
        assert!(cut.contains("أحمد") && !cut.contains("الشرع"), "{cut}");
        // Cut between words, not inside one.
        assert!(!cut.contains("حسي…") && !cut.contains("…ح"), "{cut}");
        assert!(cut.starts_with('…'), "{cut}");
        // Latin is left to egui's own truncation.
        assert_eq!(fitted(&["Ahmad Al Shara"], 10.0), "Ahmad Al Shara");
    }

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
