//! Word-level edits between two texts (with the `similar` crate), for inline highlights.

use similar::{ChangeTag, TextDiff};

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

/// Edits that turn `old` into `new`, word by word, runs of one kind merged; and their similarity
/// (the share of words in common, 0 to 1).
pub fn word_edits(old: &str, new: &str) -> (Vec<WordEdit>, f64) {
    let diff = TextDiff::from_words(old, new);
    let mut edits: Vec<WordEdit> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => WordOp::Equal,
            ChangeTag::Delete => WordOp::Delete,
            ChangeTag::Insert => WordOp::Insert,
        };
        let text = change.value();
        // White space between two edits of one kind belongs to them, so a phrase reads as one edit.
        let op = if text.trim().is_empty() && op == WordOp::Equal { None } else { Some(op) };
        match (op, edits.last_mut()) {
            (Some(op), Some(last)) if last.op == op => last.text.push_str(text),
            (None, Some(last)) => last.text.push_str(text),
            (Some(op), _) => edits.push(WordEdit { op, text: text.to_string() }),
            (None, None) => edits.push(WordEdit { op: WordOp::Equal, text: text.to_string() }),
        }
    }
    (tidy(edits), f64::from(diff.ratio()))
}

/// Moves trailing white space of a deletion or insertion into the equal run after it, and merges
/// neighbours of one kind.
fn tidy(edits: Vec<WordEdit>) -> Vec<WordEdit> {
    let mut out: Vec<WordEdit> = Vec::new();
    for mut edit in edits {
        if let Some(last) = out.last_mut() {
            if last.op != WordOp::Equal {
                let trimmed = last.text.trim_end().len();
                let space = last.text.split_off(trimmed);
                if edit.op == WordOp::Equal {
                    edit.text.insert_str(0, &space);
                } else {
                    out.push(WordEdit { op: WordOp::Equal, text: space });
                }
            }
        }
        match out.last_mut() {
            Some(last) if last.op == edit.op => last.text.push_str(&edit.text),
            _ => out.push(edit),
        }
    }
    out.retain(|edit| !edit.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_swapped_is_one_delete_and_one_insert() {
        let (edits, similarity) = word_edits("values for this job grade.", "values for this job level.");
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
        let (old, new) = ("Leads the design of large systems", "Drives design of very large systems");
        let (edits, _) = word_edits(old, new);
        let side = |skip: WordOp| -> String {
            edits.iter().filter(|e| e.op != skip).map(|e| e.text.as_str()).collect()
        };
        assert_eq!(side(WordOp::Insert), old);
        assert_eq!(side(WordOp::Delete), new);
    }
}
