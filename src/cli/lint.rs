//! `ladder lint`: run the checks, keep what the change adds (baseline, `--new-since`), render the
//! findings to standard output and to each `--output` file, decide the exit status.

use std::io;
use std::path::{Path, PathBuf};

use super::{InputArgs, Io, Status, report_error};
use crate::finding::{Finding, Severity};
use crate::lint::baseline::Baseline;
use crate::lint::{is_input_error, lint_aligning};
use crate::report::{Format, Report, Totals, plural, render};
use crate::source::revisions::{MR_BASE, Revisions};
use crate::source::{ProjectRoot, write_atomic};

/// Arguments of `ladder lint`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Check frameworks for consistency across levels: every item escalates one at the \
level below or is declared new, nothing is copied verbatim upward, scope never shrinks, every level \
has its sections and values, and includes resolve.\n\nRun `ladder explain` for the list of checks.\n\n\
In a merge request, report only what the change adds: accept today's findings once with \
--write-baseline and pass --baseline on every run, or compare with the merge request's base with \
--new-since auto.",
    after_help = "Examples:\n  ladder lint fixtures/handbook\n  ladder lint --format json . > findings.json\n  ladder lint --fail-on warning content/handbook/engineering/careers/matrix/support\n  ladder lint --write-baseline .ladder-baseline.json\n  ladder lint --baseline .ladder-baseline.json --output gitlab=gl-code-quality.json --output junit=report.xml\n  ladder lint --new-since auto    (in a GitLab merge request pipeline)"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Also write the report in FORMAT to FILE (repeatable): `gitlab=gl-code-quality.json`.
    #[arg(long = "output", short = 'o', value_name = "FORMAT=FILE", value_parser = parse_output)]
    outputs: Vec<Output>,
    /// Lowest severity that makes the run fail (exit status 1).
    #[arg(long, value_name = "SEVERITY", default_value = "error", value_parser = ["error", "warning", "info"])]
    fail_on: String,
    /// Curated alignment file whose links are taken as explicit [default: ladder.yml's `alignment`].
    #[arg(long, value_name = "FILE")]
    alignment: Option<PathBuf>,
    /// Leave out the findings this baseline file accepts (written by --write-baseline; `-`:
    /// standard input).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write every finding of this run to a baseline file, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "new_since"])]
    write_baseline: Option<PathBuf>,
    /// Apply the edits of mechanical findings (table-of-contents anchors, final periods, malformed
    /// include shortcodes) to the files, each written whole or not at all; the rest is reported.
    #[arg(long)]
    fix: bool,
    /// With --fix: print the edits as a unified diff and change no file.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// Leave out the findings the same check finds at git revision REV (`auto`: the merge
    /// request's base, $CI_MERGE_REQUEST_DIFF_BASE_SHA).
    #[arg(long, value_name = "REV")]
    new_since: Option<String>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// miette diagnostics and a summary.
    Human,
    /// One line per finding (`path:line:col: severity[id] framework/level: message`) and a
    /// summary, for CI logs.
    Short,
    /// One JSON document (docs/json-format.md).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitLab Code Quality report, for merge request widgets.
    Gitlab,
    /// JUnit XML, GitLab's test report.
    Junit,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Short => Format::Short,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Gitlab => Format::Gitlab,
            FormatArg::Junit => Format::Junit,
        }
    }
}

/// One `--output FORMAT=FILE`.
#[derive(Debug, Clone)]
struct Output {
    format: FormatArg,
    file: PathBuf,
}

/// Parses `FORMAT=FILE`.
fn parse_output(text: &str) -> Result<Output, String> {
    let (format, file) = text
        .split_once('=')
        .filter(|(_, file)| !file.is_empty())
        .ok_or_else(|| format!("`{text}` is not FORMAT=FILE (say gitlab=gl-code-quality.json)"))?;
    let format = <FormatArg as clap::ValueEnum>::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}`: use human, short, json, sarif, gitlab or junit")
    })?;
    Ok(Output { format, file: PathBuf::from(file) })
}

/// Runs `ladder lint`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let root = match args.input.root() {
        Ok(root) => root,
        Err(error) => return failed(&args, io, &error),
    };
    if io.verbose {
        writeln!(io.err, "ladder: project root {} ({})", root.dir().display(), root.kind())?;
    }
    let loaded = match args.input.load_in(&root, io)? {
        Ok(loaded) => loaded,
        Err(status) => return empty_outputs(&args.outputs, io).map(|()| status),
    };
    let curated = match super::align::load_curated(args.alignment.as_deref(), &loaded, &root, io)? {
        Ok(curated) => curated,
        Err(status) => return empty_outputs(&args.outputs, io).map(|()| status),
    };
    let (alignment, mut findings) = lint_aligning(&loaded.workspace, &loaded.rules, || {
        crate::align::align_with(&loaded.workspace, &loaded.rules, curated.as_ref())
    });
    if let Some(file) = &args.write_baseline {
        return write_baseline(file, &findings, io);
    }
    let mut accepted = 0;
    if let Some(file) = &args.baseline {
        match read_baseline(file) {
            Ok(baseline) => accepted += baseline.filter(&mut findings),
            Err(error) => return failed(&args, io, error.as_ref()),
        }
    }
    if let Some(rev) = &args.new_since {
        match findings_since(rev, &root, &args, curated.as_ref()) {
            Ok(before) => accepted += Baseline::of(&before).filter(&mut findings),
            Err(error) => return failed(&args, io, error.as_ref()),
        }
    }
    if args.fix
        && let Some(status) = fix(&root, &mut findings, args.dry_run, io)?
    {
        return Ok(status);
    }
    let report = Report {
        findings: &findings,
        notes: &loaded.workspace.notes,
        totals: Totals::of(&loaded.workspace),
    };
    render(args.format.into(), &report, io.out, io.color)?;
    if !write_outputs(&args.outputs, &report, io)? {
        return Ok(Status::Error);
    }
    if !io.quiet {
        summary(&report, accepted, matches!(args.format, FormatArg::Human | FormatArg::Short), io)?;
    }
    let fail_on: Severity = args.fail_on.parse().unwrap_or(Severity::Error);
    let status = if findings.iter().any(is_input_error) {
        Status::Error
    } else if findings.iter().any(|finding| finding.severity >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    };
    // The run ends here: what was read, aligned and found is left for the process's exit to
    // free, not freed piece by piece on the main thread while no other work is left (about
    // 0.4 ms of a run over the GitLab corpus).
    std::mem::forget((loaded, curated, alignment, findings));
    Ok(status)
}

/// Applies the mechanical fixes, drops the findings they fix, and says what changed; with
/// `dry_run`, prints the patch instead and returns the exit status (1 when there is one).
fn fix(
    root: &ProjectRoot,
    findings: &mut Vec<Finding>,
    dry_run: bool,
    io: &mut Io<'_>,
) -> io::Result<Option<Status>> {
    let (fixes, fixed) = crate::fix::plan(findings);
    let counts = format!("{} in {}", plural(fixed.len(), "finding"), plural(fixes.len(), "file"));
    if dry_run {
        crate::fix::unified_diff(&fixes, io.out)?;
        if !io.quiet {
            writeln!(io.err, "ladder: --fix would fix {counts}")?;
        }
        return Ok(Some(if fixes.is_empty() { Status::Clean } else { Status::Findings }));
    }
    for fix in &fixes {
        let path = root.absolute(Path::new(fix.file.path()));
        if let Err(error) = write_atomic(&path, fix.text.as_bytes()) {
            writeln!(io.err, "ladder: cannot write {}: {error}", fix.file.path())?;
            return Ok(Some(Status::Error));
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        fixed.binary_search(&(index - 1)).is_err()
    });
    if !io.quiet && !fixes.is_empty() {
        writeln!(io.err, "ladder: fixed {counts}")?;
    }
    Ok(None)
}

/// The findings of the same run at `rev` (`auto`: the merge request's base).
fn findings_since(
    rev: &str,
    root: &ProjectRoot,
    args: &Args,
    curated: Option<&crate::align::Curated>,
) -> Result<Vec<Finding>, Problem> {
    let rev = if rev == "auto" {
        std::env::var(MR_BASE)
            .ok()
            .filter(|base| !base.trim().is_empty())
            .ok_or_else(|| boxed(NoBase))?
    } else {
        rev.to_string()
    };
    let paths = args.input.relative_paths(root).map_err(boxed)?;
    let side = Revisions::at_root(root, &rev, &paths).map_err(boxed)?;
    let options = args.input.options(root);
    Ok(crate::lint::since::findings_at(side, &options, curated))
}

/// An input error of any kind, reported as it is.
type Problem = Box<dyn miette::Diagnostic + Send + Sync>;

fn boxed(error: impl miette::Diagnostic + Send + Sync + 'static) -> Problem {
    Box::new(error)
}

/// `--new-since auto` outside a merge request pipeline.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("--new-since auto: ${MR_BASE} is not set (this is not a merge request pipeline)")]
#[diagnostic(
    code(ladder::lint::no_base),
    help("give a revision (`--new-since origin/main`), or run in a merge request pipeline")
)]
struct NoBase;

/// Reads a baseline file given on the command line (`-`: standard input).
fn read_baseline(file: &Path) -> Result<Baseline, Problem> {
    let shown = file.display().to_string();
    let read = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(file)
    };
    let bytes = read.map_err(|error| {
        let error = match error.kind() {
            io::ErrorKind::NotFound => crate::source::SourceError::Missing { path: shown.clone() },
            _ => crate::source::SourceError::Io { path: shown.clone(), message: error.to_string() },
        };
        boxed(error)
    })?;
    let file = std::sync::Arc::new(crate::source::decode(&shown, bytes).map_err(boxed)?);
    Baseline::parse(&file).map_err(boxed)
}

/// Writes every finding to a baseline file.
fn write_baseline(file: &Path, findings: &[Finding], io: &mut Io<'_>) -> io::Result<Status> {
    let mut text = Vec::new();
    Baseline::write(findings, &mut text)?;
    if let Err(error) = write_atomic(file, &text) {
        writeln!(io.err, "ladder: cannot write {}: {error}", file.display())?;
        return Ok(Status::Error);
    }
    let count = plural(findings.len(), "finding");
    writeln!(io.err, "ladder: wrote a baseline of {count} to {}", file.display())?;
    Ok(Status::Clean)
}

/// Reports an input error, leaves each report file valid and empty, and exits 2.
fn failed(args: &Args, io: &mut Io<'_>, error: &dyn miette::Diagnostic) -> io::Result<Status> {
    report_error(io, error)?;
    empty_outputs(&args.outputs, io)?;
    Ok(Status::Error)
}

/// Writes each report file with no findings, so a CI job that reads them after an input error
/// finds valid files (the exit status tells the error).
fn empty_outputs(outputs: &[Output], io: &mut Io<'_>) -> io::Result<()> {
    let report = Report { findings: &[], notes: &[], totals: Totals::default() };
    write_outputs(outputs, &report, io).map(|_| ())
}

/// Writes the report to each `--output` file; false when one could not be written.
fn write_outputs(outputs: &[Output], report: &Report<'_>, io: &mut Io<'_>) -> io::Result<bool> {
    let mut all = true;
    for output in outputs {
        let mut text = Vec::new();
        render(output.format.into(), report, &mut text, false)?;
        if let Err(error) = write_atomic(&output.file, &text) {
            writeln!(io.err, "ladder: cannot write {}: {error}", output.file.display())?;
            all = false;
        }
    }
    Ok(all)
}

/// One line on standard error: what was found, and what was accepted. The human and short reports end
/// with their own count, so after them only what the baseline left out is said.
fn summary(report: &Report<'_>, accepted: usize, human: bool, io: &mut Io<'_>) -> io::Result<()> {
    // Standard output is buffered when it is no terminal: the report goes out before the
    // summary, so a job log holding both shows them in that order.
    io.out.flush()?;
    if human {
        if accepted > 0 {
            let left_out = plural(accepted, "finding");
            writeln!(io.err, "ladder: {left_out} already there left out (baseline)")?;
        }
        return Ok(());
    }
    let files: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|finding| finding.primary.path()).collect();
    let mut line = format!(
        "ladder: {} in {}",
        crate::report::human::counts(report),
        plural(files.len(), "file")
    );
    if accepted > 0 {
        line.push_str(&format!("; {} already there left out", plural(accepted, "finding")));
    }
    writeln!(io.err, "{line}")
}
