//! Every built-in check, both ways: each has documentation with the fixed headings, fixtures
//! under fixtures/checks/<id>/ named `invalid*` that trigger it and `valid*` that do not.

use crate::support::{finding_ids, fixture, ladder, lint_json, lint_json_with};

fn cases(id: &str, prefix: &str) -> Vec<std::path::PathBuf> {
    let folder = fixture(&format!("checks/{id}"));
    let mut found: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|_| panic!("{} is missing", folder.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .filter(|path| {
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}

fn of_check<'a>(ids: &'a [String], id: &str) -> Vec<&'a String> {
    ids.iter().filter(|found| found.split('/').next() == Some(id)).collect()
}

#[test]
fn every_check_is_documented_with_the_fixed_headings() {
    for check in ladder::lint::checks::ALL {
        for heading in ["## What it checks", "## Why it matters", "## Example"] {
            assert!(check.doc.contains(heading), "{} lacks `{heading}`", check.id);
        }
        assert!(!check.summary.is_empty(), "{} has no summary", check.id);
        let explained = ladder(["explain", check.id]);
        assert_eq!(explained.status, 0);
        assert!(explained.out.contains("## Why it matters"));
    }
}

#[test]
fn every_check_fires_on_its_invalid_fixtures() {
    for check in ladder::lint::checks::ALL {
        let invalid = cases(check.id, "invalid");
        assert!(!invalid.is_empty(), "{} has no invalid fixture", check.id);
        for case in invalid {
            // Warnings and info fail the run too, so every check's fixture proves a non-zero exit.
            let (status, document) = lint_json_with(&case, &["--fail-on", "info"]);
            let ids = finding_ids(&document);
            assert!(
                !of_check(&ids, check.id).is_empty(),
                "{} did not fire on {}: {ids:?}",
                check.id,
                case.display()
            );
            assert_ne!(status, 0, "{} exits 0", case.display());
        }
    }
}

#[test]
fn every_check_is_quiet_on_its_valid_fixtures() {
    for check in ladder::lint::checks::ALL {
        let valid = cases(check.id, "valid");
        assert!(!valid.is_empty(), "{} has no valid fixture", check.id);
        for case in valid {
            let (_, document) = lint_json(&case);
            let ids = finding_ids(&document);
            assert!(
                of_check(&ids, check.id).is_empty(),
                "{} fired on {}: {ids:?}",
                check.id,
                case.display()
            );
        }
    }
}

#[test]
fn bundled_handbook_is_clean() {
    let run = ladder([std::path::Path::new("lint"), &fixture("handbook")]);
    assert_eq!(run.status, 0, "{}\n{}", run.out, run.err);
    assert!(run.out.contains("no findings"), "{}", run.out);
}

#[test]
fn input_error_findings_exit_2() {
    let (status, document) = lint_json(&fixture("checks/includes/invalid-missing"));
    assert_eq!(status, 2);
    assert_eq!(finding_ids(&document), ["includes/missing"]);
}

/// Each check that says it does not read the alignment (and so runs beside the aligning, shown
/// an empty one) finds on `path` what it finds when shown the alignment.
fn checks_beside_aligning_find_what_they_find_after(path: &std::path::Path) {
    let loaded = ladder::read::load(
        Box::new(ladder::source::FsTree),
        &[path.to_path_buf()],
        &ladder::read::ReadOptions::default(),
    );
    let (workspace, rules) = (&loaded.workspace, &loaded.rules);
    let alignment = ladder::align::align(workspace, rules);
    let unaligned = ladder::align::Alignment::default();
    let aligned = ladder::lint::Context { workspace, rules, alignment: &alignment };
    let beside = ladder::lint::Context { workspace, rules, alignment: &unaligned };
    for check in ladder::lint::checks::ALL.iter().filter(|check| !check.reads_alignment) {
        let Some(settings) = rules.check(check.id) else { continue };
        let (after, before) = ((check.run)(&aligned, settings), (check.run)(&beside, settings));
        assert_eq!(
            format!("{after:?}"),
            format!("{before:?}"),
            "{}: `{}` reads the alignment",
            path.display(),
            check.id
        );
    }
}

#[test]
fn checks_run_beside_aligning_do_not_read_it_on_the_fixtures() {
    let mut folders = vec![fixture("handbook"), fixture("tracks")];
    let checks = std::fs::read_dir(fixture("checks")).expect("fixtures/checks");
    let mut checks: Vec<_> = checks.filter_map(|entry| Some(entry.ok()?.path())).collect();
    checks.sort();
    folders.extend(checks.into_iter().filter(|path| path.is_dir()));
    for folder in folders {
        checks_beside_aligning_find_what_they_find_after(&folder);
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn checks_run_beside_aligning_do_not_read_it_on_the_corpora() {
    for name in ["gitlab-handbook", "monzo-progression-framework", "ft-engineering-progression"] {
        let Some(root) = crate::support::corpus(name) else { return };
        checks_beside_aligning_find_what_they_find_after(&root);
    }
}
