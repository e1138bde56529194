//! What a reader works out from text alone, kept for the rest of its reads: the section a
//! heading names and the file an include shortcode names. A walk over history reads the same
//! headings and shortcodes in every version of every page; the answers follow from the words
//! and the reader's rules (fixed for its life), so they are found once.

use std::path::{Path, PathBuf};

use crate::hash::TextMap;
use crate::rules::Rules;

/// Answers found so far, by the text they were found from.
#[derive(Default)]
pub(crate) struct Known {
    /// The canonical section each heading names (see [`Rules::section_of`]).
    sections: TextMap<String, Option<String>>,
    /// The file each include target names under each include root (see
    /// [`super::page::include_path`]), by target.
    includes: TextMap<String, Vec<(PathBuf, Option<PathBuf>)>>,
}

impl Known {
    /// The canonical section `heading` names under `rules` (the rules of every call).
    pub fn section_of(&mut self, rules: &Rules, heading: &str) -> Option<String> {
        if let Some(known) = self.sections.get(heading) {
            return known.clone();
        }
        let found = rules.section_of(heading).map(str::to_string);
        self.sections.insert(heading.to_string(), found.clone());
        found
    }

    /// The file an include of `target` under `include_root` reads, `None` when it leaves the
    /// repository root.
    pub fn include_path(&mut self, include_root: &Path, target: &str) -> Option<PathBuf> {
        let roots = match self.includes.get_mut(target) {
            Some(roots) => roots,
            None => self.includes.entry(target.to_string()).or_default(),
        };
        if let Some((_, known)) = roots.iter().find(|(root, _)| root == include_root) {
            return known.clone();
        }
        let found = super::page::include_path(include_root, target);
        roots.push((include_root.to_path_buf(), found.clone()));
        found
    }
}
