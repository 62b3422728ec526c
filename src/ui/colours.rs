//! The colour of each record kind in the pictures (timeline marks, network nodes), one pair
//! per kind so that the two views agree, readable on the light and the dark theme.

use crate::model::RecordKind;
use egui::Color32;

/// The colour for records of `kind` on a light (`dark` false) or dark background.
pub fn kind_colour(kind: RecordKind, dark: bool) -> Color32 {
    let (light, night) = match kind {
        RecordKind::Actor => (
            Color32::from_rgb(200, 60, 60),
            Color32::from_rgb(236, 110, 110),
        ),
        RecordKind::Meeting => (
            Color32::from_rgb(36, 99, 178),
            Color32::from_rgb(96, 156, 230),
        ),
        RecordKind::Statement => (
            Color32::from_rgb(196, 98, 16),
            Color32::from_rgb(236, 146, 64),
        ),
        RecordKind::Link => (
            Color32::from_rgb(60, 128, 80),
            Color32::from_rgb(112, 186, 128),
        ),
        RecordKind::Source => (
            Color32::from_rgb(128, 72, 160),
            Color32::from_rgb(180, 132, 214),
        ),
        RecordKind::Place => (
            Color32::from_rgb(20, 140, 140),
            Color32::from_rgb(80, 200, 200),
        ),
        RecordKind::Topic => (
            Color32::from_rgb(120, 110, 40),
            Color32::from_rgb(200, 190, 110),
        ),
    };
    if dark { night } else { light }
}
