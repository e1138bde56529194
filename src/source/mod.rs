//! Sources: the project root, the text of files at one revision (working tree or a git commit)
//! and spans into them.
//!
//! A file is read once per revision however many pages include it; every [`Span`] keeps its
//! file alive so findings can render it long after reading.

pub mod git;
mod guard;
pub mod history;
mod overlay;
pub mod revisions;
mod root;
mod rooted;
mod span;
mod tree;
mod write;

pub use guard::{DEFAULT_FILE_SIZE, Guard, Refusal};
pub use overlay::Overlay;
pub use revisions::Revisions;
pub use root::{CONFIG_FILE, ProjectRoot, RootError, RootKind};
pub use rooted::RootedTree;
pub use span::{SourceFile, Span};
pub(crate) use tree::is_normal;
pub use tree::{FsTree, Tree, TreeEntry, normalize_path};
pub use write::write_atomic;

use crate::hash::TextMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SourceError {
    /// The file does not exist at this revision.
    #[error("{path}: no such file")]
    #[diagnostic(
        code(ladder::source::missing),
        help("check the path, or the revision it is read at")
    )]
    Missing {
        /// Path as given.
        path: String,
    },
    /// The file exists but could not be read.
    #[error("{path}: cannot read: {message}")]
    #[diagnostic(code(ladder::source::io))]
    Io {
        /// Path as given.
        path: String,
        /// What the operating system or git said.
        message: String,
    },
    /// The file holds a NUL byte: it is not text.
    #[error("{path}:{line}: binary file (NUL byte), not a framework source")]
    #[diagnostic(code(ladder::source::binary), help("remove it from the paths given to ladder"))]
    Binary {
        /// Path as given.
        path: String,
        /// Line of the first NUL byte.
        line: usize,
    },
    /// The file is not valid UTF-8.
    #[error("{path}:{line}: invalid UTF-8 at byte {offset}")]
    #[diagnostic(code(ladder::source::encoding), help("save the file as UTF-8"))]
    Encoding {
        /// Path as given.
        path: String,
        /// Line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The path was refused (outside the project root, not a regular file, too large): nothing
    /// of it was read.
    #[error("{path}: {refusal}")]
    #[diagnostic(
        code(ladder::source::refused),
        help(
            "ladder reads only regular files inside the project root (the folder of ladder.yml, \
             else the git repository); remove the link or the file from the paths ladder reads"
        )
    )]
    Refused {
        /// Path as given.
        path: String,
        /// Why.
        refusal: Refusal,
    },
    /// The file has no content.
    #[error("{path}:1: empty file")]
    #[diagnostic(
        code(ladder::source::empty),
        help("write the page or the framework, or delete the file")
    )]
    Empty {
        /// Path as given.
        path: String,
    },
}

impl SourceError {
    /// The error of reading `path`: a refusal when the tree refused it, else what the system said.
    pub fn of_io(path: &Path, error: &std::io::Error) -> Self {
        let path = crate::report::display_path(&path.display().to_string());
        match Refusal::of(error) {
            Some(refusal) => Self::Refused { path, refusal: refusal.clone() },
            None => Self::Io { path, message: error.to_string() },
        }
    }
}

/// Every file read so far at one revision, by path.
pub struct SourceMap {
    tree: Box<dyn Tree>,
    files: TextMap<PathBuf, Arc<SourceFile>>,
    /// The paths of `files` by the content id of the file read, for [`Self::next_edited`];
    /// `None` once a file without one was taken in.
    paths_by_id: Option<TextMap<String, Vec<PathBuf>>>,
    /// Bytes a file may hold (`limits.file-size`).
    file_size: u64,
    /// Files decoded so far by their tree's content id (a git blob id), with earlier maps'.
    decoded: Decoded,
    /// Folder listings read ahead ([`Prefetched`]), each taken by the first `list` of its folder.
    listed: TextMap<PathBuf, Vec<TreeEntry>>,
}

/// Folders listed and files read and decoded ahead of their first use, on every core; what
/// could not be listed or read is left out, for the first use to read again and report.
#[derive(Default)]
pub struct Prefetched {
    /// Folder listings, by folder.
    pub listed: Vec<(PathBuf, Vec<TreeEntry>)>,
    /// Files, by path as they will be loaded.
    pub files: Vec<(PathBuf, Arc<SourceFile>)>,
}

impl Prefetched {
    /// Reads and decodes `paths` from `tree` on every core, as [`SourceMap::load`] would (at most
    /// `file_size` bytes each), beside the listings already made.
    pub fn read(
        tree: &dyn Tree,
        listed: Vec<(PathBuf, Vec<TreeEntry>)>,
        paths: &[PathBuf],
        file_size: u64,
    ) -> Self {
        use rayon::prelude::*;
        let files = paths
            .par_iter()
            .filter_map(|path| {
                let bytes = tree.read_limited(path, file_size).ok()??;
                let file = decode(&path.display().to_string(), bytes).ok()?;
                Some((path.clone(), Arc::new(file)))
            })
            .collect();
        Self { listed, files }
    }
}

/// Files decoded, by content id: the versions of each path of that content.
#[derive(Default)]
pub struct Decoded(TextMap<String, Vec<Arc<SourceFile>>>);

impl SourceMap {
    /// A map that reads from `tree`.
    pub fn new(tree: Box<dyn Tree>) -> Self {
        Self {
            tree,
            files: TextMap::default(),
            paths_by_id: Some(TextMap::default()),
            file_size: DEFAULT_FILE_SIZE,
            decoded: Decoded::default(),
            listed: TextMap::default(),
        }
    }

    /// A map that reads from `tree`, taking files of a content id this map decoded before as
    /// they are (a walk over history decodes each version of a file once).
    pub fn next(&mut self, tree: Box<dyn Tree>) -> Self {
        Self {
            tree,
            files: TextMap::default(),
            paths_by_id: Some(TextMap::default()),
            file_size: self.file_size,
            decoded: std::mem::take(&mut self.decoded),
            listed: TextMap::default(),
        }
    }

    /// [`Self::next`] for `tree`, the child of this map's tree in which only the files of content
    /// ids `edited` (ids in this map's tree) changed: the files this map read that are not
    /// among them read the same there, and are kept (a walk over history asks no content id of a
    /// file that no commit edits). Kept only when every file read had a content id.
    pub fn next_edited(&mut self, tree: Box<dyn Tree>, edited: &[&str]) -> Self {
        let Some(mut paths_by_id) = self.paths_by_id.take() else { return self.next(tree) };
        let mut files = std::mem::take(&mut self.files);
        for id in edited {
            for path in paths_by_id.remove(*id).unwrap_or_default() {
                files.remove(&path);
            }
        }
        Self {
            tree,
            files,
            paths_by_id: Some(paths_by_id),
            file_size: self.file_size,
            decoded: std::mem::take(&mut self.decoded),
            listed: TextMap::default(),
        }
    }

    /// Files larger than `bytes` are refused from now on.
    pub fn limit_file_size(&mut self, bytes: u64) {
        if bytes != self.file_size {
            // A file decoded under another limit may be one this limit refuses.
            self.decoded = Decoded::default();
            self.files.clear();
            self.paths_by_id = Some(TextMap::default());
        }
        self.file_size = bytes;
    }

    /// The tree this map reads from.
    pub fn tree(&self) -> &dyn Tree {
        self.tree.as_ref()
    }

    /// Bytes a file may hold.
    pub fn file_size(&self) -> u64 {
        self.file_size
    }

    /// Takes in what was read ahead from this map's tree (under this map's file size limit);
    /// files loaded before stay as they were.
    pub fn take_prefetched(&mut self, prefetched: Prefetched) {
        if !prefetched.files.is_empty() {
            // Their content ids are not known: no file is kept for the next map.
            self.paths_by_id = None;
        }
        for (path, file) in prefetched.files {
            self.files.entry(path).or_insert(file);
        }
        self.listed.extend(prefetched.listed);
    }

    /// The entries of the folder `dir`: as listed ahead (once), else from the tree.
    pub fn list(&mut self, dir: &Path) -> std::io::Result<Vec<TreeEntry>> {
        match self.listed.remove(dir) {
            Some(entries) => Ok(entries),
            None => self.tree.list(dir),
        }
    }

    /// The text of `path`, read and checked once (text, UTF-8, not empty).
    pub fn load(&mut self, path: &Path) -> Result<Arc<SourceFile>, SourceError> {
        if let Some(file) = self.files.get(path) {
            return Ok(file.clone());
        }
        let Self { tree, files, file_size, decoded, paths_by_id, .. } = self;
        // Asked once: a git tree finds a blob id by its path, which is not free.
        let id = tree.content_id(path);
        if let Some((id, name)) = id.zip(path.to_str())
            && let Some(file) =
                decoded.0.get(id).and_then(|files| files.iter().find(|file| file.path() == name))
        {
            let file = file.clone();
            files.insert(path.to_path_buf(), file.clone());
            keep_id(paths_by_id, id, path);
            return Ok(file);
        }
        // A path in UTF-8 displays as written: copied, not formatted.
        let name = path.to_str().map_or_else(|| path.display().to_string(), str::to_string);
        let bytes = match tree.read_limited(path, *file_size) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return Err(SourceError::Missing { path: crate::report::display_path(&name) });
            }
            Err(error) => return Err(SourceError::of_io(path, &error)),
        };
        let file = Arc::new(decode(&name, bytes)?);
        files.insert(path.to_path_buf(), file.clone());
        match id {
            Some(id) => {
                decoded.0.entry(id.to_string()).or_default().push(file.clone());
                keep_id(paths_by_id, id, path);
            }
            None => *paths_by_id = None,
        }
        Ok(file)
    }
}

/// Notes that the file at `path` has content id `id`.
fn keep_id(paths_by_id: &mut Option<TextMap<String, Vec<PathBuf>>>, id: &str, path: &Path) {
    if let Some(paths) = paths_by_id {
        paths.entry(id.to_string()).or_default().push(path.to_path_buf());
    }
}

/// Turns raw bytes into checked text: no NUL byte, valid UTF-8, something in it.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<SourceFile, SourceError> {
    let line_of = |bytes: &[u8], offset: usize| {
        1 + bytes[..offset].iter().filter(|&&byte| byte == b'\n').count()
    };
    let shown = || crate::report::display_path(path);
    // `contains` looks a word at a time; the byte's place is wanted only when there is one.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&byte| byte == 0)
    {
        return Err(SourceError::Binary { path: shown(), line: line_of(&bytes, offset) });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let line = line_of(error.as_bytes(), offset);
            return Err(SourceError::Encoding { path: shown(), line, offset });
        }
    };
    // A byte order mark is no text: left in, it would hide the front matter after it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(SourceError::Empty { path: shown() });
    }
    Ok(SourceFile::new(path, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_file_is_refused_with_its_line() {
        let error = decode("x.md", b"a\nb\0".to_vec()).err();
        assert!(matches!(error, Some(SourceError::Binary { line: 2, .. })));
    }

    #[test]
    fn invalid_utf8_is_refused_with_its_line() {
        let error = decode("x.md", b"ok\n\n\xff\xfe".to_vec()).err();
        assert!(matches!(error, Some(SourceError::Encoding { line: 3, offset: 4, .. })));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() -> Result<(), SourceError> {
        let file = decode("x.md", "\u{feff}---\ntitle: X\n---\n".into())?;
        assert!(file.text().starts_with("---"));
        Ok(())
    }

    /// A tree of one file whose content id is its text, counting reads.
    struct Named(&'static str, std::sync::atomic::AtomicUsize);

    impl Tree for Named {
        fn read(&self, path: &Path) -> std::io::Result<Option<Vec<u8>>> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok((path == Path::new("a.md")).then(|| self.0.as_bytes().to_vec()))
        }
        fn list(&self, _path: &Path) -> std::io::Result<Vec<TreeEntry>> {
            Ok(Vec::new())
        }
        fn is_dir(&self, _path: &Path) -> bool {
            false
        }
        fn is_file(&self, path: &Path) -> bool {
            path == Path::new("a.md")
        }
        fn content_id(&self, path: &Path) -> Option<&str> {
            (path == Path::new("a.md")).then_some(self.0)
        }
    }

    #[test]
    fn a_version_decoded_once_is_taken_by_the_next_map() -> Result<(), SourceError> {
        let tree = |text| Arc::new(Named(text, Default::default()));
        let (first, same, other) = (tree("- one\n"), tree("- one\n"), tree("- two\n"));
        let mut map = SourceMap::new(Box::new(first.clone()));
        let read = map.load(Path::new("a.md"))?;
        let mut map = map.next(Box::new(same.clone()));
        assert!(Arc::ptr_eq(&read, &map.load(Path::new("a.md"))?), "the same version, shared");
        assert_eq!(same.1.load(std::sync::atomic::Ordering::Relaxed), 0, "not read again");
        let mut map = map.next(Box::new(other.clone()));
        assert_eq!(map.load(Path::new("a.md"))?.text(), "- two\n", "another version, read");
        Ok(())
    }

    #[test]
    fn blank_file_is_empty() {
        assert!(matches!(decode("x.md", b" \n\n".to_vec()), Err(SourceError::Empty { .. })));
    }
}
