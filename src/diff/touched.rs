//! Which level pages read the same at both revisions, includes and all, so that only the levels a
//! change can reach are composed and compared. Which files differ comes cheap (git blob ids, or
//! the bytes of two folders); texts are read only to follow the includes of unchanged pages.
//!
//! Every answer errs towards "changed": a page is skipped only when it and every file its
//! include shortcodes could resolve to, at any include root the reader might pick, are the same.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use regex::bytes::Regex;

use crate::read::Unchanged;
use crate::source::git::GitTree;
use crate::source::{Tree, normalize_path};

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[%<]\s*include\s+"([^"\n]*)"\s*[%>]\}\}"#).expect("static regex")
});

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
        let old_files: HashMap<&Path, &str> = old.files().collect();
        let mut changes = Self::default();
        for (path, id) in new.files() {
            match old_files.get(path) {
                Some(&old_id) if old_id == id => {
                    changes.same.insert(key(path), None);
                }
                _ => {
                    changes.changed.insert(key(path));
                }
            }
        }
        let new_files: HashSet<&Path> = new.files().map(|(path, _)| path).collect();
        let deleted = old_files.keys().filter(|path| !new_files.contains(**path));
        changes.changed.extend(deleted.map(|path| key(path)));
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
    /// two folders walked and the files read on two threads.
    pub fn of_folders(old: &Path, new: &Path) -> io::Result<Self> {
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
                let (before, after) =
                    (std::fs::read(old.join(path))?, std::fs::read(new.join(path))?);
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

/// Every file under `top`, as keys relative to it.
fn files(top: &Path) -> io::Result<HashSet<String>> {
    let mut found = Vec::new();
    walk(top, Path::new(""), &mut found)?;
    Ok(found.iter().map(|path| key(path)).collect())
}

/// Every file under `top/folder`, relative to `top`.
fn walk(top: &Path, folder: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(top.join(folder))? {
        let entry = entry?;
        let path = folder.join(entry.file_name());
        let kind = entry.file_type()?;
        let is_dir = if kind.is_symlink() { top.join(&path).is_dir() } else { kind.is_dir() };
        if is_dir {
            let name = entry.file_name();
            if !SKIPPED.iter().any(|skipped| name == *skipped) {
                walk(top, &path, files)?;
            }
        } else {
            files.push(path);
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

/// `target` resolved against the folder `root` (a key), `.` and `..` folded; `None` when it
/// leaves the top.
fn resolve(root: &str, target: &str) -> Option<String> {
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

/// A tree that serves files the same at both revisions from where they read fastest: memory,
/// when comparing kept them, or the working tree.
struct Kept {
    inner: Arc<dyn Tree>,
    changes: Arc<FileChanges>,
}

impl Tree for Kept {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        match (self.changes.same.get(&key(path)), &self.changes.same_from) {
            (Some(Some(bytes)), _) => Ok(Some(bytes.to_vec())),
            (Some(None), Some(from)) => from.read(path),
            _ => self.inner.read(path),
        }
    }

    fn list(&self, path: &Path) -> io::Result<Vec<crate::source::TreeEntry>> {
        self.inner.list(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.inner.is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner.is_file(path)
    }
}

/// `tree`, reading files the same at both revisions from where they read fastest.
pub fn with_kept(tree: Arc<dyn Tree>, changes: &Arc<FileChanges>) -> Arc<dyn Tree> {
    if changes.same_from.is_none() && changes.same.values().all(Option::is_none) {
        return tree;
    }
    Arc::new(Kept { inner: tree, changes: changes.clone() })
}

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

/// Every folder named `assets` on the way to a file of either revision.
fn asset_folders(changes: &FileChanges) -> HashSet<String> {
    let mut found = HashSet::new();
    for path in changes.changed.iter().chain(changes.same.keys()) {
        let mut end = 0;
        for part in path.split('/') {
            end += part.len();
            if part == "assets" {
                found.insert(path[..end].to_string());
            }
            end += 1;
        }
    }
    found
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
            for found in SHORTCODE.captures_iter(&bytes) {
                let Some(target) =
                    found.get(1).and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
                else {
                    return false;
                };
                if target.starts_with('/') {
                    continue;
                }
                for path in roots.iter().filter_map(|root| resolve(root, target)) {
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
        let mut folder = page;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            let candidate = format!("{parent}/assets");
            if self.assets.contains(&candidate) {
                roots.push(candidate);
            }
            folder = parent;
        }
        if self.assets.contains("assets") {
            roots.push("assets".into());
        }
        roots
    }

    /// The bytes of a file the same at both revisions.
    fn bytes(&self, path: &str) -> Option<Arc<[u8]>> {
        match self.changes.same.get(path)? {
            Some(bytes) => Some(bytes.clone()),
            None => self.tree.read(Path::new(path)).ok().flatten().map(Arc::from),
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
    fn keys_are_normalised_paths() {
        assert_eq!(key(Path::new("./a/./b/../c.md")), "a/c.md");
        assert_eq!(key(Path::new("../x.md")), "../x.md");
        assert_eq!(key(Path::new("/abs/x.md")), "/abs/x.md");
    }

    #[test]
    fn targets_resolve_with_parent_folders_folded() {
        assert_eq!(resolve("a/assets", "includes/../x.md").as_deref(), Some("a/assets/x.md"));
        assert_eq!(resolve("assets", "../../x.md"), None);
    }

    #[test]
    fn changed_rules_compose_every_page() {
        let found = changes(&["rules/levels.yml"], &[("content/senior.md", "## Senior\n")]);
        assert_eq!(verdict(found, "content/senior.md"), None);
        let found = changes(&["f.ladder.yml"], &[("content/senior.md", "## Senior\n")]);
        assert_eq!(verdict(found, "content/senior.md"), Some(true));
    }
}
