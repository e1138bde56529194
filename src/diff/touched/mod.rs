//! Which level pages read the same at both revisions, includes and all, so that only the levels a
//! change can reach are composed and compared. Which files differ comes cheap (git blob ids, or
//! the bytes of two folders); texts are read only to follow the includes of unchanged pages.
//!
//! Every answer errs towards "changed": a page is skipped only when it and every file its
//! include shortcodes could resolve to, at any include root the reader might pick, are the same.

mod kept;
mod pages;
mod reach;

pub use kept::with_kept;
pub use pages::unchanged_pages;
pub use reach::Reach;

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::read::shortcode;
use crate::source::git::GitTree;
use crate::source::{Tree, normalize_path};

/// Folders never compared: git's own.
const SKIPPED: &[&str] = &[".git"];

/// A file of two folders: `None` when it differs, else its bytes if kept.
type Compared = (String, Option<Option<Arc<[u8]>>>);

/// Which files of two revisions differ and which are the same.
#[derive(Default)]
pub struct FileChanges {
    /// Files that differ, or exist at one revision only (paths relative to the tree's top, as
    /// [`key`] writes them: strings hash faster than paths).
    changed: HashSet<String>,
    /// Files the same at both revisions, with their bytes when they were read to compare them.
    same: HashMap<String, Option<Arc<[u8]>>>,
    /// Where files the same at both revisions read fastest, when not from memory (the working
    /// tree, beside a commit).
    same_from: Option<Arc<dyn Tree>>,
}

impl std::fmt::Debug for FileChanges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileChanges")
            .field("changed", &self.changed.len())
            .field("same", &self.same.len())
            .finish_non_exhaustive()
    }
}

impl FileChanges {
    /// The files of two commits, compared by blob id: nothing is read.
    pub fn of_commits(old: &GitTree, new: &GitTree) -> Self {
        // Git writes paths normalised, as keys are: taken as they are.
        let old_files: crate::hash::TextMap<&str, &str> = old.ids().collect();
        let mut changes = Self::default();
        let mut new_files = crate::hash::TextSet::default();
        for (path, id) in new.ids() {
            new_files.insert(path);
            match old_files.get(path) {
                Some(&old_id) if old_id == id => {
                    changes.same.insert(path.to_string(), None);
                }
                _ => {
                    changes.changed.insert(path.to_string());
                }
            }
        }
        let deleted = old_files.keys().filter(|path| !new_files.contains(**path));
        changes.changed.extend(deleted.map(|path| path.to_string()));
        changes
    }

    /// The files of a commit beside the working tree, given what git says differs; files the
    /// same are read from `working` at both revisions.
    pub fn of_working_tree(base: &GitTree, changed: Vec<PathBuf>, working: Arc<dyn Tree>) -> Self {
        let changed: HashSet<String> = changed.iter().map(|path| key(path)).collect();
        let same = base
            .files()
            .map(|(path, _)| key(path))
            .filter(|path| !changed.contains(path))
            .map(|path| (path, None))
            .collect();
        Self { changed, same, same_from: Some(working) }
    }

    /// The files of two folders, compared byte for byte (as `git diff --no-index` does), the
    /// two folders walked and the files read on two threads, through their trees (so what the
    /// trees refuse is never read).
    pub fn of_folders(old: &dyn Tree, new: &dyn Tree) -> io::Result<Self> {
        let (old_files, new_files) = std::thread::scope(|scope| {
            let old_files = scope.spawn(|| files(old));
            let new_files = files(new);
            (old_files.join(), new_files)
        });
        let old_files = old_files.map_err(|_| io::Error::other("walking a folder failed"))??;
        let new_files = new_files?;
        let mut changes = Self::default();
        let (in_both, only_new): (Vec<&String>, Vec<&String>) =
            new_files.iter().partition(|path| old_files.contains(*path));
        changes.changed.extend(only_new.into_iter().cloned());
        changes.changed.extend(old_files.iter().filter(|path| !new_files.contains(*path)).cloned());
        let half = in_both.len() / 2;
        let compare = |paths: &[&String]| -> io::Result<Vec<Compared>> {
            let mut found = Vec::new();
            for &path in paths {
                let read = |tree: &dyn Tree| {
                    tree.read(Path::new(path))?
                        .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
                };
                let (before, after) = (read(old)?, read(new)?);
                let same = (before == after).then(|| {
                    let keep = path.ends_with(".md");
                    keep.then(|| Arc::from(after))
                });
                found.push((path.clone(), same));
            }
            Ok(found)
        };
        let (first, second) = std::thread::scope(|scope| {
            let first = scope.spawn(|| compare(&in_both[..half]));
            let second = compare(&in_both[half..]);
            (first.join(), second)
        });
        let first = first.map_err(|_| io::Error::other("comparing files failed"))??;
        for (path, same) in first.into_iter().chain(second?) {
            match same {
                Some(bytes) => {
                    changes.same.insert(path, bytes);
                }
                None => {
                    changes.changed.insert(path);
                }
            }
        }
        Ok(changes)
    }

    /// Whether a changed file may change how every page reads: `ladder.yml`, rules, or any YAML
    /// that is not a framework of its own (frameworks in YAML are always read whole).
    fn touches_settings(&self) -> bool {
        self.changed.iter().any(|path| {
            let name = path.rsplit('/').next().unwrap_or_default();
            (name.ends_with(".yml") || name.ends_with(".yaml"))
                && !name.ends_with(".ladder.yml")
                && !name.ends_with(".ladder.yaml")
        })
    }
}

/// Every file of `tree`, as keys relative to its top.
fn files(tree: &dyn Tree) -> io::Result<HashSet<String>> {
    let mut found = Vec::new();
    walk(tree, Path::new("."), &mut found)?;
    Ok(found.iter().map(|path| key(path)).collect())
}

/// Every file under `folder` of `tree`; the tree leaves out folder links that loop.
fn walk(tree: &dyn Tree, folder: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in tree.list(folder)? {
        if entry.is_dir {
            let name = entry.path.file_name().unwrap_or_default();
            if !SKIPPED.iter().any(|skipped| name == *skipped) {
                walk(tree, &entry.path, files)?;
            }
        } else {
            files.push(entry.path);
        }
    }
    Ok(())
}

/// A path relative to a tree's top as a key: normalised, `/` between its parts.
fn key(path: &Path) -> String {
    // Folding the text is many times faster than folding path components.
    match path.to_str().and_then(|text| resolve("", text)) {
        Some(key) if !path.is_absolute() => key,
        _ => normalize_path(path).to_string_lossy().into_owned(),
    }
}

/// `target` resolved against the folder `root` (a key, or an absolute path), `.` and `..`
/// folded; `None` when it leaves the top.
fn resolve(root: &str, target: &str) -> Option<String> {
    if let Some(root) = root.strip_prefix('/') {
        return resolve(root, target).map(|path| format!("/{path}"));
    }
    let plain = |text: &str| text.split('/').all(|part| !matches!(part, "" | "." | ".."));
    if plain(target) && (root.is_empty() || plain(root)) {
        return Some(if root.is_empty() { target.to_string() } else { format!("{root}/{target}") });
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in root.split('/').chain(target.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Every folder named like the include root (`assets`) on the way to one of `paths` (keys).
fn asset_folders<'p>(paths: impl Iterator<Item = &'p str>) -> HashSet<String> {
    let mut found = HashSet::new();
    for path in paths {
        let mut end = 0;
        for part in path.split('/') {
            end += part.len();
            if part == shortcode::INCLUDE_ROOT {
                found.insert(path[..end].to_string());
            }
            end += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalised_paths() {
        assert_eq!(key(Path::new("./a/./b/../c.md")), "a/c.md");
        assert_eq!(key(Path::new("../x.md")), "../x.md");
        assert_eq!(key(Path::new("/abs/x.md")), "/abs/x.md");
    }

    #[test]
    fn targets_resolve_with_parent_folders_folded() {
        assert_eq!(resolve("a/assets", "includes/../x.md").as_deref(), Some("a/assets/x.md"));
        assert_eq!(resolve("assets", "../../x.md"), None);
        assert_eq!(resolve("/abs/assets", "a/../x.md").as_deref(), Some("/abs/assets/x.md"));
    }
}
