#![doc = include_str!("structure.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `structure` check.
pub const CHECK: Check = Check {
    id: "structure",
    summary: "(being written)",
    doc: include_str!("structure.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
