//! Text normalisation shared by every comparison: checks, alignment and diff agree on it.

/// Lower case, white space folded, trailing punctuation and leftover markup removed.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return normalize_ascii(text);
    }
    let folded: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    let collapsed = fold(&folded);
    collapsed.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()).to_string()
}

/// [`normalize`] of ASCII text in one pass over its bytes (most items are ASCII): the same
/// result without a string per step.
fn normalize_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for byte in text.bytes() {
        if matches!(byte, b'*' | b'_' | b'`') {
            continue;
        }
        // White space as `split_whitespace` sees it (vertical tab included).
        if char::from(byte).is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(char::from(byte.to_ascii_lowercase()));
    }
    let kept = out.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ').len();
    out.truncate(kept);
    out
}

/// Text with its white space folded to single spaces: how every reader gives an item's text.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a text: lower-case runs of letters, digits and apostrophes.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|word| word.trim_matches('\'').to_lowercase())
        .filter(|word| !word.is_empty())
}

/// `text` cut to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_normalizes_as_any_text() {
        let general = |text: &str| {
            let folded: String = text
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '`'))
                .flat_map(char::to_lowercase)
                .collect();
            let collapsed = fold(&folded);
            collapsed
                .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
                .to_string()
        };
        for text in [
            "  Leads **design**   reviews. ",
            "A\tB\u{b}C\r\nD ! ? .",
            "x . . .",
            "* _ `",
            "",
            "  ",
            "Ends with spaces and dots . .  ",
            "Mixed-CASE words, (links)[/x] `code`!",
        ] {
            assert_eq!(normalize_ascii(text), general(text), "{text:?}");
        }
    }

    #[test]
    fn normalize_ignores_case_space_markup_and_final_period() {
        assert_eq!(normalize("  Leads **design**   reviews. "), "leads design reviews");
        assert_eq!(normalize("Leads design reviews"), normalize("leads design reviews!"));
    }

    #[test]
    fn words_split_on_punctuation() {
        let found: Vec<String> = words("Team's cross-team work, (done).").collect();
        assert_eq!(found, ["team's", "cross", "team", "work", "done"]);
    }
}
