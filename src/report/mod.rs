//! Report formats: one module per format, each rendering the same findings to a writer.

pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::finding::{Finding, Severity};
use crate::model::{Note, Workspace};

/// Every output format of `ladder lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// miette diagnostics for people.
    Human,
    /// JSON for machines (see docs/json-format.md).
    Json,
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
        Format::Json => json::render(report, out),
    }
}
