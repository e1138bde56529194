//! Files at a git revision, read through the git CLI (never a shell): one `git ls-tree` lists the
//! revision's tree, and one long-lived `git cat-file --batch` reads only the blobs asked for.
//! ladder never writes the repository: git runs with `GIT_OPTIONAL_LOCKS=0`, and only plumbing
//! commands that never refresh the index.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use super::tree::{Tree, TreeEntry, is_normal, normalize_path};
use crate::hash::TextMap;

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GitError {
    /// A revision that git would take for an option.
    #[error("revision `{rev}` begins with `-`; refused so that it cannot be read as an option")]
    #[diagnostic(code(ladder::git::dash), help("give a branch, tag or commit id"))]
    Dash {
        /// The revision as given.
        rev: String,
    },
    /// The revision names no commit.
    #[error("revision `{rev}` is not a commit of the repository at {repo}")]
    #[diagnostic(
        code(ladder::git::revision),
        help("check the name with `git rev-parse --verify {rev}`")
    )]
    Unknown {
        /// The revision as given.
        rev: String,
        /// The repository folder.
        repo: String,
    },
    /// The revision is missing because the clone is shallow.
    #[error("revision `{rev}` is not in this shallow clone (its history was cut off)")]
    #[diagnostic(
        code(ladder::git::shallow),
        help(
            "fetch the history: set `GIT_DEPTH: 0` in .gitlab-ci.yml (variables), or run \
             `git fetch --deepen=50` (or `git fetch --unshallow`) before ladder"
        )
    )]
    Shallow {
        /// The revision as given.
        rev: String,
    },
    /// The folder is not inside a git repository.
    #[error("{path}: not inside a git repository")]
    #[diagnostic(
        code(ladder::git::repository),
        help(
            "run ladder inside the handbook's clone, or compare two folders: ladder diff OLD NEW"
        )
    )]
    NotARepository {
        /// The folder.
        path: String,
    },
    /// git could not be run or failed.
    #[error("git {command}: {message}")]
    #[diagnostic(code(ladder::git::failed), help("is git installed and on PATH?"))]
    Failed {
        /// The git subcommand.
        command: String,
        /// What git or the system said.
        message: String,
    },
}

/// Where a repository is, seen from a folder inside it.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The working tree's top folder.
    pub root: PathBuf,
    /// The folder's path relative to the top, empty at the top.
    pub prefix: PathBuf,
    /// A revision resolved when the repository was found, and its commit id.
    known: Option<(String, String)>,
}

impl Repository {
    /// The repository holding `folder`.
    pub fn discover(folder: &Path) -> Result<Self, GitError> {
        let out = git(folder, &["rev-parse", "--show-toplevel", "--show-prefix"])
            .map_err(|_| GitError::NotARepository { path: folder.display().to_string() })?;
        let mut lines = out.lines();
        let root = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = PathBuf::from(lines.next().unwrap_or_default());
        Ok(Self { root, prefix, known: None })
    }

    /// The repository holding `folder`, the commit `rev` names resolved by the same git run (one
    /// process rather than two one after the other). When that run fails, as [`Self::discover`]:
    /// a revision's error is told when [`Self::resolve`] asks for it, as before.
    pub fn discover_with(folder: &Path, rev: &str) -> Result<Self, GitError> {
        if !rev.starts_with('-') {
            let spec = format!("{rev}^{{commit}}");
            let args = ["rev-parse", "--show-toplevel", "--show-prefix", "--verify", "--quiet"];
            let args = [&args[..], &["--end-of-options", &spec]].concat();
            if let Ok(out) = git(folder, &args)
                && let [root, prefix, id] = out.lines().collect::<Vec<_>>()[..]
                && !id.trim().is_empty()
            {
                let known = Some((rev.to_string(), id.trim().to_string()));
                return Ok(Self { root: root.into(), prefix: prefix.into(), known });
            }
        }
        Self::discover(folder)
    }

    /// The commit id `rev` names; refuses `-` and explains a shallow clone.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        if rev.starts_with('-') {
            return Err(GitError::Dash { rev: rev.into() });
        }
        if let Some((known, id)) = &self.known
            && known == rev
        {
            return Ok(id.clone());
        }
        let spec = format!("{rev}^{{commit}}");
        match git(&self.root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]) {
            Ok(id) if !id.trim().is_empty() => Ok(id.trim().to_string()),
            _ if self.is_shallow() => Err(GitError::Shallow { rev: rev.into() }),
            _ => Err(GitError::Unknown { rev: rev.into(), repo: self.root.display().to_string() }),
        }
    }

    /// The commit where `a` and `b` part (for `A...B`).
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, GitError> {
        let (a, b) = (self.resolve(a)?, self.resolve(b)?);
        let out = git(&self.root, &["merge-base", &a, &b])?;
        Ok(out.trim().to_string())
    }

    /// Files of the working tree that differ from `commit` (tracked ones changed, added or
    /// deleted, and untracked ones not ignored), relative to the top.
    pub fn changed_since(&self, commit: &str) -> Result<Vec<PathBuf>, GitError> {
        // Plumbing, not `git diff`: the porcelain refreshes and rewrites a stale index even with
        // optional locks off. A file only touched is listed as changed, which errs safe.
        let tracked =
            git(&self.root, &["diff-index", "--name-only", "--no-renames", "-z", commit, "--"])?;
        let untracked = git(&self.root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        Ok(tracked
            .split('\0')
            .chain(untracked.split('\0'))
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
            .collect())
    }

    /// The files that differ between each pair of commits (resolved ids), in the order given, from
    /// one `git diff-tree --stdin` run: a walk over many commits starts no process per commit.
    pub fn changes(&self, pairs: &[(String, String)]) -> Result<Vec<Vec<FileChange>>, GitError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        // `--always` writes each pair's header (its commit) even when nothing differs: one
        // header per pair, so that answers stay in step with questions. A line is a commit and
        // the parent to compare it with: the second of a pair first.
        let args =
            ["diff-tree", "--stdin", "--always", "-r", "-z", "--no-renames", "--no-ext-diff"];
        let questions: String = pairs.iter().map(|(a, b)| format!("{b} {a}\n")).collect();
        let found = parse_changes(&git_fed(&self.root, &args, questions)?);
        if found.len() != pairs.len() {
            let message = format!("{} answers to {} questions", found.len(), pairs.len());
            return Err(GitError::Failed { command: "diff-tree".into(), message });
        }
        Ok(found)
    }

    fn is_shallow(&self) -> bool {
        git(&self.root, &["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.trim() == "true")
    }

    /// A path given relative to the current folder (or absolute, inside the working tree), made
    /// relative to the repository top.
    pub fn relative(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            let root = self.root.canonicalize().unwrap_or_else(|_| self.root.clone());
            let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if let Ok(inside) = full.strip_prefix(&root) {
                return normalize_path(inside);
            }
        }
        normalize_path(&self.prefix.join(path))
    }
}

/// git in `folder` with `args`, taking no optional lock: a read never refreshes the index (a
/// merge request job must not write the repository).
fn git_command(folder: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command.env("GIT_OPTIONAL_LOCKS", "0").arg("-C").arg(folder).args(args);
    command
}

/// The error of git run with `args` failing with a message.
fn failure<'a>(args: &'a [&str]) -> impl Fn(String) -> GitError + 'a {
    |message| GitError::Failed {
        command: args.first().copied().unwrap_or_default().to_string(),
        message,
    }
}

/// Runs git in `folder` and returns its standard output.
pub(super) fn git(folder: &Path, args: &[&str]) -> Result<String, GitError> {
    let output = git_command(folder, args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| failure(args)(error.to_string()))?;
    answer(args, output.status, output.stdout, &output.stderr)
}

/// Starts git in `folder` with `stdin` as its input, its output and errors piped.
fn spawn(folder: &Path, args: &[&str], stdin: Stdio) -> Result<Child, GitError> {
    git_command(folder, args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| failure(args)(error.to_string()))
}

/// What git run with `args` answered: its output when it ended well, else its errors.
fn answer(
    args: &[&str],
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: &[u8],
) -> Result<String, GitError> {
    let failed = failure(args);
    if !status.success() {
        return Err(failed(String::from_utf8_lossy(stderr).trim().to_string()));
    }
    String::from_utf8(stdout).map_err(|error| failed(error.to_string()))
}

/// Runs git in `folder` and returns its standard output, as [`git`] does, telling `each` every
/// NUL-terminated field of it as git writes it (fields that are not UTF-8 are not told).
pub(super) fn git_fields(
    folder: &Path,
    args: &[&str],
    each: &mut dyn FnMut(&str),
) -> Result<String, GitError> {
    let failed = failure(args);
    let mut child = spawn(folder, args, Stdio::null())?;
    // Read on another thread: git could fill the pipe of its errors before it ends its output.
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut stderr) = stderr {
            let _ = stderr.read_to_end(&mut text);
        }
        text
    });
    let mut out = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        let mut stdout = BufReader::new(stdout);
        loop {
            let start = out.len();
            if stdout.read_until(0, &mut out).map_err(|error| failed(error.to_string()))? == 0 {
                break;
            }
            let field = &out[start..];
            if let Ok(field) = std::str::from_utf8(field.strip_suffix(b"\0").unwrap_or(field)) {
                each(field);
            }
        }
    }
    let status = child.wait().map_err(|error| failed(error.to_string()))?;
    let errors = errors.join().unwrap_or_default();
    answer(args, status, out, &errors)
}

/// Runs git in `folder` with `input` on its standard input and returns its standard output.
pub(super) fn git_fed(folder: &Path, args: &[&str], input: String) -> Result<String, GitError> {
    let failed = failure(args);
    let mut child = spawn(folder, args, Stdio::piped())?;
    let stdin = child.stdin.take().ok_or_else(|| failed("no input".into()))?;
    // Written from another thread: git answers while it reads, and a full pipe would block.
    let writer = std::thread::spawn(move || {
        let mut stdin = io::BufWriter::new(stdin);
        stdin.write_all(input.as_bytes()).and_then(|()| stdin.flush())
    });
    let output = child.wait_with_output().map_err(|error| failed(error.to_string()))?;
    let written = writer.join().map_err(|_| failed("writing to git failed".into()))?;
    // git's own failure first: a write it cut short is its consequence.
    if output.status.success() {
        written.map_err(|error| failed(error.to_string()))?;
    }
    answer(args, output.status, output.stdout, &output.stderr)
}

/// The changes of each pair from `git diff-tree --stdin --always -r -z` output: a header (the
/// pair's second id) opens each pair, then `:modes ids status` and the path, NUL-terminated.
fn parse_changes(out: &str) -> Vec<Vec<FileChange>> {
    let mut found: Vec<Vec<FileChange>> = Vec::new();
    let mut fields = out.split('\0');
    while let Some(field) = fields.next() {
        let Some(meta) = field.strip_prefix(':') else {
            if !field.trim().is_empty() {
                found.push(Vec::new());
            }
            continue;
        };
        let Some(path) = fields.next() else { break };
        if let (Some(change), Some(pair)) = (parse_change(meta, path), found.last_mut()) {
            pair.push(change);
        }
    }
    found
}

/// One change of a raw diff: `meta` is `old-mode new-mode old-id new-id status` (the leading
/// `:` taken off). `None` when the line is not one.
pub(super) fn parse_change(meta: &str, path: &str) -> Option<FileChange> {
    // A gitlink (submodule, mode 160000) is no file, as `ls-tree` listings skip it too.
    let parts: Vec<&str> = meta.split(' ').collect();
    let [_, mode, _, id, status] = parts.as_slice() else { return None };
    let gone = status.starts_with('D') || *mode == "160000" || *mode == "000000";
    Some(FileChange { path: path.to_string(), id: (!gone).then(|| id.to_string()) })
}

/// Blobs read so far, by id, shared by the trees of several commits: a file the same at two
/// commits is read from git once. Blobs a read ahead will bring are waited for, not read again
/// beside it.
#[derive(Debug, Default, Clone)]
pub struct BlobCache(Arc<(Mutex<Blobs>, Condvar)>);

/// What [`BlobCache`] guards.
#[derive(Debug, Default)]
struct Blobs {
    /// Blobs read, by id.
    read: HashMap<String, Arc<[u8]>>,
    /// Ids a read ahead will bring.
    coming: HashSet<String>,
    /// Ids of them threads wait for, with how many wait: a blob read wakes the waiters only
    /// when it is one of these (a walk waiting for a page asked late is not woken by each of
    /// the pages asked before it).
    awaited: HashMap<String, usize>,
}

impl BlobCache {
    /// The blob `id`, once read; `None` when it is not read and no read ahead brings it.
    fn get(&self, id: &str) -> Option<Arc<[u8]>> {
        let (blobs, arrived) = &*self.0;
        let mut blobs = blobs.lock().ok()?;
        loop {
            if let Some(bytes) = blobs.read.get(id) {
                return Some(bytes.clone());
            }
            if !blobs.coming.contains(id) {
                return None;
            }
            if blobs.awaited.is_empty() {
                // A reader napping (nobody was waiting) reads on now.
                arrived.notify_all();
            }
            *blobs.awaited.entry(id.to_string()).or_default() += 1;
            let woken = arrived.wait(blobs);
            blobs = woken.ok()?;
            if let Some(waiters) = blobs.awaited.get_mut(id) {
                *waiters -= 1;
                if *waiters == 0 {
                    blobs.awaited.remove(id);
                }
            }
        }
    }

    fn put(&self, id: &str, bytes: Arc<[u8]>) {
        let (blobs, arrived) = &*self.0;
        if let Ok(mut blobs) = blobs.lock() {
            blobs.coming.remove(id);
            blobs.read.insert(id.to_string(), bytes);
            if blobs.awaited.contains_key(id) {
                arrived.notify_all();
            }
        }
    }

    /// Waits `time`, or until a thread waits for a blob (at once, when one waits already): a
    /// read ahead nobody waits for lets git's answers gather in the pipe rather than waking at
    /// each.
    fn nap(&self, time: std::time::Duration) {
        let (blobs, arrived) = &*self.0;
        if let Ok(blobs) = blobs.lock()
            && blobs.awaited.is_empty()
        {
            let _ = arrived.wait_timeout(blobs, time);
        }
    }

    /// Of `ids`, those neither read nor coming, once each in their order, now marked coming:
    /// the caller reads them and then [`Self::settle`]s them.
    fn claim(&self, ids: Vec<String>) -> Vec<String> {
        let Ok(mut blobs) = self.0.0.lock() else { return Vec::new() };
        let blobs = &mut *blobs;
        ids.into_iter()
            .filter(|id| !blobs.read.contains_key(id) && blobs.coming.insert(id.clone()))
            .collect()
    }

    /// `ids` are no longer coming, read or not (a read ahead that failed): their waiters read
    /// them themselves.
    fn settle(&self, ids: &[String]) {
        let (blobs, arrived) = &*self.0;
        if let Ok(mut blobs) = blobs.lock() {
            for id in ids {
                blobs.coming.remove(id);
            }
            if ids.iter().any(|id| blobs.awaited.contains_key(id)) {
                arrived.notify_all();
            }
        }
    }
}

/// Settles the ids of a read ahead however it ends (an error, a panic), so that no reader waits
/// for blobs that will not come.
struct Settle<'a>(&'a BlobCache, &'a [String]);

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        self.0.settle(self.1);
    }
}

/// The tree of one commit; paths are relative to the repository top.
pub struct GitTree {
    root: PathBuf,
    commit: String,
    /// Blob ids by path (strings, which hash many times faster than paths), as listed or as
    /// last gathered; shared by the trees derived from this one.
    blobs: Arc<TextMap<String, String>>,
    /// Files edited since `blobs`, oldest first: a tree that differs from another by a few
    /// edits shares its maps rather than copying them.
    edits: Vec<Arc<[FileChange]>>,
    /// Folder listings by path, `.` for the top.
    folders: Arc<TextMap<String, Vec<TreeEntry>>>,
    /// The `git cat-file --batch` reading blobs, shared with the trees derived from this one.
    batch: Arc<Mutex<Option<Batch>>>,
    cache: BlobCache,
}

/// A file that differs between two commits: its path, and its blob id at the second (`None`
/// when it is gone there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The path, relative to the repository top.
    pub path: String,
    /// The blob id at the second commit, `None` when deleted.
    pub id: Option<String>,
}

impl GitTree {
    /// The tree of `commit` (a resolved id) in `repository`.
    pub fn new(repository: &Repository, commit: &str) -> Result<Self, GitError> {
        let listing = git(&repository.root, &["ls-tree", "-r", "-z", "--full-tree", commit])?;
        let mut blobs = TextMap::default();
        for record in listing.split('\0').filter(|record| !record.is_empty()) {
            let Some((meta, path)) = record.split_once('\t') else { continue };
            let mut fields = meta.split(' ');
            let (Some(_mode), Some("blob"), Some(id)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            blobs.insert(path.to_string(), id.to_string());
        }
        Ok(Self::of_blobs(&repository.root, commit, blobs, Arc::default(), BlobCache::default()))
    }

    /// The tree of a first commit, which adds `changes` to nothing.
    pub fn first(repository: &Repository, commit: &str, changes: &[FileChange]) -> Self {
        let blobs = changes
            .iter()
            .filter_map(|change| Some((change.path.clone(), change.id.clone()?)))
            .collect();
        Self::of_blobs(&repository.root, commit, blobs, Arc::default(), BlobCache::default())
    }

    /// The tree holding `blobs` (ids by path), its folders listed from their paths.
    fn of_blobs(
        root: &Path,
        commit: &str,
        blobs: TextMap<String, String>,
        batch: Arc<Mutex<Option<Batch>>>,
        cache: BlobCache,
    ) -> Self {
        let mut folders: TextMap<String, Vec<TreeEntry>> = TextMap::default();
        folders.insert(".".into(), Vec::new());
        for path in blobs.keys() {
            add_to_folders(&mut folders, path, false);
        }
        for entries in folders.values_mut() {
            // One folder's entries share all but their last part: their texts sort as their
            // paths do, many times faster.
            entries.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
            entries
                .dedup_by(|a, b| a.path.as_os_str() == b.path.as_os_str() && a.is_dir == b.is_dir);
        }
        Self {
            root: root.to_path_buf(),
            commit: commit.into(),
            blobs: Arc::new(blobs),
            edits: Vec::new(),
            folders: Arc::new(folders),
            batch,
            cache,
        }
    }

    /// The blob id at `path` (a key).
    fn id(&self, path: &str) -> Option<&str> {
        for edits in self.edits.iter().rev() {
            if let Some(edit) = edits.iter().rev().find(|edit| edit.path == path) {
                return edit.id.as_deref();
            }
        }
        self.blobs.get(path).map(String::as_str)
    }

    /// The tree of `commit`, which differs from this one by `changes` (as
    /// [`Repository::changes`] lists them): nothing is asked of git, and blobs are read by the
    /// same `git cat-file` and kept in the same cache.
    pub fn changed(&self, commit: &str, changes: &[FileChange]) -> Self {
        // Edits of files already there keep the folders: the edits are kept beside the maps,
        // gathered into new maps once they are many.
        let edits_only =
            changes.iter().all(|change| change.id.is_some() && self.id(&change.path).is_some());
        if edits_only && self.edits.len() < KEPT_EDITS {
            let mut edits = self.edits.clone();
            edits.push(Arc::from(changes));
            return Self {
                root: self.root.clone(),
                commit: commit.into(),
                blobs: self.blobs.clone(),
                edits,
                folders: self.folders.clone(),
                batch: self.batch.clone(),
                cache: self.cache.clone(),
            };
        }
        // The maps copied as they are (no key hashed again) and every edit since, then these
        // changes, written over them in order: the last one of a path holds.
        let mut blobs: TextMap<String, String> = (*self.blobs).clone();
        for change in self.edits.iter().flat_map(|edits| edits.iter()).chain(changes) {
            match (&change.id, blobs.get_mut(&change.path)) {
                (Some(id), Some(known)) => known.clone_from(id),
                (Some(id), None) => {
                    blobs.insert(change.path.clone(), id.clone());
                }
                (None, _) => {
                    blobs.remove(&change.path);
                }
            }
        }
        if edits_only {
            return Self {
                root: self.root.clone(),
                commit: commit.into(),
                blobs: Arc::new(blobs),
                edits: Vec::new(),
                folders: self.folders.clone(),
                batch: self.batch.clone(),
                cache: self.cache.clone(),
            };
        }
        Self::of_blobs(&self.root, commit, blobs, self.batch.clone(), self.cache.clone())
    }

    /// The same tree, keeping the blobs it reads in `cache` (shared with other trees).
    pub fn with_cache(self, cache: BlobCache) -> Self {
        Self { cache, ..self }
    }

    /// Reads the files at `paths` that are not read yet in one pass: their ids are written to
    /// one `git cat-file --batch` while their contents are read back, rather than one round trip
    /// per file.
    pub fn prefetch<'p>(&self, paths: impl Iterator<Item = &'p Path>) -> io::Result<()> {
        let ids = paths.filter_map(|path| self.id(&key(path))).map(str::to_string).collect();
        self.prefetch_blobs(ids)
    }

    /// Reads the files `wanted` says yes to that are not read yet in one pass, as
    /// [`Self::prefetch`] does.
    pub fn prefetch_where(&self, wanted: &dyn Fn(&Path) -> bool) -> io::Result<()> {
        let ids =
            self.ids().filter(|(path, _)| wanted(Path::new(path))).map(|(_, id)| id.to_string());
        self.prefetch_blobs(ids.collect())
    }

    /// Reads the blobs `ids` that are not read yet in one pass, as [`Self::prefetch`] does:
    /// blobs of other commits (that trees derived from this one will hold) too.
    pub fn prefetch_blobs(&self, ids: Vec<String>) -> io::Result<()> {
        self.read_ahead(self.claim_blobs(ids), &AtomicBool::new(false))
    }

    /// Of the blobs `ids`, those not read yet, now awaited by every read of them (until
    /// [`Self::read_ahead`] brings them): a read ahead on another thread is announced before it
    /// starts.
    fn claim_blobs(&self, ids: Vec<String>) -> Vec<String> {
        self.cache.claim(ids)
    }

    /// Reads the blobs `ids` (from [`Self::claim_blobs`]) in one pass, in their order: their
    /// ids are written to one `git cat-file --batch` while their contents are read back. Stops
    /// (git ended, the rest left to whoever asks) once `stop` is set.
    fn read_ahead(&self, ids: Vec<String>, stop: &AtomicBool) -> io::Result<()> {
        let _settle = Settle(&self.cache, &ids);
        if ids.is_empty() {
            return Ok(());
        }
        let mut batch = Batch::start(&self.root)?;
        let input = batch.input.take().ok_or_else(|| io::Error::other("git input closed"))?;
        std::thread::scope(|scope| {
            let writer = scope.spawn(|| -> io::Result<()> {
                let mut input = io::BufWriter::new(input);
                for id in &ids {
                    writeln!(input, "{id}")?;
                }
                input.flush()
            });
            let read = ids.iter().try_for_each(|id| {
                if stop.load(Ordering::Relaxed) {
                    return Err(io::Error::from(io::ErrorKind::Interrupted));
                }
                let bytes = batch.content()?;
                self.cache.put(id, Arc::from(bytes.as_slice()));
                Ok::<(), io::Error>(())
            });
            if read.is_err() {
                // Unblocks the writer: git stops taking ids once nobody reads its answers.
                let _ = batch.child.kill();
            }
            let written = writer.join().map_err(|_| io::Error::other("writing to git failed"))?;
            read.and(written)
        })
    }

    /// Every file of the tree with its blob id.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.ids().map(|(path, id)| (Path::new(path), id))
    }

    /// Every file of the tree with its blob id, its path as git writes it (relative to the top,
    /// normalised): text hashes and compares many times faster than a path.
    pub fn ids(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut edited: HashMap<&str, Option<&str>> = HashMap::new();
        for edit in self.edits.iter().flat_map(|edits| edits.iter()) {
            edited.insert(&edit.path, edit.id.as_deref());
        }
        let kept: Vec<(&str, &str)> =
            edited.iter().filter_map(|(path, id)| Some((*path, (*id)?))).collect();
        self.blobs
            .iter()
            .filter(move |(path, _)| !edited.contains_key(path.as_str()))
            .map(|(path, id)| (path.as_str(), id.as_str()))
            .chain(kept)
    }

    /// The commit id this tree was read at.
    pub fn commit(&self) -> &str {
        &self.commit
    }

    /// The blob id of the file at `path`, which names its content.
    pub fn blob_id(&self, path: &Path) -> Option<&str> {
        self.id(&key(path))
    }
}

/// Records `path` in its parent's listing, and each parent in its own parent's.
fn add_to_folders(folders: &mut TextMap<String, Vec<TreeEntry>>, path: &str, is_dir: bool) {
    let parent = path.rsplit_once('/').map_or(".", |(parent, _)| parent);
    let entry = TreeEntry { path: path.into(), is_dir };
    match folders.get_mut(parent) {
        Some(entries) => entries.push(entry),
        None => {
            folders.insert(parent.to_string(), vec![entry]);
            if parent != "." {
                add_to_folders(folders, parent, true);
            }
        }
    }
}

/// A path as the tree stores it: normalised, `.` for the top; most paths asked for already are,
/// and are looked up as they are written (every read and content id asks).
fn key(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(text) if is_normal(text) => Cow::Borrowed(text),
        _ => Cow::Owned(normalize_path(path).to_string_lossy().into_owned()),
    }
}

impl Tree for GitTree {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        let Some(id) = self.id(&key(path)) else {
            return Ok(None);
        };
        if let Some(bytes) = self.cache.get(id) {
            return Ok(Some(bytes.to_vec()));
        }
        let mut guard = self.batch.lock().map_err(|_| io::Error::other("git reader poisoned"))?;
        if guard.is_none() {
            *guard = Some(Batch::start(&self.root)?);
        }
        let bytes = match guard.as_mut() {
            Some(batch) => batch.read(id)?,
            None => return Err(io::Error::other("git cat-file did not start")),
        };
        self.cache.put(id, Arc::from(bytes.as_slice()));
        Ok(Some(bytes))
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        // Entries are named from the path as given, the root's bare (`content`, not `./content`),
        // as the working tree's rooted listing names them: one file, one path.
        let entries = self.folders.get(key(path).as_ref()).map(Vec::as_slice).unwrap_or_default();
        let path = normalize_path(path);
        let path = if path == Path::new(".") { Path::new("") } else { path.as_path() };
        Ok(entries
            .iter()
            .filter_map(|entry| {
                let name = entry.path.file_name()?;
                Some(TreeEntry { path: path.join(name), is_dir: entry.is_dir })
            })
            .collect())
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.folders.contains_key(key(path).as_ref())
    }

    fn is_file(&self, path: &Path) -> bool {
        self.id(&key(path)).is_some()
    }

    fn content_id(&self, path: &Path) -> Option<&str> {
        self.blob_id(path)
    }
}

/// Edits a derived tree keeps beside the maps it shares before it gathers them into its own.
const KEPT_EDITS: usize = 32;

/// Blobs read ahead through one `git cat-file --batch`, asked for as their ids become known
/// (while the log that names them still runs): a thread reads the answers into the cache in the
/// order asked. Started before the log, git's start overlaps it too.
pub struct Reading {
    /// cat-file's input (`None` once all is asked, or git is gone).
    input: Option<io::BufWriter<ChildStdin>>,
    /// The ids asked, in order, for the thread reading the answers.
    order: Option<mpsc::Sender<String>>,
    /// The thread reading the answers.
    thread: Option<std::thread::JoinHandle<()>>,
    /// Where blobs read are kept (and claimed ones awaited).
    cache: BlobCache,
    /// Tells the thread to stop reading: the walk is over.
    stop: Arc<AtomicBool>,
    /// Ids written since the input was last flushed.
    unflushed: usize,
}

impl Reading {
    /// Starts `git cat-file --batch` in `repository` and the thread reading its answers.
    pub fn start(repository: &Repository) -> io::Result<Self> {
        let mut batch = Batch::start(&repository.root)?;
        let input = batch.input.take().map(io::BufWriter::new);
        let (order, asked) = mpsc::channel();
        let (cache, stop) = (BlobCache::default(), Arc::new(AtomicBool::new(false)));
        let (kept, stopped) = (cache.clone(), stop.clone());
        let thread = std::thread::spawn(move || read_in_order(batch, &asked, &kept, &stopped));
        Ok(Self { input, order: Some(order), thread: Some(thread), cache, stop, unflushed: 0 })
    }

    /// The cache the blobs read are kept in, for the trees that read them.
    pub fn cache(&self) -> BlobCache {
        self.cache.clone()
    }

    /// Asks for the blobs `ids` that are neither read nor asked yet; readers of them wait for
    /// them from now on. Written in batches: [`Self::finish`] sends the last.
    pub fn ask(&mut self, ids: Vec<String>) {
        for id in self.cache.claim(ids) {
            // The thread learns of an id before git does, so it reads every answer git writes:
            // git never waits on a full pipe that nobody reads.
            let sent = self.order.as_ref().is_some_and(|order| order.send(id.clone()).is_ok());
            if !sent {
                self.cache.settle(std::slice::from_ref(&id));
                continue;
            }
            let written = self.input.as_mut().is_some_and(|input| writeln!(input, "{id}").is_ok());
            self.unflushed += 1;
            // A failed write: git is gone; its input closed, the thread settles what is asked.
            if !written || (self.unflushed >= ASKED_AT_ONCE && !self.flush()) {
                self.input = None;
            }
        }
    }

    /// Sends the ids written so far; `false` when git is gone.
    fn flush(&mut self) -> bool {
        self.unflushed = 0;
        self.input.as_mut().is_some_and(|input| input.flush().is_ok())
    }

    /// Sends the last ids and closes cat-file's input: nothing more will be asked.
    pub fn finish(&mut self) {
        self.flush();
        self.input = None;
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.input = None;
        self.order = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How long a [`Reading`]'s thread lets git's answers gather when nobody waits for them: about
/// 50 pages at `cat-file`'s pace, under half of a pipe's 64 KiB.
const NAP: std::time::Duration = std::time::Duration::from_micros(500);

/// Ids a [`Reading`] writes to git before it sends them.
const ASKED_AT_ONCE: usize = 32;

/// Reads `batch`'s answers to the ids `asked`, in order, into `cache`; once git fails or `stop`
/// is set, settles each id asked instead (its readers read it themselves).
fn read_in_order(
    mut batch: Batch,
    asked: &mpsc::Receiver<String>,
    cache: &BlobCache,
    stop: &AtomicBool,
) {
    let mut failed = false;
    for id in asked {
        failed = failed || stop.load(Ordering::Relaxed);
        if !failed {
            // Nothing read yet of the answer: unless someone waits, git writes on a while this
            // thread naps (one wake-up for many blobs, not two context switches for each).
            if batch.output.buffer().is_empty() {
                cache.nap(NAP);
            }
            match batch.content() {
                Ok(bytes) => {
                    cache.put(&id, Arc::from(bytes.as_slice()));
                    continue;
                }
                Err(_) => failed = true,
            }
        }
        cache.settle(std::slice::from_ref(&id));
    }
    if failed {
        // Answers nobody reads would keep git waiting on a full pipe.
        let _ = batch.child.kill();
    }
}

/// One `git cat-file --batch` process, asked for one blob at a time.
struct Batch {
    child: Child,
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Batch {
    fn start(root: &Path) -> io::Result<Self> {
        let mut child = git_command(root, &["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input = child.stdin.take();
        let output = child.stdout.take().ok_or_else(|| io::Error::other("no git output"))?;
        // A pipe's worth at a time: a read ahead's thread takes what gathered in one read.
        Ok(Self { child, input, output: BufReader::with_capacity(1 << 16, output) })
    }

    fn read(&mut self, id: &str) -> io::Result<Vec<u8>> {
        let input = self.input.as_mut().ok_or_else(|| io::Error::other("git input closed"))?;
        writeln!(input, "{id}")?;
        input.flush()?;
        self.content()
    }

    /// The next blob's content on the output.
    fn content(&mut self) -> io::Result<Vec<u8>> {
        let mut header = String::new();
        self.output.read_line(&mut header)?;
        let size = header
            .split(' ')
            .nth(2)
            .and_then(|size| size.trim().parse::<usize>().ok())
            .ok_or_else(|| io::Error::other(format!("git cat-file: {}", header.trim())))?;
        let mut bytes = vec![0; size + 1];
        self.output.read_exact(&mut bytes)?;
        bytes.pop();
        Ok(bytes)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends cat-file; waiting reaps it.
        self.input.take();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_revisions_are_refused_before_git_runs() {
        let root = PathBuf::from("/nonexistent");
        let repository = Repository { root, prefix: PathBuf::new(), known: None };
        assert!(matches!(repository.resolve("--output=x"), Err(GitError::Dash { .. })));
    }

    #[test]
    fn derived_trees_hold_their_commit_s_files() {
        let change = |path: &str, id: Option<&str>| FileChange {
            path: path.into(),
            id: id.map(str::to_string),
        };
        let blobs =
            TextMap::from_iter([("a.md".into(), "1".into()), ("b/c.md".into(), "2".into())]);
        let first =
            GitTree::of_blobs(Path::new("/x"), "c0", blobs, Arc::default(), BlobCache::default());
        let files = |tree: &GitTree| {
            let mut found: Vec<(String, String)> = tree
                .files()
                .map(|(path, id)| (path.display().to_string(), id.to_string()))
                .collect();
            found.sort();
            found
        };
        let mut tree = first.changed("c1", &[change("a.md", Some("3"))]);
        assert_eq!(tree.blob_id(Path::new("a.md")), Some("3"));
        assert_eq!(first.blob_id(Path::new("a.md")), Some("1"), "the first tree is as it was");
        for step in 0..2 * KEPT_EDITS {
            tree = tree.changed("c", &[change("b/c.md", Some(&step.to_string()))]);
        }
        let last = (2 * KEPT_EDITS - 1).to_string();
        assert_eq!(files(&tree), [("a.md".into(), "3".into()), ("b/c.md".into(), last)]);
        let tree = tree.changed("c2", &[change("d.md", Some("4")), change("b/c.md", None)]);
        assert_eq!(files(&tree), [("a.md".into(), "3".into()), ("d.md".into(), "4".into())]);
        assert!(!tree.is_dir(Path::new("b")) && tree.is_file(Path::new("d.md")));
        assert!(first.is_dir(Path::new("b")));
    }

    #[test]
    fn blobs_coming_are_waited_for_and_settled_ones_are_not() {
        let cache = BlobCache::default();
        let ids = cache.claim(vec!["a".into(), "b".into(), "a".into()]);
        assert_eq!(ids, ["a", "b"], "each once, in order");
        assert!(cache.claim(vec!["a".into()]).is_empty(), "already coming");
        std::thread::scope(|scope| {
            let reader = scope.spawn(|| (cache.get("a"), cache.get("b")));
            cache.put("a", Arc::from(&b"text"[..]));
            cache.settle(&ids);
            let (a, b) = reader.join().expect("reader");
            assert_eq!(a.as_deref(), Some(&b"text"[..]));
            assert_eq!(b, None, "a blob that will not come is not waited for");
        });
    }

    #[test]
    fn folders_list_their_files_and_subfolders() {
        let mut folders = TextMap::default();
        add_to_folders(&mut folders, "a/b/c.md", false);
        add_to_folders(&mut folders, "a/d.md", false);
        let mut names: Vec<_> = folders["a"].iter().map(|e| e.path.clone()).collect();
        names.sort();
        assert_eq!(names, [PathBuf::from("a/b"), PathBuf::from("a/d.md")]);
        assert!(folders.contains_key("."));
    }
}
