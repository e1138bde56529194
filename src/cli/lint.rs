//! `ladder lint`: run the checks, render the findings, decide the exit status.

use std::io;

use super::{InputArgs, Io, Status};
use crate::finding::Severity;
use crate::lint::{Context, is_input_error, lint};
use crate::report::{Format, Report, Totals, render};

/// Arguments of `ladder lint`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Check frameworks for consistency across levels: every item escalates one at the \
level below or is declared new, nothing is copied verbatim upward, scope never shrinks, every level \
has its sections and values, and includes resolve.\n\nRun `ladder explain` for the list of checks.",
    after_help = "Examples:\n  ladder lint fixtures/handbook\n  ladder lint --format json . > findings.json\n  ladder lint --fail-on warning content/handbook/engineering/careers/matrix/support"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Lowest severity that makes the run fail (exit status 1).
    #[arg(long, value_name = "SEVERITY", default_value = "error", value_parser = ["error", "warning", "info"])]
    fail_on: String,
    /// Curated alignment file whose links are taken as explicit [default: ladder.yml's `alignment`].
    #[arg(long, value_name = "FILE")]
    alignment: Option<std::path::PathBuf>,
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
}

/// Runs `ladder lint`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let root = match args.input.root() {
        Ok(root) => root,
        Err(error) => {
            super::report_error(io, &error)?;
            return Ok(Status::Error);
        }
    };
    let loaded = match args.input.load_in(&root, io)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    let curated = match super::align::load_curated(args.alignment.as_deref(), &loaded, &root, io)? {
        Ok(curated) => curated,
        Err(status) => return Ok(status),
    };
    let alignment = crate::align::align_with(&loaded.workspace, &loaded.rules, curated.as_ref());
    let context =
        Context { workspace: &loaded.workspace, rules: &loaded.rules, alignment: &alignment };
    let findings = lint(&context);
    let report = Report {
        findings: &findings,
        notes: &loaded.workspace.notes,
        totals: Totals::of(&loaded.workspace),
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Gitlab => Format::Gitlab,
    };
    render(format, &report, io.out, io.color)?;
    let fail_on: Severity = args.fail_on.parse().unwrap_or(Severity::Error);
    Ok(if findings.iter().any(is_input_error) {
        Status::Error
    } else if findings.iter().any(|finding| finding.severity >= fail_on) {
        Status::Findings
    } else {
        Status::Clean
    })
}
