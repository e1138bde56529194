//! Findings for machines: one JSON document, described in docs/json-format.md.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Totals};
use crate::finding::{Finding, Severity};
use crate::model::Note;
use crate::source::Span;

/// Version of the JSON document's shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    totals: Totals,
    findings: Vec<JsonFinding<'a>>,
    notes: &'a [Note],
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    severity: Severity,
    message: &'a str,
    location: Location<'a>,
    label: &'a str,
    related: Vec<RelatedLocation<'a>>,
    help: Option<&'a str>,
    framework: Option<&'a str>,
    level: Option<&'a str>,
    fingerprint: String,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start_byte: usize,
    end_byte: usize,
}

#[derive(Serialize)]
struct RelatedLocation<'a> {
    label: &'a str,
    location: Location<'a>,
}

fn location(span: &Span) -> Location<'_> {
    let (end_line, end_column) = span.file.line_column(span.range.end);
    Location {
        path: span.path(),
        line: span.line,
        column: span.column,
        end_line,
        end_column,
        start_byte: span.range.start,
        end_byte: span.range.end,
    }
}

fn finding(finding: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        id: &finding.id,
        severity: finding.severity,
        message: &finding.message,
        location: location(&finding.primary),
        label: &finding.label,
        related: finding
            .related
            .iter()
            .map(|related| RelatedLocation {
                label: &related.label,
                location: location(&related.span),
            })
            .collect(),
        help: finding.help.as_deref(),
        framework: finding.context.as_ref().map(|(framework, _)| framework.as_str()),
        level: finding.context.as_ref().map(|(_, level)| level.as_str()),
        fingerprint: finding.fingerprint(),
    }
}

/// Writes the report as one pretty-printed JSON document.
pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        tool: "ladder",
        version: env!("CARGO_PKG_VERSION"),
        totals: report.totals,
        findings: report.findings.iter().map(finding).collect(),
        notes: report.notes,
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    writeln!(out)
}
