#![doc = include_str!("structure.md")]

mod anchors;
mod duplicates;
mod names;
mod sections;

pub(super) use duplicates::short;

use crate::hash::TextSet;

use crate::finding::{Finding, Severity};
use crate::lint::{Check, Context};
use crate::model::{IncludeProblem, Level};
use crate::rules::CheckSettings;
use crate::source::Span;

/// The `structure` check.
pub const CHECK: Check = Check {
    id: "structure",
    summary: "missing or empty sections, repeated items, headings naming another level or role, \
              dead table-of-contents links",
    doc: include_str!("structure.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    let problems = ProblemFiles::new(&context.workspace.include_problems);
    for framework in &context.workspace.frameworks {
        let mut found = Vec::new();
        let by_topic = !super::topics::item_by_item(context, framework);
        for level in &framework.levels {
            let at =
                Place { framework: &framework.id, level, severity: settings.severity, by_topic };
            if !problems.partly_read(level) {
                sections::missing(&at, &framework.required_sections, context.rules, &mut found);
                sections::empty(&at, &mut found);
                anchors::check(&at, &mut found);
            }
            duplicates::check(&at, &mut found);
            names::wrong_level(&at, context.rules, &mut found);
        }
        names::wrong_role(framework, context.rules, settings.severity, &mut found);
        findings.extend(found);
    }
    findings
}

/// The files holding an include shortcode that could not be followed, gathered once per run
/// (a scan of every problem per level grows with the square of the handbook).
pub(super) struct ProblemFiles<'a>(TextSet<&'a str>);

impl<'a> ProblemFiles<'a> {
    /// The files of `problems`.
    pub(super) fn new(problems: &'a [IncludeProblem]) -> Self {
        Self(problems.iter().map(|problem| problem.span.path()).collect())
    }

    /// Whether an include of the level's page could not be followed. What such a level seems
    /// to lack (a section's items, a value, a heading for its table of contents) may be in the
    /// file ladder could not read, so its completeness is judged once the `includes` finding is
    /// fixed.
    pub(super) fn partly_read(&self, level: &Level) -> bool {
        let Some(page) = &level.page else { return false };
        if self.0.is_empty() {
            return false;
        }
        self.0.contains(page.span.path())
            || level.items().any(|found| self.0.contains(found.item.origin.path()))
    }
}

/// The level a finding is about, with what every finding of it carries.
struct Place<'a> {
    framework: &'a str,
    level: &'a Level,
    severity: Severity,
    /// The framework is judged topic by topic: each topic's cell is its own list.
    by_topic: bool,
}

impl Place<'_> {
    /// A finding of sub-check `id` at `span`, with this level as its context.
    fn finding(&self, id: &str, span: Span, message: impl Into<String>) -> Finding {
        Finding::new(id, self.severity, span, message).context(self.framework, &self.level.key)
    }

    /// Where the level is declared: its page heading, else its page's first line.
    fn span(&self) -> Option<Span> {
        self.level.span.clone().or_else(|| self.level.page.as_ref().map(|page| page.span.clone()))
    }
}

/// Builds handbooks in a temporary folder and lints them, for the checks' unit tests.
#[cfg(test)]
pub(super) mod testing {
    use crate::finding::Finding;
    use crate::lint::{Check, Context};

    /// Writes `files` (path, text) under a temporary handbook root and runs `check` over it.
    pub(in crate::lint::checks) fn run(
        check: &Check,
        files: &[(&str, &str)],
    ) -> Result<Vec<Finding>, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        for (path, text) in files {
            let path = dir.path().join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        let loaded = crate::read::load(
            Box::new(crate::source::FsTree),
            &[dir.path().to_path_buf()],
            &crate::read::ReadOptions::default(),
        );
        if let Some(error) = loaded.errors.first() {
            return Err(format!("{error}").into());
        }
        let alignment = crate::align::align(&loaded.workspace, &loaded.rules);
        let context =
            Context { workspace: &loaded.workspace, rules: &loaded.rules, alignment: &alignment };
        let settings = loaded.rules.check(check.id).ok_or("check missing from checks.yml")?;
        Ok((check.run)(&context, settings))
    }

    /// The ids of `findings`.
    pub(in crate::lint::checks) fn ids(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|finding| finding.id.as_str()).collect()
    }

    /// A level page of framework `team` with `body` under its heading.
    pub(in crate::lint::checks) fn page(heading: &str, body: &str) -> String {
        format!("---\ntitle: \"Team: {heading}\"\n---\n\n## {heading}\n\n{body}")
    }
}
