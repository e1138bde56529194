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

/// [`normalize`] of ASCII text (most items) in one pass over its bytes: every item of every
/// level read is normalised, so this is on the path of each read.
fn normalize_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for byte in text.bytes() {
        match byte {
            b'*' | b'_' | b'`' => {}
            // The ASCII white space `char::is_whitespace` knows (vertical tab included).
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ' => space = !out.is_empty(),
            byte => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(byte.to_ascii_lowercase()));
            }
        }
    }
    let end = out.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == ' ').len();
    out.truncate(end);
    out
}

/// Text with its white space folded to single spaces: how every reader gives an item's text.
pub fn fold(text: &str) -> String {
    // A byte scan for the ASCII text most items are: `split_ascii_whitespace` agrees with
    // `split_whitespace` there but for the vertical tab, which it does not take for a space.
    if text.is_ascii() && !text.contains('\x0B') {
        join_words(text.split_ascii_whitespace(), text.len())
    } else {
        join_words(text.split_whitespace(), text.len())
    }
}

/// `words` joined by single spaces, in a string of `capacity`.
fn join_words<'a>(words: impl Iterator<Item = &'a str>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for word in words {
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

/// Each of [`words`] of `text` in turn, lower-cased into one reused buffer rather than a new
/// string per word (the hot loops of alignment and near-duplicate call this for every item).
pub fn for_each_word(text: &str, mut visit: impl FnMut(&str)) {
    let mut lower = String::new();
    if text.is_ascii() {
        // Bytes are chars here: runs of word bytes found without decoding or Unicode tables.
        let word_byte = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'\'';
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            while at < bytes.len() && word_byte(bytes[at]) {
                at += 1;
            }
            let word = text.get(start..at).unwrap_or_default().trim_matches('\'');
            at += 1;
            if word.is_empty() {
                continue;
            }
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            visit(&lower);
        }
        return;
    }
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&word.to_lowercase());
        }
        visit(&lower);
    }
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
    fn each_word_is_one_of_words() {
        for text in [
            "Leads 'design' reviews, ships it's code -- fast!!",
            "'' a''b 'c' x1y2 END'",
            "",
            "   ",
            "Übergröße naïve café, 2024 and the",
            "trailing word",
        ] {
            let mut found = Vec::new();
            for_each_word(text, |word| found.push(word.to_string()));
            assert_eq!(found, words(text).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn normalize_ignores_case_space_markup_and_final_period() {
        assert_eq!(normalize("  Leads **design**   reviews. "), "leads design reviews");
        assert_eq!(normalize("Leads design reviews"), normalize("leads design reviews!"));
    }

    /// `normalize` as written for any text, before its ASCII fast path.
    fn normalize_chars(text: &str) -> String {
        let folded: String = text
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`'))
            .flat_map(char::to_lowercase)
            .collect();
        let collapsed = fold(&folded);
        collapsed
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .to_string()
    }

    proptest::proptest! {
        #[test]
        fn ascii_texts_normalise_as_any_text_does(text in "[ -~\t\n\x0B\x0C\r]{0,40}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_chars(&text));
        }
    }

    #[test]
    fn ascii_edge_cases_normalise_as_any_text_does() {
        for text in ["", " ", "*", " . ", "a _b_ .", "A\x0Bb \t", "x *.* ", "**Leads**  design.\n"]
        {
            assert_eq!(normalize(text), normalize_chars(text), "{text:?}");
        }
    }

    #[test]
    fn words_split_on_punctuation() {
        let found: Vec<String> = words("Team's cross-team work, (done).").collect();
        assert_eq!(found, ["team's", "cross", "team", "work", "done"]);
    }
}
