//! `ladder notes`: release notes over a commit range, in Markdown, JSON or a team's template,
//! printed or prepended to a changelog.

use std::io;
use std::path::{Path, PathBuf};

use super::{Io, Status, report_error};
use crate::notes::{Request, notes, prepend, since_tag};
use crate::read::ReadOptions;
use crate::report::notes::{json, markdown, template};
use crate::source::git::Repository;

/// Arguments of `ladder notes`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Release notes from the history: every commit in the range that touches the \
frameworks (first parents only: one per merge in a merge-request workflow) is compared with its \
parent as `ladder diff` compares two revisions. Changes are grouped by framework, level and kind, \
each with the short id, date and subject of its commit (and its merge request, `!1234`, when the \
message names one). A change to a shared include is told once, with every level it reaches; \
relocated includes and cosmetic edits are summed per commit at the end, and commits with only \
cosmetic edits listed in one line.",
    after_help = "Examples:\n  ladder notes                          (the whole history)\n  \
ladder notes v1.0..HEAD content/handbook/engineering/careers\n  \
ladder notes --since-tag 'careers-*' --prepend CHANGELOG.md\n  \
ladder notes --format json main~50..main\n  \
ladder notes --template notes.md.j2 v1.0..v1.1"
)]
pub struct Args {
    /// A range A..B (A.. up to HEAD), then paths to read [default: the whole history, .]
    #[arg(value_name = "RANGE|PATH")]
    args: Vec<PathBuf>,
    /// Start after the newest tag matching PATTERN (a glob) reachable from the range's end.
    #[arg(long, value_name = "PATTERN", num_args = 0..=1, default_missing_value = "*")]
    since_tag: Option<String>,
    /// Output format (without --template).
    #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
    format: FormatArg,
    /// Render with this minijinja template, over the fields of `--format json`.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    template: Option<PathBuf>,
    /// Write the notes at the top of FILE (created when missing; replaced in one step).
    #[arg(long, value_name = "FILE")]
    prepend: Option<PathBuf>,
    /// A rules folder whose files replace the built-in ones by name, at every commit.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Folder that include shortcodes resolve against, at every commit.
    #[arg(long, value_name = "DIR")]
    include_root: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// For a changelog or a release.
    Markdown,
    /// The whole context, for machines and templates.
    Json,
}

/// Runs `ladder notes`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let range = args
        .args
        .first()
        .and_then(|first| first.to_str())
        .filter(|first| first.contains("..") && !Path::new(first).exists())
        .map(str::to_string);
    let rest: &[PathBuf] = if range.is_some() { &args.args[1..] } else { &args.args };
    // An absolute folder names the repository; otherwise it is the one around the current folder
    // (paths are relative to the current folder, as git takes them).
    let start = rest
        .iter()
        .find(|path| path.is_absolute() && path.is_dir())
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let (mut from, to) = match &range {
        Some(range) => {
            let (from, to) = range.split_once("..").unwrap_or((range, ""));
            let to = if to.is_empty() { "HEAD" } else { to };
            ((!from.is_empty()).then(|| from.to_string()), to.to_string())
        }
        None => (None, "HEAD".to_string()),
    };
    // The range's end is resolved with the repository, in one git run.
    let repository = match Repository::discover_with(&start, &to) {
        Ok(repository) => repository,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    if let Some(pattern) = &args.since_tag {
        match since_tag(&repository, pattern, &to) {
            Ok(tag) => from = Some(tag),
            Err(error) => {
                report_error(io, &error)?;
                return Ok(Status::Error);
            }
        }
    }
    let request = Request {
        from,
        to,
        paths: rest.iter().map(|path| repository.relative(path)).collect(),
        options: ReadOptions {
            rules: args.rules.clone().map(|path| std::path::absolute(&path).unwrap_or(path)),
            include_root: args.include_root.as_deref().map(|root| repository.relative(root)),
        },
    };
    let found = match notes(&repository, &request) {
        Ok(found) => found,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let mut text = Vec::new();
    match &args.template {
        Some(path) => {
            let source = match std::fs::read_to_string(path) {
                Ok(source) => source,
                Err(error) => {
                    writeln!(io.err, "ladder: cannot read template {}: {error}", path.display())?;
                    return Ok(Status::Error);
                }
            };
            if let Err(error) =
                template::render(&found, &path.display().to_string(), &source, &mut text)
            {
                report_error(io, &error)?;
                return Ok(Status::Error);
            }
        }
        None if args.format == FormatArg::Json => json::render(&found, &mut text)?,
        None => markdown::render(&found, &mut text)?,
    }
    match &args.prepend {
        Some(target) => {
            if let Err(error) = prepend(target, &text) {
                writeln!(io.err, "ladder: cannot write {}: {error}", target.display())?;
                return Ok(Status::Error);
            }
            writeln!(io.err, "ladder: notes written at the top of {}", target.display())?;
        }
        None => io.out.write_all(&text)?,
    }
    Ok(Status::Clean)
}
