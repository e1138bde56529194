//! Baselines: the findings a handbook accepts as they are, by fingerprint, so that a merge
//! request job fails only on what the change adds. `--new-since REV` is the same idea with the
//! findings of the same check at another revision as the baseline.

use std::collections::HashSet;
use std::io::{self, Write};
use std::sync::Arc;

use crate::finding::Finding;
use crate::source::{SourceFile, Span};

/// The format version a baseline file is written in.
const VERSION: u64 = 1;

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}:{line}: not a ladder baseline: {message}")]
#[diagnostic(
    code(ladder::baseline),
    help("write one with `ladder lint --write-baseline FILE`; it is JSON with a `findings` list")
)]
pub struct BaselineError {
    /// The file.
    pub path: String,
    /// Line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The file's text.
    #[source_code]
    pub source_code: Arc<SourceFile>,
    /// Where.
    #[label("here")]
    pub span: miette::SourceSpan,
}

/// The fingerprints of accepted findings.
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

/// One entry of a baseline file: the fingerprint, and what a reviewer needs to recognise it.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    id: String,
    path: String,
    message: String,
}

/// A baseline file as written.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    ladder_baseline: u64,
    findings: Vec<Entry>,
}

impl Baseline {
    /// The baseline accepting exactly `findings`.
    pub fn of(findings: &[Finding]) -> Self {
        Self { fingerprints: findings.iter().map(Finding::fingerprint).collect() }
    }

    /// Reads a baseline file.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Self, BaselineError> {
        let error = |line: usize, message: String| {
            let span = Span::line(file, line.max(1));
            BaselineError {
                path: crate::report::display_path(file.path()),
                line: line.max(1),
                message,
                source_code: file.clone(),
                span: span.source_span(),
            }
        };
        let parsed: File =
            serde_json::from_str(file.text()).map_err(|e| error(e.line(), e.to_string()))?;
        if parsed.ladder_baseline != VERSION {
            let message =
                format!("version {} (this ladder writes {VERSION})", parsed.ladder_baseline);
            return Err(error(2, message));
        }
        Ok(Self { fingerprints: parsed.findings.into_iter().map(|e| e.fingerprint).collect() })
    }

    /// Writes `findings` as a baseline file: sorted, one entry per finding.
    pub fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
        let mut findings: Vec<Entry> = findings
            .iter()
            .map(|finding| Entry {
                fingerprint: finding.fingerprint(),
                id: finding.id.clone(),
                path: crate::report::display_path(finding.primary.path()),
                message: finding.message.clone(),
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.id, &a.fingerprint).cmp(&(&b.path, &b.id, &b.fingerprint))
        });
        let file = File { ladder_baseline: VERSION, findings };
        serde_json::to_writer_pretty(&mut *out, &file).map_err(io::Error::other)?;
        writeln!(out)
    }

    /// Whether the baseline accepts `finding`.
    pub fn accepts(&self, finding: &Finding) -> bool {
        self.fingerprints.contains(&finding.fingerprint())
    }

    /// Drops the findings the baseline accepts (never an input error: broken input is never
    /// accepted); returns how many were dropped.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|finding| super::is_input_error(finding) || !self.accepts(finding));
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(file: &Arc<SourceFile>, range: std::ops::Range<usize>) -> Finding {
        Finding::new("style", Severity::Warning, Span::new(file, range), "m")
    }

    #[test]
    fn written_baseline_accepts_its_findings_and_no_other() -> Result<(), Box<dyn std::error::Error>>
    {
        let page = Arc::new(SourceFile::new("a.md", "- Leads reviews.\n- Writes code.\n"));
        let old = finding(&page, 2..16);
        let mut out = Vec::new();
        Baseline::write(std::slice::from_ref(&old), &mut out)?;
        let file = Arc::new(SourceFile::new("baseline.json", String::from_utf8(out)?));
        let baseline = Baseline::parse(&file)?;
        let mut findings = vec![old, finding(&page, 19..31)];
        assert_eq!(baseline.filter(&mut findings), 1);
        assert_eq!(findings[0].primary.text(), "Writes code.");
        Ok(())
    }

    #[test]
    fn malformed_baseline_is_refused_at_its_line() {
        let file =
            Arc::new(SourceFile::new("b.json", "{\n  \"ladder_baseline\": 1,\n  \"x\": 2\n}\n"));
        assert_eq!(Baseline::parse(&file).err().map(|error| error.line), Some(3));
    }
}
