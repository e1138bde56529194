#![doc = include_str!("style.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::rules::CheckSettings;

/// The `style` check.
pub const CHECK: Check = Check {
    id: "style",
    summary: "(being written)",
    doc: include_str!("style.md"),
    input_error: false,
    run,
};

fn run(_context: &Context<'_>, _settings: &CheckSettings) -> Vec<Finding> {
    Vec::new()
}
