//! Every finding of `ladder lint` on the real corpora (the GitLab handbook; Monzo, FT and
//! Snowflake read topic by topic), as snapshots: each later change to what a maintainer is told
//! shows up in review. docs/corpus-review.md judges each error and warning of these lists. Run with `cargo test -- --include-ignored` (as .ci/run does).

use crate::support::{corpus, lint_json};

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_findings() {
    insta::assert_snapshot!(findings("gitlab-handbook"));
}

/// The frameworks published as data, read topic by topic: docs/corpus-review.md judges these.
#[test]
#[ignore = "needs ../shared/corpus"]
fn monzo_findings() {
    insta::assert_snapshot!(findings("monzo-progression-framework"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn ft_findings() {
    insta::assert_snapshot!(findings("ft-engineering-progression"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn snowflake_findings() {
    insta::assert_snapshot!(findings("medium-snowflake"));
}

/// One line per finding of `ladder lint` on the corpus folder `name`.
fn findings(name: &str) -> String {
    let Some(root) = corpus(name) else { return String::new() };
    let (_, document) = lint_json(&root);
    let text = |value: &serde_json::Value| value.as_str().unwrap_or("-").to_string();
    let lines: Vec<String> = document["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let path = text(&f["location"]["path"]);
            // Paths are cut at the corpus folder so the snapshot does not depend on where it is.
            let cut = format!("{name}/");
            let path = path.split_once(cut.as_str()).map_or(path.as_str(), |(_, rest)| rest);
            format!(
                "{} {} [{}: {}] {}:{} {}",
                text(&f["severity"]),
                text(&f["id"]),
                text(&f["framework"]),
                text(&f["level"]),
                path,
                f["location"]["line"],
                without_quotes(&text(&f["message"]))
            )
        })
        .collect();
    lines.join("\n")
}

/// `message` with each quoted passage of three words or more (the corpus's own sentences, which
/// stay out of this repository) replaced by its word count and a hash of its text: which item a
/// finding quotes still shows when it changes.
fn without_quotes(message: &str) -> String {
    let quoted = regex::Regex::new(r#"`[^`]*`|"[^"]*""#).expect("valid pattern");
    quoted
        .replace_all(message, |found: &regex::Captures<'_>| {
            let passage = &found[0];
            let words = passage.split_whitespace().count();
            if words < 3 {
                return passage.to_string();
            }
            let hash = passage.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("‹{words} words #{:08x}›", hash & 0xffff_ffff)
        })
        .into_owned()
}
