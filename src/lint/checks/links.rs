#![doc = include_str!("links.md")]

use std::path::Path;

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Link, LinkTarget};
use crate::read::links::site_path;
use crate::rules::CheckSettings;
use crate::source::normalize_path;

/// The `links` check.
pub const CHECK: Check = Check {
    id: "links",
    summary: "links to handbook pages that do not exist, and links of a page to itself",
    doc: include_str!("links.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// A page that links: its file, the framework and level it belongs to (none for an index), and
/// its links.
struct Linking<'a> {
    file: &'a str,
    context: Option<(&'a str, &'a str)>,
    links: &'a [Link],
    /// The name and file of the level below, what a link to "the level below" leads to.
    below: Option<(&'a str, &'a str)>,
}

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let workspace = context.workspace;
    let mut pages: Vec<Linking<'_>> = Vec::new();
    for framework in &workspace.frameworks {
        for level in &framework.levels {
            if let Some(page) = &level.page {
                let context = Some((framework.id.as_str(), level.key.as_str()));
                let below =
                    level.below.and_then(|below| framework.levels.get(below)).and_then(|below| {
                        Some((below.name.as_str(), below.page.as_ref()?.span.path()))
                    });
                pages.push(Linking { file: page.span.path(), context, links: &page.links, below });
            }
        }
    }
    for index in &workspace.indexes {
        pages.push(Linking {
            file: index.span.path(),
            context: None,
            links: &index.links,
            below: None,
        });
    }
    // Site paths of every page read: where a broken link most likely meant to go.
    let known: Vec<String> =
        pages.iter().filter_map(|page| site_path(Path::new(page.file))).collect();
    let mut findings = Vec::new();
    for page in &pages {
        let own = normalize_path(Path::new(page.file));
        for link in page.links {
            let finding = match &link.resolved {
                LinkTarget::Missing(files) => missing(link, files, &known, settings),
                LinkTarget::Page(file)
                    if link.via.is_none() && normalize_path(Path::new(file)) == own =>
                {
                    self_link(link, page.below, settings)
                }
                _ => continue,
            };
            findings.push(match page.context {
                Some((framework, level)) => finding.context(framework, level),
                None => finding,
            });
        }
    }
    findings
}

/// A link written on a page that leads to the page itself.
fn self_link(link: &Link, below: Option<(&str, &str)>, settings: &CheckSettings) -> Finding {
    let finding = Finding::new(
        "links/self",
        settings.severity,
        link.span.clone(),
        "this page links to itself",
    )
    .label("leads back to this page");
    match below.and_then(|(name, file)| Some((name, site_path(Path::new(file))?))) {
        Some((name, url)) => finding.help(format!(
            "link to the page meant: the level below is {name} ({url}); or link to a heading's #anchor, or remove the link"
        )),
        None => finding.help("link to the page meant, to a heading's #anchor, or remove the link"),
    }
}

/// A link to a page that does not exist, with the page meant when one is plain.
fn missing(link: &Link, files: &[String], known: &[String], settings: &CheckSettings) -> Finding {
    let path = link.target.split(['#', '?']).next().unwrap_or(&link.target);
    let finding = Finding::new(
        "links/missing-page",
        settings.severity,
        link.span.clone(),
        format!("link to {path}: no such page"),
    )
    .label("leads to no page");
    let tried = files.join(", ");
    match meant(path, known) {
        Some(page) => {
            let written = link.span.text().replacen(path, page, 1);
            finding
                .help(format!("link to {page}, the page with these folder names in this order (no file at {tried})"))
                .suggest(link.span.clone(), written)
        }
        None => finding.help(format!("fix the path: none of {tried} exists")),
    }
}

/// The one page read whose site path has the same folder names as `path`, in another order
/// (`/dev/senior/fullstack/` for `/dev/fullstack/senior/`).
fn meant<'a>(path: &str, known: &'a [String]) -> Option<&'a str> {
    let parts = |path: &str| {
        let mut parts: Vec<String> =
            path.split('/').filter(|part| !part.is_empty()).map(str::to_string).collect();
        parts.sort();
        parts
    };
    let wanted = parts(path);
    let mut found = known.iter().filter(|page| parts(page) == wanted);
    let first = found.next()?;
    found.next().is_none().then_some(first.as_str())
}

#[cfg(test)]
mod tests {
    use super::meant;

    #[test]
    fn the_page_meant_has_the_same_folders_reordered() {
        let known = ["/hb/dev/fullstack/senior/", "/hb/dev/backend/senior/"].map(String::from);
        assert_eq!(meant("/hb/dev/senior/fullstack/", &known), Some("/hb/dev/fullstack/senior/"));
        assert_eq!(meant("/hb/dev/senior/mobile/", &known), None);
    }
}
