#![doc = include_str!("near_duplicate.md")]

use crate::hash::TextMap;
use rustc_hash::FxHashMap;
use std::rc::Rc;

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::Item;
use crate::rules::CheckSettings;

use super::structure::short;

/// The `near-duplicate` check.
pub const CHECK: Check = Check {
    id: "near-duplicate",
    summary: "an item that says again, in nearly the same words, what another item of its level says",
    doc: include_str!("near_duplicate.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// Similarity from which two items are reported when `rules/checks.yml` sets none.
const DEFAULT_THRESHOLD: f64 = 0.9;

/// Items shorter than this many content words are labels or fragments, not claims to compare.
const MIN_WORDS: usize = 3;

/// Words that carry no claim: an item is compared on the others.
fn is_filler(word: &str) -> bool {
    // One match rather than a scan of the list: every word of every item asks.
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "to"
            | "and"
            | "or"
            | "for"
            | "in"
            | "on"
            | "with"
            | "from"
            | "by"
            | "at"
            | "this"
            | "that"
            | "those"
            | "these"
            | "their"
            | "its"
            | "is"
            | "are"
            | "be"
            | "as"
    )
}

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let threshold = settings.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let mut findings = Vec::new();
    // Words as numbers: comparing a level's items is the hot loop.
    let mut numbering = Numbering::default();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            let items: Vec<Compared<'_>> = level
                .items()
                .filter(|found| !found.item.is_detail())
                .map(|found| Compared::new(found.item, &mut numbering))
                .filter(|compared| compared.words.len() >= MIN_WORDS)
                .collect();
            let mut consider = |index: usize, other: usize| {
                let (first, second) = (&items[index], &items[other]);
                // The words first: most pairs are told apart by their bits alone.
                if !contained(first, second, threshold)
                    || first.item.normalized == second.item.normalized
                    || related(first.item, second.item)
                {
                    return;
                }
                // The item with fewer words is the one the other says in full.
                let (said, sayer) = if first.words.len() <= second.words.len() {
                    (first.item, second.item)
                } else {
                    (second.item, first.item)
                };
                findings.push(finding(said, sayer, settings).context(&framework.id, &level.key));
            };
            if items.len() <= ALL_PAIRS_UP_TO {
                // Every pair (`index < other`, in that order), without listing them.
                for index in 0..items.len() {
                    for other in index + 1..items.len() {
                        consider(index, other);
                    }
                }
            } else {
                for (index, other) in indexed_pairs(&items, threshold) {
                    consider(index, other);
                }
            }
        }
    }
    findings
}

/// Items up to which a level's every pair is compared: the words of each pair are compared
/// only when their bits allow, and indexing costs more than that on a level of this size.
const ALL_PAIRS_UP_TO: usize = 64;

/// The pairs of `items` that may say one another, found through an index of the items by
/// word: comparing every pair is quadratic, and a level may hold thousands of items. The
/// shorter item of a pair that [`contained`] accepts misses at most a few of its words in the
/// longer one, so the longer one holds one of the shorter's few rarest words: each item is
/// compared only with the longer items holding one of those.
fn indexed_pairs(items: &[Compared<'_>], threshold: f64) -> Vec<(usize, usize)> {
    // The items holding each word.
    let mut holders: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (index, compared) in items.iter().enumerate() {
        for &word in compared.sorted.iter() {
            holders.entry(word).or_default().push(index as u32);
        }
    }
    let mut pairs = Vec::new();
    let mut seen = vec![usize::MAX; items.len()];
    // Which item of a pair `contained` takes as the shorter: fewer words, or the first.
    let shorter = |a: usize, b: usize| (items[a].words.len(), a) < (items[b].words.len(), b);
    for (index, compared) in items.iter().enumerate() {
        let total = compared.words.len();
        // The most occurrences of its words the shorter item may miss in the longer one.
        let Some(missable) =
            (0..=total).rev().find(|&missed| (total - missed) as f64 / total as f64 >= threshold)
        else {
            continue;
        };
        // Its distinct words with how often it says each, rarest in the level first.
        let mut all = compared.words.to_vec();
        all.sort_unstable();
        let mut counted: Vec<(u32, usize)> = Vec::new();
        for word in all {
            match counted.last_mut() {
                Some((last, count)) if *last == word => *count += 1,
                _ => counted.push((word, 1)),
            }
        }
        counted.sort_by_key(|(word, _)| (holders[word].len(), *word));
        // Enough of the rarest to hold more occurrences than may be missed.
        let (mut covered, mut rarest) = (0, 0);
        while covered <= missable && rarest < counted.len() {
            covered += counted[rarest].1;
            rarest += 1;
        }
        let mut found = Vec::new();
        if covered <= missable {
            // Every word may be missed (a threshold of 0): every pair is a candidate.
            found.extend((0..items.len()).filter(|&other| shorter(index, other)));
        } else {
            for (word, _) in &counted[..rarest] {
                for &other in &holders[word] {
                    let other = other as usize;
                    if seen[other] != index && shorter(index, other) {
                        seen[other] = index;
                        found.push(other);
                    }
                }
            }
        }
        pairs.extend(found.into_iter().map(|other| (index.min(other), index.max(other))));
    }
    pairs.sort_unstable();
    pairs
}

/// An item ready to compare: its content words in order, and the same words sorted.
struct Compared<'a> {
    item: &'a Item,
    words: Rc<[u32]>,
    sorted: Rc<[u32]>,
    /// One bit per word number modulo 64: a word whose bit the other item lacks is not in it.
    mask: u64,
}

impl<'a> Compared<'a> {
    fn new(item: &'a Item, numbering: &mut Numbering<'a>) -> Self {
        let (words, sorted, mask) = match numbering.texts.get(item.text.as_str()) {
            Some(known) => known.clone(),
            None => {
                let words = numbering.content_words(&item.text);
                let mut sorted = words.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let mask = words.iter().fold(0, |mask, word| mask | 1u64 << (word % 64));
                let known = (words.into(), sorted.into(), mask);
                numbering.texts.insert(&item.text, known.clone());
                known
            }
        };
        Self { item, words, sorted, mask }
    }
}

/// Words numbered for the run, and each text's numbered words: includes put the same items in
/// many frameworks' levels.
#[derive(Default)]
struct Numbering<'a> {
    words: TextMap<String, u32>,
    texts: TextMap<&'a str, Numbered>,
}

impl Numbering<'_> {
    /// The numbers of the [`content_words`] of `text`, in order: a string made only for a word
    /// not seen before.
    fn content_words(&mut self, text: &str) -> Vec<u32> {
        let mut found = Vec::new();
        crate::model::for_each_word(text, |lower| {
            if is_filler(lower) {
                return;
            }
            let number = match self.words.get(lower) {
                Some(&number) => number,
                None => {
                    let next = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
                    self.words.insert(lower.to_string(), next);
                    next
                }
            };
            found.push(number);
        });
        found
    }
}

/// A text's content words numbered in order, the same sorted, and their bits.
type Numbered = (Rc<[u32]>, Rc<[u32]>, u64);

/// The finding at the item that another item of the level already says.
fn finding(said: &Item, sayer: &Item, settings: &CheckSettings) -> Finding {
    let help = match (&said.via, &sayer.via) {
        (Some(one), Some(other)) if one != other => format!(
            "the two come from different includes ({} and {}): keep the item in one of them",
            one.text(),
            other.text()
        ),
        _ => "keep one of the two, or say what each adds".to_string(),
    };
    Finding::new(
        "near-duplicate",
        settings.severity,
        said.origin.clone(),
        format!("`{}` says again what `{}` says", short(&said.text), short(&sayer.text)),
    )
    .label("said again by another item of this level")
    .related(sayer.origin.clone(), "in nearly the same words here")
    .help(help)
}

/// Whether one item holds the other as a sub-item (a sub-item may repeat its parent's words).
fn related(one: &Item, other: &Item) -> bool {
    let holds =
        |parent: &Item, child: &Item| parent.walk().skip(1).any(|item| item.origin == child.origin);
    holds(one, other) || holds(other, one)
}

/// The words of a text that carry a claim, in order ([`Numbering::content_words`] numbers them).
#[cfg(test)]
fn content_words(text: &str) -> Vec<String> {
    crate::model::words(text).filter(|word| !is_filler(word)).collect()
}

/// Whether the longer item says, in the same order, at least `threshold` of the shorter item's
/// words.
#[inline]
fn contained(one: &Compared<'_>, other: &Compared<'_>, threshold: f64) -> bool {
    let (short, long) =
        if one.words.len() <= other.words.len() { (one, other) } else { (other, one) };
    let total = short.words.len() as f64;
    if short.words.is_empty() {
        return false;
    }
    // Each bit of the shorter that the longer lacks is a word it does not say: most pairs stop
    // here, the rest when too few of the words are there at all, in any order.
    let absent = f64::from((short.mask & !long.mask).count_ones());
    if (total - absent) / total < threshold {
        return false;
    }
    let present = short.words.iter().filter(|word| long.sorted.binary_search(word).is_ok()).count();
    present as f64 / total >= threshold
        && longest_common(&short.words, &long.words) as f64 / total >= threshold
}

/// The length of the longest common subsequence of two word lists, one row at a time.
fn longest_common(short: &[u32], long: &[u32]) -> usize {
    let mut row = vec![0usize; long.len() + 1];
    for word in short {
        let mut diagonal = 0;
        for (column, other) in long.iter().enumerate() {
            let above = row[column + 1];
            row[column + 1] = if word == other { diagonal + 1 } else { above.max(row[column]) };
            diagonal = above;
        }
    }
    row[long.len()]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Compared, Numbering, contained, content_words, indexed_pairs};
    use crate::model::Item;
    use crate::source::{SourceFile, Span};

    fn said_in_full(one: &str, other: &str, threshold: f64) -> bool {
        let file = std::sync::Arc::new(SourceFile::new("x.md", ""));
        let one = Item::new(one, Span::new(&file, 0..0));
        let other = Item::new(other, Span::new(&file, 0..0));
        let mut numbering = Numbering::default();
        contained(
            &Compared::new(&one, &mut numbering),
            &Compared::new(&other, &mut numbering),
            threshold,
        )
    }

    #[test]
    fn numbered_words_are_the_content_words() {
        let mut numbering = Numbering::default();
        for text in [
            "Takes on the large tasks of the team's 'quoted' work",
            "ÜBERGRÖSSE of the Café; naïve ' '' and -- 2024",
            "",
            "the of and",
            "Takes on the large tasks",
        ] {
            let numbers = numbering.content_words(text);
            let mut names = vec![String::new(); numbering.words.len()];
            for (word, &number) in &numbering.words {
                names[number as usize].clone_from(word);
            }
            let found: Vec<String> = numbers.iter().map(|&n| names[n as usize].clone()).collect();
            assert_eq!(found, content_words(text), "{text}");
        }
    }

    #[test]
    fn an_item_said_in_full_by_a_longer_one_is_contained() {
        let short = "Takes on large tasks with unclear requirements.";
        let long = "Takes on large tasks with unclear requirements and plans the work.";
        assert!(said_in_full(short, long, 1.0));
        assert!(said_in_full(long, short, 1.0), "either order");
    }

    #[test]
    fn a_template_with_one_word_changed_is_not() {
        let one = "Follows the Kindness values for this grade.";
        let other = "Follows the Diversity, Inclusion and Belonging values for this grade.";
        // Three of its four words (follows, values, grade) are in the other, in order.
        assert!(!said_in_full(one, other, 0.9));
        assert!(said_in_full(one, other, 0.75));
    }

    #[test]
    fn words_out_of_order_are_not_said_in_full() {
        let one = "Reviews designs then writes tests.";
        let other = "Writes tests then reviews designs.";
        assert!(!said_in_full(one, other, 0.9));
    }

    /// Items of a level written from a small vocabulary, so that many pairs share words.
    fn level_texts() -> impl Strategy<Value = Vec<String>> {
        let word = prop::sample::select(vec![
            "reviews", "designs", "code", "plans", "team", "work", "tests", "ships", "leads",
        ]);
        let text = prop::collection::vec(word, 1..9).prop_map(|words| words.join(" "));
        prop::collection::vec(text, 0..24)
    }

    proptest! {
        /// Comparing only the candidates finds every pair comparing all pairs finds.
        #[test]
        fn candidates_hold_every_pair_said_in_full(
            texts in level_texts(),
            threshold in prop::sample::select(vec![0.0, 0.5, 0.75, 0.9, 1.0]),
        ) {
            let file = std::sync::Arc::new(SourceFile::new("x.md", ""));
            let items: Vec<Item> =
                texts.iter().map(|text| Item::new(text, Span::new(&file, 0..0))).collect();
            let mut numbering = Numbering::default();
            let compared: Vec<Compared> =
                items.iter().map(|item| Compared::new(item, &mut numbering)).collect();
            let said = |&(a, b): &(usize, usize)| contained(&compared[a], &compared[b], threshold);
            let all: Vec<(usize, usize)> = (0..compared.len())
                .flat_map(|a| (a + 1..compared.len()).map(move |b| (a, b)))
                .filter(said)
                .collect();
            let candidates = indexed_pairs(&compared, threshold);
            prop_assert!(candidates.windows(2).all(|pair| pair[0] < pair[1]));
            let found: Vec<(usize, usize)> = candidates.into_iter().filter(said).collect();
            prop_assert_eq!(found, all);
        }
    }
}
