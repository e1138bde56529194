//! `ladder explain`: a check's documentation, or the list of checks.

use std::io;

use super::{Io, Status};

/// Arguments of `ladder explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check id (`verbatim-copy`, or a finding id such as `includes/missing`); none lists them all.
    id: Option<String>,
}

/// Runs `ladder explain`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let Some(id) = args.id else {
        for check in crate::lint::checks::ALL {
            writeln!(io.out, "{:<18} {}", check.id, check.summary)?;
        }
        return Ok(Status::Clean);
    };
    let base = id.split('/').next().unwrap_or(&id);
    match crate::lint::check(base) {
        Some(check) => {
            write!(io.out, "{}", check.doc)?;
            Ok(Status::Clean)
        }
        None => {
            let known: Vec<&str> = crate::lint::checks::ALL.iter().map(|check| check.id).collect();
            writeln!(io.err, "ladder: no check `{id}`; the checks are: {}", known.join(", "))?;
            Ok(Status::Error)
        }
    }
}
