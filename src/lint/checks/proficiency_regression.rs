#![doc = include_str!("proficiency_regression.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, Item, normalize};
use crate::rules::CheckSettings;

use super::topics::{self, Cell};

/// The `proficiency-regression` check.
pub const CHECK: Check = Check {
    id: "proficiency-regression",
    summary: "a proficiency that falls from one level to the level above, along any branch",
    doc: include_str!("proficiency_regression.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// The attribute holding an item's proficiency.
const ATTRIBUTE: &str = "proficiency";

/// The scale, lowest first, when `rules/checks.yml` sets none (the FT's).
const DEFAULT_SCALE: &[&str] =
    &["Awareness", "Foundational", "Working knowledge", "Practitioner", "Expert"];

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let scale: Vec<String> = if settings.scale.is_empty() {
        DEFAULT_SCALE.iter().map(|rung| normalize(rung)).collect()
    } else {
        settings.scale.iter().map(|rung| normalize(rung)).collect()
    };
    let rank = |item: &Item| {
        let value = normalize(item.attributes.get(ATTRIBUTE)?);
        scale.iter().position(|rung| *rung == value)
    };
    let mut findings = Vec::new();
    for framework in topics::topic_frameworks(context) {
        let cells = topics::all_cells(framework);
        findings.extend(off_scale(framework, &cells, &scale, settings));
        for (lower, higher) in framework.level_pairs() {
            for cell in &cells[higher] {
                let Some(under) = cells[lower].iter().find(|other| other.key() == cell.key())
                else {
                    continue;
                };
                for (item, low) in pairs(cell, under, &rank) {
                    findings.push(
                        fall(framework, (lower, higher), &cell.topic.name, (item, low), settings)
                            .context(&framework.id, &framework.levels[higher].key),
                    );
                }
            }
        }
    }
    findings
}

/// The (higher, lower) items whose proficiency falls: item by item along a label where the
/// items carry one, else the highest of each cell.
fn pairs<'a>(
    cell: &Cell<'a>,
    under: &Cell<'a>,
    rank: &dyn Fn(&Item) -> Option<usize>,
) -> Vec<(&'a Item, &'a Item)> {
    let label = |item: &Item| item.attributes.get("label").map(|label| normalize(label));
    let mut found = Vec::new();
    if cell.items.iter().any(|item| label(item).is_some()) {
        for &item in &cell.items {
            let Some(name) = label(item) else { continue };
            let low = under.items.iter().find(|low| label(low).as_ref() == Some(&name));
            if let (Some(&low), Some(high_rank)) = (low, rank(item))
                && rank(low).is_some_and(|low_rank| low_rank > high_rank)
            {
                found.push((item, low));
            }
        }
        return found;
    }
    let highest = |cell: &Cell<'a>| -> Option<(&'a Item, usize)> {
        let mut best: Option<(&'a Item, usize)> = None;
        for &item in &cell.items {
            if let Some(at) = rank(item)
                && best.is_none_or(|(_, known)| at > known)
            {
                best = Some((item, at));
            }
        }
        best
    };
    if let (Some((item, high)), Some((low, was))) = (highest(cell), highest(under))
        && was > high
    {
        found.push((item, low));
    }
    found
}

/// The finding for `item`, whose proficiency is below that of `low` at the level below.
fn fall(
    framework: &Framework,
    (lower, higher): (usize, usize),
    topic: &str,
    (item, low): (&Item, &Item),
    settings: &CheckSettings,
) -> Finding {
    let (low_level, high_level) = (&framework.levels[lower].name, &framework.levels[higher].name);
    let (now, was) = (&item.attributes[ATTRIBUTE], &low.attributes[ATTRIBUTE]);
    Finding::new(
        "proficiency-regression",
        settings.severity,
        item.origin.clone(),
        format!(
            "proficiency in \"{topic}\" falls from {was} at {low_level} to {now} at {high_level}"
        ),
    )
    .label(format!("{now} at {high_level}"))
    .related(low.origin.clone(), format!("{was} at {low_level}"))
    .help(format!(
        "a level asks at least the proficiency of the level below it: raise {high_level}'s to {was} or more, or lower {low_level}'s"
    ))
}

/// Items whose proficiency is on no rung of the scale (a typo, or a scale that needs the
/// rung in `rules/checks.yml`).
fn off_scale(
    framework: &Framework,
    cells: &[Vec<Cell<'_>>],
    scale: &[String],
    settings: &CheckSettings,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (level, cells) in cells.iter().enumerate() {
        for item in cells.iter().flat_map(|cell| &cell.items) {
            let Some(value) = item.attributes.get(ATTRIBUTE) else { continue };
            if scale.contains(&normalize(value)) {
                continue;
            }
            findings.push(
                Finding::new(
                    "proficiency-regression/off-scale",
                    settings.severity,
                    item.origin.clone(),
                    format!("proficiency \"{value}\" is not on the proficiency scale"),
                )
                .label("its proficiency")
                .help(format!(
                    "write one of: {}; or set the scale (`scale:` under proficiency-regression in the rules folder's checks.yml)",
                    if settings.scale.is_empty() {
                        DEFAULT_SCALE.join(", ")
                    } else {
                        settings.scale.join(", ")
                    }
                ))
                .context(&framework.id, &framework.levels[level].key),
            );
        }
    }
    findings
}
