//! `ladder align`: chains on the fixture, the curated file round trip, and --eval.

use crate::support::{finding_ids, fixture, ladder, lint_json};

#[test]
fn align_shows_chains_with_scores_and_declared_new_items() {
    let run = ladder([std::path::Path::new("align"), &fixture("handbook")]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("associate -> intermediate -> senior -> staff"), "{}", run.out);
    assert!(run.out.contains("[declared new]"), "{}", run.out);
    assert!(run.out.contains("Leadership#1"), "{}", run.out);
}

#[test]
fn align_json_has_links_and_chains() {
    let run = ladder([
        std::path::Path::new("align"),
        std::path::Path::new("--format"),
        std::path::Path::new("json"),
        &fixture("handbook"),
    ]);
    let document: serde_json::Value = serde_json::from_str(&run.out).unwrap_or_default();
    let pairs = document["frameworks"][0]["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 3);
    assert!(document["frameworks"][0]["chains"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn written_draft_is_read_back_by_lint_and_staleness_is_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let draft = dir.path().join("alignment.yml");
    let case = fixture("checks/escalation/invalid-new-item");
    let run =
        ladder([std::path::Path::new("align"), std::path::Path::new("--write"), &draft, &case]);
    assert_eq!(run.status, 0, "{}", run.err);
    let text = std::fs::read_to_string(&draft).unwrap_or_default();
    assert!(text.contains("new: true"), "{text}");
    // With the draft, the new item is declared new: escalation is quiet.
    let linted =
        ladder([std::path::Path::new("lint"), std::path::Path::new("--alignment"), &draft, &case]);
    assert!(!linted.out.contains("ladder::escalation"), "{}", linted.out);
    // Without it, the same item is reported.
    let (_, document) = lint_json(&case);
    assert!(finding_ids(&document).contains(&"escalation".to_string()));
    // An entry whose item is gone is stale.
    std::fs::write(&draft, text.replace("Gives talks", "Writes blog posts")).unwrap_or_default();
    let stale =
        ladder([std::path::Path::new("lint"), std::path::Path::new("--alignment"), &draft, &case]);
    assert!(stale.out.contains("ladder::alignment-stale"), "{}", stale.out);
}

#[test]
fn eval_prints_precision_and_recall_per_pair() {
    let Some(corpus) = crate::support::corpus("gitlab-handbook") else { return };
    let run = ladder([
        std::path::Path::new("align"),
        std::path::Path::new("--eval"),
        &fixture("alignment-labels"),
        &corpus,
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    for word in ["support senior->staff", "held-out pairs", "P@1", "R@3", "FCnew"] {
        assert!(run.out.contains(word), "{word}:\n{}", run.out);
    }
}

#[test]
fn eval_on_the_fixture_reports_unknown_framework_as_an_error() {
    let run = ladder([
        std::path::Path::new("align"),
        std::path::Path::new("--eval"),
        &fixture("alignment-labels"),
        &fixture("handbook"),
    ]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("was not read"), "{}", run.err);
}
