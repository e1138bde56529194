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
#[ignore = "needs ../shared/corpus"]
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

/// Writes a two-level handbook page set (in this test's own words) under `root`.
fn write_team(root: &std::path::Path, staff_items: &[&str]) {
    let folder = root.join("content/team");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    let page = |title: &str, items: &[&str]| {
        let bullets: Vec<String> = items.iter().map(|item| format!("- {item}")).collect();
        format!(
            "---\ntitle: \"Team: {title} Engineer\"\n---\n\n## {title} Engineer\n\n### Technical Competencies\n\n{}\n",
            bullets.join("\n")
        )
    };
    let senior = [
        "Writes tested code for features of the team.",
        "Reviews merge requests of teammates and explains each comment.",
        "Keeps the service dashboards current for the team.",
    ];
    std::fs::write(folder.join("senior.md"), page("Senior", &senior)).unwrap_or_default();
    std::fs::write(folder.join("staff.md"), page("Staff", staff_items)).unwrap_or_default();
}

/// Ids of the alignment findings (escalation and alignment-stale) of a lint run on `root`.
fn alignment_findings(root: &std::path::Path) -> Vec<String> {
    let (_, document) = lint_json(root);
    finding_ids(&document)
        .into_iter()
        .filter(|id| id.starts_with("escalation") || id.starts_with("alignment-stale"))
        .collect()
}

const STAFF: [&str; 4] = [
    "Writes tested code for features that span the stage.",
    "Reviews merge requests across teams and explains each comment.",
    "Speaks at conferences about the platform.",
    "Owns service health reporting for the stage.",
];

#[test]
fn curated_workflow_draft_edit_lint_reword_update_and_remove() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().join("handbook");
    write_team(&root, &STAFF);
    let file = root.join("alignment.yml");
    // Before any curation: one item resembles nothing below, one is uncertain.
    let before = alignment_findings(&root);
    assert!(before.contains(&"escalation".to_string()), "{before:?}");
    assert!(before.contains(&"escalation/uncertain".to_string()), "{before:?}");

    // 1. Draft: confident links written, the stranger new, the uncertain one undecided.
    let run = ladder([std::path::Path::new("align"), "--write".as_ref(), &file, &root]);
    assert_eq!(run.status, 0, "{}", run.err);
    let draft = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        draft.contains("escalates: \"Writes tested code for features of the team.\""),
        "{draft}"
    );
    assert!(draft.contains("new: true"), "{draft}");
    assert!(draft.contains("# undecided"), "{draft}");

    // 2. The maintainer decides the undecided item, taking its first candidate.
    let decided = draft.replace(
        "# undecided: choose `escalates` or `new: true`",
        "escalates: \"Keeps the service dashboards current for the team.\"",
    );
    std::fs::write(&file, decided).unwrap_or_default();

    // 3. Lint, with ladder.yml naming the file: nothing left to guess, nothing stale.
    std::fs::write(root.join("ladder.yml"), "alignment: alignment.yml\n").unwrap_or_default();
    assert_eq!(alignment_findings(&root), Vec::<String>::new());

    // 4. A rewording at Staff: `ladder diff` calls it reworded, and lint keeps the link,
    //    noting that the file is out of date rather than failing.
    let old = dir.path().join("old");
    write_team(&old, &STAFF);
    let mut reworded = STAFF;
    reworded[1] = "Reviews merge requests across teams and explains every comment in writing.";
    write_team(&root, &reworded);
    let diff = ladder([std::path::Path::new("diff"), &old, &root]);
    assert!(diff.out.contains("reworded"), "{}", diff.out);
    // ... and shows the curated link the reworded item keeps, read from the new side's ladder.yml.
    let kept = "curated link kept: escalates \"Reviews merge requests of teammates and explains each comment.\" (senior)";
    assert!(diff.out.contains(kept), "{}", diff.out);
    let args: [&std::path::Path; 6] = [
        "diff".as_ref(),
        "--format".as_ref(),
        "markdown".as_ref(),
        "--alignment".as_ref(),
        &file,
        &old,
    ];
    let markdown = ladder(args.iter().copied().chain([root.as_path()]));
    assert!(markdown.out.contains("curated link kept: escalates"), "{}", markdown.out);
    let (status, document) = lint_json(&root);
    let ids: Vec<String> = finding_ids(&document)
        .into_iter()
        .filter(|id| id.starts_with("escalation") || id.starts_with("alignment-stale"))
        .collect();
    assert_eq!(ids, ["alignment-stale/reworded"]);
    let note = document["findings"]
        .as_array()
        .and_then(|all| all.iter().find(|f| f["id"] == "alignment-stale/reworded"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(note["severity"], "info");
    assert!(note["help"].as_str().unwrap_or("").contains("--update"), "{note}");
    assert_ne!(status, 2);

    // 5. Update: today's wording in the file, the maintainer's decision kept, lint quiet.
    let run = ladder([std::path::Path::new("align"), "--update".as_ref(), &file, &root]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.err.contains("1 entry followed"), "{}", run.err);
    let updated = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(updated.contains("explains every comment in writing."), "{updated}");
    assert!(updated.contains("escalates: \"Keeps the service dashboards current for the team.\""));
    assert_eq!(alignment_findings(&root), Vec::<String>::new());

    // 6. The decided item is removed from Staff: its entry is stale, an error at the entry.
    write_team(&root, &reworded[..3]);
    let (status, document) = lint_json(&root);
    assert_eq!(status, 1);
    let stale: Vec<&serde_json::Value> = document["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["id"] == "alignment-stale").collect())
        .unwrap_or_default();
    assert_eq!(stale.len(), 1, "{document}");
    assert!(stale[0]["location"]["path"].as_str().unwrap_or("").ends_with("alignment.yml"));
}

#[test]
fn update_keeps_entries_of_frameworks_that_were_not_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().join("handbook");
    write_team(&root, &STAFF);
    let file = dir.path().join("alignment.yml");
    let other = "  - framework: \"elsewhere\"\n    pairs:\n      - lower: \"senior\"\n        higher: \"staff\"\n        links:\n          - item: \"Runs the rotation.\"\n            new: true\n";
    std::fs::write(&file, format!("version: 1\nframeworks:\n{other}")).unwrap_or_default();
    let run = ladder([std::path::Path::new("align"), "--update".as_ref(), &file, &root]);
    assert_eq!(run.status, 0, "{}", run.err);
    let updated = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(updated.contains(other), "{updated}");
    assert!(updated.contains("framework: \"team\""), "{updated}");
}

/// The percentages of one totals line of `ladder align --eval` (a dash for "no such items").
fn percentages(line: &str) -> Vec<Option<u32>> {
    line.split_whitespace()
        .filter(|cell| cell.ends_with('%') || *cell == "-")
        .map(|cell| cell.trim_end_matches('%').parse().ok())
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn held_out_alignment_meets_the_issue_targets() {
    let Some(corpus) = crate::support::corpus("gitlab-handbook") else { return };
    let run = ladder([
        std::path::Path::new("align"),
        "--eval".as_ref(),
        &fixture("alignment-labels"),
        &corpus,
    ]);
    let line = run.out.lines().find(|line| line.starts_with("held-out pairs")).unwrap_or("");
    // P@1 R@1 R@3 | Pconf share | Pnew Rnew FCnew
    let cells = percentages(line);
    assert_eq!(cells.len(), 8, "{line}");
    let (top3, confident_right, new_confident) = (cells[2], cells[3], cells[7]);
    assert!(top3.is_some_and(|p| p >= 80), "R@3 below 80%: {line}");
    assert!(confident_right.is_some_and(|p| p >= 90), "Pconf below 90%: {line}");
    assert!(new_confident.is_some_and(|p| p <= 10), "FCnew above 10%: {line}");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn eval_misses_name_the_label_its_rank_and_what_was_given() {
    let Some(corpus) = crate::support::corpus("gitlab-handbook") else { return };
    let run = ladder([
        std::path::Path::new("align"),
        "--eval".as_ref(),
        &fixture("alignment-labels"),
        "--misses".as_ref(),
        &corpus,
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    let listing = run.out.split("FCnew: labelled new").nth(1).unwrap_or("");
    assert!(listing.contains("    labelled: "), "{listing}");
    assert!(listing.contains("(rank "), "{listing}");
    assert!(listing.contains("    given:    "), "{listing}");
}

#[test]
fn draft_of_a_framework_without_level_pairs_reads_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().join("handbook");
    write_team(&root, &STAFF);
    std::fs::remove_file(root.join("content/team/staff.md")).unwrap_or_default();
    let file = dir.path().join("alignment.yml");
    let run = ladder([std::path::Path::new("align"), "--write".as_ref(), &file, &root]);
    assert_eq!(run.status, 0, "{}", run.err);
    let draft = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(draft.contains("frameworks: []"), "{draft}");
    let linted = ladder([std::path::Path::new("lint"), "--alignment".as_ref(), &file, &root]);
    assert_ne!(linted.status, 2, "{}", linted.err);
}
