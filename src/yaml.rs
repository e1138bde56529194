//! YAML parsing shared by the rules folder, `ladder.yml` and the YAML framework format.
//!
//! serde-saphyr (not the deprecated serde_yaml) gives every error and every `Spanned` value
//! a line and column, so each YAML mistake is reported at its place in the file.

use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// A YAML file that does not parse or does not have the expected shape.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}:{line}:{column}: {message}")]
#[diagnostic(code(ladder::yaml::invalid))]
pub struct YamlError {
    /// The file, as shown to people.
    pub path: String,
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column of the error.
    pub column: usize,
    /// What is wrong, without location.
    pub message: String,
    #[source_code]
    source_code: Arc<SourceFile>,
    #[label("here")]
    label: miette::SourceSpan,
    #[help]
    help: Option<String>,
}

impl YamlError {
    /// An error at `span` with `message` and an optional fix.
    pub fn at(span: &Span, message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            path: crate::report::display_path(span.path()),
            line: span.line,
            column: span.column,
            message: message.into(),
            source_code: span.file.clone(),
            label: span.source_span(),
            help,
        }
    }
}

/// Deserializes `file` into `T`, mapping errors to a [`YamlError`] at their line.
pub fn parse<T: serde::de::DeserializeOwned>(
    file: &Arc<SourceFile>,
    help: &str,
) -> Result<T, YamlError> {
    serde_saphyr::from_str::<T>(file.text()).map_err(|error| located(file, &error, help))
}

/// Deserializes every document of `file` (separated by `---`) into a `T` each.
pub fn parse_multiple<T: serde::de::DeserializeOwned>(
    file: &Arc<SourceFile>,
    help: &str,
) -> Result<Vec<T>, YamlError> {
    serde_saphyr::from_multiple::<T>(file.text()).map_err(|error| located(file, &error, help))
}

/// Like [`parse_multiple`], within `limits`: nesting as deep as lists may nest, and aliases
/// expanded to no more than a few events per item a level may hold (an alias bomb of a few
/// kilobytes stops here, not in memory).
pub fn parse_multiple_within<T: serde::de::DeserializeOwned>(
    file: &Arc<SourceFile>,
    help: &str,
    limits: &crate::limits::Limits,
) -> Result<Vec<T>, YamlError> {
    let mut options = serde_saphyr::Options::default();
    let mut budget = options.budget.clone().unwrap_or_default();
    // An item nests as a mapping in a sequence: two levels per list level, and a few above.
    budget.max_depth = budget.max_depth.max(2 * limits.nesting_depth + 16);
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 20 * limits.items_per_level.max(1_000);
    serde_saphyr::from_multiple_with_options::<T>(file.text(), options)
        .map_err(|error| located(file, &error, help))
}

/// A serde-saphyr error as a [`YamlError`] over the rest of its line.
fn located(file: &Arc<SourceFile>, error: &serde_saphyr::Error, help: &str) -> YamlError {
    let (line, column) = error
        .location()
        .map_or((1, 1), |at| (at.line().max(1) as usize, at.column().max(1) as usize));
    let message = error.without_snippet().to_string();
    let message = strip_location(&message);
    let start = file.line_offset(line);
    let line_text = &file.text()[start..];
    let offset = line_text.char_indices().nth(column - 1).map_or(start, |(byte, _)| start + byte);
    let end = line_text.find('\n').map_or(file.text().len(), |end| start + end).max(offset);
    YamlError::at(&Span::new(file, offset..end), message, Some(help.to_string()))
}

/// The byte span of a `Spanned` value in `file`, falling back to its line.
pub fn span_of(file: &Arc<SourceFile>, location: &serde_saphyr::Location) -> Span {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) => Span::new(file, offset as usize..(offset + len) as usize),
        _ => Span::line(file, location.line().max(1) as usize),
    }
}

fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        name: String,
    }

    #[test]
    fn error_names_line_and_column() {
        let file = Arc::new(SourceFile::new("f.yml", "# c\nnaem: x\n"));
        let error = parse::<Shape>(&file, "see docs").err();
        let error = error.map(|error| (error.line, error.column, error.message));
        assert_eq!(error.map(|e| (e.0, e.1)), Some((2, 1)));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let file = Arc::new(SourceFile::new("f.yml", "name: [\n\t\u{1}: {"));
        assert!(parse::<Shape>(&file, "").is_err());
    }
}
