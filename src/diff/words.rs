//! Word-level edits between two texts (with the `similar` crate), for inline highlights.

use std::collections::HashMap;

use similar::DiffTag;

/// What a run of words did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordOp {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of words (with the white space between them) that one [`WordOp`] applies to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WordEdit {
    /// What happened to the words.
    pub op: WordOp,
    /// The words, white space kept.
    pub text: String,
}

/// Edits that turn `old` into `new`, word by word (white space folded to one space), runs of
/// one kind merged; and their similarity (the share of words in common, 0 to 1). Texts longer
/// than `limit` characters on average (`limits.word-diff`) are not diffed word by word (Myers is
/// quadratic at worst): the old text is deleted and the new inserted, whole.
pub fn word_edits(old: &str, new: &str, limit: usize) -> (Vec<WordEdit>, f64) {
    let old_words: Vec<&str> = old.split_whitespace().collect();
    let new_words: Vec<&str> = new.split_whitespace().collect();
    if old.len() + new.len() > limit.saturating_mul(2) {
        return plain(&old_words, &new_words);
    }
    let mut tagged: Vec<(WordOp, &str)> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_run = old_words[old_range].iter().map(|word| (WordOp::Delete, *word));
        let new_run = new_words[new_range.clone()].iter().map(|word| (WordOp::Insert, *word));
        match tag {
            DiffTag::Equal => {
                tagged.extend(new_words[new_range].iter().map(|word| (WordOp::Equal, *word)))
            }
            _ => tagged.extend(old_run.chain(new_run)),
        }
    }
    let shared = tagged.iter().filter(|(op, _)| *op == WordOp::Equal).count();
    let total = old_words.len() + new_words.len();
    let similarity = if total == 0 { 1.0 } else { 2.0 * shared as f64 / total as f64 };
    (runs(&tagged), similarity)
}

/// Past the limit: the old text deleted and the new inserted, whole, and the share of words in
/// common counted as a bag (linear, where Myers could take quadratic time).
fn plain(old: &[&str], new: &[&str]) -> (Vec<WordEdit>, f64) {
    let mut counts: HashMap<&str, isize> = HashMap::new();
    for word in old {
        *counts.entry(word).or_default() += 1;
    }
    let mut shared = 0;
    for word in new {
        if let Some(count) = counts.get_mut(word).filter(|count| **count > 0) {
            *count -= 1;
            shared += 1;
        }
    }
    let total = old.len() + new.len();
    let similarity = if total == 0 { 1.0 } else { 2.0 * shared as f64 / total as f64 };
    let edits = [(WordOp::Delete, old), (WordOp::Insert, new)]
        .into_iter()
        .filter(|(_, words)| !words.is_empty())
        .map(|(op, words)| WordEdit { op, text: words.join(" ") })
        .collect();
    (edits, similarity)
}

/// Words grouped into runs of one kind; the space between two runs joins the equal one (or
/// stands as an equal run of its own between a deletion and an insertion).
fn runs(tagged: &[(WordOp, &str)]) -> Vec<WordEdit> {
    let mut out: Vec<WordEdit> = Vec::new();
    for &(op, word) in tagged {
        match out.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            Some(last) if last.op == WordOp::Equal => {
                last.text.push(' ');
                out.push(WordEdit { op, text: word.to_string() });
            }
            Some(_) if op == WordOp::Equal => out.push(WordEdit { op, text: format!(" {word}") }),
            // A deletion then an insertion: the words are replaced, marks side by side.
            Some(_) => out.push(WordEdit { op, text: word.to_string() }),
            None => out.push(WordEdit { op, text: word.to_string() }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_past_the_limit_are_shown_whole_in_linear_time() {
        let old = "word ".repeat(100_000);
        let new = format!("{old} more");
        let (edits, similarity) = word_edits(&old, &new, 20_000);
        assert_eq!(
            edits.iter().map(|edit| edit.op).collect::<Vec<_>>(),
            [WordOp::Delete, WordOp::Insert]
        );
        assert!(similarity > 0.99);
    }

    #[test]
    fn the_limit_given_decides_which_texts_are_shown_whole() {
        let ops = |limit| {
            let (edits, _) = word_edits("writes code for the team", "writes code for teams", limit);
            edits.iter().map(|edit| edit.op).collect::<Vec<_>>()
        };
        assert_eq!(ops(10), [WordOp::Delete, WordOp::Insert]);
        assert_eq!(ops(100)[0], WordOp::Equal);
    }

    #[test]
    fn one_word_swapped_is_one_delete_and_one_insert() {
        let (edits, similarity) =
            word_edits("values for this job grade.", "values for this job level.", 20_000);
        let changed: Vec<(WordOp, &str)> = edits
            .iter()
            .filter(|edit| edit.op != WordOp::Equal)
            .map(|edit| (edit.op, edit.text.as_str()))
            .collect();
        assert_eq!(changed, [(WordOp::Delete, "grade."), (WordOp::Insert, "level.")]);
        assert!(similarity > 0.6 && similarity < 1.0, "{similarity}");
    }

    #[test]
    fn edits_rebuild_both_texts() {
        let (old, new) =
            ("Leads the design of large systems", "Drives design of very large systems");
        let (edits, _) = word_edits(old, new, 20_000);
        let side = |skip: WordOp| -> String {
            let text: String =
                edits.iter().filter(|e| e.op != skip).map(|e| e.text.as_str()).collect();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        assert_eq!(side(WordOp::Insert), old);
        assert_eq!(side(WordOp::Delete), new);
    }
}
