//! The one finding type every check produces and every report format renders.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::source::Span;

/// How much a finding matters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The check is disabled.
    Off,
    /// Worth knowing; never fails a run by default.
    Info,
    /// Likely a mistake.
    Warning,
    /// A mistake.
    Error,
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "off" => Ok(Self::Off),
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!("unknown severity `{other}`: use off, info, warning or error")),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Off => "off",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A second place a finding points at (the counterpart item at another level, say).
#[derive(Debug, Clone)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What is there, in a few words.
    pub label: String,
}

/// Text that fixes a finding: `replacement` in place of the text at `span` (an empty span
/// inserts), kept so that a fixer can apply it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to replace.
    pub span: Span,
    /// The text to put there.
    pub replacement: String,
}

/// One finding: what is wrong, where, and how to fix it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Check id (`verbatim-copy`, `structure/missing-section`, ...).
    pub id: String,
    /// Severity, from the check's settings.
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// Where it is wrong.
    pub primary: Span,
    /// Label under the primary span.
    pub label: String,
    /// Other places that explain it.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// Framework and level the finding concerns, for grouping (`support`, `senior`).
    pub context: Option<(String, String)>,
    /// Edits that fix it, when the check knows them.
    pub suggestions: Vec<Suggestion>,
    /// How many findings before this one (in file order) share its fingerprint's content: two
    /// copies of one sentence in a level stay two findings with two fingerprints.
    pub occurrence: usize,
}

impl Finding {
    /// A finding of check `id` at `primary`.
    pub fn new(id: &str, severity: Severity, primary: Span, message: impl Into<String>) -> Self {
        Self {
            id: id.to_string(),
            severity,
            message: message.into(),
            primary,
            label: String::new(),
            related: Vec::new(),
            help: None,
            context: None,
            suggestions: Vec::new(),
            occurrence: 0,
        }
    }

    /// Sets the label under the primary span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a related span.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related { span, label: label.into() });
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds an edit that fixes the finding: `replacement` in place of `span`.
    pub fn suggest(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.suggestions.push(Suggestion { span, replacement: replacement.into() });
        self
    }

    /// Sets the framework and level the finding concerns.
    pub fn context(mut self, framework: &str, level: &str) -> Self {
        self.context = Some((framework.to_string(), level.to_string()));
        self
    }

    /// A fingerprint from content: the check, the framework and level (the file when the
    /// finding concerns none), the words it points at and the occurrence. Not the message, which
    /// may count or quote things elsewhere (a per-level summary names its examples). Never the
    /// line, the working folder or the path given on the command line, so a finding keeps its
    /// identity while lines move and whichever folder ladder runs from.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Fnv64::default();
        self.content_hash().hash(&mut hasher);
        self.occurrence.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }

    /// The fingerprint before the occurrence is counted.
    fn content_hash(&self) -> u64 {
        let mut hasher = Fnv64::default();
        self.id.hash(&mut hasher);
        match &self.context {
            Some((framework, level)) => (framework, level).hash(&mut hasher),
            None => self.primary.path().hash(&mut hasher),
        }
        crate::model::normalize(self.primary.text()).hash(&mut hasher);
        hasher.finish()
    }
}

/// Numbers findings that share fingerprint content in the order given (file order), so each
/// gets its own fingerprint.
pub fn count_occurrences(findings: &mut [Finding]) {
    let mut seen = rustc_hash::FxHashMap::default();
    for finding in findings {
        let count = seen.entry(finding.content_hash()).or_insert(0);
        finding.occurrence = *count;
        *count += 1;
    }
}

/// FNV-1a: a hash that stays the same across builds and platforms, unlike `DefaultHasher`.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // The framework and level, so that a line reached from two frameworks says which.
        Some(Box::new(match &self.context {
            Some((framework, level)) => format!("ladder::{} [{framework}: {level}]", self.id),
            None => format!("ladder::{}", self.id),
        }))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Off => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.primary.file.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        let primary = miette::LabeledSpan::new_primary_with_span(label, self.primary.source_span());
        let same_file =
            self.related.iter().filter(|related| related.span.path() == self.primary.path()).map(
                |related| {
                    miette::LabeledSpan::new_with_span(
                        Some(related.label.clone()),
                        related.span.source_span(),
                    )
                },
            );
        Some(Box::new(std::iter::once(primary).chain(same_file.collect::<Vec<_>>())))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        let elsewhere: Vec<&dyn miette::Diagnostic> = self
            .related
            .iter()
            .filter(|related| related.span.path() != self.primary.path())
            .map(|related| related as &dyn miette::Diagnostic)
            .collect();
        (!elsewhere.is_empty())
            .then(|| Box::new(elsewhere.into_iter()) as Box<dyn Iterator<Item = _>>)
    }
}

impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The snippet below it names the file and line: saying them here too repeats the path.
        f.write_str(&self.label)
    }
}

impl std::error::Error for Related {}

impl miette::Diagnostic for Related {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.span.file.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let label = miette::LabeledSpan::new_primary_with_span(
            Some(self.label.clone()),
            self.span.source_span(),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    #[test]
    fn fingerprint_survives_lines_moving() {
        let before = Arc::new(SourceFile::new("a.md", "- Leads reviews.\n"));
        let after = Arc::new(SourceFile::new("a.md", "\n\n- Leads reviews.\n"));
        let a = Finding::new("style", Severity::Warning, Span::new(&before, 2..16), "m");
        let b = Finding::new("style", Severity::Warning, Span::new(&after, 4..18), "m");
        assert_eq!(a.fingerprint(), b.fingerprint());
        let other = Finding::new("escalation", Severity::Warning, Span::new(&after, 4..18), "m");
        assert_ne!(a.fingerprint(), other.fingerprint());
    }

    #[test]
    fn repeated_findings_get_their_own_fingerprints() {
        let file = Arc::new(SourceFile::new("a.md", "- Leads reviews.\n- Leads reviews.\n"));
        let mut findings = vec![
            Finding::new("style", Severity::Warning, Span::new(&file, 2..16), "m"),
            Finding::new("style", Severity::Warning, Span::new(&file, 19..33), "m"),
        ];
        count_occurrences(&mut findings);
        assert_eq!((findings[0].occurrence, findings[1].occurrence), (0, 1));
        assert_ne!(findings[0].fingerprint(), findings[1].fingerprint());
    }
}
