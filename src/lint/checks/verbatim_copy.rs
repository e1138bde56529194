#![doc = include_str!("verbatim_copy.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `verbatim-copy` check.
pub const CHECK: Check = Check {
    id: "verbatim-copy",
    summary: "(being written)",
    doc: include_str!("verbatim_copy.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
