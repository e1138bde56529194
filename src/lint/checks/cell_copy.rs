#![doc = include_str!("cell_copy.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, Item, words};
use crate::rules::CheckSettings;

use super::topics::{self, Cell};

/// The `cell-copy` check.
pub const CHECK: Check = Check {
    id: "cell-copy",
    summary: "a topic's cell at one level that copies, word for word or nearly, its cell below",
    doc: include_str!("cell_copy.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// Share of words two cells have in common, in order, from which one is a copy of the other
/// when `rules/checks.yml` sets no `threshold`.
const DEFAULT_THRESHOLD: f64 = 0.9;

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let threshold = settings.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let mut findings = Vec::new();
    for framework in topics::topic_frameworks(context) {
        let cells = topics::all_cells(framework);
        for (higher, level) in framework.levels.iter().enumerate() {
            for cell in &cells[higher] {
                // The nearest level below that has the topic: a skipped level is
                // `topic-continuity`'s to report, and the cells either side still compare.
                let below = framework.levels_below(higher).into_iter().find_map(|lower| {
                    cells[lower].iter().find(|other| other.key() == cell.key()).map(|c| (lower, c))
                });
                let Some((lower, under)) = below else { continue };
                let similarity = similarity(&cell_words(cell), &cell_words(under));
                let finding = if similarity >= threshold {
                    Some(copy(framework, (lower, higher), (cell, under), similarity, settings))
                } else {
                    mostly_repeated(framework, (lower, higher), (cell, under), settings)
                };
                findings.extend(finding.map(|found| found.context(&framework.id, &level.key)));
            }
        }
    }
    findings
}

/// The finding for `cell`, a copy of `under` at the level below.
fn copy(
    framework: &Framework,
    (lower, higher): (usize, usize),
    (cell, under): (&Cell<'_>, &Cell<'_>),
    similarity: f64,
    settings: &CheckSettings,
) -> Finding {
    let (low, high) = (&framework.levels[lower].name, &framework.levels[higher].name);
    let name = &cell.topic.name;
    let how = if similarity >= 1.0 {
        "a verbatim copy".to_string()
    } else {
        format!("nearly a copy ({:.0}% of the words the same, in order)", similarity * 100.0)
    };
    Finding::new(
        "cell-copy",
        settings.severity,
        cell.first().origin.clone(),
        format!("the \"{name}\" cell at {high} is {how} of the one at {low}"),
    )
    .label(format!("\"{name}\" at {high}"))
    .related(under.first().origin.clone(), format!("\"{name}\" at {low}"))
    .help(format!(
        "say how {high} goes further than {low} in \"{name}\" (scope, autonomy, impact); if the topic does not grow past {low}, declare that it ends there"
    ))
}

/// At least this many criteria repeated word for word, and at least half of the cell's, make a
/// cell mostly repeated: a cell that keeps most of the criteria below and adds one is no step up,
/// however many words it adds.
const REPEATED_LEAST: usize = 2;

/// The finding for a cell most of whose criteria repeat the cell below word for word (labels
/// aside: they name a chain at every level on purpose).
fn mostly_repeated(
    framework: &Framework,
    (lower, higher): (usize, usize),
    (cell, under): (&Cell<'_>, &Cell<'_>),
    settings: &CheckSettings,
) -> Option<Finding> {
    let criteria: Vec<&Item> = cell
        .items
        .iter()
        .copied()
        .filter(|item| !item.attributes.contains_key("label") && !item.normalized.is_empty())
        .collect();
    let repeated: Vec<&Item> = criteria
        .iter()
        .copied()
        .filter(|item| under.items.iter().any(|low| said(low) == said(item)))
        .collect();
    if repeated.len() < REPEATED_LEAST || 2 * repeated.len() < criteria.len() {
        return None;
    }
    let (low, high) = (&framework.levels[lower].name, &framework.levels[higher].name);
    let name = &cell.topic.name;
    let mut finding = Finding::new(
        "cell-copy/repeated",
        settings.severity,
        repeated[0].origin.clone(),
        format!(
            "{} of the {} criteria of the \"{name}\" cell at {high} repeat {low}'s word for word",
            repeated.len(),
            criteria.len()
        ),
    )
    .label(format!("as at {low}"))
    .help(format!(
        "say how {high} goes further than {low} in \"{name}\" in these criteria, or leave them to {low}: the level above keeps what the level below asks"
    ));
    for item in &repeated[1..] {
        finding = finding.related(item.origin.clone(), format!("also as at {low}"));
    }
    if let Some(first) = under.items.iter().find(|low| said(low) == said(repeated[0])) {
        finding = finding.related(first.origin.clone(), format!("the same criterion at {low}"));
    }
    Some(finding)
}

/// What an item says: its text and its examples' and signals' (an item heading examples, such
/// as "Criteria for sublevel A", says what its examples say).
fn said(item: &Item) -> Vec<&str> {
    let details = item.children.iter().filter(|child| child.is_detail());
    std::iter::once(item.normalized.as_str())
        .chain(details.flat_map(Item::walk).map(|detail| detail.normalized.as_str()))
        .collect()
}

/// The words a cell writes, in order: each item's words, then those of its examples and
/// signals. They count: two cells that ask the same but show different examples are read by
/// people as different levels, and in files where an item is a short label the examples are
/// where its level's words are written (FT's operations file).
fn cell_words(cell: &Cell<'_>) -> Vec<String> {
    let mut found = Vec::new();
    for item in &cell.items {
        found.extend(words(&item.text));
        for detail in item.children.iter().filter(|child| child.is_detail()) {
            found.extend(
                detail.walk().flat_map(|part: &Item| words(&part.text).collect::<Vec<_>>()),
            );
        }
    }
    found
}

/// Twice the longest common run of words (in order, not contiguous) over both lengths: 1 for
/// the same words in the same order, 0 for nothing in common.
fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // Myers' diff is minimal, so its equal runs are a longest common subsequence.
    let same: usize = similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .iter()
        .filter(|op| op.tag() == similar::DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum();
    2.0 * same as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        words(text).collect()
    }

    #[test]
    fn the_same_words_are_a_copy_and_growth_is_not() {
        let low = split("Reviews changes for the team and explains trade-offs.");
        assert_eq!(similarity(&low, &low), 1.0);
        let one_word = split("Reviews changes for the group and explains trade-offs.");
        assert!(similarity(&low, &one_word) >= 0.85);
        let grown = split("Sets review practice across the department and coaches reviewers.");
        assert!(similarity(&low, &grown) < 0.5);
    }
}
