#![doc = include_str!("values.md")]

use crate::finding::{Finding, Severity};
use crate::lint::{Check, Context};
use crate::model::{Level, Section, words};
use crate::rules::{CheckSettings, Value, ValuesSet};
use crate::source::Span;

/// The `values` check.
pub const CHECK: Check = Check {
    id: "values",
    summary: "levels whose values section lacks one of the declared values",
    doc: include_str!("values.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let set = &context.rules.values;
    if set.values.is_empty() {
        return Vec::new();
    }
    let structure_on =
        context.rules.check("structure").is_some_and(|check| check.severity != Severity::Off);
    let mut findings = Vec::new();
    // The values set is a handbook's (rules/values.yml): the published data formats (Monzo, FT,
    // Snowflake) keep no values section, and every level of them would be reported.
    let handbook = |framework: &&crate::model::Framework| {
        matches!(framework.format, crate::model::Format::Markdown | crate::model::Format::Yaml)
    };
    let problems = super::structure::ProblemFiles::new(&context.workspace.include_problems);
    for framework in context.workspace.frameworks.iter().filter(handbook) {
        // One problem, one finding: a required values section that is absent is structure's.
        let reported_by_structure = structure_on
            && framework
                .required_sections
                .iter()
                .any(|name| name.eq_ignore_ascii_case(&set.section));
        for level in &framework.levels {
            if problems.partly_read(level) {
                continue;
            }
            let finding = match level.section(&set.section) {
                Some(section) => lacking_values(level, section, set, settings.severity),
                None if reported_by_structure => None,
                None => no_section(level, set, settings.severity),
            };
            if let Some(finding) = finding {
                findings.push(finding.context(&framework.id, &level.key));
            }
        }
    }
    findings
}

/// A finding for a values section that names only some of the values.
fn lacking_values(
    level: &Level,
    section: &Section,
    set: &ValuesSet,
    severity: Severity,
) -> Option<Finding> {
    let absent = absent(section, &set.values);
    if absent.is_empty() {
        return None;
    }
    let span = section
        .heading
        .as_ref()
        .map(|heading| heading.span.clone())
        .or_else(|| level_span(level))?;
    let names = names(&absent);
    Some(
        Finding::new(
            "values/missing",
            severity,
            span,
            format!(
                "the {} section of the {} level does not name {names}",
                set.section, level.name
            ),
        )
        .label(format!("lacks {names}"))
        .help(format!(
            "add an item for {names} to this section, as every level of the framework has \
             (rules/values.yml lists the values and the words that name them)"
        )),
    )
}

/// A finding for a level with no values section at all.
fn no_section(level: &Level, set: &ValuesSet, severity: Severity) -> Option<Finding> {
    let span = level_span(level)?;
    let all: Vec<&Value> = set.values.iter().collect();
    let names = names(&all);
    Some(
        Finding::new(
            "values/missing-section",
            severity,
            span,
            format!(
                "the {} level has no {} section: it names none of {names}",
                level.name, set.section
            ),
        )
        .label(format!("no {} section", set.section))
        .help(format!("add a `### {}` section naming each value", set.section)),
    )
}

/// The values no item of `section` names.
fn absent<'v>(section: &Section, values: &'v [Value]) -> Vec<&'v Value> {
    let text: Vec<String> = section
        .groups
        .iter()
        .flat_map(|group| &group.items)
        .flat_map(|item| item.walk())
        .flat_map(|item| words(&item.text).collect::<Vec<_>>())
        .collect();
    values
        .iter()
        .filter(|value| !value.matches.iter().any(|phrase| names_phrase(&text, phrase)))
        .collect()
}

/// Whether the words `text` hold the phrase's words in a row (any case).
fn names_phrase(text: &[String], phrase: &str) -> bool {
    let phrase: Vec<String> = words(phrase).collect();
    !phrase.is_empty() && text.windows(phrase.len()).any(|window| window == phrase.as_slice())
}

/// Where the level is declared: its page heading, else its page's first line.
fn level_span(level: &Level) -> Option<Span> {
    level.span.clone().or_else(|| level.page.as_ref().map(|page| page.span.clone()))
}

fn names(values: &[&Value]) -> String {
    values.iter().map(|value| value.name.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::{CHECK, names_phrase};
    use crate::lint::checks::structure::testing::{ids, page, run};
    use crate::model::words;

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    const VALUES: &str = "- Works in the open (transparency).\n- Ships small: iteration.\n\
                          - Results over hours.\n- Efficiency of the team.\n\
                          - Diversity of views.\n- Collaboration with others.\n";

    fn body(values: &str) -> String {
        format!(
            "### Leadership\n\n- Leads.\n\n### Technical\n\n- Codes.\n\n### Values Alignment\n\n{values}"
        )
    }

    #[test]
    fn every_value_named_is_quiet() -> Result {
        let text = page("Senior Engineer", &body(VALUES));
        assert!(run(&CHECK, &[("team/senior.md", &text)])?.is_empty());
        Ok(())
    }

    #[test]
    fn missing_values_are_named_at_the_section_heading() -> Result {
        let values =
            VALUES.replace("- Ships small: iteration.\n", "").replace("(transparency)", "");
        let text = page("Senior Engineer", &body(&values));
        let findings = run(&CHECK, &[("team/senior.md", &text)])?;
        assert_eq!(ids(&findings), ["values/missing"]);
        assert!(
            findings[0].message.ends_with("does not name Iteration, Transparency"),
            "{}",
            findings[0].message
        );
        assert_eq!(findings[0].primary.text(), "### Values Alignment");
        Ok(())
    }

    #[test]
    fn absent_values_section_is_left_to_structure_when_required() -> Result {
        let text = page("Senior Engineer", "### Leadership\n\n- Leads.\n");
        assert!(run(&CHECK, &[("team/senior.md", &text)])?.is_empty());
        Ok(())
    }

    #[test]
    fn absent_values_section_not_required_names_every_value() -> Result {
        let config = "frameworks:\n  - folder: team\n    levels: [senior]\n    \
                      required-sections: [Leadership]\n";
        let text = page("Senior Engineer", "### Leadership\n\n- Leads.\n");
        let findings = run(&CHECK, &[("ladder.yml", config), ("team/senior.md", &text)])?;
        assert_eq!(ids(&findings), ["values/missing-section"]);
        assert!(findings[0].message.contains("Collaboration, Results"));
        Ok(())
    }

    #[test]
    fn phrase_matches_whole_words_in_a_row() {
        let text: Vec<String> = words("Shows inclusion and belonging daily").collect();
        assert!(names_phrase(&text, "Inclusion and belonging"));
        assert!(!names_phrase(&text, "belonging and inclusion"));
        assert!(!names_phrase(&text, "inclus"));
        assert!(!names_phrase(&text, ""));
    }
}
