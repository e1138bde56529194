//! Aligning one pair of adjacent levels: explicit links first, then a one-to-one assignment over
//! the whole level by similarity, then one of three outcomes per item.

use std::collections::BTreeSet;

use crate::hash::TextMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::assign::assign;
use super::similarity::{PlacedText, Ranks, Similarity, TextTokens, Tokenizer};
use super::{Candidate, ItemIndex, Link, PairAlignment};
use crate::model::{Item, ItemRef, Level};
use crate::rules::Rules;

/// How many candidates are kept per item.
const CANDIDATES: usize = 3;

/// A link a maintainer fixed: the curated file's entry for a higher item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fixed {
    /// The higher item escalates this lower item.
    Lower(ItemIndex),
    /// The higher item is new at its level.
    New,
}

/// Lower items up to which every lower item sharing a word or a letter trigram with a higher item
/// is scored: exact, and every level of a real handbook is far smaller.
const ALL_PAIRS_UP_TO: usize = 256;

/// Above [`ALL_PAIRS_UP_TO`], a word held by more than one lower item in this many is too common
/// to find candidates with (a pair sharing only such words scores near 0).
const COMMON_SHARE: usize = 32;

/// Above [`ALL_PAIRS_UP_TO`], how many lower items are scored per higher item: those sharing the
/// most weight of informative words (the candidates shown and the assignment look at a few).
const SCORED_PER_ITEM: usize = 16;

/// Items past which a level pair's rows are scored on every core.
const PARALLEL_FROM: usize = 512;

/// A pair of adjacent levels made ready to align: the items, and where each is written, numbered.
pub struct PairInput<'a> {
    lower: Vec<ItemRef<'a>>,
    higher: Vec<ItemRef<'a>>,
    /// Per item, lower items first, its section, file pattern and topic, numbered.
    places: Vec<Place>,
    topics: Topics,
}

/// What decides how a level pair aligns: two pairs with equal keys (the same texts, annotations
/// and curated links, in places numbered alike) align the same, so identical frameworks and
/// lists that many frameworks include are aligned once.
#[derive(PartialEq, Eq, Hash)]
pub struct PairKey<'a> {
    lower: usize,
    items: Vec<ItemKey<'a>>,
    topics: &'a [String],
    fixed: &'a [(ItemIndex, Fixed)],
}

/// What of an item decides its alignment: text, id, `escalates`, `new`, whether it is an
/// example or signal, and its place.
type ItemKey<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, bool, bool, Place);

impl<'a> PairInput<'a> {
    /// The items of `lower` and `higher` and their places.
    pub fn new(lower_level: &'a Level, higher_level: &'a Level) -> Self {
        let lower: Vec<ItemRef> = lower_level.items().collect();
        let higher: Vec<ItemRef> = higher_level.items().collect();
        // Sections and file patterns numbered once, so that the inner loop compares numbers.
        let sections =
            numbered(lower.iter().chain(&higher).map(|found| found.section.name.as_str()));
        // Items of one file come one after the other: a pattern is worked out once for each run
        // of items written in one file.
        let mut patterns: TextMap<String, usize> = TextMap::default();
        let mut last: Option<(&str, &str, usize)> = None;
        let files: Vec<usize> = lower
            .iter()
            .map(|found| (found, lower_level.key.as_str()))
            .chain(higher.iter().map(|found| (found, higher_level.key.as_str())))
            .map(|(found, key)| {
                let path = found.item.origin.path();
                if let Some((known, known_key, number)) = last
                    && known == path
                    && known_key == key
                {
                    return number;
                }
                let next = patterns.len();
                let number = *patterns.entry(file_pattern(found, key)).or_insert(next);
                last = Some((path, key, number));
                number
            })
            .collect();
        let topics =
            Topics::new(lower.iter().chain(&higher).map(|found| found.item.topic.as_ref()));
        let places = (0..lower.len() + higher.len())
            .map(|index| (sections[index], files[index], topics.of[index]))
            .collect();
        Self { lower, higher, places, topics }
    }

    /// The tokens of each item's text, lower items first.
    pub fn tokens(&self, tokenizer: &Tokenizer) -> Vec<Arc<TextTokens>> {
        tokenizer.cached_all(self.texts())
    }

    /// Each item's text, lower items first.
    pub fn texts(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.lower.iter().chain(&self.higher).map(|found| found.item.text.as_str())
    }

    /// The key of this pair aligned with the curated links `fixed`.
    pub fn key(&'a self, fixed: &'a [(ItemIndex, Fixed)]) -> PairKey<'a> {
        let items = self
            .lower
            .iter()
            .chain(&self.higher)
            .zip(&self.places)
            .map(|(found, place)| {
                let item = found.item;
                (
                    item.text.as_str(),
                    item.normalized.as_str(),
                    item.id.as_deref(),
                    item.escalates.as_deref(),
                    item.new_here,
                    item.is_detail(),
                    *place,
                )
            })
            .collect();
        PairKey { lower: self.lower.len(), items, topics: &self.topics.keys, fixed }
    }
}

/// Links each item of `higher` to an item of `lower`; `fixed` holds curated links by higher item.
pub fn align_levels(
    lower: &Level,
    higher: &Level,
    rules: &Rules,
    tokenizer: &Tokenizer,
    fixed: &[(ItemIndex, Fixed)],
) -> PairAlignment {
    align_input(&PairInput::new(lower, higher), rules, tokenizer, fixed)
}

/// Links each higher item of `input` to a lower item.
pub fn align_input(
    input: &PairInput,
    rules: &Rules,
    tokenizer: &Tokenizer,
    fixed: &[(ItemIndex, Fixed)],
) -> PairAlignment {
    let texts = input.tokens(tokenizer);
    let ranks = Ranks::of_texts(&texts);
    let placed: Vec<Arc<PlacedText>> =
        texts.iter().map(|text| Arc::new(ranks.place(text))).collect();
    align_tokens(input, rules, &placed, &ranks, fixed)
}

/// Links each higher item of `input` to a lower item, its items' tokens given (`texts`, lower
/// items first, as [`PairInput::tokens`] gives them) placed by `ranks`.
pub fn align_tokens(
    input: &PairInput,
    rules: &Rules,
    texts: &[Arc<PlacedText>],
    ranks: &Ranks,
    fixed: &[(ItemIndex, Fixed)],
) -> PairAlignment {
    let (lower_items, higher_items) = (&input.lower, &input.higher);
    let scores = score_rows(input, rules, texts, ranks);
    let settings = &rules.alignment;
    let candidates: Vec<Vec<Candidate>> = scores.iter().map(|row| top_candidates(row)).collect();
    // The first curated entry of each higher item, looked up by index.
    let mut curated: Vec<Option<Fixed>> = vec![None; higher_items.len()];
    for &(index, fixed) in fixed.iter().rev() {
        if let Some(slot) = curated.get_mut(index) {
            *slot = Some(fixed);
        }
    }
    let mut links: Vec<Option<Link>> = higher_items
        .iter()
        .zip(curated)
        .map(|(found, curated)| {
            let curated = curated.map(|fixed| match fixed {
                Fixed::Lower(lower) => Link::Explicit { lower },
                Fixed::New => Link::DeclaredNew,
            });
            curated.or_else(|| explicit(found.item, lower_items))
        })
        .collect();
    let mut taken = vec![false; lower_items.len()];
    for lower in links.iter().flatten().filter_map(Link::lower) {
        taken[lower] = true;
    }
    let open: Vec<usize> = (0..higher_items.len()).filter(|&h| links[h].is_none()).collect();
    // Free lower items numbered as the assignment's columns.
    let mut column_of = vec![None; lower_items.len()];
    let free: Vec<usize> = (0..lower_items.len()).filter(|&l| !taken[l]).collect();
    for (column, &l) in free.iter().enumerate() {
        column_of[l] = Some(column);
    }
    let matrix: Vec<Vec<(usize, f64)>> = open
        .iter()
        .map(|&h| {
            scores[h]
                .iter()
                .filter_map(|found| column_of[found.lower].map(|column| (column, found.score)))
                .collect()
        })
        .collect();
    let assignment = assign(&matrix, free.len());
    let mut column_best = vec![0.0_f64; lower_items.len()];
    for found in scores.iter().flatten() {
        column_best[found.lower] = column_best[found.lower].max(found.score);
    }
    for (row, &h) in open.iter().enumerate() {
        let assigned = assignment[row].map(|column| Candidate {
            lower: free[column],
            score: score_of(&scores[h], free[column]),
        });
        let column_best = assigned.map_or(0.0, |found| column_best[found.lower]);
        links[h] = Some(decide(assigned, &scores[h], column_best, &candidates[h], settings));
    }
    let links = links.into_iter().map(|link| link.unwrap_or(Link::Unmatched)).collect();
    PairAlignment { lower: 0, higher: 0, links, candidates, scores: Arc::new(scores) }
}

/// The score of `lower` in a row of scores (0 when the row does not list it).
pub fn score_of(row: &[Candidate], lower: ItemIndex) -> f64 {
    row.binary_search_by(|found| found.lower.cmp(&lower)).map_or(0.0, |at| row[at].score)
}

/// Per higher item, the lower items it shares informative tokens with and their similarity,
/// lowered across sections, files and topics; sorted by lower item. Other pairs score 0 or
/// close to it and are never scored: candidates come from an index of the lower items by token.
fn score_rows(
    input: &PairInput,
    rules: &Rules,
    texts: &[Arc<PlacedText>],
    ranks: &Ranks,
) -> Vec<Vec<Candidate>> {
    let (lower, higher) = (&input.lower, &input.higher);
    let similarity =
        Similarity::of_places(ranks.words.len(), texts.iter().map(|text| text.words.as_slice()));
    let trigrams = Similarity::of_places(
        ranks.trigrams.len(),
        texts.iter().map(|text| text.trigrams.as_slice()),
    );
    let settings = &rules.alignment;
    let blend = settings.trigrams;
    let all_pairs = lower.len() <= ALL_PAIRS_UP_TO;
    let cap = if all_pairs { usize::MAX } else { lower.len() / COMMON_SHARE };
    let word_index = Postings::new(&similarity, lower.len(), cap);
    let trigram_index =
        if all_pairs { Postings::new(&trigrams, lower.len(), cap) } else { Postings::default() };
    let (lower_places, higher_places) = input.places.split_at(lower.len());
    let lower_detail: Vec<bool> = lower.iter().map(|found| found.item.is_detail()).collect();
    let higher_detail: Vec<bool> = higher.iter().map(|found| found.item.is_detail()).collect();
    let scratch = || Scratch {
        seen: vec![usize::MAX; lower.len()],
        words: vec![0.0; lower.len()],
        trigrams: vec![0.0; lower.len()],
        found: Vec::new(),
        by_token: if all_pairs { Vec::new() } else { vec![0.0; similarity.vocabulary()] },
        by_trigram: if all_pairs { Vec::new() } else { vec![0.0; trigrams.vocabulary()] },
    };
    let row = |scratch: &mut Scratch, h: usize| -> Vec<Candidate> {
        let text = lower.len() + h;
        scratch.found.clear();
        if all_pairs {
            // The weight each lower item shares with the row, summed token by token in token
            // order: what `Similarity::score` sums, without comparing the lists pair by pair.
            // Weights are above 0: the lower items sharing a token are those whose sum is, in
            // order.
            let Scratch { words, trigrams: shared_trigrams, found, .. } = scratch;
            words.fill(0.0);
            shared_trigrams.fill(0.0);
            word_index.share(&similarity, text, words);
            trigram_index.share(&trigrams, text, shared_trigrams);
            found.extend((0..lower.len()).filter(|&l| words[l] > 0.0 || shared_trigrams[l] > 0.0));
        } else {
            word_index.closest(&similarity, text, scratch);
            let Scratch { words, trigrams: shared_trigrams, found, by_token, by_trigram, .. } =
                scratch;
            shared_with(&similarity, text, found, by_token, words);
            shared_with(&trigrams, text, found, by_trigram, shared_trigrams);
            found.sort_unstable();
        }
        let Scratch { words, trigrams: shared_trigrams, found, .. } = scratch;
        let (section, file, topic) = higher_places[h];
        let detail = higher_detail[h];
        // What `Similarity::score` gives, from the weight shared.
        let cosine = |similarity: &Similarity, l: usize, shared: f64| {
            let norm = (similarity.total(text) * similarity.total(l)).sqrt();
            if norm == 0.0 { 0.0 } else { shared / norm }
        };
        let mut row = Vec::with_capacity(found.len());
        for &l in found.iter() {
            // An example or signal illustrates its competency: it grows from no competency
            // below, and no competency grows from it.
            if lower_detail[l] != detail {
                continue;
            }
            let word_score = cosine(&similarity, l, words[l]);
            let trigram_score = cosine(&trigrams, l, shared_trigrams[l]);
            let (lower_section, lower_file, lower_topic) = lower_places[l];
            let mut score = (1.0 - blend) * word_score + blend * trigram_score;
            if lower_section != section {
                score *= settings.cross_section;
            }
            if lower_file != file {
                score *= settings.cross_file;
            }
            if !input.topics.same(topic, lower_topic) {
                score *= settings.cross_topic;
            }
            if score > 0.0 {
                row.push(Candidate { lower: l, score });
            }
        }
        row
    };
    if higher.len() > PARALLEL_FROM {
        (0..higher.len()).into_par_iter().map_init(scratch, row).collect()
    } else {
        let mut scratch = scratch();
        (0..higher.len()).map(|h| row(&mut scratch, h)).collect()
    }
}

/// Per thread, while scoring rows: the row each lower item was last met in, the weight of words
/// and of trigrams it shares with that row, the lower items met, and (past
/// [`ALL_PAIRS_UP_TO`]) the row's weight of each word and trigram, 0 for those it lacks.
struct Scratch {
    seen: Vec<usize>,
    words: Vec<f64>,
    trigrams: Vec<f64>,
    found: Vec<usize>,
    by_token: Vec<f64>,
    by_trigram: Vec<f64>,
}

/// Sets `shared[l]`, for each lower item `l` in `found`, to the weight of the tokens it shares
/// with text `text`, summed in token order as `Similarity::score` does: each of its tokens looked
/// up in `by_token` (all 0 on entry and on return), where the text's tokens have their weight.
fn shared_with(
    similarity: &Similarity,
    text: usize,
    found: &[usize],
    by_token: &mut [f64],
    shared: &mut [f64],
) {
    let tokens = similarity.tokens_of(text);
    for &token in tokens {
        by_token[token as usize] = similarity.weight(token);
    }
    for &l in found {
        // Adding 0 for a token the text lacks leaves the sum as it is, bit for bit.
        let mut sum = 0.0;
        for &token in similarity.tokens_of(l) {
            sum += by_token[token as usize];
        }
        shared[l] = sum;
    }
    for &token in tokens {
        by_token[token as usize] = 0.0;
    }
}

/// The lower items holding each token, for the tokens informative enough to find candidates:
/// one list of holders, token after token.
#[derive(Default)]
struct Postings {
    /// Where each token's holders start in `holders` (one more entry than tokens).
    starts: Vec<u32>,
    holders: Vec<u32>,
}

impl Postings {
    /// The index of the first `lower` texts of `similarity`, tokens held by more than `cap` of
    /// them left out.
    fn new(similarity: &Similarity, lower: usize, cap: usize) -> Self {
        let mut counts = vec![0u32; similarity.vocabulary() + 1];
        for l in 0..lower {
            for &token in similarity.tokens_of(l) {
                counts[token as usize + 1] += 1;
            }
        }
        for count in &mut counts {
            if *count as usize > cap {
                *count = 0;
            }
        }
        let mut starts = counts;
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut holders = vec![0; starts.last().map_or(0, |&end| end as usize)];
        for l in 0..lower {
            for &token in similarity.tokens_of(l) {
                let token = token as usize;
                if starts[token + 1] > starts[token] {
                    holders[next[token] as usize] = l as u32;
                    next[token] += 1;
                }
            }
        }
        Self { starts, holders }
    }

    /// The lower items holding `token` (none when it is not indexed).
    fn of(&self, token: u32) -> &[u32] {
        let token = token as usize;
        match (self.starts.get(token), self.starts.get(token + 1)) {
            (Some(&start), Some(&end)) => &self.holders[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Adds to `shared`, per lower item, the weight of the indexed tokens it shares with text
    /// `text`, summed in token order.
    fn share(&self, similarity: &Similarity, text: usize, shared: &mut [f64]) {
        for &token in similarity.tokens_of(text) {
            let weight = similarity.weight(token);
            for &l in self.of(token) {
                if let Some(sum) = shared.get_mut(l as usize) {
                    *sum += weight;
                }
            }
        }
    }

    /// Adds to the scratch's `found` the [`SCORED_PER_ITEM`] lower items sharing the most weight
    /// of the indexed tokens of text `text` (ties to the first).
    fn closest(&self, similarity: &Similarity, text: usize, scratch: &mut Scratch) {
        let Scratch { seen, words: shared, found, .. } = scratch;
        for &token in similarity.tokens_of(text) {
            let weight = similarity.weight(token);
            for &l in self.of(token) {
                let l = l as usize;
                if seen[l] != text {
                    seen[l] = text;
                    shared[l] = 0.0;
                    found.push(l);
                }
                shared[l] += weight;
            }
        }
        if found.len() > SCORED_PER_ITEM {
            let order = |a: &usize, b: &usize| shared[*b].total_cmp(&shared[*a]).then(a.cmp(b));
            found.select_nth_unstable_by(SCORED_PER_ITEM - 1, order);
            found.truncate(SCORED_PER_ITEM);
        }
    }
}

/// An item's section, file pattern and topic, numbered.
type Place = (usize, usize, Option<usize>);

/// The topics of a level pair, numbered, and which of them name the same subject.
struct Topics {
    /// Per item, its topic's number.
    of: Vec<Option<usize>>,
    /// Each topic's key, by number: what decides which topics are one.
    keys: Vec<String>,
    /// Each topic's words, by number.
    words: Vec<BTreeSet<String>>,
    /// Per pair of topic numbers, whether they are one topic reworded, when there are at most
    /// [`TOPIC_TABLE_UP_TO`] topics (past that, told pair by pair when asked).
    same: Vec<Vec<bool>>,
}

/// Topics up to which whether each two are one is worked out once for all pairs.
const TOPIC_TABLE_UP_TO: usize = 128;

impl Topics {
    fn new<'a>(topics: impl Iterator<Item = Option<&'a crate::model::Topic>>) -> Self {
        let mut keys: Vec<String> = Vec::new();
        let mut numbers: TextMap<String, usize> = TextMap::default();
        let of = topics
            .map(|topic| {
                let key = topic?.key();
                if let Some(&number) = numbers.get(&key) {
                    return Some(number);
                }
                numbers.insert(key.clone(), keys.len());
                keys.push(key);
                Some(keys.len() - 1)
            })
            .collect();
        let words: Vec<BTreeSet<String>> =
            keys.iter().map(|key| crate::model::words(key).collect()).collect();
        let same = if words.len() <= TOPIC_TABLE_UP_TO {
            words.iter().map(|a| words.iter().map(|b| alike(a, b)).collect()).collect()
        } else {
            Vec::new()
        };
        Self { of, keys, words, same }
    }

    /// Whether two items are under one topic, or either has none (nothing to tell them apart).
    #[inline]
    fn same(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) if self.same.is_empty() => alike(&self.words[a], &self.words[b]),
            (Some(a), Some(b)) => self.same[a][b],
            _ => true,
        }
    }
}

/// Whether two topic labels' words name one topic. Labels are reworded across levels ("Quad
/// Planning & Test Coverage" becomes "Test Strategy (Quad Planning) & Test Coverage"): two
/// thirds of the shorter's words suffice.
fn alike(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    3 * a.intersection(b).count() >= 2 * a.len().min(b.len())
}

/// Each value's number: equal values get equal numbers.
fn numbered<'a>(values: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut known: TextMap<&str, usize> = TextMap::default();
    // Equal values often come one after the other (items of one section): no hashing then.
    let mut last: Option<(&str, usize)> = None;
    values
        .map(|value| {
            if let Some((text, number)) = last
                && text == value
            {
                return number;
            }
            let next = known.len();
            let number = *known.entry(value).or_insert(next);
            last = Some((value, number));
            number
        })
        .collect()
}

/// The path an item is written in with its level's key blanked out: handbooks write each
/// level's list in a file named after the level, and an item most often grows from the item
/// of the same list one level down.
fn file_pattern(found: &ItemRef, key: &str) -> String {
    let path = found.item.origin.path();
    let mut pattern = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find(key) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + key.len()..].chars().next();
        let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        pattern.push_str(&rest[..at]);
        pattern.push_str(if bounded(before) && bounded(after) { "*" } else { key });
        rest = &rest[at + key.len()..];
    }
    pattern.push_str(rest);
    pattern
}

/// The best lower items of one row, best first: shown even for an item judged new, so that a
/// maintainer who disagrees sees where to link it.
fn top_candidates(row: &[Candidate]) -> Vec<Candidate> {
    // Best first, ties to the first lower item: one order, so the few best are kept as they come.
    let before = |a: &Candidate, b: &Candidate| {
        b.score.total_cmp(&a.score).then(a.lower.cmp(&b.lower)).is_lt()
    };
    let mut found: Vec<Candidate> = Vec::with_capacity(CANDIDATES + 1);
    for candidate in row.iter().filter(|found| found.score > 0.0) {
        // Most candidates score below the third kept: `before` is false for them (scores above
        // 0 are never NaN, and order as `total_cmp` orders them).
        if found.len() == CANDIDATES
            && found.last().is_some_and(|last: &Candidate| candidate.score < last.score)
        {
            continue;
        }
        if found.len() == CANDIDATES && !found.last().is_some_and(|last| before(candidate, last)) {
            continue;
        }
        let at = found.iter().position(|kept| before(candidate, kept)).unwrap_or(found.len());
        found.insert(at, *candidate);
        found.truncate(CANDIDATES);
    }
    found
}

/// One of the three outcomes for a higher item the assignment gave `assigned` (if anything).
fn decide(
    assigned: Option<Candidate>,
    row: &[Candidate],
    column_best: f64,
    candidates: &[Candidate],
    settings: &crate::rules::AlignmentSettings,
) -> Link {
    if let Some(assigned) = assigned {
        let runner_up = row
            .iter()
            .filter(|found| found.lower != assigned.lower)
            .map(|found| found.score)
            .fold(0.0, f64::max);
        let clear =
            assigned.score >= settings.threshold && assigned.score - runner_up >= settings.margin;
        // Two items that are each other's best match are linked at a lower similarity: rewritten
        // levels share few words, but the right counterpart is still the closest both ways.
        let mutual = assigned.score >= settings.mutual
            && assigned.score >= runner_up
            && assigned.score >= column_best;
        if clear || mutual {
            return Link::Confident { lower: assigned.lower, score: assigned.score };
        }
    }
    if candidates.first().is_none_or(|best| best.score < settings.floor) {
        Link::Unmatched
    } else {
        Link::Uncertain { candidates: candidates.to_vec() }
    }
}

/// The explicit link of `item`: its `escalates` id or text, `new`, or a lower item with its id.
fn explicit(item: &Item, lower: &[ItemRef]) -> Option<Link> {
    if let Some(target) = &item.escalates {
        let normalized = crate::model::normalize(target);
        let found = lower.iter().position(|low| {
            low.item.id.as_deref() == Some(target.as_str()) || low.item.normalized == normalized
        });
        return found.map(|lower| Link::Explicit { lower });
    }
    if item.new_here {
        return Some(Link::DeclaredNew);
    }
    let id = item.id.as_deref()?;
    lower
        .iter()
        .position(|low| low.item.id.as_deref() == Some(id))
        .map(|lower| Link::Explicit { lower })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, Section};
    use crate::source::{SourceFile, Span};
    use std::sync::Arc;

    fn level(key: &str, items: &[(&str, &str)]) -> Level {
        let file = Arc::new(SourceFile::new(format!("{key}.md"), "x"));
        let mut sections: Vec<Section> = Vec::new();
        for (section, text) in items {
            let item = Item::new(*text, Span::new(&file, 0..1));
            match sections.iter_mut().find(|found| found.name == *section) {
                Some(found) => found.groups[0].items.push(item),
                None => sections.push(Section {
                    name: section.to_string(),
                    heading: None,
                    groups: vec![Group { name: None, items: vec![item] }],
                }),
            }
        }
        Level { key: key.into(), name: key.into(), below: None, page: None, span: None, sections }
    }

    fn run(lower: &Level, higher: &Level) -> PairAlignment {
        let rules = Rules::defaults().unwrap_or_else(|error| panic!("{error}"));
        align_levels(
            lower,
            higher,
            &rules,
            &Tokenizer::with_synonyms(&rules.concepts, &rules.synonyms),
            &[],
        )
    }

    #[test]
    fn rewritten_items_link_to_their_counterparts_and_a_stranger_is_new() {
        let senior = level(
            "senior",
            &[
                ("Technical", "Writes maintainable code for large features of the team"),
                ("Technical", "Investigates incidents and fixes their root cause"),
            ],
        );
        let staff = level(
            "staff",
            &[
                ("Technical", "Investigates incidents across teams and removes the root cause"),
                ("Technical", "Writes maintainable code for features that span teams"),
                ("Technical", "Speaks at industry conferences"),
            ],
        );
        let aligned = run(&senior, &staff);
        assert_eq!(aligned.links[0].lower(), Some(1));
        assert_eq!(aligned.links[1].lower(), Some(0));
        assert_eq!(aligned.links[2], Link::Unmatched);
    }

    #[test]
    fn one_lower_item_is_not_given_to_two_higher_items() {
        let lower = level("senior", &[("Technical", "Reviews code of the team")]);
        let higher = level(
            "staff",
            &[("Technical", "Reviews code of the team"), ("Technical", "Reviews code of teams")],
        );
        let aligned = run(&lower, &higher);
        assert_eq!(aligned.links[0].lower(), Some(0));
        assert!(aligned.links[1].lower().is_none());
        assert!(
            matches!(&aligned.links[1], Link::Uncertain { candidates } if candidates[0].lower == 0)
        );
    }

    #[test]
    fn annotations_win_over_similarity() {
        let lower = level("senior", &[("Technical", "Reviews code"), ("Technical", "Plans work")]);
        let mut higher = level("staff", &[("Technical", "Reviews code"), ("Technical", "Teaches")]);
        higher.sections[0].groups[0].items[0].escalates = Some("Plans work".into());
        higher.sections[0].groups[0].items[1].new_here = true;
        let aligned = run(&lower, &higher);
        assert_eq!(aligned.links, [Link::Explicit { lower: 1 }, Link::DeclaredNew]);
    }

    fn item_in(path: &str, text: &str) -> Item {
        Item::new(text, Span::new(&Arc::new(SourceFile::new(path, "x")), 0..1))
    }

    #[test]
    fn file_pattern_blanks_the_level_key_only_as_a_whole_word() {
        let section = Section { name: "Technical".into(), heading: None, groups: Vec::new() };
        let group = Group { name: None, items: Vec::new() };
        let pattern = |path: &str, key: &str| {
            let item = item_in(path, "Writes code");
            file_pattern(&ItemRef { section: &section, group: &group, item: &item }, key)
        };
        assert_eq!(pattern("includes/senior-technical.md", "senior"), "includes/*-technical.md");
        assert_eq!(
            pattern("includes/senior-technical.md", "senior"),
            pattern("includes/staff-technical.md", "staff")
        );
        assert_eq!(pattern("pages/seniority.md", "senior"), "pages/seniority.md");
    }

    #[test]
    fn the_same_list_one_level_down_is_preferred_to_another_file() {
        let text = "Reviews designs of the team";
        let mut senior = level("senior", &[("Technical", "Plans work")]);
        senior.sections[0].groups[0].items =
            vec![item_in("content/senior.md", text), item_in("includes/senior-technical.md", text)];
        let mut staff = level("staff", &[("Technical", "Plans work")]);
        staff.sections[0].groups[0].items =
            vec![item_in("includes/staff-technical.md", "Reviews designs of the stage")];
        let aligned = run(&senior, &staff);
        let row = &aligned.scores[0];
        assert!(score_of(row, 1) > score_of(row, 0), "{row:?}");
        assert_eq!(aligned.links[0].suggestion(), Some(1));
    }

    #[test]
    fn reworded_topic_labels_are_one_topic_however_many_topics_a_level_has() {
        let file = Arc::new(SourceFile::new("x.md", "x"));
        let topic = |name: String| crate::model::Topic { name, span: Span::new(&file, 0..1) };
        for others in [2, TOPIC_TABLE_UP_TO + 10] {
            let mut labels = vec![
                "Quad Planning & Test Coverage".to_string(),
                "Test Strategy (Quad Planning) & Test Coverage".into(),
                "Incident Response".into(),
            ];
            labels.extend((0..others).map(|n| format!("Topic {n}")));
            let topics: Vec<crate::model::Topic> = labels.into_iter().map(topic).collect();
            let numbered = Topics::new(topics.iter().map(Some));
            let (quad, strategy, incidents) = (numbered.of[0], numbered.of[1], numbered.of[2]);
            assert!(numbered.same(quad, strategy), "{others} other topics");
            assert!(!numbered.same(quad, incidents), "{others} other topics");
            assert!(numbered.same(None, incidents));
        }
    }
}
