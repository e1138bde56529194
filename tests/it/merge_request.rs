//! A merge request job as a handbook team runs it: a baseline accepts what exists, `--new-since`
//! keeps what the change adds, each report file is written beside the human output, and an
//! input error still leaves valid report files.

use std::path::Path;

use crate::root::{COPY, handbook_with_a_copy};
use crate::support::{Run, git, ladder_in};

/// A second copy, Senior leadership word for word at Staff: what "the change" adds.
const NEW_COPY: &str = "* Leads team retrospectives and follows improvement ideas through.\n";

fn append(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    let mut all = std::fs::read_to_string(&path).expect("readable");
    all.push_str(text);
    std::fs::write(path, all).expect("writable");
}

fn lint(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["lint"];
    all.extend(args);
    ladder_in(dir, all)
}

/// (id, path, fingerprint) of the findings of a JSON run.
fn findings(run: &Run) -> Vec<(String, String, String)> {
    let document: serde_json::Value =
        serde_json::from_str(&run.out).unwrap_or_else(|_| panic!("JSON:\n{}{}", run.out, run.err));
    document["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_string();
            (
                text(&finding["id"]),
                text(&finding["location"]["path"]),
                text(&finding["fingerprint"]),
            )
        })
        .collect()
}

const STAFF_LEADERSHIP: &str = "assets/includes/platform/staff-leadership.md";

#[test]
fn baseline_accepts_what_exists_and_reports_only_what_is_added() {
    let dir = handbook_with_a_copy();
    let root = dir.path();
    let written = lint(root, &["--write-baseline", "baseline.json"]);
    assert_eq!(written.status, 0, "{}", written.err);
    assert!(written.err.contains("wrote a baseline of 2 findings"), "{}", written.err);
    let clean = lint(root, &["--baseline", "baseline.json"]);
    assert_eq!(clean.status, 0, "with a baseline the run is clean:\n{}{}", clean.out, clean.err);
    assert!(clean.err.contains("2 findings already there left out"), "{}", clean.err);

    // Moving the lists ten lines down changes nothing.
    let page = root.join("content/careers/platform/staff.md");
    let text = std::fs::read_to_string(&page).expect("staff page");
    let moved =
        text.replacen("---\n\n", &format!("---\n\n{}", "Intro paragraph.\n\n".repeat(5)), 1);
    assert_ne!(moved, text);
    std::fs::write(&page, moved).expect("write");
    let include = root.join("assets/includes/platform/staff-technical.md");
    let text = std::fs::read_to_string(&include).expect("include");
    std::fs::write(&include, text.replacen("\n\n", &"\n".repeat(12), 1)).expect("write");
    let still = lint(root, &["--baseline", "baseline.json"]);
    assert_eq!(still.status, 0, "moving lines changes nothing:\n{}{}", still.out, still.err);

    // One more copy is exactly one finding, in every format.
    append(root, STAFF_LEADERSHIP, NEW_COPY);
    let json = lint(root, &["--baseline", "baseline.json", "--format", "json"]);
    assert_eq!(json.status, 1);
    let found = findings(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1.as_str()), ("verbatim-copy", STAFF_LEADERSHIP));
    let fingerprint = &found[0].2;
    let gitlab = lint(root, &["--baseline", "baseline.json", "--format", "gitlab"]);
    let issues: serde_json::Value = serde_json::from_str(&gitlab.out).expect("Code Quality");
    assert_eq!(issues.as_array().map(Vec::len), Some(1));
    assert_eq!(issues[0]["fingerprint"].as_str(), Some(fingerprint.as_str()));
    assert_eq!(issues[0]["categories"][0], "Duplication");
    let sarif = lint(root, &["--baseline", "baseline.json", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.out).expect("SARIF");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["partialFingerprints"]["ladderFingerprint/v1"], fingerprint.as_str());
    let junit = lint(root, &["--baseline", "baseline.json", "--format", "junit"]);
    assert_eq!(junit.out.matches("<failure ").count(), 1, "{}", junit.out);
    assert!(junit.out.contains(fingerprint.as_str()));
    let human = lint(root, &["--baseline", "baseline.json"]);
    assert_eq!(human.out.matches("ladder::verbatim-copy").count(), 1, "{}", human.out);
}

#[test]
fn new_since_a_commit_gives_the_same_answer_as_a_baseline() {
    let dir = handbook_with_a_copy();
    let root = dir.path();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Handbook as it is"]);
    let base = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    assert_eq!(lint(root, &["--write-baseline", "baseline.json"]).status, 0);
    append(root, STAFF_LEADERSHIP, NEW_COPY);
    git(root, &["commit", "-qam", "Copy one more item"]);

    let by_baseline = findings(&lint(root, &["--format", "json", "--baseline", "baseline.json"]));
    let since = lint(root, &["--format", "json", "--new-since", "HEAD~1"]);
    assert_eq!(since.status, 1, "{}", since.err);
    assert_eq!(findings(&since), by_baseline);
    assert_eq!(by_baseline.len(), 1);

    // From a subfolder, in a merge request pipeline.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ladder"))
        .current_dir(root.join("content/careers"))
        .args(["lint", "--format", "json", "--new-since", "auto"])
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
        .output()
        .expect("ladder runs");
    let auto = Run {
        status: output.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&output.stdout).into(),
        err: String::from_utf8_lossy(&output.stderr).into(),
    };
    assert_eq!(findings(&auto), by_baseline, "{}", auto.err);
    let unknown = lint(root, &["--new-since", "no-such-branch"]);
    assert_eq!(unknown.status, 2);
    assert!(unknown.err.contains("no-such-branch"), "{}", unknown.err);
}

#[test]
fn several_reports_in_one_run_with_one_summary_line() {
    let dir = handbook_with_a_copy();
    let root = dir.path();
    let run = lint(root, &["--output", "gitlab=gl-code-quality.json", "-o", "junit=report.xml"]);
    assert_eq!(run.status, 1);
    assert!(run.out.contains("ladder::verbatim-copy"), "human output on stdout:\n{}", run.out);
    let summaries = format!("{}{}", run.out, run.err)
        .lines()
        .filter(|line| line.contains("2 findings (1 error, 0 warnings, 1 info)"))
        .count();
    assert_eq!(summaries, 1, "one summary line in the log:\n{}{}", run.out, run.err);
    let json = lint(root, &["--format", "json"]);
    assert_eq!(
        json.err.trim(),
        "ladder: 2 findings (1 error, 0 warnings, 1 info) in 2 files",
        "a machine format on standard output leaves the summary to standard error"
    );
    let quality = std::fs::read_to_string(root.join("gl-code-quality.json")).expect("written");
    let issues: serde_json::Value = serde_json::from_str(&quality).expect("JSON");
    assert_eq!(issues.as_array().map(Vec::len), Some(2));
    let junit = std::fs::read_to_string(root.join("report.xml")).expect("written");
    assert_eq!(junit.matches("<failure ").count(), 2);
    let _ = COPY;
}

#[test]
fn an_input_error_leaves_valid_empty_reports_and_exits_2() {
    let dir = handbook_with_a_copy();
    let root = dir.path();
    append(
        root,
        "content/careers/platform/staff.md",
        "{{% include \"includes/platform/gone.md\" %}}\n",
    );
    std::fs::write(root.join("gl-code-quality.json"), "stale").expect("write");
    let run = lint(root, &["-o", "gitlab=gl-code-quality.json", "-o", "junit=report.xml"]);
    assert_eq!(run.status, 2, "{}", run.err);
    let quality = std::fs::read_to_string(root.join("gl-code-quality.json")).expect("written");
    let issues: serde_json::Value = serde_json::from_str(&quality).expect("valid JSON");
    assert!(issues.is_array());
    let junit = std::fs::read_to_string(root.join("report.xml")).expect("written");
    assert!(junit.starts_with("<?xml") && junit.trim_end().ends_with("</testsuites>"));

    let bad = lint(root, &["--baseline", "gl-code-quality.json", "-o", "gitlab=again.json"]);
    assert_eq!(bad.status, 2, "{}", bad.err);
    assert!(root.join("again.json").exists());
}

#[test]
fn malformed_baseline_is_an_input_error_at_its_line() {
    let dir = handbook_with_a_copy();
    std::fs::write(dir.path().join("b.json"), "{\n  \"ladder_baseline\": 1,\n  oops\n}\n")
        .expect("write");
    let run = lint(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("b.json:3"), "{}", run.err);
}

/// The support framework's folder in the corpus.
const SUPPORT: &str = "content/handbook/engineering/careers/matrix/support";

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_copy_with_a_baseline_reports_only_the_added_copy() {
    let corpus = crate::support::corpus("gitlab-handbook").expect("corpus");
    let dir = tempfile::tempdir().expect("temp folder");
    let root = dir.path();
    crate::support::copy_tree(&corpus, root).expect("copy the corpus");
    git(root, &["init", "-q"]);
    let written = lint(root, &["--write-baseline", "baseline.json"]);
    assert_eq!(written.status, 0, "{}", written.err);
    let clean = lint(root, &["--baseline", "baseline.json", "--fail-on", "info"]);
    assert_eq!(clean.status, 0, "with a baseline the corpus is clean:\n{}{}", clean.out, clean.err);

    // Every list of a page ten lines down.
    let senior = root.join(SUPPORT).join("senior.md");
    let text = std::fs::read_to_string(&senior).expect("senior page");
    let body = text.find("\n---\n").expect("front matter") + 5;
    std::fs::write(&senior, format!("{}{}{}", &text[..body], "\n".repeat(10), &text[body..]))
        .expect("write");
    let moved = lint(root, &["--baseline", "baseline.json", "--fail-on", "info"]);
    assert_eq!(moved.status, 0, "moving lists changes nothing:\n{}{}", moved.out, moved.err);

    // One Senior item copied word for word into Staff's technical list.
    let staff = root.join(SUPPORT).join("staff.md");
    let text = std::fs::read_to_string(&staff).expect("staff page");
    let anchor = "- Creates tooling to improve the efficacy of GitLab Support\n";
    assert!(text.contains(anchor), "the corpus page changed: pick another line");
    let copied = text.replacen(anchor, &format!("{anchor}- Fixes customer-impacting bugs\n"), 1);
    std::fs::write(&staff, copied).expect("write");
    let path = format!("{SUPPORT}/staff.md");
    let json = lint(root, &["--baseline", "baseline.json", "--format", "json"]);
    let found = findings(&json);
    let copies: Vec<_> = found.iter().filter(|(id, _, _)| id == "verbatim-copy").collect();
    assert_eq!(copies.len(), 1, "{found:?}");
    assert_eq!(copies[0].1, path);
    assert!(found.iter().all(|(_, at, _)| *at == path), "only the copy's page: {found:?}");
    for format in ["gitlab", "sarif", "junit", "short"] {
        let run = lint(root, &["--baseline", "baseline.json", "--format", format]);
        assert_eq!(run.status, 1, "{format}: {}", run.err);
        assert!(run.out.contains(&copies[0].2) || format == "short", "{format}:\n{}", run.out);
        assert!(run.out.contains(&path), "{format} names the page:\n{}", run.out);
    }
}
