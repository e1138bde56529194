//! Release notes over a commit range: every commit that touches the frameworks, compared with its
//! first parent as `ladder diff` compares two revisions, the changes grouped by framework, level
//! and kind, each with the commit that made it. A change in a shared include is told once, with
//! every level it reaches; relocations and cosmetic edits are summed per commit, and commits with
//! nothing else listed in one line. Renderers (Markdown, JSON, a team's template) live in
//! `report::notes`; the [`Notes`] document is their whole context.

mod beside;
mod builder;
mod fast;
mod full;
mod part;
mod walk;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

use walk::Walk;

use crate::diff::{Consumer, Kind, WordEdit};
use crate::read::{ReadError, ReadOptions, shortcode};
use crate::source::git::{FileChange, GitError, Reading, Repository};
use crate::source::history::{Commit, Name};

/// Version of the [`Notes`] document's shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Why notes could not be made.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum NotesError {
    /// git could not give the range or a commit.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Git(#[from] GitError),
    /// A commit's frameworks could not be read.
    #[error("commit {commit}: {source}")]
    #[diagnostic(code(ladder::notes::read), help("run `ladder lint` at that commit to see why"))]
    Read {
        /// The commit's short id.
        commit: String,
        /// What went wrong first.
        #[source]
        source: Box<ReadError>,
    },
    /// No tag matches the pattern.
    #[error("no tag matching `{pattern}` is reachable from {to}")]
    #[diagnostic(
        code(ladder::notes::tag),
        help("list tags with `git tag --list '{pattern}'`, or give a range: ladder notes A..B")
    )]
    NoTag {
        /// The glob given.
        pattern: String,
        /// The end of the range.
        to: String,
    },
}

/// What to write notes for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The commit after which to start (`None`: from the first commit).
    pub from: Option<String>,
    /// The last commit (`HEAD` when empty).
    pub to: String,
    /// Folders or files to read, relative to the repository top (`.` when empty).
    pub paths: Vec<PathBuf>,
    /// Rules and include root for every read.
    pub options: ReadOptions,
}

/// Release notes: the whole context every renderer takes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Notes {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// The commit the range starts after, if any.
    pub from: Option<Commit>,
    /// The last commit of the range.
    pub to: Option<Commit>,
    /// Every commit walked (those touching the frameworks), oldest first.
    pub commits: Vec<Commit>,
    /// The first commit of the history, when the range starts there: nothing to compare it with.
    pub first: Option<First>,
    /// Changes reaching several frameworks (shared includes), by the levels they reach.
    pub shared: Vec<Group>,
    /// Changes within one framework, by framework.
    pub frameworks: Vec<FrameworkNotes>,
    /// Per commit with no semantic change but relocations, or beside its changes: relocations
    /// and cosmetic edits summed.
    pub housekeeping: Vec<Housekeeping>,
    /// Commits whose every edit is cosmetic.
    pub cosmetic_only: Vec<Commit>,
    /// Commits whose frameworks could not be read (a YAML syntax error): the next readable
    /// commit is compared with the last readable one, so their changes are told there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
    /// Counts over the whole range.
    pub totals: Totals,
}

/// The first commit of a history: what it holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct First {
    /// The commit.
    pub commit: Commit,
    /// Frameworks it holds.
    pub frameworks: usize,
    /// Levels it holds.
    pub levels: usize,
}

/// A commit whose frameworks could not be read, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unreadable {
    /// The commit.
    pub commit: Commit,
    /// The first input error, as `ladder lint` would say it at that commit.
    pub error: String,
}

/// Counts over the whole range.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Totals {
    /// Semantic changes.
    pub semantic: usize,
    /// Includes relocated.
    pub relocated: usize,
    /// Cosmetic edits.
    pub cosmetic: usize,
}

/// One framework's changes, by level.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FrameworkNotes {
    /// The framework's name.
    pub name: String,
    /// Its levels with changes, lowest first; a change reaching several levels of the framework
    /// is one group naming them all.
    pub levels: Vec<Group>,
}

/// Changes that reach the same levels, by kind.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Group {
    /// What the group's changes reach, for people: a level name, several, or a count.
    pub title: String,
    /// Every level they reach.
    pub reach: Vec<Consumer>,
    /// The changes by kind, kinds in their order.
    pub kinds: Vec<KindNotes>,
}

/// Changes of one kind.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KindNotes {
    /// The kind.
    pub kind: Kind,
    /// Its name for people.
    pub label: String,
    /// The changes, in commit order.
    pub changes: Vec<Entry>,
}

/// One change and the commit that made it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// The commit.
    pub commit: Commit,
    /// Texts before (empty for additions).
    pub before: Vec<String>,
    /// Texts after (empty for removals).
    pub after: Vec<String>,
    /// Word-level edits, for rewordings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordEdit>,
    /// A short note: where an item moved, a link's old and new target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Where it is written at the commit.
    pub path: String,
    /// Its 1-based line.
    pub line: usize,
}

/// A commit's relocations and cosmetic edits.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Housekeeping {
    /// The commit.
    pub commit: Commit,
    /// Includes relocated, one entry per folder move.
    pub relocations: Vec<Relocation>,
    /// Cosmetic edits by category.
    pub cosmetic: BTreeMap<String, usize>,
    /// Whether the commit also made semantic changes (listed above).
    pub semantic: bool,
}

/// Includes that moved from one folder to another (or one include, when alone).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Relocation {
    /// The old folder, or the old path of a lone include.
    pub from: String,
    /// The new folder, or path.
    pub to: String,
    /// How many includes moved.
    pub count: usize,
}

/// Walks the range and compares each commit with its first parent.
pub fn notes(repository: &Repository, request: &Request) -> Result<Notes, NotesError> {
    let to = if request.to.is_empty() { "HEAD" } else { request.to.as_str() };
    let paths =
        if request.paths.is_empty() { vec![PathBuf::from(".")] } else { request.paths.clone() };
    // Started first: git's start overlaps the log, and the pages (Markdown) each commit brings
    // are read while the log still runs.
    let mut reading = Reading::start(repository).ok();
    let mut seen = |change: &FileChange| {
        if let (Some(reading), Some(id)) = (reading.as_mut(), &change.id)
            && change.path.ends_with(".md")
        {
            reading.ask(vec![id.clone()]);
        }
    };
    let (history, names) =
        repository.history_beside(request.from.as_deref(), to, &log_paths(&paths), &mut seen)?;
    let commits = history.commits;
    let mut trees = Walk::new(repository, &commits, history.changes, reading)?;
    let steps = commits.iter().map(|commit| trees.next(commit)).collect::<Result<Vec<_>, _>>()?;
    let walking = part::Walking {
        commits: &commits,
        steps: &steps,
        paths: &paths,
        options: &request.options,
    };
    let (builder, first) = match part::walk_range(&walking) {
        Ok(walked) => walked,
        Err(NotesError::Read { commit, source }) => {
            let name = names.names()?.remove(&commit);
            let short = name.map(|name| name.short).unwrap_or_default();
            return Err(NotesError::Read { commit: short, source });
        }
        Err(error) => return Err(error),
    };
    part::let_go((steps, trees));
    // The ends were resolved for the log: their commits are read without resolving them again,
    // the last not at all when the walk ends there.
    let from = history.from.as_deref().map(|from| repository.commit_of(from)).transpose()?;
    let last = match commits.last() {
        Some(last) if last.id == history.to => Some(last.clone()),
        _ => repository.commit_of(&history.to).ok(),
    };
    let mut notes = builder.finish(from, last, commits, first);
    name(&mut notes, &names.names()?);
    Ok(notes)
}

/// Gives every commit the notes tell of its short id and merge request (`names`, by full id):
/// the walk went on while they were found.
fn name(notes: &mut Notes, names: &HashMap<String, Name>) {
    let groups =
        notes.shared.iter_mut().chain(notes.frameworks.iter_mut().flat_map(|f| &mut f.levels));
    let entries = groups.flat_map(|group| &mut group.kinds).flat_map(|kind| &mut kind.changes);
    let commits = (notes.from.iter_mut().chain(notes.to.iter_mut()).chain(&mut notes.commits))
        .chain(notes.first.iter_mut().map(|first| &mut first.commit))
        .chain(entries.map(|entry| &mut entry.commit))
        .chain(notes.housekeeping.iter_mut().map(|kept| &mut kept.commit))
        .chain(&mut notes.cosmetic_only)
        .chain(notes.unreadable.iter_mut().map(|unreadable| &mut unreadable.commit));
    for commit in commits {
        if let Some(name) = names.get(&commit.id) {
            name.give(commit);
        }
    }
}
/// The commit after which notes start for `--since-tag`: the newest tag matching `pattern`
/// reachable from `to`.
pub fn since_tag(repository: &Repository, pattern: &str, to: &str) -> Result<String, NotesError> {
    repository
        .last_tag(pattern, to)?
        .ok_or_else(|| NotesError::NoTag { pattern: pattern.into(), to: to.into() })
}

/// What git log is limited to: the paths, and every include root and ladder.yml (includes live
/// outside the folders of level pages).
fn log_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = paths.to_vec();
    if !found.iter().any(|path| path == Path::new(".")) {
        found.push(PathBuf::from(format!(":(glob)**/{}/**", shortcode::INCLUDE_ROOT)));
        found.push(PathBuf::from(":(glob)**/ladder.yml"));
    }
    found
}

/// Writes `text` before the content of `path` (created when missing) in one atomic step, so a
/// reader never sees half a changelog.
pub fn prepend(path: &Path, text: &[u8]) -> io::Result<()> {
    let existing = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(error),
    };
    let mut joined = text.to_vec();
    if !existing.is_empty() {
        joined.push(b'\n');
        joined.extend_from_slice(&existing);
    }
    crate::source::write_atomic(path, &joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepend_keeps_the_old_text_after_the_new() -> io::Result<()> {
        let folder = tempfile::tempdir()?;
        let path = folder.path().join("CHANGELOG.md");
        prepend(&path, b"## Two\n")?;
        std::fs::write(&path, b"## One\n")?;
        prepend(&path, b"## Two\n")?;
        assert_eq!(std::fs::read_to_string(&path)?, "## Two\n\n## One\n");
        assert_eq!(std::fs::read_dir(folder.path())?.count(), 1, "no temporary file left");
        Ok(())
    }
}
