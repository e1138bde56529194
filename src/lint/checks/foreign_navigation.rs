#![doc = include_str!("foreign_navigation.md")]

use crate::hash::TextMap;
use std::path::Path;

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, Level, LinkTarget, Workspace};
use crate::read::shortcode;
use crate::rules::CheckSettings;
use crate::source::{Span, normalize_path};

/// The `foreign-navigation` check.
pub const CHECK: Check = Check {
    id: "foreign-navigation",
    summary: "a level page that includes the navigation of another track or framework",
    doc: include_str!("foreign_navigation.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let owners = level_pages(context.workspace);
    let mut findings = Vec::new();
    for framework in &context.workspace.frameworks {
        for level in &framework.levels {
            for (shortcode, leads_to) in navigation(level, &owners) {
                if leads_to.is_empty() || leads_to.contains(&framework.id.as_str()) {
                    continue;
                }
                let names: Vec<&str> = leads_to
                    .iter()
                    .filter_map(|id| context.workspace.frameworks.iter().find(|f| f.id == *id))
                    .map(|other| other.name.as_str())
                    .collect();
                let mut finding = Finding::new(
                    "foreign-navigation",
                    settings.severity,
                    shortcode.clone(),
                    format!(
                        "this {} page includes the navigation of {}",
                        framework.name,
                        names.join(" and ")
                    ),
                )
                .label(format!("its links lead to {} levels", names.join(" and ")))
                .context(&framework.id, &level.key);
                finding = match own_navigation(framework, &owners) {
                    Some((target, used)) => finding
                        .help(format!(
                            "include `{target}`, the navigation other {} pages use",
                            framework.name
                        ))
                        .related(used, "the navigation of this framework")
                        .suggest(shortcode.clone(), shortcode::write_include(&target)),
                    None => finding.help(format!(
                        "include a navigation that lists the {} levels",
                        framework.name
                    )),
                };
                findings.push(finding);
            }
        }
    }
    findings
}

/// The framework of every level page, by file.
fn level_pages(workspace: &Workspace) -> TextMap<String, &str> {
    let mut pages = TextMap::default();
    for framework in &workspace.frameworks {
        for page in framework.levels.iter().filter_map(|level| level.page.as_ref()) {
            pages.insert(key(page.span.path()), framework.id.as_str());
        }
    }
    pages
}

/// The navigation includes of a level's page (included files that add no item, only links),
/// each with the frameworks whose level pages its links lead to.
fn navigation<'a>(level: &Level, owners: &TextMap<String, &'a str>) -> Vec<(Span, Vec<&'a str>)> {
    let Some(page) = &level.page else { return Vec::new() };
    let mut found: Vec<(Span, Vec<&str>)> = Vec::new();
    for link in &page.links {
        let Some(via) = &link.via else { continue };
        if level.items().any(|item| item.item.via.as_ref() == Some(via)) {
            continue;
        }
        let position = match found.iter().position(|(known, _)| known == via) {
            Some(position) => position,
            None => {
                found.push((via.clone(), Vec::new()));
                found.len() - 1
            }
        };
        if let LinkTarget::Page(file) = &link.resolved
            && let Some(owner) = owners.get(&key(file))
            && !found[position].1.contains(owner)
        {
            found[position].1.push(owner);
        }
    }
    found
}

/// The navigation include another page of the framework uses whose links lead to the
/// framework's own levels: its path as written, and its shortcode.
fn own_navigation(framework: &Framework, owners: &TextMap<String, &str>) -> Option<(String, Span)> {
    framework.levels.iter().find_map(|level| {
        navigation(level, owners).into_iter().find_map(|(shortcode, leads_to)| {
            let target = shortcode::includes(shortcode.text()).next()?.target.to_string();
            (leads_to == [framework.id.as_str()]).then_some((target, shortcode))
        })
    })
}

/// A file path as a comparable key.
fn key(path: &str) -> String {
    normalize_path(Path::new(path)).display().to_string()
}
