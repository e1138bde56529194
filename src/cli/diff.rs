//! `ladder diff`: read two revisions (files, folders, git revisions, or a revision and the
//! working tree), compare their models, render the changes, decide the exit status.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Io, Status, report_error};
use crate::diff::read::{Compared, NotCompared, compare_revisions};
use crate::read::{Loaded, ReadError, ReadOptions};
use crate::report::changes::{Format, Options, render};
use crate::source::revisions::{MR_BASE, Request};
use crate::source::{FsTree, SourceError, Tree};

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

/// Runs `ladder diff`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let request = Request {
        args: args.args.clone(),
        base: args.base.clone(),
        no_index: args.no_index,
        env_base: std::env::var(MR_BASE).ok().filter(|base| !base.trim().is_empty()),
        include_root: args.include_root.clone(),
    };
    let options = ReadOptions { rules: args.rules.clone().map(absolute), include_root: None };
    let Compared { diff, after, old, new } = match compare_revisions(&request, &options) {
        Ok(compared) => compared,
        Err(NotCompared::Revisions(error)) => {
            report_error(io, error.as_ref())?;
            return Ok(Status::Error);
        }
        Err(NotCompared::Unread(label)) => {
            writeln!(io.err, "ladder: reading {label} failed")?;
            return Ok(Status::Error);
        }
        Err(NotCompared::Inputs(errors)) => {
            for error in &errors {
                report_error(io, error)?;
            }
            let errors = match errors.len() {
                1 => "1 input error".to_string(),
                count => format!("{count} input errors"),
            };
            writeln!(io.err, "ladder: {errors}; nothing was compared")?;
            return Ok(Status::Error);
        }
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    let curated = match curated_decisions(args.alignment.as_deref(), &after, new.tree.as_ref()) {
        Ok(curated) => curated,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let options = Options {
        old: old.label,
        new: new.label,
        cosmetic: args.cosmetic,
        color: io.color,
        curated,
        old_commit: old.commit,
        new_commit: new.commit,
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

/// A path made absolute against the current folder, so a rooted tree reads it where it is.
fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}
