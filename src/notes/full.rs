//! The whole-read path of a walk: a commit's frameworks read as `ladder diff` reads a pair of
//! commits (only the levels a change reaches composed, decided anew for each page), the model of
//! every level kept for the next commit. Taken for the first commit, after commits the paths skip,
//! and for any commit that changes how the frameworks are found (files added or removed,
//! settings); the others take the incremental path in [`super::fast`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fast::Index;
use crate::diff::touched::{FileChanges, unchanged_pages, with_kept};
use crate::diff::{Diff, Trees};
use crate::model::{Framework, Level, Workspace};
use crate::read::{ReadError, ReadOptions, Reuse};
use crate::source::git::GitTree;
use crate::source::normalize_path;

/// The frameworks of one commit with every level composed: the old side of the next commit's
/// diff, so that each commit is read once.
pub(super) struct Model {
    /// The commit's tree.
    pub tree: Arc<GitTree>,
    /// Its frameworks.
    pub workspace: Workspace,
    /// What the next commits need to read only what they change, found once.
    pub index: Option<Index>,
}

impl Model {
    /// The model of a read that composed every level, unless it met an input error (which a read
    /// of the levels a commit touches may not meet).
    pub(super) fn whole(tree: Arc<GitTree>, loaded: crate::read::Loaded) -> Option<Self> {
        let absent = |error: &ReadError| {
            matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
        };
        loaded.errors.iter().all(absent).then_some(Self {
            tree,
            workspace: loaded.workspace,
            index: None,
        })
    }
}

/// An input error of a commit, with the model of the commit before when there is one (the next
/// commit is compared with it).
pub(super) type Unread = Box<(ReadError, Option<Model>)>;

/// A level as a model keeps it apart: its page, framework (id and name, which `for=`
/// annotations depend on) and key.
type LevelKey = (String, String, String, String);

/// The diff of `before`'s commit and `new`, as [`compare_commits`] makes it, reading only `new`
/// (the levels it touches); with the model of `new`, the levels it did not touch taken from
/// `before`. No model when `new`'s frameworks are not those of `before` (nothing to take from).
pub(super) fn compare_with(
    before: Model,
    new: &Arc<GitTree>,
    paths: &[PathBuf],
    options: &ReadOptions,
    parsed: &Reuse,
) -> Result<(Diff, Option<Model>), Unread> {
    compare_known(before, new, false, paths, options, parsed)
}

/// [`compare_with`] walking back: the diff of `old` and `after`'s commit (its child), reading
/// only `old`; with the model of `old`.
pub(super) fn compare_back(
    after: Model,
    old: &Arc<GitTree>,
    paths: &[PathBuf],
    options: &ReadOptions,
    parsed: &Reuse,
) -> Result<(Diff, Option<Model>), Unread> {
    compare_known(after, old, true, paths, options, parsed)
}

/// The diff of `known`'s commit and `other` (its parent when `back`, else its child), reading only
/// `other`: as [`compare_commits`] makes it, the levels the commit does not touch left
/// uncomposed on both sides. With the model of `other`, those levels taken from `known`.
fn compare_known(
    known: Model,
    other: &Arc<GitTree>,
    back: bool,
    paths: &[PathBuf],
    options: &ReadOptions,
    parsed: &Reuse,
) -> Result<(Diff, Option<Model>), Unread> {
    let (old_tree, new_tree) = if back { (other, &known.tree) } else { (&known.tree, other) };
    let changes = Arc::new(FileChanges::of_commits(old_tree, new_tree));
    let old_tree = with_kept(old_tree.clone(), &changes);
    let new_tree = with_kept(new_tree.clone(), &changes);
    let unchanged = unchanged_pages(changes, new_tree.clone(), options.include_root.clone());
    let reuse = Arc::new(parsed.next(unchanged));
    let read_tree = if back { &old_tree } else { &new_tree };
    let read =
        crate::read::load_reusing(Box::new(read_tree.clone()), paths, options, reuse.clone());
    let absent = |error: &ReadError| {
        matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
    };
    if let Some(error) = read.errors.into_iter().find(|error| !absent(error)) {
        return Err(Box::new((error, Some(known))));
    }
    // The known side as a read of it would be: the levels the commit does not touch left
    // uncomposed, kept apart for the model of the other.
    let mut held = known.workspace;
    let mut kept: HashMap<LevelKey, Level> = HashMap::new();
    for framework in &mut held.frameworks {
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
    let (old, new) = if back { (&read.workspace, &held) } else { (&held, &read.workspace) };
    let diff = crate::diff::diff_trees(old, new, trees);
    let mut workspace = read.workspace;
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
        held.include_problems.into_iter().filter(|problem| taken.contains(problem.span.path())),
    );
    Ok((diff, Some(Model { tree: other.clone(), workspace, index: None })))
}

/// Where a level is kept apart: its page, framework id and name, and key.
fn level_key(framework: &Framework, level: &Level) -> LevelKey {
    let page = level.page.as_ref().map(|page| page.span.path().to_string()).unwrap_or_default();
    (page, framework.id.clone(), framework.name.clone(), level.key.clone())
}

/// The diff of two commits as `ladder diff A..B` makes it: files the same at both read once,
/// level pages that nothing touched not composed.
pub(super) fn compare_commits(
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
