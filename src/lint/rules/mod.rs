//! Declarative rules run over the model: each rule (read and compiled by
//! [`crate::rules::declarative`]) fires on the items its pattern matches, and checks itself
//! against its own `valid`/`invalid` cases.

mod test;

pub use test::{CaseOutcome, RuleTest, test_rule};

pub use crate::rules::declarative::{Rule, load};

use crate::finding::{Finding, Severity};
use crate::model::Workspace;

/// Runs every rule over every item, one finding per item origin.
pub fn run(rules: &[Rule], workspace: &Workspace) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules.iter().filter(|rule| rule.severity != Severity::Off) {
        for framework in &workspace.frameworks {
            for level in &framework.levels {
                // Examples and signals are quoted practice ("I decided to…"), not criteria.
                for found in level.items().filter(|found| !found.item.is_detail()) {
                    let in_scope =
                        rule.sections.is_empty() || rule.sections.contains(&found.section.name);
                    if in_scope && rule.matches(&found.item.text) {
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
