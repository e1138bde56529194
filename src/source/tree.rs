//! Trees of files: the working tree, or (elsewhere) a git revision, behind one trait.

use std::io;
use std::path::{Component, Path, PathBuf};

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// The entry's path (the folder's path joined with its name).
    pub path: PathBuf,
    /// Whether the entry is a folder.
    pub is_dir: bool,
}

/// A tree of files that readers take their text from.
pub trait Tree: Send + Sync {
    /// The bytes of a file, `None` when there is no file at `path`.
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>>;
    /// The entries of a folder, sorted by path; empty when `path` is no folder.
    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>>;
    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool;
    /// The bytes of a file of at most `limit` bytes; a larger one is refused.
    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        let bytes = self.read(path)?;
        if bytes.as_ref().is_some_and(|bytes| bytes.len() as u64 > limit) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                super::Refusal::TooLarge { limit },
            ));
        }
        Ok(bytes)
    }
    /// Why reading `path` would be refused (outside the project root, not a regular file), if
    /// it would be; trees with nothing to refuse (a git revision) say `None`.
    fn refusal(&self, _path: &Path) -> Option<super::Refusal> {
        None
    }
    /// The name of the folder `.` stands for, when the tree knows it (a framework at the root is
    /// named after it).
    fn root_name(&self) -> Option<String> {
        None
    }
    /// A name of the content of the file at `path` (its git blob id) when the tree knows one:
    /// two files of one path and one content id read the same.
    fn content_id(&self, _path: &Path) -> Option<&str> {
        None
    }
}

/// The working tree, with paths taken as given (relative to the current folder or absolute),
/// anywhere: for what the person running ladder names. Reads of a project go through a
/// [`Guard`](super::Guard); this tree still refuses FIFOs and devices, and skips looping links.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsTree;

impl Tree for FsTree {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        super::guard::read_regular(path, super::DEFAULT_FILE_SIZE)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        super::guard::read_regular(path, limit)
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        super::guard::list_without_loops(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// Removes `.` and folds `name/..` without touching the file system, so paths stay as typed.
pub fn normalize_path(path: &Path) -> PathBuf {
    // Most paths are already normal (`a/b/c.md`): seen as text, one pass tells, and the
    // components need not be split and joined again.
    if path.to_str().is_some_and(is_normal) {
        return path.to_path_buf();
    }
    normalize_components(path)
}

/// [`normalize_path`] part by part.
fn normalize_components(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return PathBuf::from(".");
    }
    parts.iter().collect()
}

/// Whether a path written as `text` is its own [`normalize_path`]: not empty, no `.`, `..` or
/// empty part (`a//b`, a trailing `/`), at most a single leading `/`.
pub(crate) fn is_normal(text: &str) -> bool {
    let relative = text.strip_prefix('/').unwrap_or(text).as_bytes();
    // Byte by byte: a walk's trees ask this of every path they look up, and splitting costs more.
    let mut start = 0;
    for end in (0..relative.len()).filter(|&at| relative[at] == b'/').chain([relative.len()]) {
        if matches!(&relative[start..end], b"" | b"." | b"..") {
            return false;
        }
        start = end + 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_paths_are_told_from_text_as_components_would() {
        for text in
            ["a", "a/b.md", "/a/b", "", ".", "./a", "a/.", "a/../b", "a//b", "a/", "/", "//a"]
        {
            let path = Path::new(text);
            // As text: paths compare equal part by part even where their text differs.
            let (fast, slow) = (normalize_path(path), normalize_components(path));
            assert_eq!(fast.as_os_str(), slow.as_os_str(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_text_shortcut_normalises_as_components_do(text in "[a./]{0,12}") {
            let path = Path::new(&text);
            let (fast, slow) = (normalize_path(path), normalize_components(path));
            proptest::prop_assert_eq!(fast.as_os_str(), slow.as_os_str());
        }
    }

    #[test]
    fn normalize_folds_parent_folders_lexically() {
        assert_eq!(normalize_path(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize_path(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(normalize_path(Path::new("a/..")), PathBuf::from("."));
    }
}
