//! Fonts: egui's defaults (Latin, Cyrillic, emoji symbols) come first; DejaVu Sans (Bitstream
//! Vera licence) follows for arrows, Greek, Vietnamese, typographic and math signs, and Noto
//! Sans Arabic (OFL) last, so Arabic names render joined on any machine. All are bundled from
//! `assets/fonts`, so the app looks the same everywhere.

use std::sync::Arc;

use crate::assets::{DEJAVU_SANS, NOTO_SANS_ARABIC};

/// Adds the fallback fonts to both font families, after egui's own.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        ("dejavu-sans", DEJAVU_SANS),
        ("noto-sans-arabic", NOTO_SANS_ARABIC),
    ] {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    ctx.set_fonts(fonts);
}
