//! A tree with one file's text replaced: the page an editor or a pipe gives on standard input
//! (`ladder lint --stdin-filename PATH -`), read in place of what is on disk.

use std::io;
use std::path::{Path, PathBuf};

use super::tree::{Tree, TreeEntry, normalize_path};

/// `inner`, except that `path` reads as `text`.
pub struct Overlay<T> {
    inner: T,
    path: PathBuf,
    text: Vec<u8>,
}

impl<T: Tree> Overlay<T> {
    /// `inner` with the file at `path` (as the tree names it) reading `text`.
    pub fn new(inner: T, path: &Path, text: Vec<u8>) -> Self {
        Self { inner, path: normalize_path(path), text }
    }
}

impl<T: Tree> Tree for Overlay<T> {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        if normalize_path(path) == self.path {
            return Ok(Some(self.text.clone()));
        }
        self.inner.read(path)
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        let mut entries = self.inner.list(path)?;
        // A page named on the command line but not yet on disk is listed where it would be.
        let parent = self.path.parent().map_or(PathBuf::from("."), normalize_path);
        if normalize_path(path) == parent
            && !entries.iter().any(|entry| normalize_path(&entry.path) == self.path)
        {
            let name = self.path.file_name().map(PathBuf::from).unwrap_or_default();
            let listed = if path == Path::new(".") { name } else { path.join(name) };
            entries.push(TreeEntry { path: listed, is_dir: false });
            entries.sort_by(|a, b| a.path.cmp(&b.path));
        }
        Ok(entries)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.inner.is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        normalize_path(path) == self.path || self.inner.is_file(path)
    }

    fn root_name(&self) -> Option<String> {
        self.inner.root_name()
    }
}
