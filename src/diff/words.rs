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

/// Moves the white space around a deletion or insertion into equal runs beside it, so that
/// marks hug words, and merges neighbours of one kind.
fn tidy(edits: Vec<WordEdit>) -> Vec<WordEdit> {
    let mut pieces = Vec::new();
    for edit in edits {
        if edit.op == WordOp::Equal {
            pieces.push(edit);
            continue;
        }
        let core = edit.text.trim();
        let leading = &edit.text[..edit.text.len() - edit.text.trim_start().len()];
        let trailing = &edit.text[edit.text.trim_end().len()..];
        pieces.push(WordEdit { op: WordOp::Equal, text: leading.to_string() });
        pieces.push(WordEdit { op: edit.op, text: core.to_string() });
        pieces.push(WordEdit { op: WordOp::Equal, text: trailing.to_string() });
    }
    let mut out: Vec<WordEdit> = Vec::new();
    for piece in pieces.into_iter().filter(|piece| !piece.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.op == piece.op => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_swapped_is_one_delete_and_one_insert() {
        let (edits, similarity) =
            word_edits("values for this job grade.", "values for this job level.");
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
        let (edits, _) = word_edits(old, new);
        let side = |skip: WordOp| -> String {
            edits.iter().filter(|e| e.op != skip).map(|e| e.text.as_str()).collect()
        };
        assert_eq!(side(WordOp::Insert), old);
        assert_eq!(side(WordOp::Delete), new);
    }
}
