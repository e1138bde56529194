//! The one rule for what ladder reads from the file system: regular files and folders inside the
//! project root, found through symbolic links that stay inside it, never more than a size limit.
//!
//! A merge request may commit anything: a page that is a symlink to `/proc/self/environ`, a FIFO
//! named like a page, a folder symlink that loops. Every read of the working tree passes here, so
//! the rule is written once: the path is canonicalised, refused if it leaves the root or is not a
//! regular file, and read no further than the limit.

use crate::hash::TextMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::tree::{Tree, TreeEntry};

/// Bytes a file may hold unless `limits.file-size` in ladder.yml says otherwise (16 MiB: the
/// largest handbook page is a few hundred KiB).
pub const DEFAULT_FILE_SIZE: u64 = 16 << 20;

/// Why a path was refused; it was never read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The path (or a symbolic link on its way) leads outside the project root.
    #[error("refused: it leads outside the project root {root} (to {target})")]
    Outside {
        /// The project root, as shown.
        root: String,
        /// Where the path leads.
        target: String,
    },
    /// A FIFO, device, socket or anything else that is not a plain file or folder.
    #[error("refused: not a regular file (a FIFO, device or socket)")]
    NotRegular,
    /// The file is larger than the limit.
    #[error("refused: larger than {limit} bytes (raise `limits.file-size` in ladder.yml)")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Symbolic links that lead back to themselves.
    #[error("refused: symbolic links that loop")]
    Loop,
}

impl Refusal {
    /// The refusal inside an I/O error, when the error is one.
    pub fn of(error: &io::Error) -> Option<&Refusal> {
        error.get_ref().and_then(|inner| inner.downcast_ref::<Refusal>())
    }

    fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::PermissionDenied, self)
    }
}

/// The project root (and any folder the command line names on its own) that reads stay in.
#[derive(Clone)]
pub struct Guard {
    inner: Arc<Roots>,
}

struct Roots {
    /// Canonical roots; the first is the project root.
    roots: Vec<PathBuf>,
    /// Folders resolved so far, as written, and where they lead: the pages of one folder are
    /// resolved with one canonicalisation of the folder (one system call per folder above it)
    /// and one look at each page, not a full one each. The tree is read once per run, and a
    /// merge request's files do not change while ladder reads them.
    folders: Mutex<TextMap<PathBuf, Resolved>>,
}

/// Where a folder as written leads.
#[derive(Clone)]
enum Resolved {
    /// The canonical folder.
    To(PathBuf),
    /// Nothing there (or not a folder).
    Nothing,
    /// Symbolic links that loop.
    Loop,
}

impl Roots {
    fn new(roots: Vec<PathBuf>) -> Self {
        Self { roots, folders: Mutex::default() }
    }
}

impl fmt::Debug for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Guard").field(&self.inner.roots).finish()
    }
}

impl Guard {
    /// Reads confined to `root` (a folder that exists).
    pub fn new(root: &Path) -> io::Result<Self> {
        Ok(Self { inner: Arc::new(Roots::new(vec![root.canonicalize()?])) })
    }

    /// The same guard also letting reads into `folder`: a folder the person running ladder named
    /// on the command line (`--rules`, `--include-root`) is trusted as they are.
    pub fn also(&self, folder: &Path) -> Self {
        let mut roots = self.inner.roots.clone();
        if let Ok(folder) = folder.canonicalize() {
            roots.push(folder);
        }
        Self { inner: Arc::new(Roots::new(roots)) }
    }

    /// The project root, canonical.
    pub fn root(&self) -> &Path {
        &self.inner.roots[0]
    }

    /// Where `path` leads, when it exists and stays inside a root; `Ok(None)` when nothing is
    /// there.
    pub fn resolve(&self, path: &Path) -> Result<Option<PathBuf>, Refusal> {
        let Some(target) = self.canonical(path)? else { return Ok(None) };
        if self.inner.roots.iter().any(|root| target.starts_with(root)) {
            Ok(Some(target))
        } else {
            let root = self.root().display().to_string();
            Err(Refusal::Outside { root, target: target.display().to_string() })
        }
    }

    /// The canonical path `path` leads to, `None` when nothing is there: its folder's (known
    /// once per folder) joined with its name, unless the name is itself a symbolic link, which
    /// is followed in full.
    fn canonical(&self, path: &Path) -> Result<Option<PathBuf>, Refusal> {
        let (Some(name), Some(folder)) = (path.file_name(), path.parent()) else {
            return canonicalize(path);
        };
        let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
        let known = self.inner.folders.lock().ok().and_then(|folders| folders.get(folder).cloned());
        let resolved = match known {
            Some(resolved) => resolved,
            None => {
                let resolved = match canonicalize(folder) {
                    Ok(Some(real)) => Resolved::To(real),
                    Ok(None) => Resolved::Nothing,
                    Err(_) => Resolved::Loop,
                };
                if let Ok(mut folders) = self.inner.folders.lock() {
                    folders.insert(folder.to_path_buf(), resolved.clone());
                }
                resolved
            }
        };
        let real_folder = match resolved {
            Resolved::To(real) => real,
            Resolved::Nothing => return Ok(None),
            Resolved::Loop => return Err(Refusal::Loop),
        };
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => canonicalize(path),
            Ok(_) => Ok(Some(real_folder.join(name))),
            Err(_) => Ok(None),
        }
    }

    /// Why `path` would be refused, if it would be.
    pub fn refusal(&self, path: &Path) -> Option<Refusal> {
        match self.resolve(path) {
            Ok(Some(target)) => match std::fs::metadata(&target) {
                Ok(meta) if meta.is_file() || meta.is_dir() => None,
                Ok(_) => Some(Refusal::NotRegular),
                Err(_) => None,
            },
            Ok(None) => None,
            Err(refusal) => Some(refusal),
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    pub fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        match self.resolve(path) {
            Ok(Some(target)) => read_regular(&target, limit),
            Ok(None) => Ok(None),
            Err(refusal) => Err(refusal.into_io()),
        }
    }
}

impl Tree for Guard {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        self.read_limited(path, DEFAULT_FILE_SIZE)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        Guard::read_limited(self, path, limit)
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        match self.resolve(path) {
            Ok(Some(_)) => list_without_loops(path),
            Ok(None) => Err(io::Error::from(io::ErrorKind::NotFound)),
            Err(refusal) => Err(refusal.into_io()),
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    /// Anything there but a folder: reading it then says why it is refused, if it is.
    fn is_file(&self, path: &Path) -> bool {
        path.exists() && !path.is_dir()
    }

    fn refusal(&self, path: &Path) -> Option<Refusal> {
        Guard::refusal(self, path)
    }
}

/// Where `path` leads, with every symbolic link followed; `None` when nothing is there.
fn canonicalize(path: &Path) -> Result<Option<PathBuf>, Refusal> {
    match path.canonicalize() {
        Ok(target) => Ok(Some(target)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        // ELOOP: too many levels of symbolic links.
        Err(error) if error.raw_os_error() == Some(40) => Err(Refusal::Loop),
        Err(_) => Ok(None),
    }
}

/// The bytes of `path` if it is a regular file no larger than `limit`; a FIFO or device is
/// refused before it is opened (opening a FIFO blocks until someone writes to it).
pub(crate) fn read_regular(path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    if meta.is_dir() {
        return Err(io::Error::other("is a folder, not a file"));
    }
    if !meta.is_file() {
        return Err(Refusal::NotRegular.into_io());
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge { limit }.into_io());
    }
    let file = File::open(path)?;
    // The file may have been swapped between the two looks; the open handle is what is read.
    if !file.metadata()?.is_file() {
        return Err(Refusal::NotRegular.into_io());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit }.into_io());
    }
    Ok(Some(bytes))
}

/// The entries of the folder `path`, sorted, without folder symlinks that lead back to a folder
/// already on the way to `path`: walking them would never end, and they hold nothing new.
pub(crate) fn list_without_loops(path: &Path) -> io::Result<Vec<TreeEntry>> {
    let mut entries = Vec::new();
    let mut above: Option<Vec<PathBuf>> = None;
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let full = path.join(entry.file_name());
        let kind = entry.file_type()?;
        if !kind.is_symlink() {
            entries.push(TreeEntry { path: full, is_dir: kind.is_dir() });
            continue;
        }
        let Ok(target) = full.canonicalize() else {
            // A dangling or looping link: reading it says so.
            entries.push(TreeEntry { path: full, is_dir: false });
            continue;
        };
        if !target.is_dir() {
            entries.push(TreeEntry { path: full, is_dir: false });
            continue;
        }
        let above = above.get_or_insert_with(|| folders_on_the_way(path));
        if above.iter().any(|folder| folder.starts_with(&target)) {
            continue;
        }
        entries.push(TreeEntry { path: full, is_dir: true });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// The real folders that `path` and each folder before it (as written) lead to.
fn folders_on_the_way(path: &Path) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    let mut prefix = PathBuf::new();
    for component in path.components() {
        prefix.push(component);
        if let Ok(real) = prefix.canonicalize() {
            folders.push(real);
        }
    }
    if let Ok(real) = Path::new(".").canonicalize()
        && path.is_relative()
    {
        folders.push(real);
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_out_of_the_root_is_refused() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("root");
        std::fs::create_dir(&root)?;
        std::fs::write(dir.path().join("secret"), "token")?;
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("page.md"))?;
        let guard = Guard::new(&root)?;
        let error = guard.read(&root.join("page.md")).err();
        assert!(matches!(error.as_ref().and_then(Refusal::of), Some(Refusal::Outside { .. })));
        Ok(())
    }

    #[test]
    fn a_device_is_refused_before_it_is_read() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md"))?;
        let guard = Guard::new(Path::new("/"))?;
        let error = guard.read(&dir.path().join("zero.md")).err();
        assert_eq!(error.as_ref().and_then(Refusal::of), Some(&Refusal::NotRegular));
        Ok(())
    }

    #[test]
    fn a_file_over_the_limit_is_refused() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("big.md"), "x".repeat(100))?;
        let guard = Guard::new(dir.path())?;
        let error = guard.read_limited(&dir.path().join("big.md"), 10).err();
        assert_eq!(error.as_ref().and_then(Refusal::of), Some(&Refusal::TooLarge { limit: 10 }));
        assert!(guard.read_limited(&dir.path().join("big.md"), 100)?.is_some());
        Ok(())
    }

    #[test]
    fn folder_symlinks_that_loop_are_left_out_of_listings() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("a"))?;
        std::fs::create_dir_all(dir.path().join("b"))?;
        std::os::unix::fs::symlink("../b", dir.path().join("a/to-b"))?;
        std::os::unix::fs::symlink("../a", dir.path().join("b/to-a"))?;
        std::os::unix::fs::symlink(".", dir.path().join("a/self"))?;
        let guard = Guard::new(dir.path())?;
        let a = guard.list(&dir.path().join("a"))?;
        assert_eq!(a.len(), 1, "{a:?}");
        let through = guard.list(&dir.path().join("a/to-b"))?;
        assert!(through.is_empty(), "b/to-a leads back to a: {through:?}");
        Ok(())
    }
}
