#![doc = include_str!("escalation.md")]

use crate::align::{Link, PairAlignment};
use crate::finding::{Finding, Severity};
use crate::hash::TextSet;
use crate::lint::{Check, Context};
use crate::model::clip;

use crate::model::{Framework, Item, ItemRef};
use crate::rules::CheckSettings;
use crate::source::Span;

/// The `escalation` check.
pub const CHECK: Check = Check {
    id: "escalation",
    summary: "an item at a higher level that grows from nothing below and is not declared new",
    doc: include_str!("escalation.md"),
    input_errors: &[],
    reads_alignment: true,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let elsewhere = elsewhere(context);
    let floor = context.rules.alignment.floor;
    let mut findings = Vec::new();
    for aligned in &context.alignment.frameworks {
        let Some(framework) = context.workspace.frameworks.get(aligned.framework) else {
            continue;
        };
        // Frameworks written topic by topic escalate cell by cell (`topic-continuity`,
        // `cell-copy`): item by item, every criterion of a rewritten cell would be reported.
        if !super::topics::item_by_item(context, framework) {
            continue;
        }
        for pair in &aligned.pairs {
            findings.extend(pair_findings(framework, pair, settings, floor, &elsewhere));
        }
    }
    findings
}

/// What other frameworks say of items written in a place several frameworks reach.
#[derive(Default)]
struct Elsewhere {
    /// Items (by origin) that grow from something, or are declared new, in some framework: where
    /// such an item grows from nothing in another framework, the advice is scoped to that
    /// framework (`new for=X`) so that the two never contradict.
    linked: TextSet<Span>,
    /// Items (by origin) that copy an item below word for word in some framework: that
    /// `verbatim-copy` asks for a rewrite, and "declare it new" elsewhere would contradict it.
    copied: TextSet<Span>,
}

fn elsewhere(context: &Context<'_>) -> Elsewhere {
    let mut found = Elsewhere::default();
    for aligned in &context.alignment.frameworks {
        let Some(framework) = context.workspace.frameworks.get(aligned.framework) else {
            continue;
        };
        for pair in &aligned.pairs {
            let lower: Vec<ItemRef> = framework.levels[pair.lower].items().collect();
            for (item, link) in framework.levels[pair.higher].items().zip(&pair.links) {
                if !matches!(link, Link::Unmatched) {
                    found.linked.insert(item.item.origin.clone());
                }
                let copy = link.lower().and_then(|l| lower.get(l));
                if copy.is_some_and(|low| low.item.normalized == item.item.normalized) {
                    found.copied.insert(item.item.origin.clone());
                }
            }
        }
    }
    found
}

/// One finding per item with nothing plausible below, and one summary of the uncertain links.
fn pair_findings(
    framework: &Framework,
    pair: &PairAlignment,
    settings: &CheckSettings,
    floor: f64,
    elsewhere: &Elsewhere,
) -> Vec<Finding> {
    let (lower, higher) = (&framework.levels[pair.lower], &framework.levels[pair.higher]);
    let lower_items: Vec<ItemRef> = lower.items().collect();
    let higher_items: Vec<ItemRef> = higher.items().collect();
    // Sub-items detail their parent (examples of it, most often): the parent carries the link.
    let sub_items: TextSet<&Span> = higher
        .sections
        .iter()
        .flat_map(|section| &section.groups)
        .flat_map(|group| &group.items)
        .flat_map(|item| item.children.iter().flat_map(Item::walk))
        .map(|item| &item.origin)
        .collect();
    let exempt = |found: &ItemRef| {
        settings.exempt_sections.contains(&found.section.name)
            || sub_items.contains(&found.item.origin)
            || found.item.is_detail()
    };
    let mut findings = Vec::new();
    let mut uncertain = Vec::new();
    for (h, link) in pair.links.iter().enumerate() {
        let Some(found) = higher_items.get(h).filter(|found| !exempt(found)) else { continue };
        match link {
            Link::Unmatched if elsewhere.copied.contains(&found.item.origin) => {}
            Link::Unmatched => {
                // In a shared include that grows from something in another framework, "new"
                // holds for this framework only.
                let scope = if elsewhere.linked.contains(&found.item.origin) {
                    format!(" for={}", framework.id)
                } else {
                    String::new()
                };
                let mut finding = Finding::new(
                    "escalation",
                    settings.severity,
                    found.item.origin.clone(),
                    format!(
                        "{} item escalates nothing at {} and is not declared new",
                        higher.name, lower.name
                    ),
                )
                .label("nothing at the level below resembles this item")
                .help(format!(
                    "if it is new at {}, add `<!-- ladder: new{scope} -->` after it (or `new: true` in the alignment file); otherwise name what it grows from with `<!-- ladder: escalates=\"...\"{scope} -->`",
                    higher.name
                ))
                .context(&framework.id, &higher.key);
                // Only the closest, and only when it is at least plausible: a hint below the
                // similarity floor points at an unrelated item.
                let plausible = pair.candidates[h].iter().filter(|c| c.score >= floor);
                for candidate in plausible.take(1) {
                    if let Some(low) = lower_items.get(candidate.lower) {
                        finding = finding.related(
                            low.item.origin.clone(),
                            format!("closest at {} ({:.2})", lower.name, candidate.score),
                        );
                    }
                }
                findings.push(finding);
            }
            Link::Uncertain { .. } => uncertain.push(found),
            _ => {}
        }
    }
    if let Some(first) = uncertain.first() {
        findings.push(summary(framework, pair, &uncertain, first));
    }
    findings
}

/// The info finding that sums up a level pair's uncertain links.
fn summary(
    framework: &Framework,
    pair: &PairAlignment,
    uncertain: &[&ItemRef],
    first: &ItemRef,
) -> Finding {
    let (lower, higher) = (&framework.levels[pair.lower], &framework.levels[pair.higher]);
    let primary = higher
        .span
        .clone()
        .or_else(|| higher.page.as_ref().map(|page| page.span.clone()))
        .unwrap_or_else(|| first.item.origin.clone());
    let examples: Vec<String> = uncertain
        .iter()
        .take(3)
        .map(|found| format!("\"{}\"", clip(&found.item.text, 50)))
        .collect();
    Finding::new(
        "escalation/uncertain",
        Severity::Info,
        primary,
        format!(
            "{} at {} {} only uncertain links to {} (e.g. {})",
            crate::report::plural(uncertain.len(), "item"),
            higher.name,
            if uncertain.len() == 1 { "has" } else { "have" },
            lower.name,
            examples.join(", ")
        ),
    )
    .label(format!("{} of {}", framework.name, higher.name))
    .help(format!(
        "run `ladder align --write alignment.yml` on {}, choose each undecided item's link or mark it new, and name the file in ladder.yml (`alignment: alignment.yml`)",
        framework.id
    ))
    .context(&framework.id, &higher.key)
}
