//! The YAML framework format, `ladder export` and `ladder.yml`, as a user runs them: every bad
//! input exits with status 2 and names its file and line; export reads back into the same model.

use std::path::{Path, PathBuf};

use ladder::model::{Framework, Item};
use ladder::read::{Loaded, ReadOptions, load};
use serde_json::{Value, json};

use crate::support::{Run, corpus, fixture, ladder, lint_json};

/// Reads `path` from the working tree, failing the test on any input error.
fn read(path: &Path) -> Loaded {
    let loaded =
        load(Box::new(ladder::source::FsTree), &[path.to_path_buf()], &ReadOptions::default());
    let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    loaded
}

/// Everything a framework says as data (no spans, no pages): what export must keep.
pub(crate) fn data(framework: &Framework) -> Value {
    let levels: Vec<Value> = framework
        .levels
        .iter()
        .map(|level| {
            let sections: Vec<Value> = level
                .sections
                .iter()
                .map(|section| {
                    let groups: Vec<Value> = section
                        .groups
                        .iter()
                        .map(|group| json!({ "name": group.name, "items": items(&group.items) }))
                        .collect();
                    json!({ "name": section.name, "groups": groups })
                })
                .collect();
            json!({ "key": level.key, "name": level.name, "below": level.below, "sections": sections })
        })
        .collect();
    json!({
        "id": framework.id,
        "name": framework.name,
        "required": framework.required_sections,
        "levels": levels,
    })
}

fn items(items: &[Item]) -> Vec<Value> {
    items
        .iter()
        .map(|item| {
            json!({
                "text": item.text,
                "normalized": item.normalized,
                "id": item.id,
                "escalates": item.escalates,
                "new": item.new_here,
                "allow": item.allow,
                "topic": item.topic.as_ref().map(|topic| topic.name.clone()),
                "attributes": item.attributes,
                "children": self::items(&item.children),
            })
        })
        .collect()
}

/// Writes `text` to `name` in a fresh temporary folder.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// A handbook in a temporary folder with `files` (path, text).
fn handbook(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// Standard error with miette's line wrapping undone, for matching messages.
fn flat(run: &Run) -> String {
    run.err.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn lint(path: &Path) -> Run {
    ladder([Path::new("lint"), path])
}

/// Asserts an input error: status 2, and standard error names `path` (relative to the project
/// root, as every path ladder shows) at `line`.
fn assert_input_error(run: &Run, path: &Path, line: usize) {
    assert_eq!(run.status, 2, "{}", run.err);
    let root = ladder::source::ProjectRoot::discover(path).expect("a root");
    let shown = root.relative(path).expect("inside the root");
    let at = format!("{}:{line}:", shown.display());
    assert!(run.err.contains(&at), "standard error does not name {at}:\n{}", run.err);
    assert!(!run.err.contains("panicked"), "{}", run.err);
}

const LEVEL: &str = "name: Tiny\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items: [Writes code.]\n";

// ---- the reader, through the command line ----

#[test]
fn bundled_yaml_fixture_is_clean() {
    let (status, document) = lint_json(&fixture("yaml"));
    assert_eq!(status, 0, "{document:#}");
    assert_eq!(document["findings"].as_array().map(Vec::len), Some(0), "{document:#}");
}

#[test]
fn yaml_fixture_is_the_handbook_fixture_as_data() {
    let words = |loaded: &Loaded| -> Vec<(String, String, Option<String>, String)> {
        let framework = &loaded.workspace.frameworks[0];
        framework
            .levels
            .iter()
            .flat_map(|level| {
                level.items().map(|found| {
                    let group = found.group.name.clone();
                    (level.key.clone(), found.section.name.clone(), group, found.item.text.clone())
                })
            })
            .collect()
    };
    let yaml = read(&fixture("yaml/platform.ladder.yml"));
    let markdown = read(&fixture("handbook"));
    assert_eq!(yaml.workspace.frameworks[0].name, markdown.workspace.frameworks[0].name);
    assert_eq!(words(&yaml), words(&markdown));
    let new_items = |loaded: &Loaded| -> Vec<String> {
        let levels = loaded.workspace.frameworks[0].levels.iter();
        let items = levels.flat_map(|level| level.items().map(|found| found.item.clone()));
        items.filter(|item| item.new_here).map(|item| item.text).collect()
    };
    assert_eq!(new_items(&yaml), new_items(&markdown));
}

#[test]
fn plain_yaml_framework_lints_and_names_no_error() {
    let (_dir, path) = temp_file("tiny.ladder.yml", LEVEL.as_bytes());
    let run = lint(&path);
    assert_ne!(run.status, 2, "{}{}", run.out, run.err);
    assert!(run.out.contains("1 framework, 1 level, 1 item"), "{}", run.out);
}

#[test]
fn any_yml_path_given_explicitly_is_read_as_a_framework() {
    let (_dir, path) = temp_file("frameworks.yml", LEVEL.as_bytes());
    let run = ladder([Path::new("export"), &path]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("name: Tiny"), "{}", run.out);
}

#[test]
fn empty_yaml_file_is_an_input_error() {
    let (_dir, path) = temp_file("empty.ladder.yml", b"");
    assert_input_error(&lint(&path), &path, 1);
}

#[test]
fn invalid_utf8_is_an_input_error_at_its_line() {
    let (_dir, path) = temp_file("latin1.ladder.yml", b"name: Caf\xe9\nlevels: []\n");
    assert_input_error(&lint(&path), &path, 1);
    let (_dir, path) = temp_file("later.ladder.yml", b"name: x\nlevels:\n  - key: caf\xe9\n");
    assert_input_error(&lint(&path), &path, 3);
}

#[test]
fn binary_file_is_an_input_error() {
    let (_dir, path) = temp_file("image.ladder.yml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_input_error(&lint(&path), &path, 3);
}

#[test]
fn invalid_yaml_is_an_input_error_at_its_line() {
    let text = b"name: x\nlevels:\n  - key: senior\n    sections: [\n";
    let (_dir, path) = temp_file("broken.ladder.yml", text);
    let run = lint(&path);
    assert_input_error(&run, &path, 4);
    assert!(flat(&run).contains("unclosed bracket"), "{}", run.err);
}

#[test]
fn wrong_shape_is_an_input_error_at_its_line() {
    let (_dir, path) = temp_file("shape.ladder.yml", b"name: x\nlevels:\n  - key: [senior]\n");
    assert_input_error(&lint(&path), &path, 3);
}

#[test]
fn unknown_field_is_an_input_error_at_its_line() {
    let text = LEVEL
        .replace("      - name: Technical\n", "      - name: Technical\n        colour: red\n");
    let (_dir, path) = temp_file("typo.ladder.yml", text.as_bytes());
    let run = lint(&path);
    assert_input_error(&run, &path, 6);
    assert!(flat(&run).contains("unknown field `colour`"), "{}", run.err);
}

#[test]
fn undefined_level_below_is_an_input_error_at_its_line() {
    let text = format!("{LEVEL}  - key: manager\n    below: lead\n");
    let (_dir, path) = temp_file("branch.ladder.yml", text.as_bytes());
    let run = lint(&path);
    assert_input_error(&run, &path, 8);
    assert!(flat(&run).contains("`below: lead` names a level that is not defined"), "{}", run.err);
}

#[test]
fn escalates_naming_no_item_below_is_an_input_error_at_its_line() {
    let text = format!(
        "{LEVEL}  - key: staff\n    sections:\n      - name: Technical\n        items:\n          - text: Designs systems.\n            escalates: writes tests\n"
    );
    let (_dir, path) = temp_file("link.ladder.yml", text.as_bytes());
    let run = lint(&path);
    assert_input_error(&run, &path, 12);
    assert!(flat(&run).contains("no item of level `senior`"), "{}", run.err);
}

#[test]
fn duplicate_level_is_an_input_error_at_its_line() {
    let text = format!("{LEVEL}  - key: senior\n");
    let (_dir, path) = temp_file("twice.ladder.yml", text.as_bytes());
    assert_input_error(&lint(&path), &path, 7);
}

#[test]
fn every_error_of_a_file_is_reported() {
    let text = format!("{LEVEL}  - key: senior\n  - key: staff\n    below: lead\n");
    let (_dir, path) = temp_file("many.ladder.yml", text.as_bytes());
    let run = lint(&path);
    assert_input_error(&run, &path, 7);
    assert_input_error(&run, &path, 9);
    assert!(flat(&run).contains("2 input errors"), "{}", run.err);
}

#[test]
fn unicode_items_are_read_and_exported_unchanged() {
    let text = "name: Équipe données\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items:\n          - Aide l’équipe à livrer — vite 🚀\n          - \"Écrit: des requêtes « propres »\"\n";
    let (_dir, path) = temp_file("équipe.ladder.yml", text.as_bytes());
    let run = ladder([Path::new("export"), &path]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("name: Équipe données\n"), "{}", run.out);
    assert!(run.out.contains("Aide l’équipe à livrer — vite 🚀"), "{}", run.out);
    let (_dir, again) = temp_file("again.ladder.yml", run.out.as_bytes());
    let texts = |path: &Path| -> Vec<String> {
        let loaded = read(path);
        loaded.workspace.frameworks[0].levels[0]
            .items()
            .map(|found| found.item.text.clone())
            .collect()
    };
    assert_eq!(texts(&again), texts(&path));
    assert_eq!(texts(&path)[1], "Écrit: des requêtes « propres »");
}

// ---- export ----

/// Exports `path`, reads the export back, and checks both give the same frameworks.
fn assert_round_trip(path: &Path) {
    let before = read(path);
    assert!(!before.workspace.frameworks.is_empty());
    let (_dir, out) = temp_file("export.ladder.yml", b"");
    let run = ladder([Path::new("export"), path, Path::new("--output"), &out]);
    assert_eq!(run.status, 0, "{}", run.err);
    let after = read(&out);
    let data_of =
        |loaded: &Loaded| loaded.workspace.frameworks.iter().map(data).collect::<Vec<_>>();
    assert_eq!(data_of(&after), data_of(&before));
    let items: usize =
        after.workspace.frameworks.iter().flat_map(|f| &f.levels).map(|l| l.items().count()).sum();
    assert!(items > 0);
    let exported = std::fs::read_to_string(&out).expect("the export");
    let again = ladder([Path::new("export"), &out]);
    assert_eq!(again.out, exported, "exporting the export changes nothing");
}

#[test]
fn export_of_the_handbook_fixture_reads_back_the_same() {
    assert_round_trip(&fixture("handbook"));
}

#[test]
fn export_of_the_yaml_fixture_reads_back_the_same() {
    assert_round_trip(&fixture("yaml"));
}

#[test]
fn export_of_a_list_written_topic_by_topic_keeps_the_topics() {
    let path = fixture("checks/verbatim-copy/valid-topics");
    assert_round_trip(&path);
    let run = ladder([Path::new("export"), &path]);
    assert!(run.out.contains("topic: Test Tooling"), "{}", run.out);
}

#[test]
fn export_of_the_configured_fixture_reads_back_the_same() {
    assert_round_trip(&fixture("config/handbook"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn export_of_the_corpus_support_framework_reads_back_the_same() {
    let Some(support) =
        corpus("gitlab-handbook/content/handbook/engineering/careers/matrix/support")
    else {
        return;
    };
    assert_round_trip(&support);
}

#[test]
fn export_keeps_ids_links_and_new_flags() {
    let run = ladder([Path::new("export"), &fixture("yaml")]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("id: reviews\n"), "{}", run.out);
    assert!(run.out.contains("new: true\n"), "{}", run.out);
    assert!(
        run.out.contains("escalates: Mentors new team members through their first project.\n"),
        "{}",
        run.out
    );
    assert!(!run.out.contains("platform.ladder.yml:"), "items from data keep no spans");
}

#[test]
fn export_to_a_folder_writes_one_file_per_framework() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("exported");
    let run =
        ladder([Path::new("export"), &fixture("config/handbook"), Path::new("--out-dir"), &out]);
    assert_eq!(run.status, 0, "{}", run.err);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("the folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["operations.ladder.yml", "pages-data.ladder.yml", "pages-research.ladder.yml"]
    );
    let run = lint(&out);
    assert_ne!(run.status, 2, "{}", run.err);
    assert!(run.out.contains("3 frameworks"), "{}", run.out);
}

#[test]
fn export_output_and_out_dir_conflict() {
    let run = ladder(["export", "--output", "a.yml", "--out-dir", "b"]);
    assert_eq!(run.status, 2);
    assert!(flat(&run).contains("--out-dir"), "{}", run.err);
}

#[test]
fn export_of_bad_input_writes_nothing_and_exits_2() {
    let (_dir, path) =
        temp_file("twice.ladder.yml", format!("{LEVEL}  - key: senior\n").as_bytes());
    let run = ladder([Path::new("export"), &path]);
    assert_input_error(&run, &path, 7);
    assert!(run.out.is_empty(), "{}", run.out);
}

// ---- ladder.yml ----

#[test]
fn configuration_names_frameworks_level_order_include_root_and_rules() {
    let loaded = read(&fixture("config/handbook"));
    let frameworks = &loaded.workspace.frameworks;
    let summary: Vec<(&str, Vec<&str>)> = frameworks
        .iter()
        .map(|f| (f.name.as_str(), f.levels.iter().map(|l| l.key.as_str()).collect()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Data Career Framework", vec!["analyst", "senior-analyst"]),
            ("Research Career Framework", vec!["analyst", "lead-analyst"]),
            ("Operations Career Framework", vec!["analyst", "senior-analyst"]),
        ]
    );
    // The include root of ladder.yml (shared/snippets) resolved the Technical include.
    let technical = frameworks[0].levels[0].section("Technical").expect("a Technical section");
    assert_eq!(technical.groups[0].name.as_deref(), Some("Analytics"));
    assert_eq!(technical.item_count(), 2);
    // The rules folder of ladder.yml replaced the values set and the level vocabulary.
    let values: Vec<&str> = loaded.rules.values.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(values, ["Curiosity", "Candour"]);
    assert_eq!(frameworks[1].levels[1].name, "Lead Analyst");
    assert!(loaded.config.is_some());
}

#[test]
fn configuration_reads_only_the_frameworks_under_the_paths_given() {
    let loaded = read(&fixture("config/handbook/pages/data"));
    let names: Vec<&str> = loaded.workspace.frameworks.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Data Career Framework"]);
}

const PAGE: &str = "---\ntitle: Senior\n---\n\n## Senior\n\n### Technical\n\n- Writes code.\n";

#[test]
fn configured_level_without_a_page_is_an_input_error_at_its_line() {
    let dir = handbook(&[
        (
            "ladder.yml",
            "frameworks:\n  - folder: team\n    levels:\n      - senior\n      - staff\n",
        ),
        ("team/senior.md", PAGE),
    ]);
    let run = lint(dir.path());
    let config = dir.path().join("ladder.yml");
    assert_input_error(&run, &config, 5);
    assert!(flat(&run).contains("level `staff` is named but not defined"), "{}", run.err);
}

#[test]
fn configured_paths_that_do_not_exist_are_input_errors_at_their_line() {
    let cases = [
        ("rules: my-rules\n", 1, "rules folder `my-rules` does not exist"),
        ("include-root: assets\n", 1, "include root `assets` does not exist"),
        ("frameworks:\n  - folder: teams\n", 2, "framework folder `teams` does not exist"),
        (
            "frameworks:\n  - file: team.ladder.yml\n",
            2,
            "framework file `team.ladder.yml` does not exist",
        ),
    ];
    for (text, line, words) in cases {
        let dir = handbook(&[("ladder.yml", text), ("team/senior.md", PAGE)]);
        let run = lint(dir.path());
        assert_input_error(&run, &dir.path().join("ladder.yml"), line);
        assert!(flat(&run).contains(words), "{text}: {}", run.err);
    }
}

#[test]
fn configuration_of_the_wrong_shape_is_an_input_error_at_its_line() {
    let cases = [
        ("include_root: assets\n", 1, "unknown field `include_root`"),
        ("frameworks:\n  - folder: team\n    file: x.ladder.yml\n", 2, "not both"),
        ("frameworks:\n  - name: Team\n", 2, "needs a `folder`"),
        ("frameworks: [\n", 1, "unclosed bracket"),
    ];
    for (text, line, words) in cases {
        let dir =
            handbook(&[("ladder.yml", text), ("team/senior.md", PAGE), ("x.ladder.yml", LEVEL)]);
        let run = lint(dir.path());
        assert_input_error(&run, &dir.path().join("ladder.yml"), line);
        assert!(flat(&run).contains(words), "{text}: {}", run.err);
    }
}

#[test]
fn configuration_without_frameworks_still_discovers_them() {
    let dir = handbook(&[
        ("ladder.yml", "rules: rules\n"),
        (
            "rules/levels.yml",
            "levels:\n  - { key: l1, name: Level One }\n  - { key: l2, name: Level Two }\n",
        ),
        ("team/l1.md", PAGE),
        ("team/l2.md", PAGE),
        ("team/senior.md", PAGE),
    ]);
    let loaded = read(dir.path());
    let levels: Vec<&str> =
        loaded.workspace.frameworks[0].levels.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(levels, ["Level One", "Level Two"], "the own vocabulary replaced the built-in one");
    assert!(loaded.workspace.notes.iter().any(|note| note.path.ends_with("senior.md")));
}

// ---- the documentation's examples ----

/// The first fenced `yaml` block of a document under docs/.
fn first_yaml_block(doc: &str) -> String {
    let text = std::fs::read_to_string(crate::support::project().join("docs").join(doc))
        .expect("the document");
    let start = text.find("```yaml\n").map(|at| at + "```yaml\n".len()).expect("a yaml block");
    let end = text[start..].find("```").map(|at| start + at).expect("the end of the block");
    text[start..end].to_string()
}

#[test]
fn yaml_format_example_reads_and_branches() {
    let (_dir, path) =
        temp_file("example.ladder.yml", first_yaml_block("yaml-format.md").as_bytes());
    let loaded = read(&path);
    let framework = &loaded.workspace.frameworks[0];
    assert_eq!(framework.id, "data");
    let pairs: Vec<(&str, &str)> = framework
        .level_pairs()
        .map(|(lower, higher)| {
            (framework.levels[lower].key.as_str(), framework.levels[higher].key.as_str())
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("analyst", "senior-analyst"),
            ("senior-analyst", "analytics-manager"),
            ("senior-analyst", "lead-analyst"),
        ]
    );
}

#[test]
fn configuration_example_is_the_fixture_configuration() {
    let example = first_yaml_block("configuration.md");
    let parsed = ladder::config::Config::parse(&std::sync::Arc::new(
        ladder::source::SourceFile::new("ladder.yml", example),
    ));
    let settings = parsed.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(settings.frameworks.len(), 3);
    assert_eq!(settings.rules.map(|rules| rules.value).as_deref(), Some("ladder-rules"));
}
