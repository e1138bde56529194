//! The range walked in segments, each from both ends at once: one walker from the segment's
//! first commit forward, each commit compared with the model the commit before leaves; the other
//! from a whole read of its last commit back, each commit compared with its parent read from
//! the model of the commit. The two take commits from either end of what is left until they
//! meet, so that when one runs slower (two cores shared with git's processes) the other takes
//! more, and neither waits on the other. A pool of two threads walks one segment; a larger pool
//! cuts the range into a segment for each two threads, their notes joined in commit order.
//!
//! The walker going back stops at a commit it cannot read and leaves it, and the rest, to the
//! walker going forward, which tells what a walk in one would. A segment cannot know what the
//! one before it leaves (an unreadable commit makes the next one compare with the last readable
//! one), so segments, and the two walkers of one, are only joined when the walker going forward
//! met no unreadable commit and each segment after the first could read its start whole; else
//! the range is walked again, forward in one.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::beside::Beside;
use super::builder::Builder;
use super::full::{Model, compare_back, compare_commits, compare_with};
use super::walk::Step;
use super::{First, NotesError, Unreadable, fast};
use crate::diff::Diff;
use crate::read::{ReadOptions, Reuse};
use crate::source::git::GitTree;
use crate::source::history::Commit;

/// Commits a segment holds at least: below that, a second whole read (by the walker going back,
/// or at the start of a segment) costs more than the thread it gives.
const SEGMENT: usize = 128;

/// What the walk of every segment shares.
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

/// A segment walked.
pub(super) struct Walked {
    /// Its changes, grouped.
    pub builder: Builder,
    /// The first commit of the history, when the segment starts there.
    pub first: Option<First>,
    /// Whether its first commit's parent read whole (no segment before it needs to be known).
    pub whole_start: bool,
    /// Whether the walker going back took any commit.
    pub met: bool,
}

/// The commits of a segment that neither walker has taken yet, handed out from either end.
struct Meeting {
    /// The commits left.
    left: Mutex<Range<usize>>,
    /// The first commit the walker going back may take.
    floor: usize,
}

impl Meeting {
    /// The commits of `segment` left to take, none below `floor` going back.
    fn new(segment: Range<usize>, floor: usize) -> Self {
        Self { left: Mutex::new(segment), floor }
    }

    /// The next commit forward, `None` once the walkers meet.
    fn forward(&self) -> Option<usize> {
        let mut left = self.left.lock().unwrap_or_else(PoisonError::into_inner);
        (left.start < left.end).then(|| {
            left.start += 1;
            left.start - 1
        })
    }

    /// The next commit back, `None` once the walkers meet or at the floor.
    fn back(&self) -> Option<usize> {
        let mut left = self.left.lock().unwrap_or_else(PoisonError::into_inner);
        (left.start < left.end && left.end > self.floor).then(|| {
            left.end -= 1;
            left.end
        })
    }

    /// Hands `at`, the commit last taken back, to the walker going forward.
    fn give_back(&self, at: usize) {
        let mut left = self.left.lock().unwrap_or_else(PoisonError::into_inner);
        if left.end == at {
            left.end += 1;
        }
    }
}

/// The segments to walk side by side (`count` at most), cut where the commits' `weights` (the
/// files each changes) are shared evenly: one segment when the range is short.
pub(super) fn segments(weights: &[usize], count: usize) -> Vec<Range<usize>> {
    let count = count.min(weights.len() / SEGMENT).max(1);
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

/// Walks forward the commits `meeting` hands out from `start` on, each compared with its first
/// parent.
fn walk(walking: &Walking, start: usize, meeting: &Meeting) -> Result<Walked, NotesError> {
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
    let starts_segment = |at: usize| at == start && at > 0;
    while let Some(at) = meeting.forward() {
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
            let read = whole(&old, walking, &parsed);
            if starts_segment(at) && read.is_none() {
                whole_start = false;
            }
            read
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
    let_go((model, parsed, last));
    Ok(Walked { builder, first, whole_start, met: false })
}

/// Walks back from the last commit before `end`, each commit compared with its parent, taking
/// commits from `meeting` until the walkers meet or a commit cannot be read (that commit given
/// back): the changes of the commits taken, last first.
fn walk_back(walking: &Walking, end: usize, meeting: &Meeting) -> Vec<(Commit, Diff)> {
    let Walking { commits, steps, paths, options } = *walking;
    let mut told = Vec::new();
    let Some(last) = end.checked_sub(1).and_then(|last| steps.get(last)) else { return told };
    let parsed = Reuse::default();
    let Some(mut model) = whole(&last.tree, walking, &parsed) else { return told };
    // The diff of the commit taken last, made while the commit before it reads.
    let mut beside = Beside::default();
    while let Some(at) = meeting.back() {
        let (commit, step) = (&commits[at], &steps[at]);
        let parent = step.parent.clone().filter(|parent| {
            model.tree.commit() == step.tree.commit()
                && commit.parent.as_deref() == Some(parent.commit())
        });
        let Some(parent) = parent else {
            meeting.give_back(at);
            break;
        };
        let undone = fast::undone(&step.changes, &parent);
        let read = || fast::read(&mut model, &parent, &undone, paths, options, &parsed);
        let stepped = beside.beside(read);
        told.extend(beside.collect_diff(Some(&mut model)));
        match stepped {
            Some(fast::Stepped::Nothing) => told.push((commit.clone(), Diff::default())),
            Some(fast::Stepped::Read(reading)) => {
                beside.start(commit, fast::lend_back(&mut model, reading));
            }
            // Files added or removed, settings: the parent read whole.
            None => match compare_back(model, &parent, paths, options, &parsed) {
                Ok((diff, next)) => {
                    told.push((commit.clone(), diff));
                    // Without a model of the parent the walk ends here; no diff waits.
                    let Some(next) = next.or_else(|| whole(&parent, walking, &parsed)) else {
                        return told;
                    };
                    model = next;
                }
                Err(_) => {
                    meeting.give_back(at);
                    return told;
                }
            },
        }
        // Over commits the paths skip, to the commit before: read whole when they touch a
        // framework file.
        if let Some((before, changes)) = &step.between
            && !fast::pass(&mut model, before, &fast::undone(changes, before), paths, options)
        {
            told.extend(beside.collect_diff(Some(&mut model)));
            let Some(next) = whole(before, walking, &parsed) else { break };
            model = next;
        }
    }
    told.extend(beside.collect_diff(Some(&mut model)));
    let_go((model, parsed));
    told
}

/// The changes `told` walking back (last first), grouped in commit order; `None` when none.
fn in_order(told: Vec<(Commit, Diff)>) -> Option<Builder> {
    if told.is_empty() {
        return None;
    }
    let mut builder = Builder::default();
    for (commit, diff) in told.iter().rev() {
        builder.add(commit, diff);
    }
    let_go(told);
    Some(builder)
}

/// Lets `value` go on a thread of its own after a pause: a walk's models and parses, freed once
/// the notes are joined and written rather than before or beside (a command ends first, and
/// its memory goes with the process).
pub(super) fn let_go<T: Send + 'static>(value: T) {
    std::thread::spawn(move || {
        std::thread::sleep(LET_GO_AFTER);
        drop(value);
    });
}

/// How long [`let_go`] waits: longer than joining and writing the notes of a long range takes.
const LET_GO_AFTER: std::time::Duration = std::time::Duration::from_millis(200);

/// The model of a whole read of `tree`, `None` when it meets an input error.
fn whole(tree: &Arc<GitTree>, walking: &Walking, parsed: &Reuse) -> Option<Model> {
    let reuse = Arc::new(parsed.next(None));
    let loaded =
        crate::read::load_reusing(Box::new(tree.clone()), walking.paths, walking.options, reuse);
    Model::whole(tree.clone(), loaded)
}

/// Walks `segment` forward, and from both ends at once when `both`; with `meet`, the walker going
/// back takes the commits from there on first and the one going forward the rest (a meeting
/// place fixed, for tests).
fn walk_segment(
    walking: &Walking,
    segment: Range<usize>,
    both: bool,
    meet: Option<usize>,
) -> Result<Walked, NotesError> {
    // The walker going forward keeps the first commit: it reads the segment's start.
    let floor =
        if both { meet.unwrap_or(segment.start + 1).max(segment.start + 1) } else { usize::MAX };
    let meeting = Meeting::new(segment.clone(), floor);
    let (forward, back) = match (both, meet) {
        (false, _) => (walk(walking, segment.start, &meeting), None),
        (true, None) => rayon::join(
            || walk(walking, segment.start, &meeting),
            || in_order(walk_back(walking, segment.end, &meeting)),
        ),
        (true, Some(_)) => {
            let back = in_order(walk_back(walking, segment.end, &meeting));
            (walk(walking, segment.start, &meeting), back)
        }
    };
    let mut walked = forward?;
    if let Some(later) = back {
        walked.builder.merge(later);
        walked.met = true;
    }
    Ok(walked)
}

/// Walks the range in segments side by side, each from both ends, when it is long; else forward
/// in one: the same notes either way.
pub(super) fn walk_range(walking: &Walking) -> Result<(Builder, Option<First>), NotesError> {
    let weights: Vec<usize> = walking.steps.iter().map(weight).collect();
    let threads = rayon::current_num_threads();
    walk_segments(walking, segments(&weights, threads.div_ceil(2)), threads > 1)
}

/// Walks `segments` side by side (each from both ends when `both` and it is long enough) and
/// joins their notes; walks the range again forward in one when they cannot be joined.
fn walk_segments(
    walking: &Walking,
    segments: Vec<Range<usize>>,
    both: bool,
) -> Result<(Builder, Option<First>), NotesError> {
    use rayon::prelude::*;
    let both_ends = |segment: &Range<usize>| both && segment.len() >= SEGMENT;
    if segments.len() > 1 || segments.iter().any(both_ends) {
        let alone = segments.len() == 1;
        let walked: Vec<Result<Walked, NotesError>> = segments
            .into_par_iter()
            .map(|segment| walk_segment(walking, segment.clone(), both_ends(&segment), None))
            .collect();
        match join(walked, alone) {
            Ok(Some(joined)) => return Ok(joined),
            // Walking forward alone, the walker met the error of the range's last commit as a
            // walk in one would.
            Err(error) if alone => return Err(error),
            _ => {}
        }
    }
    let walked = walk_segment(walking, 0..walking.steps.len(), false, None)?;
    Ok((walked.builder, walked.first))
}

/// The notes of segments walked one after another, `None` when one failed, or met an
/// unreadable commit with a walker after it (going back, or in the next segment), or could not
/// read its start whole; the error of a segment that failed when it is `alone`.
fn join(
    walked: Vec<Result<Walked, NotesError>>,
    alone: bool,
) -> Result<Option<(Builder, Option<First>)>, NotesError> {
    let joinable = |walked: &Walked| {
        walked.whole_start && (walked.builder.unreadable.is_empty() || (alone && !walked.met))
    };
    let mut segments = walked.into_iter();
    let Some(first) = segments.next() else { return Ok(None) };
    let first = match first {
        Ok(first) => first,
        Err(error) if alone => return Err(error),
        Err(_) => return Ok(None),
    };
    if !joinable(&first) {
        return Ok(None);
    }
    let Walked { mut builder, first, .. } = first;
    for later in segments {
        match later {
            Ok(later) if joinable(&later) => builder.merge(later.builder),
            _ => return Ok(None),
        }
    }
    Ok(Some((builder, first)))
}

#[cfg(test)]
mod tests {
    use super::super::fast::tests::{history, told};
    use super::super::log_paths;
    use super::super::walk::Walk;
    use super::*;
    use crate::source::git::Repository;

    #[test]
    fn a_short_range_is_one_segment() {
        assert_eq!(segments(&[2; 200], 2), vec![0..200]);
        assert_eq!(segments(&[2; 1000], 1), vec![0..1000]);
        assert_eq!(segments(&[], 2), vec![0..0]);
    }

    #[test]
    fn segments_share_the_files_changed() {
        assert_eq!(segments(&[2; 400], 2), vec![0..200, 200..400]);
        assert_eq!(segments(&[2; 600], 4), vec![0..150, 150..300, 300..450, 450..600]);
        // The first two hundred commits change three times the files of the four hundred after.
        let weights: Vec<usize> = [6; 200].into_iter().chain([2; 400]).collect();
        assert_eq!(segments(&weights, 2), vec![0..167, 167..600]);
    }

    #[test]
    fn the_walkers_of_a_segment_meet_once_each_commit_is_taken() {
        let meeting = Meeting::new(0..5, 1);
        assert_eq!(meeting.back(), Some(4));
        assert_eq!(meeting.forward(), Some(0));
        assert_eq!(meeting.back(), Some(3));
        meeting.give_back(3);
        assert_eq!(
            (meeting.forward(), meeting.forward(), meeting.forward()),
            (Some(1), Some(2), Some(3))
        );
        assert_eq!((meeting.forward(), meeting.back()), (None, None));
        // The walker going back stops at the floor: the first commit is the forward walker's.
        let meeting = Meeting::new(0..2, 1);
        assert_eq!((meeting.back(), meeting.back()), (Some(1), None));
        assert_eq!((meeting.forward(), meeting.forward()), (Some(0), None));
    }

    /// The notes of one walk over the commits after `from` (or all) in the repository at `dir`;
    /// the count of the places where the two walkers of one segment can meet, and of the cuts
    /// in two segments, whose notes joined. Every meeting place and cut tells the same notes,
    /// joined or walked again in one.
    fn meet_everywhere(
        dir: &std::path::Path,
        from: Option<&str>,
        paths: &[PathBuf],
    ) -> (serde_json::Value, usize, usize) {
        let repository = Repository::discover(dir).expect("a repository");
        let history = repository.history(from, "HEAD", &log_paths(paths)).expect("commits");
        let commits = history.commits;
        let mut trees = Walk::new(&repository, &commits, history.changes, None).expect("trees");
        let steps: Vec<Step> =
            commits.iter().map(|commit| trees.next(commit).expect("a step")).collect();
        let options = ReadOptions::default();
        let walking = Walking { commits: &commits, steps: &steps, paths, options: &options };
        let told = |(builder, first): (Builder, Option<First>)| {
            told(&builder.finish(None, None, commits.clone(), first))
        };
        let count = commits.len();
        let one = walk_segment(&walking, 0..count, false, None).expect("notes");
        let one = told((one.builder, one.first));
        let (mut met, mut cut) = (0, 0);
        for at in 1..count {
            let walked = vec![walk_segment(&walking, 0..count, true, Some(at))];
            if let Ok(Some(notes)) = join(walked, true) {
                met += 1;
                assert_eq!(told(notes), one, "met at {at}");
            }
            let segments = [0..at, at..count];
            let walked = segments
                .iter()
                .map(|segment| walk_segment(&walking, segment.clone(), false, None))
                .collect();
            if let Ok(Some(notes)) = join(walked, false) {
                cut += 1;
                assert_eq!(told(notes), one, "cut at {at}");
            }
            // Joined, or walked again in one where they cannot be.
            let notes = walk_segments(&walking, segments.to_vec(), false).expect("notes");
            assert_eq!(told(notes), one, "walked cut at {at}");
        }
        (one, met, cut)
    }

    #[test]
    fn walkers_meeting_anywhere_and_segments_cut_anywhere_tell_what_one_walk_tells() {
        let mut repo = history();
        repo.commit("Reword an include after the mend");
        let mended = repo.head();
        repo.edit("content/careers/alpha/senior.md", "quarterly planning", "planning each quarter");
        repo.edit("assets/includes/alpha/senior-technical.md", "Designs", "Sketches");
        repo.commit("Reword a page and the include it shares with staff (!3)");
        repo.edit("assets/includes/shared/values.md", "Gives credit openly", "Credits others");
        repo.commit("Reword a value every level holds");
        // A level added: the walker going back reads the parent whole.
        let page = std::fs::read_to_string(repo.dir.path().join("content/careers/alpha/staff.md"));
        let page = page.expect("a page").replace("Staff", "Principal");
        repo.write("content/careers/alpha/principal.md", &page);
        repo.commit("A principal level");
        repo.edit("content/careers/gamma/staff.md", "* Shares context", "- Shares context");
        repo.commit("Bullet marker back");
        // Skipped by a walk of `content` and the includes: a step between commits.
        repo.write("README.md", "# Handbook\n\nSee content/careers.\n");
        repo.commit("Readme again");
        repo.edit("content/careers/alpha/staff.md", "yearly planning", "planning for the year");
        repo.commit("Reword a staff item");
        for paths in [vec![PathBuf::from(".")], vec![PathBuf::from("content")]] {
            // From the first commit, nothing joins: wherever the walker going back takes
            // commits, or the range is cut, the unreadable commit is left before them.
            let (whole, met, cut) = meet_everywhere(repo.dir.path(), None, &paths);
            assert_eq!((met, cut), (0, 0), "{paths:?}");
            assert!(whole["unreadable"].as_array().is_some_and(|u| u.len() == 1), "{whole:#}");
            // After the mend, every meeting place and every cut joins.
            let (after, met, cut) = meet_everywhere(repo.dir.path(), Some(&mended), &paths);
            let count = after["commits"].as_array().map_or(0, Vec::len);
            assert_eq!((met, cut), (count - 1, count - 1), "{paths:?}");
            let changes = after["totals"]["semantic"].as_u64().unwrap_or_default();
            assert!(changes >= 4, "{after:#}");
        }
    }
}
