//! Findings for people: miette's graphical diagnostics grouped by file (each path named once,
//! above the findings written in it), then a one-line summary.

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, SourceCode};

use super::{Report, display_path, plural};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// Renders each finding with its source lines underlined, under a header naming its file when
/// the file differs from the previous finding's, then notes and a summary.
pub fn render(report: &Report<'_>, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let handler = handler(color);
    let mut current: Option<&str> = None;
    for finding in report.findings {
        let path = finding.primary.path();
        if current != Some(path) {
            let header = format!("── {}", display_path(path));
            if color {
                writeln!(out, "\u{1b}[1m{header}\u{1b}[0m\n")?;
            } else {
                writeln!(out, "{header}\n")?;
            }
            current = Some(path);
        }
        let mut text = String::new();
        handler.render_report(&mut text, &InFile::new(finding)).map_err(io::Error::other)?;
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

/// A finding shown under its file's header: its snippet names the line and column only, since
/// the header above names the file. Places in other files keep their paths.
#[derive(Debug)]
struct InFile<'a> {
    finding: &'a Finding,
    source: Unnamed<'a>,
}

impl<'a> InFile<'a> {
    fn new(finding: &'a Finding) -> Self {
        Self { finding, source: Unnamed(&finding.primary.file) }
    }
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.finding, f)
    }
}

impl std::error::Error for InFile<'_> {}

impl Diagnostic for InFile<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.finding.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.finding.labels()
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.finding.related()
    }
}

/// A file's text without its name, so that miette's snippet header gives only line and column.
#[derive(Debug)]
struct Unnamed<'a>(&'a SourceFile);

impl SourceCode for Unnamed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        Ok(Box::new(self.0.read_span_near(span, context_lines_before, context_lines_after)?))
    }
}
