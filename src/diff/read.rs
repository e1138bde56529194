//! Reading both sides of a comparison: which files differ (cheaply), what the two reads share,
//! and the two reads themselves, side by side on two threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::copies::Copies;
use super::touched::{FileChanges, unchanged_pages, with_kept};
use super::{Diff, Trees};
use crate::config::Config;
use crate::read::{Loaded, ReadError, ReadOptions, Reuse, shortcode};
use crate::source::revisions::{Pair, Problem, Request, Revisions, Side};
use crate::source::{SourceMap, Tree};

/// Two revisions compared: the changes, the newer side's read, and both sides.
pub struct Compared {
    /// What changed.
    pub diff: Diff,
    /// The newer side's frameworks (its configuration names the curated alignment).
    pub after: Loaded,
    /// The older side.
    pub old: Side,
    /// The newer side.
    pub new: Side,
}

/// Why two revisions were not compared.
pub enum NotCompared {
    /// The request names no revisions ladder can read.
    Revisions(Problem),
    /// The older side's reader failed outright; the side's label.
    Unread(String),
    /// Either side's input errors (nothing is compared when a side is read wrong).
    Inputs(Vec<ReadError>),
}

/// Compares the revisions `request` names, read with `options`. Folders alike at both commits
/// of a range are read twice only; when their changes cannot be spread to the others, every
/// folder is read.
pub fn compare_revisions(
    request: &Request,
    options: &ReadOptions,
) -> Result<Compared, NotCompared> {
    match compare_once(request, options, true)? {
        Some(compared) => Ok(compared),
        None => compare_once(request, options, false)?.ok_or(NotCompared::Inputs(Vec::new())),
    }
}

/// One comparison, reading copies twice only when `copies` allows it; `None` when copies were
/// left unread and their changes cannot be spread to them.
fn compare_once(
    request: &Request,
    options: &ReadOptions,
    copies: bool,
) -> Result<Option<Compared>, NotCompared> {
    let revisions = Revisions::resolve(request).map_err(NotCompared::Revisions)?;
    let old_label = revisions.old.label.clone();
    let both = read_both(revisions, options, copies).ok_or(NotCompared::Unread(old_label))?;
    let BothRead { copies: spread, before, after, old, new } = both;
    if spread.is_some() && !(before.errors.is_empty() && after.errors.is_empty()) {
        return Ok(None);
    }
    let (before, after) = usable(before, after).map_err(NotCompared::Inputs)?;
    let limits = after.config.as_ref().map(|config| config.settings.limits).unwrap_or_default();
    let trees = Trees { old: &old.tree, new: &new.tree };
    let diff = super::diff_with(&before.workspace, &after.workspace, Some(trees), limits.word_diff);
    let diff = match spread {
        Some(spread) => match spread.spread(diff, &before.workspace, &after.workspace) {
            Some(diff) => diff,
            None => return Ok(None),
        },
        None => diff,
    };
    Ok(Some(Compared { diff, after, old, new }))
}

/// Both reads, or their input errors. A side with no framework (or without the paths) is empty,
/// not an error, when the other side has frameworks: the framework was added or removed between
/// the revisions.
fn usable(mut old: Loaded, mut new: Loaded) -> Result<(Loaded, Loaded), Vec<ReadError>> {
    let absent = |error: &ReadError| {
        matches!(error, ReadError::NoFramework { .. } | ReadError::NoSuchPath { .. })
    };
    let has = |loaded: &Loaded| !loaded.workspace.frameworks.is_empty();
    if has(&new) {
        old.errors.retain(|error| !absent(error));
    }
    if has(&old) {
        new.errors.retain(|error| !absent(error));
    }
    if old.errors.is_empty() && new.errors.is_empty() {
        return Ok((old, new));
    }
    old.errors.append(&mut new.errors);
    Err(old.errors)
}

/// Both sides read, with the trees they were read from.
pub struct BothRead {
    /// The copies left unread, whose changes the copies read give
    /// ([`Copies::spread`](super::copies::Copies::spread)).
    pub copies: Option<Arc<Copies>>,
    /// The older side's frameworks.
    pub before: Loaded,
    /// The newer side's frameworks.
    pub after: Loaded,
    /// The older side (its tree reads what comparing kept).
    pub old: Side,
    /// The newer side.
    pub new: Side,
}

/// Reads both sides of `revisions` with `options` (their include root from the revisions when
/// the options name none); `None` when the older side's reader failed outright. With `copies`,
/// folders alike at both commits of a range are read only twice (see [`Copies`]).
fn read_both(revisions: Revisions, options: &ReadOptions, copies: bool) -> Option<BothRead> {
    let copies = match &revisions.pair {
        Pair::Commits { old, new }
            if copies && options.include_root.is_none() && revisions.include_root.is_none() =>
        {
            Copies::find(old, new, &revisions.new.paths).map(Arc::new)
        }
        _ => None,
    };
    let reads = |path: &Path| copies.as_ref().is_none_or(|copies| copies.reads(path));
    revisions.prefetch(&|path| reads(path) && likely_read(path, &revisions.new.paths));
    let options = ReadOptions {
        include_root: options.include_root.clone().or(revisions.include_root.clone()),
        ..options.clone()
    };
    let changes = changes(&revisions.pair, &revisions.new).map(Arc::new);
    let (mut old, mut new) = (revisions.old, revisions.new);
    if let Some(changes) = &changes {
        old.tree = with_kept(old.tree, changes);
        new.tree = with_kept(new.tree, changes);
    }
    let (old_tree, new_tree) = match &copies {
        Some(copies) => (copies.hidden_in(old.tree.clone()), copies.hidden_in(new.tree.clone())),
        None => (old.tree.clone(), new.tree.clone()),
    };
    let reuse = Arc::new(reuse(changes, &new_tree, &new.paths, &options));
    let (before, after) = std::thread::scope(|scope| {
        let (shared, old_paths, options_old) = (reuse.clone(), old.paths.clone(), &options);
        let before = scope.spawn(move || {
            crate::read::load_reusing(Box::new(old_tree), &old_paths, options_old, shared)
        });
        let after = crate::read::load_reusing(Box::new(new_tree), &new.paths, &options, reuse);
        (before.join(), after)
    });
    Some(BothRead { copies, before: before.ok()?, after, old, new })
}

/// Which files differ between the sides, when that comes cheap.
fn changes(pair: &Pair, new: &Side) -> Option<FileChanges> {
    match pair {
        Pair::Folders { old, new } => FileChanges::of_folders(old.as_ref(), new.as_ref()).ok(),
        Pair::Files => None,
        Pair::Commits { old, new } => Some(FileChanges::of_commits(old, new)),
        Pair::WorkingTree { base, changed } => changed
            .clone()
            .map(|changed| FileChanges::of_working_tree(base, changed, new.tree.clone())),
    }
}

/// What the two reads share: files parsed once, and the pages they need not compose because
/// neither they nor anything they include changed.
fn reuse(
    changes: Option<Arc<FileChanges>>,
    tree: &Arc<dyn Tree>,
    paths: &[PathBuf],
    options: &ReadOptions,
) -> Reuse {
    let Some(changes) = changes else { return Reuse::default() };
    let include_root = options.include_root.clone().or_else(|| {
        let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        let mut sources = SourceMap::new(Box::new(tree.clone()));
        Config::discover(&start, &mut sources)
            .ok()
            .flatten()
            .and_then(|config| config.include_root())
    });
    match unchanged_pages(changes, tree.clone(), include_root) {
        Some(unchanged) => Reuse::new(unchanged),
        None => Reuse::default(),
    }
}

/// Whether a read of `paths` is likely to take the file at `path`: level pages under the paths
/// (named by the built-in level vocabulary; others are read when asked for), and includes under
/// folders named like the include root.
fn likely_read(path: &Path, paths: &[PathBuf]) -> bool {
    static RULES: std::sync::LazyLock<Option<crate::rules::Rules>> =
        std::sync::LazyLock::new(|| crate::rules::Rules::defaults().ok());
    if path.extension().is_none_or(|ext| ext != "md") {
        return false;
    }
    let stem = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default();
    let is_page = RULES.as_ref().is_none_or(|rules| rules.level(stem).is_some());
    let under = paths.iter().any(|given| given == Path::new(".") || path.starts_with(given));
    (under && is_page) || path.components().any(|part| part.as_os_str() == shortcode::INCLUDE_ROOT)
}
