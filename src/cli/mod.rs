//! The command line: clap arguments, one short module per subcommand, and the exit status.
//! Nothing here knows how frameworks are read or checked; it calls the library.

mod align;
mod compare;
mod diff;
mod explain;
mod export;
mod input;
mod lint;
mod notes;
mod shell;
mod test_rules;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::escape::Escaping;

pub use input::InputArgs;

/// Exit status: 0 clean, 1 findings (or changes with `--exit-code`), 2 usage or input error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing at the failing severity.
    Clean = 0,
    /// Findings at or above the failing severity.
    Findings = 1,
    /// Bad usage or unreadable input.
    Error = 2,
}

/// Where a subcommand writes, and whether it may colour.
pub struct Io<'a> {
    /// `-q`: nothing on standard error but errors (no summary, no notes).
    pub quiet: bool,
    /// `-v`: also say what was read and from where (the project root).
    pub verbose: bool,
    /// Standard output: the product (reports, diffs, exports).
    pub out: &'a mut dyn Write,
    /// Standard error: input errors and notes.
    pub err: &'a mut dyn Write,
    /// Whether to colour standard output.
    pub color: bool,
    /// Whether to colour standard error.
    pub color_err: bool,
}

#[derive(Debug, Parser)]
#[command(
    name = "ladder",
    version,
    about = "Check, diff and compare career frameworks kept in a handbook",
    long_about = "ladder reads career frameworks (handbook Markdown pages with Hugo includes, or \
ladder's YAML format) into one model of levels, sections, groups and items, then:\n\n  \
lint     checks consistency across levels (run it in CI on every merge request)\n  \
align    shows how each item grows from the level below\n  \
diff     reports what changed between two revisions, item by item\n  \
compare  shows levels side by side, or two frameworks at one level\n  \
notes    writes release notes from the history, commit by commit\n  \
explain  tells what a check does and how to fix its findings\n  \
export   writes any framework it reads as ladder YAML\n  \
test-rules  checks the declarative rules of rules/lint/ against their own cases",
    after_help = "Exit status: 0 clean, 1 findings, 2 usage or input error.\n\
Colour is used only on a terminal, and never when NO_COLOR is set.",
    propagate_version = true
)]
struct Cli {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    /// Print nothing on standard error but errors (no summary line, no notes).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what was read and from where (the project root) on standard error.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check frameworks for consistency across levels.
    Lint(lint::Args),
    /// Show or write how items link across adjacent levels.
    Align(align::Args),
    /// Semantic diff between two revisions of the frameworks.
    Diff(diff::Args),
    /// Show levels side by side, or two frameworks at one level.
    Compare(compare::Args),
    /// Release notes from the history: what changed, commit by commit.
    Notes(notes::Args),
    /// Explain a check: what it checks, why it matters, an example.
    Explain(explain::Args),
    /// Write frameworks as ladder YAML.
    Export(export::Args),
    /// Check every declarative rule against its own valid and invalid cases.
    TestRules(test_rules::Args),
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff) of ladder and its subcommands.
    Man(shell::ManArgs),
}

/// Runs ladder with the process's arguments and standard streams.
pub fn main() -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let terminal = (stdout.is_terminal(), stderr.is_terminal());
    // Standard output flushes every line; into a file or a pipe, a line per system call is a
    // good part of the time of tens of thousands of findings.
    let mut buffered;
    let mut line_by_line;
    let out: &mut dyn Write = if terminal.0 {
        line_by_line = stdout.lock();
        &mut line_by_line
    } else {
        buffered = io::BufWriter::with_capacity(1 << 16, stdout.lock());
        &mut buffered
    };
    let status = run_as(std::env::args_os(), out, &mut stderr.lock(), terminal, true);
    ExitCode::from(status as u8)
}

/// Makes the main thread one of the worker pool's threads, for a lint, an alignment or notes: it
/// waits in every parallel step anyway (notes make each diff in a scope around the next read),
/// and a pool of its own size beside it leaves three threads runnable on two cores, the idle
/// workers spinning on one core while the main thread works alone on the other. Not for diff,
/// which reads on threads of its own: its jobs would find one worker fewer while the main thread
/// waits for those threads.
fn start_pool() {
    let threads = std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|threads| threads.parse::<usize>().ok())
        .filter(|&threads| threads > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    // Alone in its pool the main thread would run no job another thread gives the pool while it
    // waits for that thread: one worker at least stays beside it.
    if threads >= 2 {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).use_current_thread();
        // A pool already started (never, from `main` before any parallel step) serves as it is.
        let _ = pool.build_global();
    }
}

/// Runs ladder with `args`, writing to `out` and `err`; `terminal` says whether each is one.
pub fn run<I, T>(
    args: I,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: (bool, bool),
) -> Status
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_as(args, out, err, terminal, false)
}

/// [`run`], from the process's own main thread when `main_thread` (which may then join the
/// worker pool: a thread that ends before the process must not).
fn run_as<I, T>(
    args: I,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: (bool, bool),
    main_thread: bool,
) -> Status
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let status = if error.use_stderr() { Status::Error } else { Status::Clean };
            let on_terminal = if error.use_stderr() { terminal.1 } else { terminal.0 };
            let target: &mut dyn Write = if error.use_stderr() { err } else { out };
            let rendered = error.render();
            let _ = if on_terminal && !no_color {
                write!(target, "{}", rendered.ansi())
            } else {
                write!(target, "{rendered}")
            };
            return status;
        }
    };
    let (color, color_err) = (
        color_wanted(cli.color, terminal.0, no_color),
        color_wanted(cli.color, terminal.1, no_color),
    );
    // Text from the handbook never reaches a terminal as control sequences; an export is YAML
    // data for a file, whose serializer quotes what it must.
    let mut escaped_out;
    let out: &mut dyn Write = if matches!(cli.command, Command::Export(_)) {
        out
    } else {
        escaped_out = Escaping::new(out, color);
        &mut escaped_out
    };
    if main_thread
        && matches!(cli.command, Command::Lint(_) | Command::Align(_) | Command::Notes(_))
    {
        start_pool();
    }
    let mut escaped_err = Escaping::new(err, color_err);
    let mut io =
        Io { quiet: cli.quiet, verbose: cli.verbose, color, color_err, out, err: &mut escaped_err };
    let result = match cli.command {
        Command::Lint(args) => lint::run(args, &mut io),
        Command::Align(args) => align::run(args, &mut io),
        Command::Diff(args) => diff::run(args, &mut io),
        Command::Compare(args) => compare::run(args, &mut io),
        Command::Notes(args) => notes::run(args, &mut io),
        Command::Explain(args) => explain::run(args, &mut io),
        Command::Export(args) => export::run(args, &mut io),
        Command::TestRules(args) => test_rules::run(args, &mut io),
        Command::Completions(args) => shell::completions(args, &mut io),
        Command::Man(args) => shell::man(args, &mut io),
    };
    let result = result.and_then(|status| io.out.flush().map(|()| status));
    match result {
        Ok(status) => status,
        // A reader that stopped reading (`ladder lint | head`) is not an error, whatever the
        // format (JSON's serializer wraps the pipe's error in its own).
        Err(error) if broken_pipe(&error) => Status::Clean,
        Err(error) => {
            let _ = writeln!(io.err, "ladder: cannot write output: {error}");
            Status::Error
        }
    }
}

/// Whether writing failed because the reader closed the pipe.
fn broken_pipe(error: &io::Error) -> bool {
    let inner = error.get_ref().and_then(|inner| inner.downcast_ref::<serde_json::Error>());
    error.kind() == io::ErrorKind::BrokenPipe
        || inner.and_then(serde_json::Error::io_error_kind) == Some(io::ErrorKind::BrokenPipe)
}

/// Whether to colour a stream: as asked, or on a terminal when NO_COLOR is not set.
fn color_wanted(choice: ColorChoice, on_terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => on_terminal && !no_color,
    }
}

/// Prints a diagnostic to standard error with miette's rendering.
pub(crate) fn report_error(io: &mut Io<'_>, error: &dyn miette::Diagnostic) -> io::Result<()> {
    let mut text = String::new();
    crate::report::human::handler(io.color_err)
        .render_report(&mut text, error)
        .map_err(io::Error::other)?;
    write!(io.err, "{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(color_wanted(ColorChoice::Auto, true, false));
        assert!(!color_wanted(ColorChoice::Auto, true, true));
        assert!(!color_wanted(ColorChoice::Auto, false, false));
        assert!(color_wanted(ColorChoice::Always, false, true));
        assert!(!color_wanted(ColorChoice::Never, true, false));
    }

    #[test]
    fn findings_are_coloured_on_a_terminal() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let fixture =
            concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/checks/includes/invalid-malformed");
        run(["ladder", "lint", "--color", "always", fixture], &mut out, &mut err, (false, false));
        assert!(String::from_utf8_lossy(&out).contains('\u{1b}'));
    }
}
