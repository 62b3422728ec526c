//! Spreadsheet-safe CSV cells. A cell that a spreadsheet would run as a formula (it starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return, as OWASP lists them) is written with a `'`
//! in front, which spreadsheets show as text. Plain numbers ("-33.5") are left alone. Reading
//! takes the `'` off again; a cell that already starts with `'`s before such a character gets
//! one more, so every text reads back exactly as it was written.

/// The characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// True if `text`, after any leading `'`s, starts like a formula.
fn formula_after_quotes(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(|c| FORMULA_STARTS.contains(&c))
}

/// True for a plain decimal number such as "-33.5" or "+7".
fn plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
}

/// The cell as written to a file.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if formula_after_quotes(text) && !plain_number(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The text a written cell stood for.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_after_quotes(rest) && !plain_number(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_lose_it_on_reading() {
        for text in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let written = neutralise(text);
            assert!(
                written.starts_with('\''),
                "{text:?} was written as {written:?}"
            );
            assert_eq!(restore(&written), text);
        }
    }

    #[test]
    fn numbers_and_plain_text_are_left_alone() {
        for text in ["-33.5", "+7", "12", "Lavrov", "", "'", "'quoted'", "a=b"] {
            assert_eq!(neutralise(text), text);
            assert_eq!(restore(text), text);
        }
    }

    #[test]
    fn texts_that_look_neutralised_already_read_back_as_themselves() {
        for text in ["'=x", "''@y", "'-", "'-5x"] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
    }
}
