//! `ladder diff` and `ladder notes` on FT data, as a maintainer reads them: competencies followed
//! by id (promoted, moved to another theme, reworded), a file that moves to another folder or
//! layout is the same framework, and the whole real history bundle snapshotted.

use std::path::Path;

use crate::support::{corpus, fixture, git, ladder, ladder_in};

/// Writes `text` at `folder/path`, creating folders.
fn write(folder: &Path, path: &str, text: &str) {
    let path = folder.join(path);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
    std::fs::write(path, text).expect("write");
}

/// The support fixture's text.
fn support() -> String {
    std::fs::read_to_string(fixture("formats/ft/job-families/support.yml")).expect("fixture")
}

/// The `ladder diff --no-index` of two folders, as JSON changes `(kind, text, detail)`.
fn changes(old: &Path, new: &Path) -> Vec<(String, String, String)> {
    let run = ladder([
        "diff".as_ref(),
        "--no-index".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
    ]);
    let document: serde_json::Value =
        serde_json::from_str(&run.out).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.out, run.err));
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("").to_string();
    document["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|change| text(&change["kind"]) != "cosmetic")
        .map(|change| {
            let side = change["after"].get(0).or(change["before"].get(0));
            let words = side.map(|side| text(&side["text"])).unwrap_or_default();
            (text(&change["kind"]), words, text(&change["detail"]))
        })
        .collect()
}

#[test]
fn a_competency_keeps_its_id_when_it_moves_up_a_level_or_to_another_theme() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (old, new) = (folder.path().join("old"), folder.path().join("new"));
    write(&old, "data/job-families/support.yml", &support());
    // The knowledge-base competency goes up to Senior Analyst 1 with a reworded summary; the
    // training one moves from Teamwork to Service.
    let edited = support()
        .replace(
            "    summary: Keeping the knowledge base current\n    examples:\n      - Corrects an \
             article when a fix no longer works\n    supportingUrls: []\n    level: analyst",
            "    summary: Keeping the whole knowledge base current\n    examples:\n      - \
             Corrects an article when a fix no longer works\n    supportingUrls: []\n    level: \
             senior-1",
        )
        .replace(
            "    level: senior-2\n    theme: teamwork",
            "    level: senior-2\n    theme: service",
        );
    assert_ne!(edited, support(), "the edits apply");
    write(&new, "data/job-families/support.yml", &edited);
    let found = changes(&old, &new);
    assert_eq!(
        found,
        [
            (
                "promoted".to_string(),
                "Keeping the whole knowledge base current".to_string(),
                "from Analyst to Senior Analyst 1".to_string()
            ),
            (
                "moved".to_string(),
                "Training new analysts".to_string(),
                "from Competencies › Teamwork to Competencies › Service".to_string()
            ),
        ]
    );
}

#[test]
fn a_competency_taken_up_a_level_with_a_new_id_and_words_is_promoted_reworded() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (old, new) = (folder.path().join("old"), folder.path().join("new"));
    write(&old, "data/job-families/support.yml", &support());
    let edited = support().replace(
        "  - id: 5d1c9e70-7a2b-4c11-8f00-00000000a002\n    summary: Keeping the knowledge base \
         current\n    examples:\n      - Corrects an article when a fix no longer works\n    \
         supportingUrls: []\n    level: analyst",
        "  - id: 5d1c9e70-7a2b-4c11-8f00-00000000f002\n    summary: Keeping the team's knowledge \
         base current\n    examples:\n      - Corrects an article when a fix no longer works\n    \
         supportingUrls: []\n    level: senior-1",
    );
    assert_ne!(edited, support(), "the edit applies");
    write(&new, "data/job-families/support.yml", &edited);
    assert_eq!(
        changes(&old, &new),
        [(
            "promoted".to_string(),
            "Keeping the team's knowledge base current".to_string(),
            "from Analyst to Senior Analyst 1, reworded".to_string()
        )]
    );
}

#[test]
fn a_proficiency_raised_is_told_with_its_competency() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (old, new) = (folder.path().join("old"), folder.path().join("new"));
    let platform =
        std::fs::read_to_string(fixture("formats/ft/job-families/platform.yml")).expect("fixture");
    write(&old, "data/job-families/platform.yml", &platform);
    let edited =
        platform.replacen("    proficiency: Foundational", "    proficiency: Practitioner", 1);
    write(&new, "data/job-families/platform.yml", &edited);
    assert_eq!(
        changes(&old, &new),
        [(
            "attribute-changed".to_string(),
            "Breaks a feature into tasks, estimates them and keeps the board honest.".to_string(),
            "proficiency: Foundational → Practitioner".to_string()
        )]
    );
}

#[test]
fn an_id_given_to_other_text_is_a_removal_and_an_addition() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (old, new) = (folder.path().join("old"), folder.path().join("new"));
    write(&old, "data/job-families/support.yml", &support());
    let edited = support().replace("Sharing the load", "Writing the monthly desk report");
    write(&new, "data/job-families/support.yml", &edited);
    let kinds: Vec<String> = changes(&old, &new).into_iter().map(|(kind, ..)| kind).collect();
    assert_eq!(kinds, ["added", "removed", "added", "removed"], "at both levels it was said");
}

#[test]
fn a_file_moved_to_another_folder_and_layout_is_the_same_framework() {
    let folder = tempfile::tempdir().expect("temp dir");
    let (old, new) = (folder.path().join("old"), folder.path().join("new"));
    // The first layout's competencies, read again as a job family in another folder.
    for name in ["competencies.yml", "levels.yml", "domains.yml"] {
        let text = std::fs::read_to_string(fixture(&format!("formats/ft/first/data/{name}")))
            .expect("fixture");
        write(&old, &format!("data/{name}"), &text);
    }
    let family = "name: Engineering\nlevels:\n  - id: junior-to-engineer\n    name: Junior to \
                  Engineer\n  - id: engineer-to-senior\n    name: Engineer to Senior\nthemes:\n  \
                  - id: technical\n    name: Technical\n  - id: delivery\n    name: \
                  Delivery\ncompetencies:\n  - id: 2a7e5b90-4c3d-4e2f-9a1b-00000000c001\n    \
                  summary: Keeps their own development setup working\n    examples:\n      - \
                  Updates their tools when the team moves to a new version\n    level: \
                  junior-to-engineer\n    theme: technical\n  - id: \
                  2a7e5b90-4c3d-4e2f-9a1b-00000000c002\n    summary: Writes tests for the code \
                  they change\n    level: junior-to-engineer\n    theme: technical\n  - id: \
                  2a7e5b90-4c3d-4e2f-9a1b-00000000c003\n    summary: Picks the most useful task \
                  off the board next\n    level: junior-to-engineer\n    theme: delivery\n  - id: \
                  2a7e5b90-4c3d-4e2f-9a1b-00000000c004\n    summary: Plans the work of a small \
                  project with the team\n    examples:\n      - \"Planning: writes the tickets \
                  for a feature before it starts\"\n    level: engineer-to-senior\n    theme: \
                  delivery\n";
    write(&new, "data/roles/engineering.yml", family);
    let found = changes(&old, &new);
    // The empty third level was dropped: that, and nothing else, changed.
    assert_eq!(found, [("level-removed".to_string(), "Senior to Lead".to_string(), String::new())]);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn notes_over_the_whole_ft_history() {
    let Some(bundle) = corpus("ft-engineering-progression-history.bundle") else { return };
    let folder = tempfile::tempdir().expect("temp dir");
    let clone = folder.path().join("ft-history");
    let bundle = bundle.display().to_string();
    git(folder.path(), &["clone", "--quiet", "--branch", "main", &bundle, "ft-history"]);
    // The Markdown a maintainer reads, read through: every commit's verdict.
    let run = ladder_in(&clone, ["notes"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("### Commits that could not be read"), "{}", run.out);
    let run = ladder_in(&clone, ["notes", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.err);
    let notes: serde_json::Value = serde_json::from_str(&run.out).expect("JSON notes");
    insta::assert_snapshot!(verdicts(&notes));
}

/// One line per commit: what ladder says it changed, by kind, with where items moved; level
/// names but no competency text (the corpus's words stay out of the project).
fn verdicts(notes: &serde_json::Value) -> String {
    use std::collections::BTreeMap;
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("").to_string();
    let mut said: BTreeMap<String, BTreeMap<String, (usize, Vec<String>)>> = BTreeMap::new();
    let groups = notes["shared"].as_array().into_iter().flatten().chain(
        notes["frameworks"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|framework| framework["levels"].as_array().into_iter().flatten()),
    );
    for group in groups {
        for kind in group["kinds"].as_array().into_iter().flatten() {
            for change in kind["changes"].as_array().into_iter().flatten() {
                let entry = said
                    .entry(text(&change["commit"]["short"]))
                    .or_default()
                    .entry(text(&kind["kind"]))
                    .or_default();
                entry.0 += 1;
                let detail = text(&change["detail"]);
                let named = match text(&kind["kind"]).as_str() {
                    "level-renamed" | "level-added" | "level-removed" => {
                        let side = |key: &str| change[key].get(0).map(text).unwrap_or_default();
                        format!("{} → {}", side("before"), side("after"))
                    }
                    _ if detail.contains('“') => String::new(),
                    _ => detail,
                };
                if !named.is_empty() && !entry.1.contains(&named) {
                    entry.1.push(named);
                }
            }
        }
    }
    let unreadable: Vec<String> = notes["unreadable"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|skipped| text(&skipped["commit"]["short"]))
        .collect();
    let mut lines = Vec::new();
    for commit in notes["commits"].as_array().into_iter().flatten() {
        let short = text(&commit["short"]);
        let kinds = said.get(&short).map(|kinds| {
            kinds
                .iter()
                .map(|(kind, (count, details))| {
                    let details = if details.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", details.join("; "))
                    };
                    format!("{kind} {count}{details}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        });
        let verdict = match kinds {
            Some(kinds) => kinds,
            None if unreadable.contains(&short) => "could not be read".to_string(),
            None => "no semantic change".to_string(),
        };
        lines.push(format!("{short}: {verdict}"));
    }
    lines.join("\n")
}
