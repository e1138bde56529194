#![doc = include_str!("alignment_stale.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `alignment-stale` check.
pub const CHECK: Check = Check {
    id: "alignment-stale",
    summary: "a curated alignment entry whose item was removed or reworded beyond recognition",
    doc: include_str!("alignment_stale.md"),
    input_errors: &[],
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    context
        .alignment
        .stale
        .iter()
        .map(|stale| {
            Finding::new("alignment-stale", settings.severity, stale.span.clone(), stale.message.clone())
                .label("no item matches this entry any more")
                .help("run `ladder align --write FILE` to see today's candidates, then update or remove the entry")
        })
        .collect()
}
