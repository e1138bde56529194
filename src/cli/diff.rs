//! `ladder diff`: read two revisions (files, folders, git revisions, or a revision and the
//! working tree), compare their models, render the changes, decide the exit status.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Io, Status, report_error};
use crate::config::Config;
use crate::diff::Trees;
use crate::diff::touched::{FileChanges, unchanged_pages, with_kept};
use crate::read::{Loaded, ReadError, ReadOptions, Reuse, shortcode};
use crate::report::changes::{Format, Options, render};
use crate::source::git::{BlobCache, GitError, GitTree, Repository};
use crate::source::history::Commit;
use crate::source::{
    FsTree, Guard, ProjectRoot, RootKind, RootedTree, SourceError, SourceMap, Tree,
};

/// The variable GitLab sets to the merge request's base commit in merge request pipelines.
const MR_BASE: &str = "CI_MERGE_REQUEST_DIFF_BASE_SHA";

/// Arguments of `ladder diff`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Compare two revisions of the frameworks as models (includes resolved at each \
revision) and report what changed for the people they describe: items added, removed, reworded \
(with a word-level diff), moved, promoted or demoted, reordered, split or merged; levels added, \
removed or renamed; titles and headings; includes relocated. Cosmetic edits (white space, bullet \
markers, punctuation, markup, lint comments) are counted and hidden unless --cosmetic.\n\n\
What is compared depends on the arguments:\n  \
OLD NEW          two files or two folders (with --no-index, even inside a repository)\n  \
A..B [PATH...]   two git revisions (A...B: from where B left A)\n  \
--base REV [PATH...]  a git revision against the working tree\n  \
[PATH...]        the working tree against $CI_MERGE_REQUEST_DIFF_BASE_SHA in a GitLab merge \
request pipeline, else against HEAD",
    after_help = "Examples:\n  \
ladder diff before/ after/\n  \
ladder diff v1.0..v1.1 content/handbook/engineering/careers\n  \
ladder diff --base main --format markdown > comment.md\n  \
ladder diff --exit-code HEAD~1..HEAD    (exit status 1 when anything semantic changed)\n\n\
In a shallow CI clone, set `GIT_DEPTH: 0` so the base commit is there."
)]
pub struct Args {
    /// OLD NEW, or A..B followed by paths, or paths [default: .]
    #[arg(value_name = "ARG")]
    args: Vec<PathBuf>,
    /// Compare the working tree with this git revision; every argument is then a path.
    #[arg(long, value_name = "REV", conflicts_with = "no_index")]
    base: Option<String>,
    /// Take the two arguments as OLD and NEW files or folders, never as revisions.
    #[arg(long)]
    no_index: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Show cosmetic edits one by one (they are always counted).
    #[arg(long)]
    cosmetic: bool,
    /// Exit with status 1 when there is a semantic change, like `git diff --exit-code`.
    #[arg(long)]
    exit_code: bool,
    /// A rules folder whose files replace the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Folder that include shortcodes resolve against, at both revisions.
    #[arg(long, value_name = "DIR")]
    include_root: Option<PathBuf>,
    /// Curated alignment file whose links reworded items keep [default: the new revision's
    /// ladder.yml `alignment`]
    #[arg(long, value_name = "FILE")]
    alignment: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// Changes with word-level highlights, and a summary.
    Human,
    /// A merge request comment or release notes.
    Markdown,
    /// One JSON document (docs/diff-format.md).
    Json,
}

/// One side of the comparison: where to read, what, and its name.
struct Side {
    tree: Arc<dyn Tree>,
    paths: Vec<PathBuf>,
    label: String,
    options: ReadOptions,
    /// The commit read, when the side is one (headers name it).
    commit: Option<Commit>,
}

impl Side {
    /// The side reading files the same at both revisions from what comparing them kept.
    fn kept(self, changes: &Arc<FileChanges>) -> Self {
        Self { tree: with_kept(self.tree, changes), ..self }
    }
}

/// Runs `ladder diff`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let env_base = std::env::var(MR_BASE).ok().filter(|base| !base.trim().is_empty());
    let (old, new, changes) = match sides(&args, env_base) {
        Ok(sides) => sides,
        Err(error) => {
            report_error(io, error.as_ref())?;
            return Ok(Status::Error);
        }
    };
    let (old_label, new_label) = (old.label.clone(), new.label.clone());
    let (old_commit, new_commit) = (old.commit.clone(), new.commit.clone());
    let changes = changes.map(Arc::new);
    let (old, new) = match &changes {
        Some(changes) => (old.kept(changes), new.kept(changes)),
        None => (old, new),
    };
    let reuse = Arc::new(reuse(changes, &new));
    let (old_tree, new_tree) = (old.tree.clone(), new.tree.clone());
    let (before, after) = std::thread::scope(|scope| {
        let shared = reuse.clone();
        let old = scope.spawn(move || {
            crate::read::load_reusing(Box::new(old.tree), &old.paths, &old.options, shared)
        });
        let after =
            crate::read::load_reusing(Box::new(new.tree.clone()), &new.paths, &new.options, reuse);
        (old.join(), after)
    });
    let Ok(before) = before else {
        writeln!(io.err, "ladder: reading {old_label} failed")?;
        return Ok(Status::Error);
    };
    let (before, after) = match usable(io, before, after)? {
        Ok(both) => both,
        Err(status) => return Ok(status),
    };
    let limits = after.config.as_ref().map(|config| config.settings.limits).unwrap_or_default();
    crate::diff::limit_word_diff(limits.word_diff);
    let trees = Trees { old: &old_tree, new: &new_tree };
    let diff = crate::diff::diff_trees(&before.workspace, &after.workspace, trees);
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    let curated = match curated_decisions(args.alignment.as_deref(), &after, new_tree.as_ref()) {
        Ok(curated) => curated,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let options = Options {
        old: old_label,
        new: new_label,
        cosmetic: args.cosmetic,
        color: io.color,
        curated,
        old_commit,
        new_commit,
    };
    render(format, &diff, &options, io.out)?;
    let changed = diff.semantic().next().is_some();
    Ok(if args.exit_code && changed { Status::Findings } else { Status::Clean })
}

/// The curated alignment decisions: from `--alignment FILE` (working tree), or the file the new
/// revision's ladder.yml names (read at that revision); none when neither is there.
fn curated_decisions(
    given: Option<&Path>,
    after: &Loaded,
    new_tree: &dyn Tree,
) -> Result<std::collections::BTreeMap<String, String>, ReadError> {
    let (path, tree): (PathBuf, &dyn Tree) = match (given, &after.config) {
        (Some(path), _) => (path.to_path_buf(), &FsTree),
        (None, Some(config)) => match config.alignment() {
            Some(file) => (file, new_tree),
            None => return Ok(Default::default()),
        },
        (None, None) => return Ok(Default::default()),
    };
    let shown = path.display().to_string();
    let bytes = match tree.read(&path) {
        Ok(Some(bytes)) => bytes,
        // A file ladder.yml names but the revision lacks: the diff goes on without its links.
        Ok(None) if given.is_none() => return Ok(Default::default()),
        Ok(None) => return Err(SourceError::Missing { path: shown }.into()),
        Err(error) => {
            return Err(SourceError::Io { path: shown, message: error.to_string() }.into());
        }
    };
    let file = Arc::new(crate::source::decode(&shown, bytes)?);
    let curated = crate::align::Curated::parse(file)?;
    Ok(curated.decisions_by_text())
}

/// Both reads, or the exit status after reporting their errors. A side with no framework (or
/// without the paths) is empty, not an error, when the other side has frameworks: the framework
/// was added or removed between the revisions.
fn usable(
    io: &mut Io<'_>,
    mut old: Loaded,
    mut new: Loaded,
) -> io::Result<Result<(Loaded, Loaded), Status>> {
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
    let count = old.errors.len() + new.errors.len();
    if count == 0 {
        return Ok(Ok((old, new)));
    }
    for error in old.errors.iter().chain(&new.errors) {
        report_error(io, error)?;
    }
    writeln!(io.err, "ladder: {count} input error(s); nothing was compared")?;
    Ok(Err(Status::Error))
}

/// What the two reads share: files parsed once, and the pages they need not compose because
/// neither they nor anything they include changed.
fn reuse(changes: Option<Arc<FileChanges>>, new: &Side) -> Reuse {
    let Some(changes) = changes else { return Reuse::default() };
    let include_root = new.options.include_root.clone().or_else(|| {
        let start = new.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        let mut sources = SourceMap::new(Box::new(new.tree.clone()));
        Config::discover(&start, &mut sources)
            .ok()
            .flatten()
            .and_then(|config| config.include_root())
    });
    match unchanged_pages(changes, new.tree.clone(), include_root) {
        Some(unchanged) => Reuse::new(unchanged),
        None => Reuse::default(),
    }
}

/// Two sides and which files differ, or why they cannot be read.
type Sides = Result<(Side, Side, Option<FileChanges>), Box<dyn miette::Diagnostic + Send + Sync>>;

/// Two files or two folders, each read through the guard of the project the first is in: a
/// folder outside it (`ladder diff . ..` in a repository) is refused.
fn folders(args: &Args, options: impl Fn(Option<PathBuf>) -> ReadOptions) -> Sides {
    let include_root = args.include_root.clone().map(absolute);
    let guard = folders_guard(&args.args[..2])?;
    let guard = include_root.iter().fold(guard, |guard, dir| guard.also(dir));
    for given in &args.args[..2] {
        if let Some(refusal) = guard.refusal(given) {
            return Err(Box::new(SourceError::Refused { path: path_label(given), refusal }));
        }
    }
    let [old, new] = [&args.args[0], &args.args[1]].map(|given| {
        let (tree, path): (Arc<dyn Tree>, PathBuf) = if given.is_dir() {
            (Arc::new(RootedTree::within(given, guard.clone())), PathBuf::from("."))
        } else {
            (Arc::new(guard.clone()), given.clone())
        };
        Side {
            tree,
            paths: vec![path],
            label: path_label(given),
            options: options(include_root.clone()),
            commit: None,
        }
    });
    let changes = (args.args[0].is_dir() && args.args[1].is_dir())
        .then(|| FileChanges::of_folders(old.tree.as_ref(), new.tree.as_ref()).ok())
        .flatten();
    Ok((old, new, changes))
}

/// The guard of two files or folders compared: the project root of the first, or, when nothing
/// marks one (no ladder.yml, no repository), the folder both share.
fn folders_guard(given: &[PathBuf]) -> Result<Guard, Box<dyn miette::Diagnostic + Send + Sync>> {
    let root = ProjectRoot::discover(&given[0])?;
    let mut dir = root.dir().to_path_buf();
    if matches!(root.kind(), RootKind::Given | RootKind::Site) {
        for path in &given[1..] {
            let path = path.canonicalize().unwrap_or_else(|_| absolute(path.clone()));
            while !path.starts_with(&dir) && dir.pop() {}
        }
    }
    Guard::new(&dir).map_err(|error| SourceError::of_io(&dir, &error).into())
}

/// Decides what the arguments compare, and which files differ when that comes cheap.
fn sides(args: &Args, env_base: Option<String>) -> Sides {
    let options = |include_root: Option<PathBuf>| ReadOptions {
        rules: args.rules.clone().map(absolute),
        include_root,
    };
    let range =
        args.args.first().and_then(|first| first.to_str()).filter(|first| {
            first.contains("..") && !Path::new(first).exists() && args.base.is_none()
        });
    if args.no_index || (args.base.is_none() && range.is_none() && two_existing(&args.args)) {
        return folders(args, options);
    }
    // An absolute path names the repository; otherwise it is the one around the current folder.
    let start =
        args.args
            .iter()
            .find(|path| path.is_absolute() && path.exists())
            .map(|path| {
                if path.is_dir() {
                    path.clone()
                } else {
                    path.parent().unwrap_or(path).to_path_buf()
                }
            })
            .unwrap_or_else(|| PathBuf::from("."));
    let repository = Repository::discover(&start)?;
    let include_root = args.include_root.as_deref().map(|root| repository.relative(root));
    let rest: &[PathBuf] = if range.is_some() { &args.args[1..] } else { &args.args };
    let mut paths: Vec<PathBuf> = rest.iter().map(|path| repository.relative(path)).collect();
    // Paths are read at revisions of this repository: none may climb out of it.
    if let Some(outside) =
        paths.iter().position(|path| path.starts_with("..") || path.is_absolute())
    {
        let refusal = crate::source::Refusal::Outside {
            root: repository.root.display().to_string(),
            target: paths[outside].display().to_string(),
        };
        return Err(Box::new(SourceError::Refused { path: path_label(&rest[outside]), refusal }));
    }
    if paths.is_empty() {
        paths.push(repository.relative(Path::new(".")));
    }
    let blobs = BlobCache::default();
    let git_side = |rev: &str, label: String| -> Result<(Side, Arc<GitTree>), GitError> {
        let commit = repository.resolve(rev)?;
        let tree = Arc::new(GitTree::new(&repository, &commit)?.with_cache(blobs.clone()));
        let side = Side {
            tree: tree.clone(),
            paths: paths.clone(),
            label,
            options: options(include_root.clone()),
            commit: repository.commit(&commit).ok(),
        };
        Ok((side, tree))
    };
    if let Some(range) = range {
        let (from, to, symmetric) = match range.split_once("...") {
            Some((from, to)) => (from, to, true),
            None => range.split_once("..").map_or((range, "", false), |(a, b)| (a, b, false)),
        };
        let to = if to.is_empty() { "HEAD" } else { to };
        let from = if from.is_empty() { "HEAD" } else { from };
        let base = if symmetric { repository.merge_base(from, to)? } else { from.to_string() };
        let (old, old_tree) = git_side(&base, from.to_string())?;
        let (new, new_tree) = git_side(to, to.to_string())?;
        let changes = FileChanges::of_commits(&old_tree, &new_tree);
        // Files the same at both commits are read once, for both (the cache is keyed by blob).
        for tree in [&new_tree, &old_tree] {
            let _ = tree.prefetch(markdown(tree, &paths).into_iter());
        }
        return Ok((old, new, Some(changes)));
    }
    let base = args.base.clone().or(env_base).unwrap_or_else(|| "HEAD".into());
    let working = Side {
        tree: Arc::new(RootedTree::new(&repository.root)),
        paths: paths.clone(),
        label: "working tree".into(),
        options: options(include_root.clone()),
        commit: None,
    };
    let (old, old_tree) = git_side(&base, base.clone())?;
    let changes = repository
        .changed_since(old_tree.commit())
        .ok()
        .map(|changed| FileChanges::of_working_tree(&old_tree, changed, working.tree.clone()));
    Ok((old, working, changes))
}

/// The Markdown files a read of `paths` is likely to take from `tree`: level pages under the
/// paths (named by the built-in level vocabulary; others are read when asked for), and includes
/// under folders named `assets`.
fn markdown<'t>(tree: &'t GitTree, paths: &[PathBuf]) -> Vec<&'t Path> {
    let rules = crate::rules::Rules::defaults().ok();
    let is_page = |path: &Path| {
        let stem = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default();
        rules.as_ref().is_none_or(|rules| rules.level(stem).is_some())
    };
    tree.files()
        .map(|(path, _)| path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter(|path| {
            let under =
                paths.iter().any(|given| given == Path::new(".") || path.starts_with(given));
            (under && is_page(path))
                || path.components().any(|part| part.as_os_str() == shortcode::INCLUDE_ROOT)
        })
        .collect()
}

/// Whether the arguments are exactly two paths that exist.
fn two_existing(args: &[PathBuf]) -> bool {
    args.len() == 2 && args.iter().all(|path| path.exists())
}

fn path_label(path: &Path) -> String {
    path.display().to_string()
}

/// A path made absolute against the current folder, so a rooted tree reads it where it is.
fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}
