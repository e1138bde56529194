//! Chains of an alignment: each item followed upward through its confident and explicit links,
//! so a maintainer sees how a competency grows level by level (rendered by `report::chains`).

use super::{FrameworkAlignment, Link, PairAlignment};
use crate::model::Framework;

/// One step of a chain: an item at a level and how it links to the step before.
#[derive(Debug, Clone)]
pub struct Step {
    /// Index of the level.
    pub level: usize,
    /// Index of the item in the level.
    pub item: usize,
    /// How it links to the level below (`None` at the lowest level).
    pub link: Option<Link>,
}

/// Chains of a framework: each starts at an item of the lowest level or at an item that links to
/// nothing for sure, and follows confident and explicit links upward.
pub fn chains(framework: &Framework, aligned: &FrameworkAlignment) -> Vec<Vec<Step>> {
    // Per pair, the first higher item linked to each lower item: followed in constant time.
    let above: Vec<Vec<Option<usize>>> = aligned
        .pairs
        .iter()
        .map(|pair| {
            let lower_items =
                framework.levels.get(pair.lower).map_or(0, |level| level.items().count());
            let mut above = vec![None; lower_items];
            for (item, link) in pair.links.iter().enumerate().rev() {
                if let Some(slot) = link.lower().and_then(|lower| above.get_mut(lower)) {
                    *slot = Some(item);
                }
            }
            above
        })
        .collect();
    let mut found = Vec::new();
    for (level_index, level) in framework.levels.iter().enumerate() {
        let pair = aligned.pairs.iter().find(|pair| pair.higher == level_index);
        for item in 0..level.items().count() {
            let link = pair.and_then(|pair| pair.links.get(item).cloned());
            if link.as_ref().and_then(Link::lower).is_some() {
                continue;
            }
            let mut chain = vec![Step { level: level_index, item, link }];
            extend(aligned, &above, &mut chain);
            found.push(chain);
        }
    }
    found
}

/// Follows the chain's last step upward through the first pair above it that links to it;
/// `above` holds, per pair, the first higher item linked to each lower item.
fn extend(aligned: &FrameworkAlignment, above: &[Vec<Option<usize>>], chain: &mut Vec<Step>) {
    while let Some(last) = chain.last() {
        let next =
            aligned.pairs.iter().zip(above).filter(|(pair, _)| pair.lower == last.level).find_map(
                |(pair, above)| {
                    above.get(last.item).copied().flatten().map(|item| Step {
                        level: pair.higher,
                        item,
                        link: pair.links.get(item).cloned(),
                    })
                },
            );
        match next {
            Some(step) => chain.push(step),
            None => break,
        }
    }
}

/// Counts of outcomes of one pair: explicit, confident, uncertain, declared new, new.
pub fn counts(pair: &PairAlignment) -> [usize; 5] {
    let mut counts = [0; 5];
    for link in &pair.links {
        let slot = match link {
            Link::Explicit { .. } => 0,
            Link::Confident { .. } => 1,
            Link::Uncertain { .. } => 2,
            Link::DeclaredNew => 3,
            Link::Unmatched => 4,
        };
        counts[slot] += 1;
    }
    counts
}
