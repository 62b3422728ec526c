//! Files bundled into the binary that more than one layer uses: the fonts the window draws with
//! and saved pictures are rendered with (DejaVu Sans, Bitstream Vera licence; Noto Sans
//! Arabic, OFL). No logic.

/// Noto Sans Arabic: Arabic names rendered joined on any machine.
pub const NOTO_SANS_ARABIC: &[u8] = include_bytes!("../assets/fonts/NotoSansArabic-Regular.ttf");
/// DejaVu Sans: Latin, Cyrillic, Greek, arrows, typographic and math signs.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
