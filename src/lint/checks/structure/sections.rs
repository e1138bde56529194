//! `structure/missing-section` and `structure/empty-section`.

use super::Place;
use crate::finding::Finding;
use crate::rules::Rules;

/// A level without a section its framework requires.
/// Required names are read through the section vocabulary, so `Technical Competencies` in
/// ladder.yml asks for the Technical section.
pub(super) fn missing(
    at: &Place<'_>,
    required: &[String],
    rules: &Rules,
    found: &mut Vec<Finding>,
) {
    let Some(span) = at.span() else { return };
    let absent: Vec<&str> = required
        .iter()
        .map(|name| rules.section_of(name).unwrap_or(name))
        .filter(|name| !at.level.sections.iter().any(|s| s.name.eq_ignore_ascii_case(name)))
        .collect();
    for name in absent {
        let message = format!("the {} level has no {name} section", at.level.name);
        found.push(
            at.finding("structure/missing-section", span.clone(), message)
                .label(format!("this level lacks {name}"))
                .help(format!(
                    "add a `### {name}` section to the page, or drop {name} from the framework's \
                     required sections in ladder.yml"
                )),
        );
    }
}

/// A section heading with no item under it.
pub(super) fn empty(at: &Place<'_>, found: &mut Vec<Finding>) {
    for section in &at.level.sections {
        let Some(heading) = &section.heading else { continue };
        if section.item_count() > 0 {
            continue;
        }
        let message = format!("the {} section has no items", section.name);
        found.push(
            at.finding("structure/empty-section", heading.span.clone(), message)
                .label("nothing under this heading")
                .help("list the competencies of this section, or remove the heading"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::checks::structure::CHECK;
    use crate::lint::checks::structure::testing::{ids, page, run};

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    const ALL_SECTIONS: &str = "### Leadership\n\n- Leads.\n\n### Technical\n\n- Codes.\n\n\
                                ### Values Alignment\n\n- Shows collaboration.\n";

    #[test]
    fn missing_section_points_at_the_page_heading() -> Result {
        let body = "### Leadership\n\n- Leads.\n\n### Values Alignment\n\n- Shows it.\n";
        let findings = run(&CHECK, &[("team/senior.md", &page("Senior Engineer", body))])?;
        assert_eq!(ids(&findings), ["structure/missing-section"]);
        assert!(findings[0].message.contains("Technical"));
        assert_eq!(findings[0].primary.text(), "## Senior Engineer");
        Ok(())
    }

    #[test]
    fn section_heading_without_items_is_empty() -> Result {
        let body = ALL_SECTIONS.replacen("- Codes.\n", "", 1);
        let findings = run(&CHECK, &[("team/senior.md", &page("Senior Engineer", &body))])?;
        assert_eq!(ids(&findings), ["structure/empty-section"]);
        assert_eq!(findings[0].primary.text(), "### Technical");
        Ok(())
    }

    #[test]
    fn level_with_a_missing_include_is_left_to_the_includes_check() -> Result {
        // Technical is emptied by the missing include, and Leadership is not written at all.
        let body = ALL_SECTIONS
            .replacen("- Codes.\n", "{{% include \"includes/gone.md\" %}}\n", 1)
            .replacen("### Leadership\n\n- Leads.\n\n", "", 1);
        let files =
            [("team/senior.md", page("Senior Engineer", &body)), ("assets/.keep", "".into())];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let findings = run(&CHECK, &files)?;
        assert!(findings.is_empty(), "{findings:?}");
        Ok(())
    }
}
