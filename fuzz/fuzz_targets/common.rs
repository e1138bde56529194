//! What every fuzz target shares: a tree of files in memory, and running ladder over it as the
//! command line would (read, align, lint or diff, every renderer).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use ladder::read::{Loaded, ReadOptions, load};
use ladder::source::{Tree, TreeEntry, normalize_path};

/// Files in memory, by path relative to the root.
#[derive(Default)]
pub struct MemTree(BTreeMap<PathBuf, Vec<u8>>);

impl MemTree {
    /// A tree of `files`.
    pub fn of(files: &[(&str, &[u8])]) -> Self {
        Self(files.iter().map(|(path, bytes)| (PathBuf::from(path), bytes.to_vec())).collect())
    }
}

impl Tree for MemTree {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        Ok(self.0.get(&normalize_path(path)).cloned())
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        let folder = normalize_path(path);
        let mut entries: Vec<TreeEntry> = Vec::new();
        for file in self.0.keys() {
            let rest = if folder == Path::new(".") { Some(file.as_path()) } else { file.strip_prefix(&folder).ok() };
            let Some(first) = rest.and_then(|rest| rest.components().next()) else { continue };
            let entry = folder.join(first);
            let is_dir = entry != *file;
            if !entries.iter().any(|known| known.path == entry) {
                entries.push(TreeEntry { path: entry, is_dir });
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    fn is_dir(&self, path: &Path) -> bool {
        let folder = normalize_path(path);
        folder == Path::new(".") || self.0.keys().any(|file| file.starts_with(&folder) && *file != folder)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.0.contains_key(&normalize_path(path))
    }
}

/// `data` cut into `n` parts at 0xFF bytes (never in UTF-8 text), the last ones empty if short.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(n, |&byte| byte == 0xFF).collect();
    parts.resize(n, &[]);
    parts
}

/// Reads `tree` as ladder reads a handbook.
pub fn read(tree: MemTree) -> Loaded {
    load(Box::new(tree), &[PathBuf::from(".")], &ReadOptions::default())
}

/// Reads, aligns, lints and renders `tree` in every format, as `ladder lint` would.
pub fn lint(tree: MemTree) {
    let loaded = read(tree);
    let alignment = ladder::align::align(&loaded.workspace, &loaded.rules);
    let context = ladder::lint::Context {
        workspace: &loaded.workspace,
        rules: &loaded.rules,
        alignment: &alignment,
    };
    let findings = ladder::lint::lint(&context);
    let report = ladder::report::Report {
        findings: &findings,
        notes: &loaded.workspace.notes,
        totals: ladder::report::Totals::of(&loaded.workspace),
    };
    for format in [ladder::report::Format::Human, ladder::report::Format::Json, ladder::report::Format::Sarif] {
        let mut out = Vec::new();
        let _ = ladder::report::render(format, &report, &mut out, true);
    }
}

/// Reads both trees, diffs them and renders the changes in every format.
pub fn diff(old: MemTree, new: MemTree) {
    let (old, new) = (read(old), read(new));
    let diff = ladder::diff::diff(&old.workspace, &new.workspace);
    let options = ladder::report::changes::Options::default();
    for format in [
        ladder::report::changes::Format::Human,
        ladder::report::changes::Format::Markdown,
        ladder::report::changes::Format::Json,
    ] {
        let mut out = Vec::new();
        let _ = ladder::report::changes::render(format, &diff, &options, &mut out);
    }
}
