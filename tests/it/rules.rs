//! Declarative rules from a handbook's own rules folder: they run in lint, explain themselves,
//! and `ladder test-rules` classifies their cases.

use std::path::Path;

use crate::support::{fixture, ladder};

fn rules_folder(rule: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(dir.path().join("lint")).expect("lint folder");
    std::fs::write(dir.path().join("lint/custom.yml"), rule).expect("rule");
    dir
}

const NO_RETRO: &str = "id: no-retro\nseverity: error\nmessage: item mentions retrospectives\n\
description: An example rule.\npattern: '(?i)retrospective'\nvalid: [Leads planning.]\ninvalid: [Leads retrospectives.]\n";

#[test]
fn own_rule_fires_in_lint_at_the_item() {
    let folder = rules_folder(NO_RETRO);
    let run =
        ladder([Path::new("lint"), Path::new("--rules"), folder.path(), &fixture("handbook")]);
    assert_eq!(run.status, 1, "{}\n{}", run.out, run.err);
    assert!(
        run.out.contains("ladder::no-retro")
            && run.out.contains("associate-leadership.md\n")
            && run.out.contains("[5:3]"),
        "{}",
        run.out
    );
}

#[test]
fn own_rule_is_explained() {
    let folder = rules_folder(NO_RETRO);
    let run =
        ladder([Path::new("explain"), Path::new("no-retro"), Path::new("--rules"), folder.path()]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(
        run.out.contains("## Why it matters")
            && run.out.contains("fires on: Leads retrospectives.")
    );
}

#[test]
fn test_rules_reports_noisy_and_missing_cases() {
    let folder = rules_folder(
        &NO_RETRO.replace("valid: [Leads planning.]", "valid: [Runs the retrospective.]"),
    );
    let run = ladder([Path::new("test-rules"), Path::new("--rules"), folder.path()]);
    assert_eq!(run.status, 1);
    assert!(
        run.out.contains("FAILED no-retro") && run.out.contains("noisy: a valid case matches"),
        "{}",
        run.out
    );
    assert!(run.out.contains("ok     first-person"), "{}", run.out);
}

#[test]
fn rule_with_a_broken_pattern_is_an_input_error_at_its_line() {
    let folder = rules_folder(&NO_RETRO.replace("'(?i)retrospective'", "'(unclosed'"));
    let run =
        ladder([Path::new("lint"), Path::new("--rules"), folder.path(), &fixture("handbook")]);
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("custom.yml:5:") && run.err.contains("pattern does not compile"),
        "{}",
        run.err
    );
}
