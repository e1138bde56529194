#![doc = include_str!("repeated_role.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Level, Spanned, words};
use crate::rules::CheckSettings;

/// The `repeated-role` check.
pub const CHECK: Check = Check {
    id: "repeated-role",
    summary: "a title or heading that names the role or the level twice",
    doc: include_str!("repeated_role.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// Short words a heading may well repeat ("Head of Engineering of …" is clumsy, not wrong).
const LINKING_WORDS: &[&str] =
    &["of", "and", "the", "in", "for", "to", "a", "an", "on", "at", "by", "with", "or"];

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            for (what, text) in texts(level) {
                let Some(word) = repeated(&text.text) else { continue };
                let example = framework
                    .levels
                    .iter()
                    .filter_map(|other| other.page.as_ref()?.heading.as_ref())
                    .find(|heading| repeated(&heading.text).is_none());
                let once = without_first(&text.text, &word);
                let help = match example {
                    Some(example) => format!(
                        "write it `{once}`: other pages of this framework name the role once (`{}`)",
                        example.text
                    ),
                    None => format!("write it `{once}`"),
                };
                findings.push(
                    Finding::new(
                        "repeated-role",
                        settings.severity,
                        text.span.clone(),
                        format!("this {what} names `{word}` twice"),
                    )
                    .label(format!("`{word}` twice"))
                    .help(help)
                    .context(&framework.id, &level.key),
                );
            }
        }
    }
    findings
}

/// The title (its part after the framework's name, past the last `:`), the page heading and the
/// section headings of a level's page.
fn texts(level: &Level) -> Vec<(&'static str, Spanned)> {
    let Some(page) = &level.page else { return Vec::new() };
    let mut texts = Vec::new();
    if let Some(title) = &page.title {
        // "Support Career Framework: Staff Support Engineer" names the framework, then the role.
        let role = title.text.rsplit(':').next().unwrap_or(&title.text);
        texts.push(("title", Spanned { text: role.to_string(), span: title.span.clone() }));
    }
    texts.extend(page.heading.clone().map(|heading| ("heading", heading)));
    let sections = level.sections.iter().filter_map(|section| section.heading.clone());
    texts.extend(sections.map(|heading| ("section heading", heading)));
    texts
}

/// The text without the first of the two places that say `word`, so the role keeps its last
/// and usual position ("Support Staff Support Engineer" -> "Staff Support Engineer").
fn without_first(text: &str, word: &str) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    let mut start = None;
    for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, is_word(c)) {
            (None, true) => start = Some(index),
            (Some(from), false) => {
                if text[from..index].to_lowercase() == word.to_lowercase() {
                    let rest = text[index..].trim_start();
                    return format!("{}{rest}", &text[..from]).trim().to_string();
                }
                start = None;
            }
            _ => {}
        }
    }
    text.to_string()
}

/// The first word a text says twice, linking words aside, as written.
fn repeated(text: &str) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for word in words(text).filter(|word| !LINKING_WORDS.contains(&word.as_str())) {
        if seen.contains(&word) {
            let written = text
                .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .find(|written| written.to_lowercase() == word)
                .unwrap_or(&word);
            return Some(written.to_string());
        }
        seen.push(word);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{repeated, without_first};

    #[test]
    fn a_word_said_twice_is_found_as_written() {
        assert_eq!(repeated("Support Staff Support Engineer").as_deref(), Some("Support"));
        assert_eq!(repeated("Senior senior Engineer").as_deref(), Some("Senior"));
        assert_eq!(repeated("Head of Quality of Service"), None);
        assert_eq!(repeated("Dev Senior Backend Engineer (BE)"), None);
    }

    #[test]
    fn the_fix_keeps_the_role_in_its_last_place() {
        assert_eq!(
            without_first("Support Staff Support Engineer", "Support"),
            "Staff Support Engineer"
        );
        assert_eq!(without_first("Senior senior Engineer", "senior"), "senior Engineer");
        assert_eq!(without_first("Supporting Support Support", "Support"), "Supporting Support");
        assert_eq!(without_first("Ünïcode Ünïcode", "ünïcode"), "Ünïcode");
    }
}
