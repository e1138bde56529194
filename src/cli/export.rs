//! `ladder export`: write every framework read as ladder's YAML format.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{InputArgs, Io, Status};
use crate::model::Framework;

/// Arguments of `ladder export`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Write every framework read (handbook Markdown pages or YAML) as ladder's YAML \
format (docs/yaml-format.md): one YAML document per framework, keeping item ids, `escalates` links \
and `new` declarations. Reading the output back with ladder gives the same frameworks.",
    after_help = "Examples:\n  ladder export fixtures/handbook > platform.ladder.yml\n  ladder export --output frameworks.ladder.yml content/handbook/engineering/careers\n  ladder export --out-dir frameworks/ content/handbook/engineering/careers"
)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// File to write, `-` for standard output [default: -]
    #[arg(long, short, value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Folder to write one `<framework id>.ladder.yml` file per framework into (created if needed).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

/// Runs `ladder export`.
pub fn run(args: Args, io: &mut Io<'_>) -> io::Result<Status> {
    let loaded = match args.input.load(io)? {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    for note in &loaded.workspace.notes {
        writeln!(io.err, "ladder: note: {}: {}", note.path, note.message)?;
    }
    let frameworks: Vec<&Framework> = loaded.workspace.frameworks.iter().collect();
    let written = match (&args.out_dir, &args.output) {
        (Some(dir), _) => to_folder(dir, &frameworks),
        (None, Some(file)) if file != Path::new("-") => to_file(file, &frameworks),
        _ => return crate::export::write(&frameworks, io.out).map(|()| Status::Clean),
    };
    match written {
        Ok(paths) => {
            for path in paths {
                writeln!(io.err, "ladder: wrote {}", path.display())?;
            }
            Ok(Status::Clean)
        }
        Err((path, error)) => {
            writeln!(io.err, "ladder: cannot write {}: {error}", path.display())?;
            Ok(Status::Error)
        }
    }
}

/// A path that could not be written, and why.
type WriteFailure = (PathBuf, io::Error);

fn to_file(path: &Path, frameworks: &[&Framework]) -> Result<Vec<PathBuf>, WriteFailure> {
    let fail = |error| (path.to_path_buf(), error);
    let mut file = io::BufWriter::new(std::fs::File::create(path).map_err(fail)?);
    crate::export::write(frameworks, &mut file).map_err(fail)?;
    file.flush().map_err(fail)?;
    Ok(vec![path.to_path_buf()])
}

fn to_folder(dir: &Path, frameworks: &[&Framework]) -> Result<Vec<PathBuf>, WriteFailure> {
    std::fs::create_dir_all(dir).map_err(|error| (dir.to_path_buf(), error))?;
    let mut written: Vec<PathBuf> = Vec::new();
    for framework in frameworks {
        let path = dir.join(crate::export::file_name(framework));
        // Two frameworks whose ids differ only in characters a file name cannot hold.
        if written.contains(&path) {
            let clash = io::Error::other(format!(
                "two frameworks export to this file; the second is `{}`",
                framework.id
            ));
            return Err((path, clash));
        }
        to_file(&path, &[framework])?;
        written.push(path);
    }
    Ok(written)
}
