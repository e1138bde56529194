//! The structure, values and style checks on the real GitLab handbook corpus: the findings a
//! maintainer judged real are found, shared includes are reported once, and headings that are
//! right raise no alarm. Skipped when the corpus is not next to the project.

use crate::support::{corpus, lint_json};

/// The corpus's findings as (id, path relative to the corpus, line, message).
fn findings() -> Option<Vec<(String, String, u64, String)>> {
    let root = corpus("gitlab-handbook")?;
    let (_, document) = lint_json(&root);
    let all = document["findings"].as_array()?;
    Some(
        all.iter()
            .map(|f| {
                let path = f["location"]["path"].as_str().unwrap_or("");
                // The reader folds `..` out of the path it was given: cut at the corpus folder.
                let path = path.split_once("gitlab-handbook/").map_or(path, |(_, rest)| rest);
                (
                    f["id"].as_str().unwrap_or("").to_string(),
                    path.to_string(),
                    f["location"]["line"].as_u64().unwrap_or(0),
                    f["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect(),
    )
}

fn of<'a>(
    found: &'a [(String, String, u64, String)],
    id: &str,
) -> Vec<&'a (String, String, u64, String)> {
    found.iter().filter(|(found, ..)| found == id).collect()
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn dev_backend_senior_toc_links_lead_nowhere() {
    let Some(found) = findings() else { return };
    let dead: Vec<(&str, u64)> = of(&found, "structure/dead-anchor")
        .into_iter()
        .map(|(_, path, line, _)| (path.as_str(), *line))
        .collect();
    let page = "content/handbook/engineering/careers/matrix/development/dev/backend/senior.md";
    assert_eq!(dead, [(page, 12), (page, 13), (page, 14)]);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn include_on_many_pages_gives_one_finding() {
    let Some(found) = findings() else { return };
    let path = "assets/includes/engineering-careers/intern-leadership-competency.md";
    let at_include: Vec<_> =
        of(&found, "style/final-period").into_iter().filter(|(_, p, ..)| p == path).collect();
    assert_eq!(at_include.len(), 1, "{at_include:?}");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn quality_principal_technical_section_is_empty() {
    let Some(found) = findings() else { return };
    let empty: Vec<&str> =
        of(&found, "structure/empty-section").into_iter().map(|(_, p, ..)| p.as_str()).collect();
    assert!(
        empty.iter().any(|p| p.ends_with("software-engineer-in-test/principal.md")),
        "{empty:?}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_headings_and_values_raise_no_false_alarm() {
    let Some(found) = findings() else { return };
    for id in ["structure/wrong-level", "structure/wrong-role", "values/missing"] {
        assert!(of(&found, id).is_empty(), "{id}: {:?}", of(&found, id));
    }
}

/// The misses a maintainer reviewing the corpus by hand found, each reported where it is
/// written, and nothing else from the checks that look for them.
#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_misses_are_found_and_nothing_else() {
    let Some(found) = findings() else { return };
    let matrix = "content/handbook/engineering/careers/matrix";
    let nav = "assets/includes/engineering-careers/dev-fullstack-career-matrix-nav.md";
    let mut expected: Vec<(String, String, u64)> = [
        ("foreign-navigation", format!("{matrix}/development/dev/frontend/senior.md"), 7),
        ("foreign-navigation", format!("{matrix}/development/dev/frontend/staff.md"), 7),
        (
            "includes/malformed",
            format!("{matrix}/infrastructure/core-platform/distribution/senior.md"),
            22,
        ),
        ("index-levels/missing-level", format!("{matrix}/development/_index.md"), 12),
        ("index-levels/missing-track", format!("{matrix}/development/dev/_index.md"), 13),
        ("links/missing-page", nav.to_string(), 3),
        ("links/missing-page", nav.to_string(), 4),
        ("links/missing-page", nav.to_string(), 5),
        ("links/self", format!("{matrix}/principal.md"), 12),
        ("missing-toc-entry", format!("{matrix}/development/intern.md"), 16),
        (
            "near-duplicate",
            "assets/includes/engineering-careers/development-intermediate-technical-competency.md"
                .into(),
            15,
        ),
        (
            "near-duplicate",
            "assets/includes/engineering-careers/senior-technical-competency.md".into(),
            4,
        ),
        ("repeated-role", format!("{matrix}/support/staff.md"), 5),
    ]
    .into_iter()
    .map(|(id, path, line)| (id.to_string(), path, line))
    .collect();
    expected.sort();
    let checks = [
        "foreign-navigation",
        "includes",
        "index-levels",
        "links",
        "missing-toc-entry",
        "near-duplicate",
        "repeated-role",
    ];
    let mut got: Vec<(String, String, u64)> = found
        .iter()
        .filter(|(id, ..)| checks.contains(&id.split('/').next().unwrap_or("")))
        .map(|(id, path, line, _)| (id.clone(), path.clone(), *line))
        .collect();
    got.sort();
    assert_eq!(got, expected);
}
