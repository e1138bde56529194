//! The rules folder: level, section, scope and values vocabularies and the checks' defaults.
//!
//! The project's `rules/` is embedded in the binary as the default; a handbook's own rules
//! folder replaces any of its files by name.

pub mod declarative;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::finding::Severity;
use crate::source::{SourceError, SourceFile, SourceMap};
use crate::yaml::{YamlError, parse};

/// One built-in rules file: its name, its YAML and the JSON build.rs made of it (serde_json
/// reads it in a tenth of the instructions serde-saphyr takes for the YAML, and every run reads
/// them).
macro_rules! built_in {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../rules/", $name)),
            include_str!(concat!(env!("OUT_DIR"), "/rules/", $name, ".json")),
        )
    };
}
pub(crate) use built_in;

/// The rule files ladder knows, with their embedded defaults: name, YAML, JSON.
pub const DEFAULT_FILES: &[(&str, &str, &str)] = &[
    built_in!("levels.yml"),
    built_in!("sections.yml"),
    built_in!("scope.yml"),
    built_in!("values.yml"),
    built_in!("checks.yml"),
    built_in!("concepts.yml"),
    built_in!("synonyms.yml"),
];

/// A rules file (vocabulary, check settings or declarative rule) that could not be read.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RulesError {
    /// The file could not be read as text.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    /// The file is not valid YAML of the expected shape.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] YamlError),
}

/// Every vocabulary and default, ready for readers and checks.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Level vocabulary, lowest first.
    pub levels: Vec<LevelWord>,
    /// Section vocabulary.
    pub sections: Vec<SectionWord>,
    /// Sections every level must have by default.
    pub required_sections: Vec<String>,
    /// Scope vocabulary, narrowest first.
    pub scopes: Vec<Scope>,
    /// The values set.
    pub values: ValuesSet,
    /// Settings of each built-in check, by id.
    pub checks: BTreeMap<String, CheckSettings>,
    /// Alignment settings.
    pub alignment: AlignmentSettings,
    /// Domain vocabulary for alignment: concepts and the wordings that name them.
    pub concepts: Vec<Concept>,
    /// Abbreviations and synonyms for alignment: groups of wordings of one thing, the first the
    /// one the others are read as.
    pub synonyms: Vec<Vec<String>>,
    /// Declarative rules (`lint/*.yml`): built-in ones and the handbook's own.
    pub declarative: Vec<declarative::Rule>,
}

/// One concept of the domain vocabulary: different wordings of the same competency idea.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Name of the concept (`mentoring`).
    pub name: String,
    /// Words and phrases that name it (`mentor`, `coach`, `helps others understand`).
    pub words: Vec<String>,
}

/// One level of the level vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelWord {
    /// File stem and key (`senior-staff`).
    pub key: String,
    /// Name shown to people (`Senior Staff`).
    pub name: String,
}

/// One section of the section vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionWord {
    /// Canonical name.
    pub name: String,
    /// Words that, found in a heading, make it this section.
    #[serde(rename = "match")]
    pub matches: Vec<String>,
}

/// One rung of the scope vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Name of the scope (`team`).
    pub name: String,
    /// Words and phrases that name it.
    pub words: Vec<String>,
}

/// The values every level must carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesSet {
    /// The section that carries them.
    pub section: String,
    /// The values.
    pub values: Vec<Value>,
}

/// One value of the values set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Value {
    /// Name shown to people.
    pub name: String,
    /// Words that name the value in an item.
    #[serde(rename = "match")]
    pub matches: Vec<String>,
}

/// Settings of one built-in check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckSettings {
    /// Severity of its findings; `off` disables it.
    pub severity: Severity,
    /// Sections the check passes over.
    #[serde(default)]
    pub exempt_sections: Vec<String>,
    /// Regular expressions of placeholder items (style check).
    #[serde(default)]
    pub placeholders: Vec<String>,
    /// Similarity (0..1) from which the check reports (near-duplicate check).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Whether a suppression must say why (suppression check; default: yes).
    #[serde(default)]
    pub require_reason: Option<bool>,
    /// A scale of values, lowest first (proficiency-regression check).
    #[serde(default)]
    pub scale: Vec<String>,
}

/// Settings of alignment across levels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct AlignmentSettings {
    /// Similarity at or above which an assigned pair is a confident link.
    pub threshold: f64,
    /// Similarity below which a lower item is not even a candidate (the item is new).
    pub floor: f64,
    /// How far the assigned candidate must lead the runner-up for a confident link.
    pub margin: f64,
    /// Factor applied to the similarity of items in different sections.
    pub cross_section: f64,
    /// Factor applied to the similarity of items under different topics (both with a topic).
    pub cross_topic: f64,
    /// Similarity at or above which two items that are each other's best match are linked.
    pub mutual: f64,
    /// Factor applied to the similarity of items written in different files once the level's
    /// name is blanked out of the paths (`senior-technical.md` and `intermediate-technical.md`
    /// count as one file).
    pub cross_file: f64,
    /// Share of the similarity that comes from letter trigrams rather than whole words.
    pub trigrams: f64,
}

impl Default for AlignmentSettings {
    fn default() -> Self {
        Self {
            threshold: 0.3,
            floor: 0.1,
            margin: 0.0,
            cross_section: 0.8,
            cross_topic: 1.0,
            mutual: 1.0,
            cross_file: 1.0,
            trigrams: 0.0,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelsFile {
    levels: Vec<LevelWord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsFile {
    sections: Vec<SectionWord>,
    required: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    scopes: Vec<Scope>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptsFile {
    concepts: Vec<Concept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    synonyms: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    checks: BTreeMap<String, CheckSettings>,
    alignment: AlignmentSettings,
}

impl Rules {
    /// The embedded defaults.
    pub fn defaults() -> Result<Self, RulesError> {
        Self::load(None, &mut SourceMap::new(Box::new(crate::source::FsTree)))
    }

    /// The defaults with every file of `folder` (when given) put in place of its namesake.
    pub fn load(folder: Option<&Path>, sources: &mut SourceMap) -> Result<Self, RulesError> {
        // The built-in rules are parsed once per run: `ladder notes` reads every commit.
        static BUILT_IN: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
        if folder.is_none() {
            if let Some(rules) = BUILT_IN.get() {
                return Ok(rules.clone());
            }
            let rules = Self::parse(None, sources)?;
            return Ok(BUILT_IN.get_or_init(|| rules).clone());
        }
        Self::parse(folder, sources)
    }

    /// The defaults with every file of `folder` put in place of its namesake, parsed.
    fn parse(folder: Option<&Path>, sources: &mut SourceMap) -> Result<Self, RulesError> {
        let mut own = BTreeMap::new();
        for (name, ..) in DEFAULT_FILES {
            match folder.map(|folder| folder.join(name)) {
                Some(path) if sources.tree().is_file(&path) => {
                    own.insert(*name, sources.load(&path)?);
                }
                _ => {}
            }
        }
        let get = |name: &'static str| File { own: own.get(name), name };
        // The files are parsed, and the built-in declarative rules compiled, on every core (the
        // concepts take as long as the other files); the first error in the order below is the
        // one reported, as when they were parsed in turn.
        let ((levels, sections, scopes, values, checks), ((concepts, synonyms), declared)) =
            rayon::join(
                || {
                    (
                        get("levels.yml").parse::<LevelsFile>(),
                        get("sections.yml").parse::<SectionsFile>(),
                        get("scope.yml").parse::<ScopeFile>(),
                        get("values.yml").parse::<ValuesSet>(),
                        get("checks.yml").parse::<ChecksFile>(),
                    )
                },
                || {
                    rayon::join(
                        || {
                            (
                                get("concepts.yml").parse::<ConceptsFile>(),
                                get("synonyms.yml").parse::<SynonymsFile>(),
                            )
                        },
                        declarative::built_in,
                    )
                },
            );
        let (levels, sections, scopes, values, checks) =
            (levels?, sections?, scopes?, values?, checks?);
        let (concepts, synonyms) = (concepts?, synonyms?);
        Ok(Self {
            levels: levels.levels,
            sections: sections.sections,
            required_sections: sections.required,
            scopes: scopes.scopes,
            values,
            checks: checks.checks,
            alignment: checks.alignment,
            concepts: concepts.concepts,
            synonyms: synonyms.synonyms,
            declarative: declarative::load_over(declared, folder, sources)?,
        })
    }

    /// The level whose key is `key`, with its rank in the vocabulary.
    pub fn level(&self, key: &str) -> Option<(usize, &LevelWord)> {
        self.levels.iter().enumerate().find(|(_, level)| level.key == key)
    }

    /// The canonical section a heading names, if the vocabulary knows it.
    pub fn section_of(&self, heading: &str) -> Option<&str> {
        let heading_words: Vec<String> = crate::model::words(heading).collect();
        self.sections
            .iter()
            .find(|section| {
                section
                    .matches
                    .iter()
                    .any(|word| heading_words.iter().any(|w| is_lowercase_of(w, word)))
            })
            .map(|section| section.name.as_str())
    }

    /// Settings of check `id` (a check missing from checks.yml is an error and off).
    pub fn check(&self, id: &str) -> Option<&CheckSettings> {
        self.checks.get(id)
    }
}

/// One of the rules files as a run has it: the handbook's own, or else the built-in one.
struct File<'a> {
    /// The handbook's own file of that name, read.
    own: Option<&'a Arc<SourceFile>>,
    /// The file's name under `rules/`.
    name: &'a str,
}

impl File<'_> {
    /// The file's contents: the handbook's own parsed, or the built-in read from its JSON (from
    /// its YAML when the JSON does not give a `T`, so that the error is the YAML's, at its line).
    fn parse<T: DeserializeOwned>(&self) -> Result<T, YamlError> {
        let help = "see the built-in rules folder of ladder for the expected shape";
        if let Some(file) = self.own {
            return parse(file, help);
        }
        let built_in = DEFAULT_FILES.iter().find(|(name, ..)| *name == self.name);
        let json = built_in.map_or("", |(_, _, json)| json);
        if let Ok(parsed) = serde_json::from_str(json) {
            return Ok(parsed);
        }
        let yaml = built_in.map_or("", |(_, yaml, _)| yaml);
        parse(&Arc::new(SourceFile::new(format!("(built-in) rules/{}", self.name), yaml)), help)
    }
}

/// Whether `lower` is `word` lower-cased (`word.to_lowercase()`), without a new string for the
/// ASCII words section names match.
fn is_lowercase_of(lower: &str, word: &str) -> bool {
    if word.is_ascii() {
        lower.len() == word.len() && lower.bytes().eq(word.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        lower == word.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() -> Result<(), RulesError> {
        let rules = Rules::defaults()?;
        assert_eq!(rules.level("senior").map(|(rank, _)| rank), Some(3));
        assert_eq!(rules.section_of("Senior Leadership Competencies"), Some("Leadership"));
        assert_eq!(rules.section_of("Staff Values Alignment"), Some("Values Alignment"));
        assert_eq!(rules.section_of("Accountability"), None);
        assert!(rules.check("verbatim-copy").is_some());
        Ok(())
    }

    /// Each built-in file read from the JSON build.rs made of it is what its YAML reads as.
    #[test]
    fn built_in_json_reads_as_the_yaml() -> Result<(), Box<dyn std::error::Error>> {
        fn same<T: DeserializeOwned + std::fmt::Debug>(
            index: usize,
        ) -> Result<(), Box<dyn std::error::Error>> {
            let (name, yaml, json) = DEFAULT_FILES[index];
            let from_json: T = serde_json::from_str(json)?;
            let from_yaml: T = parse(&Arc::new(SourceFile::new(name, yaml)), "")?;
            assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"), "{name}");
            Ok(())
        }
        same::<LevelsFile>(0)?;
        same::<SectionsFile>(1)?;
        same::<ScopeFile>(2)?;
        same::<ValuesSet>(3)?;
        same::<ChecksFile>(4)?;
        same::<ConceptsFile>(5)?;
        same::<SynonymsFile>(6)?;
        for (name, yaml, _) in declarative::BUILT_IN {
            let from_yaml = declarative::compile(&Arc::new(SourceFile::new(
                format!("(built-in) rules/{name}"),
                *yaml,
            )))?;
            let built_in = declarative::built_in()?;
            let from_json = built_in.iter().find(|rule| rule.id == from_yaml.id);
            assert_eq!(format!("{from_json:?}"), format!("{:?}", Some(&from_yaml)), "{name}");
        }
        Ok(())
    }

    #[test]
    fn own_rules_folder_replaces_a_file_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("levels.yml"), "levels:\n  - { key: l1, name: L1 }\n")?;
        let mut sources = SourceMap::new(Box::new(crate::source::FsTree));
        let rules = Rules::load(Some(dir.path()), &mut sources)?;
        assert_eq!(rules.levels.len(), 1);
        assert!(rules.level("senior").is_none());
        assert!(rules.section_of("Technical").is_some());
        Ok(())
    }

    #[test]
    fn bad_rules_file_names_its_line() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("scope.yml"), "scopes:\n  - { nam: team }\n")?;
        let mut sources = SourceMap::new(Box::new(crate::source::FsTree));
        match Rules::load(Some(dir.path()), &mut sources) {
            Err(RulesError::Yaml(error)) => assert_eq!(error.line, 2),
            other => panic!("expected a YAML error, got {other:?}"),
        }
        Ok(())
    }
}
