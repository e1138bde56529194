//! Escalation topic by topic: what a maintainer of a framework written topic by topic sees from
//! `ladder lint`, and how `escalation:` and `topics:` in ladder.yml change it.

use std::path::Path;

use crate::support::{fixture, ladder, lint_json};

/// (id, level, path, line, column) of each finding of `root`.
fn findings(root: &Path) -> Vec<(String, String, String, u64, u64)> {
    let (_, document) = lint_json(root);
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("").to_string();
    document["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let at = &f["location"];
            (
                text(&f["id"]),
                text(&f["level"]),
                text(&at["path"]),
                at["line"].as_u64().unwrap_or(0),
                at["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Ids of the findings of `root`, values aside (ladder's YAML checks the GitLab values).
fn ids(root: &Path) -> Vec<String> {
    findings(root).into_iter().map(|(id, ..)| id).filter(|id| !id.starts_with("values")).collect()
}

/// A project holding `ladder.yml` and `platform.ladder.yml`.
fn project(config: &str, framework: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|error| panic!("{error}"));
    };
    write("ladder.yml", config);
    write("platform.ladder.yml", framework);
    dir
}

/// Two levels whose cells are each rewritten as a whole: item by item, nothing pairs up.
const REWRITTEN: &str = "name: Platform
required-sections: []
levels:
  - key: engineer
    sections:
      - name: Competencies
        items:
          - {text: Fixes bugs in one component with guidance, topic: Delivery}
          - {text: Joins the on-call rota as a shadow, topic: Operations}
  - key: senior
    sections:
      - name: Competencies
        items:
          - {text: Owns a roadmap slice end to end, topic: Delivery}
          - {text: Leads incidents and writes the review, topic: Operations}
";

#[test]
fn a_topic_that_stops_is_reported_at_its_last_item() {
    let found = findings(&fixture("checks/topic-continuity/invalid"));
    let stops: Vec<_> = found.iter().filter(|(id, ..)| id == "topic-continuity").collect();
    assert_eq!(
        stops,
        [&("topic-continuity".into(), "senior".into(), "platform.ladder.yml".into(), 9, 20)]
    );
}

#[test]
fn topic_frameworks_get_no_item_by_item_escalation() {
    let topic =
        project("frameworks:\n  - file: platform.ladder.yml\n    escalation: topic\n", REWRITTEN);
    assert_eq!(ids(topic.path()), Vec::<String>::new());
    // The same file judged item by item: each rewritten criterion grows from nothing below.
    let item = project("frameworks:\n  - file: platform.ladder.yml\n", REWRITTEN);
    assert!(ids(item.path()).iter().any(|id| id == "escalation"), "{:?}", ids(item.path()));
}

#[test]
fn every_branch_of_the_level_graph_continues_a_topic() {
    let branching = "name: Platform
required-sections: []
levels:
  - key: senior
    sections:
      - name: Competencies
        items:
          - {text: Reviews designs for the team, topic: Design}
  - key: staff-ic
    below: senior
    sections:
      - name: Competencies
        items:
          - {text: Sets the design direction of a product area, topic: Design}
  - key: manager
    below: senior
    sections:
      - name: Competencies
        items:
          - {text: Grows the people of the team, topic: People}
";
    let config = "frameworks:\n  - file: platform.ladder.yml\n    escalation: topic\n";
    let dir = project(config, branching);
    let found = findings(dir.path());
    let of = |check: &str| -> Vec<String> {
        found.iter().filter(|(id, ..)| id == check).map(|(_, level, ..)| level.clone()).collect()
    };
    // Design goes on along the IC rung and stops on the manager rung, which starts People.
    assert_eq!(of("topic-continuity"), ["manager"]);
    assert_eq!(of("topic-late-start"), ["manager"]);
}

#[test]
fn a_declaration_the_file_belies_is_reported_at_its_line() {
    let config = "frameworks:
  - file: platform.ladder.yml
    escalation: topic
    topics:
      - {name: Operations, ends: engineer}
";
    let dir = project(config, REWRITTEN);
    let found = findings(dir.path());
    let declared: Vec<_> =
        found.iter().filter(|(id, ..)| id == "topic-continuity/declaration").collect();
    assert_eq!(declared.len(), 1, "{found:?}");
    assert_eq!((declared[0].2.as_str(), declared[0].3), ("ladder.yml", 5));
}

#[test]
fn an_unknown_escalation_is_an_input_error_at_its_line() {
    let dir =
        project("frameworks:\n  - file: platform.ladder.yml\n    escalation: cells\n", REWRITTEN);
    let run = ladder([Path::new("lint"), dir.path()]);
    assert_eq!(run.status, 2, "{}", run.out);
    assert!(run.err.contains("unknown escalation `cells`"), "{}", run.err);
    assert!(run.err.contains("ladder.yml:3"), "{}", run.err);
}

#[test]
fn explain_tells_each_topic_check() {
    for id in ["topic-continuity", "topic-late-start", "cell-copy"] {
        let run = ladder(["explain", id]);
        assert_eq!(run.status, 0, "{id}");
        assert!(run.out.contains("escalation: topic"), "{id}: {}", run.out);
    }
}

/// An FT-shaped family with a manager and an IC rung above one level.
const RUNGS: &str = "name: Platform
summary: >
  A fixture written for ladder.
levels:
  - id: engineer
    name: Engineer
  - id: senior-ic
    name: Senior IC
  - id: senior-pm
    name: Senior PM
themes:
  - id: delivery
    name: Delivery
competencies:
  - id: 00000000-0000-4000-8000-000000000001
    level: engineer
    theme: delivery
    summary: Ships scoped changes with tests.
    proficiency: Practitioner
  - id: 00000000-0000-4000-8000-000000000002
    level: senior-ic
    theme: delivery
    summary: Ships changes across several services.
    proficiency: PM_IC
  - id: 00000000-0000-4000-8000-000000000003
    level: senior-pm
    theme: delivery
    summary: Makes sure the team ships its plan.
    proficiency: PM_PM
";

#[test]
fn a_proficiency_falling_on_either_rung_is_reported_on_that_rung() {
    let run = |ic: &str, pm: &str| {
        let text = RUNGS.replace("PM_IC", ic).replace("PM_PM", pm);
        let dir = project("frameworks:\n  - file: platform.ladder.yml\n    format: ft\n", &text);
        findings(dir.path())
            .into_iter()
            .filter(|(id, ..)| id == "proficiency-regression")
            .map(|(_, level, _, line, _)| (level, line))
            .collect::<Vec<_>>()
    };
    assert_eq!(run("Expert", "Foundational"), [("senior-pm".to_string(), 28)]);
    assert_eq!(run("Working knowledge", "Expert"), [("senior-ic".to_string(), 23)]);
    assert_eq!(run("Practitioner", "Expert"), []);
}

#[test]
fn labels_and_examples_are_no_items_to_copy_even_item_by_item() {
    // Each level repeats the label and one example word for word: by design, not a copy.
    let family = std::fs::read_to_string(fixture("checks/label-drift/valid/support.yml"))
        .unwrap_or_else(|error| panic!("{error}"))
        .replace(
            "Decides which runbooks the desk retires",
            "Fixes a runbook step that no longer works",
        );
    let config =
        "frameworks:\n  - file: platform.ladder.yml\n    format: ft\n    escalation: item\n";
    let dir = project(config, &family);
    let found = ids(dir.path());
    assert!(!found.iter().any(|id| id.starts_with("verbatim-copy")), "{found:?}");
    // Checked topic by topic (the FT default), the cells differ by their examples.
    let dir = project("frameworks:\n  - file: platform.ladder.yml\n    format: ft\n", &family);
    assert_eq!(ids(dir.path()), Vec::<String>::new());
}

#[test]
fn a_label_retyped_at_one_level_is_reported_there_once() {
    let found = findings(&fixture("checks/label-drift/invalid"));
    let drifts: Vec<_> = found
        .iter()
        .filter(|(id, ..)| id == "label-drift")
        .map(|(_, level, _, line, column)| (level.as_str(), *line, *column))
        .collect();
    assert_eq!(drifts, [("senior-1", 27, 14)]);
}

#[test]
fn a_heading_of_examples_under_two_topics_is_no_duplicate_but_a_criterion_is() {
    // Monzo-shaped: each topic heads its examples with the same words; one plain criterion is
    // written under both topics of Level 1.
    let monzo = "---
title: Support Framework
yaml: true
levels: 1
topics:
  - name: calls
    title:
    content:
      - level: 1
        criteria:
          - \"Logs every call in the tracker\"
        exampleCriteria:
          - criteria: \"Criteria for step A\"
            examples:
              - \"Answers within the agreed time\"
  - name: notes
    title:
    content:
      - level: 1
        criteria:
          - \"Logs every call in the tracker\"
        exampleCriteria:
          - criteria: \"Criteria for step A\"
            examples:
              - \"Keeps the shared notes tidy\"
---
";
    let dir = project("frameworks:\n  - file: platform.ladder.yml\n    format: monzo\n", monzo);
    let found = findings(dir.path());
    let duplicates: Vec<_> = found
        .iter()
        .filter(|(id, ..)| id == "structure/duplicate-item")
        .map(|(_, _, _, line, _)| *line)
        .collect();
    assert_eq!(duplicates, [21], "{found:?}");
}

#[test]
fn a_yaml_file_may_be_checked_topic_by_topic_unless_ladder_yml_says_otherwise() {
    let own =
        REWRITTEN.replace("required-sections: []\n", "required-sections: []\nescalation: topic\n");
    let dir = project("frameworks:\n  - file: platform.ladder.yml\n", &own);
    assert_eq!(ids(dir.path()), Vec::<String>::new());
    let dir = project("frameworks:\n  - file: platform.ladder.yml\n    escalation: item\n", &own);
    assert!(ids(dir.path()).iter().any(|id| id == "escalation"), "{:?}", ids(dir.path()));
}

#[test]
fn a_monzo_framework_exported_to_yaml_is_still_checked_topic_by_topic() {
    let source = fixture("formats/monzo/frameworks/platform.md");
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let exported = dir.path().join("platform.ladder.yml");
    let run = ladder([Path::new("export"), &source, Path::new("--output"), &exported]);
    assert_eq!(run.status, 0, "{}", run.err);
    let text = std::fs::read_to_string(&exported).unwrap_or_else(|error| panic!("{error}"));
    assert!(text.contains("escalation: topic"), "{text}");
    let late = |root: &Path| -> Vec<String> {
        findings(root)
            .into_iter()
            .filter(|(id, ..)| id.starts_with("topic-") || id.starts_with("escalation"))
            .map(|(id, level, ..)| format!("{id} {level}"))
            .collect()
    };
    assert_eq!(late(&exported), late(&source));
    assert_eq!(late(&exported), ["topic-late-start level-3"]);
}
