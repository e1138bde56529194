//! Release notes as one JSON document: the [`Notes`] document itself, every field a template sees.

use std::io::{self, Write};

use crate::notes::Notes;

/// Renders `notes` as pretty JSON.
pub fn render(notes: &Notes, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, notes).map_err(io::Error::other)?;
    writeln!(out)
}
