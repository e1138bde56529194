//! `ladder notes` as a user runs it: a git history built in a temporary folder with pinned dates
//! (a shared include reworded, a cosmetic-only commit, a tag, a merge request named in the
//! message), every format, templates, `--prepend`, and the real history bundle.

use std::process::Command;

use crate::diff::{Repo, VALUES, handbook};
use crate::support::{corpus, ladder};

/// Four commits: the ladder, a values rewording (shared by Senior and Staff), white space only,
/// then (after tag v1) an item added by a merge.
fn history() -> Repo {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("every review", "every code review"),
    );
    repo.commit("Values wording (!12)");
    let senior =
        std::fs::read_to_string(repo.path().join("assets/includes/platform/senior-technical.md"))
            .expect("include");
    repo.write(
        "assets/includes/platform/senior-technical.md",
        &senior.replace("extend\n", "extend  \n"),
    );
    repo.commit("Tidy white space");
    repo.git(&["tag", "v1"]);
    let staff =
        std::fs::read_to_string(repo.path().join("assets/includes/platform/staff-technical.md"))
            .expect("include");
    repo.write(
        "assets/includes/platform/staff-technical.md",
        &format!("{staff}- Speaks for the group in @architecture reviews\n"),
    );
    repo.commit("Merge branch 'staff' into 'main'\n\nSee merge request group/handbook!34");
    repo
}

fn notes(repo: &Repo, args: &[&str]) -> crate::support::Run {
    let content = repo.content();
    let mut all = vec!["notes"];
    all.extend_from_slice(args);
    all.push(content.to_str().expect("utf-8"));
    ladder(all)
}

/// Hides the temporary folder.
fn scrub(text: &str, repo: &Repo) -> String {
    text.replace(&repo.path().display().to_string(), "[repo]")
}

#[test]
fn whole_history_in_markdown() {
    let repo = history();
    let run = notes(&repo, &[]);
    assert_eq!(run.status, 0, "{}", run.err);
    let out = &run.out;
    assert!(out.contains("the first commit, 1 framework with 2 levels"), "{out}");
    assert!(out.contains("#### Senior and Staff"), "one group for the shared include: {out}");
    assert_eq!(out.matches("every **code** review").count(), 1, "{out}");
    assert!(
        out.contains("2024-05-11 Values wording (!12)"),
        "the merge request stays a link: {out}"
    );
    assert!(out.contains("- Cosmetic only, 1 commit: `"), "{out}");
    assert!(out.contains("Tidy white space"), "{out}");
    assert!(out.contains("(!34)"), "the merge request from the message body: {out}");
    assert!(out.contains("\\@<!-- -->architecture"), "mentions escaped: {out}");
    insta::assert_snapshot!("history_markdown", scrub(out, &repo));
}

#[test]
fn since_tag_and_ranges() {
    let repo = history();
    let run = notes(&repo, &["--since-tag", "v*"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("1 commit, 2024-05-13"), "{}", run.out);
    assert!(run.out.contains("#### Staff"), "{}", run.out);
    assert!(!run.out.contains("Values wording"), "{}", run.out);

    let range = notes(&repo, &["HEAD~3..HEAD~1"]);
    assert!(range.out.contains("Values wording"), "{}", range.out);
    assert!(!range.out.contains("first commit"), "{}", range.out);
    assert!(!range.out.contains("@"), "{}", range.out);

    let missing = notes(&repo, &["--since-tag", "release-*"]);
    assert_eq!(missing.status, 2);
    assert!(missing.err.contains("no tag matching `release-*`"), "{}", missing.err);
}

#[test]
fn json_holds_the_whole_context() {
    let repo = history();
    let run = notes(&repo, &["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.err);
    let document: serde_json::Value = serde_json::from_str(&run.out).expect("JSON");
    assert_eq!(document["schema_version"], 1);
    assert_eq!(document["commits"].as_array().map(Vec::len), Some(4));
    let group = &document["frameworks"][0]["levels"][0];
    assert_eq!(group["title"], "Senior and Staff");
    let reworded = &group["kinds"][0];
    assert_eq!(reworded["kind"], "reworded");
    assert_eq!(reworded["changes"][0]["commit"]["merge_request"], "!12");
    assert_eq!(reworded["changes"][0]["commit"]["date"], "2024-05-11");
    assert_eq!(document["cosmetic_only"][0]["subject"], "Tidy white space");
    insta::assert_snapshot!("history_json", scrub(&run.out, &repo));
}

#[test]
fn a_template_and_prepend_write_a_changelog() {
    let repo = history();
    let template = repo.path().join("notes.j2");
    std::fs::write(
        &template,
        "# Since {{ from.short if from else 'the start' }}\n{% for framework in frameworks %}{% for group in framework.levels %}{% for kind in group.kinds %}{% for change in kind.changes %}* {{ group.title }}: {{ kind.label }}: {{ change.after[0] | markdown }} ({{ change.commit.short }})\n{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    )
    .expect("template");
    let changelog = repo.path().join("CHANGELOG.md");
    std::fs::write(&changelog, "# Older notes\n").expect("changelog");
    let template = template.to_str().expect("utf-8");
    let target = changelog.to_str().expect("utf-8");
    let run = notes(&repo, &["--since-tag", "--template", template, "--prepend", target]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.is_empty(), "the notes go to the file only");
    let written = std::fs::read_to_string(&changelog).expect("changelog");
    assert!(written.starts_with("# Since "), "{written}");
    assert!(
        written
            .contains("* Staff: added: Speaks for the group in \\@<!-- -->architecture reviews ("),
        "{written}"
    );
    assert!(written.ends_with("\n# Older notes\n"), "{written}");

    std::fs::write(repo.path().join("broken.j2"), "line one\n{% for x in %}\n").expect("template");
    let broken = repo.path().join("broken.j2");
    let run = notes(&repo, &["--template", broken.to_str().expect("utf-8")]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("broken.j2:2"), "{}", run.err);
}

/// The real history: the values rewording once with what it reaches; the May 2024 commit as a
/// heading fix, one line of relocations and a cosmetic count.
#[test]
fn real_history_bundle_notes() {
    let Some(bundle) = corpus("gitlab-handbook-history.bundle") else { return };
    let clone = tempfile::tempdir().expect("temp folder");
    let target = clone.path().join("history");
    let status =
        Command::new("git").arg("clone").arg("-q").arg(&bundle).arg(&target).status().expect("git");
    assert!(status.success());
    let run = ladder(["notes", target.to_str().expect("utf-8")]);
    assert_eq!(run.status, 0, "{}", run.err);
    let out = &run.out;
    // One group for the values include, reaching every framework's levels (38 or more).
    let values =
        out.lines().find(|line| line.starts_with("#### Reaching ")).expect("a shared group");
    let levels: usize = values["#### Reaching ".len()..]
        .split(' ')
        .next()
        .and_then(|count| count.parse().ok())
        .unwrap_or(0);
    assert!(levels >= 38, "{values}");
    assert_eq!(
        out.matches("Values alignment: say job level").count(),
        2,
        "rewordings under one commit line, and the link change: {out}"
    );
    assert_eq!(out.matches("Competencies for this job ~~grade.~~**level.**").count(), 6, "{out}");
    assert!(out.contains("~~Intermediate Support Engineer~~ → **Associate Support Engineer** · `84818e6` 2024-05-18"), "{out}");
    let may: Vec<&str> = out.lines().filter(|line| line.starts_with("- `84818e6`")).collect();
    assert_eq!(
        may,
        [
            "- `84818e6` 2024-05-18 Remove engineering exclusion and fix related errors: 24 includes moved from `assets/includes/engineering/` to `assets/includes/engineering-careers/`; 20 cosmetic edits (lint comments 2, white space 18)"
        ]
    );
}
