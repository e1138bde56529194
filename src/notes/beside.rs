//! The diffs of the incremental path made beside the reads, one commit behind: while the walk
//! reads a commit's level pages again, the diff of the commit before runs on the diff's thread
//! pool, so that the walk takes both cores. One diff at most is waiting; it is collected (its
//! levels put back in the model, its changes added to the notes) before anything else is added,
//! so the notes are those of the commits one after another.
//!
//! The diff runs in a scope around the read, not as a job left on the pool: when the read is
//! done, the reading thread (one of the pool's, for `ladder notes`) takes its share of the diff's
//! parallel steps rather than sleeping until a channel says it is made.

use super::builder::Builder;
use super::fast::{Lent, land};
use super::full::Model;
use crate::diff::Diff;
use crate::source::history::Commit;

/// The diff waiting to be made, or made and waiting to be collected.
#[derive(Default)]
pub(super) struct Beside {
    /// The sides of the next diff, and its commit.
    waiting: Option<(Commit, Lent)>,
    /// The diff made beside the last read, its sides and its commit.
    made: Option<(Commit, Lent, Diff)>,
}

impl Beside {
    /// Keeps `commit`'s sides for a diff made beside the next read, or when collected; the diff
    /// before must have been collected.
    pub(super) fn start(&mut self, commit: &Commit, lent: Lent) {
        self.waiting = Some((commit.clone(), lent));
    }

    /// Runs `read` while the waiting diff, if any, is made beside it on the pool.
    pub(super) fn beside<T>(&mut self, read: impl FnOnce() -> T) -> T {
        let Some((commit, mut lent)) = self.waiting.take() else { return read() };
        let mut diff = None;
        let out = rayon::in_place_scope(|scope| {
            let (lent, diff) = (&mut lent, &mut diff);
            scope.spawn(move |_| *diff = Some(lent.diff()));
            read()
        });
        // The scope ends once the diff is made (a panic of the diff goes on from the scope).
        let diff = diff.unwrap_or_default();
        self.made = Some((commit, lent, diff));
        out
    }

    /// The waiting diff (made now, when no read ran beside it): its new levels go back to
    /// `model` (when it is still the model they were taken from) and its changes to `builder`.
    pub(super) fn collect(&mut self, model: Option<&mut Model>, builder: &mut Builder) {
        if let Some((commit, diff)) = self.collect_diff(model) {
            builder.add(&commit, &diff);
        }
    }

    /// [`Self::collect`], the changes handed back with their commit rather than added.
    pub(super) fn collect_diff(&mut self, model: Option<&mut Model>) -> Option<(Commit, Diff)> {
        if let Some((commit, mut lent)) = self.waiting.take() {
            let diff = lent.diff();
            self.made = Some((commit, lent, diff));
        }
        let (commit, lent, diff) = self.made.take()?;
        if let Some(model) = model {
            land(model, lent);
        }
        Some((commit, diff))
    }
}
