//! Every finding of `ladder lint` on the real GitLab handbook corpus, as a snapshot: each later
//! change to what a maintainer is told shows up in review. docs/corpus-review.md judges each
//! error and warning of this list. Run with `cargo test -- --include-ignored` (as .ci/run does).

use crate::support::{corpus, lint_json};

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_findings() {
    let Some(root) = corpus("gitlab-handbook") else { return };
    let (_, document) = lint_json(&root);
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("-").to_string();
    let lines: Vec<String> = document["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let path = text(&f["location"]["path"]);
            // Paths are cut at the corpus folder so the snapshot does not depend on where it is.
            let path = path.split_once("gitlab-handbook/").map_or(path.as_str(), |(_, rest)| rest);
            format!(
                "{} {} [{}: {}] {}:{} {}",
                text(&f["severity"]),
                text(&f["id"]),
                text(&f["framework"]),
                text(&f["level"]),
                path,
                f["location"]["line"],
                text(&f["message"])
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
