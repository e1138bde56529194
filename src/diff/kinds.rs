//! Change kinds: frameworks and levels paired between revisions, each level's items matched, and
//! each pairing turned into a [`Change`]; then changes seen from many levels folded into one at
//! their origin, and items that left one level for another paired as promotions or demotions.

use std::path::Path;

use rayon::prelude::*;

use super::matching::{Entry, Pairing, entries, match_items, out_of_order, same_item, unique_ids};
use super::memo::Memo;
use super::same::{Files, moved_changes, same_framework};
use super::{Change, Consumer, Diff, Kind, Place, Side};
use crate::hash::{TextMap as HashMap, TextSet as HashSet};
use crate::model::{
    Format, Framework, IncludeProblemKind, Item, Level, Spanned, Workspace, normalize,
};
use crate::source::{SourceFile, Span};

/// Word-level similarity at or above which an item removed at one level and one added at
/// another are one item moved and reworded (stricter than within a level: across levels many
/// items read alike).
const CLOSE_REWORDING: f64 = 0.6;

/// Share of items two levels must have in common to be one level renamed.
const RENAMED: f64 = 0.5;

/// Compares every framework of `old` with its counterpart in `new`.
pub(super) fn compare(old: &Workspace, new: &Workspace, word_diff: usize) -> Diff {
    let mut raw = Vec::new();
    let mut levels_compared = 0;
    // Each framework's key found once: it formats a path.
    let old_keys: Vec<String> = old.frameworks.iter().map(framework_key).collect();
    let old_by_key: HashMap<&str, &Framework> =
        old_keys.iter().map(String::as_str).zip(&old.frameworks).collect();
    let mut seen = HashSet::default();
    let mut new_left = Vec::new();
    let mut paired = Vec::new();
    for framework in &new.frameworks {
        let key = framework_key(framework);
        match old_by_key.get(key.as_str()) {
            Some(before) => {
                seen.insert(key);
                paired.push((*before, framework));
            }
            None => new_left.push(framework),
        }
    }
    let old_left: Vec<&Framework> = (old.frameworks.iter().zip(&old_keys))
        .filter(|(_, key)| !seen.contains(key.as_str()))
        .map(|(framework, _)| framework)
        .collect();
    let (moved, old_left, new_left) = moved_files(old_left, new_left);
    paired.extend(moved);
    // A pair written the same as one before it in other files is not compared again: it takes
    // that pair's changes, moved to its files.
    let written_as = written_as(old, new, &paired);
    // Frameworks are compared on every core, each into its own list, joined in their order.
    let memo = Memo::new(word_diff);
    let compare_pair = |(before, framework): (&Framework, &Framework)| {
        let pair = Pair { old, new, old_framework: before, new_framework: framework, memo: &memo };
        let mut found = Vec::new();
        let levels = pair.compare(&mut found);
        (found, levels)
    };
    let compared: Vec<Option<(Vec<Change>, usize)>> = paired
        .par_iter()
        .zip(&written_as)
        .map(|(&pair, earlier)| earlier.is_none().then(|| compare_pair(pair)))
        .collect();
    // The changes of each pair written as an earlier one, moved, before the earlier ones' are
    // taken (not copied) below.
    let moved: Vec<Option<(Vec<Change>, usize)>> = written_as
        .iter()
        .map(|earlier| {
            let (earlier, (old_files, new_files)) = earlier.as_ref()?;
            let (found, levels) = compared[*earlier].as_ref()?;
            Some((moved_changes(found, old_files, new_files)?, *levels))
        })
        .collect();
    for (at, (found, moved)) in compared.into_iter().zip(moved).enumerate() {
        let (found, levels) = found.or(moved).unwrap_or_else(|| compare_pair(paired[at]));
        raw.extend(found);
        levels_compared += levels;
    }
    for framework in new_left {
        raw.extend(whole_levels(framework, Kind::LevelAdded));
    }
    for framework in old_left {
        raw.extend(whole_levels(framework, Kind::LevelRemoved));
    }
    let mut changes = fold(raw);
    across_levels(&mut changes);
    Diff { changes, levels_compared }
}

/// For each pair, the earlier pair compared whole that it is written as in other files, with the
/// files of each side in the places of that pair's. Pairs whose pages meet an include problem
/// are compared whole: what is missing is told by path.
fn written_as(
    old: &Workspace,
    new: &Workspace,
    paired: &[(&Framework, &Framework)],
) -> Vec<Option<(usize, (Files, Files))>> {
    let troubled: HashSet<&str> = old
        .include_problems
        .iter()
        .chain(&new.include_problems)
        .map(|problem| problem.span.path())
        .collect();
    let clear = |framework: &Framework| {
        framework
            .levels
            .iter()
            .filter_map(|level| level.page.as_ref())
            .all(|page| !troubled.contains(page.span.path()))
    };
    // The pairs compared whole, by what a pair written the same must share with them (name
    // and number of levels on both sides): each pair is checked against those alone, not
    // against every earlier pair.
    let shape = |framework: &Framework| (framework.name.clone(), framework.levels.len());
    let mut compared: HashMap<_, Vec<usize>> = HashMap::default();
    let mut found = Vec::new();
    for (at, (before, after)) in paired.iter().enumerate() {
        if !clear(before) || !clear(after) {
            found.push(None);
            continue;
        }
        let alike = compared.entry((shape(before), shape(after))).or_default();
        let earlier = alike.iter().find_map(|&earlier| {
            let (known_before, known_after) = paired[earlier];
            let mut files = (Files::default(), Files::default());
            (same_framework(known_before, before, &mut files.0)
                && same_framework(known_after, after, &mut files.1))
            .then_some((earlier, files))
        });
        if earlier.is_none() {
            alike.push(at);
        }
        found.push(earlier);
    }
    found
}

/// What pairs a framework across revisions: the folder of its pages, or its id.
fn framework_key(framework: &Framework) -> String {
    framework
        .levels
        .iter()
        .find_map(|level| level.page.as_ref())
        // The parent of a path given as a string is one too: copied, not formatted.
        .and_then(|page| Path::new(page.span.path()).parent().and_then(Path::to_str))
        .map(str::to_string)
        .unwrap_or_else(|| framework.id.clone())
}

/// Share of one data file's items that must be found in another for the two to be one
/// framework whose file moved or changed layout.
const SAME_FRAMEWORK: f64 = 0.5;

/// Data frameworks (not folders of pages) found on one side only, paired when one's file moved
/// (FT's `data/competencies.yml` to `data/roles/engineering.yml` to `data/job-families/`): most
/// of the smaller one's items are in the other, by id or text. Returns the pairs and what is
/// left on each side.
fn moved_files<'a>(
    old: Vec<&'a Framework>,
    new: Vec<&'a Framework>,
) -> (Vec<(&'a Framework, &'a Framework)>, Vec<&'a Framework>, Vec<&'a Framework>) {
    let keys = |framework: &Framework| -> HashSet<String> {
        framework
            .levels
            .iter()
            .flat_map(|level| level.sections.iter().flat_map(|s| &s.groups))
            .flat_map(|group| &group.items)
            .flat_map(|item| [item.id.clone(), Some(item.normalized.clone())])
            .flatten()
            .collect()
    };
    let data = |framework: &Framework| framework.format != Format::Markdown;
    let mut scored = Vec::new();
    for (i, before) in old.iter().enumerate().filter(|(_, f)| data(f)) {
        let old_keys = keys(before);
        for (j, after) in new.iter().enumerate().filter(|(_, f)| data(f)) {
            let new_keys = keys(after);
            let smaller = old_keys.len().min(new_keys.len()).max(1) as f64;
            let share = old_keys.intersection(&new_keys).count() as f64 / smaller;
            if share >= SAME_FRAMEWORK {
                scored.push((share, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut old_taken, mut new_taken) = (HashSet::default(), HashSet::default());
    let mut pairs = Vec::new();
    for (_, i, j) in scored {
        if !old_taken.contains(&i) && !new_taken.contains(&j) {
            old_taken.insert(i);
            new_taken.insert(j);
            pairs.push((old[i], new[j]));
        }
    }
    let old_left = old.iter().enumerate().filter(|(i, _)| !old_taken.contains(i)).map(|(_, f)| *f);
    let new_left = new.iter().enumerate().filter(|(j, _)| !new_taken.contains(j)).map(|(_, f)| *f);
    (pairs, old_left.collect(), new_left.collect())
}

/// A change for each level of a framework found on one side only.
fn whole_levels(framework: &Framework, kind: Kind) -> Vec<Change> {
    framework
        .levels
        .iter()
        .enumerate()
        .map(|(rank, level)| {
            let side = level_side(level).into_iter().collect::<Vec<_>>();
            let (before, after) =
                if kind == Kind::LevelAdded { (Vec::new(), side) } else { (side, Vec::new()) };
            Change { kind, before, after, ..change(consumer(framework, rank, level)) }
        })
        .collect()
}

fn level_side(level: &Level) -> Option<Side> {
    let span = level.span.clone().or_else(|| level.page.as_ref().map(|page| page.span.clone()))?;
    Some(Side { text: level.name.clone(), span, place: None })
}

fn consumer(framework: &Framework, rank: usize, level: &Level) -> Consumer {
    Consumer { framework: framework.name.clone(), rank, level: level.name.clone() }
}

/// An empty change of no particular kind that reaches `consumer`.
fn change(consumer: Consumer) -> Change {
    Change {
        kind: Kind::Cosmetic,
        before: Vec::new(),
        after: Vec::new(),
        words: Vec::new(),
        similarity: None,
        consumers: vec![consumer],
        detail: None,
    }
}

/// One framework in both revisions.
struct Pair<'a> {
    old: &'a Workspace,
    new: &'a Workspace,
    /// Word comparisons done so far, and the characters past which a rewording is shown whole
    /// (`limits.word-diff`).
    memo: &'a Memo,
    old_framework: &'a Framework,
    new_framework: &'a Framework,
}

impl<'a> Pair<'a> {
    /// Compares the levels; returns how many were in both.
    fn compare(&self, raw: &mut Vec<Change>) -> usize {
        let start = raw.len();
        let mut old_left: Vec<usize> = Vec::new();
        let mut pairs = Vec::new();
        for (i, level) in self.old_framework.levels.iter().enumerate() {
            match self.new_framework.levels.iter().position(|new| new.key == level.key) {
                Some(j) => pairs.push((i, j)),
                None => old_left.push(i),
            }
        }
        let mut new_left: Vec<usize> = (0..self.new_framework.levels.len())
            .filter(|j| !pairs.iter().any(|(_, paired)| paired == j))
            .collect();
        // A level whose key changed but not its name (FT's `senior1` to `senior-1` when its
        // file changed layout) is the same level to people: paired without a change.
        for i in old_left.clone() {
            let name = &self.old_framework.levels[i].name;
            if let Some(at) =
                new_left.iter().position(|&j| &self.new_framework.levels[j].name == name)
            {
                pairs.push((i, new_left.remove(at)));
                old_left.retain(|&left| left != i);
            }
        }
        let mut renames = renamed(self.old_framework, self.new_framework, &old_left, &new_left);
        renames.extend(self.renamed_empty(&old_left, &new_left, &renames));
        for (i, j) in renames {
            let (before, after) = (&self.old_framework.levels[i], &self.new_framework.levels[j]);
            raw.push(Change {
                kind: Kind::LevelRenamed,
                before: level_side(before).into_iter().collect(),
                after: level_side(after).into_iter().collect(),
                ..change(consumer(self.new_framework, j, after))
            });
            old_left.retain(|&left| left != i);
            new_left.retain(|&left| left != j);
            pairs.push((i, j));
        }
        for &i in &old_left {
            let level = &self.old_framework.levels[i];
            let consumer = consumer(self.old_framework, i, level);
            raw.push(Change {
                kind: Kind::LevelRemoved,
                before: level_side(level).into_iter().collect(),
                ..change(consumer.clone())
            });
            self.whole_items(level, consumer, Kind::Removed, raw);
        }
        for &j in &new_left {
            let level = &self.new_framework.levels[j];
            let consumer = consumer(self.new_framework, j, level);
            raw.push(Change {
                kind: Kind::LevelAdded,
                after: level_side(level).into_iter().collect(),
                ..change(consumer.clone())
            });
            self.whole_items(level, consumer, Kind::Added, raw);
        }
        let skip = self.across_levels_by_id(&pairs, raw);
        let texts = SideTexts {
            old: self.old_framework,
            new: self.new_framework,
            found: std::cell::OnceCell::new(),
        };
        for &(i, j) in &pairs {
            let levels = LevelPair {
                pair: self,
                old: &self.old_framework.levels[i],
                new: &self.new_framework.levels[j],
                consumer: consumer(self.new_framework, j, &self.new_framework.levels[j]),
                skip: &skip,
                texts: &texts,
            };
            levels.compare(raw);
        }
        if self.old_framework.format != Format::Markdown {
            self.reworded_across_levels(raw, start);
        }
        pairs.len()
    }

    /// Pairs an item removed at one level with one added at another that reads as it reworded
    /// closely (a competency taken down to a new level with new words and a new id): promoted or
    /// demoted, with the word edits. Only in data frameworks, only among the changes from `start`.
    fn reworded_across_levels(&self, raw: &mut Vec<Change>, start: usize) {
        let name = &self.new_framework.name;
        let candidate = |change: &Change, kind: Kind| {
            change.kind == kind
                && change.detail.is_none()
                && change.consumers.len() == 1
                && change.consumers[0].framework == *name
        };
        let removed: Vec<usize> =
            (start..raw.len()).filter(|&at| candidate(&raw[at], Kind::Removed)).collect();
        let added: Vec<usize> =
            (start..raw.len()).filter(|&at| candidate(&raw[at], Kind::Added)).collect();
        let mut scored = Vec::new();
        for &r in &removed {
            for &a in &added {
                let (old, new) = (&raw[r], &raw[a]);
                if old.consumers[0].rank == new.consumers[0].rank {
                    continue;
                }
                let (Some(before), Some(after)) = (old.before.first(), new.after.first()) else {
                    continue;
                };
                let ratio = self.memo.ratio(&before.text, &after.text);
                if ratio >= CLOSE_REWORDING && normalize(&before.text) != normalize(&after.text) {
                    scored.push((ratio, r, a));
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let mut gone = HashSet::default();
        let mut taken = HashSet::default();
        for (ratio, r, a) in scored {
            if gone.contains(&r) || taken.contains(&a) {
                continue;
            }
            gone.insert(r);
            taken.insert(a);
            gone.extend(examples_along(raw, start, r, a));
            let before = std::mem::take(&mut raw[r].before);
            let from = raw[r].consumers[0].clone();
            let change = &mut raw[a];
            let to = change.consumers[0].clone();
            change.kind = if to.rank > from.rank { Kind::Promoted } else { Kind::Demoted };
            change.words = self
                .memo
                .edits(&before[0].text, change.after.first().map_or("", |s| &s.text))
                .0
                .clone();
            change.similarity = Some(ratio);
            change.detail = Some(format!(
                "from {} to {}, reworded",
                level_phrase(&from.level),
                level_phrase(&to.level)
            ));
            change.before = before;
            change.consumers = vec![from, to];
            change.consumers.sort();
        }
        let mut index = 0;
        raw.retain(|_| {
            index += 1;
            !gone.contains(&(index - 1))
        });
    }

    /// Levels of a data framework without items on both sides, at the same place in the list,
    /// left unpaired by key and by items: one level renamed (FT's "Senior 2 to Principal", still
    /// to be written, became "Principal Engineer").
    fn renamed_empty(
        &self,
        old_left: &[usize],
        new_left: &[usize],
        taken: &[(usize, usize)],
    ) -> Vec<(usize, usize)> {
        if self.old_framework.format == Format::Markdown {
            return Vec::new();
        }
        let empty = |level: &Level| level.items().next().is_none();
        old_left
            .iter()
            .filter(|i| !taken.iter().any(|(old, _)| old == *i))
            .filter(|&&i| new_left.contains(&i) && !taken.iter().any(|(_, new)| *new == i))
            .filter(|&&i| {
                empty(&self.old_framework.levels[i]) && empty(&self.new_framework.levels[i])
            })
            .map(|&i| (i, i))
            .collect()
    }

    /// The items of a level added to (or removed from) a data framework, each an addition (or
    /// removal), so that items moved into the new level read as promoted or demoted. Handbook
    /// pages keep the level change alone: a new page is read as a whole.
    fn whole_items(&self, level: &Level, consumer: Consumer, kind: Kind, raw: &mut Vec<Change>) {
        if self.old_framework.format == Format::Markdown {
            return;
        }
        for entry in entries(level, self.by_topic()).iter().filter(|e| e.parent.is_none()) {
            let side = vec![item_side(entry)];
            let (before, after) =
                if kind == Kind::Added { (Vec::new(), side) } else { (side, Vec::new()) };
            raw.push(Change { kind, before, after, ..change(consumer.clone()) });
        }
    }

    /// Whether items are placed by topic in this framework (FT themes, Monzo topics): an item
    /// that changes topic has moved.
    fn by_topic(&self) -> bool {
        [self.old_framework.format, self.new_framework.format]
            .iter()
            .all(|format| matches!(format, Format::Ft | Format::Monzo | Format::Snowflake))
    }

    /// Items whose id moved from one level to another (and still reads as the same item):
    /// promoted or demoted, reworded on the way or not. Returns the items told (with their
    /// sub-items), for the level by level matching to leave out.
    fn across_levels_by_id(
        &self,
        pairs: &[(usize, usize)],
        raw: &mut Vec<Change>,
    ) -> (HashSet<*const Item>, HashSet<*const Item>) {
        let mut skip = (HashSet::default(), HashSet::default());
        // An item moves by its id only when both sides carry ids: most pages carry none.
        let carries_ids = |framework: &Framework| {
            framework.levels.iter().any(|level| level.items().any(|found| found.item.id.is_some()))
        };
        if !carries_ids(self.old_framework) || !carries_ids(self.new_framework) {
            return skip;
        }
        let by_topic = self.by_topic();
        let with_ids = |framework: &'a Framework| -> HashMap<&'a str, (usize, Entry<'a>)> {
            let all: Vec<(usize, Entry<'a>)> = framework
                .levels
                .iter()
                .enumerate()
                .flat_map(|(at, level)| entries(level, by_topic).into_iter().map(move |e| (at, e)))
                .collect();
            let only: Vec<Entry<'a>> = all.iter().map(|(_, entry)| *entry).collect();
            unique_ids(&only).into_iter().map(|(id, at)| (id, all[at])).collect()
        };
        let old_ids = with_ids(self.old_framework);
        let new_ids = with_ids(self.new_framework);
        let mut moved: Vec<(&str, usize, usize, usize)> = Vec::new();
        for (id, (j, after)) in &new_ids {
            let Some((i, before)) = old_ids.get(id) else { continue };
            let Some(&(_, counterpart)) = pairs.iter().find(|(old, _)| old == i) else { continue };
            if counterpart == *j || same_item(before.item, after.item, self.memo).is_none() {
                continue;
            }
            moved.push((id, *i, counterpart, *j));
        }
        moved.sort_by_key(|(_, _, _, j)| *j);
        for (id, i, counterpart, j) in moved {
            let (before, after) = (&old_ids[id].1, &new_ids[id].1);
            let (old_level, new_level) =
                (&self.old_framework.levels[i], &self.new_framework.levels[j]);
            let kind = if j > counterpart { Kind::Promoted } else { Kind::Demoted };
            let mut detail = format!(
                "from {} to {}",
                level_phrase(&old_level.name),
                level_phrase(&new_level.name)
            );
            if let (Some(from), Some(to)) = (before.topic, after.topic)
                && from != to
            {
                detail.push_str(&format!(", from {from} to {to}"));
            }
            let (words, similarity) = match same_item(before.item, after.item, self.memo).flatten()
            {
                Some(ratio) => {
                    (self.memo.edits(&before.item.text, &after.item.text).0.clone(), Some(ratio))
                }
                None => (Vec::new(), None),
            };
            let new_framework = self.new_framework;
            let mut consumers = vec![
                consumer(new_framework, counterpart, &new_framework.levels[counterpart]),
                consumer(new_framework, j, new_level),
            ];
            consumers.sort();
            raw.push(Change {
                kind,
                before: vec![item_side(before)],
                after: vec![item_side(after)],
                words,
                similarity,
                consumers,
                detail: Some(detail),
            });
            skip.0.extend(before.item.walk().map(std::ptr::from_ref));
            skip.1.extend(after.item.walk().map(std::ptr::from_ref));
        }
        skip
    }
}

/// Old and new levels left unpaired by key that share most of their items.
fn renamed(
    old: &Framework,
    new: &Framework,
    old_left: &[usize],
    new_left: &[usize],
) -> Vec<(usize, usize)> {
    let texts = |level: &Level| -> HashSet<String> {
        level.items().map(|found| found.item.normalized.clone()).collect()
    };
    let mut found = Vec::new();
    let mut taken = HashSet::default();
    for &i in old_left {
        let before = texts(&old.levels[i]);
        let best = new_left
            .iter()
            .filter(|j| !taken.contains(*j))
            .map(|&j| {
                let after = texts(&new.levels[j]);
                let union = before.union(&after).count().max(1);
                (j, before.intersection(&after).count() as f64 / union as f64)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((j, _)) = best.filter(|(_, overlap)| *overlap >= RENAMED) {
            taken.insert(j);
            found.push((i, j));
        }
    }
    found
}

/// One level in both revisions.
struct LevelPair<'a> {
    pair: &'a Pair<'a>,
    old: &'a Level,
    new: &'a Level,
    consumer: Consumer,
    /// Items (old, new) already told as moved to another level by their id.
    skip: &'a (HashSet<*const Item>, HashSet<*const Item>),
    /// Every item text of each side, and every sub-item text with its item's: a sub-item that
    /// left with its item but is written under another item on the other side is told apart.
    texts: &'a SideTexts<'a>,
}

/// The [`Texts`] of both sides, found when first asked: only a sub-item gone with its item asks.
struct SideTexts<'a> {
    old: &'a Framework,
    new: &'a Framework,
    found: std::cell::OnceCell<(Texts<'a>, Texts<'a>)>,
}

impl<'a> SideTexts<'a> {
    /// The texts of the old side and of the new.
    fn get(&self) -> &(Texts<'a>, Texts<'a>) {
        self.found.get_or_init(|| (Texts::of(self.old), Texts::of(self.new)))
    }
}

/// The normalised texts of one side's items, alone and as (item, sub-item) pairs.
#[derive(Default)]
struct Texts<'a> {
    alone: HashSet<&'a str>,
    under: HashSet<(&'a str, &'a str)>,
}

impl<'a> Texts<'a> {
    fn of(framework: &'a Framework) -> Self {
        let mut texts = Texts::default();
        for level in &framework.levels {
            for entry in entries(level, false) {
                texts.alone.insert(entry.item.normalized.as_str());
                if let Some(parent) = entry.parent {
                    texts.under.insert((&parent.normalized, &entry.item.normalized));
                }
            }
        }
        texts
    }

    /// Whether `entry`, a sub-item, is written on this side under another item than its own.
    fn under_another(&self, entry: &Entry<'_>) -> bool {
        let text = entry.item.normalized.as_str();
        let parent = entry.parent.map_or("", |parent| parent.normalized.as_str());
        self.alone.contains(text) && !self.under.contains(&(parent, text))
    }
}

impl LevelPair<'_> {
    fn compare(&self, raw: &mut Vec<Change>) {
        if is_blank(self.old) && is_blank(self.new) {
            // Levels read as unchanged, or empty at both revisions: nothing to compare.
            return;
        }
        self.page_text(raw);
        let by_topic = self.pair.by_topic();
        let kept = |entry: &Entry<'_>, skip: &HashSet<*const Item>| {
            !skip.contains(&std::ptr::from_ref(entry.item))
        };
        // Most frameworks carry no ids, and nothing moved by id is left out.
        let without = |level, skip: &HashSet<*const Item>| -> Vec<Entry<'_>> {
            let found = entries(level, by_topic);
            if skip.is_empty() {
                found
            } else {
                found.into_iter().filter(|e| kept(e, skip)).collect()
            }
        };
        let old_entries = without(self.old, &self.skip.0);
        let new_entries = without(self.new, &self.skip.1);
        let (old_entries, new_entries, unresolved) =
            self.without_unresolved(old_entries, new_entries, raw);
        self.relocated_includes(&old_entries, &new_entries, raw);
        let mut pairings = match_items(&old_entries, &new_entries, self.pair.memo);
        fold_sub_items(&mut pairings, &old_entries, &new_entries, self.texts);
        for pairing in &pairings {
            if let Some(found) = self.item_change(pairing, &old_entries, &new_entries, unresolved) {
                raw.push(found);
            }
        }
        self.reordered(&pairings, &old_entries, &new_entries, raw);
    }

    fn with(&self, kind: Kind) -> Change {
        Change { kind, ..change(self.consumer.clone()) }
    }

    /// The attributes of one item that changed (`proficiency: Foundational → Practitioner`).
    /// An attribute the old framework never wrote (a field a new layout brings) changes nothing
    /// people were told; labels and kinds follow the text.
    fn attributes_changed(&self, old: &Item, new: &Item) -> Option<String> {
        // Nothing differs to tell (most items carry no attributes at all).
        if old.attributes == new.attributes {
            return None;
        }
        let written = |framework: &Framework, name: &str| {
            framework
                .levels
                .iter()
                .flat_map(Level::items)
                .any(|r| r.item.attributes.contains_key(name))
        };
        let names: std::collections::BTreeSet<&String> =
            old.attributes.keys().chain(new.attributes.keys()).collect();
        let changed: Vec<String> = names
            .into_iter()
            .filter(|name| !matches!(name.as_str(), "label" | "kind"))
            .filter(|name| old.attributes.get(*name) != new.attributes.get(*name))
            .filter(|name| {
                written(self.pair.old_framework, name) && written(self.pair.new_framework, name)
            })
            .map(|name| {
                let value = |item: &Item| {
                    item.attributes.get(name).map_or("(none)".to_string(), Clone::clone)
                };
                format!("{name}: {} → {}", value(old), value(new))
            })
            .collect();
        (!changed.is_empty()).then(|| changed.join("; "))
    }

    /// Title and heading of the page.
    fn page_text(&self, raw: &mut Vec<Change>) {
        let (Some(old), Some(new)) = (&self.old.page, &self.new.page) else { return };
        let sides = |kind: Kind, before: &Option<Spanned>, after: &Option<Spanned>| {
            let side = |spanned: &Option<Spanned>| -> Vec<Side> {
                spanned
                    .iter()
                    .map(|s| Side { text: s.text.clone(), span: s.span.clone(), place: None })
                    .collect()
            };
            let changed =
                before.as_ref().map(|s| s.text.trim()) != after.as_ref().map(|s| s.text.trim());
            changed.then(|| Change { before: side(before), after: side(after), ..self.with(kind) })
        };
        raw.extend(sides(Kind::TitleChanged, &old.title, &new.title));
        raw.extend(sides(Kind::HeadingChanged, &old.heading, &new.heading));
    }

    /// Leaves out items brought by an include that one revision could not resolve, when the other
    /// revision has an include of the same file name: its content cannot be compared, so it is
    /// reported as a relocation with unresolved content, not as items added or removed.
    fn without_unresolved<'e>(
        &self,
        old: Vec<Entry<'e>>,
        new: Vec<Entry<'e>>,
        raw: &mut Vec<Change>,
    ) -> (Vec<Entry<'e>>, Vec<Entry<'e>>, bool) {
        let missing = |workspace: &Workspace, level: &Level| -> Vec<(String, Span)> {
            let Some(page) = &level.page else { return Vec::new() };
            workspace
                .include_problems
                .iter()
                .filter(|problem| problem.span.path() == page.span.path())
                .filter_map(|problem| match &problem.kind {
                    IncludeProblemKind::Missing { path } => {
                        Some((path.clone(), problem.span.clone()))
                    }
                    _ => None,
                })
                .collect()
        };
        let old_missing = missing(self.pair.old, self.old);
        let new_missing = missing(self.pair.new, self.new);
        let mut hidden_new = HashSet::default();
        let mut hidden_old = HashSet::default();
        // The same path missing on one side only is a deleted include, whose items are removed.
        for (path, span) in &old_missing {
            if let Some(found) =
                same_name_origin(&new, path).filter(|found| found.origin.path() != path)
            {
                hidden_new.insert(found.origin.path().to_string());
                raw.push(self.unresolved(
                    Side { text: path.clone(), span: span.clone(), place: None },
                    include_side(found),
                    "old",
                ));
            }
        }
        for (path, span) in &new_missing {
            if let Some(found) =
                same_name_origin(&old, path).filter(|found| found.origin.path() != path)
            {
                hidden_old.insert(found.origin.path().to_string());
                raw.push(self.unresolved(
                    include_side(found),
                    Side { text: path.clone(), span: span.clone(), place: None },
                    "new",
                ));
            }
        }
        let keep = |hidden: &HashSet<String>, entries: Vec<Entry<'e>>| -> Vec<Entry<'e>> {
            entries.into_iter().filter(|entry| !hidden.contains(entry.item.origin.path())).collect()
        };
        let unresolved = !old_missing.is_empty() || !new_missing.is_empty();
        (keep(&hidden_old, old), keep(&hidden_new, new), unresolved)
    }

    fn unresolved(&self, before: Side, after: Side, side: &str) -> Change {
        Change {
            before: vec![before],
            after: vec![after],
            detail: Some(format!("unresolved in the {side} revision; content not compared")),
            ..self.with(Kind::IncludeRelocated)
        }
    }

    /// Includes used on one side only whose items are the same as another's on the other side.
    fn relocated_includes(&self, old: &[Entry<'_>], new: &[Entry<'_>], raw: &mut Vec<Change>) {
        // Only an include file of the old side missing from the new can have been relocated.
        let new_paths = included_paths(new);
        if included_paths(old).iter().all(|path| new_paths.binary_search(path).is_ok()) {
            return;
        }
        let old_files = include_items(old);
        let new_files = include_items(new);
        let mut taken = HashSet::default();
        for (old_path, (old_span, old_texts)) in &old_files {
            if new_files.contains_key(old_path) {
                continue;
            }
            let found = new_files.iter().find(|(path, (_, texts))| {
                !old_files.contains_key(*path) && !taken.contains(*path) && texts == old_texts
            });
            let Some((new_path, (new_span, _))) = found else { continue };
            taken.insert(new_path.clone());
            let identical = old_span.file.text() == new_span.file.text();
            raw.push(Change {
                before: vec![file_side(old_span)],
                after: vec![file_side(new_span)],
                detail: Some(
                    if identical { "content identical" } else { "same items, cosmetic edits" }
                        .into(),
                ),
                ..self.with(Kind::IncludeRelocated)
            });
        }
    }

    /// The change a pairing of items makes, if any. With an include unresolved on either side,
    /// page bullets after it lose the group the include would have opened, so groups are not
    /// compared.
    fn item_change(
        &self,
        pairing: &Pairing,
        old: &[Entry<'_>],
        new: &[Entry<'_>],
        unresolved: bool,
    ) -> Option<Change> {
        let side = |entry: &Entry<'_>| item_side(entry);
        Some(match pairing {
            Pairing::Same(i, j) => {
                let (before, after) = (&old[*i], &new[*j]);
                let moved = if unresolved {
                    before.section != after.section
                } else {
                    where_of(before) != where_of(after)
                };
                // Most pairings: written alike, in place, without attributes. Without a `kind`
                // there is no other item, equal (empty) attributes changed nothing, and the same
                // text written points nowhere new and has no cosmetic edit: nothing to tell.
                if !moved
                    && before.item.attributes.is_empty()
                    && after.item.attributes.is_empty()
                    && before.item.origin.text() == after.item.origin.text()
                {
                    return None;
                }
                if let Some(detail) = other_item(before, after) {
                    Change {
                        before: vec![side(before)],
                        after: vec![side(after)],
                        detail: Some(detail),
                        ..self.with(Kind::Moved)
                    }
                } else if moved {
                    let detail = format!("from {} to {}", place_of(before), place_of(after));
                    Change {
                        before: vec![side(before)],
                        after: vec![side(after)],
                        detail: Some(detail),
                        ..self.with(Kind::Moved)
                    }
                } else if let Some(detail) = self.attributes_changed(before.item, after.item) {
                    Change {
                        before: vec![side(before)],
                        after: vec![side(after)],
                        detail: Some(detail),
                        ..self.with(Kind::AttributeChanged)
                    }
                } else if let Some(detail) =
                    super::links::retargeted(before.item.origin.text(), after.item.origin.text())
                {
                    Change {
                        before: vec![side(before)],
                        after: vec![side(after)],
                        detail: Some(detail),
                        ..self.with(Kind::LinkChanged)
                    }
                } else {
                    let category = cosmetic_category(before, after)?;
                    // As written: the markup is the difference.
                    let written = |entry: &Entry<'_>| Side {
                        text: entry.item.origin.text().to_string(),
                        ..side(entry)
                    };
                    Change {
                        before: vec![written(before)],
                        after: vec![written(after)],
                        detail: Some(category.into()),
                        ..self.with(Kind::Cosmetic)
                    }
                }
            }
            Pairing::Reworded(i, j, similarity) => {
                let words = self.pair.memo.edits(&old[*i].item.text, &new[*j].item.text).0.clone();
                Change {
                    before: vec![side(&old[*i])],
                    after: vec![side(&new[*j])],
                    words,
                    similarity: Some(*similarity),
                    detail: sub_item_of(&new[*j]),
                    ..self.with(Kind::Reworded)
                }
            }
            Pairing::Split(i, parts) => Change {
                before: vec![side(&old[*i])],
                after: parts.iter().map(|j| side(&new[*j])).collect(),
                ..self.with(Kind::Split)
            },
            Pairing::Merged(parts, j) => Change {
                before: parts.iter().map(|i| side(&old[*i])).collect(),
                after: vec![side(&new[*j])],
                ..self.with(Kind::Merged)
            },
            Pairing::Removed(i) => Change {
                before: vec![side(&old[*i])],
                detail: sub_item_of(&old[*i]),
                ..self.with(Kind::Removed)
            },
            Pairing::Added(j) => Change {
                after: vec![side(&new[*j])],
                detail: sub_item_of(&new[*j]),
                ..self.with(Kind::Added)
            },
        })
    }

    /// Items of one list that changed order, one change per list.
    fn reordered(
        &self,
        pairings: &[Pairing],
        old: &[Entry<'_>],
        new: &[Entry<'_>],
        raw: &mut Vec<Change>,
    ) {
        // The examples of an item are one list of their own: their order is theirs, not that
        // of their item among the others.
        // A level has a few lists, its pairings mostly list by list: the list of the pairing
        // before is tried first, then the others in turn, rather than hashing four names each.
        let mut lists: Vec<(ListKey<'_>, Vec<(usize, usize)>)> = Vec::new();
        let mut last = 0;
        for pairing in pairings {
            let (Pairing::Same(i, j) | Pairing::Reworded(i, j, _)) = pairing else { continue };
            let key = list_of(&new[*j]);
            if list_of(&old[*i]) != key {
                continue;
            }
            if lists.get(last).is_none_or(|(known, _)| *known != key) {
                last = match lists.iter().position(|(known, _)| *known == key) {
                    Some(at) => at,
                    None => {
                        lists.push((key, Vec::new()));
                        lists.len() - 1
                    }
                };
            }
            lists[last].1.push((*i, *j));
        }
        // Each pairing is in one list: the smallest new index of each list tells them apart.
        lists.sort_by_key(|(_, pairs)| pairs.iter().map(|(_, j)| *j).min());
        for (_, mut pairs) in lists {
            pairs.sort_by_key(|(_, j)| new[*j].position);
            let sequence: Vec<usize> = pairs.iter().map(|(i, _)| old[*i].position).collect();
            let moved = out_of_order(&sequence);
            if moved.is_empty() {
                continue;
            }
            raw.push(Change {
                before: moved.iter().map(|&at| item_side(&old[pairs[at].0])).collect(),
                after: moved.iter().map(|&at| item_side(&new[pairs[at].1])).collect(),
                ..self.with(Kind::Reordered)
            });
        }
    }
}

/// Leaves out sub-items of a kind (FT examples) added or removed with their item: the item's
/// change tells them, unless the sub-item is written elsewhere on the other side (it moved).
fn fold_sub_items(
    pairings: &mut Vec<Pairing>,
    old: &[Entry<'_>],
    new: &[Entry<'_>],
    texts: &SideTexts<'_>,
) {
    let kept: Vec<*const Item> = pairings
        .iter()
        .filter_map(|pairing| match pairing {
            Pairing::Removed(i) => Some(std::ptr::from_ref(old[*i].item)),
            Pairing::Added(j) => Some(std::ptr::from_ref(new[*j].item)),
            _ => None,
        })
        .collect();
    let gone_with_parent = |entry: &Entry<'_>| {
        entry.item.attributes.contains_key("kind")
            && entry.parent.is_some_and(|parent| kept.contains(&std::ptr::from_ref(parent)))
    };
    pairings.retain(|pairing| match pairing {
        Pairing::Removed(i) => !gone_with_parent(&old[*i]) || texts.get().1.under_another(&old[*i]),
        Pairing::Added(j) => !gone_with_parent(&new[*j]) || texts.get().0.under_another(&new[*j]),
        _ => true,
    });
}

/// For a sub-item of a kind (an FT example) now under another item, or an item that became one
/// (or the other way): where it moved. Its item reworded (same id) is no move.
fn other_item(before: &Entry<'_>, after: &Entry<'_>) -> Option<String> {
    let clip = |item: &Item| crate::model::clip(&item.text, 60);
    fn kind_of<'e>(entry: &Entry<'e>) -> Option<&'e String> {
        entry.item.attributes.get("kind").filter(|_| entry.parent.is_some())
    }
    match (kind_of(before), kind_of(after), before.parent, after.parent) {
        (None, Some(kind), _, Some(to)) => return Some(format!("now an {kind} of “{}”", clip(to))),
        (Some(kind), None, Some(from), _) => {
            return Some(format!("was an {kind} of “{}”, now an item of its own", clip(from)));
        }
        _ => {}
    }
    let kind = after.item.attributes.get("kind")?;
    let (from, to) = (before.parent?, after.parent?);
    let same = match (&from.id, &to.id) {
        (Some(a), Some(b)) => a == b,
        _ => from.normalized == to.normalized,
    };
    (!same).then(|| format!("{kind} moved from “{}” to “{}”", clip(from), clip(to)))
}

/// For a sub-item of a kind (an FT example): which item it is an example of.
fn sub_item_of(entry: &Entry<'_>) -> Option<String> {
    let kind = entry.item.attributes.get("kind")?;
    let parent = entry.parent?;
    Some(format!("{kind} of “{}”", crate::model::clip(&parent.text, 60)))
}

/// The changes from `start` that tell the sub-items (examples) of the item removed at `r` and
/// added at `a`, written the same on both sides: they moved with it, and its change tells them.
fn examples_along(raw: &[Change], start: usize, r: usize, a: usize) -> Vec<usize> {
    let text = |sides: &[Side]| sides.first().map(|side| side.text.clone()).unwrap_or_default();
    let under = |parent: &str| format!(" of “{}”", crate::model::clip(parent, 60));
    let (old_parent, new_parent) = (under(&text(&raw[r].before)), under(&text(&raw[a].after)));
    let of = |change: &Change, kind: Kind, parent: &str| {
        change.kind == kind && change.detail.as_deref().is_some_and(|d| d.ends_with(parent))
    };
    let removed: Vec<usize> =
        (start..raw.len()).filter(|&at| of(&raw[at], Kind::Removed, &old_parent)).collect();
    let added: Vec<usize> =
        (start..raw.len()).filter(|&at| of(&raw[at], Kind::Added, &new_parent)).collect();
    let mut along = Vec::new();
    for &at in &removed {
        let written = normalize(&text(&raw[at].before));
        if let Some(&to) = added.iter().find(|&&to| normalize(&text(&raw[to].after)) == written) {
            along.extend([at, to]);
        }
    }
    along
}

/// What makes one list for reordering: a place, and for examples the item they are under.
type ListKey<'e> = (&'e str, Option<&'e str>, Option<&'e str>, Option<&'e str>);

/// The list an entry sits in: its place (as [`place_of`] tells it, borrowed: this runs for
/// every pairing of every level) and, for an example (a sub-item of a kind), its item's id or
/// text. The examples of an item are one list of their own: their order is theirs, not that of
/// their item among the others.
fn list_of<'e>(entry: &Entry<'e>) -> ListKey<'e> {
    let kind = entry.item.attributes.contains_key("kind");
    let own = entry.parent.is_none() || !kind;
    let item = entry.parent.filter(|_| kind);
    (
        entry.section,
        entry.group,
        entry.topic.filter(|_| own),
        item.map(|item| item.id.as_deref().unwrap_or(&item.normalized)),
    )
}

/// Whether a level has no items, title or heading (as a level read as unchanged has none).
fn is_blank(level: &Level) -> bool {
    level.sections.is_empty()
        && level.page.as_ref().is_none_or(|page| page.title.is_none() && page.heading.is_none())
}

/// The entry brought by an include whose file name is that of `path`.
fn same_name_origin<'e>(entries: &[Entry<'e>], path: &str) -> Option<&'e crate::model::Item> {
    let name = Path::new(path).file_name()?;
    entries
        .iter()
        .find(|entry| {
            entry.item.via.is_some()
                && Path::new(entry.item.origin.path()).file_name() == Some(name)
        })
        .map(|entry| entry.item)
}

fn include_side(item: &crate::model::Item) -> Side {
    file_side(&item.origin)
}

/// A side naming a whole file (for includes).
fn file_side(span: &Span) -> Side {
    Side { text: span.path().to_string(), span: Span::new(&span.file, 0..0), place: None }
}

/// The files the included entries come from, sorted, each once (a level shows a few includes,
/// each bringing its items in a row: no set is built for them).
fn included_paths<'e>(entries: &[Entry<'e>]) -> Vec<&'e str> {
    let mut paths: Vec<&str> = Vec::new();
    // An include's items come one after another: the same file as the item before is the same
    // path, known without comparing it.
    let mut last: Option<&SourceFile> = None;
    for entry in entries.iter().filter(|entry| entry.item.via.is_some()) {
        let file = entry.item.origin.file.as_ref();
        if last.is_some_and(|last| std::ptr::eq(last, file)) {
            continue;
        }
        last = Some(file);
        let path = entry.item.origin.path();
        if paths.last() != Some(&path) {
            paths.push(path);
        }
    }
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// Each include file's first span and its items' normalised texts, in order.
fn include_items(entries: &[Entry<'_>]) -> HashMap<String, (Span, Vec<String>)> {
    let mut files: HashMap<String, (Span, Vec<String>)> = HashMap::default();
    for entry in entries.iter().filter(|entry| entry.item.via.is_some()) {
        files
            .entry(entry.item.origin.path().to_string())
            .or_insert_with(|| (entry.item.origin.clone(), Vec::new()))
            .1
            .push(entry.item.normalized.clone());
    }
    files
}

fn place_of(entry: &Entry<'_>) -> Place {
    let (section, group, topic) = where_of(entry);
    Place {
        section: section.to_string(),
        group: group.map(str::to_string),
        topic: topic.map(str::to_string),
    }
}

/// The section, group and topic of [`place_of`], borrowed: compared for every item paired.
fn where_of<'e>(entry: &Entry<'e>) -> (&'e str, Option<&'e str>, Option<&'e str>) {
    // A sub-item of a kind (an FT example) goes where its item goes: its topic is the item's.
    let own = entry.parent.is_none() || !entry.item.attributes.contains_key("kind");
    (entry.section, entry.group, entry.topic.filter(|_| own))
}

fn item_side(entry: &Entry<'_>) -> Side {
    Side {
        text: entry.item.text.clone(),
        span: entry.item.origin.clone(),
        place: Some(place_of(entry)),
    }
}

/// What kind of cosmetic edit turned one written item into another with the same meaning.
fn cosmetic_category(before: &Entry<'_>, after: &Entry<'_>) -> Option<&'static str> {
    let (old, new) = (before.item.origin.text(), after.item.origin.text());
    if old == new {
        return None;
    }
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    Some(if squeeze(old) == squeeze(new) {
        "white space"
    } else if before.item.text == after.item.text {
        "emphasis or link markup"
    } else {
        "punctuation or case"
    })
}

/// Folds changes seen from several levels into one per origin, with every level as a consumer.
fn fold(raw: Vec<Change>) -> Vec<Change> {
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut folded: Vec<Change> = Vec::new();
    for change in raw {
        let key = fold_key(&change);
        match index.get(&key) {
            Some(&at) => {
                let consumers = &mut folded[at].consumers;
                for consumer in change.consumers {
                    if !consumers.contains(&consumer) {
                        consumers.push(consumer);
                    }
                }
            }
            None => {
                index.insert(key, folded.len());
                folded.push(change);
            }
        }
    }
    for change in &mut folded {
        change.consumers.sort();
    }
    folded
}

/// What makes two changes one: kind and where each side is written (`Kind|path@start-end/text;…|
/// …|owner`), written into one string rather than a string per side joined.
fn fold_key(change: &Change) -> String {
    use std::fmt::Write;
    // One relocation however many pages' shortcodes point at it: its sides' texts alone.
    let relocated = change.kind == Kind::IncludeRelocated;
    let sides = |key: &mut String, sides: &[Side]| {
        for (at, side) in sides.iter().enumerate() {
            if at > 0 {
                key.push(';');
            }
            if !relocated {
                let (path, range) = (side.span.path(), &side.span.range);
                // Writing to a string cannot fail.
                let _ = write!(key, "{path}@{}-{}/", range.start, range.end);
            }
            key.push_str(&side.text);
        }
    };
    let mut key = String::with_capacity(128);
    let _ = write!(key, "{:?}|", change.kind);
    sides(&mut key, &change.before);
    key.push('|');
    sides(&mut key, &change.after);
    if relocated {
        return key;
    }
    key.push('|');
    let level_bound = matches!(
        change.kind,
        Kind::LevelAdded | Kind::LevelRemoved | Kind::LevelRenamed | Kind::Moved | Kind::Reordered
    ) || change.before.is_empty() && change.after.is_empty();
    if level_bound {
        for consumer in &change.consumers {
            let _ = write!(key, "{}/{}", consumer.framework, consumer.level);
        }
    }
    key
}

/// A level's name as a detail says it: quoted when it holds " to " itself (FT's first level
/// names, "Mid to Senior 1"), so that "from … to …" reads one way.
fn level_phrase(name: &str) -> String {
    if name.contains(" to ") { format!("“{name}”") } else { name.to_string() }
}

/// Pairs an item removed at one level with the same text added at another of the same framework.
fn across_levels(changes: &mut Vec<Change>) {
    let text_of = |change: &Change, after: bool| {
        let sides = if after { &change.after } else { &change.before };
        sides.first().map(|side| normalize(&side.text))
    };
    let frameworks = |change: &Change| -> Vec<String> {
        let mut names: Vec<String> = change.consumers.iter().map(|c| c.framework.clone()).collect();
        names.dedup();
        names
    };
    let mut removed: HashMap<(String, Vec<String>), Vec<usize>> = HashMap::default();
    for (at, change) in changes.iter().enumerate() {
        if change.kind == Kind::Removed
            && let Some(text) = text_of(change, false)
        {
            removed.entry((text, frameworks(change))).or_default().push(at);
        }
    }
    let mut gone = HashSet::default();
    for at in 0..changes.len() {
        if changes[at].kind != Kind::Added {
            continue;
        }
        let Some(text) = text_of(&changes[at], true) else { continue };
        let Some(candidates) = removed.get_mut(&(text, frameworks(&changes[at]))) else { continue };
        let Some(from) = candidates.pop() else { continue };
        let rank = |change: &Change| change.consumers.iter().map(|c| c.rank).min().unwrap_or(0);
        let (old_rank, new_rank) = (rank(&changes[from]), rank(&changes[at]));
        let kind = match new_rank.cmp(&old_rank) {
            std::cmp::Ordering::Greater => Kind::Promoted,
            std::cmp::Ordering::Less => Kind::Demoted,
            std::cmp::Ordering::Equal => Kind::Moved,
        };
        let before = std::mem::take(&mut changes[from].before);
        let mut consumers = changes[from].consumers.clone();
        let names = |consumers: &[Consumer]| {
            consumers.iter().map(|c| level_phrase(&c.level)).collect::<Vec<_>>().join(", ")
        };
        let detail = format!("from {} to {}", names(&consumers), names(&changes[at].consumers));
        let change = &mut changes[at];
        change.kind = kind;
        change.detail = Some(detail);
        change.before = before;
        consumers.append(&mut change.consumers);
        consumers.sort();
        consumers.dedup();
        change.consumers = consumers;
        gone.insert(from);
    }
    let mut at = 0;
    changes.retain(|_| {
        at += 1;
        !gone.contains(&(at - 1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::sync::Arc;

    /// The key as it was first written, a string per side joined: the one written piece by
    /// piece must be the same string.
    fn joined_key(change: &Change) -> String {
        let spans = |sides: &[Side]| -> String {
            sides
                .iter()
                .map(|side| {
                    let (path, range) = (side.span.path(), &side.span.range);
                    format!("{path}@{}-{}/{}", range.start, range.end, side.text)
                })
                .collect::<Vec<_>>()
                .join(";")
        };
        let level_bound = matches!(
            change.kind,
            Kind::LevelAdded
                | Kind::LevelRemoved
                | Kind::LevelRenamed
                | Kind::Moved
                | Kind::Reordered
        ) || change.before.is_empty() && change.after.is_empty();
        let owner = if level_bound {
            change.consumers.iter().map(|c| format!("{}/{}", c.framework, c.level)).collect()
        } else {
            String::new()
        };
        if change.kind == Kind::IncludeRelocated {
            let texts = |sides: &[Side]| {
                sides.iter().map(|side| side.text.clone()).collect::<Vec<_>>().join(";")
            };
            return format!("{:?}|{}|{}", change.kind, texts(&change.before), texts(&change.after));
        }
        format!("{:?}|{}|{}|{owner}", change.kind, spans(&change.before), spans(&change.after))
    }

    #[test]
    fn fold_keys_are_the_keys_joined_as_before() {
        let file = Arc::new(SourceFile::new("a/b.md", "- One\n- Two; three|four\n- Five\n"));
        let side = |start: usize, end: usize, text: &str| Side {
            text: text.into(),
            span: Span::new(&file, start..end),
            place: None,
        };
        let consumers = vec![
            Consumer { framework: "F".into(), rank: 0, level: "Senior".into() },
            Consumer { framework: "G/x".into(), rank: 1, level: "Staff".into() },
        ];
        let sides = [
            vec![],
            vec![side(0, 5, "One")],
            vec![side(0, 5, "One"), side(6, 24, "Two; three|four")],
            vec![side(6, 24, "Two; three|four"), side(25, 31, "Five"), side(0, 0, "")],
        ];
        let kinds =
            [Kind::Added, Kind::Moved, Kind::Reordered, Kind::IncludeRelocated, Kind::Cosmetic];
        for kind in kinds {
            for before in &sides {
                for after in &sides {
                    let change = Change {
                        kind,
                        before: before.clone(),
                        after: after.clone(),
                        consumers: consumers.clone(),
                        ..change(consumers[0].clone())
                    };
                    assert_eq!(fold_key(&change), joined_key(&change));
                }
            }
        }
    }
}
