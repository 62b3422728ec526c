//! Text from records made safe for Markdown: it shows as the characters it holds and never
//! becomes markup. Characters with inline meaning (emphasis, code, links, images, footnotes,
//! HTML and entities, tables, strikethrough, heading closers) get a backslash; line breaks
//! inside a one-line field become spaces; in a multi-line field each line is trimmed of
//! leading blanks (no code blocks), line-start markers (lists, quotes, headings, rules) are
//! escaped, and lines are joined by hard breaks under the block's prefix.

/// ASCII punctuation that can start markup anywhere in a line.
const INLINE_MARKUP: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~', '#', '$',
];

/// Characters that end a line in some renderer.
const LINE_BREAKS: &[char] = &[
    '\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}', '\u{000B}', '\u{000C}',
];

/// A one-line field: escaped, line breaks made spaces.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if LINE_BREAKS.contains(&c) => out.push(' '),
            // CommonMark turns NUL into U+FFFD anyway; say so in the file itself.
            '\0' => out.push('\u{FFFD}'),
            // Control characters and the bidi overrides and isolates (which reorder what a
            // reader sees, "Trojan Source") are written as their code, visible: the text is
            // not silently altered, and cannot hide or reorder its neighbours.
            // (The brackets escaped, as any other: they must not start a link.)
            c if is_hidden_control(c) => out.push_str(&format!("\\[U+{:04X}\\]", c as u32)),
            c if INLINE_MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Control characters other than line breaks and tabs, and the bidi embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069). The marks Arabic text needs (U+200E, U+200F,
/// U+061C) are kept.
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A multi-line field inside a block whose lines start with `prefix` ("> " in a quote).
pub fn block(text: &str, prefix: &str) -> String {
    let lines: Vec<String> = text
        .split(LINE_BREAKS)
        .map(|line| line.trim_start_matches(|c: char| c.is_whitespace()))
        .filter(|line| !line.trim().is_empty())
        .map(|line| escape_line_start(&inline(line)))
        .collect();
    lines.join(&format!("\\\n{prefix}"))
}

/// Escapes what would make a line a list item, a heading underline or a thematic break.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_line_breaks_flattened() {
        assert_eq!(inline("<b>x</b>"), "\\<b\\>x\\</b\\>");
        assert_eq!(
            inline("[a](javascript:alert(1))"),
            "\\[a\\](javascript:alert(1))"
        );
        assert_eq!(inline("a\n# b"), "a \\# b");
        assert_eq!(inline("Al-Shibani, U.S."), "Al-Shibani, U.S.");
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown_as_their_codes() {
        assert_eq!(
            inline("a\u{202E}cba\u{2066}x"),
            "a\\[U+202E\\]cba\\[U+2066\\]x"
        );
        assert_eq!(inline("bell\u{7}"), "bell\\[U+0007\\]");
        assert_eq!(inline("tab\there"), "tab\there");
        // The marks Arabic text is written with stay as they are.
        assert_eq!(inline("\u{200F}سلام"), "\u{200F}سلام");
    }

    #[test]
    fn block_lines_cannot_start_lists_or_code() {
        assert_eq!(
            block("one\n- two\n    three\n\n1. four", "> "),
            "one\\\n> \\- two\\\n> three\\\n> 1\\. four"
        );
    }
}
