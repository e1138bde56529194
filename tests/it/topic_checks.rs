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
