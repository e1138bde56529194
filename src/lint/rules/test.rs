//! Rule self-tests: every `valid` case must not match and every `invalid` case must.

use super::Rule;

/// How one case of a rule came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseOutcome {
    /// The case behaves as declared.
    Validated,
    /// A `valid` case matched: the rule would raise false alarms.
    Noisy,
    /// An `invalid` case did not match: the rule misses what it is for.
    Missing,
}

/// The outcome of every case of one rule.
#[derive(Debug, Clone)]
pub struct RuleTest {
    /// The rule's id.
    pub id: String,
    /// Each case with its outcome.
    pub cases: Vec<(String, CaseOutcome)>,
}

impl RuleTest {
    /// Whether every case is validated and there is at least one of each kind.
    pub fn passed(&self) -> bool {
        !self.cases.is_empty()
            && self.cases.iter().all(|(_, outcome)| *outcome == CaseOutcome::Validated)
    }
}

/// Runs a rule over its own cases.
pub fn test_rule(rule: &Rule) -> RuleTest {
    let valid = rule.valid.iter().map(|case| {
        (case.clone(), if rule.matches(case) { CaseOutcome::Noisy } else { CaseOutcome::Validated })
    });
    let invalid = rule.invalid.iter().map(|case| {
        (
            case.clone(),
            if rule.matches(case) { CaseOutcome::Validated } else { CaseOutcome::Missing },
        )
    });
    RuleTest { id: rule.id.clone(), cases: valid.chain(invalid).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_pass_their_own_cases() -> Result<(), crate::rules::RulesError> {
        let mut sources = crate::source::SourceMap::new(Box::new(crate::source::FsTree));
        let rules = super::super::load(None, &mut sources)?;
        assert!(rules.len() >= 2);
        for rule in &rules {
            let outcome = test_rule(rule);
            assert!(!rule.valid.is_empty() && !rule.invalid.is_empty(), "{} lacks cases", rule.id);
            assert!(outcome.passed(), "{:?}", outcome);
        }
        Ok(())
    }

    #[test]
    fn a_noisy_or_missing_case_is_told_apart() -> Result<(), crate::rules::RulesError> {
        let file = std::sync::Arc::new(crate::source::SourceFile::new(
            "r.yml",
            "id: x\nseverity: warning\nmessage: m\ndescription: d\npattern: 'TODO'\nvalid: [a TODO here]\ninvalid: [nothing]\n",
        ));
        let rule = crate::rules::declarative::compile(&file)?;
        let outcome = test_rule(&rule);
        let kinds: Vec<&CaseOutcome> = outcome.cases.iter().map(|(_, kind)| kind).collect();
        assert_eq!(kinds, [&CaseOutcome::Noisy, &CaseOutcome::Missing]);
        assert!(!outcome.passed());
        Ok(())
    }

    #[test]
    fn a_pattern_that_does_not_compile_names_its_line() {
        let file = std::sync::Arc::new(crate::source::SourceFile::new(
            "r.yml",
            "id: x\nseverity: warning\nmessage: m\ndescription: d\npattern: '(unclosed'\n",
        ));
        match crate::rules::declarative::compile(&file) {
            Err(crate::rules::RulesError::Yaml(error)) => assert_eq!(error.line, 5),
            other => panic!("expected a YAML error at line 5, got {other:?}"),
        }
    }
}
