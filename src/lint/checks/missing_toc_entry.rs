#![doc = include_str!("missing_toc_entry.md")]

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Page, Spanned};
use crate::read::anchorize;
use crate::rules::CheckSettings;
use crate::source::Span;

/// The `missing-toc-entry` check.
pub const CHECK: Check = Check {
    id: "missing-toc-entry",
    summary: "a table of contents without an entry for one of the page's sections",
    doc: include_str!("missing_toc_entry.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            let Some(page) = &level.page else { continue };
            // One link to a heading is a pointer, not a table of contents.
            if page.anchor_links.len() < 2 {
                continue;
            }
            let headings: Vec<&Spanned> =
                level.sections.iter().filter_map(|section| section.heading.as_ref()).collect();
            for (position, heading) in headings.iter().enumerate() {
                let anchor = anchorize(&heading.text);
                if !page.anchors.contains(&anchor) || listed(page, &anchor) {
                    // An anchor set by hand (`{#id}`) is not guessed at.
                    continue;
                }
                let later: Vec<String> =
                    headings[position + 1..].iter().map(|later| anchorize(&later.text)).collect();
                let (at, entry) = insertion(page, &later, &heading.text, &anchor);
                let toc = page.anchor_links.first().map(|link| link.span.clone());
                let mut finding = Finding::new(
                    "missing-toc-entry",
                    settings.severity,
                    heading.span.clone(),
                    format!("the table of contents has no entry for `{}`", heading.text),
                )
                .label("not in the table of contents")
                .help(format!("add `{}` to the table of contents", entry.trim()))
                .suggest(at, entry)
                .context(&framework.id, &level.key);
                if let Some(toc) = toc {
                    finding = finding.related(toc, "the table of contents");
                }
                findings.push(finding);
            }
        }
    }
    findings
}

/// Whether the table of contents links the anchor, or a link of it meant this heading and is
/// reported by `structure/dead-anchor` already (`#leadership` for `#senior-leadership`).
fn listed(page: &Page, anchor: &str) -> bool {
    page.anchor_links.iter().any(|link| {
        link.text == anchor
            || (!page.anchors.contains(&link.text)
                && (anchor.ends_with(link.text.as_str()) || link.text.ends_with(anchor)))
    })
}

/// Where the missing entry goes (before the entry of the next section listed, else after the
/// last entry) and the entry's text, written like its neighbours.
fn insertion(page: &Page, later: &[String], text: &str, anchor: &str) -> (Span, String) {
    let next =
        later.iter().find_map(|later| page.anchor_links.iter().find(|link| &link.text == later));
    let neighbour = next.or(page.anchor_links.last()).map(|link| &link.span);
    let Some(neighbour) = neighbour else { return (page.span.clone(), String::new()) };
    let source = neighbour.file.text();
    let line_start = source[..neighbour.range.start].rfind('\n').map_or(0, |at| at + 1);
    let marker = &source[line_start..neighbour.range.start];
    let link = format!("{marker}[{text}](#{anchor})");
    if next.is_some() {
        (Span::new(&neighbour.file, line_start..line_start), format!("{link}\n"))
    } else {
        let line_end = source[neighbour.range.end..]
            .find('\n')
            .map_or(source.len(), |at| neighbour.range.end + at);
        (Span::new(&neighbour.file, line_end..line_end), format!("\n{link}"))
    }
}
