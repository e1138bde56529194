#![doc = include_str!("topic_continuity.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Declared, Framework, TopicBound, slug};
use crate::rules::CheckSettings;

use super::topics::{self, Cell};

/// The `topic-continuity` check.
pub const CHECK: Check = Check {
    id: "topic-continuity",
    summary: "a topic present at one level that the level above leaves out, not declared to end",
    doc: include_str!("topic_continuity.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in topics::topic_frameworks(context) {
        let bounds = context.workspace.topic_bounds(framework);
        let cells = topics::all_cells(framework);
        for (lower, higher) in framework.level_pairs() {
            // A level with no topic at all is empty (for `structure` to say), not a level where
            // every topic stops.
            if cells[higher].is_empty() {
                continue;
            }
            for cell in &cells[lower] {
                let continues = cells[higher].iter().any(|above| above.key() == cell.key());
                let ends_here = topics::bound_of(bounds, cell.topic)
                    .and_then(|bound| bound.ends.as_ref())
                    .is_some_and(|ends| framework.level_is(lower, &ends.value));
                if !continues && !ends_here {
                    findings.push(stops(framework, (lower, higher), cell, settings));
                }
            }
        }
        findings.extend(declarations(framework, bounds, &cells, settings));
    }
    findings
}

/// A topic that stops at `lower` although `higher`, the level above, goes on.
fn stops(
    framework: &Framework,
    (lower, higher): (usize, usize),
    cell: &Cell<'_>,
    settings: &CheckSettings,
) -> Finding {
    let (low, high) = (&framework.levels[lower], &framework.levels[higher]);
    let name = &cell.topic.name;
    Finding::new(
        "topic-continuity",
        settings.severity,
        cell.last().origin.clone(),
        format!(
            "topic \"{name}\" stops at {}: {} has no \"{name}\" cell, and the topic is not declared to end",
            low.name, high.name
        ),
    )
    .label(format!("last of \"{name}\" at {}", low.name))
    .related(cell.topic.span.clone(), "the topic is named here")
    .help(format!(
        "write what \"{name}\" asks at {}, or, if the topic ends at {} on purpose, declare it in ladder.yml under this framework: `topics: [{{name: {}, ends: {}}}]`",
        high.name,
        low.name,
        slug(name),
        low.key
    ))
    .context(&framework.id, &high.key)
}

/// Declarations that name no topic or level of the framework, or that the framework belies
/// (a topic declared to end that goes on, declared to start at a level it is not first at).
fn declarations(
    framework: &Framework,
    bounds: &[TopicBound],
    cells: &[Vec<Cell<'_>>],
    settings: &CheckSettings,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A declaration concerns the framework as a whole: it is grouped under its lowest level.
    let lowest = framework.levels.first().map_or("", |level| level.key.as_str());
    let problem = |at: &Declared, message: String, help: String| {
        Finding::new("topic-continuity/declaration", settings.severity, at.span.clone(), message)
            .label("declared here")
            .help(help)
            .context(&framework.id, lowest)
    };
    for bound in bounds {
        let present: Vec<usize> = (0..framework.levels.len())
            .filter(|&level| cells[level].iter().any(|cell| bound.names(&cell.topic.name)))
            .collect();
        if present.is_empty() {
            let mut names: Vec<String> =
                cells.iter().flatten().map(|cell| cell.topic.name.clone()).collect();
            names.sort();
            names.dedup();
            findings.push(problem(
                &bound.topic,
                format!("{} has no topic \"{}\"", framework.name, bound.topic.value),
                format!("its topics: {}", names.join(", ")),
            ));
            continue;
        }
        for declared in [&bound.starts, &bound.ends].into_iter().flatten() {
            if !(0..framework.levels.len()).any(|level| framework.level_is(level, &declared.value))
            {
                let keys: Vec<&str> =
                    framework.levels.iter().map(|level| level.key.as_str()).collect();
                findings.push(problem(
                    declared,
                    format!("{} has no level \"{}\"", framework.name, declared.value),
                    format!("its levels: {}", keys.join(", ")),
                ));
            }
        }
        findings.extend(belied(framework, bound, &present, &problem));
    }
    findings
}

/// A declaration the framework contradicts: the topic goes on above the level it is declared to
/// end at, or is first written at another level than the one it is declared to start at.
fn belied(
    framework: &Framework,
    bound: &TopicBound,
    present: &[usize],
    problem: &dyn Fn(&Declared, String, String) -> Finding,
) -> Option<Finding> {
    let level_of = |declared: &Declared| {
        (0..framework.levels.len()).find(|&level| framework.level_is(level, &declared.value))
    };
    let name = &bound.topic.value;
    if let Some(ends) = &bound.ends
        && let Some(end) = level_of(ends)
    {
        let above = present.iter().find(|&&level| framework.levels[level].below == Some(end));
        if let Some(&above) = above {
            let (end, above) = (&framework.levels[end].name, &framework.levels[above].name);
            return Some(problem(
                ends,
                format!("\"{name}\" is declared to end at {end} but goes on at {above}"),
                "remove the declaration, or the topic's cell above it".into(),
            ));
        }
    }
    if let Some(starts) = &bound.starts
        && let Some(start) = level_of(starts)
    {
        let first = |level: &usize| {
            framework.levels_below(*level).iter().all(|below| !present.contains(below))
        };
        let firsts: Vec<usize> = present.iter().copied().filter(first).collect();
        if !firsts.contains(&start) {
            let written: Vec<&str> =
                firsts.iter().map(|&level| framework.levels[level].name.as_str()).collect();
            return Some(problem(
                starts,
                format!(
                    "\"{name}\" is declared to start at {} but is first written at {}",
                    framework.levels[start].name,
                    written.join(" and ")
                ),
                format!("declare the level it starts at: `starts: {}`", {
                    let first = firsts.first().map_or("", |&level| &framework.levels[level].key);
                    first.to_string()
                }),
            ));
        }
    }
    None
}
