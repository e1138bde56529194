#![doc = include_str!("verbatim_copy.md")]

use std::collections::HashSet;

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, ItemRef};
use crate::rules::CheckSettings;
use crate::source::Span;

/// The `verbatim-copy` check.
pub const CHECK: Check = Check {
    id: "verbatim-copy",
    summary: "an item copied unchanged from a lower level",
    doc: include_str!("verbatim_copy.md"),
    input_errors: &[],
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        findings.extend(framework_findings(framework, settings));
    }
    findings
}

/// Copies within one framework: each higher item against every level below it.
fn framework_findings(framework: &Framework, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Shared includes already reported, by (included file, higher level): report once.
    let mut shared_reported: HashSet<(String, usize)> = HashSet::new();
    // Items (by origin) already reported as a copy, so a line copied up three levels is one finding.
    let mut reported: HashSet<Span> = HashSet::new();
    for (higher_index, higher) in framework.levels.iter().enumerate() {
        for found in higher.items() {
            if settings.exempt_sections.contains(&found.section.name) {
                continue;
            }
            let Some((lower_index, copy)) = nearest_copy(framework, higher_index, &found) else {
                continue;
            };
            let lower = &framework.levels[lower_index];
            if copy.item.origin == found.item.origin {
                let key = (found.item.origin.path().to_string(), higher_index);
                if shared_reported.insert(key) {
                    let finding =
                        shared_include(framework, (higher_index, lower_index), &found, &copy);
                    findings.push(Finding { severity: settings.severity, ..finding });
                }
                continue;
            }
            if !reported.insert(found.item.origin.clone()) {
                continue;
            }
            findings.push(
                Finding::new(
                    "verbatim-copy",
                    settings.severity,
                    found.item.origin.clone(),
                    format!("{} item is a verbatim copy of one at {}", higher.name, lower.name),
                )
                .label(format!("same as at {}", lower.name))
                .related(copy.item.origin.clone(), format!("the same item at {}", lower.name))
                .help(format!(
                    "say how {} goes further than {} (scope, autonomy, impact), or remove the copy",
                    higher.name, lower.name
                ))
                .context(&framework.id, &higher.key),
            );
        }
    }
    findings
}

/// The nearest level below `higher` (following the level graph) holding an item with the same
/// normalised text.
fn nearest_copy<'a>(
    framework: &'a Framework,
    higher: usize,
    found: &ItemRef<'_>,
) -> Option<(usize, ItemRef<'a>)> {
    let mut below = framework.levels[higher].below;
    let mut seen = HashSet::new();
    while let Some(index) = below {
        if !seen.insert(index) {
            break;
        }
        let level = &framework.levels[index];
        if let Some(copy) = level.items().find(|low| low.item.normalized == found.item.normalized) {
            return Some((index, copy));
        }
        below = level.below;
    }
    None
}

/// One finding for an include used unchanged at two levels.
fn shared_include(
    framework: &Framework,
    (higher_index, lower_index): (usize, usize),
    found: &ItemRef<'_>,
    copy: &ItemRef<'_>,
) -> Finding {
    let (higher, lower) = (&framework.levels[higher_index], &framework.levels[lower_index]);
    let path = found.item.origin.path().to_string();
    let count = higher.items().filter(|item| item.item.origin.path() == path).count();
    let primary = found.item.via.clone().unwrap_or_else(|| found.item.origin.clone());
    let mut finding = Finding::new(
        "verbatim-copy/shared-include",
        crate::finding::Severity::Off,
        primary,
        format!(
            "{} includes {path}, which {} also includes: its {count} item(s) are the same at both levels",
            higher.name, lower.name
        ),
    )
    .label(format!("also included at {}", lower.name))
    .help(format!(
        "give {} its own include that says how each item goes further, or mark the section exempt in rules/checks.yml if it is the same at every level by design",
        higher.name
    ))
    .context(&framework.id, &higher.key);
    if let Some(via) = copy.item.via.clone() {
        finding = finding.related(via, format!("included at {}", lower.name));
    }
    finding
}
