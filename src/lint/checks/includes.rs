#![doc = include_str!("includes.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{IncludeProblem, IncludeProblemKind};
use crate::read::shortcode::write_include;
use crate::rules::CheckSettings;

/// The `includes` check.
pub const CHECK: Check = Check {
    id: "includes",
    summary: "include shortcodes that are malformed, missing, cyclic or leave the repository",
    doc: include_str!("includes.md"),
    // A malformed shortcode is a finding like any other; a file that cannot be read is broken input.
    input_errors: &["includes/missing", "includes/cycle", "includes/outside-root"],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    context
        .workspace
        .include_problems
        .iter()
        .map(|problem| {
            let (id, message, label, help) = match &problem.kind {
                IncludeProblemKind::Malformed { written, corrected } => {
                    return malformed(problem, written.as_deref(), corrected.as_deref(), settings);
                }
                IncludeProblemKind::Missing { path } => (
                    "includes/missing",
                    format!("included file {path} does not exist"),
                    "included here",
                    "fix the path, or restore the file under the include root".to_string(),
                ),
                IncludeProblemKind::Cycle { chain } => (
                    "includes/cycle",
                    format!("include cycle: {}", chain.join(" -> ")),
                    "includes a file that is already being included",
                    "remove one include of the cycle".to_string(),
                ),
                IncludeProblemKind::OutsideRoot { target } => (
                    "includes/outside-root",
                    format!("include path {target} leaves the repository root; it was not read"),
                    "refused",
                    "include files from the include root only".to_string(),
                ),
                IncludeProblemKind::NoIncludeRoot => (
                    "includes/missing",
                    "no include root found for this page".to_string(),
                    "cannot be followed",
                    "add an assets/ folder at the handbook root, or set include-root in ladder.yml"
                        .to_string(),
                ),
            };
            Finding::new(id, settings.severity, problem.span.clone(), message)
                .label(label)
                .help(help)
        })
        .collect()
}

/// A malformed shortcode, with the shortcode to write in its place: the path written when that
/// file exists, else the file under the include root closest to it.
fn malformed(
    problem: &IncludeProblem,
    written: Option<&str>,
    corrected: Option<&str>,
    settings: &CheckSettings,
) -> Finding {
    let finding = Finding::new(
        "includes/malformed",
        settings.severity,
        problem.span.clone(),
        match (written, corrected) {
            (Some(written), Some(corrected)) if written != corrected => {
                format!("malformed include shortcode, and its path {written} does not exist")
            }
            _ => "malformed include shortcode".to_string(),
        },
    )
    .label("not a valid include");
    match corrected {
        Some(corrected) => {
            let fixed = write_include(corrected);
            let why = if written == Some(corrected) {
                String::new()
            } else {
                format!(
                    " ({corrected} is the file under the include root closest to the path written)"
                )
            };
            finding.help(format!("write it as {fixed}{why}")).suggest(problem.span.clone(), fixed)
        }
        None => finding.help(format!("write it as {}", write_include("includes/path/file.md"))),
    }
}
