//! Findings as a GitLab Code Quality report, shown in merge request widgets.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Report;
use crate::finding::{Finding, Severity};

/// Writes the report as a Code Quality JSON array.
pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Value> = report.findings.iter().map(issue).collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}

fn issue(finding: &Finding) -> Value {
    let severity = match finding.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info | Severity::Off => "info",
    };
    json!({
        "type": "issue",
        "check_name": finding.id,
        "description": finding.message,
        "categories": [category(&finding.id)],
        "severity": severity,
        // From content, not line numbers, so a finding keeps its identity while lines move.
        "fingerprint": finding.fingerprint(),
        "location": {
            "path": super::display_path(finding.primary.path()),
            "lines": { "begin": finding.primary.line },
        },
    })
}

/// The Code Quality category of a check: what kind of problem its findings are, so the widget
/// groups a copied item apart from a missing period.
fn category(id: &str) -> &'static str {
    match id.split('/').next().unwrap_or(id) {
        "verbatim-copy" => "Duplication",
        "structure" if id == "structure/duplicate-item" => "Duplication",
        "escalation" => "Clarity",
        "scope-regression" | "values" | "structure" | "alignment-stale" => "Bug Risk",
        "includes" => "Compatibility",
        _ => "Style",
    }
}
