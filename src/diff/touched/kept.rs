//! Reading files the same at both revisions from where they read fastest.

use std::io;
use std::path::Path;
use std::sync::Arc;

use super::{FileChanges, key};
use crate::source::{Tree, TreeEntry};

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

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        self.inner.list(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.inner.is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner.is_file(path)
    }

    fn refusal(&self, path: &Path) -> Option<crate::source::Refusal> {
        self.inner.refusal(path)
    }
}

/// `tree`, reading files the same at both revisions from where they read fastest.
pub fn with_kept(tree: Arc<dyn Tree>, changes: &Arc<FileChanges>) -> Arc<dyn Tree> {
    if changes.same_from.is_none() && changes.same.values().all(Option::is_none) {
        return tree;
    }
    Arc::new(Kept { inner: tree, changes: changes.clone() })
}
