//! Arguments every reading subcommand shares, and reading with input errors reported.

use std::path::{Path, PathBuf};

use super::{Io, Status, report_error};
use crate::read::{Loaded, ReadOptions};
use crate::source::{FsTree, Overlay, ProjectRoot, RootError};

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
    /// With `-` as the path: the page whose text standard input gives, read in place of the file
    /// and checked with the framework it belongs to (the levels of its folder), as editors use it.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

/// `-` without `--stdin-filename`: the text has no page to stand for.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`-` reads a page from standard input, but which page it is was not said")]
#[diagnostic(
    code(ladder::input::stdin),
    help("name it: `ladder lint --stdin-filename content/team/senior.md -`")
)]
struct NoStdinName;

impl InputArgs {
    /// The project root the paths settle (from the first, or the current folder).
    pub fn root(&self) -> Result<ProjectRoot, RootError> {
        let given = self.given();
        ProjectRoot::discover(given.first().map_or(Path::new("."), PathBuf::as_path))
    }

    /// The paths as given, `-` standing for the framework of the `--stdin-filename` page (its
    /// folder: the page is checked against the levels beside it).
    fn given(&self) -> Vec<PathBuf> {
        self.paths
            .iter()
            .map(|path| match &self.stdin_filename {
                Some(name) if path == Path::new("-") => match name.parent() {
                    Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
                    _ => PathBuf::from("."),
                },
                _ => path.clone(),
            })
            .collect()
    }

    /// Whether a path of standard input is read.
    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|path| path == Path::new("-"))
    }

    /// Reads the paths from the working tree under their project root; reports every input error
    /// to standard error. `Err(status)` when any input was unreadable.
    pub fn load(&self, io: &mut Io<'_>) -> std::io::Result<Result<Loaded, Status>> {
        match self.root() {
            Ok(root) => self.load_in(&root, io),
            Err(error) => {
                report_error(io, &error)?;
                Ok(Err(Status::Error))
            }
        }
    }

    /// The paths given (`.` when none), relative to `root`.
    pub fn relative_paths(&self, root: &ProjectRoot) -> Result<Vec<PathBuf>, RootError> {
        if self.paths.is_empty() {
            return Ok(vec![root.relative(Path::new("."))?]);
        }
        self.given().iter().map(|path| root.relative(path)).collect()
    }

    /// The read options, their folders relative to `root`.
    pub fn options(&self, root: &ProjectRoot) -> ReadOptions {
        ReadOptions {
            rules: self.rules.as_deref().map(|dir| root.relative_lenient(dir)),
            include_root: self.include_root.as_deref().map(|dir| root.relative_lenient(dir)),
        }
    }

    /// Reads the paths from the working tree under `root`, every path made relative to it so
    /// that what is reported is the same from any folder; input errors reported.
    pub fn load_in(
        &self,
        root: &ProjectRoot,
        io: &mut Io<'_>,
    ) -> std::io::Result<Result<Loaded, Status>> {
        if self.reads_stdin() && self.stdin_filename.is_none() {
            report_error(io, &NoStdinName)?;
            return Ok(Err(Status::Error));
        }
        // A path that does not exist is named as typed, not as the root would name it.
        if let Some(missing) =
            self.paths.iter().find(|path| *path != Path::new("-") && !path.exists())
        {
            let error = crate::read::ReadError::NoSuchPath { path: missing.display().to_string() };
            report_error(io, &error)?;
            writeln!(io.err, "ladder: 1 input error; nothing was checked")?;
            return Ok(Err(Status::Error));
        }
        let paths = match self.relative_paths(root) {
            Ok(paths) => paths,
            Err(error) => {
                report_error(io, &error)?;
                return Ok(Err(Status::Error));
            }
        };
        let options = self.options(root);
        // Folders named on the command line are the invoker's choice, trusted as they are; the
        // rest of what is read stays inside the root.
        let tree = options
            .rules
            .iter()
            .chain(&options.include_root)
            .fold(root.tree(), |tree, dir| tree.also(&root.absolute(dir)));
        let loaded = match (&self.stdin_filename, self.reads_stdin()) {
            (Some(name), true) => {
                let mut text = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut text)?;
                let page = root.relative_lenient(name);
                let tree = Overlay::new(tree, &page, text);
                crate::read::load(Box::new(tree), &paths, &options)
            }
            _ => crate::read::load(Box::new(tree), &paths, &options),
        };
        if loaded.errors.is_empty() {
            return Ok(Ok(loaded));
        }
        for error in &loaded.errors {
            report_error(io, error)?;
        }
        let count = loaded.errors.len();
        let errors =
            if count == 1 { "1 input error".to_string() } else { format!("{count} input errors") };
        writeln!(io.err, "ladder: {errors}; nothing was checked")?;
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
