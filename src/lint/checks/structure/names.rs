//! `structure/wrong-level` and `structure/wrong-role`: page titles and headings that name
//! another level, or another role than the framework's other pages.

use std::collections::BTreeSet;

use super::Place;
use crate::finding::{Finding, Severity};
use crate::model::{Framework, Spanned, words};
use crate::rules::{LevelWord, Rules};

/// A title, page heading or section heading naming a level other than the page's own.
pub(super) fn wrong_level(at: &Place<'_>, rules: &Rules, found: &mut Vec<Finding>) {
    if rules.level(&at.level.key).is_none() {
        // A level outside the vocabulary: nothing to compare its headings with.
        return;
    }
    let Some(page) = &at.level.page else { return };
    let section_headings = at.level.sections.iter().filter_map(|section| section.heading.as_ref());
    let texts = [("title", page.title.as_ref()), ("heading", page.heading.as_ref())]
        .into_iter()
        .filter_map(|(what, text)| text.map(|text| (what, text)))
        .chain(section_headings.map(|heading| ("section heading", heading)));
    for (what, text) in texts {
        let Some(other) =
            levels_named(&text.text, &rules.levels).into_iter().find(|l| l.key != at.level.key)
        else {
            continue;
        };
        let message =
            format!("this {what} names the {} level on the {} page", other.name, at.level.name);
        found.push(
            at.finding("structure/wrong-level", text.span.clone(), message)
                .label(format!("says {}", other.name))
                .help(format!("name the {} level here, as the page is", at.level.name)),
        );
    }
}

/// The levels a text names, reading the longest level names first
/// (`Senior Staff` is one level, not Senior then Staff).
fn levels_named<'r>(text: &str, vocabulary: &'r [LevelWord]) -> Vec<&'r LevelWord> {
    let text: Vec<String> = words(text).collect();
    let mut names: Vec<(Vec<String>, &LevelWord)> =
        vocabulary.iter().map(|level| (words(&level.name).collect(), level)).collect();
    names.retain(|(name, _)| !name.is_empty());
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut named = Vec::new();
    let mut at = 0;
    while at < text.len() {
        match names.iter().find(|(name, _)| text[at..].starts_with(name)) {
            Some((name, level)) => {
                named.push(*level);
                at += name.len();
            }
            None => at += 1,
        }
    }
    named
}

/// A page heading (or title) that lacks a role word every other level's heading (or title) of
/// the framework has: a page copied from another framework and not renamed.
pub(super) fn wrong_role(
    framework: &Framework,
    rules: &Rules,
    severity: Severity,
    found: &mut Vec<Finding>,
) {
    let level_words: BTreeSet<String> =
        rules.levels.iter().flat_map(|level| words(&level.name).collect::<Vec<_>>()).collect();
    let role = |text: &Spanned| -> BTreeSet<String> {
        words(&text.text).filter(|word| !level_words.contains(word)).collect()
    };
    // A level shared by several tracks is written in the folder above them and names the role
    // they share ("Principal Engineer, Dev"), not one track's: only the track's own pages agree.
    let folder = |level: &crate::model::Level| {
        level
            .page
            .as_ref()
            .map(|page| page.span.path().rsplit_once('/').map(|(dir, _)| dir.to_string()))
    };
    let home = framework.levels.first().and_then(folder);
    for what in ["title", "heading"] {
        let texts: Vec<(usize, &Spanned)> = framework
            .levels
            .iter()
            .enumerate()
            .filter(|(_, level)| folder(level) == home)
            .filter_map(|(index, level)| {
                let page = level.page.as_ref()?;
                let text = if what == "title" { &page.title } else { &page.heading };
                text.as_ref().map(|text| (index, text))
            })
            .collect();
        if texts.len() < 3 {
            // With fewer than two other pages there is no agreement to compare against.
            continue;
        }
        let roles: Vec<BTreeSet<String>> = texts.iter().map(|(_, text)| role(text)).collect();
        for (position, (index, text)) in texts.iter().enumerate() {
            let mut others = roles.iter().enumerate().filter(|(other, _)| *other != position);
            let Some((_, first)) = others.next() else { continue };
            let shared: BTreeSet<&String> =
                others.fold(first.iter().collect(), |shared, (_, words)| {
                    shared.into_iter().filter(|word| words.contains(*word)).collect()
                });
            let lacking: Vec<&str> = shared
                .into_iter()
                .filter(|word| !roles[position].contains(*word))
                .map(String::as_str)
                .collect();
            if lacking.is_empty() {
                continue;
            }
            let level = &framework.levels[*index];
            let elsewhere: BTreeSet<&String> = roles
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != position)
                .flat_map(|(_, words)| words)
                .collect();
            let own: Vec<&str> = roles[position]
                .iter()
                .filter(|word| !elsewhere.contains(word))
                .map(String::as_str)
                .collect();
            let says = if own.is_empty() {
                String::new()
            } else {
                format!(" and says {} instead", quoted(&own))
            };
            let message = format!(
                "this page {what} names another role than the framework's other pages: \
                 it lacks {}, which every other level's {what} has{says}",
                quoted(&lacking)
            );
            let at = Place { framework: &framework.id, level, severity, by_topic: false };
            found.push(
                at.finding("structure/wrong-role", text.span.clone(), message)
                    .label(format!("no {}", quoted(&lacking)))
                    .help(format!(
                        "name the role as the other levels of {} do, or move the page to its own \
                         framework",
                        framework.name
                    )),
            );
        }
    }
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|word| format!("`{word}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::levels_named;
    use crate::lint::checks::structure::CHECK;
    use crate::lint::checks::structure::testing::{ids, run};
    use crate::rules::Rules;

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    fn keys(text: &str) -> Result<Vec<String>> {
        let rules = Rules::defaults()?;
        Ok(levels_named(text, &rules.levels).into_iter().map(|l| l.key.clone()).collect())
    }

    #[test]
    fn longest_level_name_wins() -> Result {
        assert_eq!(keys("Senior Staff Backend Engineer")?, ["senior-staff"]);
        assert_eq!(keys("Senior Leadership Competencies")?, ["senior"]);
        assert_eq!(keys("Staff Senior Staff")?, ["staff", "senior-staff"]);
        assert!(keys("Internal tooling: Technical Competencies")?.is_empty());
        Ok(())
    }

    const BODY: &str = "### Leadership Competencies\n\n- Leads.\n\n### Technical Competencies\n\n\
                        - Codes.\n\n### Values Alignment\n\n- Shows collaboration.\n";

    fn level_page(title: &str, heading: &str, body: &str) -> String {
        format!("---\ntitle: \"{title}\"\n---\n\n## {heading}\n\n{body}")
    }

    #[test]
    fn section_heading_naming_the_level_below_is_wrong_level() -> Result {
        let body = BODY.replace("### Leadership", "### Senior Leadership");
        let page = level_page("Team: Staff Engineer", "Staff Engineer", &body);
        let findings = run(&CHECK, &[("team/staff.md", &page)])?;
        assert_eq!(ids(&findings), ["structure/wrong-level"]);
        assert_eq!(findings[0].primary.text(), "### Senior Leadership Competencies");
        Ok(())
    }

    #[test]
    fn senior_staff_page_is_not_read_as_senior() -> Result {
        let body = BODY.replace("### Leadership", "### Senior Staff Leadership");
        let page = level_page("Team: Senior Staff Engineer", "Senior Staff Engineer", &body);
        assert!(run(&CHECK, &[("team/senior-staff.md", &page)])?.is_empty());
        Ok(())
    }

    fn framework(headings: [&str; 3]) -> Result<Vec<crate::finding::Finding>> {
        let pages: Vec<(String, String)> = ["intermediate", "senior", "staff"]
            .iter()
            .zip(headings)
            .map(|(key, heading)| {
                (format!("team/{key}.md"), level_page(&format!("Team: {heading}"), heading, BODY))
            })
            .collect();
        let files: Vec<(&str, &str)> =
            pages.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        run(&CHECK, &files)
    }

    #[test]
    fn heading_copied_from_another_role_is_wrong_role() -> Result {
        let findings = framework([
            "Intermediate Backend Engineer",
            "Senior Frontend Engineer",
            "Staff Backend Engineer",
        ])?;
        assert_eq!(ids(&findings), ["structure/wrong-role", "structure/wrong-role"]);
        assert!(findings.iter().all(|f| f.message.contains("`backend`")));
        assert!(findings.iter().all(|f| f.context.as_ref().is_some_and(|(_, l)| l == "senior")));
        Ok(())
    }

    #[test]
    fn an_extra_word_on_one_page_is_no_wrong_role() -> Result {
        let findings = framework([
            "Intermediate Backend Engineer",
            "Senior Backend Engineer (BE)",
            "Team Staff Backend Engineer",
        ])?;
        assert!(findings.is_empty(), "{findings:?}");
        Ok(())
    }
}
