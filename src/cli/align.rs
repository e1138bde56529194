//! `ladder align`: show how items link across adjacent levels, draft the curated alignment file,
//! or measure alignment against hand-labelled escalations.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{InputArgs, Io, Status, report_error};
use crate::align::{Curated, align_with, curated, eval};
use crate::read::Loaded;
use crate::report::chains;
use crate::source::{ProjectRoot, SourceError, SourceFile};

/// Arguments of `ladder align`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Show how each item grows level by level: chains per framework and section, \
following confident and explicit links upward. Items that link to nothing for sure start a chain: \
new at their level (nothing below resembles them), declared new, or uncertain with their top \
candidates and scores.\n\nWith --write, draft the curated alignment file (docs/alignment.md) for \
maintainers to review; `ladder lint` then takes its links as explicit and follows them through \
rewordings. With --update, rewrite that file in today's wording, its decisions kept. With --eval, \
measure the alignment against hand-labelled escalations (--misses lists what it got wrong).",
    after_help = "Examples:\n  ladder align fixtures/handbook\n  ladder align --write alignment.yml content/handbook/engineering/careers/matrix/support\n  ladder align --update alignment.yml content/handbook/engineering/careers/matrix/support\n  ladder align --eval fixtures/alignment-labels ../shared/corpus/gitlab-handbook"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Write a draft curated alignment file to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Rewrite the curated alignment FILE: its decisions kept (followed through rewordings),
    /// today's wording written, new items added undecided, entries that match nothing dropped.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["write", "alignment"])]
    update: Option<PathBuf>,
    /// Take links from this curated alignment file [default: ladder.yml's `alignment`].
    #[arg(long, value_name = "FILE")]
    alignment: Option<PathBuf>,
    /// Measure alignment against the labels in FILE or in every .yml of a folder.
    #[arg(long, value_name = "LABELS", conflicts_with_all = ["write", "update"])]
    eval: Option<PathBuf>,
    /// With --eval, also list every labelled item the alignment got wrong.
    #[arg(long, requires = "eval")]
    misses: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// Chains as text.
    Human,
    /// Links and chains as one JSON document.
    Json,
}

/// Runs `ladder align`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let root = match args.input.root() {
        Ok(root) => root,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let loaded = match args.input.load_in(&root, io)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    if let Some(labels) = &args.eval {
        return run_eval(labels, args.misses, &loaded, io);
    }
    let from = args.update.as_deref().or(args.alignment.as_deref());
    let curated = match load_curated(from, &loaded, &root, io)? {
        Ok(curated) => curated,
        Err(status) => return Ok(status),
    };
    let alignment = align_with(&loaded.workspace, &loaded.rules, curated.as_ref());
    if let Some(target) = args.update.as_deref().or(args.write.as_deref()) {
        let kept = args.update.as_ref().and(curated.as_ref());
        if kept.is_some() {
            report_update(&alignment, io)?;
        }
        return write_draft(target, &loaded, &alignment, kept, io);
    }
    match args.format {
        FormatArg::Human => chains::human::render(&loaded.workspace, &alignment, io.out)?,
        FormatArg::Json => chains::json::render(&loaded.workspace, &alignment, io.out)?,
    }
    Ok(Status::Clean)
}

/// Writes the draft (or the updated file) to `target`, `-` being standard output.
fn write_draft(
    target: &Path,
    loaded: &Loaded,
    alignment: &crate::align::Alignment,
    kept: Option<&Curated>,
    io: &mut Io<'_>,
) -> io::Result<Status> {
    let mut text = Vec::new();
    curated::draft(&loaded.workspace, alignment, kept, &mut text)?;
    if target == Path::new("-") {
        io.out.write_all(&text)?;
    } else if let Err(error) = std::fs::write(target, text) {
        writeln!(io.err, "ladder: cannot write {}: {error}", target.display())?;
        return Ok(Status::Error);
    } else {
        writeln!(io.err, "ladder: wrote {}", target.display())?;
    }
    Ok(Status::Clean)
}

/// Tells what an update does to the file beyond today's wording: entries it drops.
fn report_update(alignment: &crate::align::Alignment, io: &mut Io<'_>) -> io::Result<()> {
    let reworded = alignment.stale.iter().filter(|stale| stale.now.is_some()).count();
    let gone = alignment.stale.len() - reworded;
    let entries =
        |count: usize| if count == 1 { "1 entry".to_string() } else { format!("{count} entries") };
    if reworded > 0 {
        writeln!(io.err, "ladder: {} followed to today's wording", entries(reworded))?;
    }
    if gone > 0 {
        writeln!(
            io.err,
            "ladder: {} matching no item any more dropped (`ladder lint` before the update shows them)",
            entries(gone)
        )?;
    }
    Ok(())
}

/// Reads the labels, aligns without any curated file, and prints the figures.
fn run_eval(labels: &Path, misses: bool, loaded: &Loaded, io: &mut Io<'_>) -> io::Result<Status> {
    let files = match label_files(labels) {
        Ok(files) => files,
        Err(error) => {
            writeln!(io.err, "ladder: cannot read labels {}: {error}", labels.display())?;
            return Ok(Status::Error);
        }
    };
    let alignment = crate::align::align(&loaded.workspace, &loaded.rules);
    let mut results = Vec::new();
    for path in files {
        let file = match read_source(&path) {
            Ok(file) => file,
            Err(error) => {
                report_error(io, &error)?;
                return Ok(Status::Error);
            }
        };
        let parsed = match eval::parse_labels(&file) {
            Ok(parsed) => parsed,
            Err(error) => {
                report_error(io, &error)?;
                return Ok(Status::Error);
            }
        };
        match eval::evaluate(&loaded.workspace, &alignment, &parsed) {
            Ok(result) => results.push(result),
            Err(message) => {
                writeln!(io.err, "ladder: {}: {message}", path.display())?;
                return Ok(Status::Error);
            }
        }
    }
    eval::render(&results, io.out)?;
    if misses {
        eval::render_misses(&results, io.out)?;
    }
    Ok(Status::Clean)
}

/// The labels files: the file given, or every `.yml` of the folder given, sorted.
fn label_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml" || ext == "yaml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one file given on the command line as checked text.
fn read_source(path: &Path) -> Result<Arc<SourceFile>, SourceError> {
    read_as(path, path)
}

/// Reads the file at `full`, named `shown` in what ladder reports.
fn read_as(shown: &Path, full: &Path) -> Result<Arc<SourceFile>, SourceError> {
    // Regular files only, within the size limit: never a FIFO or a device.
    let bytes = match crate::source::Tree::read(&crate::source::FsTree, full) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(SourceError::Missing { path: shown.display().to_string() }),
        Err(error) => return Err(SourceError::of_io(shown, &error)),
    };
    let shown = shown.display().to_string();
    Ok(Arc::new(crate::source::decode(&shown, bytes)?))
}

/// The curated alignment file from `--alignment` or ladder.yml's `alignment`, when there is one;
/// `Err(status)` when it is given but unreadable (reported to standard error).
pub(crate) fn load_curated(
    flag: Option<&Path>,
    loaded: &Loaded,
    root: &ProjectRoot,
    io: &mut Io<'_>,
) -> io::Result<Result<Option<Curated>, Status>> {
    let configured = loaded.config.as_ref().and_then(crate::config::Config::alignment);
    // Named relative to the root in findings, like every other file.
    let Some(path) = flag.map(|flag| root.relative_lenient(flag)).or(configured) else {
        return Ok(Ok(None));
    };
    let file = match read_as(&path, &root.absolute(&path)) {
        Ok(file) => file,
        Err(error) => {
            report_error(io, &error)?;
            return Ok(Err(Status::Error));
        }
    };
    match Curated::parse(file) {
        Ok(curated) => Ok(Ok(Some(curated))),
        Err(error) => {
            report_error(io, &error)?;
            Ok(Err(Status::Error))
        }
    }
}
