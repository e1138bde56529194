//! Copies: folders side by side (the handbook copied into `copy-1` … `copy-150`) whose files are
//! the same, blob for blob at the same relative paths, at both commits of a range. Only the
//! first two of each set are read and compared; each further copy takes the second's changes,
//! moved to its own files, without a blob fetched or a model built.
//!
//! The first two are read and compared like any other pair, so that what tells the first copy
//! apart from the others shows (an include relocation that every copy's pages tell at the first
//! copy's file). Whenever the second's changes are not the first's moved, a framework reaches
//! outside its copy, or a change could pair items across frameworks, the caller reads every
//! copy as before.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Change, Consumer, Diff, Kind, Side};
use crate::hash::{TextMap, TextSet};
use crate::model::{Format, IncludeProblemKind, Item, Level, Workspace};
use crate::source::git::GitTree;
use crate::source::{Refusal, SourceFile, Span, Tree, TreeEntry, normalize_path};

/// Copies found below the folder read.
#[derive(Debug)]
pub struct Copies {
    /// The folder whose subfolders are the copies, as the paths below it start (empty for the
    /// top).
    prefix: String,
    /// Each set of folders alike.
    sets: Vec<Set>,
    /// Names of the copies never read (subfolders of the folder).
    hidden: TextSet<String>,
}

/// Folders alike at both commits, by their paths from the tree's top, in path order.
#[derive(Debug)]
struct Set {
    /// The first, read and compared.
    first: PathBuf,
    /// The second, read and compared: the others take its changes.
    second: PathBuf,
    /// The others, never read.
    rest: Vec<PathBuf>,
}

/// Levels per set, and names of the frameworks in copies and outside, as [`Copies::closed`]
/// finds them.
type Closed<'w> = (Vec<usize>, HashSet<&'w str>, HashSet<&'w str>);

/// Copies from the third on in a set: fewer are not worth the check.
const AT_LEAST: usize = 3;

impl Copies {
    /// The sets of subfolders of `paths` (one folder) alike at both commits, when some set has
    /// more than two; `None` also when a `ladder.yml` at or above the folder could name
    /// frameworks, include roots or tracks that reach across folders.
    pub fn find(old: &GitTree, new: &GitTree, paths: &[PathBuf]) -> Option<Self> {
        let [path] = paths else { return None };
        let under = normalize_path(path);
        if !old.is_dir(&under) || !new.is_dir(&under) {
            return None;
        }
        let configured = under.ancestors().any(|folder| {
            let file = folder.join(crate::config::FILE_NAME);
            old.is_file(&file) || new.is_file(&file)
        });
        if configured {
            return None;
        }
        let (old_files, new_files) = (by_subfolder(old, &under), by_subfolder(new, &under));
        // Folders alike have the same files at the older commit and at the newer.
        let mut alike: TextMap<(&String, &String), Vec<&str>> = TextMap::default();
        for (name, files) in &new_files {
            let Some(before) = old_files.get(name) else { continue };
            alike.entry((before, files)).or_default().push(name);
        }
        let mut sets: Vec<Set> = Vec::new();
        for (_, names) in alike {
            // Sorted as folders are found: the first copy read is the one found first.
            let mut folders: Vec<PathBuf> = names
                .into_iter()
                .map(|name| under.join(name))
                .map(|p| normalize_path(&p))
                .collect();
            if folders.len() < AT_LEAST {
                continue;
            }
            folders.sort();
            let rest = folders.split_off(2);
            let second = folders.pop()?;
            let first = folders.pop()?;
            sets.push(Set { first, second, rest });
        }
        sets.sort_by(|a, b| a.first.cmp(&b.first));
        let hidden = sets
            .iter()
            .flat_map(|set| &set.rest)
            .filter_map(|folder| Some(folder.file_name()?.to_str()?.to_string()))
            .collect();
        let prefix = folder_prefix(&under);
        (!sets.is_empty()).then_some(Self { prefix, sets, hidden })
    }

    /// Whether `path` is in a copy never read.
    fn hides(&self, path: &Path) -> bool {
        let Some(text) = path.to_str() else {
            return false;
        };
        // Paths read are mostly written as git lists them; others are normalised first.
        let normal;
        let text = if text.starts_with("./") || text.contains("/.") || text.contains("//") {
            normal = normalize_path(path).to_string_lossy().into_owned();
            normal.as_str()
        } else {
            text
        };
        let Some(rest) = text.strip_prefix(self.prefix.as_str()) else { return false };
        let name = rest.split_once('/').map_or(rest, |(name, _)| name);
        self.hidden.contains(name)
    }

    /// `tree` without the copies never read.
    pub fn hidden_in(self: &Arc<Self>, tree: Arc<dyn Tree>) -> Arc<dyn Tree> {
        Arc::new(WithoutCopies { inner: tree, copies: self.clone() })
    }

    /// Whether a read may take the file at `path` (not in a copy never read).
    pub fn reads(&self, path: &Path) -> bool {
        !self.hides(path)
    }

    /// Which copy read `path` is in: its set, and whether it is the second.
    fn home(&self, path: &str) -> Result<Option<(usize, bool)>, ()> {
        let path = Path::new(path);
        for (at, set) in self.sets.iter().enumerate() {
            if path.starts_with(&set.first) {
                return Ok(Some((at, false)));
            }
            if path.starts_with(&set.second) {
                return Ok(Some((at, true)));
            }
            if set.rest.iter().any(|folder| path.starts_with(folder)) {
                return Err(());
            }
        }
        Ok(None)
    }

    /// The diff of every copy from `diff` (of the copies read): each further copy takes the
    /// second's changes moved to its files; `None` when that would not be what comparing
    /// every copy finds, and every copy must be read.
    pub fn spread(&self, diff: Diff, old: &Workspace, new: &Workspace) -> Option<Diff> {
        if !(self.problems_kept(old) && self.problems_kept(new)) {
            return None;
        }
        let (_, mut names, mut outside) = self.closed(old)?;
        let (levels, new_names, new_outside) = self.closed(new)?;
        names.extend(new_names);
        outside.extend(new_outside);
        // A change told once at the first copy's file reaches the levels of every copy whose
        // pages point at it; it is spread only where those can be told apart from others.
        let told_once_spreads = self.sets.len() == 1 && names.is_disjoint(&outside);
        // Items added and removed are paired across frameworks by text, and every copy's
        // frameworks are named alike: those pairs are not the first two copies' moved.
        let across = |kind: Kind| {
            matches!(kind, Kind::Added | Kind::Removed | Kind::Promoted | Kind::Demoted)
        };
        let mut homes = Vec::with_capacity(diff.changes.len());
        for change in &diff.changes {
            if across(change.kind) {
                return None;
            }
            let home = self.change_home(change)?;
            // Frameworks of the copies read nothing outside them, but an include without items
            // is found from the shortcodes: one outside the copies that reaches a level named
            // as one of theirs may reach them, and each copy's levels would count once more.
            let reaches_copies =
                change.consumers.iter().any(|consumer| names.contains(consumer.framework.as_str()));
            if home.is_none() && carried(change) && reaches_copies {
                return None;
            }
            let level_change =
                matches!(change.kind, Kind::LevelAdded | Kind::LevelRemoved | Kind::LevelRenamed);
            if home.is_some() && level_change {
                return None;
            }
            homes.push(home);
        }
        let mut changes = diff.changes;
        let mut more = Vec::new();
        for (at, set) in self.sets.iter().enumerate() {
            let firsts: Vec<usize> =
                (0..changes.len()).filter(|&i| homes[i] == Some((at, false))).collect();
            let seconds: Vec<usize> =
                (0..changes.len()).filter(|&i| homes[i] == Some((at, true))).collect();
            let mut next = seconds.iter().peekable();
            let mut told_once = Vec::new();
            for &first in &firsts {
                let moved = moved(&changes[first], &set.first, &set.second, &mut HashMap::new())?;
                match next.peek() {
                    Some(&&second) if same(&moved, &changes[second]) => {
                        next.next();
                    }
                    _ if carried(&changes[first]) => told_once.push(first),
                    _ => return None,
                }
            }
            if next.next().is_some() {
                return None;
            }
            let copies = set.rest.len() + 2;
            for first in told_once {
                let consumers = &changes[first].consumers;
                let ours =
                    consumers.iter().all(|consumer| names.contains(consumer.framework.as_str()));
                if !(told_once_spreads && ours) {
                    return None;
                }
                changes[first].consumers = multiplied(consumers, copies)?;
            }
            for folder in &set.rest {
                let mut files = HashMap::new();
                for &second in &seconds {
                    more.push(moved(&changes[second], &set.second, folder, &mut files)?);
                }
            }
        }
        changes.extend(more);
        changes.sort_by_cached_key(super::order_key);
        let levels_compared = diff.levels_compared
            + self
                .sets
                .iter()
                .zip(levels)
                .map(|(set, levels)| set.rest.len() * levels)
                .sum::<usize>();
        Some(Diff { changes, levels_compared })
    }

    /// Whether every include problem of `workspace` lies within one copy or outside them all:
    /// a file missing from a copy read could be one a copy never read holds.
    fn problems_kept(&self, workspace: &Workspace) -> bool {
        workspace.include_problems.iter().all(|problem| {
            let Ok(home) = self.home(problem.span.path()) else { return false };
            let same_home = |path: &str| self.home(path) == Ok(home);
            match &problem.kind {
                IncludeProblemKind::Missing { path } => same_home(path),
                IncludeProblemKind::Cycle { chain } => chain.iter().all(|path| same_home(path)),
                IncludeProblemKind::Malformed { .. }
                | IncludeProblemKind::OutsideRoot { .. }
                | IncludeProblemKind::NoIncludeRoot => true,
            }
        })
    }

    /// The copy all sides of `change` are written in (`Some(None)`: none); `None` when its sides
    /// are in several, in a copy never read, or it has none.
    fn change_home(&self, change: &Change) -> Option<Option<(usize, bool)>> {
        let mut sides = change.before.iter().chain(&change.after);
        let home = self.home(sides.next()?.span.path()).ok()?;
        sides.all(|side| self.home(side.span.path()) == Ok(home)).then_some(home)
    }

    /// For each set, the levels of the frameworks read in its second copy; the names of the
    /// frameworks read in copies, and of those outside them. `None` when a framework reads a
    /// file outside its own copy, or is not a folder of pages.
    fn closed<'w>(&self, workspace: &'w Workspace) -> Option<Closed<'w>> {
        let mut levels = vec![0; self.sets.len()];
        let (mut names, mut outside) = (HashSet::new(), HashSet::new());
        for framework in &workspace.frameworks {
            let first_page = framework.levels.first().and_then(|level| level.page.as_ref());
            let home = match first_page {
                Some(page) => self.home(page.span.path()).ok()?,
                None => None,
            };
            let Some((set, second)) = home else {
                // A framework outside the copies must read nothing in them.
                let mut inside = false;
                for level in &framework.levels {
                    level_spans(level, &mut |span| {
                        inside |= self.home(span.path()) != Ok(None);
                    });
                }
                if inside {
                    return None;
                }
                outside.insert(framework.name.as_str());
                continue;
            };
            if framework.format != Format::Markdown {
                return None;
            }
            let mut outside = false;
            for level in &framework.levels {
                outside |= level.page.is_none();
                level_spans(level, &mut |span| outside |= self.home(span.path()) != Ok(home));
            }
            if outside {
                return None;
            }
            if second {
                levels[set] += framework.levels.len();
            }
            names.insert(framework.name.as_str());
        }
        Some((levels, names, outside))
    }
}

/// The files of each subfolder of `under`, as sorted `path id` lines relative to it.
fn by_subfolder<'t>(tree: &'t GitTree, under: &Path) -> TextMap<&'t str, String> {
    let prefix = folder_prefix(under);
    let mut found: TextMap<&str, Vec<(&str, &str)>> = TextMap::default();
    for (path, id) in tree.ids() {
        let Some(rest) = path.strip_prefix(prefix.as_str()) else { continue };
        // Files right in `under` are no copy's.
        let Some((name, inner)) = rest.split_once('/') else { continue };
        found.entry(name).or_default().push((inner, id));
    }
    found
        .into_iter()
        .map(|(name, mut files)| {
            files.sort_unstable();
            let mut lines = String::new();
            for (path, id) in files {
                lines.push_str(path);
                lines.push('\0');
                lines.push_str(id);
                lines.push('\n');
            }
            (name, lines)
        })
        .collect()
}

/// The text a path below `folder` starts with: empty for the top, else the folder and `/`.
fn folder_prefix(folder: &Path) -> String {
    if folder == Path::new(".") || folder.as_os_str().is_empty() {
        String::new()
    } else {
        format!("{}/", folder.to_string_lossy())
    }
}

/// A tree without the copies never read: they are neither listed nor read.
struct WithoutCopies {
    inner: Arc<dyn Tree>,
    copies: Arc<Copies>,
}

impl Tree for WithoutCopies {
    fn read(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        if self.copies.hides(path) {
            return Ok(None);
        }
        self.inner.read(path)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> io::Result<Option<Vec<u8>>> {
        if self.copies.hides(path) {
            return Ok(None);
        }
        self.inner.read_limited(path, limit)
    }

    fn list(&self, path: &Path) -> io::Result<Vec<TreeEntry>> {
        let mut entries = self.inner.list(path)?;
        entries.retain(|entry| !self.copies.hides(&entry.path));
        Ok(entries)
    }

    fn is_dir(&self, path: &Path) -> bool {
        !self.copies.hides(path) && self.inner.is_dir(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        !self.copies.hides(path) && self.inner.is_file(path)
    }

    fn refusal(&self, path: &Path) -> Option<Refusal> {
        self.inner.refusal(path)
    }

    fn root_name(&self) -> Option<String> {
        self.inner.root_name()
    }
}

/// Whether `change` is an include without items carried along with its folder (told at the
/// first include found in that folder, whichever copy's page points at it).
fn carried(change: &Change) -> bool {
    change.kind == Kind::IncludeRelocated
        && change.detail.as_deref().is_some_and(|detail| detail.contains("no items"))
}

/// Consumers the first two copies' pages gave twice each, given `copies` times each.
fn multiplied(consumers: &[Consumer], copies: usize) -> Option<Vec<Consumer>> {
    let mut found = Vec::with_capacity(consumers.len() / 2 * copies);
    let mut rest = consumers;
    while let Some(first) = rest.first() {
        let count = rest.iter().take_while(|consumer| *consumer == first).count();
        if count % 2 != 0 {
            return None;
        }
        found.extend(std::iter::repeat_n(first, count / 2 * copies).cloned());
        rest = &rest[count..];
    }
    Some(found)
}

/// `change` with its sides moved from the copy at `from` to the one at `to` (files made once
/// per path in `files`).
fn moved(
    change: &Change,
    from: &Path,
    to: &Path,
    files: &mut HashMap<String, Arc<SourceFile>>,
) -> Option<Change> {
    let mut side = |side: &Side| -> Option<Side> {
        let path = Path::new(side.span.path());
        let rest = path.strip_prefix(from).ok()?;
        let new_path = to.join(rest).to_string_lossy().into_owned();
        let file = match files.get(&new_path) {
            Some(file) => file.clone(),
            None => {
                let file = Arc::new(side.span.file.renamed(new_path.clone()));
                files.insert(new_path.clone(), file.clone());
                file
            }
        };
        // A relocated include's side names its file.
        let text = if change.kind == Kind::IncludeRelocated && side.text == side.span.path() {
            new_path
        } else {
            side.text.clone()
        };
        Some(Side { text, span: Span { file, ..side.span.clone() }, place: side.place.clone() })
    };
    let before = change.before.iter().map(&mut side).collect::<Option<Vec<_>>>()?;
    let after = change.after.iter().map(&mut side).collect::<Option<Vec<_>>>()?;
    Some(Change {
        kind: change.kind,
        before,
        after,
        words: change.words.clone(),
        similarity: change.similarity,
        consumers: change.consumers.clone(),
        detail: change.detail.clone(),
    })
}

/// Whether two changes say the same, at the same places of the same files.
fn same(a: &Change, b: &Change) -> bool {
    let sides = |a: &[Side], b: &[Side]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                a.text == b.text
                    && a.place == b.place
                    && a.span.path() == b.span.path()
                    && a.span.range == b.span.range
                    && a.span.line == b.span.line
                    && a.span.column == b.span.column
            })
    };
    a.kind == b.kind
        && sides(&a.before, &b.before)
        && sides(&a.after, &b.after)
        && a.words == b.words
        && a.similarity.map(f64::to_bits) == b.similarity.map(f64::to_bits)
        && a.consumers == b.consumers
        && a.detail == b.detail
}

/// Every span of a level: its page's, headings', items' (origins, includes) and links'.
fn level_spans(level: &Level, visit: &mut impl FnMut(&Span)) {
    let Level { key: _, name: _, below: _, page, span, sections } = level;
    if let Some(page) = page {
        visit(&page.span);
        for spanned in page.title.iter().chain(&page.heading).chain(&page.anchor_links) {
            visit(&spanned.span);
        }
        for link in &page.links {
            visit(&link.span);
            link.via.iter().for_each(&mut *visit);
        }
    }
    span.iter().for_each(&mut *visit);
    for section in sections {
        section.heading.iter().for_each(|spanned| visit(&spanned.span));
        for item in section.groups.iter().flat_map(|group| &group.items) {
            item_spans(item, visit);
        }
    }
}

/// Every span of an item and its sub-items.
fn item_spans(item: &Item, visit: &mut impl FnMut(&Span)) {
    visit(&item.origin);
    item.via.iter().for_each(&mut *visit);
    if let Some(topic) = &item.topic {
        visit(&topic.span);
    }
    for child in &item.children {
        item_spans(child, visit);
    }
}
