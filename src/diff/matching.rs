//! Matching the items of one level between two revisions: the same id first (where items carry
//! ids, and the text still reads as the same item), then the same text, then splits and merges,
//! then the most similar rewording; what is left was added or removed. Ids regenerated fall back
//! to the text; an id reused for other text is a removal and an addition, not a silent identity.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::align::content_words;
use crate::hash::TextMap as HashMap;
use crate::model::{Item, Level};

use super::memo::Memo;
use super::words::word_edits;

/// Content words of leftover items, by their index in the entry list.
type Words = FxHashMap<usize, Arc<HashSet<String>>>;

/// Word-overlap similarity at or above which two different texts are one item reworded.
const REWORDED: f64 = 0.45;
/// Share of a part's words that must come from the whole for a split or merge.
const PART_CONTAINED: f64 = 0.7;
/// Share of the whole's words the parts must cover together for a split or merge.
const WHOLE_COVERED: f64 = 0.6;

/// An item of a level with the section and group it sits in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    /// The item.
    pub item: &'a Item,
    /// The section's canonical name.
    pub section: &'a str,
    /// The group's name.
    pub group: Option<&'a str>,
    /// Position of the item in its group's list (sub-items counted).
    pub position: usize,
    /// The item's topic, where the format cuts levels by topic (an item moved to another is
    /// moved).
    pub topic: Option<&'a str>,
    /// The item a sub-item belongs to (the competency of an FT example), `None` for a top item.
    pub parent: Option<&'a Item>,
}

/// Every item of `level`, in order; with their topics when `by_topic`.
pub(crate) fn entries<'a>(level: &'a Level, by_topic: bool) -> Vec<Entry<'a>> {
    // Sized for the top items at once (sub-items are few): no growing copies of the list.
    let tops = level.sections.iter().flat_map(|section| &section.groups).map(|g| g.items.len());
    let mut found = Vec::with_capacity(tops.sum());
    for section in &level.sections {
        for group in &section.groups {
            let (section_name, group_name) = (section.name.as_str(), group.name.as_deref());
            let entry = |item: &'a Item, parent: Option<&'a Item>, position: usize| Entry {
                parent,
                item,
                section: section_name,
                group: group_name,
                position,
                topic: item.topic.as_ref().filter(|_| by_topic).map(|topic| topic.name.as_str()),
            };
            // Positions count sub-items, in the order `Item::walk` gives them; most items have
            // none, and take no walk.
            let mut position = 0;
            for top in &group.items {
                if top.children.is_empty() {
                    found.push(entry(top, None, position));
                    position += 1;
                    continue;
                }
                for item in top.walk() {
                    found.push(entry(item, (!std::ptr::eq(item, top)).then_some(top), position));
                    position += 1;
                }
            }
        }
    }
    found
}

/// How items of the old and new revision correspond (indexes into the entry lists).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pairing {
    /// The same text (perhaps moved, perhaps with cosmetic edits).
    Same(usize, usize),
    /// Reworded, with the similarity.
    Reworded(usize, usize, f64),
    /// One old item became several new ones.
    Split(usize, Vec<usize>),
    /// Several old items became one.
    Merged(Vec<usize>, usize),
    /// Only in the old revision.
    Removed(usize),
    /// Only in the new revision.
    Added(usize),
}

/// Matches `old` items to `new` items; texts longer than the memo's `word_diff` characters are
/// compared as bags of words (`limits.word-diff`).
pub(crate) fn match_items(old: &[Entry<'_>], new: &[Entry<'_>], memo: &Memo) -> Vec<Pairing> {
    let mut pairings = Vec::with_capacity(old.len().max(new.len()));
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    same_id(old, new, (&mut old_used, &mut new_used), &mut pairings, memo);
    same_text(old, new, &mut old_used, &mut new_used, &mut pairings);
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    if old_left.is_empty() || new_left.is_empty() {
        pairings.extend(old_left.into_iter().map(Pairing::Removed));
        pairings.extend(new_left.into_iter().map(Pairing::Added));
        return pairings;
    }
    let old_words: Words = old_left.iter().map(|&i| (i, memo.words(&old[i].item.text))).collect();
    let new_words: Words = new_left.iter().map(|&j| (j, memo.words(&new[j].item.text))).collect();
    // Splits first: a part alone would otherwise pass for the whole reworded. Either needs two
    // parts left on one side.
    if old_left.len() > 1 || new_left.len() > 1 {
        split_and_merge(&old_words, &new_words, &mut old_used, &mut new_used, &mut pairings);
    }
    let old_left: Vec<usize> = old_left.into_iter().filter(|&i| !old_used[i]).collect();
    let new_left: Vec<usize> = new_left.into_iter().filter(|&j| !new_used[j]).collect();
    let sides = Sides { old, new, old_words: &old_words, new_words: &new_words, memo };
    sides.reworded(&old_left, &new_left, &mut old_used, &mut new_used, &mut pairings);
    pairings.extend((0..old.len()).filter(|&i| !old_used[i]).map(Pairing::Removed));
    pairings.extend((0..new.len()).filter(|&j| !new_used[j]).map(Pairing::Added));
    pairings
}

/// Pairs items that carry the same id and still read as one item: the same text, or the text
/// reworded. An id whose text became something else pairs nothing here.
fn same_id(
    old: &[Entry<'_>],
    new: &[Entry<'_>],
    (old_used, new_used): (&mut [bool], &mut [bool]),
    pairings: &mut Vec<Pairing>,
    memo: &Memo,
) {
    let old_ids = unique_ids(old);
    let new_ids = unique_ids(new);
    for (j, entry) in new.iter().enumerate() {
        let Some(id) = entry.item.id.as_deref().filter(|id| new_ids.contains_key(id)) else {
            continue;
        };
        let Some(&i) = old_ids.get(id) else { continue };
        if old_used[i] || new_used[j] {
            continue;
        }
        let found = same_item(old[i].item, entry.item, memo);
        if let Some(pairing) = found.map(|similarity| match similarity {
            None => Pairing::Same(i, j),
            Some(ratio) => Pairing::Reworded(i, j, ratio),
        }) {
            old_used[i] = true;
            new_used[j] = true;
            pairings.push(pairing);
        }
    }
}

/// Entries by id, for the ids that only one entry carries: an id written twice (copied with
/// its competency) identifies neither.
pub(crate) fn unique_ids<'e>(entries: &[Entry<'e>]) -> HashMap<&'e str, usize> {
    let mut found: HashMap<&str, Option<usize>> = HashMap::default();
    for (at, entry) in entries.iter().enumerate() {
        if let Some(id) = entry.item.id.as_deref() {
            found.entry(id).and_modify(|seen| *seen = None).or_insert(Some(at));
        }
    }
    found.into_iter().filter_map(|(id, at)| at.map(|at| (id, at))).collect()
}

/// Whether two items with one id are one item: `Some(None)` for the same text, `Some(ratio)`
/// for a rewording, `None` when the id now names other text; texts past the memo's
/// `word_diff` characters compared as bags of words.
pub(crate) fn same_item(old: &Item, new: &Item, memo: &Memo) -> Option<Option<f64>> {
    if old.normalized == new.normalized {
        return Some(None);
    }
    let ratio = memo.ratio(&old.text, &new.text);
    let overlap = jaccard(&memo.words(&old.text), &memo.words(&new.text));
    // With the id to vouch for them, a looser likeness than between strangers is one item.
    (overlap >= REWORDED / 2.0 || ratio >= 0.4).then_some(Some(ratio))
}

/// Pairs items whose normalised text is equal, preferring the same section and group.
fn same_text(
    old: &[Entry<'_>],
    new: &[Entry<'_>],
    old_used: &mut [bool],
    new_used: &mut [bool],
    pairings: &mut Vec<Pairing>,
) {
    // Most levels compared keep nearly every item in place: the runs alike at both ends pair
    // as the look-up below would pair them (see `unchanged_ends`), without hashing any text.
    let (prefix, suffix) = if old_used.contains(&true) || new_used.contains(&true) {
        (0, 0)
    } else {
        unchanged_ends(old, new)
    };
    for k in 0..prefix {
        old_used[k] = true;
        new_used[k] = true;
        pairings.push(Pairing::Same(k, k));
    }
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    by_text(old, new, (old_used, new_used), prefix..old_end, prefix..new_end, pairings);
    for (i, j) in (old_end..old.len()).zip(new_end..new.len()) {
        old_used[i] = true;
        new_used[j] = true;
        pairings.push(Pairing::Same(i, j));
    }
}

/// Most items middle-to-suffix compared for the suffix to count as unchanged (past it, the
/// middle goes through the look-up whole).
const ENDS_CHECKED: usize = 4096;

/// Lengths of the runs of entries alike (same text, section and group) at the start and at the
/// end of both lists, for a matching where no item is paired yet. Pairing entry `k` with entry
/// `k` through the first run is what the look-up of [`by_text`] does: taking the new entries in
/// order, the first old entry left with the text is the one at the same place, and it is in the
/// same section and group. The run at the end pairs the same way only when none of its texts is
/// written in the middle of either list (a middle entry would take or offer that text first);
/// otherwise it is left to the look-up (0).
fn unchanged_ends(old: &[Entry<'_>], new: &[Entry<'_>]) -> (usize, usize) {
    let alike = |(a, b): (&Entry<'_>, &Entry<'_>)| {
        a.item.normalized == b.item.normalized && a.section == b.section && a.group == b.group
    };
    let prefix = old.iter().zip(new).take_while(|&pair| alike(pair)).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|&p| alike(p))
        .count();
    let mut middle = old[prefix..old.len() - suffix].iter().chain(&new[prefix..new.len() - suffix]);
    let ends = &new[new.len() - suffix..];
    if suffix == 0 || middle.clone().count().saturating_mul(suffix) > ENDS_CHECKED {
        return (prefix, 0);
    }
    let clear =
        middle.all(|entry| ends.iter().all(|end| end.item.normalized != entry.item.normalized));
    (prefix, if clear { suffix } else { 0 })
}

/// Pairs the entries of `old_range` and `new_range` not yet used whose normalised text is
/// equal, preferring the same section and group, in the order of the new entries.
fn by_text(
    old: &[Entry<'_>],
    new: &[Entry<'_>],
    (old_used, new_used): (&mut [bool], &mut [bool]),
    old_range: std::ops::Range<usize>,
    new_range: std::ops::Range<usize>,
    pairings: &mut Vec<Pairing>,
) {
    if old_range.is_empty() || new_range.is_empty() {
        return;
    }
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::default();
    for i in old_range.filter(|&i| !old_used[i]) {
        by_text.entry(old[i].item.normalized.as_str()).or_default().push(i);
    }
    for j in new_range {
        let entry = &new[j];
        if new_used[j] {
            continue;
        }
        let Some(candidates) = by_text.get_mut(entry.item.normalized.as_str()) else { continue };
        let best = candidates
            .iter()
            .position(|&i| old[i].section == entry.section && old[i].group == entry.group)
            .or(if candidates.is_empty() { None } else { Some(0) });
        if let Some(at) = best {
            let i = candidates.remove(at);
            old_used[i] = true;
            new_used[j] = true;
            pairings.push(Pairing::Same(i, j));
        }
    }
}

/// Both revisions' entries with the content words of their leftovers.
struct Sides<'s, 'a> {
    old: &'s [Entry<'a>],
    new: &'s [Entry<'a>],
    old_words: &'s Words,
    new_words: &'s Words,
    memo: &'s Memo,
}

impl Sides<'_, '_> {
    /// Pairs the leftovers that read as one item reworded, the most similar pair first.
    fn reworded(
        &self,
        old_left: &[usize],
        new_left: &[usize],
        old_used: &mut [bool],
        new_used: &mut [bool],
        pairings: &mut Vec<Pairing>,
    ) {
        let scores: Vec<Vec<f64>> = old_left
            .iter()
            .map(|i| {
                new_left.iter().map(|j| jaccard(&self.old_words[i], &self.new_words[j])).collect()
            })
            .collect();
        for (row, column) in best_first(&scores) {
            let (i, j) = (old_left[row], new_left[column]);
            let ratio = self.memo.ratio(&self.old[i].item.text, &self.new[j].item.text);
            if scores[row][column] >= REWORDED || ratio >= 0.6 {
                old_used[i] = true;
                new_used[j] = true;
                pairings.push(Pairing::Reworded(i, j, ratio));
            }
        }
    }
}

/// Whether `new` reads as `old` reworded, by the rule that pairs leftover items above: the
/// word-level similarity when it does. The curated alignment file follows its items by it.
pub fn rewording(old: &str, new: &str) -> Option<f64> {
    let overlap = jaccard(&content_words(old), &content_words(new));
    let (_, ratio) = word_edits(old, new, crate::limits::Limits::default().word_diff);
    (overlap >= REWORDED || ratio >= 0.6).then_some(ratio)
}

/// Finds one leftover item whose words are shared out among several on the other side.
fn split_and_merge(
    old_words: &Words,
    new_words: &Words,
    old_used: &mut [bool],
    new_used: &mut [bool],
    pairings: &mut Vec<Pairing>,
) {
    for (whole, parts) in parts_of(old_words, new_words, old_used, new_used) {
        old_used[whole] = true;
        parts.iter().for_each(|&part| new_used[part] = true);
        pairings.push(Pairing::Split(whole, parts));
    }
    for (whole, parts) in parts_of(new_words, old_words, new_used, old_used) {
        new_used[whole] = true;
        parts.iter().for_each(|&part| old_used[part] = true);
        pairings.push(Pairing::Merged(parts, whole));
    }
}

/// Wholes on one side with the parts on the other side that they were cut into.
fn parts_of(
    wholes: &Words,
    parts: &Words,
    whole_used: &[bool],
    part_used: &[bool],
) -> Vec<(usize, Vec<usize>)> {
    let mut taken = FxHashSet::default();
    let mut found = Vec::new();
    let mut wholes: Vec<_> = wholes.iter().filter(|(i, _)| !whole_used[**i]).collect();
    wholes.sort_by_key(|(i, _)| **i);
    for (&whole, whole_words) in wholes {
        if whole_words.is_empty() {
            continue;
        }
        let mut pieces: Vec<usize> = parts
            .iter()
            .filter(|(j, words)| {
                !part_used[**j]
                    && !taken.contains(*j)
                    && !words.is_empty()
                    && words.intersection(whole_words).count() as f64 / words.len() as f64
                        >= PART_CONTAINED
            })
            .map(|(j, _)| *j)
            .collect();
        if pieces.len() < 2 {
            continue;
        }
        pieces.sort_unstable();
        let covered: HashSet<&String> =
            pieces.iter().flat_map(|j| parts[j].intersection(whole_words)).collect();
        if covered.len() as f64 / whole_words.len() as f64 >= WHOLE_COVERED {
            taken.extend(pieces.iter().copied());
            found.push((whole, pieces));
        }
    }
    found
}

/// Rows paired with columns, best score first, each used once (greedy: leftovers are few, and a
/// clear best pair is what a reader would pair too; the assignment of greatest total, as
/// `align::assign` finds it, would trade one clear rewording for two weak ones).
fn best_first(scores: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = (0..scores.len())
        .flat_map(|row| (0..scores[row].len()).map(move |column| (row, column)))
        .filter(|&(row, column)| scores[row][column] > 0.0)
        .collect();
    all.sort_by(|a, b| scores[b.0][b.1].total_cmp(&scores[a.0][a.1]).then(a.cmp(b)));
    let (mut rows, mut columns) = (FxHashSet::default(), FxHashSet::default());
    let mut pairs = Vec::new();
    for (row, column) in all {
        if !rows.contains(&row) && !columns.contains(&column) {
            rows.insert(row);
            columns.insert(column);
            pairs.push((row, column));
        }
    }
    pairs
}

/// Unweighted Jaccard similarity of two word sets.
fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    // The union counted from the intersection: one look-up per word of the smaller set.
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    if union == 0 { 0.0 } else { common as f64 / union as f64 }
}

/// Indexes (into `sequence`) of the elements outside one longest increasing subsequence: the
/// fewest items whose moving explains a new order.
pub(crate) fn out_of_order(sequence: &[usize]) -> Vec<usize> {
    // A list whose order held (most lists) is its own longest increasing run.
    if sequence.windows(2).all(|pair| pair[0] < pair[1]) {
        return Vec::new();
    }
    let n = sequence.len();
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; n];
    for index in 0..n {
        let at = tails.partition_point(|&t| sequence[t] < sequence[index]);
        if at > 0 {
            previous[index] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(index);
        } else {
            tails[at] = index;
        }
    }
    let mut keep = vec![false; n];
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        keep[index] = true;
        cursor = (previous[index] != usize::MAX).then(|| previous[index]);
    }
    (0..n).filter(|&index| !keep[index]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    fn items(texts: &[&str]) -> Vec<Item> {
        let file = Arc::new(SourceFile::new("t.md", "x"));
        texts.iter().map(|text| Item::new(*text, Span::new(&file, 0..1))).collect()
    }

    fn entries(items: &[Item]) -> Vec<Entry<'_>> {
        items
            .iter()
            .enumerate()
            .map(|(position, item)| Entry {
                item,
                section: "Technical",
                group: None,
                position,
                topic: None,
                parent: None,
            })
            .collect()
    }

    #[test]
    fn same_reworded_added_removed() {
        let old =
            items(&["Writes clear design documents", "Mentors new engineers", "Owns on-call"]);
        let new = items(&[
            "Writes clear design documents.",
            "Mentors new engineers in the team",
            "Plans quarters",
        ]);
        let mut found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        found.sort_by_key(|p| format!("{p:?}"));
        assert!(found.contains(&Pairing::Same(0, 0)));
        assert!(found.iter().any(|p| matches!(p, Pairing::Reworded(1, 1, _))));
        assert!(found.contains(&Pairing::Removed(2)));
        assert!(found.contains(&Pairing::Added(2)));
    }

    fn with_ids(texts: &[(&str, &str)]) -> Vec<Item> {
        let mut found = items(&texts.iter().map(|(_, text)| *text).collect::<Vec<_>>());
        for (item, (id, _)) in found.iter_mut().zip(texts) {
            item.id = Some(id.to_string());
        }
        found
    }

    #[test]
    fn an_id_pairs_its_item_reworded_past_what_text_alone_would_pair() {
        let old = with_ids(&[("a", "Plans the sprint with the team"), ("b", "Owns on-call")]);
        let new = with_ids(&[
            ("b", "Owns the on-call rota"),
            ("a", "Plans each sprint and the quarter with the team and product"),
        ]);
        let found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        assert!(found.iter().any(|p| matches!(p, Pairing::Reworded(0, 1, _))), "{found:?}");
        assert!(found.iter().any(|p| matches!(p, Pairing::Reworded(1, 0, _))), "{found:?}");
    }

    #[test]
    fn an_id_reused_for_other_text_is_a_removal_and_an_addition() {
        let old = with_ids(&[("a", "Writes clear design documents")]);
        let new = with_ids(&[("a", "Runs the incident review after an outage")]);
        let mut found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        found.sort_by_key(|p| format!("{p:?}"));
        assert_eq!(found, [Pairing::Added(0), Pairing::Removed(0)]);
    }

    #[test]
    fn ids_regenerated_fall_back_to_the_text() {
        let old = with_ids(&[("a", "Writes clear design documents"), ("b", "Owns on-call")]);
        let new = with_ids(&[("x", "Owns on-call"), ("y", "Writes clear design documents.")]);
        let mut found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        found.sort_by_key(|p| format!("{p:?}"));
        assert_eq!(found, [Pairing::Same(0, 1), Pairing::Same(1, 0)]);
    }

    #[test]
    fn an_id_written_twice_identifies_neither() {
        let old = with_ids(&[("a", "Owns on-call"), ("a", "Plans the sprint")]);
        let new = with_ids(&[("a", "Plans the sprint"), ("a", "Owns on-call")]);
        let mut found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        found.sort_by_key(|p| format!("{p:?}"));
        assert_eq!(found, [Pairing::Same(0, 1), Pairing::Same(1, 0)], "paired by text");
    }

    #[test]
    fn one_item_cut_in_two_is_a_split() {
        let old = items(&["Reviews merge requests promptly and writes thorough release notes"]);
        let new = items(&["Reviews merge requests promptly", "Writes thorough release notes"]);
        let found = match_items(&entries(&old), &entries(&new), &Memo::new(20_000));
        assert_eq!(found, [Pairing::Split(0, vec![0, 1])]);
    }

    #[test]
    fn longest_run_in_order_stays() {
        assert_eq!(out_of_order(&[0, 1, 2, 3]), Vec::<usize>::new());
        assert_eq!(out_of_order(&[3, 0, 1, 2]), [0]);
        assert_eq!(out_of_order(&[1, 0]).len(), 1);
    }
}

#[cfg(test)]
mod entry_tests {
    use super::*;
    use crate::model::{Group, Section, Topic};
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    /// The entries as `Item::walk` over each group's items gives them, positions counted along.
    fn walked(level: &Level, by_topic: bool) -> Vec<Entry<'_>> {
        let mut found = Vec::new();
        for section in &level.sections {
            for group in &section.groups {
                let walked = group.items.iter().flat_map(|top| {
                    top.walk().map(move |item| (item, (!std::ptr::eq(item, top)).then_some(top)))
                });
                for (position, (item, parent)) in walked.enumerate() {
                    found.push(Entry {
                        parent,
                        item,
                        section: &section.name,
                        group: group.name.as_deref(),
                        position,
                        topic: item.topic.as_ref().filter(|_| by_topic).map(|t| t.name.as_str()),
                    });
                }
            }
        }
        found
    }

    #[test]
    fn entries_are_the_items_walked_with_their_places() {
        let file = Arc::new(SourceFile::new("t.md", "x"));
        let span = Span::new(&file, 0..1);
        let item = |text: &str, children: Vec<Item>| {
            let mut item = Item::new(text, span.clone());
            item.children = children;
            if text.starts_with('t') {
                item.topic = Some(Topic { name: "Topic".into(), span: span.clone() });
            }
            item
        };
        let nested = item("a", vec![item("b", vec![item("c", vec![]), item("td", vec![])])]);
        let groups = vec![
            Group { name: None, items: vec![item("one", vec![]), nested, item("two", vec![])] },
            Group { name: Some("G".into()), items: vec![item("tx", vec![item("y", vec![])])] },
            Group { name: Some("H".into()), items: vec![] },
        ];
        let sections = vec![
            Section { name: "Technical".into(), heading: None, groups },
            Section { name: "Values".into(), heading: None, groups: vec![] },
        ];
        let level = Level {
            key: "k".into(),
            name: "K".into(),
            below: None,
            page: None,
            span: None,
            sections,
        };
        for by_topic in [false, true] {
            let (got, expected) = (entries(&level, by_topic), walked(&level, by_topic));
            assert_eq!(got.len(), expected.len());
            for (got, expected) in got.iter().zip(&expected) {
                assert!(std::ptr::eq(got.item, expected.item));
                assert_eq!(
                    got.parent.map(std::ptr::from_ref),
                    expected.parent.map(std::ptr::from_ref)
                );
                assert_eq!(
                    (got.section, got.group, got.position, got.topic),
                    (expected.section, expected.group, expected.position, expected.topic)
                );
            }
        }
    }
}
