//! `structure/dead-anchor`: a table-of-contents link to a heading the page does not have.

use super::Place;
use crate::finding::Finding;

/// Reports each `#anchor` link of the page that no heading of the rendered page has.
pub(super) fn check(at: &Place<'_>, found: &mut Vec<Finding>) {
    let Some(page) = &at.level.page else { return };
    let anchors = rendered(&page.anchors);
    for link in &page.anchor_links {
        if anchors.iter().any(|anchor| anchor == &link.text) {
            continue;
        }
        let mut finding = at
            .finding(
                "structure/dead-anchor",
                link.span.clone(),
                format!("link to #{} leads to no heading on this page", link.text),
            )
            .label("no heading has this anchor");
        finding = match closest(&link.text, &anchors) {
            Some(anchor) => {
                // Only the anchor's own bytes inside the link (`[text](#anchor)`), so that
                // `--fix` retargets the link and touches nothing else.
                let written = link.span.text();
                let target = format!("(#{})", link.text);
                let replacement = match (written.find(&target), written.matches(&target).count()) {
                    (Some(offset), 1) => {
                        let start = link.span.range.start + offset + 2;
                        let range = start..start + link.text.len();
                        Some((crate::source::Span::new(&link.span.file, range), anchor.to_string()))
                    }
                    _ => None,
                };
                let finding = finding.help(format!(
                    "link to #{anchor}, or rename its heading so that its anchor is #{}",
                    link.text
                ));
                match replacement {
                    Some((span, anchor)) => finding.suggest(span, anchor),
                    None => finding,
                }
            }
            None => finding.help("link to a heading of the page, or remove the link"),
        };
        found.push(finding);
    }
}

/// The anchors as the rendered page has them: Hugo numbers a repeated anchor `-1`, `-2`, ...
fn rendered(anchors: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::with_capacity(anchors.len());
    for anchor in anchors {
        let mut unique = anchor.clone();
        let mut count = 0;
        while seen.contains(&unique) {
            count += 1;
            unique = format!("{anchor}-{count}");
        }
        seen.push(unique);
    }
    seen
}

/// The page anchor that ends with, or is ended by, the broken one: what the link most likely
/// meant (`#leadership-competencies` for `senior-leadership-competencies`).
fn closest<'a>(wanted: &str, anchors: &'a [String]) -> Option<&'a str> {
    anchors
        .iter()
        .filter(|anchor| anchor.ends_with(wanted) || wanted.ends_with(anchor.as_str()))
        .min_by_key(|anchor| anchor.len().abs_diff(wanted.len()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use crate::lint::checks::structure::CHECK;
    use crate::lint::checks::structure::testing::{ids, page, run};

    type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

    const TOC: &str = "- [Leadership](#leadership-competencies)\n- [Technical](#technical-competencies)\n\
                       - [Values](#values-alignment)\n\n---\n\n";
    const BODY: &str = "### Leadership Competencies\n\n- Leads.\n\n### Technical Competencies\n\n\
                        - Codes.\n\n### Values Alignment\n\n- Shows collaboration.\n";

    #[test]
    fn repeated_headings_are_numbered_as_hugo_does() {
        let anchors = ["team", "team", "tools", "team"].map(String::from);
        assert_eq!(super::rendered(&anchors), ["team", "team-1", "tools", "team-2"]);
    }

    #[test]
    fn toc_matching_every_heading_is_quiet() -> Result {
        let text = page("Senior Engineer", &format!("{TOC}{BODY}"));
        assert!(run(&CHECK, &[("team/senior.md", &text)])?.is_empty());
        Ok(())
    }

    #[test]
    fn renamed_heading_leaves_its_toc_link_dead() -> Result {
        let body = BODY.replace("### Leadership", "### Senior Leadership");
        let text = page("Senior Engineer", &format!("{TOC}{body}"));
        let findings = run(&CHECK, &[("team/senior.md", &text)])?;
        assert_eq!(ids(&findings), ["structure/dead-anchor"]);
        assert_eq!(findings[0].primary.text(), "[Leadership](#leadership-competencies)");
        assert!(findings[0].help.as_deref().is_some_and(|h| h.contains("#senior-leadership")));
        Ok(())
    }

    #[test]
    fn heading_written_in_an_include_is_a_target() -> Result {
        let body = format!("{BODY}\n{{{{% include \"includes/more.md\" %}}}}\n");
        let toc = format!("{TOC}- [More](#more-notes)\n\n");
        let files = [
            ("team/senior.md", page("Senior Engineer", &format!("{toc}{body}"))),
            ("assets/includes/more.md", "#### More notes\n".to_string()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert!(run(&CHECK, &files)?.is_empty());
        Ok(())
    }
}
