//! `ladder export` (being written).

use std::io;

use super::{Io, Status};

/// Arguments of `ladder export`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ladder export`.
pub fn run(_args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    writeln!(io.err, "ladder: `export` is not available yet")?;
    Ok(Status::Error)
}
