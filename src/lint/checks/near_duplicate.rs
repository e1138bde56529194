#![doc = include_str!("near_duplicate.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Item, words};
use crate::rules::CheckSettings;

use super::structure::short;

/// The `near-duplicate` check.
pub const CHECK: Check = Check {
    id: "near-duplicate",
    summary: "an item that says again, in nearly the same words, what another item of its level says",
    doc: include_str!("near_duplicate.md"),
    input_errors: &[],
    run,
};

/// Similarity from which two items are reported when `rules/checks.yml` sets none.
const DEFAULT_THRESHOLD: f64 = 0.9;

/// Items shorter than this many content words are labels or fragments, not claims to compare.
const MIN_WORDS: usize = 3;

/// Words that carry no claim: an item is compared on the others.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "with", "from", "by", "at",
    "this", "that", "those", "these", "their", "its", "is", "are", "be", "as",
];

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let threshold = settings.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            let items: Vec<(&Item, Vec<String>)> = level
                .items()
                .map(|found| (found.item, content_words(&found.item.text)))
                .filter(|(_, words)| words.len() >= MIN_WORDS)
                .collect();
            for (index, (first, first_words)) in items.iter().enumerate() {
                for (second, second_words) in &items[index + 1..] {
                    if first.normalized == second.normalized || related(first, second) {
                        continue;
                    }
                    let score = contained(first_words, second_words);
                    if score < threshold {
                        continue;
                    }
                    // The item with fewer words is the one the other says in full.
                    let (said, sayer) = if first_words.len() <= second_words.len() {
                        (*first, *second)
                    } else {
                        (*second, *first)
                    };
                    findings
                        .push(finding(said, sayer, settings).context(&framework.id, &level.key));
                }
            }
        }
    }
    findings
}

/// The finding at the item that another item of the level already says.
fn finding(said: &Item, sayer: &Item, settings: &CheckSettings) -> Finding {
    let help = match (&said.via, &sayer.via) {
        (Some(one), Some(other)) if one != other => format!(
            "the two come from different includes ({} and {}): keep the item in one of them",
            one.text(),
            other.text()
        ),
        _ => "keep one of the two, or say what each adds".to_string(),
    };
    Finding::new(
        "near-duplicate",
        settings.severity,
        said.origin.clone(),
        format!("`{}` says again what `{}` says", short(&said.text), short(&sayer.text)),
    )
    .label("said again by another item of this level")
    .related(sayer.origin.clone(), "in nearly the same words here")
    .help(help)
}

/// Whether one item holds the other as a sub-item (a sub-item may repeat its parent's words).
fn related(one: &Item, other: &Item) -> bool {
    let holds =
        |parent: &Item, child: &Item| parent.walk().skip(1).any(|item| item.origin == child.origin);
    holds(one, other) || holds(other, one)
}

/// The words of a text that carry a claim, in order.
fn content_words(text: &str) -> Vec<String> {
    words(text).filter(|word| !FILLER.contains(&word.as_str())).collect()
}

/// The share of the shorter list's words that the longer says in the same order.
fn contained(one: &[String], other: &[String]) -> f64 {
    let (short, long) = if one.len() <= other.len() { (one, other) } else { (other, one) };
    if short.is_empty() {
        return 0.0;
    }
    // Longest common subsequence, one row at a time.
    let mut row = vec![0usize; long.len() + 1];
    for word in short {
        let mut diagonal = 0;
        for (column, other) in long.iter().enumerate() {
            let above = row[column + 1];
            row[column + 1] = if word == other { diagonal + 1 } else { above.max(row[column]) };
            diagonal = above;
        }
    }
    row[long.len()] as f64 / short.len() as f64
}

#[cfg(test)]
mod tests {
    use super::{contained, content_words};

    fn score(one: &str, other: &str) -> f64 {
        contained(&content_words(one), &content_words(other))
    }

    #[test]
    fn an_item_said_in_full_by_a_longer_one_is_contained() {
        let score = score(
            "Takes on large tasks with unclear requirements.",
            "Takes on large tasks with unclear requirements and plans the work.",
        );
        assert!((score - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn a_template_with_one_word_changed_is_not() {
        let score = score(
            "Follows the Kindness values for this grade.",
            "Follows the Diversity, Inclusion and Belonging values for this grade.",
        );
        assert!(score < 0.9, "{score}");
    }
}
