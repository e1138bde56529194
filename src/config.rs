//! `ladder.yml`: an optional file at the handbook root naming frameworks, level order,
//! the include root, the rules folder and the curated alignment file.
//!
//! Paths in it are relative to the folder that holds it. A folder or file it names that does not
//! exist is an input error at its line: a misspelt path must not silently fall back to defaults.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::source::{SourceError, SourceFile, SourceMap, Span};
use crate::yaml::{YamlError, parse};

/// A `ladder.yml` that could not be read or is invalid.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    /// The file could not be read as text.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    /// The file is not valid YAML of the expected shape, or names a path that does not exist.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] YamlError),
}

/// The configuration file's name.
pub const FILE_NAME: &str = crate::source::CONFIG_FILE;

/// `ladder.yml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Folder that include shortcodes resolve against (default: `assets`).
    pub include_root: Option<Spanned<String>>,
    /// A rules folder that overrides the built-in one file by file.
    pub rules: Option<Spanned<String>>,
    /// The curated alignment file that lint checks links against.
    pub alignment: Option<Spanned<String>>,
    /// Bounds on what a run reads and computes (file size, nesting, includes, items, word diff).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// Frameworks named explicitly; when present, no discovery happens.
    #[serde(default)]
    pub frameworks: Vec<FrameworkConfig>,
    /// Tracks that join at shared levels above them; when absent, found from the layout (a
    /// folder whose only levels sit above those of the folders below it); `[]` joins none.
    pub tracks: Option<Vec<TracksConfig>>,
}

/// Track folders whose level graphs continue into the levels of a folder above them
/// (`development/dev/principal.md` above the Backend, Frontend and Fullstack Staff pages).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TracksConfig {
    /// The folder holding the shared levels, relative to the handbook root.
    pub above: Spanned<String>,
    /// The track folders, each a framework whose top level is the level below the shared ones.
    pub tracks: Vec<Spanned<String>>,
}

/// One framework named in `ladder.yml`: a folder of level pages, or a YAML framework file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrameworkConfig {
    /// Name shown to people (default: the folder's `_index.md` title, or the folder name).
    pub name: Option<Spanned<String>>,
    /// Folder of its level pages, relative to the handbook root.
    pub folder: Option<Spanned<String>>,
    /// A framework data file instead of a folder, relative to the handbook root.
    pub file: Option<Spanned<String>>,
    /// The format of `file` when its content does not tell it: `yaml`, `monzo`, `ft`,
    /// `snowflake`.
    pub format: Option<Spanned<String>>,
    /// Level keys, lowest first; each is the page `<key>.md` in the folder (default: the
    /// folder's pages named by the level vocabulary, in its order).
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    /// Sections every level must have (default: from rules/sections.yml).
    pub required_sections: Option<Vec<String>>,
    /// How escalation across levels is judged: `item` (each item grows from one below) or
    /// `topic` (each topic's cell grows as a whole); default: `topic` for the Monzo, FT and
    /// Snowflake formats, `item` for handbook pages and ladder's YAML.
    pub escalation: Option<Spanned<String>>,
    /// Topics that start above the lowest level or end below the highest on purpose.
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
}

/// A topic declared to start late or end early (`- {name: leadership, starts: level-3}`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TopicConfig {
    /// The topic's name as the framework writes it (or as a slug: `technical-leadership`).
    pub name: Spanned<String>,
    /// The level (key or name) it starts at.
    pub starts: Option<Spanned<String>>,
    /// The level (key or name) it ends at: its absence above that level is intended.
    pub ends: Option<Spanned<String>>,
}

/// `ladder.yml` with the folder it was found in.
#[derive(Debug)]
pub struct Config {
    /// The handbook root: the folder holding `ladder.yml`.
    pub root: PathBuf,
    /// The file as read, for spans in errors.
    pub file: Arc<SourceFile>,
    /// Its settings.
    pub settings: ConfigFile,
}

impl Config {
    /// Finds `ladder.yml` in `start` or a folder above it, and reads it.
    pub fn discover(start: &Path, sources: &mut SourceMap) -> Result<Option<Self>, ConfigError> {
        let start = crate::source::normalize_path(start);
        let mut folder =
            if sources.tree().is_dir(&start) { Some(start.as_path()) } else { start.parent() };
        while let Some(current) = folder {
            let candidate = crate::source::normalize_path(&current.join(FILE_NAME));
            if sources.tree().is_file(&candidate) {
                let file = sources.load(&candidate)?;
                let settings = Self::parse(&file)?;
                let config = Self { root: current.to_path_buf(), file, settings };
                config.check(sources)?;
                return Ok(Some(config));
            }
            if current.as_os_str().is_empty() || current == Path::new(".") {
                break;
            }
            folder = current.parent();
        }
        Ok(None)
    }

    /// Parses the text of a `ladder.yml`.
    pub fn parse(file: &Arc<SourceFile>) -> Result<ConfigFile, YamlError> {
        parse(
            file,
            "ladder.yml takes include-root, rules, alignment, frameworks, tracks and limits (see docs/configuration.md)",
        )
    }

    /// A path of the configuration resolved against the handbook root.
    pub fn resolve(&self, path: &str) -> PathBuf {
        crate::source::normalize_path(&self.root.join(path))
    }

    /// The rules folder `ladder.yml` names, resolved.
    pub fn rules_folder(&self) -> Option<PathBuf> {
        self.settings.rules.as_ref().map(|rules| self.resolve(&rules.value))
    }

    /// The include root `ladder.yml` names, resolved.
    pub fn include_root(&self) -> Option<PathBuf> {
        self.settings.include_root.as_ref().map(|root| self.resolve(&root.value))
    }

    /// Where a value of the file is written.
    pub fn span(&self, value: &Spanned<String>) -> Span {
        crate::yaml::span_of(&self.file, &value.defined)
    }

    /// The curated alignment file `ladder.yml` names, resolved.
    pub fn alignment(&self) -> Option<PathBuf> {
        self.settings.alignment.as_ref().map(|file| self.resolve(&file.value))
    }

    /// Every path the configuration names that the tree would refuse to read (outside the
    /// project root, not a regular file) is an error at its line, before anything is read.
    fn check_refused(&self, tree: &dyn crate::source::Tree) -> Result<(), YamlError> {
        let settings = &self.settings;
        let entries = settings.frameworks.iter().flat_map(|entry| [&entry.folder, &entry.file]);
        let named = [&settings.include_root, &settings.rules, &settings.alignment]
            .into_iter()
            .chain(entries)
            .flatten();
        for value in named {
            if let Some(refusal) = tree.refusal(&self.resolve(&value.value)) {
                return Err(YamlError::at(
                    &self.span(value),
                    format!("`{}` {refusal}", value.value),
                    Some("ladder.yml may name only files and folders inside the project".into()),
                ));
            }
        }
        Ok(())
    }

    /// Every folder and file the configuration names exists, and each framework entry names
    /// one folder or one file.
    fn check(&self, sources: &SourceMap) -> Result<(), YamlError> {
        let tree = sources.tree();
        self.check_refused(tree)?;
        let folders =
            [("rules folder", &self.settings.rules), ("include root", &self.settings.include_root)];
        for (what, value) in folders {
            if let Some(value) =
                value.as_ref().filter(|value| !tree.is_dir(&self.resolve(&value.value)))
            {
                return Err(self.missing(value, what));
            }
        }
        let joins = self.settings.tracks.iter().flatten();
        for folder in joins.flat_map(|join| std::iter::once(&join.above).chain(&join.tracks)) {
            if !tree.is_dir(&self.resolve(&folder.value)) {
                return Err(self.missing(folder, "track folder"));
            }
        }
        self.settings.frameworks.iter().try_for_each(|entry| self.check_entry(entry, tree))
    }

    /// A framework entry names one folder or one file, and it exists.
    fn check_entry(
        &self,
        entry: &FrameworkConfig,
        tree: &dyn crate::source::Tree,
    ) -> Result<(), YamlError> {
        match (&entry.folder, &entry.file) {
            (Some(folder), None) if !tree.is_dir(&self.resolve(&folder.value)) => {
                Err(self.missing(folder, "framework folder"))
            }
            (None, Some(file)) if !tree.is_file(&self.resolve(&file.value)) => {
                Err(self.missing(file, "framework file"))
            }
            (None, Some(file)) if !entry.levels.is_empty() => Err(YamlError::at(
                &self.span(file),
                "a YAML framework file lists its own levels: `levels` is for a folder of pages",
                Some("remove `levels` from this entry".into()),
            )),
            (Some(folder), Some(_)) => Err(YamlError::at(
                &self.span(folder),
                "a framework is either a `folder` of pages or a YAML `file`, not both",
                Some("keep one of `folder` and `file`".into()),
            )),
            (None, None) => {
                let at = entry
                    .name
                    .as_ref()
                    .or(entry.levels.first())
                    .map_or_else(|| Span::line(&self.file, 1), |value| self.span(value));
                Err(YamlError::at(
                    &at,
                    "a framework entry needs a `folder` of level pages or a YAML `file`",
                    Some("add `folder: path/to/level/pages`".into()),
                ))
            }
            _ => Ok(()),
        }
    }

    /// What an entry says of its framework's escalation; an unknown `escalation:` is an error
    /// at its line.
    pub fn escalation_plan(
        &self,
        entry: &FrameworkConfig,
    ) -> Result<crate::model::EscalationPlan, YamlError> {
        use crate::model::{Declared, Escalation, EscalationPlan, TopicBound};
        let mode = match &entry.escalation {
            None => None,
            Some(name) => Some(Escalation::from_name(&name.value).ok_or_else(|| {
                YamlError::at(
                    &self.span(name),
                    format!("unknown escalation `{}`", name.value),
                    Some(format!("escalation is one of: {}", Escalation::NAMES.join(", "))),
                )
            })?),
        };
        let declared = |value: &Spanned<String>| Declared {
            value: value.value.clone(),
            span: self.span(value),
        };
        let topics = entry
            .topics
            .iter()
            .map(|topic| TopicBound {
                topic: declared(&topic.name),
                starts: topic.starts.as_ref().map(declared),
                ends: topic.ends.as_ref().map(declared),
            })
            .collect();
        Ok(EscalationPlan { mode, topics })
    }

    fn missing(&self, value: &Spanned<String>, what: &str) -> YamlError {
        let path = self.resolve(&value.value);
        YamlError::at(
            &self.span(value),
            format!(
                "{what} `{}` does not exist ({})",
                value.value,
                crate::report::display_path(&path.display().to_string())
            ),
            Some("paths in ladder.yml are relative to the folder that holds it".into()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FsTree;

    fn file(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile::new("ladder.yml", text))
    }

    #[test]
    fn level_keys_keep_their_lines() -> Result<(), YamlError> {
        let settings =
            Config::parse(&file("frameworks:\n  - folder: team\n    levels:\n      - senior\n"))?;
        let key = &settings.frameworks[0].levels[0];
        assert_eq!((key.value.as_str(), key.referenced.line()), ("senior", 4));
        Ok(())
    }

    #[test]
    fn snake_case_key_is_refused_at_its_line() {
        let error = Config::parse(&file("rules: r\ninclude_root: x\n")).err();
        assert_eq!(error.map(|error| error.line), Some(2));
    }

    #[test]
    fn discovery_climbs_to_the_handbook_root() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("a/b"))?;
        std::fs::write(dir.path().join(FILE_NAME), "frameworks: []\n")?;
        let mut sources = SourceMap::new(Box::new(FsTree));
        let config = Config::discover(&dir.path().join("a/b"), &mut sources)?;
        let root = config.map(|config| config.root);
        assert_eq!(root.as_deref(), Some(crate::source::normalize_path(dir.path()).as_path()));
        Ok(())
    }

    #[test]
    fn paths_resolve_against_the_root() -> Result<(), YamlError> {
        let config = Config {
            root: PathBuf::from("handbook"),
            file: file("rules: ../shared/rules\n"),
            settings: Config::parse(&file("rules: ../shared/rules\n"))?,
        };
        assert_eq!(config.rules_folder(), Some(PathBuf::from("shared/rules")));
        assert_eq!(config.include_root(), None);
        Ok(())
    }
}
