//! Includes without items (navigation bars) carried along when their folder moved: the
//! shortcodes pointing at them changed and nothing in the model did, so their files are read
//! from the two revisions to tell whether they moved unchanged. Each is one include relocation,
//! reaching every level whose page points at it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cosmetic::Carried;
use super::{Change, Consumer, Kind, Side, Trees};
use crate::model::Workspace;
use crate::source::{SourceFile, Span, Tree, decode};

/// One relocation per include carried along, unless its path holds items (those relocations
/// are found on the model).
pub(super) fn changes(
    carried: Vec<Carried>,
    old: &Workspace,
    new: &Workspace,
    trees: &Trees<'_>,
) -> Vec<Change> {
    if carried.is_empty() {
        return Vec::new();
    }
    // Items of one file come one after another: each run of one origin is hashed once.
    let mut with_items: HashSet<&str> = HashSet::new();
    let mut last = None;
    for origin in origins(old).chain(origins(new)) {
        if last != Some(origin) {
            with_items.insert(origin);
            last = Some(origin);
        }
    }
    let mut pages: BTreeMap<(PathBuf, PathBuf), BTreeSet<String>> = BTreeMap::new();
    for Carried { old, new, page } in carried {
        pages.entry((old, new)).or_default().insert(page);
    }
    let mut found = Vec::new();
    let levels = levels_by_page(new);
    for ((old_path, new_path), pages) in pages {
        let has_items = |path: &Path| path.to_str().is_some_and(|path| with_items.contains(path));
        if has_items(&old_path) || has_items(&new_path) {
            continue;
        }
        let (Some(before), Some(after)) = (read(trees.old, &old_path), read(trees.new, &new_path))
        else {
            continue;
        };
        let identical = before.text() == after.text();
        found.push(Change {
            kind: Kind::IncludeRelocated,
            before: vec![whole(&before)],
            after: vec![whole(&after)],
            words: Vec::new(),
            similarity: None,
            consumers: consumers(&levels, &pages),
            detail: Some(
                if identical { "content identical, no items" } else { "no items, content edited" }
                    .into(),
            ),
        });
    }
    found
}

/// Paths of the files that items of a revision are written in.
fn origins(workspace: &Workspace) -> impl Iterator<Item = &str> {
    workspace
        .frameworks
        .iter()
        .flat_map(|framework| &framework.levels)
        .flat_map(|level| level.items().map(|found| found.item.origin.path()))
}

/// A file of one revision as text, when it is there and is text.
fn read(tree: &dyn Tree, path: &Path) -> Option<Arc<SourceFile>> {
    let bytes = tree.read(path).ok()??;
    decode(&path.display().to_string(), bytes).ok().map(Arc::new)
}

/// A side naming a whole file.
fn whole(file: &Arc<SourceFile>) -> Side {
    Side { text: file.path().to_string(), span: Span::new(file, 0..0), place: None }
}

/// Every level of a revision as a consumer, by the path of its page.
fn levels_by_page(workspace: &Workspace) -> HashMap<&str, Vec<Consumer>> {
    let mut found: HashMap<&str, Vec<Consumer>> = HashMap::new();
    for framework in &workspace.frameworks {
        for (rank, level) in framework.levels.iter().enumerate() {
            if let Some(page) = &level.page {
                found.entry(page.span.path()).or_default().push(Consumer {
                    framework: framework.name.clone(),
                    rank,
                    level: level.name.clone(),
                });
            }
        }
    }
    found
}

/// The levels whose page is one of `pages`, sorted.
fn consumers(levels: &HashMap<&str, Vec<Consumer>>, pages: &BTreeSet<String>) -> Vec<Consumer> {
    let mut found: Vec<Consumer> =
        pages.iter().filter_map(|page| levels.get(page.as_str())).flatten().cloned().collect();
    found.sort();
    found
}
