//! Declarative rules as written and compiled: `rules/lint/*.yml`, each a regular expression
//! over item text with its own `valid`/`invalid` cases. Built-in rules are embedded; a handbook's
//! rules folder adds its own `lint/*.yml` (a rule with the same id replaces the built-in one).
//! Running them over a workspace is lint's business (`lint::rules`).

use std::path::Path;
use std::sync::Arc;

use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::RulesError;
use crate::finding::Severity;
use crate::source::{SourceError, SourceFile, SourceMap};
use crate::yaml::{YamlError, parse, span_of};

/// The built-in declarative rules, embedded in the binary: name (under `rules/lint/`), YAML,
/// and the JSON build.rs made of the YAML (read in a tenth of the instructions).
pub const BUILT_IN: &[(&str, &str, &str)] =
    &[super::built_in!("lint/first-person.yml"), super::built_in!("lint/bare-url.yml")];

/// A rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    /// Stable id, used in output, `allow=` annotations and `explain`.
    id: String,
    /// Severity of its findings.
    severity: Severity,
    /// One sentence: what is wrong.
    message: String,
    /// How to fix it.
    help: Option<String>,
    /// Why it matters, printed by `ladder explain`.
    description: String,
    /// Regular expression matched against each item's text (markup removed).
    pattern: Spanned<String>,
    /// Only items of these sections (canonical names); all when empty.
    #[serde(default)]
    sections: Vec<String>,
    /// Item texts the rule must not match.
    #[serde(default)]
    valid: Vec<String>,
    /// Item texts the rule must match.
    #[serde(default)]
    invalid: Vec<String>,
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Why it matters.
    pub description: String,
    /// The compiled pattern.
    pub pattern: Regex,
    /// Sections it applies to; all when empty.
    pub sections: Vec<String>,
    /// Texts it must not match.
    pub valid: Vec<String>,
    /// Texts it must match.
    pub invalid: Vec<String>,
    /// The file it was read from, as shown to people.
    pub path: String,
}

/// The built-in rules, then those of `folder/lint/*.yml` over them by id.
pub fn load(folder: Option<&Path>, sources: &mut SourceMap) -> Result<Vec<Rule>, RulesError> {
    load_over(built_in(), folder, sources)
}

/// The built-in rules, compiled on every core; the first that fails (in their order) is the
/// error. Each is read from its JSON; one whose JSON does not give a rule is compiled from its
/// YAML, so that its error is told at its line.
pub fn built_in() -> Result<Vec<Rule>, RulesError> {
    use rayon::prelude::*;
    let compiled: Vec<Result<Rule, RulesError>> = BUILT_IN
        .par_iter()
        .map(|(name, yaml, json)| {
            let path = format!("(built-in) rules/{name}");
            let raw = serde_json::from_str::<RawRule>(json).ok();
            match raw.and_then(|raw| ready(raw, path.clone()).ok()) {
                Some(rule) => Ok(rule),
                None => compile(&Arc::new(SourceFile::new(path, *yaml))),
            }
        })
        .collect();
    compiled.into_iter().collect()
}

/// The rules `built_in` compiled, with the rules of `folder`'s `lint/` in place of their
/// namesakes.
pub fn load_over(
    built_in: Result<Vec<Rule>, RulesError>,
    folder: Option<&Path>,
    sources: &mut SourceMap,
) -> Result<Vec<Rule>, RulesError> {
    let mut rules = built_in?;
    let Some(folder) = folder.map(|folder| folder.join("lint")) else { return Ok(rules) };
    if !sources.tree().is_dir(&folder) {
        return Ok(rules);
    }
    let entries = sources.tree().list(&folder).map_err(|error| SourceError::Io {
        path: folder.display().to_string(),
        message: error.to_string(),
    })?;
    for entry in entries.iter().filter(|entry| !entry.is_dir) {
        let is_yaml = entry.path.extension().is_some_and(|ext| ext == "yml" || ext == "yaml");
        if is_yaml {
            let rule = compile(&sources.load(&entry.path)?)?;
            rules.retain(|known| known.id != rule.id);
            rules.push(rule);
        }
    }
    Ok(rules)
}

/// Parses and compiles one rule file.
pub fn compile(file: &Arc<SourceFile>) -> Result<Rule, RulesError> {
    let raw: RawRule = parse(
        file,
        "a rule has id, severity, message, description, pattern, and optional help, sections, valid, invalid",
    )?;
    let referenced = raw.pattern.referenced;
    ready(raw, file.path().to_string()).map_err(|error| {
        let span = span_of(file, &referenced);
        YamlError::at(
            &span,
            format!("pattern does not compile: {error}"),
            Some("use Rust regex syntax".into()),
        )
        .into()
    })
}

/// The rule `raw` says, its pattern compiled, read from the file shown as `path`.
fn ready(raw: RawRule, path: String) -> Result<Rule, regex::Error> {
    Ok(Rule {
        pattern: Regex::new(&raw.pattern.value)?,
        id: raw.id,
        severity: raw.severity,
        message: raw.message,
        help: raw.help,
        description: raw.description,
        sections: raw.sections,
        valid: raw.valid,
        invalid: raw.invalid,
        path,
    })
}

impl Rule {
    /// Whether the rule fires on an item's text.
    pub fn matches(&self, text: &str) -> bool {
        self.pattern.is_match(text)
    }

    /// The rule's documentation, as `ladder explain` prints it.
    pub fn doc(&self) -> String {
        let mut doc = format!(
            "# {}\n\n{}\n\n## What it checks\n\nItems whose text matches `{}`",
            self.id,
            self.message,
            self.pattern.as_str()
        );
        if !self.sections.is_empty() {
            doc.push_str(&format!(" in the sections {}", self.sections.join(", ")));
        }
        doc.push_str(&format!(
            " (a declarative rule from {}).\n\n## Why it matters\n\n{}\n",
            self.path,
            self.description.trim_end()
        ));
        if let Some(help) = &self.help {
            doc.push_str(&format!("\nFix: {help}\n"));
        }
        doc.push_str("\n## Example\n\n");
        for case in &self.invalid {
            doc.push_str(&format!("- fires on: {case}\n"));
        }
        for case in &self.valid {
            doc.push_str(&format!("- quiet on: {case}\n"));
        }
        doc
    }
}
