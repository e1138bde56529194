//! `ladder completions SHELL` and `ladder man`: shell completions and the man page, generated
//! from the same clap definitions as `--help`, so they never drift from the real options.

use std::io;

use clap::CommandFactory;

use super::{Cli, Io, Status};

/// Arguments of `ladder completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ladder completions bash > ~/.local/share/bash-completion/completions/ladder\n  ladder completions zsh > \"${fpath[1]}/_ladder\"\n  ladder completions fish > ~/.config/fish/completions/ladder.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Arguments of `ladder man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  ladder man > ~/.local/share/man/man1/ladder.1 && man ladder")]
pub struct ManArgs {}

/// Writes the completion script for a shell to standard output.
pub fn completions(args: CompletionsArgs, io: &mut Io<'_>) -> io::Result<Status> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "ladder", io.out);
    Ok(Status::Clean)
}

/// Writes the man page (roff) of ladder and its subcommands to standard output.
pub fn man(_: ManArgs, io: &mut Io<'_>) -> io::Result<Status> {
    let command = Cli::command();
    clap_mangen::Man::new(command.clone()).render(io.out)?;
    // Each subcommand's options as a section of the one page.
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let title = format!("ladder-{}", sub.get_name());
        let sub = sub.clone().version(env!("CARGO_PKG_VERSION"));
        clap_mangen::Man::new(sub).title(title).render(io.out)?;
    }
    Ok(Status::Clean)
}
