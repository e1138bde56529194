//! `ladder compare`: one framework's levels side by side, or two frameworks at one level.

use std::io;
use std::path::PathBuf;

use super::{InputArgs, Io, Status, report_error};
use crate::compare::{self, CompareError, Comparison, find_framework, find_level};
use crate::read::Loaded;
use crate::report::compare::{Format, html, human, markdown};
use crate::source::ProjectRoot;

/// Arguments of `ladder compare`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Show a framework's levels side by side: each row follows one expectation up \
the levels along the alignment's chains (see `ladder align`), with the words each level adds to \
the one before highlighted, items new at a level and items that end at a level marked, and \
uncertain links shown as uncertain. Given FRAMEWORK:LEVEL twice, show two frameworks at one \
level, the second's items aligned to the first's.\n\nA framework is named by its id (as \
`ladder lint --format json` shows it, e.g. `support` or `development/dev/backend`), the end of \
its id, or its name.",
    after_help = "Examples:\n  ladder compare support --path content/handbook/engineering/careers\n  \
ladder compare development --from senior --to principal --format markdown\n  \
ladder compare support:staff development:staff\n  \
ladder compare support --format html > support.html"
)]
pub struct Args {
    /// FRAMEWORK, or FRAMEWORK:LEVEL twice to compare two frameworks at one level.
    #[arg(value_name = "FRAMEWORK", required = true, num_args = 1..=2)]
    targets: Vec<String>,
    /// The lowest level shown [default: the framework's lowest].
    #[arg(long, value_name = "LEVEL")]
    from: Option<String>,
    /// The highest level shown [default: the framework's highest].
    #[arg(long, value_name = "LEVEL")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Handbook folders, folders of level pages or YAML frameworks to read [default: .]
    #[arg(long = "path", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// A rules folder whose files replace the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Folder that include shortcodes resolve against.
    #[arg(long, value_name = "DIR")]
    include_root: Option<PathBuf>,
    /// Take links from this curated alignment file [default: ladder.yml's `alignment`].
    #[arg(long, value_name = "FILE")]
    alignment: Option<PathBuf>,
    /// Characters per line of the human format [default: the terminal's width, else 100].
    #[arg(long, value_name = "N")]
    width: Option<usize>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// Columns that fit the terminal.
    Human,
    /// A table per section.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Runs `ladder compare`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let input = InputArgs {
        paths: args.paths.clone(),
        rules: args.rules.clone(),
        include_root: args.include_root.clone(),
        stdin_filename: None,
    };
    let root = match input.root() {
        Ok(root) => root,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let loaded = match input.load_in(&root, io)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    let comparison = match comparison(&args, &loaded, &root, io)? {
        Ok(Ok(comparison)) => comparison,
        Ok(Err(error)) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
        Err(status) => return Ok(status),
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    match format {
        Format::Human => {
            let width = args.width.or_else(terminal_width).unwrap_or(100).max(20);
            human::render(&comparison, &human::Options { width, color: io.color }, io.out)?
        }
        Format::Markdown => markdown::render(&comparison, io.out)?,
        Format::Html => html::render(&comparison, io.out)?,
    }
    Ok(Status::Clean)
}

/// The comparison the arguments ask for; `Err(status)` when the curated file is unreadable.
fn comparison(
    args: &Args,
    loaded: &Loaded,
    root: &ProjectRoot,
    io: &mut Io<'_>,
) -> io::Result<Result<Result<Comparison, CompareError>, Status>> {
    let workspace = &loaded.workspace;
    let parsed: Vec<(&str, Option<&str>)> = args
        .targets
        .iter()
        .map(|target| match target.rsplit_once(':') {
            Some((framework, level)) => (framework, Some(level)),
            None => (target.as_str(), None),
        })
        .collect();
    if let [(a, Some(la)), (b, Some(lb))] = parsed.as_slice() {
        let found = (|| {
            let (a, b) = (find_framework(workspace, a)?, find_framework(workspace, b)?);
            let la = find_level(&workspace.frameworks[a], la)?;
            let lb = find_level(&workspace.frameworks[b], lb)?;
            Ok(compare::across(workspace, &loaded.rules, (a, la), (b, lb)))
        })();
        return Ok(Ok(found));
    }
    if parsed.len() == 2 {
        writeln!(
            io.err,
            "ladder: two frameworks are compared at one level: FRAMEWORK:LEVEL FRAMEWORK:LEVEL"
        )?;
        return Ok(Err(Status::Error));
    }
    let (name, level) = parsed[0];
    let curated = match super::align::load_curated(args.alignment.as_deref(), loaded, root, io)? {
        Ok(curated) => curated,
        Err(status) => return Ok(Err(status)),
    };
    let alignment = crate::align::align_with(workspace, &loaded.rules, curated.as_ref());
    let found = find_framework(workspace, name).and_then(|index| {
        let from = level.or(args.from.as_deref());
        let to = level.or(args.to.as_deref());
        compare::levels(workspace, &alignment, index, from, to)
    });
    Ok(Ok(found))
}

/// The terminal's width, when standard output is one.
fn terminal_width() -> Option<usize> {
    let (terminal_size::Width(width), _) = terminal_size::terminal_size()?;
    Some(usize::from(width))
}
