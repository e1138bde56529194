//! Cosmetic edits: lines of a file that changed between revisions without changing any item,
//! heading or title (white space, blank lines, lint-suppression comments, markup).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use similar::{DiffTag, TextDiff};

use super::{Change, Kind, Side};
use crate::model::Workspace;
use crate::source::{SourceFile, Span};

/// One change per run of changed lines that no other change explains.
pub(super) fn file_edits(old: &Workspace, new: &Workspace, changes: &[Change]) -> Vec<Change> {
    let old_files = files(old);
    let new_files = files(new);
    let mut pairs: Vec<(&Arc<SourceFile>, &Arc<SourceFile>)> = old_files
        .iter()
        .filter_map(|(path, file)| new_files.get(path).map(|other| (file, other)))
        .collect();
    for change in changes.iter().filter(|change| change.kind == Kind::IncludeRelocated) {
        if let (Some(before), Some(after)) = (change.before.first(), change.after.first())
            && before.span.path() != after.span.path()
        {
            pairs.push((&before.span.file, &after.span.file));
        }
    }
    let explained = Explained::of(changes);
    let mut found = Vec::new();
    for (before, after) in pairs {
        if before.text() != after.text() {
            found.extend(hunks(before, after, &explained));
        }
    }
    found
}

/// Every file the model of a revision was read from, by path.
fn files(workspace: &Workspace) -> BTreeMap<String, Arc<SourceFile>> {
    let mut found = BTreeMap::new();
    let mut add = |span: &Span| {
        found.entry(span.path().to_string()).or_insert_with(|| span.file.clone());
    };
    for level in workspace.frameworks.iter().flat_map(|framework| &framework.levels) {
        if let Some(page) = &level.page {
            add(&page.span);
        }
        for found in level.items() {
            add(&found.item.origin);
            if let Some(via) = &found.item.via {
                add(via);
            }
        }
    }
    found
}

/// Lines each side of the other changes cover, by file.
struct Explained {
    old: HashMap<String, Vec<Range<usize>>>,
    new: HashMap<String, Vec<Range<usize>>>,
}

impl Explained {
    fn of(changes: &[Change]) -> Self {
        let mut explained = Self { old: HashMap::new(), new: HashMap::new() };
        let lines = |span: &Span| span.line..span.line + span.text().matches('\n').count() + 1;
        for change in changes.iter().filter(|change| change.kind != Kind::Cosmetic) {
            for side in &change.before {
                explained.old.entry(side.span.path().into()).or_default().push(lines(&side.span));
            }
            for side in &change.after {
                explained.new.entry(side.span.path().into()).or_default().push(lines(&side.span));
            }
        }
        explained
    }

    fn covers(map: &HashMap<String, Vec<Range<usize>>>, path: &str, lines: &Range<usize>) -> bool {
        map.get(path).is_some_and(|ranges| {
            ranges.iter().any(|range| range.start < lines.end.max(lines.start + 1) && lines.start < range.end)
        })
    }
}

/// Runs of changed lines between two texts of one file, as cosmetic changes.
fn hunks(before: &Arc<SourceFile>, after: &Arc<SourceFile>, explained: &Explained) -> Vec<Change> {
    let diff = TextDiff::from_lines(before.text(), after.text());
    let old_lines: Vec<&str> = before.text().split_inclusive('\n').collect();
    let new_lines: Vec<&str> = after.text().split_inclusive('\n').collect();
    let mut found = Vec::new();
    let mut counted = HashSet::new();
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let old_lines_1 = old_range.start + 1..old_range.end + 1;
        let new_lines_1 = new_range.start + 1..new_range.end + 1;
        if Explained::covers(&explained.old, before.path(), &old_lines_1)
            || Explained::covers(&explained.new, after.path(), &new_lines_1)
        {
            continue;
        }
        let old_text: String = old_lines[old_range.clone()].concat();
        let new_text: String = new_lines[new_range.clone()].concat();
        if !counted.insert((old_range.start, new_range.start)) {
            continue;
        }
        let side = |file: &Arc<SourceFile>, range: &Range<usize>, text: &str| {
            let start = file.line_offset(range.start + 1);
            Side { text: text.to_string(), span: Span::new(file, start..start + text.len()), place: None }
        };
        found.push(Change {
            kind: Kind::Cosmetic,
            before: vec![side(before, &old_range, &old_text)],
            after: vec![side(after, &new_range, &new_text)],
            words: Vec::new(),
            similarity: None,
            consumers: Vec::new(),
            detail: Some(category(&old_text, &new_text).into()),
        });
    }
    found
}

/// What kind of cosmetic edit a run of lines is.
fn category(old: &str, new: &str) -> &'static str {
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    let comments = |text: &str| {
        text.lines().filter(|line| !line.trim().is_empty()).all(|line| {
            let line = line.trim();
            line.starts_with("<!--") && line.ends_with("-->")
        })
    };
    if squeeze(old) == squeeze(new) {
        "white space"
    } else if comments(old) && comments(new) {
        "lint comments"
    } else if old.contains("{{") || new.contains("{{") {
        "include shortcodes"
    } else {
        "markup"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert_eq!(category("###  Title\n", "### Title\n"), "white space");
        assert_eq!(category("", "\n"), "white space");
        assert_eq!(category("", "<!-- markdownlint-disable MD051 -->\n"), "lint comments");
        assert_eq!(category("* a\n", "- a\n"), "markup");
    }
}
