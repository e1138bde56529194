//! One stretch of the range walked on its own: its first commit compared with a whole read of its
//! parent, each later one with the model the commit before leaves. A long range is cut into as
//! many stretches as the pool has threads, walked side by side and their notes joined in commit
//! order: each thread keeps to its own stretch rather than handing every diff to the other, where
//! two threads waiting on each other spent a sixth of the CPU in the scheduler.
//!
//! A stretch cannot know what the one before it leaves (an unreadable commit makes the next one
//! compare with the last readable one), so stretches are only joined when none met an unreadable
//! commit and each after the first could read its start whole; else the range is walked again
//! in one stretch.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::beside::Beside;
use super::builder::Builder;
use super::full::{Model, compare_commits, compare_with};
use super::walk::Step;
use super::{First, NotesError, Unreadable, fast};
use crate::read::{ReadOptions, Reuse};
use crate::source::git::GitTree;
use crate::source::history::Commit;

/// Commits a stretch holds at least: below that, a second whole read costs more than the thread
/// it gives.
const STRETCH: usize = 64;

/// What the walk of every stretch shares.
pub(super) struct Walking<'a> {
    /// Every commit of the range, oldest first.
    pub commits: &'a [Commit],
    /// Their steps, in step.
    pub steps: &'a [Step],
    /// The folders or files read.
    pub paths: &'a [PathBuf],
    /// Rules and include root for every read.
    pub options: &'a ReadOptions,
}

/// A stretch walked.
pub(super) struct Walked {
    /// Its changes, grouped.
    pub builder: Builder,
    /// The first commit of the history, when the stretch starts there.
    pub first: Option<First>,
    /// Whether its first commit's parent read whole (no stretch before it needs to be known).
    pub whole_start: bool,
}

/// The stretches to walk side by side (`threads` at most), cut where the commits' `weights` (the
/// files each changes) are shared evenly: one stretch when the range is short.
pub(super) fn stretches(weights: &[usize], threads: usize) -> Vec<Range<usize>> {
    let count = threads.min(weights.len() / STRETCH).max(1);
    let total: usize = weights.iter().sum();
    let mut cuts = Vec::with_capacity(count);
    let (mut start, mut sum) = (0, 0);
    for (at, weight) in weights.iter().enumerate() {
        sum += weight;
        let part = cuts.len() + 1;
        if part < count && sum * count >= total * part && at + 1 < weights.len() {
            cuts.push(start..at + 1);
            start = at + 1;
        }
    }
    cuts.push(start..weights.len());
    cuts
}

/// What a commit's step costs to walk, roughly: the files it changes, and one.
fn weight(step: &Step) -> usize {
    1 + step.changes.len() + step.between.as_ref().map_or(0, |(_, changes)| changes.len())
}

/// Walks the commits of `stretch`, each compared with its first parent.
pub(super) fn walk(walking: &Walking, stretch: Range<usize>) -> Result<Walked, NotesError> {
    let Walking { commits, steps, paths, options } = *walking;
    let mut builder = Builder::default();
    let mut first = None;
    let mut whole_start = true;
    let parsed = Reuse::default();
    let mut model: Option<Model> = None;
    // The tree of the last commit read; after a commit that could not be read, the next is
    // compared with it.
    let mut last: Option<Arc<GitTree>> = None;
    let mut past_unreadable = false;
    // The diff of the last commit of the incremental path, made while the next one reads.
    let mut beside = Beside::default();
    let starts_stretch = |at: usize| at == stretch.start && at > 0;
    for at in stretch.clone() {
        let (commit, step) = (&commits[at], &steps[at]);
        let new = step.tree.clone();
        let old = match (step.parent.clone(), &last) {
            (Some(_), Some(last)) if past_unreadable => last.clone(),
            (Some(parent), _) => parent,
            (None, _) => {
                beside.collect(model.as_mut(), &mut builder);
                let loaded = crate::read::load_reusing(
                    Box::new(new.clone()),
                    paths,
                    options,
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
        // After commits the paths skip, the model of the commit before is brought to the parent
        // when they touch no framework file.
        if let (Some(known), Some((from, changes))) = (model.as_mut(), &step.between)
            && !past_unreadable
            && known.tree.commit() == from.commit()
        {
            fast::pass(known, &old, changes, paths, options);
        }
        // The model of the commit before serves as the old side when it is the parent's; else
        // the parent is read whole once.
        let mut reached = model.take().filter(|model| model.tree.commit() == old.commit());
        // A commit that only edits files reads only the levels they reach.
        if let Some(known) = reached.as_mut()
            && commit.parent.as_deref() == Some(old.commit())
            && let Some(stepped) =
                beside.beside(|| fast::read(known, &new, &step.changes, paths, options, &parsed))
        {
            past_unreadable = false;
            beside.collect(Some(known), &mut builder);
            match stepped {
                fast::Stepped::Nothing => builder.add(commit, &crate::diff::Diff::default()),
                fast::Stepped::Read(reading) => beside.start(commit, fast::lend(known, reading)),
            }
            model = reached;
            last = Some(new);
            continue;
        }
        beside.collect(reached.as_mut(), &mut builder);
        let before = reached.or_else(|| {
            let reuse = Arc::new(parsed.next(None));
            let loaded = crate::read::load_reusing(Box::new(old.clone()), paths, options, reuse);
            let whole = Model::whole(old.clone(), loaded);
            if starts_stretch(at) && whole.is_none() {
                whole_start = false;
            }
            whole
        });
        let compared = match before {
            Some(before) => compare_with(before, &new, paths, options, &parsed),
            // A model that could not be read whole (a page in error that the commit does not
            // touch): both sides read as `ladder diff` reads them.
            None => compare_commits(&old, &new, paths, options)
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
                return Err(NotesError::Read { commit: commit.id.clone(), source });
            }
        }
    }
    beside.collect(model.as_mut(), &mut builder);
    Ok(Walked { builder, first, whole_start })
}

/// Walks the range in stretches side by side when it is long, else in one: the same notes
/// either way.
pub(super) fn walk_range(walking: &Walking) -> Result<(Builder, Option<First>), NotesError> {
    let weights: Vec<usize> = walking.steps.iter().map(weight).collect();
    walk_stretches(walking, stretches(&weights, rayon::current_num_threads()))
}

/// Walks `stretches` side by side and joins their notes; walks the range again in one stretch
/// when they cannot be joined (or there is one).
fn walk_stretches(
    walking: &Walking,
    stretches: Vec<Range<usize>>,
) -> Result<(Builder, Option<First>), NotesError> {
    use rayon::prelude::*;
    if stretches.len() > 1 {
        let walked = stretches.into_par_iter().map(|stretch| walk(walking, stretch)).collect();
        if let Some(joined) = join(walked) {
            return Ok(joined);
        }
    }
    let walked = walk(walking, 0..walking.steps.len())?;
    Ok((walked.builder, walked.first))
}

/// The notes of stretches walked one after another, `None` when one failed, met an unreadable
/// commit or could not read its start whole.
fn join(walked: Vec<Result<Walked, NotesError>>) -> Option<(Builder, Option<First>)> {
    let mut stretches = walked.into_iter();
    let joinable = |walked: &Walked| walked.whole_start && walked.builder.unreadable.is_empty();
    let Walked { mut builder, first, .. } = stretches.next()?.ok().filter(joinable)?;
    for later in stretches {
        builder.merge(later.ok().filter(joinable)?.builder);
    }
    Some((builder, first))
}

#[cfg(test)]
mod tests {
    use super::super::fast::tests::{history, told};
    use super::super::log_paths;
    use super::super::walk::Walk;
    use super::*;
    use crate::source::git::Repository;

    #[test]
    fn a_short_range_is_one_stretch() {
        assert_eq!(stretches(&[2; 100], 2), vec![0..100]);
        assert_eq!(stretches(&[2; 1000], 1), vec![0..1000]);
        assert_eq!(stretches(&[], 2), vec![0..0]);
    }

    #[test]
    fn stretches_share_the_files_changed() {
        assert_eq!(stretches(&[2; 200], 2), vec![0..100, 100..200]);
        assert_eq!(stretches(&[2; 300], 4), vec![0..75, 75..150, 150..225, 225..300]);
        // The first hundred commits change three times the files of the two hundred after.
        let weights: Vec<usize> = [6; 100].into_iter().chain([2; 200]).collect();
        assert_eq!(stretches(&weights, 2), vec![0..84, 84..300]);
    }

    /// The notes of one walk over the commits after `from` (or all) in the repository at `dir`, and
    /// the count of two-stretch cuts of them that joined; every cut tells the same notes, joined
    /// or walked again in one.
    fn cut_everywhere(dir: &std::path::Path, from: Option<&str>) -> (serde_json::Value, usize) {
        let repository = Repository::discover(dir).expect("a repository");
        let paths = vec![PathBuf::from(".")];
        let history = repository.history(from, "HEAD", &log_paths(&paths)).expect("commits");
        let commits = history.commits;
        let mut trees = Walk::new(&repository, &commits, history.changes, None).expect("trees");
        let steps: Vec<Step> =
            commits.iter().map(|commit| trees.next(commit).expect("a step")).collect();
        let options = ReadOptions::default();
        let walking =
            Walking { commits: &commits, steps: &steps, paths: &paths, options: &options };
        let told = |(builder, first): (Builder, Option<First>)| {
            told(&builder.finish(None, None, commits.clone(), first))
        };
        let count = commits.len();
        let one = walk(&walking, 0..count).expect("notes");
        let one = told((one.builder, one.first));
        let mut joined = 0;
        for cut in 1..count {
            let cuts = vec![0..cut, cut..count];
            let walked = cuts.iter().map(|stretch| walk(&walking, stretch.clone())).collect();
            if let Some(notes) = join(walked) {
                joined += 1;
                assert_eq!(told(notes), one, "joined at {cut}");
            }
            let notes = walk_stretches(&walking, cuts).expect("notes");
            assert_eq!(told(notes), one, "cut at {cut}");
        }
        (one, joined)
    }

    #[test]
    fn stretches_cut_anywhere_tell_what_one_walk_tells() {
        let mut repo = history();
        repo.commit("Reword an include after the mend");
        let mended = repo.head();
        repo.edit("content/careers/alpha/senior.md", "quarterly planning", "planning each quarter");
        repo.edit("assets/includes/alpha/senior-technical.md", "Designs", "Sketches");
        repo.commit("Reword a page and the include it shares with staff (!3)");
        repo.edit("assets/includes/shared/values.md", "Gives credit openly", "Credits others");
        repo.commit("Reword a value every level holds");
        repo.edit("content/careers/gamma/staff.md", "* Shares context", "- Shares context");
        repo.commit("Bullet marker back");
        repo.edit("content/careers/alpha/staff.md", "yearly planning", "planning for the year");
        repo.commit("Reword a staff item");
        // From the first commit, every cut leaves the unreadable commit in one stretch: none
        // joins, and the range is walked again in one.
        let (whole, joined) = cut_everywhere(repo.dir.path(), None);
        assert_eq!(joined, 0);
        assert!(whole["unreadable"].as_array().is_some_and(|u| u.len() == 1), "{whole:#}");
        // After the mend, every cut of the four commits joins.
        let (after, joined) = cut_everywhere(repo.dir.path(), Some(&mended));
        assert_eq!(joined, 3);
        let changes = after["totals"]["semantic"].as_u64().unwrap_or_default();
        assert!(changes >= 4, "{after:#}");
    }
}
