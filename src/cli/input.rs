//! Arguments every reading subcommand shares, and reading with input errors reported.

use std::path::PathBuf;

use super::{Io, Status, report_error};
use crate::read::{Loaded, ReadOptions};
use crate::source::FsTree;

/// Paths to read and where to find rules and includes.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Handbook folders, folders of level pages, level pages or YAML frameworks [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A rules folder whose files replace the built-in ones by name (over ladder.yml's `rules`).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Folder that include shortcodes resolve against [default: the nearest assets/ above a page].
    #[arg(long, value_name = "DIR")]
    pub include_root: Option<PathBuf>,
}

impl InputArgs {
    /// Reads the paths from the working tree; reports every input error to standard error.
    /// `Err(status)` when any input was unreadable.
    pub fn load(&self, io: &mut Io<'_>) -> std::io::Result<Result<Loaded, Status>> {
        let paths =
            if self.paths.is_empty() { vec![PathBuf::from(".")] } else { self.paths.clone() };
        let options =
            ReadOptions { rules: self.rules.clone(), include_root: self.include_root.clone() };
        let loaded = crate::read::load(Box::new(FsTree), &paths, &options);
        if loaded.errors.is_empty() {
            return Ok(Ok(loaded));
        }
        for error in &loaded.errors {
            report_error(io, error)?;
        }
        writeln!(io.err, "ladder: {} input error(s); nothing was checked", loaded.errors.len())?;
        Ok(Err(Status::Error))
    }
}

/// The declarative rules: built-in, and `DIR/lint/*.yml` over them; errors reported.
pub fn load_rules(
    folder: Option<&std::path::Path>,
    io: &mut Io<'_>,
) -> std::io::Result<Result<Vec<crate::lint::rules::Rule>, Status>> {
    let mut sources = crate::source::SourceMap::new(Box::new(FsTree));
    match crate::lint::rules::load(folder, &mut sources) {
        Ok(rules) => Ok(Ok(rules)),
        Err(error) => {
            report_error(io, &error)?;
            Ok(Err(Status::Error))
        }
    }
}
