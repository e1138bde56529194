//! `ladder align` (being written).

use std::io;

use super::{Io, Status};

/// Arguments of `ladder align`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `ladder align`.
pub fn run(_args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    writeln!(io.err, "ladder: `align` is not available yet")?;
    Ok(Status::Error)
}
