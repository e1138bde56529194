#![doc = include_str!("scope_regression.md")]

use crate::finding::Finding;
use crate::hash::TextMap;
use crate::lint::{Check, Context};
use crate::model::{Item, ItemRef, words};
use crate::rules::{CheckSettings, Scope};

/// The `scope-regression` check.
pub const CHECK: Check = Check {
    id: "scope-regression",
    summary: "an aligned item whose scope is narrower than its counterpart's at the level below",
    doc: include_str!("scope_regression.md"),
    input_errors: &[],
    reads_alignment: true,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    use rayon::prelude::*;
    let scopes = ScopeWords::new(&context.rules.scopes);
    // Every linked pair of items to compare, in order: framework, lower and higher level,
    // higher and lower item.
    let mut compared = Vec::new();
    for aligned in &context.alignment.frameworks {
        let Some(framework) = context.workspace.frameworks.get(aligned.framework) else {
            continue;
        };
        // Written topic by topic, a cell is rewritten as a whole and its items pair with the
        // cell below only loosely: a scope word compared across such a pair says nothing.
        if !super::topics::item_by_item(context, framework) {
            continue;
        }
        for pair in &aligned.pairs {
            let (lower, higher) = (&framework.levels[pair.lower], &framework.levels[pair.higher]);
            let lower_items: Vec<ItemRef> = lower.items().collect();
            for (found, link) in higher.items().zip(&pair.links) {
                if settings.exempt_sections.contains(&found.section.name) || found.item.is_detail()
                {
                    continue;
                }
                let Some(low) = link.lower().and_then(|l| lower_items.get(l)) else { continue };
                compared.push((framework, lower, higher, found.item, low.item));
            }
        }
    }
    // The widest scope of each text asked about, worked out once and on every core (this check
    // runs once the alignment is there, when little else is left to run): an item is the higher
    // item of one pair and the lower of the next, and includes put one text in many frameworks.
    // Link text names a page ("the Product section"), not how far the item reaches.
    let mut distinct: Vec<String> = Vec::new();
    let mut index: TextMap<String, usize> = TextMap::default();
    let mut text_of = |item: &Item| {
        let text = item.unlinked_text();
        *index.entry(text).or_insert_with_key(|text| {
            distinct.push(text.clone());
            distinct.len() - 1
        })
    };
    let asked: Vec<(usize, usize)> =
        compared.iter().map(|(_, _, _, high, low)| (text_of(high), text_of(low))).collect();
    drop(index);
    let widest: Vec<Option<usize>> = distinct.par_iter().map(|text| scopes.widest(text)).collect();
    let mut findings = Vec::new();
    for ((framework, lower, higher, high, low), (high_at, low_at)) in compared.iter().zip(asked) {
        let (Some(high_scope), Some(low_scope)) = (widest[high_at], widest[low_at]) else {
            continue;
        };
        if high_scope >= low_scope {
            continue;
        }
        let (high_name, low_name) = (scopes.name(high_scope), scopes.name(low_scope));
        findings.push(
            Finding::new(
                "scope-regression",
                settings.severity,
                high.origin.clone(),
                format!(
                    "{} item's scope ({high_name}) is narrower than its counterpart's at {} ({low_name})",
                    higher.name, lower.name
                ),
            )
            .label(format!("scope: {high_name}"))
            .related(low.origin.clone(), format!("escalates this {} item, scope: {low_name}", lower.name))
            .help(format!(
                "a higher level should reach at least as wide as the one below: widen the item to the {low_name} or beyond, or link it to another item"
            ))
            .context(&framework.id, &higher.key),
        );
    }
    findings
}

/// The scope vocabulary as word runs, matched on lightly stemmed words.
struct ScopeWords<'a> {
    scopes: &'a [Scope],
    runs: Vec<(usize, Vec<String>)>,
}

impl<'a> ScopeWords<'a> {
    fn new(scopes: &'a [Scope]) -> Self {
        let runs = scopes
            .iter()
            .enumerate()
            .flat_map(|(rank, scope)| {
                scope.words.iter().map(move |wording| (rank, light_stems(wording)))
            })
            .filter(|(_, run)| !run.is_empty())
            .collect();
        Self { scopes, runs }
    }

    /// Rank of the widest scope `text` names.
    fn widest(&self, text: &str) -> Option<usize> {
        let stems = light_stems(text);
        self.runs
            .iter()
            .filter(|(_, run)| crate::align::contains_run(&stems, run))
            .map(|(rank, _)| *rank)
            .max()
    }

    fn name(&self, rank: usize) -> &str {
        self.scopes.get(rank).map_or("?", |scope| scope.name.as_str())
    }
}

/// Words with plural and possessive endings dropped. Not a full stemmer on purpose: Snowball
/// makes "organize" and "organization" one stem, and "organizes their work" is no scope.
fn light_stems(text: &str) -> Vec<String> {
    words(text)
        .map(|mut word| {
            if word.ends_with("'s") {
                word.truncate(word.len() - 2);
            }
            if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
                word.pop();
            }
            word
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widest_scope_wins_and_forms_meet() -> Result<(), crate::rules::RulesError> {
        let rules = crate::rules::Rules::defaults()?;
        let scopes = ScopeWords::new(&rules.scopes);
        let team = scopes.widest("Helps teams ship");
        let company = scopes.widest("Helps teams and the whole company");
        assert!(team.is_some() && company > team);
        assert_eq!(scopes.widest("Organizes their work"), None);
        assert!(scopes.widest("Works with cross-functional partners") > team);
        Ok(())
    }
}
