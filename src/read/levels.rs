//! Reading again only the level pages a change reaches, into a model read whole before: what
//! `ladder notes` does for each commit of a walk, so that its cost follows the change rather than
//! the size of the handbook. Each level comes out as the whole read would give it (composed,
//! `for=` annotations applied for its framework, links resolved); settings (`ladder.yml`, rules,
//! include root) are settled once and hold while no settings file changes.

use crate::hash::{TextMap, TextSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{ReadError, ReadOptions, Reader, Reuse};
use crate::config::Config;
use crate::model::{IncludeProblem, Level, Workspace};
use crate::rules::Rules;
use crate::source::{SourceMap, Tree};

/// What a read settles before it reads any page (the rules, the include root, the limits), kept
/// in a reader that reads the pages of one commit after another.
pub struct Settled {
    reader: Reader,
    /// The commit of the tree the reader's sources last read, when they read one of a walk.
    held: Option<String>,
}

/// How the tree a walk reads again differs from the one before it.
pub struct Since<'a> {
    /// The commit of the tree before.
    pub before: &'a str,
    /// The commit of the tree read now.
    pub now: &'a str,
    /// The content ids, in the tree before, of the files the commit edits (it adds, removes
    /// and renames none).
    pub edited: &'a [&'a str],
}

impl Settled {
    /// The settings a read of `paths` in `tree` with `options` takes, as [`super::load`] finds
    /// them; `None` when they cannot be read (a whole read reports why).
    pub fn of(tree: Box<dyn Tree>, paths: &[PathBuf], options: &ReadOptions) -> Option<Self> {
        let paths = super::outermost(paths);
        let mut sources = SourceMap::new(tree);
        let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        let config = Config::discover(&start, &mut sources).ok()?;
        let limits = config.as_ref().map(|config| config.settings.limits).unwrap_or_default();
        sources.limit_file_size(limits.file_size);
        let given = options.rules.iter().chain(&options.include_root);
        if given.into_iter().any(|folder| !sources.tree().is_dir(folder)) {
            return None;
        }
        let rules_folder =
            options.rules.clone().or_else(|| config.as_ref().and_then(Config::rules_folder));
        let rules = Rules::load(rules_folder.as_deref(), &mut sources).ok()?;
        let include_root =
            options.include_root.clone().or_else(|| config.as_ref().and_then(Config::include_root));
        let reader = Reader {
            reuse: Arc::default(),
            sources,
            rules,
            block_cache: TextMap::default(),
            generation: 0,
            include_problems: Vec::new(),
            errors: Vec::new(),
            include_root,
            include_roots: TextMap::default(),
            tracks: None,
            limits,
            notes: Vec::new(),
            escalation: Vec::new(),
            parse_ahead: false,
            parsed_ahead: TextMap::default(),
            front_matter_ahead: TextMap::default(),
            known: Default::default(),
        };
        Some(Self { reader, held: None })
    }

    /// The include root given or configured, if any.
    pub fn include_root(&self) -> Option<&Path> {
        self.reader.include_root.as_deref()
    }
}

/// Level pages read again.
pub struct Reread {
    /// Each place (framework, level) of `workspace` whose page was read, with its new level.
    pub levels: Vec<((usize, usize), Level)>,
    /// Include shortcodes the pages could not follow.
    pub include_problems: Vec<IncludeProblem>,
    /// Input errors met (a page's front matter broken): a whole read tells them in its order.
    pub errors: Vec<ReadError>,
}

/// Reads again from `tree` each page of `pages` (paths as the model's spans write them, each with
/// the places it holds in `workspace`: one, or one per track it sits above), each place's level
/// as a whole read would make it.
///
/// The folders and files of `tree` must be those of the tree `settled` was made or last read
/// with (only file contents differ): which include root serves a page is kept. With `since`,
/// when `settled` last read the tree before, the files it read that the commit does not edit
/// are taken as read.
pub fn reread(
    tree: Box<dyn Tree>,
    settled: &mut Settled,
    reuse: Arc<Reuse>,
    workspace: &Workspace,
    pages: &[(&str, &[(usize, usize)])],
    since: Option<&Since<'_>>,
) -> Reread {
    let reader = &mut settled.reader;
    reader.sources = match since {
        Some(since) if settled.held.as_deref() == Some(since.before) => {
            reader.sources.next_edited(tree, since.edited)
        }
        _ => reader.sources.next(tree),
    };
    settled.held = since.map(|since| since.now.to_string());
    reader.sources.limit_file_size(reader.limits.file_size);
    reader.reuse = reuse;
    // The blocks kept are of earlier reads now: taken again only for the same file versions.
    reader.generation += 1;
    // The frameworks' folders, found when a link is first resolved: most levels have none.
    let found = std::cell::OnceCell::new();
    let folders = std::cell::OnceCell::new();
    let folders = || {
        folders.get_or_init(|| {
            let found = found.get_or_init(|| workspace.markdown_folders());
            found.iter().map(PathBuf::as_path).collect::<TextSet<&Path>>()
        })
    };
    let mut known = TextMap::default();
    let mut levels = Vec::new();
    for &(page, places) in pages {
        let Some(&(f, l)) = places.first() else { continue };
        let Some(first) = workspace.frameworks.get(f).and_then(|framework| framework.levels.get(l))
        else {
            continue;
        };
        let level = match reader.read_page(Path::new(page), &first.key, &first.name) {
            Ok(level) => level,
            Err(error) => {
                reader.errors.push(error);
                continue;
            }
        };
        let mut level = Some(level);
        for (at, &(f, l)) in places.iter().enumerate() {
            let Some(framework) = workspace.frameworks.get(f) else { continue };
            // The last place (most pages have one) takes the level read, the others a copy.
            let placed = if at + 1 == places.len() { level.take() } else { level.clone() };
            let Some(mut placed) = placed else { continue };
            placed.below = framework.levels.get(l).and_then(|level| level.below);
            let ours = super::scope_of(framework);
            super::apply_scoped_level(&mut placed, &ours);
            if let Some(read) = placed.page.as_mut() {
                let from = PathBuf::from(read.span.path());
                for link in &mut read.links {
                    link.resolved = reader.resolve(&from, &link.target, folders(), &mut known);
                }
            }
            levels.push(((f, l), placed));
        }
    }
    let include_problems = std::mem::take(&mut reader.include_problems);
    Reread { levels, include_problems, errors: std::mem::take(&mut reader.errors) }
}

/// Whether the file at `path` with `text` is read as a framework of a data format (Monzo's
/// Markdown, FT's YAML, Snowflake's JSON, ladder's YAML) when found under the paths read.
pub fn is_data(path: &Path, text: &str) -> bool {
    super::formats::sniff(path, text).is_some()
}
