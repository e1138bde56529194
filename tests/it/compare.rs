//! `ladder compare` as a user runs it: a framework's levels side by side in every format, two
//! frameworks at one level, bad names, and the real corpus.

use crate::support::{corpus, fixture, ladder};

fn compare(args: &[&str]) -> crate::support::Run {
    let growth = fixture("compare");
    let mut all = vec!["compare", "--path", growth.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    ladder(all)
}

/// Every level's item in its row, the words each level adds marked, new, uncertain and ending
/// items said in words (no colour needed), wrapped to the width and never cut.
#[test]
fn human_columns_fit_the_width_and_mark_each_link() {
    let run = compare(&["growth", "--width", "90"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.lines().all(|line| line.chars().count() <= 90), "{}", run.out);
    assert!(!run.out.contains('\u{1b}'));
    // Every word of every item is there, however it wrapped.
    let shown: String =
        run.out.split_whitespace().filter(|word| *word != "│").collect::<Vec<_>>().join(" ");
    for words in
        ["{+large+}", "[declared new]", "[ends here]", "[uncertain: maybe grows from", "[new]"]
    {
        assert!(shown.contains(words), "{words} missing:\n{}", run.out);
    }
    assert!(shown.contains("Speaks at one outside conference every year. [new]"), "{shown}");
    insta::assert_snapshot!("growth_human", run.out);

    let narrow = compare(&["growth", "--width", "50"]);
    assert!(narrow.out.lines().all(|line| line.chars().count() <= 50), "{}", narrow.out);
    assert!(narrow.out.contains("Senior        Ships {+large+} changes"), "{}", narrow.out);
}

#[test]
fn markdown_is_a_table_per_section_with_escaped_text() {
    let run = compare(&["growth", "--format", "markdown"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("### Technical"));
    assert!(
        run.out.contains("| Group | Intermediate (3) | Senior (3) | Staff (3) |"),
        "{}",
        run.out
    );
    assert!(run.out.contains("\\@<!-- -->team-leads"), "{}", run.out);
    assert!(run.out.contains("\\<b\\>"), "{}", run.out);
    insta::assert_snapshot!("growth_markdown", run.out);
}

#[test]
fn html_is_one_self_contained_accessible_page() {
    let run = compare(&["growth", "--format", "html"]);
    assert_eq!(run.status, 0, "{}", run.err);
    let page = &run.out;
    for needed in [
        "<html lang=\"en\">",
        "name=\"viewport\"",
        "<h1>",
        "<h2 id=\"section-0\">",
        "<legend>Levels shown</legend>",
        "<ins>large</ins>",
    ] {
        assert!(page.contains(needed), "{needed} missing");
    }
    for external in ["http://", "https://", "<link", "src="] {
        assert!(!page.contains(external), "external asset: {external}");
    }
    assert!(page.contains("&lt;b&gt;large&lt;/b&gt;"), "item text is escaped");
    insta::assert_snapshot!("growth_html", page);
}

#[test]
fn one_level_range_and_two_frameworks_at_one_level() {
    let run = compare(&["growth", "--from", "senior", "--to", "staff", "--format", "markdown"]);
    assert!(run.out.contains("| Group | Senior (3) | Staff (3) |"), "{}", run.out);
    assert!(!run.out.contains("Intermediate"));

    let handbook = fixture("handbook");
    let run = compare(&[
        "--path",
        handbook.to_str().expect("utf-8"),
        "--format",
        "markdown",
        "platform:staff",
        "growth:staff",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(
        run.out.contains(
            "| Group | Platform Career Framework Staff (13) | Growth Framework Staff (3) |"
        ),
        "{}",
        run.out
    );
    // Each side's items are all there, the Growth items in a Technical table of their own rows.
    assert!(
        run.out.contains("Speaks at one outside conference every year. _(new)_"),
        "{}",
        run.out
    );
    assert_eq!(run.out.matches("Ships cross-stage changes").count(), 1, "{}", run.out);
    assert_eq!(run.out.matches("Mentors senior engineers").count(), 1, "{}", run.out);
}

#[test]
fn unknown_framework_or_level_is_an_input_error() {
    let run = compare(&["nothing"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("no framework `nothing` among: growth"), "{}", run.err);
    let run = compare(&["growth", "--from", "principal"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("has no level `principal`"), "{}", run.err);
    let run = compare(&["growth", "--from", "staff", "--to", "senior"]);
    assert_eq!(run.status, 2);
}

/// The corpus's Support and Development frameworks at Staff: every item of each shown once.
#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_support_beside_development_at_staff() {
    let Some(handbook) = corpus("gitlab-handbook") else { return };
    let path = handbook.to_str().expect("utf-8");
    let run = ladder([
        "compare",
        "--path",
        path,
        "--format",
        "markdown",
        "support:staff",
        "development:staff",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("Support Career Framework Staff ("), "{}", run.out);
    assert!(run.out.contains("Development Department Career Framework Staff ("));
    let levels = ladder(["compare", "--path", path, "support", "--width", "120"]);
    assert_eq!(levels.status, 0, "{}", levels.err);
    assert!(levels.out.contains("Associate") && levels.out.contains("Staff"));
    // Lists written topic by topic keep their topics as row labels.
    let quality = ladder([
        "compare",
        "--path",
        path,
        "--format",
        "markdown",
        "quality/software-engineer-in-test",
    ]);
    assert!(quality.out.contains("| Quality › Test Tooling |"), "{}", quality.out);
}
