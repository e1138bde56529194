#![doc = include_str!("values.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `values` check.
pub const CHECK: Check = Check {
    id: "values",
    summary: "(being written)",
    doc: include_str!("values.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
