//! Tracks that join at a shared level (fixtures/tracks), topics, and annotations for one
//! framework: what a maintainer sees in `ladder align` and `ladder lint`.

use std::path::Path;

use crate::support::{fixture, ladder, lint_json};

/// Findings as (id, framework, level, path ending, help).
fn findings(root: &Path) -> Vec<(String, String, String, String, String)> {
    let (_, document) = lint_json(root);
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("").to_string();
    document["findings"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|f| {
                    let path = text(&f["location"]["path"]);
                    let file = path.rsplit('/').next().unwrap_or("").to_string();
                    (
                        text(&f["id"]),
                        text(&f["framework"]),
                        text(&f["level"]),
                        file,
                        text(&f["help"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_shared_principal_page_is_the_level_above_each_track() {
    let run = ladder([Path::new("align"), &fixture("tracks")]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("Backend (backend): senior -> staff -> principal"), "{}", run.out);
    assert!(run.out.contains("Frontend (frontend): senior -> staff -> principal"), "{}", run.out);
    assert!(!run.out.contains("Dev Career Framework"), "{}", run.out);
}

#[test]
fn principal_copying_backend_staff_is_a_copy_in_backend_only() {
    let copies: Vec<_> = findings(&fixture("tracks"))
        .into_iter()
        .filter(|(id, ..)| id == "verbatim-copy")
        .map(|(_, framework, level, file, _)| (framework, level, file))
        .collect();
    assert_eq!(copies, [("backend".into(), "principal".into(), "principal.md".into())]);
}

#[test]
fn an_item_new_for_one_framework_is_new_there_only() {
    let found = findings(&fixture("tracks"));
    assert!(
        !found.iter().any(|(id, _, _, file, _)| id == "escalation" && file == "staff-shared.md"),
        "{found:?}"
    );
    // Without the annotation, Frontend reports it, and the advice is for Frontend alone: in
    // Backend the same line grows from a Senior item.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&fixture("tracks"), dir.path());
    let include = dir.path().join("assets/includes/staff-shared.md");
    let text = std::fs::read_to_string(&include).unwrap_or_default();
    std::fs::write(&include, text.replace(" <!-- ladder: new for=frontend -->", ""))
        .unwrap_or_default();
    let found: Vec<_> = findings(dir.path())
        .into_iter()
        .filter(|(id, _, _, file, _)| id == "escalation" && file == "staff-shared.md")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "frontend");
    assert!(found[0].4.contains("<!-- ladder: new for=frontend -->"), "{}", found[0].4);
}

#[test]
fn tracks_empty_in_ladder_yml_joins_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&fixture("tracks"), dir.path());
    std::fs::write(dir.path().join("ladder.yml"), "tracks: []\n").unwrap_or_default();
    let run = ladder([Path::new("align"), dir.path()]);
    assert!(run.out.contains("Backend (backend): senior -> staff\n"), "{}", run.out);
    assert!(run.out.contains("(dev): principal"), "{}", run.out);
}

#[test]
fn tracks_in_ladder_yml_name_a_missing_folder_at_its_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&fixture("tracks"), dir.path());
    let config = "tracks:\n  - above: content/eng/dev\n    tracks: [content/eng/dev/mobile]\n";
    std::fs::write(dir.path().join("ladder.yml"), config).unwrap_or_default();
    let run = ladder([Path::new("lint"), dir.path()]);
    assert_eq!(run.status, 2, "{}", run.out);
    assert!(
        run.err.contains("track folder `content/eng/dev/mobile` does not exist"),
        "{}",
        run.err
    );
    assert!(run.err.contains("ladder.yml:3"), "{}", run.err);
}

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap_or_default();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_default();
        }
    }
}

#[test]
fn an_item_new_at_its_level_gets_no_closest_hint_below_the_floor() {
    let (_, document) = lint_json(&fixture("checks/escalation/invalid-new-item"));
    let all = document["findings"].as_array().cloned().unwrap_or_default();
    let escalations: Vec<_> = all.iter().filter(|f| f["id"] == "escalation").collect();
    assert!(!escalations.is_empty(), "{document}");
    for finding in escalations {
        let hints = finding["related"].as_array().cloned().unwrap_or_default();
        assert!(hints.is_empty(), "a hint below the floor: {hints:?}");
    }
}

#[test]
fn topic_labels_repeated_across_levels_are_not_copies() {
    let found = findings(&fixture("checks/verbatim-copy/valid-topics"));
    assert!(!found.iter().any(|(id, ..)| id.starts_with("verbatim-copy")), "{found:?}");
    let run = ladder([Path::new("align"), &fixture("checks/verbatim-copy/valid-topics")]);
    assert!(!run.out.contains("Test Tooling"), "a label read as an item: {}", run.out);
}

#[test]
fn a_largely_copied_list_is_one_finding_naming_each_copy() {
    let (_, document) = lint_json(&fixture("checks/verbatim-copy/invalid-list"));
    let all = document["findings"].as_array().cloned().unwrap_or_default();
    let copies: Vec<_> = all
        .iter()
        .filter(|f| f["id"].as_str().is_some_and(|id| id.starts_with("verbatim")))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(copies[0]["id"], "verbatim-copy/list");
    assert!(copies[0]["message"].as_str().unwrap_or("").starts_with("3 of the 4 items"));
    assert_eq!(copies[0]["related"].as_array().map(Vec::len), Some(2));
}

#[test]
fn level_specific_values_lists_are_checked_and_the_shared_one_is_not() {
    let copied = findings(&fixture("checks/verbatim-copy/invalid-level-values"));
    assert!(copied.iter().any(|(id, ..)| id == "verbatim-copy/list"), "{copied:?}");
    let shared = findings(&fixture("checks/verbatim-copy/valid-shared-values"));
    assert!(!shared.iter().any(|(id, ..)| id.starts_with("verbatim-copy")), "{shared:?}");
}

#[test]
fn human_output_names_the_framework_and_level_of_each_finding() {
    let run = ladder([Path::new("lint"), &fixture("tracks")]);
    assert!(run.out.contains("ladder::verbatim-copy [backend: principal]"), "{}", run.out);
    assert!(run.out.contains("[backend, frontend: principal]"), "{}", run.out);
}

#[test]
fn a_heading_below_a_section_is_the_topic_of_its_items() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("content/team");
    std::fs::create_dir_all(&folder).unwrap_or_default();
    let page = "---\ntitle: \"Team: Senior Engineer\"\n---\n\n## Senior Engineer\n\n\
                ### Technical Competencies\n\n- Writes code for the team.\n\n\
                #### Packaging\n\n- Builds the packages of the team's services.\n";
    std::fs::write(folder.join("senior.md"), page).unwrap_or_default();
    let run = ladder([Path::new("export"), dir.path()]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("topic: Packaging"), "{}", run.out);
    assert_eq!(run.out.matches("topic:").count(), 1, "{}", run.out);
}
