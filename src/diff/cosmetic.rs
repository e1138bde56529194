//! Cosmetic edits: lines of a file that changed between revisions without changing any item,
//! heading or title (white space, blank lines, lint-suppression comments, markup).

use std::borrow::Cow;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashSet;
use similar::DiffTag;

use super::{Change, Kind, Side};
use crate::hash::{TextMap as HashMap, TextSet as HashSet};
use crate::model::Workspace;
use crate::read::shortcode;
use crate::source::{SourceFile, Span};

/// An include without items (a navigation bar) whose shortcode followed its folder's move.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Carried {
    /// The include's path at the old revision (include root joined).
    pub old: PathBuf,
    /// Its path at the new revision.
    pub new: PathBuf,
    /// The page whose shortcode points at it, at the new revision.
    pub page: String,
}

/// One change per run of changed lines that no other change explains, and the includes without
/// items carried along with a relocated folder.
pub(super) fn file_edits(
    old: &Workspace,
    new: &Workspace,
    changes: &[Change],
) -> (Vec<Change>, Vec<Carried>) {
    let mut pairs = same_paths(old, new);
    // Relocated includes compare old file with new; an unresolved side has no file to compare.
    let resolved = |change: &&Change| {
        change.kind == Kind::IncludeRelocated
            && !change.detail.as_deref().is_some_and(|detail| detail.starts_with("unresolved"))
    };
    for change in changes.iter().filter(resolved) {
        if let (Some(before), Some(after)) = (change.before.first(), change.after.first())
            && before.span.path() != after.span.path()
        {
            pairs.push((&before.span.file, &after.span.file));
        }
    }
    let explained = Explained::of(changes);
    let mut found = Vec::new();
    let mut carried = Vec::new();
    // The runs of changed lines of each pair of texts, found once: a file copied into many
    // folders changes the same way in each.
    let mut runs_of: HashMap<(&str, &str), Lines> = HashMap::default();
    for (before, after) in pairs {
        if before.text() != after.text() {
            let lines = runs_of.entry((before.text(), after.text())).or_insert_with(|| {
                let (old_lines, new_lines) = (lines_of(before.text()), lines_of(after.text()));
                let runs = runs(&old_lines, &new_lines);
                Lines { old: old_lines, new: new_lines, runs }
            });
            if !lines.runs.is_empty() {
                found.extend(hunks(before, after, lines, &explained, &mut carried));
            }
        }
    }
    (found, carried)
}

/// A run of changed lines: its lines (0-based) in the old text and in the new.
type Run = (Range<usize>, Range<usize>);

/// The lines of two texts of a file, and the runs of lines that differ.
struct Lines<'t> {
    old: Vec<&'t str>,
    new: Vec<&'t str>,
    runs: Vec<Run>,
}

/// Calls `visit` with every file the model of a revision was read from, each once, in the
/// order met.
fn each_file<'w>(workspace: &'w Workspace, visit: impl FnMut(&'w Arc<SourceFile>)) {
    let mut met = Met { seen: FxHashSet::default(), last: [std::ptr::null(); 2], visit };
    // The items of a group in order, each before its sub-items (as `Item::walk`), on one stack
    // for the whole model rather than an iterator per item.
    let mut stack: Vec<std::slice::Iter<'w, crate::model::Item>> = Vec::new();
    for level in workspace.frameworks.iter().flat_map(|framework| &framework.levels) {
        if let Some(page) = &level.page {
            met.add(1, &page.span);
        }
        for group in level.sections.iter().flat_map(|section| &section.groups) {
            stack.push(group.items.iter());
            while let Some(top) = stack.last_mut() {
                let Some(item) = top.next() else {
                    stack.pop();
                    continue;
                };
                met.add(0, &item.origin);
                if let Some(via) = &item.via {
                    met.add(1, via);
                }
                if !item.children.is_empty() {
                    stack.push(item.children.iter());
                }
            }
        }
    }
}

/// The files [`each_file`] met so far: by address, so that a file met again (a page, or an
/// include many levels show) is known without hashing its path; and the last file of each lane
/// (0 for items' origins, 1 for pages and includes' pages), since items of one file come one
/// after another.
struct Met<F> {
    seen: FxHashSet<*const SourceFile>,
    last: [*const SourceFile; 2],
    visit: F,
}

impl<'w, F: FnMut(&'w Arc<SourceFile>)> Met<F> {
    /// Visits the file of `span` unless met before.
    #[inline(always)] // Once or twice per item of both models: the early return stays inline.
    fn add(&mut self, lane: usize, span: &'w Span) {
        let file = Arc::as_ptr(&span.file);
        if self.last[lane] == file {
            return;
        }
        self.last[lane] = file;
        if self.seen.insert(file) {
            (self.visit)(&span.file);
        }
    }
}

/// The files of one path in both revisions, the first met of each path on each side, in the
/// order the old side meets them.
fn same_paths<'w>(
    old: &'w Workspace,
    new: &'w Workspace,
) -> Vec<(&'w Arc<SourceFile>, &'w Arc<SourceFile>)> {
    // Each new file by path, and whether an old file took it already.
    let mut new_files: HashMap<&str, (&Arc<SourceFile>, bool)> = HashMap::default();
    each_file(new, |file| {
        new_files.entry(file.path()).or_insert((file, false));
    });
    let mut pairs = Vec::new();
    each_file(old, |file| {
        if let Some((other, taken)) = new_files.get_mut(file.path())
            && !*taken
        {
            *taken = true;
            pairs.push((file, *other));
        }
    });
    pairs
}

/// Lines each side of the other changes cover, by file.
struct Explained<'c> {
    old: HashMap<&'c str, Vec<Range<usize>>>,
    new: HashMap<&'c str, Vec<Range<usize>>>,
    /// Include files relocated (old path, new path).
    relocated: Vec<(String, String)>,
    /// Relocations (indexes into `relocated`, in order) by the last part of their old path,
    /// and by the last part of its folder: a path can only end with a suffix ending the same.
    by_name: HashMap<OsString, Vec<usize>>,
    by_folder: HashMap<OsString, Vec<usize>>,
}

impl<'c> Explained<'c> {
    fn of(changes: &'c [Change]) -> Self {
        let mut explained = Self {
            old: HashMap::default(),
            new: HashMap::default(),
            relocated: Vec::new(),
            by_name: HashMap::default(),
            by_folder: HashMap::default(),
        };
        for change in changes.iter().filter(|change| change.kind == Kind::IncludeRelocated) {
            if let (Some(before), Some(after)) = (change.before.first(), change.after.first()) {
                let at = explained.relocated.len();
                let from = Path::new(&before.text);
                if let Some(name) = last_part(from) {
                    explained.by_name.entry(name).or_default().push(at);
                }
                if let Some(folder) = from.parent().and_then(last_part) {
                    explained.by_folder.entry(folder).or_default().push(at);
                }
                explained.relocated.push((before.text.clone(), after.text.clone()));
            }
        }
        let lines = |span: &Span| span.line..span.line + span.text().matches('\n').count() + 1;
        for change in changes.iter().filter(|change| change.kind != Kind::IncludeRelocated) {
            for side in &change.before {
                explained.old.entry(side.span.path()).or_default().push(lines(&side.span));
            }
            for side in &change.after {
                explained.new.entry(side.span.path()).or_default().push(lines(&side.span));
            }
        }
        explained
    }

    /// The includes carried along with their folder when two runs of lines differ only in
    /// include paths that were relocated (`None` when they differ otherwise).
    fn relocation(&self, old: &str, new: &str) -> Option<Vec<(PathBuf, PathBuf)>> {
        let targets = |text: &str| -> Vec<String> {
            shortcode::includes(text).map(|include| include.target.to_string()).collect()
        };
        let strip =
            |text: &str| shortcode::without_includes(text).split_whitespace().collect::<String>();
        let (before, after) = (targets(old), targets(new));
        if before.is_empty() || before.len() != after.len() || strip(old) != strip(new) {
            return None;
        }
        let mut carried = Vec::new();
        for (a, b) in before.iter().zip(&after).filter(|(a, b)| a != b) {
            carried.extend(self.relocated_pair(a, b)?);
        }
        Some(carried)
    }

    /// Whether include `a` became `b`: `Some(None)` when that file was relocated, and
    /// `Some((old, new))` when (for an include without items, such as a navigation bar) its
    /// folder was, with the file name kept.
    fn relocated_pair(&self, a: &str, b: &str) -> Option<Option<(PathBuf, PathBuf)>> {
        let (a, b) = (Path::new(a), Path::new(b));
        if self.candidates(&self.by_name, a).any(|(from, to)| from.ends_with(a) && to.ends_with(b))
        {
            return Some(None);
        }
        if a.file_name() != b.file_name() {
            return None;
        }
        let folder = a.parent().unwrap_or(Path::new(""));
        self.candidates(&self.by_folder, folder)
            .filter_map(|(from, to)| {
                let old = replace_suffix(from.parent()?, a.parent()?)?.join(a);
                let new = replace_suffix(to.parent()?, b.parent()?)?.join(b);
                Some(Some((old, new)))
            })
            .next()
    }

    /// The relocations, in order, whose old path (or its folder, with `by_folder`) may end with
    /// `suffix`: those indexed under its last part, or every one when it has none.
    fn candidates<'s>(
        &'s self,
        index: &'s HashMap<OsString, Vec<usize>>,
        suffix: &Path,
    ) -> Box<dyn Iterator<Item = (&'s Path, &'s Path)> + 's> {
        let pair = |at: usize| {
            let (from, to) = &self.relocated[at];
            (Path::new(from.as_str()), Path::new(to.as_str()))
        };
        match last_part(suffix) {
            Some(name) => {
                let found = index.get(&name).map(Vec::as_slice).unwrap_or_default();
                Box::new(found.iter().map(move |&at| pair(at)))
            }
            None => Box::new((0..self.relocated.len()).map(pair)),
        }
    }

    fn covers(map: &HashMap<&str, Vec<Range<usize>>>, path: &str, lines: &Range<usize>) -> bool {
        map.get(path).is_some_and(|ranges| {
            ranges.iter().any(|range| {
                range.start < lines.end.max(lines.start + 1) && lines.start < range.end
            })
        })
    }
}

/// The last part of a path as [`Path::ends_with`] compares parts, `None` for an empty path.
fn last_part(path: &Path) -> Option<OsString> {
    path.components().next_back().map(|part| part.as_os_str().to_os_string())
}

/// The folder `folder` is in when it ends with `suffix` (the include root of a path written
/// relative to it).
fn replace_suffix(folder: &Path, suffix: &Path) -> Option<PathBuf> {
    if !folder.ends_with(suffix) {
        return None;
    }
    let mut root = folder.to_path_buf();
    for _ in suffix.components() {
        root.pop();
    }
    Some(root)
}

/// Runs of changed lines between two texts of one file, as cosmetic changes; includes carried
/// along with their folder go to `carried`.
fn hunks(
    before: &Arc<SourceFile>,
    after: &Arc<SourceFile>,
    lines: &Lines,
    explained: &Explained,
    carried: &mut Vec<Carried>,
) -> Vec<Change> {
    let (old_lines, new_lines) = (&lines.old, &lines.new);
    let mut found = Vec::new();
    let mut counted = HashSet::default();
    for (old_range, new_range) in lines.runs.iter().cloned() {
        let old_lines_1 = old_range.start + 1..old_range.end + 1;
        let new_lines_1 = new_range.start + 1..new_range.end + 1;
        if Explained::covers(&explained.old, before.path(), &old_lines_1)
            || Explained::covers(&explained.new, after.path(), &new_lines_1)
        {
            continue;
        }
        let old_text: String = old_lines[old_range.clone()].concat();
        let new_text: String = new_lines[new_range.clone()].concat();
        if let Some(moved) = explained.relocation(&old_text, &new_text) {
            carried.extend(moved.into_iter().map(|(old, new)| Carried {
                old,
                new,
                page: after.path().to_string(),
            }));
            continue;
        }
        if !counted.insert((old_range.start, new_range.start)) {
            continue;
        }
        let side = |file: &Arc<SourceFile>, range: &Range<usize>, text: &str| {
            let start = file.line_offset(range.start + 1);
            Side {
                text: text.to_string(),
                span: Span::new(file, start..start + text.len()),
                place: None,
            }
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

/// Runs of lines that differ: a patience diff over lines with white space folded (so that a
/// re-indented or trailing-space line pairs with itself), plus the lines it pairs whose white
/// space differs.
fn runs<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Run> {
    if let Some(found) = one_edit(old, new) {
        return found;
    }
    patience(old, new)
}

/// The runs [`patience`] finds, found without it when the texts differ by one edit between a
/// common start and a common end (in folded lines, the start taken first, as the diff takes
/// it): lines only added, lines only removed, or one line for one. No line in between can be an
/// anchor or pair with another, and the diff's compaction leaves the insertion or deletion
/// after the common start; the lines of the common ends pair one with one, as equal runs do.
/// `None` for any other shape.
fn one_edit(old: &[&str], new: &[&str]) -> Option<Vec<Run>> {
    let same = |a: &str, b: &str| a == b || (may_fold_alike(a, b) && folded(a) == folded(b));
    let prefix = old.iter().zip(new).take_while(|(a, b)| same(a, b)).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count();
    let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
    let middle = (prefix..old_end, prefix..new_end);
    let shape = (middle.0.len(), middle.1.len());
    // One line for one stays in place unless the diff's compaction can slide it over a
    // neighbour written like it.
    let alone = |line: &str| {
        let neighbours = [prefix.checked_sub(1).map(|at| old[at]), old.get(old_end).copied()];
        neighbours.into_iter().flatten().all(|neighbour| !same(line, neighbour))
    };
    let one_for_one = shape == (1, 1) && alone(old[prefix]) && alone(new[prefix]);
    if !(shape.0 == 0 || shape.1 == 0 || one_for_one) {
        return None;
    }
    let mut found = Vec::new();
    for i in (0..prefix).filter(|&i| old[i] != new[i]) {
        found.push((i..i + 1, i..i + 1));
    }
    if shape != (0, 0) {
        found.push(middle);
    }
    for (i, j) in (old_end..old.len()).zip(new_end..new.len()).filter(|&(i, j)| old[i] != new[j]) {
        found.push((i..i + 1, j..j + 1));
    }
    Some(found)
}

/// Runs of lines that differ by a patience diff over the folded lines (see [`runs`]).
fn patience<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Run> {
    let fold = |lines: &[&'a str]| -> Vec<Cow<'a, str>> {
        lines.iter().map(|line| folded(line)).collect()
    };
    let (old_keys, new_keys) = (fold(old), fold(new));
    let mut found = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Patience, &old_keys, &new_keys) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if op.tag() != DiffTag::Equal {
            found.push((old_range, new_range));
            continue;
        }
        for (i, j) in old_range.zip(new_range) {
            if old[i] != new[j] {
                found.push((i..i + 1, j..j + 1));
            }
        }
    }
    found
}

/// Whether two lines may fold alike: the same bytes but white space and bytes of non-ASCII
/// characters (folding keeps every other byte in order, and adds only spaces). Most lines that
/// differ differ in their first words: told here without folding either.
fn may_fold_alike(a: &str, b: &str) -> bool {
    let kept = |byte: &u8| !(byte.is_ascii_whitespace() || *byte == 0x0b || *byte >= 0x80);
    a.bytes().filter(kept).eq(b.bytes().filter(kept))
}

/// The lines of `text`, each with its line break, as `split_inclusive('\n')` cuts them (breaks
/// found by `memchr`: the searcher behind `split_inclusive`, or a byte loop, looks at each byte).
fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        // A line break is one byte: `at + 1` is a char boundary.
        lines.push(text.get(start..=at).unwrap_or_default());
        start = at + 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// A line with its white space folded, as [`crate::model::fold`] folds it; borrowed when folding
/// changes nothing but its ends (most lines: ASCII, words one space apart).
fn folded(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}');
    let bytes = trimmed.as_bytes();
    let plain = bytes.iter().all(|&byte| byte.is_ascii() && !(0x09..=0x0d).contains(&byte))
        && !bytes.windows(2).any(|pair| pair == b"  ");
    if plain { Cow::Borrowed(trimmed) } else { Cow::Owned(crate::model::fold(line)) }
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
    } else if unbulleted(old) == unbulleted(new) {
        "bullet markers"
    } else {
        "markup"
    }
}

/// The text without list markers at line starts, white space removed.
fn unbulleted(text: &str) -> String {
    text.lines()
        .map(|line| {
            line.trim_start()
                .trim_start_matches(['*', '-', '+'])
                .split_whitespace()
                .collect::<String>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cut_as_split_inclusive_cuts_them() {
        let long = "- Désigne les équipes, well\n".repeat(40);
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\nä\r\nb\r\n", "x\n\n", long.as_str()] {
            let expected: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(lines_of(text), expected, "{text:?}");
        }
    }

    #[test]
    fn lines_fold_as_model_fold_folds_them() {
        for line in [
            "- a b\n",
            "  - a  b \n",
            "a\tb\n",
            "\u{b}a b\u{b}\n",
            "a\u{a0}b\n",
            "\u{a0}a\n",
            "",
            "\n",
            "   \n",
            "a\r\n",
            "x\u{c}y\n",
            "é  e\n",
        ] {
            assert_eq!(folded(line), crate::model::fold(line), "{line:?}");
        }
    }

    #[test]
    fn one_edit_finds_the_runs_the_patience_diff_finds() {
        // Every pair of short texts over lines alike when folded, alike raw, or unlike.
        let alphabet = ["a\n", " a\n", "b\n", "c\n", "\n"];
        let mut texts: Vec<Vec<&str>> = vec![Vec::new()];
        let mut last = texts.clone();
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|text| {
                    alphabet.iter().map(move |line| {
                        let mut longer = text.clone();
                        longer.push(*line);
                        longer
                    })
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut checked = 0;
        for old in &texts {
            for new in &texts {
                if let Some(found) = one_edit(old, new) {
                    assert_eq!(found, patience(old, new), "{old:?} {new:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        // Longer texts, each edited once at a random place (a fixed xorshift sequence).
        let mut seed = 7_u64;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..20_000 {
            let old: Vec<&str> = (0..next(14)).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut new = old.clone();
            let at = next(old.len() + 1);
            match next(3) {
                0 => new.insert(at, alphabet[next(alphabet.len())]),
                1 if at < new.len() => drop(new.remove(at)),
                _ if at < new.len() => new[at] = alphabet[next(alphabet.len())],
                _ => {}
            }
            if let Some(found) = one_edit(&old, &new) {
                assert_eq!(found, patience(&old, &new), "{old:?} {new:?}");
            }
        }
    }

    #[test]
    fn lines_cut_as_split_inclusive_cuts_them() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\nb\n\n", "é\nß\n x"] {
            let expected: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(lines_of(text), expected, "{text:?}");
        }
    }

    #[test]
    fn lines_that_fold_alike_may_fold_alike() {
        let lines = ["- a b\n", "  - a  b \n", "a\tb\n", "\u{b}a b\u{b}\n", "a\u{a0}b\n", "ab\n"];
        for a in lines {
            for b in lines {
                if folded(a) == folded(b) {
                    assert!(may_fold_alike(a, b), "{a:?} {b:?}");
                }
            }
        }
        assert!(!may_fold_alike("- a\n", "* a\n"));
    }

    #[test]
    fn categories() {
        assert_eq!(category("###  Title\n", "### Title\n"), "white space");
        assert_eq!(category("", "\n"), "white space");
        assert_eq!(category("", "<!-- markdownlint-disable MD051 -->\n"), "lint comments");
        assert_eq!(category("* a\n", "- a\n"), "bullet markers");
        assert_eq!(category("- a\n", "- **a**\n"), "markup");
    }
}
