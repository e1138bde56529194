//! The incremental path of a walk: a commit that only edits files already there (no file added,
//! removed or renamed, no settings or data file touched) reads again only the level pages whose
//! page or includes it edits, and diffs only those levels; the others stay as the model holds
//! them. The [`Index`] remembers, from the last whole read, where each level page sits and which
//! files its includes may reach, so that a commit's changed paths map straight to the levels to
//! read: a commit that edits no framework file reads nothing.
//!
//! The diff is the one the whole-read path makes: there, levels that nothing changed are left
//! uncomposed on both sides and contribute no change, and frameworks without a composed level
//! contribute none either, so diffing only the frameworks with a changed level, their other
//! levels left uncomposed as that path leaves them, gives the same changes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::full::Model;
use crate::diff::touched::Reach;
use crate::diff::{Diff, Trees};
use crate::hash::{TextMap, TextSet};
use crate::model::{Format, Framework, Workspace};
use crate::read::levels::{self, Settled};
use crate::read::{ReadOptions, Reuse, shortcode};
use crate::source::git::{FileChange, GitTree};
use crate::source::{Tree, normalize_path};

/// Where each level page of a model sits and what its includes may reach.
pub(super) struct Index {
    /// The settings every read of the walk takes (they hold while no settings file changes).
    settled: Settled,
    /// A second reader with the same settings, for the other half of a commit's many pages.
    helper: Option<Settled>,
    /// Where includes may resolve.
    reach: Reach,
    /// The level pages, by number.
    pages: Vec<PageEntry>,
    /// Page numbers by path.
    by_path: HashMap<String, usize>,
    /// For each file a page's includes may reach (its own page too), the pages reaching it.
    readers: HashMap<String, BTreeSet<usize>>,
    /// Pages whose includes could not be followed (not text): read again at every change.
    opaque: BTreeSet<usize>,
    /// Folders holding level pages: their index pages name frameworks.
    folders: HashSet<String>,
    /// The paths given, as written in the tree (a file given by name is read whatever it is).
    given: Vec<String>,
    /// Blank levels made so far, by place.
    blanks: Blanks,
    /// The include targets of the file versions met so far.
    targets: Targets,
    /// The two sides of each framework's diffs, kept between commits (see [`Shells`]).
    shells: Shells,
}

/// Each framework's two sides as its diffs take them, every level blank (the new side's knowing
/// the level below), by framework: a commit's levels are swapped in and out, not blanks copied.
type Shells = HashMap<usize, (Framework, Framework)>;

/// The include targets of file versions by blob id, found once per version: the old side of a
/// commit's file is the new side of an earlier one.
#[derive(Default)]
struct Targets(TextMap<String, Option<Vec<String>>>);

impl Targets {
    /// The include targets of the file at `path` in `tree` (blob `id`), `None` when it is not
    /// text.
    fn of(&mut self, tree: &GitTree, path: &Path, id: Option<&str>) -> Option<Vec<String>> {
        let find = || -> Option<Vec<String>> {
            let bytes = tree.read(path).ok()??;
            let text = String::from_utf8(bytes).ok()?;
            // Every shortcode starts with `{{`: most includes have none.
            if !text.contains("{{") {
                return Some(Vec::new());
            }
            Some(shortcode::includes(&text).map(|include| include.target.to_string()).collect())
        };
        let Some(id) = id else { return find() };
        if let Some(known) = self.0.get(id) {
            return known.clone();
        }
        let found = find();
        self.0.insert(id.to_string(), found.clone());
        found
    }
}

/// Blank levels (as a read leaves a page it need not compose) by place, made once and copied:
/// every commit blanks the other levels of the frameworks it touches, on both sides.
#[derive(Default)]
struct Blanks(HashMap<(usize, usize), crate::model::Level>);

impl Blanks {
    /// The blank of `level`, at `place`.
    fn of(&mut self, place: (usize, usize), level: &crate::model::Level) -> crate::model::Level {
        if let Some(known) = self.0.get(&place)
            && known.key == level.key
            && known.name == level.name
            && known.page.as_ref().map(|page| page.span.path())
                == level.page.as_ref().map(|page| page.span.path())
        {
            return known.clone();
        }
        let made = blank(level);
        self.0.insert(place, made.clone());
        made
    }
}

/// One level page.
struct PageEntry {
    /// Its path, as the model's spans write it.
    path: String,
    /// The places (framework, level) it holds: one, or one per track it sits above.
    places: Vec<(usize, usize)>,
    /// The files it reaches (itself first), `None` when they could not be told.
    reached: Option<Vec<String>>,
}

/// What a commit's changed files call for.
enum Verdict {
    /// Read again these pages (by number), none when the commit edits no framework file.
    Pages(BTreeSet<usize>),
    /// The frameworks may be found differently: read the commit whole.
    Whole,
}

impl Index {
    /// The index of `model`, `None` when the model does not lend itself (a framework of pages
    /// with a level without a page, or settings that cannot be read).
    fn of(model: &Model, paths: &[PathBuf], options: &ReadOptions) -> Option<Self> {
        let settled = Settled::of(Box::new(model.tree.clone()), paths, options)?;
        let files = model.tree.files().map(|(path, _)| path);
        let reach = Reach::new(files, settled.include_root());
        let mut index = Self {
            settled,
            helper: None,
            reach,
            pages: Vec::new(),
            by_path: HashMap::new(),
            readers: HashMap::new(),
            opaque: BTreeSet::new(),
            folders: HashSet::new(),
            given: paths.iter().map(|path| key(path)).collect(),
            blanks: Blanks::default(),
            targets: Targets::default(),
            shells: Shells::default(),
        };
        for (f, framework) in model.workspace.frameworks.iter().enumerate() {
            if framework.format != Format::Markdown {
                continue;
            }
            for (l, level) in framework.levels.iter().enumerate() {
                let page = level.page.as_ref()?;
                let path = key(Path::new(page.span.path()));
                let number = match index.by_path.get(&path) {
                    Some(&number) => number,
                    None => {
                        let number = index.pages.len();
                        index.pages.push(PageEntry {
                            path: page.span.path().to_string(),
                            places: Vec::new(),
                            reached: None,
                        });
                        index.by_path.insert(path.clone(), number);
                        number
                    }
                };
                index.pages[number].places.push((f, l));
                if let Some((folder, _)) = path.rsplit_once('/') {
                    index.folders.insert(folder.to_string());
                } else {
                    index.folders.insert(".".into());
                }
            }
        }
        for number in 0..index.pages.len() {
            index.follow(number, model.tree.as_ref());
        }
        Some(index)
    }

    /// Finds again what page `number` reaches in `tree`.
    fn follow(&mut self, number: usize, tree: &dyn Tree) {
        if let Some(old) = self.pages[number].reached.take() {
            for file in old {
                if let Some(readers) = self.readers.get_mut(&file) {
                    readers.remove(&number);
                }
            }
        }
        let reached = self.reach.files(tree, &self.pages[number].path);
        match &reached {
            Some(files) => {
                self.opaque.remove(&number);
                for file in files {
                    self.readers.entry(file.clone()).or_default().insert(number);
                }
            }
            None => {
                self.opaque.insert(number);
            }
        }
        self.pages[number].reached = reached;
    }

    /// What the files a commit changes (from `old` to `new`) call for.
    fn verdict(&self, changes: &[FileChange], old: &GitTree, new: &GitTree) -> Verdict {
        let mut pages = BTreeSet::new();
        for change in changes {
            let path = Path::new(&change.path);
            // A file added or removed may be a page, an include that resolves, a framework.
            if change.id.is_none() || old.blob_id(path).is_none() {
                return Verdict::Whole;
            }
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
            let settings = [".yml", ".yaml", ".json"].iter().any(|ext| name.ends_with(ext));
            if settings || self.given.contains(&change.path) {
                return Verdict::Whole;
            }
            let folder = change.path.rsplit_once('/').map_or(".", |(folder, _)| folder);
            if matches!(name, "_index.md" | "index.md") && self.folders.contains(folder) {
                return Verdict::Whole;
            }
            match self.readers.get(&change.path) {
                Some(readers) if !readers.is_empty() => pages.extend(readers.iter().copied()),
                // A page ladder does not read may be one of a data format, at either commit.
                _ if name.ends_with(".md") && (is_data(old, path) || is_data(new, path)) => {
                    return Verdict::Whole;
                }
                _ => {}
            }
        }
        if !changes.is_empty() {
            pages.extend(self.opaque.iter().copied());
        }
        Verdict::Pages(pages)
    }
}

/// Whether the file at `path` of `tree` reads as a framework of a data format.
fn is_data(tree: &GitTree, path: &Path) -> bool {
    let Ok(Some(bytes)) = tree.read(path) else { return false };
    std::str::from_utf8(&bytes).is_ok_and(|text| levels::is_data(path, text))
}

/// A path as the tree and git write it: normalised, `/` between parts.
fn key(path: &Path) -> String {
    normalize_path(path).to_string_lossy().replace('\\', "/")
}

/// `changes` (from a commit's parent to the commit) undone: the same files with their blob ids
/// in `parent`, for a walk from the commit back to its parent.
pub(super) fn undone(changes: &[FileChange], parent: &GitTree) -> Vec<FileChange> {
    let id = |path: &str| parent.blob_id(Path::new(path)).map(str::to_string);
    changes
        .iter()
        .map(|change| FileChange { path: change.path.clone(), id: id(&change.path) })
        .collect()
}

/// Brings `model` to the tree `new`, which differs from it by `changes` touching no framework
/// file (commits the paths skip): `false` when they may touch one (read the tree whole).
pub(super) fn pass(
    model: &mut Model,
    new: &Arc<GitTree>,
    changes: &[FileChange],
    paths: &[PathBuf],
    options: &ReadOptions,
) -> bool {
    if model.index.is_none() {
        model.index = Index::of(model, paths, options);
    }
    let Some(index) = &model.index else { return false };
    match index.verdict(changes, &model.tree, new) {
        Verdict::Pages(pages) if pages.is_empty() => {
            model.tree = new.clone();
            true
        }
        _ => false,
    }
}

/// What a commit of the incremental path brings once its pages are read again.
pub(super) enum Stepped {
    /// The commit edits no framework file: nothing changed.
    Nothing,
    /// Its level pages read again, to diff with the levels the model holds.
    Read(Reading),
}

/// A commit's level pages read again: the new side of its diff, before the model's levels (the
/// old side) are taken, which may wait for the diff of the commit before.
pub(super) struct Reading {
    /// The places (framework, level) read.
    places: BTreeSet<(usize, usize)>,
    /// The new level of each place.
    fresh: BTreeMap<(usize, usize), crate::model::Level>,
    /// The paths of the pages read.
    read: HashSet<String>,
    /// Include shortcodes the pages read could not follow.
    include_problems: Vec<crate::model::IncludeProblem>,
    /// The tree the model held before.
    old: Arc<GitTree>,
}

/// The two sides of a commit's diff, taken from the model, to diff on another thread.
pub(super) struct Lent {
    /// The old side: the frameworks with a level read, those levels taken from the model.
    pub old: Workspace,
    /// The new side: the same frameworks with the levels read.
    pub new: Workspace,
    /// The trees of the two sides.
    pub trees: (Arc<GitTree>, Arc<GitTree>),
    /// The places read.
    places: BTreeSet<(usize, usize)>,
    /// The frameworks of the two sides, in order.
    frameworks: Vec<usize>,
    /// Blanks to put back in place of the model's levels once diffed: on the old side, or on
    /// the new side when walking back.
    spares: Placed,
    /// Whether the commit is walked back: the model's levels are the new side, the levels read
    /// (of the parent) the old.
    back: bool,
}

/// Levels by place (framework, level).
type Placed = Vec<((usize, usize), crate::model::Level)>;

impl Lent {
    /// The diff of the two sides; then the model's levels of the places read give way to
    /// blanks (and are let go here, on the thread that diffs).
    pub(super) fn diff(&mut self) -> Diff {
        let trees = Trees { old: self.trees.0.as_ref(), new: self.trees.1.as_ref() };
        let diff = crate::diff::diff_trees(&self.old, &self.new, trees);
        let side = if self.back { &mut self.new } else { &mut self.old };
        for ((f, l), mut spare) in std::mem::take(&mut self.spares) {
            let at = self.frameworks.iter().position(|&known| known == f);
            let framework = at.and_then(|at| side.frameworks.get_mut(at));
            if let Some(slot) = framework.and_then(|framework| framework.levels.get_mut(l)) {
                // A blank of the new side knows the level below, as the model's level did.
                spare.below = if self.back { slot.below } else { None };
                *slot = spare;
            }
        }
        diff
    }
}

/// Reads again the level pages of `model`'s commit's child `new` (which differs by `changes`)
/// that the changes reach; `model` then holds `new`'s tree, its levels still the old ones until
/// [`lend`] and [`land`]. `None` when the commit calls for a whole read (files added or removed,
/// settings, an input error), `model` as it was.
///
/// Reading needs of the model only where its levels sit (their keys, names, pages and the level
/// below), not their items: it may run while the levels of the commit before are lent.
pub(super) fn read(
    model: &mut Model,
    new: &Arc<GitTree>,
    changes: &[FileChange],
    paths: &[PathBuf],
    options: &ReadOptions,
    parsed: &Reuse,
) -> Option<Stepped> {
    if model.index.is_none() {
        model.index = Index::of(model, paths, options);
    }
    let index = model.index.as_mut()?;
    let Verdict::Pages(numbers) = index.verdict(changes, &model.tree, new) else { return None };
    if numbers.is_empty() {
        model.tree = new.clone();
        return Some(Stepped::Nothing);
    }
    if numbers.len() >= SPLIT && index.helper.is_none() {
        index.helper = Settled::of(Box::new(model.tree.clone()), paths, options);
    }
    let Index { pages, settled, helper, .. } = index;
    let pages: Vec<(&str, &[(usize, usize)])> = numbers
        .iter()
        .map(|&number| (pages[number].path.as_str(), pages[number].places.as_slice()))
        .collect();
    let reuse = parsed.next(None);
    // Pages of distinct contents cannot take each other's composition: none is kept.
    let mut ids = TextSet::default();
    let distinct =
        pages.iter().all(|(path, _)| new.blob_id(Path::new(path)).is_some_and(|id| ids.insert(id)));
    let reuse = Arc::new(if distinct { reuse.of_distinct_pages() } else { reuse });
    let edited: Vec<&str> =
        changes.iter().filter_map(|change| model.tree.blob_id(Path::new(&change.path))).collect();
    let since = levels::Since { before: model.tree.commit(), now: new.commit(), edited: &edited };
    let reread = match helper {
        Some(helper) if pages.len() >= SPLIT => {
            reread_halves([settled, helper], new, reuse, &model.workspace, &pages, &since)
        }
        _ => {
            let tree = Box::new(new.clone());
            levels::reread(tree, settled, reuse, &model.workspace, &pages, Some(&since))
        }
    };
    if !reread.errors.is_empty() {
        return None;
    }
    let read: HashSet<String> = pages.iter().map(|(path, _)| path.to_string()).collect();
    let fresh: BTreeMap<(usize, usize), crate::model::Level> = reread.levels.into_iter().collect();
    let places: BTreeSet<(usize, usize)> =
        pages.iter().flat_map(|(_, places)| places.iter().copied()).collect();
    if places.iter().any(|place| !fresh.contains_key(place)) {
        return None;
    }
    let targets = &mut index.targets;
    let includes_changed = changes.iter().any(|change| {
        let path = Path::new(&change.path);
        let old = targets.of(&model.tree, path, model.tree.blob_id(path));
        old != targets.of(new, path, change.id.as_deref())
    });
    if includes_changed {
        for number in numbers {
            index.follow(number, new.as_ref());
        }
    }
    let old = std::mem::replace(&mut model.tree, new.clone());
    let include_problems = reread.include_problems;
    Some(Stepped::Read(Reading { places, fresh, read, include_problems, old }))
}

/// The number of pages from which a commit's pages are read in two halves, one on each core (a
/// shared include's change reaches every level): below, the hand-over costs more than it saves.
const SPLIT: usize = 8;

/// Reads again `pages` as [`levels::reread`] does, the first half with the first reader and the
/// second half beside it with the other; the levels, problems and errors in the pages' order.
fn reread_halves(
    [settled, helper]: [&mut Settled; 2],
    new: &Arc<GitTree>,
    reuse: Arc<Reuse>,
    workspace: &Workspace,
    pages: &[(&str, &[(usize, usize)])],
    since: &levels::Since<'_>,
) -> levels::Reread {
    let (first, second) = pages.split_at(pages.len() / 2);
    let (tree, other) = (Box::new(new.clone()), Box::new(new.clone()));
    let mut rest = None;
    // The first half here, the second on the pool (the diff of the commit before may hold it).
    let mut read = rayon::in_place_scope(|scope| {
        let (rest, shared) = (&mut rest, reuse.clone());
        scope.spawn(move |_| {
            *rest = Some(levels::reread(other, helper, shared, workspace, second, Some(since)));
        });
        levels::reread(tree, settled, reuse, workspace, first, Some(since))
    });
    let Some(rest) = rest else { return read };
    read.levels.extend(rest.levels);
    read.include_problems.extend(rest.include_problems);
    read.errors.extend(rest.errors);
    read
}

/// Takes from `model` the old levels of the places `reading` read (blanks stand in, where they
/// sit kept), and makes the two sides of the commit's diff; the model's include problems become
/// those of the tree read.
pub(super) fn lend(model: &mut Model, reading: Reading) -> Lent {
    lend_as(model, reading, false)
}

/// [`lend`] for a commit walked back: `reading` read the commit's parent, which the model now
/// holds the tree of, and its levels are the old side; the model's levels (of the commit) the new.
pub(super) fn lend_back(model: &mut Model, reading: Reading) -> Lent {
    lend_as(model, reading, true)
}

/// [`lend`], or [`lend_back`] when `back`.
fn lend_as(model: &mut Model, reading: Reading, back: bool) -> Lent {
    let Reading { places, mut fresh, read, include_problems, old: old_tree } = reading;
    let (mut unkept, mut unshelled) = (Blanks::default(), Shells::default());
    let (blanks, shells) = match model.index.as_mut() {
        Some(index) => (&mut index.blanks, &mut index.shells),
        None => (&mut unkept, &mut unshelled),
    };
    let (mut old, mut after, spares) =
        sides(&mut model.workspace, &places, &mut fresh, blanks, shells, back);
    let problems = &mut model.workspace.include_problems;
    let held =
        problems.iter().filter(|problem| read.contains(problem.span.path())).cloned().collect();
    problems.retain(|problem| !read.contains(problem.span.path()));
    problems.extend(include_problems.iter().cloned());
    let frameworks = places.iter().map(|(f, _)| *f).collect::<BTreeSet<_>>().into_iter().collect();
    let trees = if back {
        (old.include_problems, after.include_problems) = (include_problems, held);
        (model.tree.clone(), old_tree)
    } else {
        (old.include_problems, after.include_problems) = (held, include_problems);
        (old_tree, model.tree.clone())
    };
    Lent { old, new: after, trees, places, frameworks, spares, back }
}

/// Puts the new levels of `lent` (its diff made) in their places in `model`, the blanks they
/// stood for back on the new side, and keeps the sides for the next diffs of their frameworks.
pub(super) fn land(model: &mut Model, lent: Lent) {
    let Lent { old, new, places, frameworks, back, .. } = lent;
    let sides = old.frameworks.into_iter().zip(new.frameworks).zip(frameworks);
    for ((mut old_shell, mut new_shell), f) in sides {
        let Some(framework) = model.workspace.frameworks.get_mut(f) else { continue };
        // The levels read go to the model, the blanks standing in for them back to their side.
        let read = if back { &mut old_shell } else { &mut new_shell };
        for &(_, l) in places.range((f, 0)..(f + 1, 0)) {
            let slot = read.levels.get_mut(l);
            if let (Some(level), Some(slot)) = (framework.levels.get_mut(l), slot) {
                std::mem::swap(level, slot);
                if back {
                    // The model's blank knew the level below; the old side's do not.
                    slot.below = None;
                }
            }
        }
        if let Some(index) = model.index.as_mut() {
            index.shells.insert(f, (old_shell, new_shell));
        }
    }
}

/// The two sides of the diff: the frameworks with a level at `places`, those levels taken out of
/// `workspace` (old) and from `fresh` (new), their other levels left uncomposed as the
/// whole-read path leaves them; with the new side's blanks the levels read stand in for.
/// Walking `back`, the levels of `workspace` are the new side and `fresh` the old, with the old
/// side's blanks. A framework's sides come from `shells` when kept there, else are made from
/// `blanks`.
fn sides(
    workspace: &mut Workspace,
    places: &BTreeSet<(usize, usize)>,
    fresh: &mut BTreeMap<(usize, usize), crate::model::Level>,
    blanks: &mut Blanks,
    shells: &mut Shells,
    back: bool,
) -> (Workspace, Workspace, Placed) {
    let mut old = Workspace::default();
    let mut new = Workspace::default();
    let mut spares = Vec::new();
    let frameworks: BTreeSet<usize> = places.iter().map(|(f, _)| *f).collect();
    for f in frameworks {
        let framework = &mut workspace.frameworks[f];
        let count = framework.levels.len();
        let kept = shells
            .remove(&f)
            .filter(|(old, new)| old.levels.len() == count && new.levels.len() == count);
        let (mut old_shell, mut new_shell) = kept.unwrap_or_else(|| {
            let mut old_levels = Vec::with_capacity(count);
            let mut new_levels = Vec::with_capacity(count);
            for (l, level) in framework.levels.iter().enumerate() {
                let empty = blanks.of((f, l), level);
                new_levels.push(crate::model::Level { below: level.below, ..empty.clone() });
                old_levels.push(empty);
            }
            (shell(framework, old_levels), shell(framework, new_levels))
        });
        let (held, read_side) =
            if back { (&mut new_shell, &mut old_shell) } else { (&mut old_shell, &mut new_shell) };
        for (l, level) in framework.levels.iter_mut().enumerate() {
            if let Some(read) = fresh.remove(&(f, l)) {
                // The model's level goes to its side, whose blank stands in for it, knowing
                // the level below for reads made while it is lent.
                std::mem::swap(level, &mut held.levels[l]);
                level.below = held.levels[l].below;
                spares.push(((f, l), std::mem::replace(&mut read_side.levels[l], read)));
            }
        }
        old.frameworks.push(old_shell);
        new.frameworks.push(new_shell);
    }
    (old, new, spares)
}

/// `framework` with other levels.
fn shell(framework: &Framework, levels: Vec<crate::model::Level>) -> Framework {
    Framework {
        id: framework.id.clone(),
        name: framework.name.clone(),
        format: framework.format,
        levels,
        required_sections: framework.required_sections.clone(),
    }
}

/// A level as a read leaves a page it need not compose: named, not read.
fn blank(level: &crate::model::Level) -> crate::model::Level {
    let path = level.page.as_ref().map(|page| page.span.path()).unwrap_or_default();
    crate::read::unchanged_level(Path::new(path), &level.key, &level.name)
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::builder::Builder;
    use super::super::full::compare_commits;
    use super::super::{Notes, Request, Unreadable, log_paths, notes};
    use super::*;
    use crate::source::git::Repository;

    /// A git repository in a temporary folder, its commits dated one day apart.
    pub(in crate::notes) struct Repo {
        pub dir: tempfile::TempDir,
        commits: usize,
    }

    impl Repo {
        /// Runs git in the repository; its output.
        fn git(&self, args: &[&str]) -> String {
            let date = format!("2024-05-{:02}T12:00:00Z", 1 + self.commits);
            let output = std::process::Command::new("git")
                .arg("-C")
                .arg(self.dir.path())
                .args(args)
                .env("GIT_AUTHOR_NAME", "Test")
                .env("GIT_AUTHOR_EMAIL", "test@example.com")
                .env("GIT_COMMITTER_NAME", "Test")
                .env("GIT_COMMITTER_EMAIL", "test@example.com")
                .env("GIT_AUTHOR_DATE", &date)
                .env("GIT_COMMITTER_DATE", &date)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("HOME", self.dir.path())
                .output()
                .expect("git runs");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            String::from_utf8_lossy(&output.stdout).into_owned()
        }

        pub fn write(&self, path: &str, text: &str) {
            let full = self.dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("a parent")).expect("folders");
            std::fs::write(full, text).expect("written");
        }

        fn read(&self, path: &str) -> String {
            std::fs::read_to_string(self.dir.path().join(path)).expect("read")
        }

        pub fn edit(&self, path: &str, from: &str, to: &str) {
            let text = self.read(path);
            assert!(text.contains(from), "{path} holds {from}");
            self.write(path, &text.replacen(from, to, 1));
        }

        /// The id of the last commit.
        pub fn head(&self) -> String {
            self.git(&["rev-parse", "HEAD"]).trim().to_string()
        }

        pub fn commit(&mut self, message: &str) {
            self.git(&["add", "-A"]);
            self.git(&["commit", "-q", "--allow-empty", "-m", message]);
            self.commits += 1;
        }
    }

    fn page(title: &str, technical: &str, bullet: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\n---\n\n## {title} Engineer\n\n### Leadership\n\n- {bullet}\n- Shares context with stakeholders early\n\n### Technical\n\n{{{{% include \"includes/{technical}\" %}}}}\n\n### Values Alignment\n\n{{{{% include \"includes/shared/values.md\" %}}}}\n"
        )
    }

    /// A history whose commits take every path of the walk: edits of a page, of an include
    /// shared by every level, of a file no framework reads; a level page added; a page that
    /// starts to include a file, then that file edited; a framework folder renamed; an index
    /// title changed; a page other than a level's edited; a page broken, then mended.
    pub(in crate::notes) fn history() -> Repo {
        let mut repo = Repo { dir: tempfile::tempdir().expect("temp folder"), commits: 0 };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.write("README.md", "# Handbook\n");
        repo.write(
            "assets/includes/shared/values.md",
            "##### Values\n\n- Writes things down\n- Gives credit openly\n",
        );
        for team in ["alpha", "beta"] {
            repo.write(
                &format!("content/careers/{team}/_index.md"),
                &format!("---\ntitle: \"{team} team\"\n---\n"),
            );
            repo.write(
                &format!("content/careers/{team}/csr.md"),
                "---\ntitle: \"Support\"\n---\n\nAnother role.\n",
            );
            for (level, title) in [("senior", "Senior"), ("staff", "Staff")] {
                let technical = format!("{team}/{level}-technical.md");
                repo.write(&format!("assets/includes/{technical}"), &format!("##### Engineering\n\n- Designs {team} services at {level} scope\n- Reviews designs of the {team} group\n"));
                repo.write(
                    &format!("content/careers/{team}/{level}.md"),
                    &page(title, &technical, "Leads planning for the team"),
                );
            }
        }
        repo.commit("Career frameworks");
        repo.edit("content/careers/alpha/senior.md", "Leads planning", "Leads quarterly planning");
        repo.commit("Reword a page item (!1)");
        repo.edit(
            "assets/includes/shared/values.md",
            "Writes things down",
            "Writes decisions down",
        );
        repo.commit("Reword a value (!2)");
        repo.write("README.md", "# Handbook\n\nSee content/.\n");
        repo.commit("Readme only");
        repo.write(
            "content/careers/alpha/intermediate.md",
            &page("Intermediate", "alpha/senior-technical.md", "Plans own work"),
        );
        repo.commit("Add an intermediate level");
        repo.edit(
            "content/careers/alpha/staff.md",
            "### Values Alignment",
            "{{% include \"includes/alpha/senior-technical.md\" %}}\n\n### Values Alignment",
        );
        repo.commit("Staff includes the senior technical list too");
        repo.edit(
            "assets/includes/alpha/senior-technical.md",
            "Reviews designs",
            "Reviews and approves designs",
        );
        repo.commit("Reword an include that now reaches three levels");
        repo.git(&["mv", "content/careers/beta", "content/careers/gamma"]);
        repo.commit("Rename a framework folder");
        repo.edit("content/careers/gamma/staff.md", "- Shares context", "* Shares context");
        repo.commit("Bullet marker only");
        repo.edit("content/careers/alpha/_index.md", "alpha team", "Alpha engineering");
        repo.commit("Retitle a framework");
        repo.edit("content/careers/alpha/staff.md", "Leads planning", "Leads yearly planning");
        repo.commit("Reword a page item under the new title");
        repo.edit("content/careers/alpha/csr.md", "Another role.", "Another role, not a level.");
        repo.commit("Edit a page of another role");
        repo.edit("content/careers/gamma/senior.md", "title: \"Senior\"", "title: [\"Senior\"");
        repo.commit("Break a page");
        repo.edit("content/careers/gamma/senior.md", "title: [\"Senior\"", "title: \"Senior\"");
        repo.edit(
            "content/careers/gamma/senior.md",
            "Leads planning",
            "Leads planning and staffing",
        );
        repo.commit("Mend it, with a change");
        repo.edit("assets/includes/beta/senior-technical.md", "Designs", "Builds");
        repo
    }

    /// The notes each commit's whole read gives, compared with its parent as `ladder diff` does.
    fn whole_reads(repository: &Repository, paths: &[PathBuf]) -> Notes {
        let commits = repository.history(None, "HEAD", &log_paths(paths)).expect("commits").commits;
        let options = ReadOptions::default();
        let tree = |id: &str| Arc::new(GitTree::new(repository, id).expect("tree"));
        let mut builder = Builder::default();
        let mut last: Option<Arc<GitTree>> = None;
        for commit in &commits {
            let new = tree(&commit.id);
            let Some(parent) = &commit.parent else {
                last = Some(new);
                continue;
            };
            let old = last.clone().filter(|last| last.commit() != parent.as_str());
            let old = old.unwrap_or_else(|| tree(parent));
            match compare_commits(&old, &new, paths, &options) {
                Ok(diff) => {
                    builder.add(commit, &diff);
                    last = Some(new);
                }
                Err(error) => {
                    builder
                        .unreadable
                        .push(Unreadable { commit: commit.clone(), error: error.to_string() });
                }
            }
        }
        builder.finish(None, None, commits, None)
    }

    /// Everything the notes tell of the changes, as JSON.
    pub(in crate::notes) fn told(notes: &Notes) -> serde_json::Value {
        let mut value = serde_json::to_value(notes).expect("JSON");
        for field in ["from", "to", "first"] {
            value[field] = serde_json::Value::Null;
        }
        value
    }

    #[test]
    fn the_walk_tells_what_whole_reads_of_each_commit_tell() {
        let mut repo = history();
        repo.commit("Reword an include after the mend");
        // Files read at one commit are kept for the next by content id: two files of the same
        // content, one edited; a page edited with its include.
        let same = repo.read("assets/includes/beta/staff-technical.md");
        repo.write("assets/includes/alpha/staff-technical.md", &same);
        repo.commit("Alpha staff takes beta's list");
        repo.edit("assets/includes/beta/staff-technical.md", "Reviews designs", "Reviews plans");
        repo.commit("Reword one of two lists of the same words");
        repo.edit("content/careers/alpha/senior.md", "Shares context", "Shares plans");
        repo.edit("assets/includes/alpha/senior-technical.md", "Designs", "Draws");
        repo.commit("Reword a page and its include");
        // A version whose change is plain item lines takes the blocks of the one before, moved:
        // an item added to the shared include, one removed from a page, one added and one
        // reworded in one include, and an item's bullet changed with a line added after it.
        let values = "assets/includes/shared/values.md";
        repo.edit(values, "- Gives credit openly\n", "- Gives credit openly\n- Asks early\n");
        repo.commit("Add a value");
        repo.edit(
            "content/careers/alpha/senior.md",
            "- Shares plans with stakeholders early\n",
            "",
        );
        repo.commit("Remove a page item");
        let technical = "assets/includes/alpha/senior-technical.md";
        repo.edit(technical, "- Draws", "- Sketches first\n- Draws");
        repo.edit(technical, "Reviews and approves", "Reviews and signs off");
        repo.commit("Add and reword in one include");
        repo.edit(values, "- Writes decisions down\n", "* Writes decisions down\n- Listens\n");
        repo.commit("Re-bullet a value and add one");
        // The shared include's heading (the group it opens at every level) changed, alone and
        // with its items; a page and the shared include in one commit; the shared include's
        // first item gone with the heading written back, so its count changes at the group's
        // start.
        repo.edit(values, "##### Values", "##### Our values");
        repo.commit("Rename the values group");
        repo.edit(values, "##### Our values", "##### Values we hold");
        repo.edit(values, "- Listens\n", "- Listens closely\n");
        repo.commit("Rename the values group again and reword a value");
        repo.edit("content/careers/gamma/staff.md", "Leads planning", "Leads all planning");
        repo.edit(values, "- Gives credit openly\n", "- Gives credit openly\n- Shares early\n");
        repo.commit("Reword a page item and add a value");
        repo.edit(values, "##### Values we hold\n\n* Writes decisions down\n", "##### Values\n\n");
        repo.commit("Write the heading back and drop the first value");
        let repository = Repository::discover(repo.dir.path()).expect("a repository");
        for paths in [vec![PathBuf::from(".")], vec![PathBuf::from("content")]] {
            let request = Request { paths: paths.clone(), to: "HEAD".into(), ..Request::default() };
            let walked = notes(&repository, &request).expect("notes");
            let expected = whole_reads(&repository, &paths);
            assert_eq!(told(&walked), told(&expected), "paths {paths:?}");
            let count = |kind: &str| {
                walked
                    .frameworks
                    .iter()
                    .flat_map(|f| &f.levels)
                    .flat_map(|g| &g.kinds)
                    .filter(|k| k.label == kind)
                    .map(|k| k.changes.len())
                    .sum::<usize>()
            };
            assert!(count("reworded") >= 3, "{:#}", told(&walked));
            assert_eq!(walked.unreadable.len(), 1, "the broken page is told");
        }
    }
}
