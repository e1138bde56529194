#![doc = include_str!("style.md")]

use regex::Regex;

use crate::finding::{Finding, Severity};
use crate::lint::{Check, Context};
use crate::model::{Item, Level};
use crate::rules::CheckSettings;

/// The `style` check.
pub const CHECK: Check = Check {
    id: "style",
    summary: "lists that mix items with and without a final period, and placeholder items",
    doc: include_str!("style.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let placeholders: Vec<Placeholder> =
        settings.placeholders.iter().map(|pattern| Placeholder::new(pattern)).collect();
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            let mut found = Vec::new();
            for group in level.sections.iter().flat_map(|section| &section.groups) {
                for list in lists(&group.items) {
                    found.extend(mixed_periods(&list, settings.severity));
                }
            }
            found.extend(placeholder_items(level, &placeholders, settings.severity));
            findings.extend(found.into_iter().map(|f| f.context(&framework.id, &level.key)));
        }
    }
    findings
}

/// The lists among `items` and their sub-items: items next to each other (one group, or one
/// parent's sub-items) written in the same file.
fn lists(items: &[Item]) -> Vec<Vec<&Item>> {
    let mut found: Vec<Vec<&Item>> = Vec::new();
    // Examples and signals are quotes and fragments, not the list's competencies.
    for item in items.iter().filter(|item| !item.is_detail()) {
        match found.iter_mut().find(|list| list[0].origin.path() == item.origin.path()) {
            Some(list) => list.push(item),
            None => found.push(vec![item]),
        }
    }
    found.extend(items.iter().flat_map(|item| lists(&item.children)));
    found
}

/// How an item ends: `Some(true)` with a period (or `!`, `?`), `Some(false)` without, `None`
/// when it ends with `:`, `;` or `,`, which lead into what follows and take no side.
fn ends_with_period(text: &str) -> Option<bool> {
    match text.trim_end().chars().last()? {
        '.' | '!' | '?' => Some(true),
        ':' | ';' | ',' => None,
        _ => Some(false),
    }
}

/// One finding for a list whose items disagree on the final period, at the odd ones out.
fn mixed_periods(list: &[&Item], severity: Severity) -> Option<Finding> {
    let ends: Vec<(&Item, bool)> = list
        .iter()
        .filter_map(|item| ends_with_period(&item.text).map(|end| (*item, end)))
        .collect();
    let with = ends.iter().filter(|(_, end)| *end).count();
    let without = ends.len() - with;
    if with == 0 || without == 0 {
        return None;
    }
    // The minority is odd; on a tie, the first item sets the list's style.
    let odd_end = match with.cmp(&without) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => !ends[0].1,
    };
    let mut odd = ends.iter().filter(|(_, end)| *end == odd_end).map(|(item, _)| *item);
    let majority = ends.iter().find(|(_, end)| *end != odd_end).map(|(item, _)| *item)?;
    let first = odd.next()?;
    let (label, also, usual) = if odd_end {
        ("ends with a period", "also ends with a period", "most items of the list end without one")
    } else {
        ("no final period", "also lacks a final period", "most items of the list end with a period")
    };
    let count = if odd_end { with } else { without };
    let message = format!(
        "list mixes items with and without a final period: {count} of {} {}",
        ends.len(),
        if odd_end { "end with one" } else { "lack one" }
    );
    let mut finding = Finding::new("style/final-period", severity, first.origin.clone(), message)
        .label(label)
        .help(if odd_end {
            "drop the final period of these items, as the rest of the list does"
        } else {
            "end these items with a period, as the rest of the list does"
        });
    finding = with_period_fix(finding, first, odd_end);
    for item in odd {
        finding = finding.related(item.origin.clone(), also);
        finding = with_period_fix(finding, item, odd_end);
    }
    Some(finding.related(majority.origin.clone(), usual))
}

/// The edit `--fix` makes to an odd item: its final `.` dropped (`drop`), or a `.` added after
/// its last written character. None when the words as written end otherwise (`!`, markup
/// around the period).
fn with_period_fix(finding: Finding, item: &Item, drop: bool) -> Finding {
    let span = &item.origin;
    let written = span.text();
    let end = span.range.start + written.trim_end().len();
    let last = written.trim_end().chars().last();
    match (drop, last) {
        (true, Some('.')) => {
            finding.suggest(crate::source::Span::new(&span.file, end - 1..end), "")
        }
        (false, Some(last)) if last.is_alphanumeric() || matches!(last, ')' | '*' | '_' | '`') => {
            finding.suggest(crate::source::Span::new(&span.file, end..end), ".")
        }
        _ => finding,
    }
}

/// Items that are placeholders (TBD, TODO, "No differences between ...").
fn placeholder_items(level: &Level, patterns: &[Placeholder], severity: Severity) -> Vec<Finding> {
    level
        .items()
        .map(|found| found.item)
        .filter(|item| !item.is_detail())
        .filter(|item| patterns.iter().any(|pattern| pattern.is_match(&item.text)))
        .map(|item| {
            let message = format!("placeholder item: `{}`", super::structure::short(&item.text));
            Finding::new("style/placeholder", severity, item.origin.clone(), message)
                .label("a placeholder, not a competency")
                .help("write the competency expected at this level, or remove the item")
        })
        .collect()
}

/// A placeholder pattern of the rules, which is Unicode-aware as written (`\\W`, `\\b`, `(?i)`):
/// compiling those classes is most of the time of the check, and on ASCII text the pattern
/// compiled for ASCII (an ASCII pattern) matches exactly where it does. So a text is tried with
/// the ASCII one first, and the pattern as written is compiled only for a text it may match.
struct Placeholder<'a> {
    /// The pattern as written.
    source: &'a str,
    /// The pattern compiled for ASCII, when it is ASCII and compiles so.
    ascii: Option<regex::bytes::Regex>,
    /// The pattern as written, compiled when first needed; `None` when it does not compile
    /// (then it matches nothing).
    written: std::cell::OnceCell<Option<Regex>>,
}

impl<'a> Placeholder<'a> {
    fn new(source: &'a str) -> Self {
        let ascii = source
            .is_ascii()
            .then(|| regex::bytes::RegexBuilder::new(source).unicode(false).build().ok())
            .flatten();
        Self { source, ascii, written: std::cell::OnceCell::new() }
    }

    /// Whether `text` matches the pattern as written.
    fn is_match(&self, text: &str) -> bool {
        if let Some(ascii) = &self.ascii
            && text.is_ascii()
            && !ascii.is_match(text.as_bytes())
        {
            return false;
        }
        let written = self.written.get_or_init(|| Regex::new(self.source).ok());
        written.as_ref().is_some_and(|pattern| pattern.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::{CHECK, ends_with_period};
    use crate::lint::checks::structure::testing::{ids, page, run};

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    fn senior(technical: &str, include: &str) -> Result<Vec<crate::finding::Finding>> {
        let body = format!(
            "### Leadership\n\n- Leads.\n\n### Technical\n\n\
             {{{{% include \"includes/tech.md\" %}}}}\n\n{technical}\n### Values Alignment\n\n- Shows it.\n"
        );
        let files = [
            ("team/senior.md".to_string(), page("Senior Engineer", &body)),
            ("assets/includes/tech.md".to_string(), include.to_string()),
        ];
        let files: Vec<(&str, &str)> =
            files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        run(&CHECK, &files)
    }

    #[test]
    fn a_placeholder_matches_as_its_pattern_as_written_does() {
        let patterns = [
            r"^\W*(TBD|TBC|TODO)\b",
            r"\b(TBD|TBC|TODO)\W*$",
            r"(?i)^no differences? between\b",
            r"(?i)\bkelvin\s+ſ",
            r"\p{Lu}{3}",
            r"[",
        ];
        let texts = [
            "TBD",
            "  -- TODO: later",
            "Writes TODOs",
            "No differences between senior and staff",
            "no DIFFERENCE  between",
            "No differences betweenness",
            "TBD café",
            "Kelvin s",
            "kelvin ſ",
            "ÉTÉ",
            "",
        ];
        for pattern in patterns {
            let placeholder = super::Placeholder::new(pattern);
            let written = regex::Regex::new(pattern).ok();
            for text in texts {
                let expected = written.as_ref().is_some_and(|regex| regex.is_match(text));
                assert_eq!(placeholder.is_match(text), expected, "{pattern} on {text}");
            }
        }
    }

    #[test]
    fn endings() {
        assert_eq!(ends_with_period("Leads reviews."), Some(true));
        assert_eq!(ends_with_period("Leads reviews?  "), Some(true));
        assert_eq!(ends_with_period("Leads reviews"), Some(false));
        assert_eq!(ends_with_period("Leads reviews (see below)"), Some(false));
        assert_eq!(ends_with_period("For example:"), None);
        assert_eq!(ends_with_period(""), None);
    }

    #[test]
    fn minority_is_reported_once_with_the_others_related() -> Result {
        let include = "##### Team\n\n* One.\n* Two\n* Three.\n* Four.\n* Five\n";
        let findings = senior("", include)?;
        assert_eq!(ids(&findings), ["style/final-period"]);
        assert_eq!(findings[0].primary.text(), "Two");
        let related: Vec<&str> = findings[0].related.iter().map(|r| r.span.text()).collect();
        assert_eq!(related, ["Five", "One."]);
        Ok(())
    }

    #[test]
    fn page_bullets_after_an_include_are_their_own_list() -> Result {
        let include = "##### Team\n\n* One.\n* Two.\n";
        assert!(senior("- Three\n- Four\n", include)?.is_empty());
        Ok(())
    }

    #[test]
    fn on_a_tie_the_first_item_sets_the_style() -> Result {
        let findings = senior("", "* One\n* Two.\n* Lead-in:\n")?;
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].primary.text(), "Two.");
        Ok(())
    }

    #[test]
    fn sub_items_are_a_list_of_their_own() -> Result {
        let include = "* Parent.\n  * child one\n  * child two.\n  * child three\n* Other.\n";
        let findings = senior("", include)?;
        assert_eq!(ids(&findings), ["style/final-period"]);
        assert_eq!(findings[0].primary.text(), "child two.");
        Ok(())
    }

    #[test]
    fn placeholders_from_the_rules() -> Result {
        let findings =
            senior("- TBD\n- No differences between senior and staff here\n", "* Codes.\n")?;
        let found: Vec<(&str, &str)> =
            findings.iter().map(|f| (f.id.as_str(), f.primary.text())).collect();
        assert!(found.contains(&("style/placeholder", "TBD")), "{found:?}");
        assert!(
            found.contains(&("style/placeholder", "No differences between senior and staff here"))
        );
        assert!(senior("", "* Removes stale TODO comments from the code.\n")?.is_empty());
        let findings = senior("- Mentoring: TBD\n", "* Codes.\n")?;
        assert_eq!(ids(&findings), ["style/placeholder"]);
        Ok(())
    }
}
