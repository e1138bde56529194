//! `ladder lint --fix` on a copy of the corpus: every byte outside the fixed spans stays, each
//! fixed file is written whole, `--dry-run` prints the patch and changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{copy_tree, fixture, git, ladder_in};

/// The edits the library plans for the handbook at `root`: file to (range, replacement).
fn planned(root: &Path) -> BTreeMap<String, Vec<(std::ops::Range<usize>, String)>> {
    let loaded = ladder::read::load(
        Box::new(ladder::source::RootedTree::new(root)),
        &[PathBuf::from(".")],
        &ladder::read::ReadOptions::default(),
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let alignment = ladder::align::align(&loaded.workspace, &loaded.rules);
    let context = ladder::lint::Context {
        workspace: &loaded.workspace,
        rules: &loaded.rules,
        alignment: &alignment,
    };
    let (fixes, _) = ladder::fix::plan(&ladder::lint::lint(&context));
    fixes.into_iter().map(|fix| (fix.file.path().to_string(), fix.edits)).collect()
}

/// Asserts that `after` is `before` with exactly `edits` applied: every other byte the same.
fn only_spans_changed(
    path: &str,
    before: &str,
    after: &str,
    edits: &[(std::ops::Range<usize>, String)],
) {
    let (mut old, mut new) = (0, 0);
    for (range, replacement) in edits {
        let kept = &before[old..range.start];
        assert_eq!(&after[new..new + kept.len()], kept, "{path}: bytes before {range:?} changed");
        new += kept.len();
        assert_eq!(&after[new..new + replacement.len()], replacement, "{path}: edit {range:?}");
        new += replacement.len();
        old = range.end;
    }
    assert_eq!(&after[new..], &before[old..], "{path}: bytes after the last edit changed");
}

/// Every file under `dir`, relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder").flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|name| name == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative =
                    path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                found.insert(relative, std::fs::read(&path).expect("file"));
            }
        }
    }
    found
}

fn fix_copy_of(source: &Path) {
    let dir = tempfile::tempdir().expect("temp folder");
    let root = dir.path();
    copy_tree(source, root).expect("copy");
    git(root, &["init", "-q"]);
    let before = files(root);
    let edits = planned(root);
    assert!(!edits.is_empty(), "nothing to fix in {}", source.display());

    let dry = ladder_in(root, ["lint", "--fix", "--dry-run"]);
    assert_eq!(dry.status, 1, "{}", dry.err);
    assert!(dry.out.starts_with("--- a/"), "a unified diff:\n{}", dry.out);
    assert_eq!(files(root), before, "--dry-run changes no file");

    let run = ladder_in(root, ["lint", "--fix"]);
    assert!(run.err.contains("ladder: fixed "), "{}", run.err);
    let after = files(root);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file added"
    );
    for (path, bytes) in &before {
        match edits.get(path) {
            Some(edits) => only_spans_changed(
                path,
                &String::from_utf8_lossy(bytes),
                &String::from_utf8_lossy(&after[path]),
                edits,
            ),
            None => assert_eq!(&after[path], bytes, "{path} changed without an edit"),
        }
    }
    assert!(planned(root).is_empty(), "a second run finds nothing left to fix");
}

#[test]
fn fix_on_the_sample_fixtures_changes_only_fixed_spans() {
    for case in [
        "checks/style/invalid-final-period",
        "checks/structure/invalid-dead-anchor-prefixed",
        "checks/includes/invalid-malformed-wrong-path",
    ] {
        fix_copy_of(&fixture(case));
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn fix_on_the_corpus_changes_only_fixed_spans() {
    fix_copy_of(&crate::support::corpus("gitlab-handbook").expect("corpus"));
}
