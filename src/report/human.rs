//! Findings for people: miette's graphical diagnostics, then a one-line summary.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::{Report, plural};
use crate::finding::Severity;

/// Renders each finding with its source lines underlined, then notes and a summary.
pub fn render(report: &Report<'_>, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let handler = handler(color);
    for finding in report.findings {
        let mut text = String::new();
        handler.render_report(&mut text, finding).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    for note in report.notes {
        writeln!(out, "note: {}: {}", note.path, note.message)?;
    }
    writeln!(out, "{}", summary(report))
}

/// A miette handler with or without colour.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1)
}

/// One line: what was read and what was found, by check.
pub fn summary(report: &Report<'_>) -> String {
    let totals = report.totals;
    let read = format!(
        "{}, {}, {}",
        plural(totals.frameworks, "framework"),
        plural(totals.levels, "level"),
        plural(totals.items, "item")
    );
    if report.findings.is_empty() {
        return format!("ladder: {read}: no findings");
    }
    let by_check: Vec<String> =
        report.counts_by_check().iter().map(|(id, count)| format!("{id} {count}")).collect();
    format!("ladder: {read}: {}: {}", counts(report), by_check.join(", "))
}

/// `3 findings (1 error, 2 warnings, 0 info)`.
pub fn counts(report: &Report<'_>) -> String {
    format!(
        "{} ({}, {}, {})",
        plural(report.findings.len(), "finding"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
    )
}
