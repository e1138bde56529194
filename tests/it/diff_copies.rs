//! `ladder diff A..B` over a repository holding one handbook copied into several folders: copies
//! alike at both commits are read twice only, and what the range tells must be what comparing
//! every folder tells (the same two revisions compared as folders, which reads every copy).

use std::path::Path;

use crate::diff::{Repo, VALUES, page};
use crate::support::ladder;

const TECH: &str = "##### Engineering\n\n- Designs services that other teams can extend\n- Keeps the build green for the whole group\n";

/// The files of one copy: `newer` rewords the values and moves the technical include, whose
/// text is `tech` (one copy edited otherwise); `added` is written into each page.
fn copy_files(newer: bool, tech: &str, added: &str) -> Vec<(String, String)> {
    let values =
        if newer { VALUES.replace("every review", "every code review") } else { VALUES.into() };
    let tech_at = if newer { "includes/moved/tech.md" } else { "includes/tech.md" };
    let mut files = vec![
        ("assets/includes/values.md".to_string(), values),
        (format!("assets/{tech_at}"), tech.to_string()),
        ("assets/includes/nav.md".to_string(), "Other levels: senior, staff\n".to_string()),
        ("content/careers/team/_index.md".to_string(), "---\ntitle: \"Team\"\n---\n".to_string()),
    ];
    for (level, heading) in [("senior", "Senior"), ("staff", "Staff")] {
        let text = page(heading, heading, tech_at, "includes/values.md", added);
        files.push((format!("content/careers/team/{level}.md"), text));
    }
    files
}

/// Writes `copies` folders at two revisions into a repository (two commits) and into two plain
/// folders; returns the range's JSON diff and the folders'.
fn both_ways(
    copies: usize,
    files: impl Fn(usize, bool) -> Vec<(String, String)>,
) -> (serde_json::Value, serde_json::Value) {
    let mut repo = Repo::new();
    let folders = [tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp")];
    for (at, newer) in [false, true].into_iter().enumerate() {
        if newer {
            repo.git(&["rm", "-q", "-r", "."]);
        }
        for copy in 1..=copies {
            for (path, text) in files(copy, newer) {
                let path = format!("copy-{copy}/{path}");
                repo.write(&path, &text);
                let full = folders[at].path().join(&path);
                std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
                std::fs::write(full, text).expect("write");
            }
        }
        repo.commit(if newer { "Reword, move" } else { "Copies" });
    }
    let range = json(&[
        Path::new("diff"),
        Path::new("--format"),
        Path::new("json"),
        Path::new("--cosmetic"),
        Path::new("HEAD~1..HEAD"),
        repo.path(),
    ]);
    let whole = json(&[
        Path::new("diff"),
        Path::new("--format"),
        Path::new("json"),
        Path::new("--cosmetic"),
        folders[0].path(),
        folders[1].path(),
    ]);
    (range, whole)
}

fn json(args: &[&Path]) -> serde_json::Value {
    let run = ladder(args);
    serde_json::from_str(&run.out)
        .unwrap_or_else(|error| panic!("no JSON ({error}): {}\n{}", run.out, run.err))
}

/// The changes one copy tells, its folder named `COPY`.
fn told(document: &serde_json::Value, copy: &str) -> Vec<String> {
    let changes = document["changes"].as_array().expect("changes");
    let folder = format!("\"{copy}/");
    changes
        .iter()
        .map(|change| change.to_string())
        .filter(|change| change.contains(&folder))
        .map(|change| change.replace(&folder, "\"COPY/"))
        .collect()
}

/// Five copies alike but the fourth, one of whose includes is reworded too: the fourth tells
/// its own changes, never another copy's, and the whole range tells what comparing folders
/// tells.
#[test]
fn a_copy_that_differs_in_one_include_tells_its_own_changes() {
    let (range, whole) = both_ways(5, |copy, newer| {
        let tech = if copy == 4 && newer {
            TECH.replace("whole group", "whole runbook")
        } else {
            TECH.into()
        };
        copy_files(newer, &tech, "")
    });
    assert_eq!(range["changes"], whole["changes"]);
    assert_eq!(range["summary"], whole["summary"]);
    let second = told(&range, "copy-2");
    assert!(second.iter().any(|change| change.contains("\"reworded\"")), "{second:?}");
    assert!(second.iter().any(|change| change.contains("COPY/assets/includes/moved/tech.md")));
    for copy in ["copy-3", "copy-5"] {
        assert_eq!(told(&range, copy), second, "{copy}");
    }
    let fourth = told(&range, "copy-4");
    assert_ne!(fourth, second);
    assert!(fourth.iter().any(|change| change.contains("runbook")), "{fourth:?}");
    assert_eq!(range["summary"]["levels_compared"], 10);
}

/// Copies whose items are added: items added and removed are paired across frameworks by text,
/// so every copy is read, and the range still tells what comparing folders tells.
#[test]
fn copies_with_items_added_tell_what_folders_tell() {
    let (range, whole) = both_ways(4, |_, newer| {
        let added = if newer { "- Runs the team's retrospectives\n" } else { "" };
        copy_files(newer, TECH, added)
    });
    assert_eq!(range["changes"], whole["changes"]);
    assert_eq!(range["summary"], whole["summary"]);
    assert!(told(&range, "copy-4").iter().any(|change| change.contains("retrospectives")));
}

/// Copies alike with more copies than the two read, whose pages point at a navigation include
/// (no items) moved with its folder: each copy tells its changes at its own files, and the
/// navigation include's move is told as comparing every folder tells it.
#[test]
fn many_copies_alike_each_tell_their_changes() {
    let (range, whole) = both_ways(12, |_, newer| {
        let nav = if newer { "includes/moved/nav.md" } else { "includes/nav.md" };
        let mut files = copy_files(newer, TECH, &format!("\n{{{{% include \"{nav}\" %}}}}\n"));
        files.retain(|(path, _)| !path.ends_with("nav.md"));
        files.push((format!("assets/{nav}"), "Other levels: senior, staff\n".into()));
        files
    });
    assert_eq!(range["changes"], whole["changes"]);
    assert_eq!(range["summary"], whole["summary"]);
    assert_eq!(range["summary"]["levels_compared"], 24);
    let carried = range["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|change| change["detail"] == "content identical, no items")
        .expect("the navigation include's move");
    assert_eq!(carried["consumers"].as_array().map(Vec::len), Some(24), "{carried}");
    let second = told(&range, "copy-2");
    assert!(!second.is_empty());
    for copy in 3..=12 {
        assert_eq!(told(&range, &format!("copy-{copy}")), second, "copy-{copy}");
    }
}
