//! `ladder explain`: a check's or a declarative rule's documentation, or the list of both.

use std::io;
use std::path::PathBuf;

use super::{Io, Status};
use crate::lint::rules::Rule;

/// Arguments of `ladder explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check or rule id (`verbatim-copy`, a finding id such as `includes/missing`, or a rule
    /// of rules/lint/); none lists them all.
    id: Option<String>,
    /// A rules folder whose `lint/*.yml` rules are explained too.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

/// Runs `ladder explain`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let rules = match super::input::load_rules(args.rules.as_deref(), io)? {
        Ok(rules) => rules,
        Err(status) => return Ok(status),
    };
    let Some(id) = args.id else {
        for check in crate::lint::checks::ALL {
            writeln!(io.out, "{:<18} {}", check.id, check.summary)?;
        }
        for rule in &rules {
            writeln!(io.out, "{:<18} {} (declarative rule)", rule.id, rule.message)?;
        }
        return Ok(Status::Clean);
    };
    let base = id.split('/').next().unwrap_or(&id);
    if let Some(check) = crate::lint::check(base) {
        write!(io.out, "{}", check.doc)?;
        return Ok(Status::Clean);
    }
    if let Some(rule) = rules.iter().find(|rule: &&Rule| rule.id == id) {
        write!(io.out, "{}", rule.doc())?;
        return Ok(Status::Clean);
    }
    let known: Vec<&str> = crate::lint::checks::ALL
        .iter()
        .map(|check| check.id)
        .chain(rules.iter().map(|rule| rule.id.as_str()))
        .collect();
    writeln!(io.err, "ladder: no check or rule `{id}`; they are: {}", known.join(", "))?;
    Ok(Status::Error)
}
