//! Alignment across levels: for each pair of adjacent levels, which lower item each higher item
//! escalates. Explicit links (ids, annotations, the curated file) come first; the rest are
//! matched by word similarity with a one-to-one assignment and a threshold.

mod similarity;

pub use similarity::{Similarity, content_words};

use crate::model::{Framework, Item, ItemRef, Level, Workspace};
use crate::rules::Rules;

/// An item's place in a level: its index in [`Level::items`] order.
pub type ItemIndex = usize;

/// Alignment of every framework of a workspace.
#[derive(Debug, Default)]
pub struct Alignment {
    /// One entry per framework, in workspace order.
    pub frameworks: Vec<FrameworkAlignment>,
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
#[derive(Debug)]
pub struct PairAlignment {
    /// Index of the lower level.
    pub lower: usize,
    /// Index of the higher level.
    pub higher: usize,
    /// One link per item of the higher level, in [`Level::items`] order.
    pub links: Vec<Link>,
}

/// What one higher item grows from.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Linked by an id, an annotation or the curated alignment file.
    Explicit {
        /// The lower item.
        lower: ItemIndex,
    },
    /// Matched with a similarity at or above the threshold.
    Confident {
        /// The lower item.
        lower: ItemIndex,
        /// Its similarity, 0 to 1.
        score: f64,
    },
    /// Similar items exist but none clearly enough: for a maintainer to decide.
    Uncertain {
        /// Best candidates first, with their similarity.
        candidates: Vec<(ItemIndex, f64)>,
    },
    /// Declared new at this level.
    DeclaredNew,
    /// Nothing below resembles it.
    Unmatched,
}

impl Link {
    /// The lower item this link names, if it names one.
    pub fn lower(&self) -> Option<ItemIndex> {
        match self {
            Self::Explicit { lower } | Self::Confident { lower, .. } => Some(*lower),
            _ => None,
        }
    }
}

/// Aligns every adjacent pair of levels of every framework.
pub fn align(workspace: &Workspace, rules: &Rules) -> Alignment {
    let frameworks = workspace
        .frameworks
        .iter()
        .enumerate()
        .map(|(index, framework)| align_framework(index, framework, rules))
        .collect();
    Alignment { frameworks }
}

/// Aligns one framework.
pub fn align_framework(index: usize, framework: &Framework, rules: &Rules) -> FrameworkAlignment {
    let pairs = framework
        .level_pairs()
        .map(|(lower, higher)| PairAlignment {
            lower,
            higher,
            links: align_levels(&framework.levels[lower], &framework.levels[higher], rules),
        })
        .collect();
    FrameworkAlignment { framework: index, pairs }
}

/// Links each item of `higher` to an item of `lower`.
pub fn align_levels(lower: &Level, higher: &Level, rules: &Rules) -> Vec<Link> {
    let lower_items: Vec<ItemRef> = lower.items().collect();
    let higher_items: Vec<ItemRef> = higher.items().collect();
    let similarity =
        Similarity::new(lower_items.iter().chain(&higher_items).map(|found| found.item));
    let threshold = rules.alignment.threshold;
    let mut links: Vec<Option<Link>> =
        higher_items.iter().map(|found| explicit(found.item, &lower_items)).collect();
    let taken: Vec<bool> = {
        let mut taken = vec![false; lower_items.len()];
        for link in links.iter().flatten() {
            if let Some(lower) = link.lower() {
                taken[lower] = true;
            }
        }
        taken
    };
    let scores: Vec<Vec<f64>> = higher_items
        .iter()
        .map(|high| {
            lower_items
                .iter()
                .map(|low| {
                    let same_section = low.section.name == high.section.name;
                    let score = similarity.score(high.item, low.item);
                    if same_section { score } else { score * 0.8 }
                })
                .collect()
        })
        .collect();
    let open: Vec<usize> = (0..higher_items.len()).filter(|&h| links[h].is_none()).collect();
    let free: Vec<usize> = (0..lower_items.len()).filter(|&l| !taken[l]).collect();
    let matrix: Vec<Vec<f64>> =
        open.iter().map(|&h| free.iter().map(|&l| scores[h][l]).collect()).collect();
    let assignment = similarity::assign(&matrix);
    for (row, &h) in open.iter().enumerate() {
        let assigned = assignment[row].map(|column| (free[column], matrix[row][column]));
        links[h] = Some(match assigned {
            Some((lower, score)) if score >= threshold => Link::Confident { lower, score },
            _ if higher_items[h].item.new_here => Link::DeclaredNew,
            _ => {
                let mut candidates: Vec<(usize, f64)> = scores[h]
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(_, score)| *score >= threshold / 2.0)
                    .collect();
                candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
                candidates.truncate(3);
                if candidates.is_empty() { Link::Unmatched } else { Link::Uncertain { candidates } }
            }
        });
    }
    links.into_iter().map(|link| link.unwrap_or(Link::Unmatched)).collect()
}

/// The explicit link of `item`: its `escalates` id or text, or `new`.
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
