//! Revisions: what two reads compare (two folders, two commits, a commit and the working tree),
//! settled from what a user typed, and the same files at another commit for `lint --new-since`.
//!
//! `ladder diff` and `ladder lint` both ask this module which tree to read at which revision, so
//! the command line only parses arguments and renders.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::git::{BlobCache, GitError, GitTree, Repository};
use super::history::Commit;
use super::{
    Guard, ProjectRoot, Refusal, RootKind, RootedTree, SourceError, Tree, TreeEntry, normalize_path,
};

/// Why two sides cannot be read: a git error, or a path refused.
pub type Problem = Box<dyn miette::Diagnostic + Send + Sync>;

/// The variable GitLab sets to the merge request's base commit in merge request pipelines.
pub const MR_BASE: &str = "CI_MERGE_REQUEST_DIFF_BASE_SHA";

/// What a user asked to compare, as typed.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// OLD NEW, or A..B followed by paths, or paths.
    pub args: Vec<PathBuf>,
    /// Compare the working tree with this revision.
    pub base: Option<String>,
    /// Take the two arguments as files or folders, never as revisions.
    pub no_index: bool,
    /// The merge request base from the environment ([`MR_BASE`]), when set.
    pub env_base: Option<String>,
    /// An include root as typed, relative to the current folder.
    pub include_root: Option<PathBuf>,
}

/// One side of a comparison: where to read, what, and its name.
pub struct Side {
    /// The files of this side.
    pub tree: Arc<dyn Tree>,
    /// The paths to read in it.
    pub paths: Vec<PathBuf>,
    /// How reports name the side (a folder, a revision, `working tree`).
    pub label: String,
    /// The commit read, when the side is one.
    pub commit: Option<Commit>,
}

/// How the two sides relate, for telling cheaply which files differ.
pub enum Pair {
    /// Two folders of the working tree.
    Folders {
        /// The old folder's tree.
        old: Arc<dyn Tree>,
        /// The new folder's tree.
        new: Arc<dyn Tree>,
    },
    /// Two files: nothing to tell apart cheaply.
    Files,
    /// Two commits.
    Commits {
        /// The old commit's tree.
        old: Arc<GitTree>,
        /// The new commit's tree.
        new: Arc<GitTree>,
    },
    /// A commit and the working tree.
    WorkingTree {
        /// The commit's tree.
        base: Arc<GitTree>,
        /// Files of the working tree that differ from it (`None` when git could not tell).
        changed: Option<Vec<PathBuf>>,
    },
}

/// Two sides to compare, settled from a [`Request`].
pub struct Revisions {
    /// The older side.
    pub old: Side,
    /// The newer side.
    pub new: Side,
    /// How they relate.
    pub pair: Pair,
    /// The include root as both trees name it.
    pub include_root: Option<PathBuf>,
}

impl Revisions {
    /// Decides what `request` compares: two existing paths (or `--no-index`) are folders or
    /// files; `A..B` or `A...B` first is a git range; otherwise the working tree against
    /// `--base`, the merge request base, or `HEAD`.
    pub fn resolve(request: &Request) -> Result<Self, Problem> {
        let args = &request.args;
        let range = args.first().and_then(|first| first.to_str()).filter(|first| {
            first.contains("..") && !Path::new(first).exists() && request.base.is_none()
        });
        if request.no_index || (request.base.is_none() && range.is_none() && two_existing(args)) {
            return Self::folders(&args[0], &args[1], request.include_root.clone());
        }
        // An absolute path names the repository; otherwise it is the one around the current
        // folder.
        let start = args
            .iter()
            .find(|path| path.is_absolute() && path.exists())
            .map(|path| if path.is_dir() { path.clone() } else { parent(path) })
            .unwrap_or_else(|| PathBuf::from("."));
        let repository = Repository::discover(&start)?;
        let include_root = request.include_root.as_deref().map(|root| repository.relative(root));
        let rest: &[PathBuf] = if range.is_some() { &args[1..] } else { args };
        let mut paths: Vec<PathBuf> = rest.iter().map(|path| repository.relative(path)).collect();
        // Paths are read at revisions of this repository: none may climb out of it.
        if let Some(outside) =
            paths.iter().position(|path| path.starts_with("..") || path.is_absolute())
        {
            let refusal = Refusal::Outside {
                root: repository.root.display().to_string(),
                target: paths[outside].display().to_string(),
            };
            let path = rest[outside].display().to_string();
            return Err(Box::new(SourceError::Refused { path, refusal }));
        }
        if paths.is_empty() {
            paths.push(repository.relative(Path::new(".")));
        }
        let at = Commits { repository: &repository, paths: &paths, blobs: BlobCache::default() };
        let revisions = match range {
            Some(range) => at.range(range)?,
            None => {
                let base = request.base.clone().or_else(|| request.env_base.clone());
                at.working_tree(&base.unwrap_or_else(|| "HEAD".into()))?
            }
        };
        Ok(Self { include_root, ..revisions })
    }

    /// Two files or folders of the working tree, each read through the guard of the project the
    /// first is in: a folder outside it (`ladder diff . ..` in a repository) is refused.
    fn folders(old: &Path, new: &Path, include_root: Option<PathBuf>) -> Result<Self, Problem> {
        // Each side is rooted at its own folder: an include root is named absolutely for both.
        let include_root = include_root.map(|root| std::path::absolute(&root).unwrap_or(root));
        let guard = folders_guard(old, new)?;
        let guard = include_root.iter().fold(guard, |guard, dir| guard.also(dir));
        for given in [old, new] {
            if let Some(refusal) = guard.refusal(given) {
                let path = given.display().to_string();
                return Err(Box::new(SourceError::Refused { path, refusal }));
            }
        }
        let side = |given: &Path| {
            let (tree, path): (Arc<dyn Tree>, PathBuf) = if given.is_dir() {
                (Arc::new(RootedTree::within(given, guard.clone())), PathBuf::from("."))
            } else {
                (Arc::new(guard.clone()), given.to_path_buf())
            };
            Side { tree, paths: vec![path], label: given.display().to_string(), commit: None }
        };
        let (old_side, new_side) = (side(old), side(new));
        let pair = if old.is_dir() && new.is_dir() {
            Pair::Folders { old: old_side.tree.clone(), new: new_side.tree.clone() }
        } else {
            Pair::Files
        };
        Ok(Self { old: old_side, new: new_side, pair, include_root })
    }

    /// Reads in one pass, at both commits of a range, the files `wanted` says a read will take
    /// (files the same at both are read once: the cache is keyed by blob).
    pub fn prefetch(&self, wanted: &dyn Fn(&Path) -> bool) {
        if let Pair::Commits { old, new } = &self.pair {
            for tree in [new, old] {
                // A failed prefetch only costs time: the read asks for each file again.
                let _ = tree.prefetch_where(wanted);
            }
        }
    }

    /// The files `root`'s run reads, at commit `rev` of the repository around the root, named
    /// as the working tree names them (relative to the root): what `lint --new-since` reads.
    pub fn at_root(root: &ProjectRoot, rev: &str, paths: &[PathBuf]) -> Result<Side, GitError> {
        let repository = Repository::discover(root.dir())?;
        let commit = repository.resolve(rev)?;
        let tree = GitTree::new(&repository, &commit)?;
        let top = repository.root.canonicalize().unwrap_or_else(|_| repository.root.clone());
        let prefix = root.dir().strip_prefix(&top).map(normalize_path).unwrap_or_default();
        let tree: Arc<dyn Tree> = if prefix.as_os_str().is_empty() || prefix == Path::new(".") {
            Arc::new(tree)
        } else {
            Arc::new(Under { inner: tree, prefix })
        };
        let label = rev.to_string();
        Ok(Side { tree, paths: paths.to_vec(), label, commit: repository.commit_of(&commit).ok() })
    }
}

/// Sides at commits of one repository, sharing the blobs they read.
struct Commits<'a> {
    repository: &'a Repository,
    paths: &'a [PathBuf],
    blobs: BlobCache,
}

impl Commits<'_> {
    /// The side at `rev`, named `label`, and its tree.
    fn side(&self, rev: &str, label: String) -> Result<(Side, Arc<GitTree>), GitError> {
        let commit = self.repository.resolve(rev)?;
        let tree = Arc::new(GitTree::new(self.repository, &commit)?.with_cache(self.blobs.clone()));
        let side = Side {
            tree: tree.clone(),
            paths: self.paths.to_vec(),
            label,
            commit: self.repository.commit_of(&commit).ok(),
        };
        Ok((side, tree))
    }

    /// `A..B` (from A to B) or `A...B` (from where B left A); either end defaults to `HEAD`.
    fn range(&self, range: &str) -> Result<Revisions, GitError> {
        let (from, to, symmetric) = match range.split_once("...") {
            Some((from, to)) => (from, to, true),
            None => range.split_once("..").map_or((range, "", false), |(a, b)| (a, b, false)),
        };
        let to = if to.is_empty() { "HEAD" } else { to };
        let from = if from.is_empty() { "HEAD" } else { from };
        let base = if symmetric { self.repository.merge_base(from, to)? } else { from.to_string() };
        let (old, old_tree) = self.side(&base, from.to_string())?;
        let (new, new_tree) = self.side(to, to.to_string())?;
        let pair = Pair::Commits { old: old_tree, new: new_tree };
        Ok(Revisions { old, new, pair, include_root: None })
    }

    /// The working tree against `base`.
    fn working_tree(&self, base: &str) -> Result<Revisions, GitError> {
        let new = Side {
            tree: Arc::new(RootedTree::new(&self.repository.root)),
            paths: self.paths.to_vec(),
            label: "working tree".into(),
            commit: None,
        };
        let (old, old_tree) = self.side(base, base.to_string())?;
        let changed = self.repository.changed_since(old_tree.commit()).ok();
        let pair = Pair::WorkingTree { base: old_tree, changed };
        Ok(Revisions { old, new, pair, include_root: None })
    }
}

/// A folder of a commit's tree seen as a tree of its own (the project root below the
/// repository top), so both revisions name a file by the same path.
struct Under {
    inner: GitTree,
    prefix: PathBuf,
}

impl Tree for Under {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        self.inner.read(&self.prefix.join(path))
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        let path = normalize_path(path);
        let entries = self.inner.list(&self.prefix.join(&path))?;
        let base = if path == Path::new(".") { Path::new("") } else { path.as_path() };
        Ok(entries
            .into_iter()
            .filter_map(|entry| {
                let name = entry.path.file_name()?;
                Some(TreeEntry { path: base.join(name), is_dir: entry.is_dir })
            })
            .collect())
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.inner.is_dir(&self.prefix.join(path))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner.is_file(&self.prefix.join(path))
    }

    fn root_name(&self) -> Option<String> {
        self.prefix.file_name().and_then(|name| name.to_str()).map(str::to_string)
    }
}

/// The guard of two files or folders compared: the project root of the first, or, when nothing
/// marks one (no ladder.yml, no repository), the folder both share.
fn folders_guard(old: &Path, new: &Path) -> Result<Guard, Problem> {
    let root = ProjectRoot::discover(old).map_err(|error| Box::new(error) as Problem)?;
    let mut dir = root.dir().to_path_buf();
    if matches!(root.kind(), RootKind::Given | RootKind::Site) {
        let path = new
            .canonicalize()
            .unwrap_or_else(|_| std::path::absolute(new).unwrap_or_else(|_| new.to_path_buf()));
        while !path.starts_with(&dir) && dir.pop() {}
    }
    Guard::new(&dir).map_err(|error| Box::new(SourceError::of_io(&dir, &error)) as Problem)
}

/// Whether the arguments are exactly two paths that exist.
fn two_existing(args: &[PathBuf]) -> bool {
    args.len() == 2 && args.iter().all(|path| path.exists())
}

/// The folder holding `path`.
fn parent(path: &Path) -> PathBuf {
    path.parent().unwrap_or(path).to_path_buf()
}
