//! The other public framework formats (Monzo, Snowflake, and each format ladder reads beside
//! handbook pages) as a user meets them: each shape read into the model with spans at the words,
//! bad input refused at its file and line, and every framework of every corpus exported to
//! ladder's YAML and read back the same.

use std::path::Path;

use ladder::model::{Framework, Item};
use ladder::read::{Loaded, ReadOptions, load};
use proptest::prelude::*;

use crate::support::{corpus, fixture, ladder};
use crate::yaml::data;

/// Reads `path` as `ladder lint` would: under its project root, every path relative to it.
fn read(path: &Path) -> Loaded {
    let root = ladder::source::ProjectRoot::discover(path).expect("a project root");
    let relative = root.relative(path).expect("inside its root");
    load(Box::new(root.tree()), &[relative], &ReadOptions::default())
}

/// Reads `path`, failing the test on any input error.
fn read_clean(path: &Path) -> Vec<Framework> {
    let loaded = read(path);
    let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    loaded.workspace.frameworks
}

/// The framework whose id ends with `/name`.
fn named<'a>(frameworks: &'a [Framework], name: &str) -> &'a Framework {
    let suffix = format!("/{name}");
    frameworks
        .iter()
        .find(|framework| framework.id.ends_with(&suffix))
        .unwrap_or_else(|| panic!("no framework {name} among {:?}", ids(frameworks)))
}

fn ids(frameworks: &[Framework]) -> Vec<&str> {
    frameworks.iter().map(|framework| framework.id.as_str()).collect()
}

fn keys(framework: &Framework) -> Vec<&str> {
    framework.levels.iter().map(|level| level.key.as_str()).collect()
}

/// The competency items of a level (not their examples), as (topic, text).
fn cells(framework: &Framework, key: &str) -> Vec<(String, String)> {
    let level = framework.level(key).unwrap_or_else(|| panic!("no level {key}"));
    level
        .sections
        .iter()
        .flat_map(|section| &section.groups)
        .flat_map(|group| &group.items)
        .map(|item| {
            (item.topic.as_ref().map_or(String::new(), |t| t.name.clone()), item.text.clone())
        })
        .collect()
}

fn find<'a>(framework: &'a Framework, text: &str) -> &'a Item {
    framework
        .levels
        .iter()
        .flat_map(|level| level.items())
        .map(|found| found.item)
        .find(|item| item.text == text)
        .unwrap_or_else(|| panic!("no item {text:?} in {}", framework.id))
}

// ---- Monzo ----

#[test]
fn monzo_topics_start_late_and_levels_are_numbered_as_written() {
    let frameworks = read_clean(&fixture("formats/monzo"));
    assert_eq!(frameworks.len(), 3, "{:?}", ids(&frameworks));
    let platform = named(&frameworks, "frameworks/platform");
    assert_eq!(platform.name, "Platform Engineering");
    assert_eq!(keys(platform), ["level-1", "level-2", "level-3", "level-4"]);
    assert_eq!(platform.levels[2].name, "Level 3");
    // `leadership` has no title: its name is shown; it starts at level 3.
    let topics = |key| cells(platform, key).into_iter().map(|(topic, _)| topic).collect::<Vec<_>>();
    assert_eq!(topics("level-2"), ["Delivery", "Delivery"]);
    assert_eq!(topics("level-3"), ["Delivery", "leadership"]);
    // Written as `levels: 3`, with content at levels 2 to 4: the levels written are read.
    let leads = named(&frameworks, "support/support-leads");
    assert_eq!(keys(leads), ["level-2", "level-3", "level-4"]);
    assert_eq!(leads.levels[0].below, None);
    assert_eq!(leads.levels[2].below, Some(1));
}

#[test]
fn monzo_example_criteria_are_items_with_their_examples_as_children() {
    let frameworks = read_clean(&fixture("formats/monzo"));
    let platform = named(&frameworks, "frameworks/platform");
    let rollback = find(platform, "Rolls back a bad deploy before it reaches most users");
    assert_eq!(rollback.children.len(), 1);
    let example = &rollback.children[0];
    assert_eq!(example.text, "Reverted a config push within ten minutes of the first alert");
    assert_eq!(example.attributes.get("kind").map(String::as_str), Some("example"));
    // Spans point at each criterion as written: line and column of its opening quote.
    let at = |item: &Item| (item.origin.path().to_string(), item.origin.line, item.origin.column);
    let path = "fixtures/formats/monzo/frameworks/platform.md".to_string();
    assert_eq!(at(rollback), (path.clone(), 21, 23));
    assert_eq!(at(example), (path.clone(), 23, 17));
    let first = find(platform, "Ships small changes to one service with help from a reviewer");
    assert_eq!(at(first), (path, 15, 13));
}

#[test]
fn monzo_prose_files_are_read_by_level_and_heading() {
    let frameworks = read_clean(&fixture("formats/monzo"));
    let prose = named(&frameworks, "design/illustration");
    assert_eq!(keys(prose), ["level-1", "level-2"]);
    let cells = cells(prose, "level-1");
    let expected = [
        ("Craft", "You draw clean spot illustrations from a brief and ask for critique early."),
        ("Teamwork", "You share sketches with the product squad before polishing them."),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(topic, text)| (topic.to_string(), text.to_string())).collect();
    assert_eq!(cells, expected);
    let first = find(prose, &expected[0].1);
    assert_eq!((first.origin.line, first.origin.column), (14, 1));
}

#[test]
fn lint_reads_the_monzo_fixture() {
    let run = ladder(["lint", "--format", "json", "fixtures/formats/monzo"]);
    assert_ne!(run.status, 2, "{}", run.err);
    let document: serde_json::Value = serde_json::from_str(&run.out).expect("JSON");
    let human = ladder(["lint", "fixtures/formats/monzo"]);
    assert!(human.out.contains("3 frameworks, 9 levels, 16 items"), "{}", human.out);
    // `levels: 3` over levels written 2 to 4: read as written, and said once.
    let note = "note: fixtures/formats/monzo/frameworks/support/support-leads.md: the front \
                matter says `levels: 3`, but the levels written are 2 to 4; read as written\n";
    assert_eq!(human.out.matches(note).count(), 1, "{}", human.out);
    assert_eq!(human.out.matches("note:").count(), 1, "{}", human.out);
    assert!(document["findings"].is_array());
}

// ---- Snowflake ----

#[test]
fn snowflake_tracks_are_topics_of_five_milestones() {
    let frameworks = read_clean(&fixture("formats/snowflake"));
    // levels.json beside the tracks is neither an error nor a second framework.
    assert_eq!(ids(&frameworks), ["fixtures/formats/snowflake/tracks"]);
    let tracks = &frameworks[0];
    let expected = ["milestone-1", "milestone-2", "milestone-3", "milestone-4", "milestone-5"];
    assert_eq!(keys(tracks), expected);
    assert_eq!(tracks.levels[0].name, "Milestone 1");
    assert_eq!(
        cells(tracks, "milestone-2"),
        [
            ("Servers".to_string(), "Adds new endpoints and small background jobs".to_string()),
            ("Mentoring".to_string(), "Mentors one colleague over several months".to_string()),
        ]
    );
    let first = find(tracks, "Changes an existing endpoint following the patterns already there");
    assert_eq!(first.attributes.get("category").map(String::as_str), Some("A"));
    assert_eq!((first.origin.line, first.origin.column), (8, 20));
    let kinds: Vec<(&str, &str)> = first
        .children
        .iter()
        .map(|child| (child.attributes["kind"].as_str(), child.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("signal", "Adds a field to a response"),
            ("signal", "Writes a unit test for a handler"),
            ("example", "Added a sort order to the list endpoint"),
        ]
    );
}

#[test]
fn a_file_in_no_known_format_given_explicitly_is_an_input_error() {
    let run = ladder(["lint", "fixtures/formats/snowflake/levels.json"]);
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(run.err.contains("levels.json:1"), "{}", run.err);
    let flat = run.err.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("no framework format ladder knows"), "{}", run.err);
    for format in ["Monzo", "FT", "Snowflake", "ladder's YAML"] {
        assert!(flat.contains(format), "{format} is not named: {}", run.err);
    }
}

#[test]
fn any_other_file_given_explicitly_names_the_formats_ladder_knows() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("NOTICE");
    std::fs::write(&path, "Some licence words.\n").expect("write");
    let run = ladder([Path::new("lint"), &path]);
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(run.err.contains("NOTICE:1: this file is in no framework format"), "{}", run.err);
    assert!(run.err.contains("Snowflake"), "{}", run.err);
}

// ---- bad input ----

/// Lints `text` written to `name`, read as `format` by ladder.yml, and asserts it is read or
/// refused with a diagnostic naming the file and a line (status 2), never a crash.
fn assert_read_or_refused(name: &str, format: &str, text: &[u8]) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join(name), text).expect("write");
    let config = format!("frameworks:\n  - file: {name}\n    format: {format}\n");
    std::fs::write(dir.path().join("ladder.yml"), config).expect("write");
    let run = ladder([Path::new("lint"), dir.path()]);
    assert!([0, 1, 2].contains(&run.status), "{}", run.err);
    if run.status == 2 {
        let named = run.err.lines().any(|line| {
            line.split_once(&format!("{name}:")).is_some_and(|(_, rest)| {
                rest.split(':').next().is_some_and(|line| line.parse::<usize>().is_ok())
            })
        });
        assert!(named, "the error names no {name}:LINE:\n{}", run.err);
    }
}

#[test]
fn malformed_monzo_and_snowflake_files_are_refused_at_their_line() {
    let unclosed = "---\ntitle: T\ntopics:\n  - name: a\n    content: [\n---\n";
    assert_read_or_refused("team.md", "monzo", unclosed.as_bytes());
    let shape = "---\ntitle: T\ntopics:\n  - name: a\n    content:\n      - level: two\n---\n";
    assert_read_or_refused("team.md", "monzo", shape.as_bytes());
    assert_read_or_refused(
        "tracks.json",
        "snowflake",
        b"{\"A\": {\"displayName\": \"A\",\n\"milestones\": 3}}",
    );
    assert_read_or_refused("tracks.json", "snowflake", b"{\"A\": ");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_crash_the_monzo_reader(
        body in proptest::collection::vec(any::<u8>(), 0..200),
        framed in any::<bool>(),
    ) {
        let mut text = if framed { b"---\ntopics:\n".to_vec() } else { Vec::new() };
        text.extend(body);
        if framed {
            text.extend(b"\n---\n");
        }
        assert_read_or_refused("team.md", "monzo", &text);
    }

    #[test]
    fn arbitrary_bytes_never_crash_the_snowflake_reader(
        body in proptest::collection::vec(any::<u8>(), 0..200),
        framed in any::<bool>(),
    ) {
        let mut text = if framed { b"{\"T\": {\"milestones\": [".to_vec() } else { Vec::new() };
        text.extend(body);
        assert_read_or_refused("tracks.json", "snowflake", &text);
    }

    #[test]
    fn arbitrary_text_in_the_monzo_shape_never_crashes(
        lines in proptest::collection::vec("[ \\-a-z:\"\t#0-9]{0,20}", 0..12),
    ) {
        let text = format!("---\ntitle: T\ntopics:\n  - name: a\n    content:\n{}\n---\n## Level 1\n", lines.join("\n"));
        assert_read_or_refused("team.md", "monzo", text.as_bytes());
    }
}

// ---- export round trip ----

/// Exports every framework under `path` with `ladder export`, reads the export back and
/// asserts the same model: ids, names, levels and their `below` edges, sections, groups, and
/// items with their text, ids, topics, attributes and children. Returns how many frameworks;
/// every file under `path` in a format ladder reads must read.
fn assert_round_trip(path: &Path) -> usize {
    let before = read_clean(path);
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("export.ladder.yml");
    let run = ladder([Path::new("export"), path, Path::new("--output"), &out]);
    assert_eq!(run.status, 0, "{}", run.err);
    let after = read_clean(&out);
    let data_of = |frameworks: &[Framework]| frameworks.iter().map(data).collect::<Vec<_>>();
    assert_eq!(data_of(&after), data_of(&before), "{}", path.display());
    after.len()
}

#[test]
fn fixtures_of_each_format_export_and_read_back_the_same() {
    assert_eq!(assert_round_trip(&fixture("formats/monzo")), 3);
    assert_eq!(assert_round_trip(&fixture("formats/snowflake")), 1);
    // Every format's fixtures (FT's too): a new reader's fixtures join here.
    for entry in std::fs::read_dir(fixture("formats")).expect("fixtures/formats") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            assert_round_trip(&path);
        }
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_corpus_framework_exports_and_reads_back_the_same() {
    let Some(monzo) = corpus("monzo-progression-framework") else { return };
    assert_eq!(assert_round_trip(&monzo), 17);
    let Some(snowflake) = corpus("medium-snowflake") else { return };
    assert_eq!(assert_round_trip(&snowflake), 1);
    // Every folder of the corpus but the handbook (yaml.rs round-trips its frameworks): FT's
    // too, and any format added later.
    let Some(all) = corpus("") else { return };
    for entry in std::fs::read_dir(all).expect("the corpus") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
        if path.is_dir() && !name.starts_with("gitlab-handbook") {
            assert_round_trip(&path);
        }
    }
}

// ---- compare ----

#[test]
fn compare_shows_a_monzo_framework_topic_by_topic() {
    let run = ladder([
        "compare",
        "--path",
        "fixtures/formats/monzo",
        "--format",
        "markdown",
        "frameworks/platform",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    insta::assert_snapshot!("monzo_platform_markdown", run.out);
}

#[test]
fn compare_puts_two_monzo_frameworks_side_by_side_at_one_level() {
    let run = ladder([
        "compare",
        "--path",
        "fixtures/formats/monzo",
        "--width",
        "100",
        "frameworks/platform:level-3",
        "support/support-leads:level-3",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    insta::assert_snapshot!("monzo_level_3_side_by_side", run.out);
}

#[test]
fn compare_shows_snowflake_milestones() {
    let run = ladder([
        "compare",
        "--path",
        "fixtures/formats/snowflake",
        "--format",
        "markdown",
        "--from",
        "milestone-4",
        "tracks",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    insta::assert_snapshot!("snowflake_milestones_4_5_markdown", run.out);
}
