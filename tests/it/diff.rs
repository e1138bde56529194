//! `ladder diff` as a user runs it: git repositories built in temporary folders with pinned dates
//! (ranges, renames, a shallow clone, each change kind), folders, and the real history bundle.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{corpus, ladder};

/// A git repository in a temporary folder whose commits have fixed dates and authors.
pub(crate) struct Repo {
    dir: tempfile::TempDir,
    commits: usize,
}

impl Repo {
    pub(crate) fn new() -> Self {
        let repo = Self { dir: tempfile::tempdir().expect("temp folder"), commits: 0 };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        let date = format!("2024-05-{:02}T12:00:00Z", 10 + self.commits);
        let output = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into()
    }

    pub(crate) fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
        std::fs::write(full, text).expect("write");
    }

    pub(crate) fn commit(&mut self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.commits += 1;
    }

    /// The handbook folder, absolute, so ladder finds the repository from it.
    pub(crate) fn content(&self) -> PathBuf {
        self.path().join("content")
    }
}

pub(crate) const VALUES: &str = "##### Values\n\n- Shows our shared values in every review\n- Writes things down so others can follow\n";
const SENIOR_TECH: &str = "##### Engineering\n\n- Designs services that other teams can extend\n- Keeps the build green for the whole group\n- Mentors engineers through their first incidents\n";
const STAFF_TECH: &str = "##### Engineering\n\n- Sets technical direction across several teams\n- Turns vague problems into planned work\n";

pub(crate) fn page(
    title: &str,
    heading: &str,
    technical: &str,
    values: &str,
    extra: &str,
) -> String {
    format!(
        "---\ntitle: \"{title}\"\n---\n\n## {heading}\n\n### Leadership\n\n- Leads planning for the team\n- Shares context with stakeholders early\n{extra}\n### Technical\n\n{{{{% include \"{technical}\" %}}}}\n\n### Values Alignment\n\n{{{{% include \"{values}\" %}}}}\n"
    )
}

/// A small handbook: two levels sharing a values include, one technical include each.
pub(crate) fn handbook(repo: &mut Repo) {
    repo.write("assets/includes/platform/values.md", VALUES);
    repo.write("assets/includes/platform/senior-technical.md", SENIOR_TECH);
    repo.write("assets/includes/platform/staff-technical.md", STAFF_TECH);
    repo.write(
        "content/careers/platform/_index.md",
        "---\ntitle: \"Platform\"\n---\n\nThe platform ladder.\n",
    );
    let values = "includes/platform/values.md";
    repo.write(
        "content/careers/platform/senior.md",
        &page(
            "Senior",
            "Senior Platform Engineer",
            "includes/platform/senior-technical.md",
            values,
            "",
        ),
    );
    repo.write(
        "content/careers/platform/staff.md",
        &page(
            "Staff",
            "Staff Platform Engineer",
            "includes/platform/staff-technical.md",
            values,
            "",
        ),
    );
    repo.commit("Platform ladder");
}

fn diff_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["diff", "--format", "json"];
    all.extend_from_slice(args);
    let run = ladder(&all);
    serde_json::from_str(&run.out)
        .unwrap_or_else(|error| panic!("no JSON ({error}): {}\n{}", run.out, run.err))
}

/// `ladder diff --format json OLD NEW` of two folders, parsed.
fn folders_diff_json(old: &Path, new: &Path) -> serde_json::Value {
    let run = ladder([Path::new("diff"), Path::new("--format"), Path::new("json"), old, new]);
    serde_json::from_str(&run.out)
        .unwrap_or_else(|error| panic!("no JSON ({error}): {}\n{}", run.out, run.err))
}

fn kinds(document: &serde_json::Value) -> Vec<String> {
    document["changes"]
        .as_array()
        .map(|changes| {
            changes
                .iter()
                .filter(|change| change["semantic"] == true)
                .filter_map(|change| change["kind"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Hides the temporary folder in output shown in snapshots.
fn scrub(text: &str, repo: &Repo) -> String {
    text.replace(&repo.path().display().to_string(), "[repo]")
}

#[test]
fn reworded_shared_include_is_reported_once_with_every_level_it_reaches() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("every review", "every code review"),
    );
    repo.commit("Values wording");
    let content = repo.content();
    let document = diff_json(&["HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert_eq!(kinds(&document), ["reworded"]);
    let change = &document["changes"][0];
    let levels: Vec<&str> = change["consumers"]
        .as_array()
        .expect("consumers")
        .iter()
        .filter_map(|c| c["level"].as_str())
        .collect();
    assert_eq!(levels, ["Senior", "Staff"]);
    assert_eq!(change["after"][0]["path"], "assets/includes/platform/values.md");
    assert_eq!(change["words"][1], serde_json::json!({"op": "insert", "text": "code"}));
    assert_eq!(document["schema_version"], 1);
}

#[test]
fn the_word_diff_limit_of_ladder_yml_shows_a_long_rewording_whole() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("every review", "every code review"),
    );
    repo.commit("Values wording");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    let ops = |document: &serde_json::Value| -> Vec<String> {
        let words = document["changes"][0]["words"].as_array().expect("words").clone();
        words.iter().filter_map(|word| word["op"].as_str().map(String::from)).collect()
    };
    assert_eq!(ops(&diff_json(&["HEAD~1..HEAD", content])), ["equal", "insert", "equal"]);
    // The item is 37 characters long: past a limit of 20, it is shown whole.
    repo.write("ladder.yml", "limits:\n  word-diff: 20\n");
    repo.commit("Limit");
    assert_eq!(ops(&diff_json(&["HEAD~2..HEAD", content])), ["delete", "insert"]);
}

/// Every change kind in one commit, rendered as people read it.
#[test]
fn each_change_kind_in_human_and_markdown() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    // Reworded, split, reordered in the senior include; one item promoted to staff.
    repo.write(
        "assets/includes/platform/senior-technical.md",
        "##### Engineering\n\n- Keeps the build green for the whole group\n- Designs services that other groups can extend\n",
    );
    repo.write(
        "assets/includes/platform/staff-technical.md",
        &format!("{STAFF_TECH}- Mentors engineers through their first incidents\n"),
    );
    // Heading and title changed, a leadership item moved to Technical, one removed, one added.
    let senior = page(
        "Senior level",
        "Senior Platform Engineer II",
        "includes/platform/senior-technical.md",
        "includes/shared-values.md",
        "- Runs the weekly demo\n",
    )
    .replace("- Shares context with stakeholders early\n", "");
    repo.write("content/careers/platform/senior.md", &senior);
    // Staff: two leadership items merged; an include relocated.
    repo.git(&["mv", "assets/includes/platform/values.md", "assets/includes/shared-values.md"]);
    let staff = page(
        "Staff",
        "Staff Platform Engineer",
        "includes/platform/staff-technical.md",
        "includes/shared-values.md",
        "",
    )
    .replace(
        "- Leads planning for the team\n- Shares context with stakeholders early\n",
        "- Leads planning for the team and shares context with stakeholders early\n",
    );
    repo.write("content/careers/platform/staff.md", &staff);
    // A new level, and cosmetic edits: a bullet marker and trailing spaces.
    repo.write(
        "content/careers/platform/principal.md",
        &page(
            "Principal",
            "Principal Platform Engineer",
            "includes/platform/staff-technical.md",
            "includes/shared-values.md",
            "",
        ),
    );
    repo.commit("Everything at once");

    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    let document = diff_json(&["HEAD~1..HEAD", content]);
    let mut found = kinds(&document);
    found.sort();
    found.dedup();
    for kind in [
        "added",
        "heading-changed",
        "level-added",
        "merged",
        "promoted",
        "removed",
        "reworded",
        "title-changed",
    ] {
        assert!(found.iter().any(|k| k == kind), "{kind} missing from {found:?}");
    }
    assert!(
        document["summary"]["includes_relocated"].as_u64() >= Some(1),
        "{}",
        document["summary"]
    );

    let human = ladder(["diff", "HEAD~1..HEAD", content]);
    assert_eq!(human.status, 0, "{}", human.err);
    insta::assert_snapshot!("each_kind_human", scrub(&human.out, &repo));
    let markdown = ladder(["diff", "--format", "markdown", "HEAD~1..HEAD", content]);
    insta::assert_snapshot!("each_kind_markdown", scrub(&markdown.out, &repo));
}

#[test]
fn reordered_split_and_moved_items() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/senior-technical.md",
        "##### Engineering\n\n- Mentors engineers through their first incidents\n- Designs services that other teams can extend\n- Keeps the build green for the whole group\n",
    );
    let senior = std::fs::read_to_string(repo.path().join("content/careers/platform/senior.md"))
        .expect("page");
    let senior = senior
        .replace("- Leads planning for the team\n", "- Leads planning\n- Leads the team\n")
        .replace("- Shares context with stakeholders early\n", "")
        .replace(
            "### Values Alignment\n",
            "- Shares context with stakeholders early\n\n### Values Alignment\n",
        );
    repo.write("content/careers/platform/senior.md", &senior);
    repo.commit("Reorder, split, move");
    let content = repo.content();
    let found = kinds(&diff_json(&["HEAD~1..HEAD", content.to_str().expect("utf-8")]));
    for kind in ["reordered", "split", "moved"] {
        assert!(found.iter().any(|k| k == kind), "{kind} missing from {found:?}");
    }
}

#[test]
fn renamed_include_is_relocated_not_changed() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.git(&["mv", "assets/includes/platform", "assets/includes/platform-careers"]);
    for level in ["senior", "staff"] {
        let path = format!("content/careers/platform/{level}.md");
        let text = std::fs::read_to_string(repo.path().join(&path)).expect("page");
        repo.write(&path, &text.replace("includes/platform/", "includes/platform-careers/"));
    }
    repo.commit("Rename the include folder");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    let document = diff_json(&["HEAD~1..HEAD", content]);
    assert_eq!(kinds(&document), Vec::<String>::new());
    assert_eq!(document["summary"]["includes_relocated"], 3);
    assert_eq!(
        document["summary"]["cosmetic"], 0,
        "shortcode paths are explained by the relocation"
    );
    let run = ladder(["diff", "--exit-code", "HEAD~1..HEAD", content]);
    assert_eq!(run.status, 0);
    assert!(run.out.contains("no semantic change"), "{}", run.out);
}

#[test]
fn cosmetic_edits_are_counted_hidden_and_shown_on_request() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("- Writes", "* Writes").replace("review\n", "review  \n"),
    );
    let path = "content/careers/platform/staff.md";
    let text = std::fs::read_to_string(repo.path().join(path)).expect("page");
    repo.write(
        path,
        &text
            .replace("### Technical\n", "<!-- markdownlint-disable MD001 -->\n### Technical\n")
            .replace("- Leads planning for the team", "- Leads **planning** for the team"),
    );
    repo.commit("Lint fixes");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    let run = ladder(["diff", "--exit-code", "HEAD~1..HEAD", content]);
    assert_eq!(run.status, 0, "cosmetic edits are no semantic change");
    assert!(run.out.contains("4 cosmetic edits hidden"), "{}", run.out);
    let shown = ladder(["diff", "--cosmetic", "HEAD~1..HEAD", content]);
    insta::assert_snapshot!("cosmetic_shown", shown.out);
}

#[test]
fn exit_code_is_one_on_a_semantic_change() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/staff-technical.md",
        &format!("{STAFF_TECH}- Publishes a yearly technical strategy\n"),
    );
    repo.commit("New staff item");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    assert_eq!(ladder(["diff", "--exit-code", "HEAD~1..HEAD", content]).status, 1);
    assert_eq!(ladder(["diff", "HEAD~1..HEAD", content]).status, 0);
}

#[test]
fn base_revision_against_the_working_tree() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/staff-technical.md",
        &STAFF_TECH.replace("several teams", "several groups"),
    );
    let content = repo.content();
    let document = diff_json(&["--base", "HEAD", content.to_str().expect("utf-8")]);
    assert_eq!(kinds(&document), ["reworded"]);
    assert_eq!(document["new"], "working tree");
}

#[test]
fn merge_request_base_comes_from_gitlab_variable() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.write(
        "assets/includes/platform/staff-technical.md",
        &format!("{STAFF_TECH}- Writes the yearly strategy\n"),
    );
    repo.commit("Strategy");
    let output = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .args(["diff", "--format", "json", "--exit-code"])
        .current_dir(repo.path())
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
        .env_remove("NO_COLOR")
        .output()
        .expect("ladder runs");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(document["old"], base.as_str());
    assert_eq!(kinds(&document), ["added"]);
}

#[test]
fn shallow_clone_without_its_base_says_how_to_fetch_it() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("every review", "each review"),
    );
    repo.commit("Second");
    let clone = tempfile::tempdir().expect("temp folder");
    let url = format!("file://{}", repo.path().display());
    let target = clone.path().join("shallow");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&target)
        .status()
        .expect("git clone");
    assert!(status.success());
    let content = target.join("content");
    let run = ladder(["diff", "HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert_eq!(run.status, 2, "{}", run.out);
    assert!(run.err.contains("shallow"), "{}", run.err);
    assert!(run.err.contains("GIT_DEPTH: 0") && run.err.contains("--deepen"), "{}", run.err);
}

#[test]
fn revisions_beginning_with_a_dash_are_refused() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    let content = repo.content();
    let run = ladder(["diff", "--base=--output=/tmp/x", content.to_str().expect("utf-8")]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("begins with `-`"), "{}", run.err);
}

#[test]
fn two_folders_compare_as_old_and_new() {
    let old = tempfile::tempdir().expect("temp");
    let new = tempfile::tempdir().expect("temp");
    for (dir, item) in [(&old, "- Reviews designs\n"), (&new, "- Reviews designs and plans\n")] {
        let folder = dir.path().join("careers/team");
        std::fs::create_dir_all(&folder).expect("folders");
        std::fs::write(folder.join("senior.md"), format!("## Senior\n\n### Technical\n\n{item}"))
            .expect("write");
    }
    let run = ladder([
        Path::new("diff"),
        Path::new("--format"),
        Path::new("markdown"),
        old.path(),
        new.path(),
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("Reviews designs **and plans**"), "{}", run.out);
    assert!(run.out.contains("`careers/team/senior.md:5:3`"), "{}", run.out);
}

#[test]
fn no_colour_off_a_terminal_and_word_marks_instead() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &VALUES.replace("every review", "each review"),
    );
    repo.commit("Second");
    let content = repo.content();
    let run = ladder(["diff", "HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert!(!run.out.contains('\u{1b}'));
    assert!(run.out.contains("[-every-]{+each+}"), "{}", run.out);
    let coloured =
        ladder(["--color", "always", "diff", "HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert!(coloured.out.contains('\u{1b}'));
}

/// The real history: lint and path fixes with one heading fix, then six reworded values items.
#[test]
#[ignore = "needs ../shared/corpus"]
fn real_history_bundle_verdicts() {
    let Some(bundle) = corpus("gitlab-handbook-history.bundle") else { return };
    let clone = tempfile::tempdir().expect("temp folder");
    let target = clone.path().join("history");
    let status =
        Command::new("git").arg("clone").arg("-q").arg(&bundle).arg(&target).status().expect("git");
    assert!(status.success());
    let content = target.join("content");
    let content = content.to_str().expect("utf-8");

    let first = diff_json(&["HEAD~2..HEAD~1", content]);
    assert_eq!(kinds(&first), ["heading-changed"]);
    let heading = first["changes"]
        .as_array()
        .and_then(|changes| changes.iter().find(|change| change["kind"] == "heading-changed"))
        .expect("a heading change");
    assert!(
        heading["after"][0]["path"].as_str().is_some_and(|p| p.ends_with("support/associate.md"))
    );
    assert_eq!(heading["after"][0]["text"], "Associate Support Engineer");
    assert!(first["summary"]["includes_relocated"].as_u64() > Some(10), "{}", first["summary"]);
    // Navigation includes hold no items; they moved with the include folder and count too.
    let navigation = first["changes"].as_array().map(|changes| {
        changes.iter().filter(|change| change["detail"] == "content identical, no items").count()
    });
    assert!(navigation > Some(0), "{}", first["summary"]);
    assert!(first["summary"]["cosmetic"].as_u64() > Some(10), "{}", first["summary"]);

    let second = diff_json(&["HEAD~1..HEAD", content]);
    let mut found = kinds(&second);
    found.sort();
    assert_eq!(
        found,
        ["link-changed", "reworded", "reworded", "reworded", "reworded", "reworded", "reworded"]
    );
    for change in
        second["changes"].as_array().expect("changes").iter().filter(|c| c["kind"] == "reworded")
    {
        assert!(
            change["after"][0]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("values-competency.md"))
        );
        assert!(
            change["consumers"].as_array().is_some_and(|c| c.len() > 30),
            "{}",
            change["consumers"]
        );
    }

    // Markdown fit to paste: commits named, the shared reach said once, one relocation line.
    let markdown = ladder(["diff", "--format", "markdown", "HEAD~1..HEAD", content]);
    assert!(markdown.out.contains("`84818e6` Remove engineering exclusion"), "{}", markdown.out);
    // The shared Principal page is a level of each track it sits above (Backend, Frontend, Fullstack).
    assert_eq!(markdown.out.matches("Backend (Intermediate, Senior, Staff, Principal)").count(), 1);
    assert!(markdown.out.contains("These 6 changes reach 40 levels"), "{}", markdown.out);
    assert!(markdown.out.contains("job-description-library"), "{}", markdown.out);
    let relocations = ladder(["diff", "--format", "markdown", "HEAD~2..HEAD~1", content]);
    let moves: Vec<&str> =
        relocations.out.lines().filter(|line| line.starts_with("- `assets/")).collect();
    assert_eq!(
        moves,
        [
            "- `assets/includes/engineering/` → `assets/includes/engineering-careers/`: 24 includes (content identical)"
        ]
    );
}

/// The stored before/after folders give the same verdict, includes read from the main corpus
/// (the old include folder is not stored, so those includes are reported as unresolved).
#[test]
#[ignore = "needs ../shared/corpus"]
fn real_revision_folders_verdict() {
    let (Some(before), Some(after), Some(assets)) = (
        corpus("gitlab-handbook-revisions/bed28b7f/before"),
        corpus("gitlab-handbook-revisions/bed28b7f/after"),
        corpus("gitlab-handbook/assets"),
    ) else {
        return;
    };
    let run = ladder([
        Path::new("diff"),
        Path::new("--format"),
        Path::new("json"),
        Path::new("--include-root"),
        &assets,
        &before,
        &after,
    ]);
    let document: serde_json::Value =
        serde_json::from_str(&run.out).unwrap_or_else(|_| panic!("{}", run.err));
    assert_eq!(kinds(&document), ["heading-changed"]);
    assert!(document["summary"]["includes_relocated"].as_u64() > Some(10));
}

/// A navigation include holds no items; when its folder moves and the pages follow, it is one
/// more include relocated, reaching every page that shows it.
#[test]
fn navigation_include_moved_with_its_folder_counts_as_relocated() {
    let mut repo = Repo::new();
    repo.write("assets/includes/platform/nav.md", "[Senior](senior) · [Staff](staff)\n");
    handbook(&mut repo);
    for level in ["senior", "staff"] {
        let path = format!("content/careers/platform/{level}.md");
        let text = std::fs::read_to_string(repo.path().join(&path)).expect("page");
        let nav = "{{% include \"includes/platform/nav.md\" %}}\n\n### Leadership";
        repo.write(&path, &text.replace("### Leadership", nav));
    }
    repo.commit("Navigation bar");
    repo.git(&["mv", "assets/includes/platform", "assets/includes/platform-careers"]);
    for level in ["senior", "staff"] {
        let path = format!("content/careers/platform/{level}.md");
        let text = std::fs::read_to_string(repo.path().join(&path)).expect("page");
        repo.write(&path, &text.replace("includes/platform/", "includes/platform-careers/"));
    }
    repo.commit("Rename the include folder");
    let content = repo.content();
    let document = diff_json(&["HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert_eq!(kinds(&document), Vec::<String>::new());
    assert_eq!(document["summary"]["includes_relocated"], 4, "{}", document["summary"]);
    assert_eq!(document["summary"]["cosmetic"], 0, "{}", document["summary"]);
    let nav = document["changes"]
        .as_array()
        .and_then(|changes| {
            changes.iter().find(|change| {
                change["after"][0]["path"] == "assets/includes/platform-careers/nav.md"
            })
        })
        .expect("the navigation include is relocated");
    assert_eq!(nav["kind"], "include-relocated");
    assert_eq!(nav["before"][0]["path"], "assets/includes/platform/nav.md");
    let levels: Vec<&str> = nav["consumers"]
        .as_array()
        .expect("consumers")
        .iter()
        .filter_map(|c| c["level"].as_str())
        .collect();
    assert_eq!(levels, ["Senior", "Staff"]);
}

/// Only levels a change reaches are composed; a change two includes down still reaches them,
/// and every level is still counted as compared.
#[test]
fn a_change_two_includes_down_reaches_every_page_above_it() {
    let mut repo = Repo::new();
    repo.write("assets/includes/platform/shared.md", "- Keeps promises made to other teams\n");
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        &format!("{VALUES}\n{{{{% include \"includes/platform/shared.md\" %}}}}\n"),
    );
    repo.write("content/careers/other/senior.md", "## Senior\n\n### Technical\n\n- Fixes bugs\n");
    repo.commit("Shared values and another ladder");
    repo.write(
        "assets/includes/platform/shared.md",
        "- Keeps the promises made to partner teams\n",
    );
    repo.commit("Shared wording");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");
    let document = diff_json(&["HEAD~1..HEAD", content]);
    assert_eq!(kinds(&document), ["reworded"]);
    let levels: Vec<&str> = document["changes"][0]["consumers"]
        .as_array()
        .expect("consumers")
        .iter()
        .filter_map(|c| c["level"].as_str())
        .collect();
    assert_eq!(levels, ["Senior", "Staff"]);
    assert_eq!(document["summary"]["levels_compared"], 3);

    // The same against the working tree, with a new page git does not track yet.
    repo.write("assets/includes/platform/shared.md", "- Keeps promises made to other teams\n");
    repo.write(
        "content/careers/other/staff.md",
        "## Staff\n\n### Technical\n\n- Fixes design flaws\n",
    );
    let document = diff_json(&["--base", "HEAD", content]);
    let mut found = kinds(&document);
    found.sort();
    assert_eq!(found, ["level-added", "reworded"]);
    assert_eq!(document["summary"]["levels_compared"], 3);
}

/// Two folders: a shared include edited reaches both pages; pages untouched are still compared.
#[test]
fn two_folders_with_a_shared_include_edited() {
    let (old, new) = (tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp"));
    for (dir, values) in
        [(&old, VALUES.to_string()), (&new, VALUES.replace("every review", "every code review"))]
    {
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
            std::fs::write(full, text).expect("write");
        };
        write("assets/includes/values.md", &values);
        write("assets/includes/tech.md", SENIOR_TECH);
        for (level, heading) in
            [("senior", "Senior"), ("staff", "Staff"), ("principal", "Principal")]
        {
            let values =
                if level == "principal" { "includes/tech.md" } else { "includes/values.md" };
            write(
                &format!("content/careers/team/{level}.md"),
                &page(heading, heading, "includes/tech.md", values, ""),
            );
        }
    }
    let document = folders_diff_json(old.path(), new.path());
    assert_eq!(kinds(&document), ["reworded"]);
    let levels: Vec<&str> = document["changes"][0]["consumers"]
        .as_array()
        .expect("consumers")
        .iter()
        .filter_map(|c| c["level"].as_str())
        .collect();
    assert_eq!(levels, ["Senior", "Staff"]);
    assert_eq!(document["summary"]["levels_compared"], 3);
}

/// Markdown pasted into a merge request pings no one, links no issue, injects no HTML; a link
/// that points elsewhere is a change; items reaching the same levels name them once.
#[test]
fn markdown_is_fit_to_paste() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        "##### Values\n\n- Shows our shared values in every review with @alice &lt;b&gt;daily\n- Writes things down so others can follow, see #12 and !34\n",
    );
    repo.write(
        "assets/includes/platform/staff-technical.md",
        "##### Engineering\n\n- Sets technical direction across [several teams](/teams/old)\n- Turns vague problems into planned work\n",
    );
    repo.commit("Values wording");
    repo.write(
        "assets/includes/platform/staff-technical.md",
        "##### Engineering\n\n- Sets technical direction across [several teams](/teams/new)\n- Turns vague problems into planned work\n",
    );
    repo.commit("Link to the new teams page (!99)");
    let content = repo.content();
    let content = content.to_str().expect("utf-8");

    let run = ladder(["diff", "--format", "markdown", "HEAD~2..HEAD~1", content]);
    let out = &run.out;
    assert!(out.contains("\\@<!-- -->alice"), "{out}");
    assert!(!out.contains(" @alice"), "{out}");
    assert!(out.contains("\\#<!-- -->12 and \\!34"), "{out}");
    assert!(out.contains("\\<b\\>"), "{out}");
    assert!(out.contains("These 2 changes reach 2 levels: Platform (Senior, Staff)."), "{out}");
    assert_eq!(out.matches("Platform (Senior, Staff)").count(), 1, "{out}");

    let linked = diff_json(&["HEAD~1..HEAD", content]);
    assert_eq!(kinds(&linked), ["link-changed"]);
    assert_eq!(linked["changes"][0]["detail"], "/teams/old → /teams/new");
    assert_eq!(linked["new_commit"]["merge_request"], "!99");
    let human = ladder(["diff", "--exit-code", "HEAD~1..HEAD", content]);
    assert_eq!(human.status, 1, "a link target change is semantic");
    assert!(human.out.contains("link: /teams/old → /teams/new"), "{}", human.out);
}

/// Two edits of one shared include reach the same levels: the terminal output says so once,
/// before them, as the Markdown does.
#[test]
fn human_output_names_a_shared_reach_once() {
    let mut repo = Repo::new();
    handbook(&mut repo);
    repo.write(
        "assets/includes/platform/values.md",
        "##### Values\n\n- Shows our shared values in every code review\n- Writes things down so that others can follow along\n",
    );
    repo.commit("Values wording");
    let content = repo.content();
    let run = ladder(["diff", "HEAD~1..HEAD", content.to_str().expect("utf-8")]);
    assert_eq!(run.status, 0, "{}", run.err);
    let out = &run.out;
    assert_eq!(out.matches("Platform (Senior, Staff)").count(), 1, "{out}");
    assert!(out.contains("These 2 changes reach 2 levels: Platform (Senior, Staff)."), "{out}");
    insta::assert_snapshot!("shared_reach_once_human", scrub(out, &repo));
}

/// One handbook copied into several folders: each copy's changes are told at its own files, as
/// the copy compared first tells them at its files, and a copy edited otherwise is compared on
/// its own.
#[test]
fn copies_of_one_handbook_each_tell_their_changes() {
    let (old, new) = (tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp"));
    for copy in ["copy-a", "copy-b", "copy-c"] {
        for (dir, newer) in [(&old, false), (&new, true)] {
            let write = |path: &str, text: &str| {
                let full = dir.path().join(copy).join(path);
                std::fs::create_dir_all(full.parent().expect("parent")).expect("folders");
                std::fs::write(full, text).expect("write");
            };
            let edit = if copy == "copy-c" { "every design review" } else { "every code review" };
            let values = if newer { VALUES.replace("every review", edit) } else { VALUES.into() };
            // The new revision moves the technical include to another folder.
            let tech_at = if newer { "includes/moved/tech.md" } else { "includes/tech.md" };
            write("assets/includes/values.md", &values);
            write(&format!("assets/{tech_at}"), SENIOR_TECH);
            for (level, heading) in [("senior", "Senior"), ("staff", "Staff")] {
                write(
                    &format!("content/careers/team/{level}.md"),
                    &page(heading, heading, tech_at, "includes/values.md", ""),
                );
            }
        }
    }
    let document = folders_diff_json(old.path(), new.path());
    let changes = document["changes"].as_array().expect("changes");
    let told = |copy: &str| -> Vec<String> {
        changes
            .iter()
            .filter(|change| change.to_string().contains(copy))
            .map(|change| change.to_string().replace(copy, "COPY"))
            .collect()
    };
    let first = told("copy-a");
    assert!(first.iter().any(|change| change.contains("\"reworded\"")), "{first:?}");
    assert!(first.iter().any(|change| change.contains("\"include-relocated\"")), "{first:?}");
    assert!(first.iter().any(|change| change.contains("COPY/assets/includes/moved/tech.md")));
    assert_eq!(told("copy-b"), first);
    assert_ne!(told("copy-c"), first);
    assert!(told("copy-c").iter().any(|change| change.contains("design review")));
    assert_eq!(document["summary"]["levels_compared"], 6);
}
