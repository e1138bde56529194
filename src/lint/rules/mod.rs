//! Declarative rules run over the model: each rule (read and compiled by
//! [`crate::rules::declarative`]) fires on the items its pattern matches, and checks itself
//! against its own `valid`/`invalid` cases.

mod test;

pub use test::{CaseOutcome, RuleTest, test_rule};

pub use crate::rules::declarative::{Rule, load};

use crate::finding::{Finding, Severity};
use crate::hash::TextMap;
use crate::model::Workspace;

/// Runs every rule over every item, one finding per item origin.
pub fn run(rules: &[Rule], workspace: &Workspace) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules.iter().filter(|rule| rule.severity != Severity::Off) {
        // Whether each text matches, tried once: includes put one text in many frameworks.
        let mut matched: TextMap<&str, bool> = TextMap::default();
        for framework in &workspace.frameworks {
            for level in &framework.levels {
                // Examples and signals are quoted practice ("I decided to…"), not criteria.
                for found in level.items().filter(|found| !found.item.is_detail()) {
                    let in_scope =
                        rule.sections.is_empty() || rule.sections.contains(&found.section.name);
                    let text = found.item.text.as_str();
                    if in_scope && *matched.entry(text).or_insert_with(|| rule.matches(text)) {
                        let mut finding = Finding::new(
                            &rule.id,
                            rule.severity,
                            found.item.origin.clone(),
                            rule.message.clone(),
                        )
                        .label("matches the rule's pattern")
                        .context(&framework.id, &level.key);
                        finding.help = rule.help.clone();
                        findings.push(finding);
                    }
                }
            }
        }
    }
    findings
}
