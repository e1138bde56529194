//! What the newer checks report on their fixtures (file, line, help) and the fix each keeps in
//! the finding for a fixer to apply, read through the library as a fixer would.

use ladder::finding::Finding;

use crate::support::fixture;

/// The findings of check `id` (its sub-checks too) on fixture `path`.
fn findings(path: &str, id: &str) -> Vec<Finding> {
    let loaded = ladder::read::load(
        Box::new(ladder::source::FsTree),
        &[fixture(path)],
        &ladder::read::ReadOptions::default(),
    );
    assert!(loaded.errors.is_empty(), "{path}: {:?}", loaded.errors);
    let alignment = ladder::align::align(&loaded.workspace, &loaded.rules);
    let context = ladder::lint::Context {
        workspace: &loaded.workspace,
        rules: &loaded.rules,
        alignment: &alignment,
    };
    ladder::lint::lint(&context)
        .into_iter()
        .filter(|finding| finding.id.split('/').next() == Some(id))
        .collect()
}

/// The one finding, its file (from the fixture folder down) and line.
fn only(found: &[Finding]) -> (&Finding, String, usize) {
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = &found[0];
    let path = finding.primary.path().split_once("fixtures/checks/").map_or("", |(_, rest)| rest);
    (finding, path.to_string(), finding.primary.line)
}

/// The fixture file as it reads once the finding's fixes are applied.
fn fixed(finding: &Finding) -> String {
    let mut text = finding.primary.file.text().to_string();
    let mut edits: Vec<_> = finding
        .suggestions
        .iter()
        .filter(|edit| edit.span.path() == finding.primary.path())
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.range.start));
    for edit in edits {
        text.replace_range(edit.span.range.clone(), &edit.replacement);
    }
    text
}

#[test]
fn near_duplicate_points_at_the_item_said_in_full_elsewhere() {
    let found = findings("checks/near-duplicate/invalid", "near-duplicate");
    let (finding, path, line) = only(&found);
    assert_eq!(
        (path.as_str(), line),
        ("near-duplicate/invalid/assets/includes/eng/senior-technical.md", 3)
    );
    assert!(finding.related[0].span.path().ends_with("build/senior-technical.md"));
    assert!(finding.help.as_deref().is_some_and(|help| help.contains("different includes")));
}

#[test]
fn missing_toc_entry_fix_adds_the_entry_before_the_next_section() {
    let found = findings("checks/missing-toc-entry/invalid", "missing-toc-entry");
    let (finding, path, line) = only(&found);
    assert_eq!((path.as_str(), line), ("missing-toc-entry/invalid/content/build/senior.md", 12));
    let text = fixed(finding);
    assert!(
        text.contains(
            "- [Leadership Competencies](#leadership-competencies)\n- [Technical Competencies]"
        ),
        "{text}"
    );
    let valid =
        std::fs::read_to_string(fixture("checks/missing-toc-entry/valid/content/build/senior.md"));
    assert_eq!(Some(text), valid.ok(), "the fixed page is the valid one");
}

#[test]
fn foreign_navigation_fix_includes_the_tracks_own_navigation() {
    let found = findings("checks/foreign-navigation/invalid", "foreign-navigation");
    let (finding, path, line) = only(&found);
    assert_eq!(
        (path.as_str(), line),
        ("foreign-navigation/invalid/content/handbook/apps/mobile/senior.md", 7)
    );
    assert_eq!(finding.message, "this Mobile page includes the navigation of Web");
    assert!(fixed(finding).contains("{{% include \"includes/mobile-nav.md\" %}}"));
}

#[test]
fn links_report_a_missing_page_and_a_page_linking_itself() {
    let found = findings("checks/links/invalid-missing-page", "links");
    let (finding, path, line) = only(&found);
    assert_eq!(finding.id, "links/missing-page");
    assert_eq!(
        (path.as_str(), line),
        ("links/invalid-missing-page/content/handbook/apps/web/senior.md", 22)
    );
    let found = findings("checks/links/invalid-self", "links");
    let (finding, _, line) = only(&found);
    assert_eq!((finding.id.as_str(), line), ("links/self", 22));
    assert!(
        finding
            .help
            .as_deref()
            .is_some_and(|help| help.contains("/handbook/apps/web/intermediate/"))
    );
}

#[test]
fn repeated_role_names_the_word_said_twice() {
    let found = findings("checks/repeated-role/invalid", "repeated-role");
    let (finding, path, line) = only(&found);
    assert_eq!((path.as_str(), line), ("repeated-role/invalid/content/platform/senior.md", 5));
    assert_eq!(finding.message, "this heading names `Platform` twice");
    assert!(finding.help.as_deref().is_some_and(|help| help.contains("`Staff Platform Engineer`")));
}

#[test]
fn index_levels_fix_lists_the_missing_level_and_track() {
    let found = findings("checks/index-levels/invalid-missing-level", "index-levels");
    let (finding, path, line) = only(&found);
    assert_eq!(
        (path.as_str(), line),
        ("index-levels/invalid-missing-level/content/handbook/apps/web/_index.md", 8)
    );
    assert!(fixed(finding).ends_with(
        "1. [Senior](/handbook/apps/web/senior/)\n1. [Staff](/handbook/apps/web/staff/)\n"
    ));
    let found = findings("checks/index-levels/invalid-missing-track", "index-levels");
    let (finding, _, _) = only(&found);
    assert_eq!(finding.id, "index-levels/missing-track");
    let text = fixed(finding);
    for level in ["intermediate", "senior", "staff"] {
        let entry = format!(
            "- [Mobile](/handbook/apps/mobile/{level}/)\n- [Desktop](/handbook/apps/desktop/{level}/)\n"
        );
        assert!(text.contains(&entry), "{text}");
    }
}

#[test]
fn malformed_shortcode_with_a_wrong_path_gets_the_file_that_exists() {
    let found = findings("checks/includes/invalid-malformed-wrong-path", "includes");
    let (finding, _, line) = only(&found);
    assert_eq!((finding.id.as_str(), line), ("includes/malformed", 19));
    let shortcode = "{{% include \"includes/engineering/senior-technical.md\" %}}";
    assert!(finding.help.as_deref().is_some_and(|help| help.contains(shortcode)));
    assert!(fixed(finding).contains(&format!("{shortcode}\n\n- Keeps the build")));
}
