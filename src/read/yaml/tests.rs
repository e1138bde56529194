//! The YAML reader on its tricky cases, checked on the model it builds.

use crate::model::Framework;
use crate::read::{Loaded, ReadError, ReadOptions, load};

/// Reads `text` as the file `name` in a fresh temporary folder.
fn read(name: &str, text: &str) -> Loaded {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    load(Box::new(crate::source::FsTree), &[path], &ReadOptions::default())
}

/// The one framework of `text`, failing the test on any input error.
fn framework(text: &str) -> Framework {
    let loaded = read("f.ladder.yml", text);
    let errors: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    assert_eq!(loaded.workspace.frameworks.len(), 1);
    loaded.workspace.frameworks.into_iter().next().expect("one framework")
}

/// The errors of reading `text`, as (line, message).
fn errors(text: &str) -> Vec<(usize, String)> {
    read("f.ladder.yml", text)
        .errors
        .iter()
        .map(|error| match error {
            ReadError::Yaml(error) => (error.line, error.message.clone()),
            other => (0, other.to_string()),
        })
        .collect()
}

const TWO_LEVELS: &str = "\
name: Data
levels:
  - key: junior
    sections:
      - name: Technical Skills
        items:
          - Writes   queries
            for one table.
          - text: Checks results twice.
            id: checks
            allow: [style]
  - key: senior
    name: Senior Data Person
    sections:
      - name: Technical
        groups:
          - name: Queries
            items:
              - text: Writes queries across many tables.
                escalates: writes queries for one table
              - text: Reviews the checks of others.
                escalates: checks
                items:
                  - Explains each finding.
              - text: Teaches query tuning.
                new: true
";

#[test]
fn plain_and_mapping_items_keep_their_words_and_place() {
    let framework = framework(TWO_LEVELS);
    let junior = &framework.levels[0];
    let items: Vec<_> = junior.items().map(|found| found.item).collect();
    assert_eq!(items[0].text, "Writes queries for one table.");
    assert_eq!((items[0].origin.line, items[0].origin.column), (7, 13));
    assert!(items[0].origin.text().starts_with("Writes   queries\n"));
    assert!(items[0].origin.text().ends_with("table."));
    assert_eq!(items[1].text, "Checks results twice.");
    assert_eq!(items[1].origin.text(), "Checks results twice.");
    assert_eq!(items[1].origin.line, 9);
    assert_eq!(items[1].id.as_deref(), Some("checks"));
    assert_eq!(items[1].allow, ["style"]);
    assert!(items.iter().all(|item| item.via.is_none()));
}

#[test]
fn links_new_items_and_sub_items_fill_the_model() {
    let framework = framework(TWO_LEVELS);
    let senior = &framework.levels[1];
    let items: Vec<_> = senior.items().map(|found| found.item).collect();
    assert_eq!(items[0].escalates.as_deref(), Some("writes queries for one table"));
    assert_eq!(items[1].escalates.as_deref(), Some("checks"));
    assert_eq!(items[1].children.len(), 1);
    assert_eq!(items[2].text, "Explains each finding.", "sub-items follow their parent");
    assert!(items[3].new_here);
    assert!(!items[0].new_here);
    let group = &senior.sections[0].groups[0];
    assert_eq!(group.name.as_deref(), Some("Queries"));
}

#[test]
fn levels_sections_and_framework_get_their_defaults() {
    let framework = framework(TWO_LEVELS);
    assert_eq!(framework.id, "f");
    assert_eq!(framework.name, "Data");
    assert_eq!(framework.format, crate::model::Format::Yaml);
    assert_eq!(framework.required_sections, ["Leadership", "Technical", "Values Alignment"]);
    let junior = &framework.levels[0];
    assert_eq!(junior.name, "Junior", "a key outside the vocabulary is title-cased");
    assert_eq!(framework.levels[1].name, "Senior Data Person");
    assert!(junior.page.is_none());
    assert_eq!(junior.span.as_ref().map(|span| (span.line, span.text())), Some((3, "junior")));
    let section = &junior.sections[0];
    assert_eq!(section.name, "Technical", "known section names are canonical");
    assert_eq!(section.heading.as_ref().map(|h| h.text.as_str()), Some("Technical Skills"));
    assert_eq!(section.groups[0].name, None, "section items sit in a group without a name");
    assert_eq!(framework.level_pairs().collect::<Vec<_>>(), [(0, 1)]);
}

#[test]
fn below_lets_rungs_branch() {
    let framework = framework(
        "name: Branching\nrequired-sections: [Technical]\nlevels:\n  - key: senior\n  - key: staff\n  - key: manager\n    below: senior\n  - key: director\n",
    );
    let keys: Vec<_> = framework.levels.iter().map(|level| level.key.as_str()).collect();
    assert_eq!(keys, ["senior", "staff", "manager", "director"]);
    assert_eq!(framework.levels[2].below, Some(0));
    assert_eq!(framework.levels[3].below, Some(2), "default: the level listed before");
    assert_eq!(framework.levels[0].name, "Senior", "vocabulary name");
    assert_eq!(framework.required_sections, ["Technical"]);
    assert_eq!(framework.level_pairs().collect::<Vec<_>>(), [(0, 1), (0, 2), (2, 3)]);
}

#[test]
fn unicode_text_keeps_its_span() {
    let framework = framework(
        "name: Équipe\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items: [\"Aide l’équipe à livrer — vite 🚀\"]\n",
    );
    let item = framework.levels[0].items().next().map(|found| found.item).expect("an item");
    assert_eq!(item.text, "Aide l’équipe à livrer — vite 🚀");
    assert_eq!((item.origin.line, item.origin.column), (6, 17));
    assert_eq!(item.origin.text(), "\"Aide l’équipe à livrer — vite 🚀\"");
    assert_eq!(framework.name, "Équipe");
}

#[test]
fn items_reused_by_alias_are_written_once() {
    let framework = framework(
        "name: V\nlevels:\n  - key: senior\n    sections:\n      - name: Values\n        items: &values\n          - Shows iteration.\n  - key: staff\n    sections:\n      - name: Values\n        items: *values\n",
    );
    let origin = |level: usize| {
        let item = framework.levels[level].items().next().map(|found| found.item.clone());
        item.map(|item| (item.origin.line, item.via.map(|via| via.line)))
    };
    assert_eq!(origin(0), Some((7, None)));
    assert_eq!(origin(1), Some((7, Some(11))), "the alias is where the item is shown");
}

#[test]
fn each_document_is_a_framework() {
    let loaded = read(
        "two.ladder.yml",
        "name: A\nlevels: [{ key: senior }]\n---\nname: B\nid: b-framework\nlevels: [{ key: staff }]\n---\nname: C\nlevels: [{ key: staff }]\n",
    );
    assert!(loaded.errors.is_empty());
    let ids: Vec<_> = loaded.workspace.frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["two#1", "b-framework", "two#3"]);
    let line = loaded.workspace.frameworks[2].levels[0].span.as_ref().map(|span| span.line);
    assert_eq!(line, Some(9), "spans count lines from the top of the file");
}

#[test]
fn duplicate_level_is_an_error_at_the_second() {
    let found = errors("name: D\nlevels:\n  - key: senior\n  - key: staff\n  - key: senior\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("defined twice (first at line 3)"), "{found:?}");
}

#[test]
fn below_naming_an_undefined_or_later_level_is_an_error() {
    let found = errors(
        "name: D\nlevels:\n  - key: senior\n  - key: staff\n    below: principal\n  - key: manager\n    below: director\n  - key: director\n",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 5);
    assert!(found[0].1.contains("`below: principal` names a level that is not defined"));
    assert_eq!(found[1].0, 7);
    assert!(found[1].1.contains("listed after this one"), "{found:?}");
}

#[test]
fn escalates_must_name_an_item_of_the_level_below() {
    let found = errors(
        "name: D\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items:\n          - { text: Leads., escalates: nothing }\n  - key: staff\n    sections:\n      - name: Technical\n        items:\n          - text: Leads more.\n            escalates: leads everything\n",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 7);
    assert!(found[0].1.contains("level `senior` has no level below"), "{found:?}");
    assert_eq!(found[1].0, 13);
    assert!(found[1].1.contains("no item of level `senior`"), "{found:?}");
}

#[test]
fn shape_errors_name_their_line() {
    let cases = [
        ("name: D\nlevels:\n  - key: senior\n    sectons: []\n", 4, "unknown field `sectons`"),
        (
            "name: D\nlevels:\n  - key: a\n    sections:\n      - name: T\n        items:\n          - text: t\n            idd: x\n",
            8,
            "unknown field `idd`",
        ),
        (
            "name: D\nlevels:\n  - key: a\n    sections:\n      - name: T\n        items:\n          - [a, b]\n",
            7,
            "expected an item",
        ),
        ("name: D\nlevels: []\n", 2, "at least one level"),
        ("levels:\n  - key: a\n", 1, "missing field `name`"),
        ("name: D\nlevels: [\n", 2, ""),
        ("# only a comment\n", 1, "no framework in this file"),
    ];
    for (text, line, words) in cases {
        let found = errors(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, line, "{text}: {found:?}");
        assert!(found[0].1.contains(words), "{text}: {found:?}");
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let samples: [&[u8]; 6] = [
        b"\xff\xfe\x00name",
        b"name: [\n\t\x01: {",
        b"- - - - -\n",
        b"name: x\nlevels: *nowhere\n",
        b"&a [*a]",
        b"name: x\nlevels:\n  - key: {a: b}\n",
    ];
    for bytes in samples {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("x.ladder.yml");
        std::fs::write(&path, bytes).expect("write");
        let loaded = load(Box::new(crate::source::FsTree), &[path], &ReadOptions::default());
        assert!(!loaded.errors.is_empty(), "{bytes:?} was accepted");
    }
}

#[test]
fn an_id_used_twice_in_a_level_is_an_error() {
    let found = errors(
        "name: D\nlevels:\n  - key: senior\n    sections:\n      - name: Technical\n        items:\n          - { id: a, text: One. }\n      - name: Leadership\n        items:\n          - { id: a, text: Two. }\n  - key: staff\n    sections:\n      - name: Technical\n        items: [{ id: a, text: Three. }]\n",
    );
    assert_eq!(found.len(), 1, "the same id at another level is the same competency: {found:?}");
    assert_eq!(found[0].0, 10);
    assert!(found[0].1.contains("id `a` is used twice in level `senior` (first at line 7)"));
}
