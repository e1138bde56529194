//! Release notes over a commit range: every commit that touches the frameworks, compared with its
//! first parent as `ladder diff` compares two revisions, the changes grouped by framework, level
//! and kind, each with the commit that made it. A change in a shared include is told once, with
//! every level it reaches; relocations and cosmetic edits are summed per commit, and commits with
//! nothing else listed in one line. Renderers (Markdown, JSON, a team's template) live in
//! `report::notes`; the [`Notes`] document is their whole context.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diff::touched::{FileChanges, unchanged_pages, with_kept};
use crate::diff::{Change, Consumer, Diff, Kind, Trees, WordEdit};
use crate::model::{Framework, Level, Workspace};
use crate::read::{ReadError, ReadOptions, Reuse, shortcode};
use crate::source::git::{FileChange, GitError, GitTree, Repository};
use crate::source::history::Commit;
use crate::source::normalize_path;

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
    let commits = repository.commits(request.from.as_deref(), to, &log_paths(&paths))?;
    let mut builder = Builder::default();
    let mut first = None;
    let mut trees = Walk::new(repository, &commits)?;
    let parsed = Reuse::default();
    let mut model: Option<Model> = None;
    // The tree of the last commit read; after a commit that could not be read, the next is
    // compared with it.
    let mut last: Option<Arc<GitTree>> = None;
    let mut past_unreadable = false;
    for commit in &commits {
        let (parent, new) = trees.next(commit)?;
        let old = match (parent, &last) {
            (Some(_), Some(last)) if past_unreadable => last.clone(),
            (Some(parent), _) => parent,
            (None, _) => {
                let loaded = crate::read::load_reusing(
                    Box::new(new.clone()),
                    &paths,
                    &request.options,
                    Arc::new(parsed.next(None)),
                );
                let frameworks = &loaded.workspace.frameworks;
                let levels = frameworks.iter().map(|framework| framework.levels.len()).sum();
                first =
                    Some(First { commit: commit.clone(), frameworks: frameworks.len(), levels });
                model = Model::whole(new.clone(), loaded);
                last = Some(new);
                continue;
            }
        };
        // The model of the commit before serves as the old side when it is the parent's; after
        // commits the paths skip, the parent is read whole once.
        let reached = model.take().filter(|model| model.tree.commit() == old.commit());
        let before = reached.or_else(|| {
            let reuse = Arc::new(parsed.next(None));
            let loaded =
                crate::read::load_reusing(Box::new(old.clone()), &paths, &request.options, reuse);
            Model::whole(old.clone(), loaded)
        });
        let compared = match before {
            Some(before) => compare_with(before, &new, &paths, &request.options, &parsed),
            // A model that could not be read whole (a page in error that the commit does not
            // touch): both sides read as `ladder diff` reads them.
            None => compare_commits(&old, &new, &paths, &request.options)
                .map(|diff| (diff, None))
                .map_err(|error| Box::new((error, None))),
        };
        match compared {
            Ok((diff, next)) => {
                past_unreadable = false;
                builder.add(commit, &diff);
                model = next;
                last = Some(new);
            }
            // An input error at one commit of a range is told, not the end of the notes; a
            // range whose last commit cannot be read is an error (lint it there).
            Err(failed) if Some(commit) != commits.last() => {
                let (source, kept) = *failed;
                past_unreadable = true;
                builder
                    .unreadable
                    .push(Unreadable { commit: commit.clone(), error: source.to_string() });
                model = kept;
            }
            Err(failed) => {
                let source = Box::new(failed.0);
                return Err(NotesError::Read { commit: commit.short.clone(), source });
            }
        }
    }
    let from = request.from.as_deref().map(|from| repository.commit(from)).transpose()?;
    let last = repository.commit(to).ok();
    Ok(builder.finish(from, last, commits, first))
}

/// The trees of the commits walked and of their parents, each derived from the one before by the
/// files that differ: one `git ls-tree` for the first, one `git diff-tree` for all the others, one
/// `git cat-file` for every blob.
struct Walk {
    /// The files that differ, for each step in order.
    steps: std::vec::IntoIter<Vec<FileChange>>,
    /// The tree reached so far.
    at: Option<Arc<GitTree>>,
}

impl Walk {
    /// Lists the steps of a walk over `commits` (oldest first): from the tree before, to each
    /// commit's parent when other commits lie between, then to the commit.
    fn new(repository: &Repository, commits: &[Commit]) -> Result<Self, GitError> {
        let Some(start) = commits.first() else {
            return Ok(Self { steps: Vec::new().into_iter(), at: None });
        };
        let start = start.parent.as_deref().unwrap_or(&start.id);
        let at = Arc::new(GitTree::new(repository, start)?);
        let mut pairs = Vec::new();
        let mut current = start.to_string();
        for commit in commits {
            if let Some(parent) = &commit.parent {
                if *parent != current {
                    pairs.push((current, parent.clone()));
                }
                pairs.push((parent.clone(), commit.id.clone()));
            }
            current = commit.id.clone();
        }
        let steps = repository.changes(&pairs)?.into_iter();
        Ok(Self { steps, at: Some(at) })
    }

    /// The trees of `commit`'s parent (`None` for a first commit) and of `commit`.
    fn next(&mut self, commit: &Commit) -> Result<(Option<Arc<GitTree>>, Arc<GitTree>), GitError> {
        let missing = || GitError::Failed {
            command: "diff-tree".into(),
            message: format!("no changes listed for {}", commit.short),
        };
        let at = self.at.clone().ok_or_else(missing)?;
        let Some(parent) = &commit.parent else {
            return Ok((None, at));
        };
        let old = if at.commit() == parent {
            at
        } else {
            let changes = self.steps.next().ok_or_else(missing)?;
            Arc::new(at.changed(parent, &changes))
        };
        let changes = self.steps.next().ok_or_else(missing)?;
        let new = Arc::new(old.changed(&commit.id, &changes));
        self.at = Some(new.clone());
        Ok((Some(old), new))
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

/// The frameworks of one commit with every level composed: the old side of the next commit's
/// diff, so that each commit is read once.
struct Model {
    /// The commit's tree.
    tree: Arc<GitTree>,
    /// Its frameworks.
    workspace: Workspace,
}

impl Model {
    /// The model of a read that composed every level, unless it met an input error (which a read
    /// of the levels a commit touches may not meet).
    fn whole(tree: Arc<GitTree>, loaded: crate::read::Loaded) -> Option<Self> {
        let absent = |error: &ReadError| {
            matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
        };
        loaded.errors.iter().all(absent).then_some(Self { tree, workspace: loaded.workspace })
    }
}

/// An input error of a commit, with the model of the commit before when there is one (the next
/// commit is compared with it).
type Unread = Box<(ReadError, Option<Model>)>;

/// A level as a model keeps it apart: its page, framework (id and name, which `for=`
/// annotations depend on) and key.
type LevelKey = (String, String, String, String);

/// The diff of `before`'s commit and `new`, as [`compare_commits`] makes it, reading only `new`
/// (the levels it touches); with the model of `new`, the levels it did not touch taken from
/// `before`. No model when `new`'s frameworks are not those of `before` (nothing to take from).
fn compare_with(
    before: Model,
    new: &Arc<GitTree>,
    paths: &[PathBuf],
    options: &ReadOptions,
    parsed: &Reuse,
) -> Result<(Diff, Option<Model>), Unread> {
    let changes = Arc::new(FileChanges::of_commits(&before.tree, new));
    let old_tree = with_kept(before.tree.clone(), &changes);
    let new_tree = with_kept(new.clone(), &changes);
    let unchanged = unchanged_pages(changes, new_tree.clone(), options.include_root.clone());
    let reuse = Arc::new(parsed.next(unchanged));
    let after =
        crate::read::load_reusing(Box::new(new_tree.clone()), paths, options, reuse.clone());
    let absent = |error: &ReadError| {
        matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
    };
    if let Some(error) = after.errors.into_iter().find(|error| !absent(error)) {
        return Err(Box::new((error, Some(before))));
    }
    // The old side as a read of it would be: the levels the commit does not touch left
    // uncomposed, kept apart for the new model.
    let mut old = before.workspace;
    let mut kept: HashMap<LevelKey, Level> = HashMap::new();
    for framework in &mut old.frameworks {
        let (id, name) = (framework.id.clone(), framework.name.clone());
        for level in &mut framework.levels {
            let Some(page) = level.page.as_ref() else { continue };
            let path = PathBuf::from(page.span.path());
            if !reuse.is_unchanged(&normalize_path(&path)) {
                continue;
            }
            let blank = crate::read::unchanged_level(&path, &level.key, &level.name);
            let key = (page.span.path().to_string(), id.clone(), name.clone(), level.key.clone());
            kept.insert(key, std::mem::replace(level, blank));
        }
    }
    let trees = Trees { old: &old_tree, new: &new_tree };
    let diff = crate::diff::diff_trees(&old, &after.workspace, trees);
    let mut workspace = after.workspace;
    let mut taken = HashSet::new();
    for framework in &mut workspace.frameworks {
        for index in 0..framework.levels.len() {
            let level = &framework.levels[index];
            let Some(page) = level.page.as_ref() else { continue };
            if !reuse.is_unchanged(&normalize_path(Path::new(page.span.path()))) {
                continue;
            }
            let key = level_key(framework, level);
            let Some(composed) = kept.remove(&key) else { return Ok((diff, None)) };
            taken.insert(key.0);
            framework.levels[index] = composed;
        }
    }
    // The diff looks up the includes a page could not resolve by the page's path.
    workspace.include_problems.extend(
        old.include_problems.into_iter().filter(|problem| taken.contains(problem.span.path())),
    );
    Ok((diff, Some(Model { tree: new.clone(), workspace })))
}

/// Where a level is kept apart: its page, framework id and name, and key.
fn level_key(framework: &Framework, level: &Level) -> LevelKey {
    let page = level.page.as_ref().map(|page| page.span.path().to_string()).unwrap_or_default();
    (page, framework.id.clone(), framework.name.clone(), level.key.clone())
}

/// The diff of two commits as `ladder diff A..B` makes it: files the same at both read once,
/// level pages that nothing touched not composed.
fn compare_commits(
    old: &Arc<GitTree>,
    new: &Arc<GitTree>,
    paths: &[PathBuf],
    options: &ReadOptions,
) -> Result<Diff, ReadError> {
    let changes = Arc::new(FileChanges::of_commits(old, new));
    let old_tree = with_kept(old.clone(), &changes);
    let new_tree = with_kept(new.clone(), &changes);
    let reuse = match unchanged_pages(changes, new_tree.clone(), options.include_root.clone()) {
        Some(unchanged) => Reuse::new(unchanged),
        None => Reuse::default(),
    };
    let reuse = Arc::new(reuse);
    let before =
        crate::read::load_reusing(Box::new(old_tree.clone()), paths, options, reuse.clone());
    let after = crate::read::load_reusing(Box::new(new_tree.clone()), paths, options, reuse);
    // A side without frameworks is a framework added or removed, not an error.
    let absent = |error: &ReadError| {
        matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
    };
    if let Some(error) = before.errors.into_iter().chain(after.errors).find(|error| !absent(error))
    {
        return Err(error);
    }
    let trees = Trees { old: &old_tree, new: &new_tree };
    Ok(crate::diff::diff_trees(&before.workspace, &after.workspace, trees))
}

/// Gathers changes commit by commit into groups.
#[derive(Default)]
struct Builder {
    shared: Vec<Group>,
    frameworks: Vec<FrameworkNotes>,
    housekeeping: Vec<Housekeeping>,
    cosmetic_only: Vec<Commit>,
    unreadable: Vec<Unreadable>,
    totals: Totals,
}

impl Builder {
    fn add(&mut self, commit: &Commit, diff: &Diff) {
        let semantic: Vec<&Change> = diff.semantic().collect();
        for change in &semantic {
            self.place(commit, change);
        }
        let relocations = relocations(diff);
        let cosmetic: BTreeMap<String, usize> = diff.cosmetic_counts().into_iter().collect();
        self.totals.semantic += semantic.len();
        self.totals.relocated += diff.count(Kind::IncludeRelocated);
        self.totals.cosmetic += diff.count(Kind::Cosmetic);
        if semantic.is_empty() && relocations.is_empty() {
            self.cosmetic_only.push(commit.clone());
        } else if !relocations.is_empty() || !cosmetic.is_empty() {
            self.housekeeping.push(Housekeeping {
                commit: commit.clone(),
                relocations,
                cosmetic,
                semantic: !semantic.is_empty(),
            });
        }
    }

    /// Puts a change in the group of the levels it reaches: one framework's level, several
    /// levels of one framework, or shared by several frameworks.
    fn place(&mut self, commit: &Commit, change: &Change) {
        let mut frameworks: Vec<&str> =
            change.consumers.iter().map(|consumer| consumer.framework.as_str()).collect();
        frameworks.dedup();
        let groups = match frameworks.as_slice() {
            [one] => {
                let at = match self.frameworks.iter().position(|notes| notes.name == *one) {
                    Some(at) => at,
                    None => {
                        self.frameworks
                            .push(FrameworkNotes { name: one.to_string(), levels: Vec::new() });
                        self.frameworks.len() - 1
                    }
                };
                &mut self.frameworks[at].levels
            }
            _ => &mut self.shared,
        };
        let group = match groups.iter().position(|group| group.reach == change.consumers) {
            Some(at) => &mut groups[at],
            None => {
                groups.push(Group {
                    title: title(&change.consumers, frameworks.len() > 1),
                    reach: change.consumers.clone(),
                    kinds: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        let kind = match group.kinds.iter().position(|kinds| kinds.kind == change.kind) {
            Some(at) => &mut group.kinds[at],
            None => {
                group.kinds.push(KindNotes {
                    kind: change.kind,
                    label: change.kind.label().into(),
                    changes: Vec::new(),
                });
                group.kinds.last_mut().expect("just pushed")
            }
        };
        kind.changes.push(entry(commit, change));
    }

    fn finish(
        mut self,
        from: Option<Commit>,
        to: Option<Commit>,
        commits: Vec<Commit>,
        first: Option<First>,
    ) -> Notes {
        let rank = |group: &Group| group.reach.iter().map(|consumer| consumer.rank).min();
        for framework in &mut self.frameworks {
            framework.levels.sort_by_key(|group| (rank(group), group.reach.len()));
        }
        self.frameworks.sort_by(|a, b| a.name.cmp(&b.name));
        // The widest reach first: what most readers are affected by.
        self.shared.sort_by_key(|group| std::cmp::Reverse(group.reach.len()));
        for group in
            self.shared.iter_mut().chain(self.frameworks.iter_mut().flat_map(|f| &mut f.levels))
        {
            group.kinds.sort_by_key(|kinds| kinds.kind);
        }
        Notes {
            schema_version: SCHEMA_VERSION,
            from,
            to,
            commits,
            first,
            shared: self.shared,
            frameworks: self.frameworks,
            housekeeping: self.housekeeping,
            cosmetic_only: self.cosmetic_only,
            unreadable: self.unreadable,
            totals: self.totals,
        }
    }
}

/// "Senior", "Intermediate, Senior and Staff", or "38 levels in 10 frameworks".
fn title(reach: &[Consumer], shared: bool) -> String {
    if shared {
        let mut frameworks: Vec<&str> = reach.iter().map(|c| c.framework.as_str()).collect();
        frameworks.sort_unstable();
        frameworks.dedup();
        return format!("{} levels in {} frameworks", reach.len(), frameworks.len());
    }
    let mut levels: Vec<&Consumer> = reach.iter().collect();
    levels.sort_by_key(|consumer| consumer.rank);
    let names: Vec<&str> = levels.iter().map(|consumer| consumer.level.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn entry(commit: &Commit, change: &Change) -> Entry {
    let side = change.after.first().or(change.before.first());
    Entry {
        commit: commit.clone(),
        before: change.before.iter().map(|side| side.text.clone()).collect(),
        after: change.after.iter().map(|side| side.text.clone()).collect(),
        words: change.words.clone(),
        detail: change.detail.clone(),
        path: side.map(|side| crate::report::display_path(side.span.path())).unwrap_or_default(),
        line: side.map_or(0, |side| side.span.line),
    }
}

/// A diff's relocated includes, one entry per folder move (file names kept), one per file else.
fn relocations(diff: &Diff) -> Vec<Relocation> {
    let mut moves: BTreeMap<(String, String), usize> = BTreeMap::new();
    for change in diff.changes.iter().filter(|change| change.kind == Kind::IncludeRelocated) {
        let text =
            |sides: &[crate::diff::Side]| sides.first().map_or(String::new(), |s| s.text.clone());
        let (old, new) = (text(&change.before), text(&change.after));
        let (a, b) = (Path::new(&old), Path::new(&new));
        let key = match (a.parent(), b.parent()) {
            (Some(from), Some(to)) if a.file_name() == b.file_name() && from != to => (
                format!("{}/", crate::report::display_path(&from.to_string_lossy())),
                format!("{}/", crate::report::display_path(&to.to_string_lossy())),
            ),
            _ => (old.clone(), new.clone()),
        };
        *moves.entry(key).or_insert(0) += 1;
    }
    moves.into_iter().map(|((from, to), count)| Relocation { from, to, count }).collect()
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

    fn consumer(framework: &str, rank: usize, level: &str) -> Consumer {
        Consumer { framework: framework.into(), rank, level: level.into() }
    }

    #[test]
    fn titles_name_levels_or_count_them() {
        assert_eq!(title(&[consumer("A", 2, "Senior")], false), "Senior");
        let several = [
            consumer("A", 3, "Staff"),
            consumer("A", 1, "Intermediate"),
            consumer("A", 2, "Senior"),
        ];
        assert_eq!(title(&several, false), "Intermediate, Senior and Staff");
        let shared = [consumer("A", 1, "Senior"), consumer("B", 1, "Senior")];
        assert_eq!(title(&shared, true), "2 levels in 2 frameworks");
    }

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
