//! The project root: the same paths and fingerprints whichever folder ladder runs from and
//! however the handbook is named on the command line.

use std::path::Path;

use crate::support::{copy_tree, fixture, git, ladder_in};

/// The line that copies a Senior item into Staff's technical include.
pub const COPY: &str =
    "* Investigates complex incidents across services and fixes their root cause.\n";

/// A copy of the sample handbook in a fresh repository, with one item copied verbatim from
/// Senior to Staff so that lint has a finding to name.
pub fn handbook_with_a_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    copy_tree(&fixture("handbook"), dir.path()).expect("copy the sample handbook");
    let staff = dir.path().join("assets/includes/platform/staff-technical.md");
    let mut text = std::fs::read_to_string(&staff).expect("staff include");
    text.push_str(COPY);
    std::fs::write(&staff, text).expect("write the copy");
    git(dir.path(), &["init", "-q"]);
    dir
}

/// (path, line, fingerprint) of each Code Quality issue of a run in `cwd`.
fn issues(cwd: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["lint", "--format", "gitlab"];
    all.extend(args);
    let run = ladder_in(cwd, &all);
    assert_eq!(run.status, 1, "one verbatim copy fails the run:\n{}{}", run.out, run.err);
    let issues: serde_json::Value = serde_json::from_str(&run.out).expect("Code Quality JSON");
    issues
        .as_array()
        .expect("an array")
        .iter()
        .map(|issue| {
            (
                issue["location"]["path"].as_str().unwrap_or_default().to_string(),
                issue["fingerprint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn paths_and_fingerprints_are_the_same_from_any_folder() {
    let dir = handbook_with_a_copy();
    let root = dir.path();
    let framework = root.join("content/careers/platform");
    let from_root = issues(root, &[]);
    assert!(
        from_root.iter().any(|(path, _)| path == "assets/includes/platform/staff-technical.md"),
        "{from_root:?}"
    );
    assert_eq!(issues(&framework, &[]), from_root, "from the framework's folder");
    assert_eq!(issues(&root.join("content"), &["careers/platform"]), from_root, "relative path");
    let absolute = framework.to_str().expect("UTF-8 path");
    assert_eq!(issues(Path::new("/"), &[absolute]), from_root, "absolute path");
    assert_eq!(issues(&framework, &["../../.."]), from_root, "the root named from below");
}

#[test]
fn ladder_yml_is_found_from_a_subfolder() {
    let dir = handbook_with_a_copy();
    // Turning the check off in the handbook's own rules, named by ladder.yml, must take effect
    // from a subfolder too.
    std::fs::create_dir_all(dir.path().join("ladder-rules")).expect("rules folder");
    std::fs::write(
        dir.path().join("ladder-rules/checks.yml"),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/checks.yml"))
            .expect("built-in checks.yml")
            .replacen(
                "verbatim-copy:\n    severity: error",
                "verbatim-copy:\n    severity: off",
                1,
            ),
    )
    .expect("write checks.yml");
    std::fs::write(dir.path().join("ladder.yml"), "rules: ladder-rules\n").expect("ladder.yml");
    let run = ladder_in(&dir.path().join("content/careers/platform"), ["lint"]);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
}

/// An input error names its file as every report does, however the root was named: `.`, `./`
/// or an absolute path lead to `ladder.yml:1:…`, never `./ladder.yml` (in the message and in
/// the snippet's header).
#[test]
fn input_errors_name_files_as_reports_do() {
    let dir = handbook_with_a_copy();
    std::fs::write(dir.path().join("ladder.yml"), "frameworks: [\n").expect("write ladder.yml");
    let absolute = dir.path().display().to_string();
    for given in [".", "./", absolute.as_str()] {
        let run = ladder_in(dir.path(), ["--color", "never", "lint", given]);
        assert_eq!(run.status, 2, "{}", run.err);
        assert!(run.err.contains("× ladder.yml:1:13: unclosed bracket"), "{given}: {}", run.err);
        assert!(run.err.contains("╭─[ladder.yml:1:13]"), "{given}: {}", run.err);
        assert!(!run.err.contains("./ladder.yml"), "{given}: {}", run.err);
    }
}
