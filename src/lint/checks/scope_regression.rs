#![doc = include_str!("scope_regression.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `scope-regression` check.
pub const CHECK: Check = Check {
    id: "scope-regression",
    summary: "(being written)",
    doc: include_str!("scope_regression.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
