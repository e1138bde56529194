#![doc = include_str!("alignment_stale.md")]

use crate::align::Stale;
use crate::finding::{Finding, Severity};
use crate::lint::{Check, Context};
use crate::model::clip;
use crate::rules::CheckSettings;

/// The `alignment-stale` check.
pub const CHECK: Check = Check {
    id: "alignment-stale",
    summary: "a curated alignment entry whose item was removed or reworded beyond recognition",
    doc: include_str!("alignment_stale.md"),
    input_errors: &[],
    reads_alignment: true,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    context.alignment.stale.iter().map(|stale| finding(stale, settings)).collect()
}

/// An error for an entry that names nothing any more; a note for one followed to a rewording.
fn finding(stale: &Stale, settings: &CheckSettings) -> Finding {
    match &stale.now {
        None => Finding::new("alignment-stale", settings.severity, stale.span.clone(), stale.message.clone())
            .label("no item matches this entry any more")
            .help("fix the entry by hand, or run `ladder align --update FILE` to drop it and see today's candidates for the item"),
        Some(now) => Finding::new(
            "alignment-stale/reworded",
            Severity::Info,
            stale.span.clone(),
            stale.message.clone(),
        )
        .label(format!("now: \"{}\"", clip(now, 60)))
        .help("run `ladder align --update FILE` to write today's wording into the alignment file"),
    }
}
