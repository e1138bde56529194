//! Findings for CI logs: one line each, `path:line:col: severity[id] framework/level: message`,
//! as compilers and linters print them (editors and CI log viewers link such lines to the
//! file), then the summary line.

use std::io::{self, Write};

use super::{Report, display_path, human};

/// Renders one line per finding, then notes and the summary.
pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for finding in report.findings {
        let at = &finding.primary;
        let context = finding
            .context
            .as_ref()
            .map(|(framework, level)| format!(" {framework}/{level}"))
            .unwrap_or_default();
        // A message is one line; a stray line break would start a line that is no finding.
        let message = finding.message.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{}:{}:{}: {}[{}]{context}: {message}",
            display_path(at.path()),
            at.line,
            at.column,
            finding.severity,
            finding.id
        )?;
    }
    for note in report.notes {
        writeln!(out, "note: {}: {}", display_path(&note.path), note.message)?;
    }
    writeln!(out, "{}", human::summary(report))
}
