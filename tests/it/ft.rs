//! The FT engineering progression format, as a user reads it: every layout its data has had
//! (job families, the `data/roles/` file, the first `competencies.yml` beside `levels.yml`),
//! branching rungs, labels reused across levels, and every bad input a diagnostic at its line.

use std::path::Path;

use ladder::model::{Framework, Item};
use ladder::read::{ReadOptions, load};
use proptest::prelude::*;

use crate::support::{corpus, fixture, ladder};

/// The frameworks read from `path`, failing the test on any input error.
fn read(path: &Path) -> Vec<Framework> {
    let loaded =
        load(Box::new(ladder::source::FsTree), &[path.to_path_buf()], &ReadOptions::default());
    let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    loaded.workspace.frameworks
}

/// The one framework read from `path`.
fn one(path: &str) -> Framework {
    let mut found = read(&fixture(path));
    assert_eq!(found.len(), 1, "{path}: one framework");
    found.remove(0)
}

/// The competencies of a level (sub-items, the examples, left out).
fn items<'a>(framework: &'a Framework, level: &str) -> Vec<&'a Item> {
    let level = framework.level(level).unwrap_or_else(|| panic!("level {level}"));
    level.sections.iter().flat_map(|s| &s.groups).flat_map(|g| &g.items).collect()
}

/// Each level's key with the key of the level below it.
fn edges(framework: &Framework) -> Vec<(String, Option<String>)> {
    framework
        .levels
        .iter()
        .map(|level| {
            let below = level.below.map(|at| framework.levels[at].key.clone());
            (level.key.clone(), below)
        })
        .collect()
}

#[test]
fn rungs_branch_above_the_same_level_and_continue_their_own_track() {
    let platform = one("formats/ft/job-families/platform.yml");
    assert_eq!(platform.id, fixture("formats/ft/job-families/platform").display().to_string());
    assert_eq!(platform.name, "Platform");
    let below = |key: &str| edges(&platform).into_iter().find(|(k, _)| k == key).and_then(|e| e.1);
    assert_eq!(below("associate"), None);
    assert_eq!(below("lead-ic").as_deref(), Some("engineer"));
    assert_eq!(below("lead-pm").as_deref(), Some("engineer"), "both rungs above one level");
    assert_eq!(below("fellow-ic").as_deref(), Some("lead-ic"));
    assert_eq!(below("fellow-pm").as_deref(), Some("lead-pm"));
    assert_eq!(below("head").as_deref(), Some("fellow-pm"));
}

#[test]
fn a_summary_is_one_item_with_its_theme_proficiency_and_place() {
    let platform = one("formats/ft/job-families/platform.yml");
    let associate = items(&platform, "associate");
    assert_eq!(associate.len(), 2);
    let craft = associate[1];
    // A numbered list inside one summary stays one item, folded to one line.
    assert_eq!(
        craft.text,
        "1. Writes code that a reviewer can follow without a walkthrough. 2. Adds a test for each \
         bug they fix."
    );
    assert_eq!(craft.id.as_deref(), Some("0b6f3a52-1c1e-4d7a-9a44-0a1c1f000002"));
    assert_eq!(craft.attributes.get("proficiency").map(String::as_str), Some("Awareness"));
    let topic = craft.topic.as_ref().map(|topic| topic.name.as_str());
    assert_eq!(topic, Some("Craft"));
    // The span is where the text starts: the line after `summary: |`, past its indent.
    assert_eq!((craft.origin.line, craft.origin.column), (52, 7));
    assert!(craft.origin.text().starts_with("1. Writes code"));
    // A plain scalar starts after the key.
    let engineer = items(&platform, "engineer");
    assert_eq!((engineer[1].origin.line, engineer[1].origin.column), (66, 14));
    assert!(!craft.attributes.contains_key("label"), "a paragraph is no label");
}

#[test]
fn a_label_reused_across_levels_is_marked_and_the_examples_are_its_children() {
    let support = one("formats/ft/job-families/support.yml");
    let analyst = items(&support, "analyst");
    assert_eq!(analyst.len(), 3, "a cell with several competencies");
    let callers = analyst[0];
    assert_eq!(callers.attributes.get("label").map(String::as_str), Some("Looking after callers"));
    let examples: Vec<(&str, Option<&str>)> = callers
        .children
        .iter()
        .map(|child| (child.text.as_str(), child.attributes.get("kind").map(String::as_str)))
        .collect();
    assert_eq!(
        examples,
        [
            ("Answers each caller by following the desk's scripts", Some("example")),
            ("Passes on calls it cannot answer to the right queue", Some("example")),
        ]
    );
    assert!(!analyst[1].attributes.contains_key("label"), "said at one level only");
    let training = items(&support, "senior-2")[1];
    assert_eq!(training.text, "Training new analysts");
    assert!(!training.attributes.contains_key("label"));
}

#[test]
fn the_roles_layout_reads_like_a_job_family() {
    let roles = one("formats/ft/roles/platform.yml");
    assert!(roles.id.ends_with("formats/ft/roles/platform"), "{}", roles.id);
    assert_eq!(
        edges(&roles),
        [("engineer".into(), None), ("senior".into(), Some("engineer".into()))]
    );
    assert_eq!(items(&roles, "engineer").len(), 3);
}

#[test]
fn the_first_layout_reads_its_levels_beside_it_and_areas_as_themes() {
    let first = one("formats/ft/first/data/competencies.yml");
    assert_eq!(first.name, "Competencies");
    let names: Vec<&str> = first.levels.iter().map(|level| level.name.as_str()).collect();
    assert_eq!(names, ["Junior to Engineer", "Engineer to Senior", "Senior to Lead"]);
    assert_eq!(
        first.levels[0].span.as_ref().map(|span| span.path().ends_with("levels.yml")),
        Some(true)
    );
    let engineer = items(&first, "junior-to-engineer");
    assert_eq!(engineer.len(), 3);
    let topics: Vec<&str> =
        engineer.iter().filter_map(|item| item.topic.as_ref()).map(|t| t.name.as_str()).collect();
    assert_eq!(topics, ["Technical", "Technical", "Delivery"]);
    assert_eq!(engineer[1].attributes.get("domain").map(String::as_str), Some("back-end"));
    assert!(items(&first, "senior-to-lead").is_empty(), "a level not yet written");
    // The folder holding the three files reads as the one framework.
    assert_eq!(read(&fixture("formats/ft/first")).len(), 1);
}

#[test]
fn the_first_layout_without_levels_file_takes_levels_in_the_order_used() {
    let folder = tempfile::tempdir().expect("temp dir");
    let data = folder.path().join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    let text = std::fs::read_to_string(fixture("formats/ft/first/data/competencies.yml"))
        .expect("fixture");
    std::fs::write(data.join("competencies.yml"), text).expect("write");
    let found = read(&data.join("competencies.yml"));
    let keys: Vec<&str> = found[0].levels.iter().map(|level| level.key.as_str()).collect();
    assert_eq!(keys, ["junior-to-engineer", "engineer-to-senior"]);
}

/// Writes `text` as `broken.yml` in a temp folder and lints it (diagnostics name it from the
/// folder, the project root found).
fn lint_text(text: &[u8]) -> (tempfile::TempDir, crate::support::Run) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("broken.yml");
    std::fs::write(&path, text).expect("write");
    let run = ladder(["lint".as_ref(), "--format".as_ref(), "short".as_ref(), path.as_os_str()]);
    (folder, run)
}

#[test]
fn a_competency_at_an_unknown_level_is_a_diagnostic_at_its_line() {
    let text = "name: X\nlevels:\n  - id: junior\n    name: Junior\nthemes:\n  - id: craft\n    \
                name: Craft\ncompetencies:\n  - id: a1\n    level: senoir\n    theme: craft\n    \
                summary: Writes code\n";
    let (_folder, run) = lint_text(text.as_bytes());
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(run.err.contains("broken.yml:10:12"), "names file, line and column: {}", run.err);
    assert!(run.err.contains("level `senoir` is not one of the levels"), "{}", run.err);
    assert!(run.err.contains("`junior`"), "says the levels there are: {}", run.err);
}

#[test]
fn an_unknown_theme_and_a_misspelt_key_are_diagnostics_too() {
    let theme = "name: X\nlevels:\n  - id: junior\nthemes:\n  - id: craft\ncompetencies:\n  - \
                 level: junior\n    theme: graft\n    summary: Writes code\n";
    let (_folder, run) = lint_text(theme.as_bytes());
    assert_eq!(run.status, 2);
    assert!(run.err.contains("broken.yml:8:12"), "{}", run.err);
    let key = "name: X\nlevels:\n  - id: junior\ncompetencies:\n  - level: junior\n    \
               sumary: Writes code\n";
    let (_folder, run) = lint_text(key.as_bytes());
    assert_eq!(run.status, 2);
    assert!(run.err.contains("broken.yml:6:"), "{}", run.err);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any bytes spliced into a valid FT file: read, or refused with a diagnostic naming the
    /// file and a line, exit 2; never a panic.
    #[test]
    fn arbitrary_bytes_are_read_or_refused_never_a_panic(
        at in 0usize..4000,
        cut in 0usize..200,
        bytes in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let valid = std::fs::read(fixture("formats/ft/job-families/support.yml")).expect("fixture");
        let at = at.min(valid.len());
        let end = (at + cut).min(valid.len());
        let mut text = valid[..at].to_vec();
        text.extend_from_slice(&bytes);
        text.extend_from_slice(&valid[end..]);
        let (_folder, run) = lint_text(&text);
        prop_assert!([0, 1, 2].contains(&run.status), "status {}: {}", run.status, run.err);
        if run.status == 2 {
            let named = run.err.contains("broken.yml:");
            prop_assert!(named, "the diagnostic names the file: {}", run.err);
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_file_of_the_ft_corpus_is_read() {
    let Some(root) = corpus("ft-engineering-progression") else { return };
    let found = read(&root);
    let mut summary: Vec<String> = found
        .iter()
        .map(|framework| {
            let items: usize =
                framework.levels.iter().map(|level| items(framework, &level.key).len()).sum();
            format!("{} {} levels {} competencies", framework.name, framework.levels.len(), items)
        })
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        [
            "Engineering (Legacy) 4 levels 101 competencies",
            "Engineering 8 levels 72 competencies",
            "Operations 3 levels 48 competencies",
        ]
    );
}
