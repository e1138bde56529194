//! Alignment across levels: for each pair of adjacent levels, which lower item each higher item
//! escalates. Explicit links (ids, annotations, the curated alignment file) come first; the rest
//! are scored by word and concept similarity and assigned one-to-one over the whole level, with
//! three outcomes: a confident link, an uncertain one with ranked candidates, or new at this level.

mod assign;
mod chains;
pub mod curated;
pub mod eval;
mod pair;
pub mod reference;
mod similarity;

pub use assign::assign;
pub use chains::{Step, chains, counts};
pub use curated::{Curated, CuratedError, Stale};
pub use pair::{PairInput, align_input, align_levels, align_tokens, score_of};
pub use reference::{fingerprint, item_refs};
pub use similarity::{
    PlacedText, Ranks, Similarity, TextTokens, Tokenizer, contains_run, content_words,
};

use rustc_hash::FxHashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::Workspace;
use crate::rules::Rules;

/// An item's place in a level: its index in [`crate::model::Level::items`] order.
pub type ItemIndex = usize;

/// Alignment of every framework of a workspace.
#[derive(Debug, Default)]
pub struct Alignment {
    /// One entry per framework, in workspace order.
    pub frameworks: Vec<FrameworkAlignment>,
    /// Entries of the curated alignment file that no longer match the frameworks.
    pub stale: Vec<Stale>,
}

/// Alignment of one framework: one entry per edge of its level graph.
#[derive(Debug, Default)]
pub struct FrameworkAlignment {
    /// Index of the framework in the workspace.
    pub framework: usize,
    /// One entry per (lower, higher) level pair.
    pub pairs: Vec<PairAlignment>,
}

/// How each item of a higher level links to the level below.
#[derive(Debug, Default, Clone)]
pub struct PairAlignment {
    /// Index of the lower level.
    pub lower: usize,
    /// Index of the higher level.
    pub higher: usize,
    /// One link per item of the higher level, in [`crate::model::Level::items`] order.
    pub links: Vec<Link>,
    /// Per item of the higher level, the most similar lower items, best first (at most three).
    pub candidates: Vec<Vec<Candidate>>,
    /// Per higher item, the lower items it shares informative words with and their similarity,
    /// sorted by lower item ([`score_of`]); every other pair scores 0 or close to it. Shared by
    /// the pairs that align the same.
    pub scores: Arc<Vec<Vec<Candidate>>>,
}

/// A lower item that might be what a higher item grows from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The lower item.
    pub lower: ItemIndex,
    /// Its similarity, 0 to 1 (lowered for another section).
    pub score: f64,
}

/// What one higher item grows from.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Linked by an id, an annotation or the curated alignment file.
    Explicit {
        /// The lower item.
        lower: ItemIndex,
    },
    /// Assigned with a similarity at or above the threshold, clearly ahead of the others.
    Confident {
        /// The lower item.
        lower: ItemIndex,
        /// Its similarity, 0 to 1.
        score: f64,
    },
    /// Similar items exist but none clearly enough: for a maintainer to decide.
    Uncertain {
        /// Best candidates first.
        candidates: Vec<Candidate>,
    },
    /// Declared new at this level (annotation, YAML or curated file).
    DeclaredNew,
    /// Nothing below resembles it: new at this level, unless a maintainer says otherwise.
    Unmatched,
}

impl Link {
    /// The lower item this link names, if it names one for sure.
    pub fn lower(&self) -> Option<ItemIndex> {
        match self {
            Self::Explicit { lower } | Self::Confident { lower, .. } => Some(*lower),
            _ => None,
        }
    }

    /// The lower item a maintainer is shown first: the link's, or the best uncertain candidate.
    pub fn suggestion(&self) -> Option<ItemIndex> {
        match self {
            Self::Uncertain { candidates } => candidates.first().map(|c| c.lower),
            other => other.lower(),
        }
    }

    /// The outcome as one word: explicit, confident, uncertain, declared-new or new.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Explicit { .. } => "explicit",
            Self::Confident { .. } => "confident",
            Self::Uncertain { .. } => "uncertain",
            Self::DeclaredNew => "declared-new",
            Self::Unmatched => "new",
        }
    }
}

/// Aligns every adjacent pair of levels of every framework, from similarity and annotations.
pub fn align(workspace: &Workspace, rules: &Rules) -> Alignment {
    align_with(workspace, rules, None)
}

/// Aligns every framework, taking the curated alignment file's links (when given) as explicit.
/// Level pairs that align the same (identical frameworks, lists many frameworks include) are
/// aligned once; distinct pairs are aligned in parallel.
pub fn align_with(workspace: &Workspace, rules: &Rules, curated: Option<&Curated>) -> Alignment {
    // The tokenizer (concepts and synonyms) is built beside the pairs to align.
    let (tokenizer, (jobs, same, mut stale)) = rayon::join(
        || Tokenizer::with_synonyms(&rules.concepts, &rules.synonyms),
        || jobs_of(workspace, curated),
    );
    let distinct: Vec<usize> = (0..jobs.len()).filter(|&at| same[at] == at).collect();
    // Every text tokenized first, so that tokens are placed in id order once for all pairs; all
    // in one call, whose new texts and words are worked out on every core.
    let mut all =
        tokenizer.cached_all(distinct.iter().flat_map(|&at| jobs[at].input.texts())).into_iter();
    let texts: Vec<Vec<Arc<TextTokens>>> = distinct
        .iter()
        .map(|&at| all.by_ref().take(jobs[at].input.texts().count()).collect())
        .collect();
    let ranks = tokenizer.ranks();
    // Each text's tokens placed once, however many pairs hold it.
    let mut placed_of: FxHashMap<*const TextTokens, Arc<PlacedText>> = FxHashMap::default();
    let placed: Vec<Vec<Arc<PlacedText>>> = texts
        .iter()
        .map(|texts| {
            texts
                .iter()
                .map(|text| {
                    placed_of
                        .entry(Arc::as_ptr(text))
                        .or_insert_with(|| Arc::new(ranks.place(text)))
                        .clone()
                })
                .collect()
        })
        .collect();
    drop(placed_of);
    let aligned: Vec<PairAlignment> = distinct
        .par_iter()
        .zip(&placed)
        .map(|(&at, texts)| align_tokens(&jobs[at].input, rules, texts, &ranks, &jobs[at].fixed))
        .collect();
    // Each result moved to the last pair that aligns alike, copied to the others.
    let mut results: Vec<Option<PairAlignment>> = aligned.into_iter().map(Some).collect();
    let slot_of: FxHashMap<usize, usize> =
        distinct.iter().enumerate().map(|(slot, &at)| (at, slot)).collect();
    let mut last_use = vec![0; results.len()];
    for (at, first) in same.iter().enumerate() {
        if let Some(&slot) = slot_of.get(first) {
            last_use[slot] = at;
        }
    }
    let mut frameworks: Vec<FrameworkAlignment> = workspace
        .frameworks
        .iter()
        .enumerate()
        .map(|(framework, _)| FrameworkAlignment { framework, pairs: Vec::new() })
        .collect();
    for (at, job) in jobs.iter().enumerate() {
        let Some(&slot) = slot_of.get(&same[at]) else { continue };
        let found = if last_use[slot] == at { results[slot].take() } else { results[slot].clone() };
        let Some(mut pair) = found else { continue };
        pair.lower = job.lower;
        pair.higher = job.higher;
        frameworks[job.framework].pairs.push(pair);
    }
    if let Some(curated) = curated {
        stale.extend(curated.unknown_pairs(workspace));
    }
    Alignment { frameworks, stale }
}

/// Every level pair of every framework to align, with each one's first pair of the same key
/// (aligned once for all), and the curated links gone stale.
fn jobs_of<'a>(
    workspace: &'a Workspace,
    curated: Option<&'a Curated>,
) -> (Vec<Job<'a>>, Vec<usize>, Vec<Stale>) {
    let mut stale = Vec::new();
    let mut pairs = Vec::new();
    for (index, framework) in workspace.frameworks.iter().enumerate() {
        for (lower, higher) in framework.level_pairs() {
            let (lower_level, higher_level) = (&framework.levels[lower], &framework.levels[higher]);
            let fixed = match curated {
                Some(curated) => {
                    let (fixed, gone) = curated.resolve(framework, lower_level, higher_level);
                    stale.extend(gone);
                    fixed
                }
                None => Vec::new(),
            };
            pairs.push((index, lower, higher, fixed));
        }
    }
    // The inputs and their keys' hashes are worked out on every core.
    let jobs: Vec<Job> = pairs
        .into_par_iter()
        .map(|(index, lower, higher, fixed)| {
            let framework = &workspace.frameworks[index];
            let input = PairInput::new(&framework.levels[lower], &framework.levels[higher]);
            Job { framework: index, lower, higher, input, fixed }
        })
        .collect();
    let hasher = foldhash::fast::FixedState::default();
    let keys: Vec<Keyed> = jobs
        .par_iter()
        .map(|job| {
            let key = job.input.key(&job.fixed);
            Keyed { hash: std::hash::BuildHasher::hash_one(&hasher, &key), key }
        })
        .collect();
    let mut first: FxHashMap<&Keyed, usize> = FxHashMap::default();
    let same = keys.iter().enumerate().map(|(at, key)| *first.entry(key).or_insert(at)).collect();
    drop(first);
    drop(keys);
    (jobs, same, stale)
}

/// A pair's key with its hash, worked out beforehand.
struct Keyed<'a> {
    hash: u64,
    key: pair::PairKey<'a>,
}

impl std::hash::Hash for Keyed<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Keyed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.key == other.key
    }
}

impl Eq for Keyed<'_> {}

/// One level pair of one framework to align.
struct Job<'a> {
    framework: usize,
    lower: usize,
    higher: usize,
    input: PairInput<'a>,
    fixed: Vec<(ItemIndex, pair::Fixed)>,
}
