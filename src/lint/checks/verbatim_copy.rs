#![doc = include_str!("verbatim_copy.md")]

use crate::hash::{TextMap, TextSet};
use rustc_hash::FxHashSet;

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
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Frameworks written topic by topic are compared cell by cell (`cell-copy`).
    let item_by_item = |framework: &&Framework| super::topics::item_by_item(context, framework);
    for framework in context.workspace.frameworks.iter().filter(item_by_item) {
        findings.extend(framework_findings(framework, settings));
    }
    findings
}

/// At least this many items of one list copied, and at least a third of it
/// ([`LIST_COPY_SHARE`]): one finding for the list, since that says something of the whole page.
const LIST_COPY_LEAST: usize = 3;
/// A list is largely copied when copies times this reach its size (a third).
const LIST_COPY_SHARE: usize = 3;

/// One item copied from a level below: the higher item, the lower level, the copy.
struct Copy<'a> {
    found: ItemRef<'a>,
    lower: usize,
    copy: ItemRef<'a>,
}

/// Copies within one framework: each higher item against every level below it.
fn framework_findings(framework: &Framework, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Shared includes already reported, by (included file, higher level): report once.
    let mut shared_reported: TextSet<(String, usize)> = TextSet::default();
    // Items (by origin) already reported as a copy, so a line copied up three levels is one finding.
    let mut reported: TextSet<Span> = TextSet::default();
    let everywhere = shown_at_every_level(framework);
    let by_text = items_by_text(framework);
    for (higher_index, higher) in framework.levels.iter().enumerate() {
        let mut copies: Vec<Copy> = Vec::new();
        for found in higher.items() {
            // Examples and signals illustrate their item: no competency to copy. A label
            // (`attributes["label"]`) names one competency at every level on purpose.
            if settings.exempt_sections.contains(&found.section.name)
                || found.item.is_detail()
                || found.item.attributes.contains_key("label")
            {
                continue;
            }
            let Some((lower_index, copy)) = nearest_copy(framework, &by_text, higher_index, &found)
            else {
                continue;
            };
            if copy.item.origin == found.item.origin {
                // An include every level pulls in is shared word for word by design.
                if everywhere.contains(&found.item.origin) {
                    continue;
                }
                let path = found.item.origin.path().to_string();
                if shared_reported.insert((path, higher_index)) {
                    let finding =
                        shared_include(framework, (higher_index, lower_index), &found, &copy);
                    findings.push(Finding { severity: settings.severity, ..finding });
                }
                continue;
            }
            if reported.insert(found.item.origin.clone()) {
                copies.push(Copy { found, lower: lower_index, copy });
            }
        }
        findings.extend(level_findings(framework, higher_index, copies, settings));
    }
    findings
}

/// The copies of one level: one finding per list that is largely copied, one per other copy.
fn level_findings(
    framework: &Framework,
    higher_index: usize,
    copies: Vec<Copy<'_>>,
    settings: &CheckSettings,
) -> Vec<Finding> {
    let higher = &framework.levels[higher_index];
    // A list is what one file (a page or an include) writes into the level.
    let list_of = |found: &ItemRef| found.item.origin.path().to_string();
    let mut lists: Vec<(String, Vec<Copy>)> = Vec::new();
    for copy in copies {
        let key = list_of(&copy.found);
        match lists.iter_mut().find(|(known, _)| *known == key) {
            Some((_, found)) => found.push(copy),
            None => lists.push((key, vec![copy])),
        }
    }
    let mut findings = Vec::new();
    for (key, copies) in lists {
        let size = higher.items().filter(|found| list_of(found) == key).count();
        if copies.len() >= LIST_COPY_LEAST && LIST_COPY_SHARE * copies.len() >= size {
            findings.push(list_copy(framework, higher_index, &copies, size, settings));
        } else {
            findings.extend(
                copies.iter().map(|copy| item_copy(framework, higher_index, copy, settings)),
            );
        }
    }
    findings
}

/// One item copied word for word.
fn item_copy(
    framework: &Framework,
    higher_index: usize,
    Copy { found, lower, copy }: &Copy<'_>,
    settings: &CheckSettings,
) -> Finding {
    let (higher, lower) = (&framework.levels[higher_index], &framework.levels[*lower]);
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
    .context(&framework.id, &higher.key)
}

/// A large part of one list copied from the levels below: one finding at its first copy, the
/// others named as related places, so that a page-level fact is said once.
fn list_copy(
    framework: &Framework,
    higher_index: usize,
    copies: &[Copy<'_>],
    size: usize,
    settings: &CheckSettings,
) -> Finding {
    let higher = &framework.levels[higher_index];
    let mut lower: Vec<usize> = copies.iter().map(|copy| copy.lower).collect();
    lower.sort_unstable_by(|a, b| b.cmp(a));
    lower.dedup();
    let lower: Vec<&str> = lower.iter().map(|&l| framework.levels[l].name.as_str()).collect();
    let lower = lower.join(" and ");
    let first = &copies[0];
    let mut finding = Finding::new(
        "verbatim-copy/list",
        settings.severity,
        first.found.item.origin.clone(),
        format!(
            "{} of the {size} items {} writes at {} are verbatim copies of items at {lower}",
            copies.len(),
            file_name(first.found.item.origin.path()),
            higher.name,
        ),
    )
    .label(format!("first of {} copies", copies.len()))
    .help(format!(
        "rewrite these items to say how {} goes further than {lower} (scope, autonomy, impact), or include the lower level's list if the levels are meant to be the same here",
        higher.name
    ))
    .context(&framework.id, &higher.key);
    for copy in &copies[1..] {
        finding = finding.related(
            copy.found.item.origin.clone(),
            format!("copy: \"{}\"", crate::model::clip(&copy.found.item.text, 60)),
        );
    }
    finding
}

/// The last component of a path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Items every level of the framework shows from one place (an include every level pulls in,
/// a YAML alias every level reuses): lists shared at every level by design (the one values
/// include of the GitLab handbook), never reported as copies.
fn shown_at_every_level(framework: &Framework) -> TextSet<Span> {
    let mut levels = framework.levels.iter().filter(|level| level.items().next().is_some());
    let Some(first) = levels.next() else { return TextSet::default() };
    let origins = |level: &crate::model::Level| -> TextSet<Span> {
        level.items().map(|found| found.item.origin.clone()).collect()
    };
    let mut common = origins(first);
    let mut count = 1;
    for level in levels {
        let here = origins(level);
        common.retain(|origin| here.contains(origin));
        count += 1;
    }
    if count < 2 { TextSet::default() } else { common }
}

/// The nearest level below `higher` (following the level graph) holding an item with the same
/// normalised text.
fn nearest_copy<'a>(
    framework: &'a Framework,
    by_text: &[TextMap<&'a str, ItemRef<'a>>],
    higher: usize,
    found: &ItemRef<'_>,
) -> Option<(usize, ItemRef<'a>)> {
    let mut below = framework.levels[higher].below;
    let mut seen = FxHashSet::default();
    while let Some(index) = below {
        if !seen.insert(index) {
            break;
        }
        if let Some(copy) = by_text[index].get(found.item.normalized.as_str()) {
            return Some((index, *copy));
        }
        below = framework.levels[index].below;
    }
    None
}

/// Each level's items by normalised text, the first written of each text.
fn items_by_text(framework: &Framework) -> Vec<TextMap<&str, ItemRef<'_>>> {
    framework
        .levels
        .iter()
        .map(|level| {
            let mut found = TextMap::default();
            for item in level.items() {
                found.entry(item.item.normalized.as_str()).or_insert(item);
            }
            found
        })
        .collect()
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
            "{} includes {path}, which {} also includes: its {} the same at both levels",
            higher.name,
            lower.name,
            if count == 1 { "1 item is".to_string() } else { format!("{count} items are") }
        ),
    )
    .label(format!("also included at {}", lower.name))
    .help(format!(
        "give {} its own include that says how each item goes further; an include meant to be the same at every level is passed over once every level includes it",
        higher.name
    ))
    .context(&framework.id, &higher.key);
    if let Some(via) = copy.item.via.clone() {
        finding = finding.related(via, format!("included at {}", lower.name));
    }
    finding
}
