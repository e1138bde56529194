//! Every output of ladder: the findings of `lint` (one module per format here), the changes of
//! `diff` ([`changes`]) and the chains of `align` ([`chains`]), each format one file writing to
//! a writer, and [`display_path`], the one way paths are shown.

pub mod chains;
pub mod changes;
pub mod compare;
pub mod escape;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod notes;
pub mod sarif;
pub mod short;

use std::io::{self, Write};

use crate::finding::{Finding, Severity};
use crate::model::{Note, Workspace};

/// Every output format of `ladder lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics for people.
    Human,
    /// One line per finding, for CI logs.
    Short,
    /// JSON for machines (see docs/json-format.md).
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
    /// GitLab Code Quality, for merge request widgets.
    Gitlab,
    /// JUnit XML, GitLab's test report.
    Junit,
}

/// What a lint run found, ready for any format.
pub struct Report<'a> {
    /// The findings, sorted by file and position.
    pub findings: &'a [Finding],
    /// Files passed over on purpose.
    pub notes: &'a [Note],
    /// Counts of what was read.
    pub totals: Totals,
}

/// Counts of what was read.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Totals {
    /// Frameworks read.
    pub frameworks: usize,
    /// Levels read.
    pub levels: usize,
    /// Items read, sub-items included.
    pub items: usize,
}

impl Totals {
    /// Counts the frameworks, levels and items of `workspace`.
    pub fn of(workspace: &Workspace) -> Self {
        let levels = workspace.frameworks.iter().flat_map(|framework| &framework.levels);
        Self {
            frameworks: workspace.frameworks.len(),
            levels: levels.clone().count(),
            items: levels.map(|level| level.items().count()).sum(),
        }
    }
}

impl Report<'_> {
    /// Number of findings per check id (the part before any `/`), sorted by id.
    pub fn counts_by_check(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for finding in self.findings {
            let id = finding.id.split('/').next().unwrap_or(&finding.id).to_string();
            *counts.entry(id).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }

    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|finding| finding.severity == severity).count()
    }
}

/// Renders `report` in `format`.
pub fn render(
    format: Format,
    report: &Report<'_>,
    out: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, out, color),
        Format::Short => short::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Junit => junit::render(report, out),
    }
}

/// `1 finding`, `2 findings`: a count with its noun in the right number.
pub fn plural(count: usize, noun: &str) -> String {
    match (count, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "info") => format!("{count} info"),
        _ => format!("{count} {noun}s"),
    }
}

/// A path as every output shows it: relative to the project root (as every source path is
/// read), with `/` separators and no leading `./`, as CI tools expect. Never relative to the
/// working folder, which changes from run to run.
pub fn display_path(path: &str) -> String {
    let text = path.replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::source::{SourceFile, Span};

    /// One shared set of findings every format is snapshot over.
    fn findings() -> Vec<Finding> {
        let staff = Arc::new(SourceFile::new(
            "handbook/includes/staff-technical.md",
            "##### Platform\n\n* Writes tested code for well defined tasks.\n* TBD\n",
        ));
        let associate = Arc::new(SourceFile::new(
            "handbook/includes/associate-technical.md",
            "##### Platform\n\n* Writes tested code for well defined tasks\n",
        ));
        vec![
            Finding::new(
                "verbatim-copy",
                Severity::Error,
                Span::new(&staff, 18..60),
                "item repeats a lower level word for word",
            )
            .label("Staff item")
            .related(Span::new(&associate, 18..59), "same words at Associate")
            .help("rewrite it to say how the expectation grows at this level")
            .context("platform", "staff"),
            Finding::new(
                "style/placeholder",
                Severity::Warning,
                Span::new(&staff, 63..66),
                "placeholder item",
            )
            .label("not a competency yet")
            .context("platform", "staff"),
        ]
    }

    fn rendered(format: Format) -> String {
        let findings = findings();
        let report = Report {
            findings: &findings,
            notes: &[],
            totals: Totals { frameworks: 1, levels: 4, items: 20 },
        };
        let mut out = Vec::new();
        render(format, &report, &mut out, false).expect("rendering to memory");
        String::from_utf8_lossy(&out).replace(env!("CARGO_PKG_VERSION"), "[version]")
    }

    #[test]
    fn human() {
        insta::assert_snapshot!(rendered(Format::Human));
    }

    #[test]
    fn short() {
        insta::assert_snapshot!(rendered(Format::Short));
    }

    #[test]
    fn json() {
        insta::assert_snapshot!(rendered(Format::Json));
    }

    #[test]
    fn sarif() {
        insta::assert_snapshot!(rendered(Format::Sarif));
    }

    #[test]
    fn gitlab() {
        insta::assert_snapshot!(rendered(Format::Gitlab));
    }

    #[test]
    fn junit() {
        insta::assert_snapshot!(rendered(Format::Junit));
    }
}
