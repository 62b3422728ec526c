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
    let mut single = egui::text::LayoutJob::default();
    rich(text).append_to(
        &mut single,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::LEFT,
    );
    let format = single
        .sections
        .first()
        .map(|s| s.format.clone())
        .unwrap_or_default();
    let width = ui.available_width().max(40.0);
    let (job, rtl) = paragraph_job(ui, &[(text.to_string(), format)], width);
    show_paragraph(ui, job, rtl, width)
}

/// Shows a job from `paragraph_job`: a right-to-left one against the right edge.
pub fn show_paragraph(
    ui: &mut egui::Ui,
    job: egui::text::LayoutJob,
    rtl: bool,
    width: f32,
) -> egui::Response {
    if rtl {
        // Right-aligned rows need the full width to align against.
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::Max),
            |ui| ui.add(egui::Label::new(job).wrap()),
        )
        .inner
    } else {
        ui.add(egui::Label::new(job).wrap())
    }
}

/// A paragraph of formatted pieces (a report's marked words) wrapped to `width` and put in
/// drawing order line by line; returns the job and whether the paragraph reads right to left
/// (its rows are then aligned right).
pub fn paragraph_job(
    ui: &egui::Ui,
    pieces: &[(String, egui::TextFormat)],
    width: f32,
) -> (egui::text::LayoutJob, bool) {
    use crate::model::bidi::{has_rtl, paragraph_is_rtl, visual_tagged_line};
    let logical = |max_width: f32| {
        let mut job = egui::text::LayoutJob::default();
        for (text, format) in pieces {
            job.append(text, 0.0, format.clone());
        }
        job.wrap.max_width = max_width;
        job
    };
    let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
    if !has_rtl(&text) {
        return (logical(width), false);
    }
    let rtl = paragraph_is_rtl(&text);
    let galley = ui.painter().layout_job(logical(width));
    // Each character's piece, to cut the lines into pieces again.
    let owner: Vec<(char, usize)> = pieces
        .iter()
        .enumerate()
        .flat_map(|(i, (t, _))| t.chars().map(move |c| (c, i)))
        .collect();
    let mut rows: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for row in &galley.rows {
        let end = (at + row.char_count_including_newline().0).min(owner.len());
        rows.push((at, end));
        at = end;
    }
    if at != owner.len() {
        // Shaping joined characters into fewer glyphs than letters: one line, reordered whole.
        rows = vec![(0, owner.len())];
    }
    let mut job = egui::text::LayoutJob::default();
    for (n, (start, end)) in rows.into_iter().enumerate() {
        let line = &owner[start..end];
        // The spaces where the line was broken are not drawn.
        let first = line
            .iter()
            .position(|(c, _)| !c.is_whitespace())
            .unwrap_or(line.len());
        let last = line
            .iter()
            .rposition(|(c, _)| !c.is_whitespace())
            .map_or(first, |p| p + 1);
        let mut line_pieces: Vec<(String, usize)> = Vec::new();
        for (c, i) in &line[first..last.max(first)] {
            match line_pieces.last_mut() {
                Some((text, owner)) if owner == i => text.push(*c),
                _ => line_pieces.push((c.to_string(), *i)),
            }
        }
        if n > 0 {
            let format = pieces.first().map(|(_, f)| f.clone()).unwrap_or_default();
            job.append("\n", 0.0, format);
        }
        for (piece, index) in visual_tagged_line(&line_pieces, rtl) {
            if let Some((_, format)) = pieces.get(index) {
                job.append(&piece, 0.0, format.clone());
            }
        }
    }
    if rtl {
        job.halign = egui::Align::RIGHT;
    }
    // Lines are broken already; a little room keeps a reordered line (shaped a hair wider)
    // from breaking again.
    job.wrap.max_width = width + 8.0;
    (job, rtl)
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

/// A day of the timeline's axis in words, as a caption gives it: "9 September 2025".
pub fn long_day(day: crate::model::timeline::Day) -> String {
    crate::model::timeline::date_of(day.floor())
        .strftime("%-d %B %Y")
        .to_string()
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
    fn a_marked_arabic_paragraph_is_reordered_line_by_line_keeping_its_marks() {
        let ctx = egui::Context::default();
        super::super::fonts::install(&ctx);
        let marked = egui::TextFormat {
            color: egui::Color32::RED,
            ..Default::default()
        };
        let pieces = vec![
            (
                "قال وزير الخارجية ".to_string(),
                egui::TextFormat::default(),
            ),
            ("أسعد الشيباني".to_string(), marked),
            (
                " إن بلاده تريد روسيا إلى جانبها في مرحلة إعادة الإعمار".to_string(),
                egui::TextFormat::default(),
            ),
        ];
        let mut result = None;
        for _ in 0..2 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                result = Some(paragraph_job(ui, &pieces, 160.0));
            });
            output.textures_delta.clear();
        }
        let (job, rtl) = result.expect("a frame ran");
        assert!(rtl);
        assert_eq!(job.halign, egui::Align::RIGHT);
        let lines: Vec<&str> = job.text.lines().collect();
        assert!(lines.len() >= 3, "{}", job.text);
        // The first line holds the paragraph's first words, the first at its right end.
        assert!(lines[0].ends_with("قال"), "{}", job.text);
        assert!(
            lines.last().is_some_and(|l| l.contains("الإعمار")),
            "{}",
            job.text
        );
        // The marked name keeps its mark, wherever its words went.
        let red: String = job
            .sections
            .iter()
            .filter(|s| s.format.color == egui::Color32::RED)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert!(red.contains("الشيباني") && red.contains("أسعد"), "{red}");
        assert!(!red.contains("قال"), "{red}");
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
