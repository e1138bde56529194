#![doc = include_str!("label_drift.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, Item, normalize, words};
use crate::rules::CheckSettings;

use super::topics;

/// The `label-drift` check.
pub const CHECK: Check = Check {
    id: "label-drift",
    summary: "a label reused across levels that is written slightly differently at one level",
    doc: include_str!("label_drift.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// Items longer than this many words are sentences, not labels that name a chain.
const MAX_LABEL_WORDS: usize = 10;

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in topics::topic_frameworks(context).filter(|framework| uses_labels(framework)) {
        let cells = topics::all_cells(framework);
        // Each level's labels by topic: (topic key, item, normalised label, words).
        let labels: Vec<Vec<Label>> = cells
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .flat_map(|cell| cell.items.iter().map(move |&item| (cell.key(), item)))
                    .filter_map(|(topic, item)| Label::of(topic, item))
                    .collect()
            })
            .collect();
        for (higher, level) in framework.levels.iter().enumerate() {
            let below = framework.levels_below(higher);
            for label in &labels[higher] {
                let same_topic = |at: usize| labels[at].iter().filter(|l| l.topic == label.topic);
                // The chain goes on: the same label somewhere below.
                if below.iter().any(|&at| same_topic(at).any(|l| l.normalized == label.normalized))
                {
                    continue;
                }
                // The nearest near miss below whose own chain does not reach this level.
                let near = below.iter().find_map(|&at| {
                    same_topic(at)
                        .find(|l| {
                            near_miss(label, l)
                                && !labels[higher].iter().any(|h| h.normalized == l.normalized)
                        })
                        .map(|l| (at, l))
                });
                let Some((at, low)) = near else { continue };
                findings.push(
                    drift(framework, (at, higher), (label, low), settings)
                        .context(&framework.id, &level.key),
                );
            }
        }
    }
    findings
}

/// Whether any item of the framework carries a label (`attributes["label"]`): only then are its
/// items named by labels that chains follow.
fn uses_labels(framework: &Framework) -> bool {
    framework
        .levels
        .iter()
        .flat_map(|level| level.items())
        .any(|found| found.item.attributes.contains_key("label"))
}

/// A short item of a cell, by the label that names its chain.
struct Label<'a> {
    topic: String,
    item: &'a Item,
    /// The label as written.
    text: &'a str,
    normalized: String,
    words: Vec<String>,
}

impl<'a> Label<'a> {
    /// The label of `item`: its `label` attribute, or its text when that is short enough to be
    /// one (a variant of a label that no longer recurs exactly has lost its attribute).
    fn of(topic: String, item: &'a Item) -> Option<Self> {
        let text = item.attributes.get("label").map_or(item.text.as_str(), String::as_str);
        let found: Vec<String> = words(text).collect();
        (!found.is_empty() && found.len() <= MAX_LABEL_WORDS).then(|| Label {
            topic,
            item,
            text,
            normalized: normalize(text),
            words: found,
        })
    }
}

/// Whether two different labels are one label drifting: the same words with other
/// punctuation, or one word changed, added or removed (with at least two words kept).
fn near_miss(a: &Label<'_>, b: &Label<'_>) -> bool {
    if a.normalized == b.normalized {
        return false;
    }
    if a.words == b.words {
        return true;
    }
    let (short, long) =
        if a.words.len() <= b.words.len() { (&a.words, &b.words) } else { (&b.words, &a.words) };
    match long.len() - short.len() {
        0 => {
            let changed = short.iter().zip(long.iter()).filter(|(x, y)| x != y).count();
            changed == 1 && short.len() >= 3
        }
        1 => {
            short.len() >= 2
                && (0..long.len()).any(|skip| {
                    long.iter().enumerate().filter(|(at, _)| *at != skip).map(|(_, w)| w).eq(short)
                })
        }
        _ => false,
    }
}

/// The finding for `label`, a near miss of `low` at a level below.
fn drift(
    framework: &Framework,
    (lower, higher): (usize, usize),
    (label, low): (&Label<'_>, &Label<'_>),
    settings: &CheckSettings,
) -> Finding {
    let (low_level, high_level) = (&framework.levels[lower].name, &framework.levels[higher].name);
    Finding::new(
        "label-drift",
        settings.severity,
        label.item.origin.clone(),
        format!(
            "label \"{}\" at {high_level} is nearly \"{}\" at {low_level}: the chain of that label breaks here",
            label.text, low.text
        ),
    )
    .label("drifted label")
    .related(low.item.origin.clone(), format!("as written at {low_level}"))
    .help(format!(
        "write the label exactly as at {low_level} (\"{}\") so that it names one chain across the levels, or rename it at every level",
        low.text
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    fn label(text: &str) -> Label<'static> {
        let file = Arc::new(SourceFile::new("x.yml", text));
        let item: &'static Item = Box::leak(Box::new(Item::new(text, Span::line(&file, 1))));
        Label::of(String::new(), item).unwrap_or_else(|| panic!("{text} is no label"))
    }

    #[test]
    fn one_word_or_punctuation_is_a_near_miss() {
        let base = label("Runs the support rota for platform");
        assert!(near_miss(&base, &label("Runs the support rota for infra")));
        assert!(near_miss(&base, &label("Runs the support rota, for platform")));
        assert!(near_miss(&label("Writing notes"), &label("Writing shared notes")));
        assert!(!near_miss(&base, &label("Runs the support rota for platform.")));
        assert!(!near_miss(&label("Speaking"), &label("Public speaking")));
        assert!(!near_miss(&base, &label("Plans the support rota for every team")));
    }
}
