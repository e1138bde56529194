//! Arguments every reading subcommand shares, and reading with input errors reported.

use std::path::{Path, PathBuf};

use super::{Io, Status, report_error};
use crate::read::{Loaded, ReadOptions};
use crate::source::{FsTree, Guard, SourceError};

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
        let guard = match guard_for(&paths) {
            Ok(guard) => guard,
            Err(error) => {
                report_error(io, &SourceError::of_io(&paths[0], &error))?;
                return Ok(Err(Status::Error));
            }
        };
        // Folders named on the command line are the invoker's choice, trusted as they are.
        let guard = options
            .rules
            .iter()
            .chain(&options.include_root)
            .fold(guard, |guard, dir| guard.also(dir));
        for path in &paths {
            if let Some(refusal) = guard.refusal(path) {
                let path = path.display().to_string();
                report_error(io, &SourceError::Refused { path, refusal })?;
                return Ok(Err(Status::Error));
            }
        }
        let loaded = crate::read::load(Box::new(guard), &paths, &options);
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

/// The guard of a run: reads stay in the folder of the nearest ladder.yml above the first path,
/// else the top of its git working tree, else the folder the paths share (widened to the
/// handbook holding the nearest `assets/` above the first, where its includes are).
pub(crate) fn guard_for(paths: &[PathBuf]) -> std::io::Result<Guard> {
    let real = |path: &Path| {
        // A path that does not exist is reported by the read; its nearest existing folder
        // stands in for it.
        path.ancestors()
            .find_map(|path| path.canonicalize().ok())
            .map_or_else(|| std::path::absolute(path), Ok)
    };
    let first = real(paths.first().map_or(Path::new("."), PathBuf::as_path))?;
    let folder = if first.is_dir() { first.as_path() } else { first.parent().unwrap_or(&first) };
    let marked = |marker: &str| folder.ancestors().find(|dir| dir.join(marker).exists());
    let marked = marked(crate::config::FILE_NAME).or_else(|| marked(".git"));
    let root = match marked {
        Some(root) => root.to_path_buf(),
        None => {
            let handbook = folder.ancestors().find(|dir| dir.join("assets").is_dir());
            let mut shared = handbook.unwrap_or(folder).to_path_buf();
            for path in paths.iter().skip(1) {
                let path = real(path)?;
                while !path.starts_with(&shared) && shared.pop() {}
            }
            shared
        }
    };
    Guard::new(&root)
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
