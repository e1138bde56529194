//! `ladder.yml`: an optional file at the handbook root naming frameworks, level order,
//! the include root, the rules folder and the curated alignment file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::source::{SourceFile, SourceMap};
use crate::yaml::{YamlError, parse};

/// The configuration file's name.
pub const FILE_NAME: &str = "ladder.yml";

/// `ladder.yml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Folder that include shortcodes resolve against (default: `assets`).
    pub include_root: Option<String>,
    /// A rules folder that overrides the built-in one file by file.
    pub rules: Option<String>,
    /// The curated alignment file that lint checks links against.
    pub alignment: Option<String>,
    /// Frameworks named explicitly; when present, no discovery happens.
    #[serde(default)]
    pub frameworks: Vec<FrameworkConfig>,
}

/// One framework named in `ladder.yml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrameworkConfig {
    /// Name shown to people.
    pub name: Option<String>,
    /// Folder of its level pages, relative to the handbook root.
    pub folder: String,
    /// Level keys, lowest first; each is the page `<key>.md` in the folder.
    pub levels: Vec<Spanned<String>>,
    /// Sections every level must have (default: from rules/sections.yml).
    pub required_sections: Option<Vec<String>>,
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
    pub fn discover(
        start: &Path,
        sources: &mut SourceMap,
    ) -> Result<Option<Self>, crate::read::ReadError> {
        let start = crate::source::normalize_path(start);
        let mut folder =
            if sources.tree().is_dir(&start) { Some(start.as_path()) } else { start.parent() };
        while let Some(current) = folder {
            let candidate = current.join(FILE_NAME);
            if sources.tree().is_file(&candidate) {
                let file = sources.load(&candidate)?;
                let settings = Self::parse(&file)?;
                return Ok(Some(Self { root: current.to_path_buf(), file, settings }));
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
            "ladder.yml takes include-root, rules, alignment and frameworks (see the README)",
        )
    }

    /// A path of the configuration resolved against the handbook root.
    pub fn resolve(&self, path: &str) -> PathBuf {
        crate::source::normalize_path(&self.root.join(path))
    }
}
