//! Findings as a JUnit XML report, GitLab's test report: each check is a test case that passes
//! when it found nothing, and each finding a failing test case the merge request widget lists.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::{Report, display_path};
use crate::finding::Finding;

/// Writes the report as one `<testsuites>` document with a single `ladder` suite.
pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let failing: BTreeSet<&str> = report.findings.iter().map(check_of).collect();
    let passing: Vec<&str> = crate::lint::checks::ALL
        .iter()
        .map(|check| check.id)
        .filter(|id| !failing.contains(id))
        .collect();
    let tests = report.findings.len() + passing.len();
    let failures = report.findings.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="ladder" tests="{tests}" failures="{failures}">"#)?;
    writeln!(
        out,
        r#"  <testsuite name="ladder lint" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    )?;
    for id in passing {
        writeln!(out, r#"    <testcase classname="ladder.{id}" name="{id}"/>"#, id = escape(id))?;
    }
    for finding in report.findings {
        case(finding, out)?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// One failing test case: named by where and what, its text the finding's help.
fn case(finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let place = format!("{}:{}", display_path(finding.primary.path()), finding.primary.line);
    let name = format!("{place}: {}", finding.message);
    let mut text = format!("{} {}: {}\n", finding.severity, finding.id, finding.message);
    text.push_str(&format!("  at {place}: {}\n", finding.primary.text().trim()));
    for related in &finding.related {
        let at = format!("{}:{}", display_path(related.span.path()), related.span.line);
        text.push_str(&format!("  see {at}: {}\n", related.label));
    }
    if let Some(help) = &finding.help {
        text.push_str(&format!("  help: {help}\n"));
    }
    text.push_str(&format!("  fingerprint: {}\n", finding.fingerprint()));
    writeln!(
        out,
        r#"    <testcase classname="ladder.{class}" name="{name}" file="{file}">"#,
        class = escape(check_of(finding)),
        name = escape(&name),
        file = escape(&display_path(finding.primary.path())),
    )?;
    writeln!(
        out,
        r#"      <failure type="{severity}" message="{message}">{text}</failure>"#,
        severity = finding.severity,
        message = escape(&finding.message),
        text = escape(&text),
    )?;
    writeln!(out, "    </testcase>")
}

/// The check a finding comes from: its id before any `/`.
fn check_of(finding: &Finding) -> &str {
    finding.id.split('/').next().unwrap_or(&finding.id)
}

/// Text fit for XML attributes and content: markup escaped, characters XML 1.0 forbids dropped.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for char in text.chars() {
        match char {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(char),
            char if char < ' ' || char == '\u{fffe}' || char == '\u{ffff}' => {}
            char => escaped.push(char),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_never_break_the_document() {
        assert_eq!(escape("a<b & \"c\"\u{1b}[0m"), "a&lt;b &amp; &quot;c&quot;[0m");
    }
}
