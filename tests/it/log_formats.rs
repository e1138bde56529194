//! The two formats people read: `--format short` (one line per finding, for CI logs) and the
//! default rich output, which names each file once above the findings written in it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{fixture, ladder, lint_json};

const CASE: &str = "checks/verbatim-copy/invalid";

#[test]
fn short_format_is_one_line_per_finding_then_the_summary() {
    let case = fixture(CASE);
    let run = ladder([Path::new("lint"), Path::new("--format"), Path::new("short"), &case]);
    let (status, document) = lint_json(&case);
    assert_eq!(run.status, status, "same exit status as every format");
    let lines: Vec<&str> = run.out.lines().collect();
    let findings = document["findings"].as_array().map_or(0, Vec::len);
    assert!(findings > 1, "the fixture has findings to show");
    assert_eq!(lines.len(), findings + 1, "{}", run.out);
    let line = regex::Regex::new(
        r"^[^:\s]+:\d+:\d+: (error|warning|info)\[[a-z/-]+\]( [^\s:]+/[^\s:]+)?: \S.*$",
    )
    .expect("pattern");
    for (text, finding) in lines.iter().zip(document["findings"].as_array().into_iter().flatten()) {
        assert!(
            line.is_match(text),
            "not `path:line:col: severity[id] framework/level: message`: {text}"
        );
        let at = format!(
            "{}:{}:{}: ",
            finding["location"]["path"].as_str().unwrap_or(""),
            finding["location"]["line"],
            finding["location"]["column"]
        );
        assert!(text.starts_with(&at), "{text} does not start with {at}");
    }
    assert!(lines.last().is_some_and(|last| last.starts_with("ladder: ")), "{}", run.out);
}

#[test]
fn rich_output_names_each_file_once() {
    let case = fixture(CASE);
    let run = ladder([Path::new("lint"), &case]);
    let (_, document) = lint_json(&case);
    let headers: Vec<&str> = run.out.lines().filter_map(|line| line.strip_prefix("── ")).collect();
    let files: BTreeSet<&str> = document["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| finding["location"]["path"].as_str())
        .collect();
    assert!(
        files.len() < document["findings"].as_array().map_or(0, Vec::len),
        "a file with two findings"
    );
    assert_eq!(headers.iter().copied().collect::<BTreeSet<_>>(), files, "{}", run.out);
    assert_eq!(headers.len(), files.len(), "a header per file, not per finding:\n{}", run.out);
    for file in files {
        let at = run.out.matches(file).count();
        assert_eq!(
            at,
            1 + run.out.matches(&format!("[{file}:")).count(),
            "{file} in:\n{}",
            run.out
        );
    }
}
