//! The project root of one run: the folder every path is shown relative to and every file is read
//! under, whatever the working folder and however the paths were given.
//!
//! It is the folder of the nearest `ladder.yml` above the first path, else the top of the git
//! working tree around it, else the nearest folder holding `assets/` (a handbook copied without
//! git), else the path itself (its folder, for a file). Paths, fingerprints and
//! the include and configuration lookups all start from it, so `ladder lint` from a subfolder, with
//! a relative path or an absolute one, reads and reports the same.

use std::path::{Path, PathBuf};

use super::rooted::RootedTree;
use super::tree::normalize_path;

/// Why no root could be settled for a path.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RootError {
    /// The working folder could not be found (deleted under the process, say).
    #[error("cannot tell the current folder: {message}")]
    #[diagnostic(code(ladder::root::cwd), help("run ladder from a folder that exists"))]
    CurrentFolder {
        /// What the system said.
        message: String,
    },
    /// A path given lies outside the root the first path settled.
    #[error("{path}: outside the project root {root}")]
    #[diagnostic(
        code(ladder::root::outside),
        help("give paths inside one handbook (the folder of ladder.yml, or the git repository)")
    )]
    Outside {
        /// The path as given.
        path: String,
        /// The root.
        root: String,
    },
}

/// The project root of a run, and the folder paths on the command line are relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRoot {
    /// The root, absolute and with symbolic links resolved.
    dir: PathBuf,
    /// The working folder paths were given from, absolute.
    cwd: PathBuf,
    /// How the root was settled.
    kind: RootKind,
}

/// How a root was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    /// The folder holding `ladder.yml`.
    Config,
    /// The top of the git working tree.
    Git,
    /// The nearest folder holding `assets/`, where includes resolve: a handbook copied without
    /// git or ladder.yml.
    Site,
    /// The path given (its folder, for a file): no ladder.yml and no repository around it.
    Given,
}

/// The configuration file that marks a handbook root (read by `crate::config`, which imports it
/// from here so that imports point one way, from source upward).
pub const CONFIG_FILE: &str = "ladder.yml";

impl std::fmt::Display for RootKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Config => "the folder of ladder.yml",
            Self::Git => "the top of the git repository",
            Self::Site => "the folder holding assets/",
            Self::Given => "the path given",
        })
    }
}

impl ProjectRoot {
    /// The root for `start` (relative to the current folder, or absolute).
    pub fn discover(start: &Path) -> Result<Self, RootError> {
        let cwd = std::env::current_dir()
            .map_err(|error| RootError::CurrentFolder { message: error.to_string() })?;
        Ok(Self::discover_from(start, &cwd))
    }

    /// The root for `start` as seen from the folder `cwd`.
    pub fn discover_from(start: &Path, cwd: &Path) -> Self {
        let cwd = real(cwd);
        let full = real(&cwd.join(start));
        let folder =
            if full.is_file() { full.parent().unwrap_or(&full).to_path_buf() } else { full };
        let found = |marker: &dyn Fn(&Path) -> bool| {
            folder.ancestors().find(|dir| marker(dir)).map(Path::to_path_buf)
        };
        let (dir, kind) = if let Some(dir) = found(&|dir| dir.join(CONFIG_FILE).is_file()) {
            (dir, RootKind::Config)
        } else if let Some(dir) = found(&|dir| dir.join(".git").exists()) {
            (dir, RootKind::Git)
        } else if let Some(dir) = found(&|dir| dir.join("assets").is_dir()) {
            (dir, RootKind::Site)
        } else {
            (folder, RootKind::Given)
        };
        Self { dir, cwd, kind }
    }

    /// A root at `dir` itself, paths given from `dir` (for tests and library callers).
    pub fn at(dir: &Path) -> Self {
        let dir = real(dir);
        Self { cwd: dir.clone(), dir, kind: RootKind::Given }
    }

    /// The root folder, absolute.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How the root was settled.
    pub fn kind(&self) -> RootKind {
        self.kind
    }

    /// A path given on the command line (relative to the working folder, or absolute) relative
    /// to the root; `.` for the root itself. Refused when it lies outside the root.
    pub fn relative(&self, given: &Path) -> Result<PathBuf, RootError> {
        let inside = self.relative_lenient(given);
        if inside.starts_with("..") || inside.is_absolute() {
            return Err(RootError::Outside {
                path: given.display().to_string(),
                root: self.dir.display().to_string(),
            });
        }
        Ok(inside)
    }

    /// A path given on the command line relative to the root, allowed to climb out of it with
    /// `..` (a rules folder shared by several handbooks, say); absolute when on another volume.
    pub fn relative_lenient(&self, given: &Path) -> PathBuf {
        let full = real(&self.cwd.join(given));
        if let Ok(inside) = full.strip_prefix(&self.dir) {
            return normalize_path(inside);
        }
        // Climb from the root to the nearest folder both share, then down to the path.
        let mut up = PathBuf::new();
        for ancestor in self.dir.ancestors() {
            if let Ok(rest) = full.strip_prefix(ancestor) {
                return normalize_path(&up.join(rest));
            }
            up.push("..");
        }
        full
    }

    /// Whether a root-relative path stays inside the root (no `..` climbing out of it).
    pub fn contains(&self, path: &Path) -> bool {
        let path = normalize_path(path);
        !path.is_absolute() && !path.starts_with("..")
    }

    /// The working tree under the root, paths relative to it.
    pub fn tree(&self) -> RootedTree {
        RootedTree::new(&self.dir)
    }

    /// The absolute path of a root-relative one.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        normalize_path(&self.dir.join(path))
    }
}

/// An absolute path with symbolic links resolved when it exists (so `/tmp` and its real folder
/// agree), folded lexically when it does not.
fn real(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        // The longest existing ancestor is resolved, the rest kept as written.
        let path = normalize_path(path);
        for ancestor in path.ancestors().skip(1) {
            if let (Ok(base), Ok(rest)) = (ancestor.canonicalize(), path.strip_prefix(ancestor)) {
                return base.join(rest);
            }
        }
        path
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder_yml_wins_over_the_repository_top() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join(".git"))?;
        std::fs::create_dir_all(dir.path().join("handbook/team"))?;
        std::fs::write(dir.path().join("handbook/ladder.yml"), "frameworks: []\n")?;
        let root = ProjectRoot::discover_from(Path::new("team"), &dir.path().join("handbook"));
        assert_eq!(root.kind(), RootKind::Config);
        assert_eq!(root.dir(), real(&dir.path().join("handbook")));
        assert_eq!(root.relative(Path::new("team"))?, PathBuf::from("team"));
        Ok(())
    }

    #[test]
    fn git_top_level_without_ladder_yml() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join(".git"))?;
        std::fs::create_dir_all(dir.path().join("a/b"))?;
        let root = ProjectRoot::discover_from(Path::new("."), &dir.path().join("a/b"));
        assert_eq!(root.kind(), RootKind::Git);
        assert_eq!(root.relative(Path::new("."))?, PathBuf::from("a/b"));
        assert_eq!(root.relative(&dir.path().join("a"))?, PathBuf::from("a"));
        Ok(())
    }

    #[test]
    fn the_path_given_when_nothing_marks_a_root() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("x"))?;
        std::fs::write(dir.path().join("x/senior.md"), "# Senior\n")?;
        let root = ProjectRoot::discover_from(Path::new("x/senior.md"), dir.path());
        // The temporary folder may sit inside a repository; only a bare one settles on `x`.
        if root.kind() == RootKind::Given {
            assert_eq!(root.dir(), real(&dir.path().join("x")));
            assert_eq!(root.relative(Path::new("x/senior.md"))?, PathBuf::from("senior.md"));
        }
        Ok(())
    }

    #[test]
    fn paths_outside_are_refused_or_climb() {
        let root =
            ProjectRoot { dir: "/h/book".into(), cwd: "/h/book".into(), kind: RootKind::Given };
        assert!(root.relative(Path::new("../other")).is_err());
        assert_eq!(
            root.relative_lenient(Path::new("../shared/rules")),
            PathBuf::from("../shared/rules")
        );
        assert!(root.contains(Path::new("a/../b")));
        assert!(!root.contains(Path::new("a/../../b")));
    }
}
