//! Text normalisation shared by every comparison: checks, alignment and diff agree on it.

/// Lower case, white space folded, trailing punctuation and leftover markup removed.
pub fn normalize(text: &str) -> String {
    // One pass over the characters into one string: every item of every page is normalised.
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        });
    };
    for c in text.chars() {
        match c {
            '*' | '_' | '`' => {}
            c if c.is_ascii() => push(c.to_ascii_lowercase(), &mut out),
            c => c.to_lowercase().for_each(|lower| push(lower, &mut out)),
        }
    }
    let kept = out.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()).len();
    out.truncate(kept);
    out
}

/// Text with its white space folded to single spaces: how every reader gives an item's text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
    fn normalize_ignores_case_space_markup_and_final_period() {
        assert_eq!(normalize("  Leads **design**   reviews. "), "leads design reviews");
        assert_eq!(normalize("Leads design reviews"), normalize("leads design reviews!"));
    }

    /// The definitions the one-pass functions must agree with.
    fn normalize_as_defined(text: &str) -> String {
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
        let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        collapsed.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()).into()
    }

    proptest::proptest! {
        #[test]
        fn one_pass_normalize_and_fold_agree_with_their_definitions(
            text in "[ a-zA-Z.,!*_`\t\n\u{a0}\u{2019}\u{201c}İÉß\u{3000}-]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize(&text), normalize_as_defined(&text));
            proptest::prop_assert_eq!(
                fold(&text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }

    #[test]
    fn words_split_on_punctuation() {
        let found: Vec<String> = words("Team's cross-team work, (done).").collect();
        assert_eq!(found, ["team's", "cross", "team", "work", "done"]);
    }
}
