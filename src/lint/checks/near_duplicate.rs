#![doc = include_str!("near_duplicate.md")]

use std::collections::HashMap;

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
    // Words as numbers: comparing every pair of a level's items is the hot loop.
    let mut numbers: HashMap<String, u32> = HashMap::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            let items: Vec<Compared<'_>> = level
                .items()
                .filter(|found| !found.item.is_detail())
                .map(|found| Compared::new(found.item, &mut numbers))
                .filter(|compared| compared.words.len() >= MIN_WORDS)
                .collect();
            for (index, first) in items.iter().enumerate() {
                for second in &items[index + 1..] {
                    if first.item.normalized == second.item.normalized
                        || !contained(first, second, threshold)
                        || related(first.item, second.item)
                    {
                        continue;
                    }
                    // The item with fewer words is the one the other says in full.
                    let (said, sayer) = if first.words.len() <= second.words.len() {
                        (first.item, second.item)
                    } else {
                        (second.item, first.item)
                    };
                    findings
                        .push(finding(said, sayer, settings).context(&framework.id, &level.key));
                }
            }
        }
    }
    findings
}

/// An item ready to compare: its content words in order, and the same words sorted.
struct Compared<'a> {
    item: &'a Item,
    words: Vec<u32>,
    sorted: Vec<u32>,
    /// One bit per word number modulo 64: a word whose bit the other item lacks is not in it.
    mask: u64,
}

impl<'a> Compared<'a> {
    fn new(item: &'a Item, numbers: &mut HashMap<String, u32>) -> Self {
        let words: Vec<u32> = content_words(&item.text)
            .into_iter()
            .map(|word| {
                let next = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
                *numbers.entry(word).or_insert(next)
            })
            .collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let mask = words.iter().fold(0, |mask, word| mask | 1u64 << (word % 64));
        Self { item, words, sorted, mask }
    }
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

/// Whether the longer item says, in the same order, at least `threshold` of the shorter item's
/// words.
fn contained(one: &Compared<'_>, other: &Compared<'_>, threshold: f64) -> bool {
    let (short, long) =
        if one.words.len() <= other.words.len() { (one, other) } else { (other, one) };
    let total = short.words.len() as f64;
    if short.words.is_empty() {
        return false;
    }
    // Each bit of the shorter that the longer lacks is a word it does not say: most pairs stop
    // here, the rest when too few of the words are there at all, in any order.
    let absent = f64::from((short.mask & !long.mask).count_ones());
    if (total - absent) / total < threshold {
        return false;
    }
    let present = short.words.iter().filter(|word| long.sorted.binary_search(word).is_ok()).count();
    present as f64 / total >= threshold
        && longest_common(&short.words, &long.words) as f64 / total >= threshold
}

/// The length of the longest common subsequence of two word lists, one row at a time.
fn longest_common(short: &[u32], long: &[u32]) -> usize {
    let mut row = vec![0usize; long.len() + 1];
    for word in short {
        let mut diagonal = 0;
        for (column, other) in long.iter().enumerate() {
            let above = row[column + 1];
            row[column + 1] = if word == other { diagonal + 1 } else { above.max(row[column]) };
            diagonal = above;
        }
    }
    row[long.len()]
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Compared, contained};
    use crate::model::Item;
    use crate::source::{SourceFile, Span};

    fn said_in_full(one: &str, other: &str, threshold: f64) -> bool {
        let file = std::sync::Arc::new(SourceFile::new("x.md", ""));
        let one = Item::new(one, Span::new(&file, 0..0));
        let other = Item::new(other, Span::new(&file, 0..0));
        let mut numbers = HashMap::new();
        contained(
            &Compared::new(&one, &mut numbers),
            &Compared::new(&other, &mut numbers),
            threshold,
        )
    }

    #[test]
    fn an_item_said_in_full_by_a_longer_one_is_contained() {
        let short = "Takes on large tasks with unclear requirements.";
        let long = "Takes on large tasks with unclear requirements and plans the work.";
        assert!(said_in_full(short, long, 1.0));
        assert!(said_in_full(long, short, 1.0), "either order");
    }

    #[test]
    fn a_template_with_one_word_changed_is_not() {
        let one = "Follows the Kindness values for this grade.";
        let other = "Follows the Diversity, Inclusion and Belonging values for this grade.";
        // Three of its four words (follows, values, grade) are in the other, in order.
        assert!(!said_in_full(one, other, 0.9));
        assert!(said_in_full(one, other, 0.75));
    }

    #[test]
    fn words_out_of_order_are_not_said_in_full() {
        let one = "Reviews designs then writes tests.";
        let other = "Writes tests then reviews designs.";
        assert!(!said_in_full(one, other, 0.9));
    }
}
