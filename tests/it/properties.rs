//! Properties of `ladder diff` and `ladder lint` over generated frameworks (proptest): a revision
//! diffed with itself is empty; B→A inverts A→B; re-wrapping, bullet markers and trailing white
//! space change nothing semantic; results do not depend on the order paths are given.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use crate::support::ladder;

/// Words items are made of (written for these tests).
const WORDS: &[&str] = &[
    "designs",
    "services",
    "reviews",
    "merge",
    "requests",
    "mentors",
    "engineers",
    "plans",
    "releases",
    "writes",
    "documents",
    "owns",
    "incidents",
    "improves",
    "tests",
    "shares",
    "context",
    "leads",
    "projects",
    "across",
    "teams",
    "the",
    "group",
    "stage",
    "for",
    "with",
    "clear",
    "goals",
    "builds",
    "tools",
    "measures",
    "impact",
    "of",
    "changes",
];

/// One item: three to eight words, capitalised, with a final period.
fn item() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 3..9).prop_map(|words| {
        let text = words.join(" ");
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", chars.as_str())
    })
}

/// A framework: the items of its Senior and Staff levels (distinct within a level).
fn framework() -> impl Strategy<Value = [Vec<String>; 2]> {
    let level =
        || prop::collection::btree_set(item(), 1..7).prop_map(|items| items.into_iter().collect());
    (level(), level()).prop_map(|(senior, staff)| [senior, staff])
}

/// How a page is written: bullet marker, wrapping of long items, trailing white space.
#[derive(Debug, Clone, Copy)]
struct Style {
    star: bool,
    wrap: bool,
    trailing: bool,
}

const PLAIN: Style = Style { star: false, wrap: false, trailing: false };

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(star, wrap, trailing)| Style {
        star,
        wrap,
        trailing,
    })
}

/// A level page with `items` under Technical, written in `style`.
fn page(level: &str, items: &[String], style: Style) -> String {
    let marker = if style.star { "*" } else { "-" };
    let trailing = if style.trailing { "   " } else { "" };
    let lines: Vec<String> = items
        .iter()
        .map(|item| {
            let words: Vec<&str> = item.split(' ').collect();
            let text = if style.wrap && words.len() > 3 {
                format!("{}{trailing}\n  {}", words[..3].join(" "), words[3..].join(" "))
            } else {
                item.clone()
            };
            format!("{marker} {text}{trailing}")
        })
        .collect();
    format!(
        "---\ntitle: {level}\n---\n\n## {level}\n\n### Technical\n\n{}\n\n### Values Alignment\n\n{marker} Writes things down so others can follow.\n",
        lines.join("\n")
    )
}

/// Writes `framework` as a handbook folder `name` under `dir`.
fn write(dir: &Path, name: &str, framework: &[Vec<String>; 2], style: Style) {
    let folder = dir.join(name).join("content/team");
    std::fs::create_dir_all(&folder).expect("folder");
    for (level, items) in ["Senior", "Staff"].iter().zip(framework) {
        let path = folder.join(format!("{}.md", level.to_lowercase()));
        std::fs::write(path, page(level, items, style)).expect("page");
    }
}

/// The semantic change kinds of `ladder diff --format json OLD NEW`, counted.
fn diff_kinds(dir: &Path, old: &str, new: &str) -> BTreeMap<String, usize> {
    let run = ladder([
        "diff".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        dir.join(old).as_os_str(),
        dir.join(new).as_os_str(),
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    let document: serde_json::Value = serde_json::from_str(&run.out).expect("JSON");
    let mut kinds = BTreeMap::new();
    for change in document["changes"].as_array().into_iter().flatten() {
        if change["semantic"] == true {
            let kind = change["kind"].as_str().unwrap_or_default().to_string();
            *kinds.entry(kind).or_default() += 1;
        }
    }
    kinds
}

/// The kind B→A shows for a change A→B shows.
fn inverse(kind: &str) -> String {
    match kind {
        "added" => "removed".into(),
        "removed" => "added".into(),
        "promoted" => "demoted".into(),
        "demoted" => "promoted".into(),
        "level-added" => "level-removed".into(),
        "level-removed" => "level-added".into(),
        "split" => "merged".into(),
        "merged" => "split".into(),
        other => other.into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_revision_diffed_with_itself_is_empty(framework in framework()) {
        let dir = tempfile::tempdir().expect("temp");
        write(dir.path(), "a", &framework, PLAIN);
        write(dir.path(), "b", &framework, PLAIN);
        prop_assert!(diff_kinds(dir.path(), "a", "b").is_empty());
    }

    #[test]
    fn b_to_a_inverts_a_to_b(a in framework(), b in framework()) {
        let dir = tempfile::tempdir().expect("temp");
        write(dir.path(), "a", &a, PLAIN);
        write(dir.path(), "b", &b, PLAIN);
        let forward: BTreeMap<String, usize> = diff_kinds(dir.path(), "a", "b")
            .into_iter()
            .map(|(kind, count)| (inverse(&kind), count))
            .collect();
        prop_assert_eq!(forward, diff_kinds(dir.path(), "b", "a"));
    }

    #[test]
    fn rewrapping_bullet_markers_and_trailing_space_change_nothing(
        framework in framework(),
        style in style(),
    ) {
        let dir = tempfile::tempdir().expect("temp");
        write(dir.path(), "a", &framework, PLAIN);
        write(dir.path(), "b", &framework, style);
        prop_assert!(diff_kinds(dir.path(), "a", "b").is_empty());
    }

    #[test]
    fn findings_do_not_depend_on_the_order_paths_are_given(a in framework(), b in framework()) {
        // One handbook (its ladder.yml marks the root) holding two frameworks.
        let dir = tempfile::tempdir().expect("temp");
        std::fs::write(dir.path().join("ladder.yml"), "frameworks: []\n").expect("ladder.yml");
        write(dir.path(), "a", &a, PLAIN);
        write(dir.path(), "b", &b, PLAIN);
        let lint = |first: &str, second: &str| {
            let run = ladder([
                "lint".as_ref(),
                "--format".as_ref(),
                "json".as_ref(),
                dir.path().join(first).as_os_str(),
                dir.path().join(second).as_os_str(),
            ]);
            let document: serde_json::Value = serde_json::from_str(&run.out).expect(&run.err);
            let mut findings: Vec<String> = document["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|finding| format!("{} {} {}", finding["check"], finding["path"], finding["message"]))
                .collect();
            findings.sort();
            (run.status, findings)
        };
        prop_assert_eq!(lint("a", "b"), lint("b", "a"));
    }
}
