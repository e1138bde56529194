//! `ladder diff` (being written).

use std::io;

use super::{Io, Status};

/// Arguments of `ladder diff`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ladder diff`.
pub fn run(_args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    writeln!(io.err, "ladder: `diff` is not available yet")?;
    Ok(Status::Error)
}
