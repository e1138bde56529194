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
fn include_on_many_pages_gives_one_finding() {
    let Some(found) = findings() else { return };
    let path = "assets/includes/engineering-careers/intern-leadership-competency.md";
    let at_include: Vec<_> =
        of(&found, "style/final-period").into_iter().filter(|(_, p, ..)| p == path).collect();
    assert_eq!(at_include.len(), 1, "{at_include:?}");
}

#[test]
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
fn corpus_headings_and_values_raise_no_false_alarm() {
    let Some(found) = findings() else { return };
    for id in ["structure/wrong-level", "structure/wrong-role", "values/missing"] {
        assert!(of(&found, id).is_empty(), "{id}: {:?}", of(&found, id));
    }
}
