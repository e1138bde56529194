#![doc = include_str!("escalation.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `escalation` check.
pub const CHECK: Check = Check {
    id: "escalation",
    summary: "(being written)",
    doc: include_str!("escalation.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
