//! `ladder test-rules`: runs every declarative rule over its own `valid` and `invalid` cases.

use std::io;
use std::path::PathBuf;

use super::{Io, Status};
use crate::lint::rules::{CaseOutcome, test_rule};

/// Arguments of `ladder test-rules`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Run every declarative rule (the built-in rules/lint/*.yml, and DIR/lint/*.yml \
with --rules DIR) over its own cases: each `valid` case must not match (else the rule is noisy), \
each `invalid` case must match (else it is missing what it is for).",
    after_help = "Example:\n  ladder test-rules --rules handbook/rules"
)]
pub struct Args {
    /// A rules folder whose `lint/*.yml` rules are tested with the built-in ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

/// Runs `ladder test-rules`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let rules = match super::input::load_rules(args.rules.as_deref(), io)? {
        Ok(rules) => rules,
        Err(status) => return Ok(status),
    };
    let mut failed = 0;
    for rule in &rules {
        let outcome = test_rule(rule);
        let verdict = if outcome.passed() { "ok" } else { "FAILED" };
        writeln!(
            io.out,
            "{verdict:<6} {} ({} cases, {})",
            rule.id,
            outcome.cases.len(),
            rule.path
        )?;
        for (case, kind) in &outcome.cases {
            match kind {
                CaseOutcome::Validated => {}
                CaseOutcome::Noisy => {
                    writeln!(io.out, "       noisy: a valid case matches: {case}")?
                }
                CaseOutcome::Missing => {
                    writeln!(io.out, "       missing: an invalid case does not match: {case}")?
                }
            }
        }
        if outcome.cases.is_empty() {
            writeln!(io.out, "       no cases: add `valid:` and `invalid:` examples")?;
        }
        failed += usize::from(!outcome.passed());
    }
    writeln!(io.out, "{} passed, {failed} failed", rules.len() - failed)?;
    Ok(if failed == 0 { Status::Clean } else { Status::Findings })
}
