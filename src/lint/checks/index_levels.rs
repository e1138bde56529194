#![doc = include_str!("index_levels.md")]

use crate::hash::TextMap;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::finding::Finding;
use crate::lint::{Check, Context};
use crate::model::{Framework, IndexPage, Level, LinkTarget};
use crate::read::links::site_path;
use crate::rules::CheckSettings;
use crate::source::{Span, normalize_path};

/// The `index-levels` check.
pub const CHECK: Check = Check {
    id: "index-levels",
    summary: "an index page that lists a framework's levels but leaves one out, or leaves out a track",
    doc: include_str!("index_levels.md"),
    input_errors: &[],
    reads_alignment: false,
    run,
};

/// Fewer level links than this are a pointer to a page, not a list of levels.
const LIST: usize = 2;

/// The links of an index to the levels of one framework: level index to the link's span.
type Listed = FxHashMap<usize, Span>;

fn run(context: &Context<'_>, settings: &CheckSettings) -> Vec<Finding> {
    let frameworks = &context.workspace.frameworks;
    // A level page shared by tracks (a Principal page above them) is a level of each.
    let mut pages: TextMap<String, Vec<(usize, usize)>> = TextMap::default();
    for (f, framework) in frameworks.iter().enumerate() {
        for (l, level) in framework.levels.iter().enumerate() {
            if let Some(page) = &level.page {
                pages.entry(key(page.span.path())).or_default().push((f, l));
            }
        }
    }
    let layout = Layout::new(frameworks);
    let mut findings = Vec::new();
    for index in &context.workspace.indexes {
        let mut listed: FxHashMap<usize, Listed> = FxHashMap::default();
        for link in index.links.iter().filter(|link| link.via.is_none()) {
            if let LinkTarget::Page(file) = &link.resolved {
                for (f, l) in pages.get(&key(file)).into_iter().flatten() {
                    listed.entry(*f).or_default().entry(*l).or_insert_with(|| link.span.clone());
                }
            }
        }
        for (f, links) in listed.iter().filter(|(_, links)| links.len() >= LIST) {
            missing_levels(&frameworks[*f], links, settings, &mut findings);
        }
        missing_tracks(index, frameworks, &layout, &listed, settings, &mut findings);
    }
    findings
}

/// A finding for each level of `framework` the index's list of its levels leaves out.
fn missing_levels(
    framework: &Framework,
    links: &Listed,
    settings: &CheckSettings,
    findings: &mut Vec<Finding>,
) {
    let named: Vec<&str> = framework
        .levels
        .iter()
        .enumerate()
        .filter(|(l, _)| links.contains_key(l))
        .map(|(_, level)| level.name.as_str())
        .collect();
    for (l, level) in framework.levels.iter().enumerate().filter(|(l, _)| !links.contains_key(l)) {
        // Beside the next level up that is listed, else after the last one below.
        let above = (l + 1..framework.levels.len()).find_map(|up| links.get(&up));
        let below = (0..l).rev().find_map(|down| links.get(&down));
        let Some(neighbour) = above.or(below) else { continue };
        let mut finding = Finding::new(
            "index-levels/missing-level",
            settings.severity,
            neighbour.clone(),
            format!(
                "this index lists the {} levels {} but not {}",
                framework.name,
                named.join(", "),
                level.name
            ),
        )
        .label(format!("{} would be listed beside this", level.name))
        .context(&framework.id, &level.key);
        if let Some(heading) = level.page.as_ref().and_then(|page| page.heading.as_ref()) {
            finding = finding.related(heading.span.clone(), format!("the {} page", level.name));
        }
        findings.push(with_entry(finding, neighbour, above.is_some(), &level.name, level));
    }
}

/// A finding for each track (a framework in a folder just below the index's) the index leaves
/// out while it lists the levels of the other tracks.
fn missing_tracks(
    index: &IndexPage,
    frameworks: &[Framework],
    layout: &Layout<'_>,
    listed: &FxHashMap<usize, Listed>,
    settings: &CheckSettings,
    findings: &mut Vec<Finding>,
) {
    let folder = normalize_path(Path::new(&index.folder));
    let Some(tracks) = layout.under.get(&folder) else { return };
    let shown: Vec<usize> = tracks
        .iter()
        .copied()
        .filter(|f| listed.get(f).is_some_and(|links| links.len() >= LIST))
        .collect();
    if shown.is_empty() {
        return;
    }
    let names: Vec<&str> = shown.iter().map(|f| frameworks[*f].name.as_str()).collect();
    // A track whose only listed level is one it shares with the others is not listed.
    for track in tracks.iter().filter(|f| !shown.contains(f)) {
        let framework = &frameworks[*track];
        let Some(first) =
            shown.iter().find_map(|f| listed[f].values().min_by_key(|span| span.range.start))
        else {
            continue;
        };
        let mut finding = Finding::new(
            "index-levels/missing-track",
            settings.severity,
            first.clone(),
            format!(
                "this index lists the {} tracks but not {}",
                names.join(" and "),
                framework.name
            ),
        )
        .label(format!("{} is not listed", framework.name))
        .help(format!(
            "list the {} levels beside those of {}",
            framework.name,
            names.join(" and ")
        ));
        // One entry after the last sibling entry of each level the track shares.
        // A level whose page another framework has too (the shared Principal) is listed once.
        let shared = |level: &Level| {
            level.page.as_ref().is_some_and(|page| {
                layout
                    .holders
                    .get(&page.span)
                    .is_some_and(|holders| holders.iter().any(|holder| holder != track))
            })
        };
        for level in framework.levels.iter().filter(|level| !shared(level)) {
            let sibling = shown
                .iter()
                .filter_map(|f| {
                    let l =
                        frameworks[*f].levels.iter().position(|other| other.key == level.key)?;
                    listed[f].get(&l)
                })
                .max_by_key(|span| span.range.start);
            if let Some(sibling) = sibling
                && let Some((at, entry)) = entry(sibling, false, &framework.name, level)
            {
                finding = finding.suggest(at, entry);
            }
        }
        findings.push(finding);
    }
}

/// The finding with the entry to add beside `neighbour` (before it when `before`), as help and
/// as a fix.
/// Where the frameworks lie, gathered once per run: an index per framework would grow with the
/// square of the handbook.
struct Layout<'a> {
    /// The frameworks whose folder is directly in a folder, by that folder, in order.
    under: TextMap<PathBuf, Vec<usize>>,
    /// The frameworks that hold a level page, by the page's span.
    holders: TextMap<&'a Span, Vec<usize>>,
}

impl<'a> Layout<'a> {
    fn new(frameworks: &'a [Framework]) -> Self {
        let mut under: TextMap<PathBuf, Vec<usize>> = TextMap::default();
        let mut holders: TextMap<&Span, Vec<usize>> = TextMap::default();
        for (f, framework) in frameworks.iter().enumerate() {
            if let Some(parent) = framework.folder().as_deref().and_then(Path::parent) {
                under.entry(parent.to_path_buf()).or_default().push(f);
            }
            for page in framework.levels.iter().filter_map(|level| level.page.as_ref()) {
                let known = holders.entry(&page.span).or_default();
                if known.last() != Some(&f) {
                    known.push(f);
                }
            }
        }
        Self { under, holders }
    }
}

fn with_entry(
    finding: Finding,
    neighbour: &Span,
    before: bool,
    text: &str,
    level: &Level,
) -> Finding {
    match entry(neighbour, before, text, level) {
        Some((at, line)) => finding.help(format!("add `{}`", line.trim())).suggest(at, line),
        None => finding.help(format!("link the {} page", level.name)),
    }
}

/// The line that lists `level` (its neighbour's line with the link replaced), and where it goes.
fn entry(neighbour: &Span, before: bool, text: &str, level: &Level) -> Option<(Span, String)> {
    let page = level.page.as_ref()?;
    let url = site_path(Path::new(page.span.path()))?;
    let source = neighbour.file.text();
    let start = source[..neighbour.range.start].rfind('\n').map_or(0, |at| at + 1);
    let end = source[neighbour.range.end..]
        .find('\n')
        .map_or(source.len(), |at| neighbour.range.end + at);
    let line = format!(
        "{}[{text}]({url}){}",
        &source[start..neighbour.range.start],
        &source[neighbour.range.end..end]
    );
    Some(if before {
        (Span::new(&neighbour.file, start..start), format!("{line}\n"))
    } else {
        (Span::new(&neighbour.file, end..end), format!("\n{line}"))
    })
}

/// A file path as a comparable key.
fn key(path: &str) -> String {
    normalize_path(Path::new(path)).display().to_string()
}
