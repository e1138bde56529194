//! The diffs of the incremental path made beside the reads, one commit behind: while the walk
//! reads a commit's level pages again, the diff of the commit before runs on the diff's thread
//! pool, so that the walk takes both cores. One diff at most is in flight; it is collected (its
//! levels put back in the model, its changes added to the notes) before anything else is added,
//! so the notes are those of the commits one after another.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::builder::Builder;
use super::fast::{Lent, land};
use super::full::Model;
use crate::diff::Diff;
use crate::source::history::Commit;

/// A diff made, or the panic that stopped it.
type Made = Result<(Lent, Diff), Box<dyn Any + Send>>;

/// The diff in flight and where it comes back.
#[derive(Default)]
pub(super) struct Beside {
    /// Where diffs are sent when made (made with the first).
    outbox: Option<Sender<Made>>,
    /// Where they arrive.
    done: Option<Receiver<Made>>,
    /// The commit of the diff in flight.
    waiting: Option<Commit>,
}

impl Beside {
    /// Starts the diff of `commit`'s sides; the diff before must have been collected.
    pub(super) fn start(&mut self, commit: &Commit, lent: Lent) {
        let outbox = match &self.outbox {
            Some(outbox) => outbox.clone(),
            None => {
                let (outbox, done) = channel();
                self.done = Some(done);
                self.outbox.insert(outbox).clone()
            }
        };
        // On the diff's own pool: its frameworks are compared there without another hand-over.
        rayon::spawn(move || {
            let mut lent = lent;
            let made = catch_unwind(AssertUnwindSafe(|| lent.diff())).map(|diff| (lent, diff));
            let _ = outbox.send(made);
        });
        self.waiting = Some(commit.clone());
    }

    /// Waits for the diff in flight, if any: its new levels go back to `model` (when it is still
    /// the model they were taken from) and its changes to `builder`. A panic of the diff goes on
    /// here, as if the diff had been made here.
    pub(super) fn collect(&mut self, model: Option<&mut Model>, builder: &mut Builder) {
        let Some(commit) = self.waiting.take() else { return };
        let Some(Ok(made)) = self.done.as_ref().map(Receiver::recv) else { return };
        match made {
            Ok((lent, diff)) => {
                if let Some(model) = model {
                    land(model, lent);
                }
                builder.add(&commit, &diff);
            }
            Err(panic) => resume_unwind(panic),
        }
    }
}
