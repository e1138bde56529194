//! Findings as SARIF 2.1.0, for code-scanning dashboards.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::Report;
use crate::finding::{Finding, Severity};
use crate::source::Span;

/// Writes the report as one SARIF 2.1.0 log with a single run.
pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut rules = BTreeMap::new();
    for finding in report.findings {
        rules.entry(finding.id.as_str()).or_insert_with(|| rule(&finding.id));
    }
    let rule_index: BTreeMap<&str, usize> =
        rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| result(finding, rule_index.get(finding.id.as_str()).copied().unwrap_or(0)))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ladder",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://handbook.gitlab.com/handbook/engineering/careers/matrix/",
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

fn rule(id: &str) -> Value {
    let check = crate::lint::check(id.split('/').next().unwrap_or(id));
    let summary = check.map_or("ladder finding", |check| check.summary);
    json!({
        "id": id,
        "shortDescription": { "text": summary },
        "help": { "text": format!("Run `ladder explain {id}` for what this checks and how to fix it.") },
    })
}

fn result(finding: &Finding, rule_index: usize) -> Value {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "note",
    };
    let related: Vec<Value> = finding
        .related
        .iter()
        .enumerate()
        .map(|(index, related)| {
            let mut location = location(&related.span);
            location["id"] = json!(index);
            location["message"] = json!({ "text": related.label });
            location
        })
        .collect();
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str(". ");
        message.push_str(help);
    }
    json!({
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": message },
        "locations": [location(&finding.primary)],
        "relatedLocations": related,
        "partialFingerprints": { "ladderFingerprint/v1": finding.fingerprint() },
    })
}

fn location(span: &Span) -> Value {
    let (end_line, end_column) = span.file.line_column(span.range.end);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": super::display_path(span.path()) },
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": end_line,
                "endColumn": end_column.max(1),
            },
        },
    })
}
