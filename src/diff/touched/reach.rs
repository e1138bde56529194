//! The files a level page's includes may reach, remembered across the commits of a walk: a change
//! to one of them is what makes the page worth reading again. The same conservative rule as
//! [`super::unchanged_pages`]: every include root the reader may pick, includes of includes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{key, resolve};
use crate::read::shortcode;
use crate::source::Tree;

/// Where includes may resolve in one tree: the include root given or configured, and the folders
/// named like the include root (`assets`) that hold files.
pub struct Reach {
    include_root: Option<String>,
    assets: HashSet<String>,
}

impl Reach {
    /// The include roots of a tree holding `files` (paths relative to its top).
    pub fn new<'f>(files: impl Iterator<Item = &'f Path>, include_root: Option<&Path>) -> Self {
        let keys: Vec<String> = files.map(key).collect();
        let assets = super::asset_folders(keys.iter().map(String::as_str));
        Self { include_root: include_root.map(key), assets }
    }

    /// `page` and every file of `tree` its include shortcodes may reach, transitively, as keys;
    /// `None` when a file on the way is not text (then any change may reach the page). Files
    /// outside the tree (an absolute include root) are left out: no commit changes them.
    pub fn files(&self, tree: &dyn Tree, page: &str) -> Option<Vec<String>> {
        let page = key(Path::new(page));
        let roots = self.roots(&page);
        let mut found = vec![page.clone()];
        let mut seen: HashSet<String> = HashSet::from([page.clone()]);
        let mut stack = vec![page];
        while let Some(file) = stack.pop() {
            let bytes = tree.read(Path::new(&file)).ok()??;
            let text = std::str::from_utf8(&bytes).ok()?;
            for include in shortcode::includes(text) {
                let target = include.target;
                if target.starts_with('/') {
                    continue;
                }
                for path in roots.iter().filter_map(|root| resolve(root, target)) {
                    if path.starts_with('/') || !tree.is_file(Path::new(&path)) {
                        continue;
                    }
                    if seen.insert(path.clone()) {
                        found.push(path.clone());
                        stack.push(path);
                    }
                }
            }
        }
        Some(found)
    }

    /// Every include root the reader may pick for `page`.
    fn roots(&self, page: &str) -> Vec<String> {
        let mut roots: Vec<String> = self.include_root.iter().cloned().collect();
        let candidates = shortcode::include_root_candidates(&PathBuf::from(page));
        roots.extend(
            candidates
                .iter()
                .map(|candidate| key(candidate))
                .filter(|key| self.assets.contains(key)),
        );
        roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reaches_its_includes_and_theirs() -> std::io::Result<()> {
        let folder = tempfile::tempdir()?;
        let write = |path: &str, text: &str| -> std::io::Result<()> {
            let path = folder.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(folder.path()))?;
            std::fs::write(path, text)
        };
        write("content/team/senior.md", "## Senior\n\n{{% include \"includes/a.md\" %}}\n")?;
        write("assets/includes/a.md", "{{% include \"includes/b.md\" %}}\n- Item\n")?;
        write("assets/includes/b.md", "- Other\n")?;
        write("assets/includes/c.md", "- Not included\n")?;
        let tree = crate::source::RootedTree::new(folder.path());
        let files = [
            "content/team/senior.md",
            "assets/includes/a.md",
            "assets/includes/b.md",
            "assets/includes/c.md",
        ];
        let reach = Reach::new(files.iter().map(Path::new), None);
        let mut found = reach.files(&tree, "content/team/senior.md").unwrap_or_default();
        found.sort();
        assert_eq!(
            found,
            ["assets/includes/a.md", "assets/includes/b.md", "content/team/senior.md"]
        );
        Ok(())
    }
}
