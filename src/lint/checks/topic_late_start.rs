#![doc = include_str!("topic_late_start.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::slug;
use crate::rules::CheckSettings;

use super::topics;

/// The `topic-late-start` check.
pub const CHECK: Check = Check {
    id: "topic-late-start",
    summary: "a topic first written above the lowest level, not declared to start there",
    doc: include_str!("topic_late_start.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in topics::topic_frameworks(context) {
        let bounds = context.workspace.topic_bounds(framework);
        let cells = topics::all_cells(framework);
        for (index, level) in framework.levels.iter().enumerate() {
            let Some(below) = level.below else { continue };
            let lower = framework.levels_below(index);
            // Levels below with no topic at all are empty, not levels a topic skips.
            if lower.iter().all(|&at| cells[at].is_empty()) {
                continue;
            }
            for cell in &cells[index] {
                let earlier =
                    lower.iter().any(|&at| cells[at].iter().any(|other| other.key() == cell.key()));
                let declared = topics::bound_of(bounds, cell.topic)
                    .and_then(|bound| bound.starts.as_ref())
                    .is_some_and(|starts| framework.level_is(index, &starts.value));
                if earlier || declared {
                    continue;
                }
                let name = &cell.topic.name;
                let below = &framework.levels[below];
                findings.push(
                    Finding::new(
                        "topic-late-start",
                        settings.severity,
                        cell.first().origin.clone(),
                        format!(
                            "topic \"{name}\" starts at {}: no level below has it, and it is not declared to start here",
                            level.name
                        ),
                    )
                    .label(format!("first of \"{name}\""))
                    .related(cell.topic.span.clone(), "the topic is named here")
                    .help(format!(
                        "write its first step at {}, or, if the topic begins at {} on purpose, declare it in ladder.yml under this framework: `topics: [{{name: {}, starts: {}}}]`",
                        below.name,
                        level.name,
                        slug(name),
                        level.key
                    ))
                    .context(&framework.id, &level.key),
                );
            }
        }
    }
    findings
}
