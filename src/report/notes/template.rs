//! Release notes in a team's own layout: a minijinja template rendered over the [`Notes`]
//! document (the fields of `ladder notes --format json`), with a `markdown` filter that escapes
//! text for pasting (no mentions, references or HTML).

use std::io::{self, Write};

use minijinja::Environment;

use crate::notes::Notes;

/// Why a template could not be used, with the line where it went wrong.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}:{line}: {message}")]
#[diagnostic(
    code(ladder::notes::template),
    help("the template sees the fields of `ladder notes --format json`; see docs/notes.md")
)]
pub struct TemplateError {
    /// The template file.
    pub path: String,
    /// The line of the error (1-based; 0 when unknown).
    pub line: usize,
    /// What minijinja said.
    pub message: String,
}

/// Renders `notes` through the template `source` (read from `path`).
pub fn render(
    notes: &Notes,
    path: &str,
    source: &str,
    out: &mut dyn Write,
) -> Result<io::Result<()>, TemplateError> {
    let mut environment = Environment::new();
    environment
        .add_filter("markdown", |text: String| super::super::changes::markdown::escape(&text));
    let failed = |error: minijinja::Error| TemplateError {
        path: path.into(),
        line: error.line().unwrap_or(0),
        message: error.to_string().lines().next().unwrap_or_default().to_string(),
    };
    environment.add_template("notes", source).map_err(failed)?;
    let template = environment.get_template("notes").map_err(failed)?;
    let text = template.render(notes).map_err(failed)?;
    Ok(out.write_all(text.as_bytes()))
}
