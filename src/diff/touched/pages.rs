//! The verdict on each level page: whether it and every file its includes may reach are the
//! same at both revisions.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{FileChanges, key, resolve};
use crate::read::{Unchanged, shortcode};
use crate::source::Tree;

/// The test the reader asks of each level page, or `None` when every page must be composed
/// (the settings changed). `tree` reads files the same at both revisions; `include_root` is the
/// include root given or configured, if any.
pub fn unchanged_pages(
    changes: Arc<FileChanges>,
    tree: Arc<dyn Tree>,
    include_root: Option<PathBuf>,
) -> Option<Unchanged> {
    if changes.touches_settings() {
        return None;
    }
    let assets = asset_folders(&changes);
    let pages = Pages { changes, tree, include_root, assets, known: Mutex::default() };
    Some(Box::new(move |page: &Path| pages.unchanged(page)))
}

/// Every folder named like the include root (`assets`) on the way to a file of either revision.
fn asset_folders(changes: &FileChanges) -> HashSet<String> {
    super::asset_folders(changes.changed.iter().chain(changes.same.keys()).map(String::as_str))
}

/// Verdicts on pages, each found once for both reads.
struct Pages {
    changes: Arc<FileChanges>,
    tree: Arc<dyn Tree>,
    include_root: Option<PathBuf>,
    /// Folders named `assets` that hold a file at either revision: the only include roots
    /// found by looking up from a page that can resolve anything.
    assets: HashSet<String>,
    known: Mutex<HashMap<String, bool>>,
}

impl Pages {
    fn unchanged(&self, page: &Path) -> bool {
        let page = key(page);
        if let Some(known) = self.known.lock().ok().and_then(|known| known.get(&page).copied()) {
            return known;
        }
        let verdict = self.changes.same.contains_key(&page) && self.includes_unchanged(&page);
        if let Ok(mut known) = self.known.lock() {
            known.insert(page, verdict);
        }
        verdict
    }

    /// Whether every file the page's includes may reach, transitively, is the same.
    fn includes_unchanged(&self, page: &str) -> bool {
        let roots = self.roots(page);
        let mut stack = vec![page.to_string()];
        let mut seen = HashSet::new();
        while let Some(file) = stack.pop() {
            if !seen.insert(file.clone()) {
                continue;
            }
            let Some(bytes) = self.bytes(&file) else { return false };
            // A file that is not text cannot be read as a page: not known the same.
            let Ok(text) = std::str::from_utf8(&bytes) else { return false };
            for include in shortcode::includes(text) {
                let target = include.target;
                if target.starts_with('/') {
                    continue;
                }
                for path in roots.iter().filter_map(|root| resolve(root, target)) {
                    if path.starts_with('/') {
                        // Under an include root outside the trees: one file for both reads.
                        if self.tree.is_file(Path::new(&path)) {
                            stack.push(path);
                        }
                        continue;
                    }
                    if self.changes.changed.contains(&path) {
                        return false;
                    }
                    if self.changes.same.contains_key(&path) {
                        stack.push(path);
                    } else if self.tree.is_file(Path::new(&path)) {
                        // A file neither revision lists (ignored by git): not known the same.
                        return false;
                    }
                }
            }
        }
        true
    }

    /// Every include root the reader may pick for `page`: the one given or configured, and each
    /// `assets` folder above the page that holds files (the reader takes the nearest there is).
    fn roots(&self, page: &str) -> Vec<String> {
        let mut roots: Vec<String> = self.include_root.iter().map(|root| key(root)).collect();
        let candidates = shortcode::include_root_candidates(Path::new(page));
        roots.extend(
            candidates
                .iter()
                .map(|candidate| key(candidate))
                .filter(|key| self.assets.contains(key)),
        );
        roots
    }

    /// The bytes of a file the same at both revisions (or outside both trees).
    fn bytes(&self, path: &str) -> Option<Arc<[u8]>> {
        match self.changes.same.get(path) {
            Some(Some(bytes)) => Some(bytes.clone()),
            Some(None) => self.tree.read(Path::new(path)).ok().flatten().map(Arc::from),
            None if path.starts_with('/') => {
                self.tree.read(Path::new(path)).ok().flatten().map(Arc::from)
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(changed: &[&str], same: &[(&str, &str)]) -> FileChanges {
        FileChanges {
            same_from: None,
            changed: changed.iter().map(|path| path.to_string()).collect(),
            same: same
                .iter()
                .map(|(path, text)| (path.to_string(), Some(Arc::from(text.as_bytes()))))
                .collect(),
        }
    }

    fn verdict(changes: FileChanges, page: &str) -> Option<bool> {
        let test = unchanged_pages(Arc::new(changes), Arc::new(crate::source::FsTree), None)?;
        Some(test(Path::new(page)))
    }

    const PAGE: &str = "## Senior\n\n{{% include \"includes/a.md\" %}}\n";

    #[test]
    fn a_page_whose_include_changed_is_changed() {
        let found = changes(&["assets/includes/a.md"], &[("content/senior.md", PAGE)]);
        assert_eq!(verdict(found, "content/senior.md"), Some(false));
    }

    #[test]
    fn a_change_two_includes_down_reaches_the_page() {
        let found = changes(
            &["assets/includes/b.md"],
            &[
                ("content/senior.md", PAGE),
                ("assets/includes/a.md", "{{% include \"includes/b.md\" %}}\n"),
            ],
        );
        assert_eq!(verdict(found, "content/senior.md"), Some(false));
    }

    #[test]
    fn a_page_and_its_includes_the_same_are_unchanged() {
        let found = changes(
            &["content/staff.md", "assets/includes/other.md"],
            &[("content/senior.md", PAGE), ("assets/includes/a.md", "- Item\n")],
        );
        assert_eq!(verdict(found, "./content/senior.md"), Some(true));
    }

    #[test]
    fn a_page_that_changed_or_is_new_is_changed() {
        let found = changes(&["content/senior.md"], &[]);
        assert_eq!(verdict(found, "content/senior.md"), Some(false));
        assert_eq!(verdict(changes(&[], &[]), "content/staff.md"), Some(false));
    }

    #[test]
    fn asset_folders_are_found_at_any_depth() {
        let found = asset_folders(&changes(&["assets/a.md"], &[("x/assets/b/c.md", "")]));
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["assets", "x/assets"]);
    }

    #[test]
    fn changed_rules_compose_every_page() {
        let found = changes(&["rules/levels.yml"], &[("content/senior.md", "## Senior\n")]);
        assert_eq!(verdict(found, "content/senior.md"), None);
        let found = changes(&["f.ladder.yml"], &[("content/senior.md", "## Senior\n")]);
        assert_eq!(verdict(found, "content/senior.md"), Some(true));
    }
}
