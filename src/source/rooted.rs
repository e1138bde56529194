//! A folder of the working tree seen as a tree of its own: paths are relative to the folder, so
//! two folders (or a folder and a git revision) name the same file by the same path.

use std::io;
use std::path::{Path, PathBuf};

use super::guard::Guard;
use super::tree::{Tree, TreeEntry, normalize_path};

/// The files under `root`, named relative to it, read through a [`Guard`].
#[derive(Debug, Clone)]
pub struct RootedTree {
    root: PathBuf,
    guard: Option<Guard>,
}

impl RootedTree {
    /// The tree of files under `root`, reading nothing outside it.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let guard = Guard::new(&root).ok();
        Self { root, guard }
    }

    /// The tree of files under `root`, reading nothing `guard` refuses (`root` is inside the
    /// project, and symlinks may lead elsewhere in it).
    pub fn within(root: impl Into<PathBuf>, guard: Guard) -> Self {
        Self { root: root.into(), guard: Some(guard) }
    }

    /// The same tree also reading under `folder` (say a rules folder the command line names).
    pub fn also(self, folder: &Path) -> Self {
        let guard = self.guard.map(|guard| guard.also(folder));
        Self { guard, ..self }
    }

    /// The guard, or one that refuses everything when the root does not exist.
    fn guard(&self) -> io::Result<&Guard> {
        self.guard.as_ref().ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn full(&self, path: &Path) -> PathBuf {
        let path = normalize_path(path);
        if path == Path::new(".") { self.root.clone() } else { self.root.join(path) }
    }
}

impl Tree for RootedTree {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        self.guard()?.read(&self.full(path))
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        self.guard()?.read_limited(&self.full(path), limit)
    }

    fn refusal(&self, path: &Path) -> Option<super::Refusal> {
        self.guard.as_ref()?.refusal(&self.full(path))
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        let entries = self.guard()?.list(&self.full(path))?;
        // `./content` and `content` must be one file: the root's entries are named bare.
        let path = normalize_path(path);
        let path = if path == Path::new(".") { Path::new("") } else { path.as_path() };
        Ok(entries
            .into_iter()
            .filter_map(|entry| {
                let name = entry.path.file_name()?;
                Some(TreeEntry { path: path.join(name), is_dir: entry.is_dir })
            })
            .collect())
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.full(path).is_dir()
    }

    fn is_file(&self, path: &Path) -> bool {
        let full = self.full(path);
        full.exists() && !full.is_dir()
    }

    fn root_name(&self) -> Option<String> {
        let root = std::path::absolute(&self.root).ok()?;
        root.file_name().and_then(|name| name.to_str()).map(str::to_string)
    }
}

/// A tree shared by several readers (two reads of one revision, or a read and a comparison).
impl<T: Tree + ?Sized> Tree for std::sync::Arc<T> {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        (**self).read(path)
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        (**self).list(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        (**self).is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        (**self).is_file(path)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        (**self).read_limited(path, limit)
    }

    fn refusal(&self, path: &Path) -> Option<super::Refusal> {
        (**self).refusal(path)
    }

    fn root_name(&self) -> Option<String> {
        (**self).root_name()
    }

    fn content_id(&self, path: &Path) -> Option<&str> {
        (**self).content_id(path)
    }
}
