//! Results of the pure text comparisons a diff repeats, kept for the run: a shared include's
//! items are matched again at every level that shows them, and identical texts recur across
//! frameworks, so each distinct text's words and each distinct pair's word edits are found once.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::words::{WordEdit, word_edits};
use crate::align::content_words;
use crate::hash::TextMap as HashMap;

/// Word edits of one pair of texts and their similarity, as [`word_edits`] gives them.
pub(super) type Edits = Arc<(Vec<WordEdit>, f64)>;

/// Content words and word edits found so far in one diff (maps keyed by text take the seeded
/// fast hash of `crate::hash`: the texts come from the files compared).
pub(super) struct Memo {
    /// Characters past which a rewording is compared as a bag of words (`limits.word-diff`).
    pub word_diff: usize,
    words: Mutex<HashMap<String, Arc<HashSet<String>>>>,
    edits: Mutex<HashMap<String, HashMap<String, Edits>>>,
}

impl Memo {
    /// An empty memo for a diff with the `word_diff` limit.
    pub fn new(word_diff: usize) -> Self {
        Self { word_diff, words: Mutex::default(), edits: Mutex::default() }
    }

    /// The stemmed content words of `text` ([`content_words`]).
    pub fn words(&self, text: &str) -> Arc<HashSet<String>> {
        // A poisoned lock only means another thread panicked; the map is still whole.
        let lock = || self.words.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = lock().get(text) {
            return found.clone();
        }
        let found = Arc::new(content_words(text));
        lock().entry(text.to_string()).or_insert(found).clone()
    }

    /// The word edits from `old` to `new` and their similarity ([`word_edits`]).
    pub fn edits(&self, old: &str, new: &str) -> Edits {
        let lock = || self.edits.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = lock().get(old).and_then(|by_new| by_new.get(new)) {
            return found.clone();
        }
        let found = Arc::new(word_edits(old, new, self.word_diff));
        let mut edits = lock();
        let by_new = edits.entry(old.to_string()).or_default();
        by_new.entry(new.to_string()).or_insert(found).clone()
    }

    /// The similarity of `old` and `new` by their word edits.
    pub fn ratio(&self, old: &str, new: &str) -> f64 {
        self.edits(old, new).1
    }
}
