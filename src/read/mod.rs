//! Readers: handbook Markdown pages with Hugo includes, and ladder's YAML format, into one
//! [`Workspace`] of frameworks. Discovery finds frameworks when `ladder.yml` names none.

mod blocks;
mod composed;
mod discover;
mod formats;
mod known;
pub mod levels;
pub mod links;
mod page;
mod repair;
pub mod shortcode;
mod tracks;
pub mod yaml;

pub use blocks::anchorize;
pub(crate) use page::{annotation_words, unchanged_level};

use crate::hash::TextMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::{Config, ConfigError};
use crate::model::{Framework, IncludeProblem, Workspace};
use crate::rules::{Rules, RulesError};
use crate::source::{SourceError, SourceFile, SourceMap, Span, Tree};
use crate::yaml::YamlError;

/// Input that could not be read: every one is reported, and the run exits with status 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    /// A file could not be read as text.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    /// A YAML file (framework or ladder.yml) is invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] YamlError),
    /// `ladder.yml` is invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    /// The rules folder is invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] RulesError),
    /// A page's front matter is malformed.
    #[error("{path}:{line}: malformed front matter: {message}")]
    #[diagnostic(
        code(ladder::read::front_matter),
        help("front matter is YAML between two `---` lines at the top of the page")
    )]
    FrontMatter {
        /// The page.
        path: String,
        /// Line of the error.
        line: usize,
        /// What is wrong.
        message: String,
        /// The page's text.
        #[source_code]
        source_code: Arc<SourceFile>,
        /// Where.
        #[label("here")]
        span: miette::SourceSpan,
    },
    /// A file another names (an include) could not be read, or a limit was passed: reported
    /// where it is named.
    #[error("{path}:{line}: {message}")]
    #[diagnostic(code(ladder::read::at))]
    At {
        /// The file that names it.
        path: String,
        /// Line where it is named.
        line: usize,
        /// What happened.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
        /// The naming file's text.
        #[source_code]
        source_code: Arc<SourceFile>,
        /// Where.
        #[label("here")]
        span: miette::SourceSpan,
    },
    /// A path given on the command line does not exist.
    #[error("{path}: no such file or folder")]
    #[diagnostic(
        code(ladder::read::path),
        help("give the handbook folder, a folder of level pages, a page, or a YAML framework")
    )]
    NoSuchPath {
        /// The path as given.
        path: String,
    },
    /// Nothing under the paths given is a framework.
    #[error("no framework found under {paths}")]
    #[diagnostic(
        code(ladder::read::nothing),
        help(
            "ladder reads folders of level pages named by the level vocabulary (senior.md, staff.md, ...), YAML frameworks named *.ladder.yml, Monzo, FT and Snowflake files (told by their content), or the frameworks ladder.yml names"
        )
    )]
    NoFramework {
        /// The paths given.
        paths: String,
    },
}

impl ReadError {
    /// An error at `span` with `message` and a fix.
    pub fn at(span: &Span, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self::At {
            path: crate::report::display_path(span.path()),
            line: span.line,
            message: message.into(),
            help: Some(help.into()),
            source_code: span.file.clone(),
            span: span.source_span(),
        }
    }
}

/// What reading the paths gave: the model, the rules in force, and every input error.
pub struct Loaded {
    /// The frameworks read.
    pub workspace: Workspace,
    /// The rules in force (built-in, or the handbook's own folder over them).
    pub rules: Rules,
    /// `ladder.yml`, when one was found.
    pub config: Option<Config>,
    /// Input errors; reading went on past each.
    pub errors: Vec<ReadError>,
}

/// Options of a read beside the paths.
#[derive(Debug, Default, Clone)]
pub struct ReadOptions {
    /// A rules folder given on the command line (over `ladder.yml`'s).
    pub rules: Option<PathBuf>,
    /// An include root given on the command line (over `ladder.yml`'s and discovery).
    pub include_root: Option<PathBuf>,
}

/// Whether a level page reads the same at another revision, includes and all.
pub type Unchanged = Box<dyn Fn(&Path) -> bool + Send + Sync>;

/// What one read may take from another revision's (`ladder diff` reads two at once): which
/// pages read the same, includes and all, and files parsed already.
#[derive(Default)]
pub struct Reuse {
    /// Level pages it says yes to are listed as levels of their framework, with their page, but
    /// not composed: comparing them would find nothing.
    unchanged: Option<Unchanged>,
    /// Blocks of files parsed by either read, by path; a file is parsed again only when its text
    /// differs.
    parsed: Arc<Mutex<ParsedFiles>>,
    /// Level pages composed by either read, by text: a page the same as one composed before,
    /// includes and all, is not composed again.
    pub(crate) compositions: composed::Compositions,
    /// Whether every level page read differs in text from the others: no composition is then kept,
    /// as none could be taken again.
    pub(crate) distinct_pages: bool,
}

/// Texts of one file kept parsed: the last few, since a walk over history goes back and forth
/// between a file's latest versions.
const PARSED_VERSIONS: usize = 4;

/// A file and its blocks.
type Parsed = (Arc<SourceFile>, Arc<Vec<blocks::Block>>);

/// Versions of files parsed, by path (as the file shows it: a string hashes in a few steps, a
/// `Path` a component at a time) and where their body starts.
type ParsedFiles = TextMap<(String, usize), Vec<Parsed>>;

impl Reuse {
    /// Reuse between two reads, skipping the pages `unchanged` says yes to.
    pub fn new(unchanged: Unchanged) -> Self {
        Self {
            unchanged: Some(unchanged),
            parsed: Arc::default(),
            compositions: Default::default(),
            distinct_pages: false,
        }
    }

    /// Reuse between two other reads, skipping the pages `unchanged` says yes to (when given),
    /// and keeping the files this one parsed: a walk over history parses each text once.
    pub fn next(&self, unchanged: Option<Unchanged>) -> Self {
        Self {
            unchanged,
            parsed: self.parsed.clone(),
            compositions: Default::default(),
            distinct_pages: false,
        }
    }

    /// The same reuse for one read whose level pages all differ in text: no composition is kept,
    /// as none could be taken again.
    pub fn of_distinct_pages(self) -> Self {
        Self { distinct_pages: true, ..self }
    }

    /// Whether the level page at `path` need not be composed.
    pub(crate) fn is_unchanged(&self, path: &Path) -> bool {
        self.unchanged.as_ref().is_some_and(|unchanged| unchanged(path))
    }

    /// [`Self::is_unchanged`] of `path` normalised, normalised only when some page may be
    /// unchanged (a walk's re-reads ask for every page).
    pub(crate) fn is_unchanged_at(&self, path: &Path) -> bool {
        self.unchanged
            .as_ref()
            .is_some_and(|unchanged| unchanged(&crate::source::normalize_path(path)))
    }

    /// The blocks of `file` from `body_start`, parsed once for both reads when its text is the
    /// same in both.
    fn blocks(
        &self,
        file: &Arc<SourceFile>,
        body_start: usize,
        nesting: usize,
    ) -> Arc<Vec<blocks::Block>> {
        let key = (file.path().to_string(), body_start);
        let same = |(known, _): &&Parsed| known.text() == file.text();
        // Else the version parsed last: most of its items are this one's.
        let before = match self.parsed.lock() {
            Ok(parsed) => {
                let versions = parsed.get(&key);
                if let Some((_, found)) = versions.and_then(|known| known.iter().find(same)) {
                    return found.clone();
                }
                versions.and_then(|known| known.last()).cloned()
            }
            Err(_) => None,
        };
        let blocks = match &before {
            Some((before_file, before)) => {
                match blocks::reparse(file, body_start, before_file, before) {
                    Some(blocks) => blocks,
                    None => blocks::parse(file, body_start, nesting, before),
                }
            }
            None => blocks::parse(file, body_start, nesting, &[]),
        };
        let blocks = Arc::new(blocks);
        if let Ok(mut parsed) = self.parsed.lock() {
            let versions = parsed.entry(key).or_default();
            if versions.len() >= PARSED_VERSIONS {
                versions.remove(0);
            }
            versions.push((file.clone(), blocks.clone()));
        }
        blocks
    }
}

/// A file's blocks as a reader keeps them.
pub(crate) struct CachedBlocks {
    /// The file version parsed.
    pub(crate) file: Arc<SourceFile>,
    /// Where its body started.
    pub(crate) body_start: usize,
    /// Its blocks.
    pub(crate) blocks: Arc<Vec<blocks::Block>>,
    /// The read that last took them.
    pub(crate) generation: u64,
}

/// Reading state shared by every file of one revision: sources, parsed blocks, problems.
pub(crate) struct Reader {
    pub(crate) reuse: Arc<Reuse>,
    pub(crate) sources: SourceMap,
    pub(crate) rules: Rules,
    /// Blocks of the files parsed, by path: of this read (see `generation`), or of an earlier
    /// read of the same reader, taken again for the same file version from the same place.
    pub(crate) block_cache: TextMap<String, CachedBlocks>,
    /// Which read of the reader this is (a walk's re-reads count up).
    pub(crate) generation: u64,
    pub(crate) include_problems: Vec<IncludeProblem>,
    pub(crate) errors: Vec<ReadError>,
    pub(crate) include_root: Option<PathBuf>,
    include_roots: TextMap<PathBuf, Option<PathBuf>>,
    /// Track joins `ladder.yml` sets (`None`: found from the layout).
    pub(crate) tracks: Option<Vec<tracks::Join>>,
    /// The limits of the run (ladder.yml's `limits`).
    pub(crate) limits: crate::limits::Limits,
    /// What a reader noticed in a file it read anyway (a Monzo level count that disagrees with
    /// the levels written), said with the workspace's notes.
    pub(crate) notes: Vec<crate::model::Note>,
    /// The escalation a YAML framework file sets for itself (`escalation: topic`), by id.
    pub(crate) escalation: Vec<(String, crate::model::Escalation)>,
    /// Whether level pages are parsed on every core before they are composed (a read of its
    /// own; reads that reuse another's parse little).
    pub(crate) parse_ahead: bool,
    /// Level pages parsed ahead, by path, with where their body starts: taken by the first
    /// parse of the same file from the same place.
    pub(crate) parsed_ahead: TextMap<PathBuf, (usize, Arc<Vec<blocks::Block>>)>,
    /// The front matter of level pages parsed ahead (title, where the body starts), by path.
    pub(crate) front_matter_ahead: TextMap<PathBuf, page::FrontMatterOf>,
    /// Sections named by headings and files named by includes, found once per reader.
    pub(crate) known: known::Known,
}

/// Reads every framework under `paths` from `tree`.
pub fn load(tree: Box<dyn Tree>, paths: &[PathBuf], options: &ReadOptions) -> Loaded {
    read(tree, paths, options, Arc::default(), true)
}

/// Reads every framework under `paths` from `tree`, taking what it can from `reuse`.
pub fn load_reusing(
    tree: Box<dyn Tree>,
    paths: &[PathBuf],
    options: &ReadOptions,
    reuse: Arc<Reuse>,
) -> Loaded {
    read(tree, paths, options, reuse, false)
}

/// Reads every framework under `paths` from `tree`, taking what it can from `reuse`; with
/// `parse_ahead`, the level pages are parsed on every core before they are composed.
fn read(
    tree: Box<dyn Tree>,
    paths: &[PathBuf],
    options: &ReadOptions,
    reuse: Arc<Reuse>,
    parse_ahead: bool,
) -> Loaded {
    let outermost = outermost(paths);
    let paths = outermost.as_slice();
    let mut sources = SourceMap::new(tree);
    let mut errors = Vec::new();
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let config = Config::discover(&start, &mut sources).unwrap_or_else(|error| {
        errors.push(error.into());
        None
    });
    let limits = config.as_ref().map(|config| config.settings.limits).unwrap_or_default();
    sources.limit_file_size(limits.file_size);
    for folder in options.rules.iter().chain(&options.include_root) {
        if !sources.tree().is_dir(folder) {
            errors.push(ReadError::NoSuchPath { path: folder.display().to_string() });
        }
    }
    if !errors.is_empty() {
        return Loaded { workspace: Workspace::default(), rules: fallback_rules(), config, errors };
    }
    let rules_folder =
        options.rules.clone().or_else(|| config.as_ref().and_then(Config::rules_folder));
    let configured = config.as_ref().is_some_and(|config| !config.settings.frameworks.is_empty());
    // The built-in rules are parsed while the folders discovery walks are listed and their
    // files read, each on its own core (a rules folder of the handbook's is read through the
    // same sources, so it comes first).
    let rules = if parse_ahead && !configured && rules_folder.is_none() {
        let (tree, file_size) = (sources.tree(), sources.file_size());
        let (rules, prefetched) =
            rayon::join(Rules::defaults, || discover::prefetch(tree, paths, file_size));
        sources.take_prefetched(prefetched);
        rules
    } else {
        Rules::load(rules_folder.as_deref(), &mut sources)
    };
    let rules = match rules {
        Ok(rules) => rules,
        Err(error) => {
            errors.push(error.into());
            return Loaded {
                workspace: Workspace::default(),
                rules: fallback_rules(),
                config,
                errors,
            };
        }
    };
    let include_root =
        options.include_root.clone().or_else(|| config.as_ref().and_then(Config::include_root));
    let mut reader = Reader {
        reuse,
        sources,
        rules,
        block_cache: TextMap::default(),
        generation: 0,
        include_problems: Vec::new(),
        errors,
        include_root,
        include_roots: TextMap::default(),
        tracks: config.as_ref().and_then(tracks::configured),
        limits,
        notes: Vec::new(),
        escalation: Vec::new(),
        parse_ahead,
        parsed_ahead: TextMap::default(),
        front_matter_ahead: TextMap::default(),
        known: known::Known::default(),
    };
    let mut workspace = Workspace::default();
    match config.as_ref().filter(|config| !config.settings.frameworks.is_empty()) {
        Some(config) => reader.read_configured(config, paths, &mut workspace),
        None => reader.discover(paths, &mut workspace),
    }
    if workspace.frameworks.is_empty() && reader.errors.is_empty() {
        let paths =
            paths.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ");
        reader.errors.push(ReadError::NoFramework { paths });
    }
    workspace.notes.append(&mut reader.notes);
    // What a file sets for itself, unless its ladder.yml entry sets it.
    for (id, mode) in std::mem::take(&mut reader.escalation) {
        let plan = workspace.escalation.entry(id).or_default();
        plan.mode = plan.mode.or(Some(mode));
    }
    workspace.frameworks.iter_mut().for_each(apply_scoped);
    reader.read_indexes_and_links(paths, &mut workspace);
    workspace.include_problems = std::mem::take(&mut reader.include_problems);
    Loaded { workspace, rules: reader.rules, config, errors: reader.errors }
}

/// The paths without those inside another (`ladder lint a a/team` reads `a` once), in the order
/// given.
fn outermost(paths: &[PathBuf]) -> Vec<PathBuf> {
    let normal: Vec<PathBuf> =
        paths.iter().map(|path| crate::source::normalize_path(path)).collect();
    let inside = |path: &Path, outer: &Path| {
        (outer == Path::new(".") && path.is_relative() && !path.starts_with(".."))
            || path.starts_with(outer)
    };
    let mut kept: Vec<PathBuf> = Vec::new();
    for (index, path) in normal.iter().enumerate() {
        let covered = normal.iter().enumerate().any(|(other, outer)| {
            other != index && inside(path, outer) && (path != outer || other < index)
        });
        if !covered {
            kept.push(path.clone());
        }
    }
    kept
}

/// Applies the annotations written `for=` this framework: its id, the last folder of its id, or
/// its name (any case), so that a shared include can say which framework an item is new in.
fn apply_scoped(framework: &mut Framework) {
    let ours = scope_of(framework);
    for level in &mut framework.levels {
        apply_scoped_level(level, &ours);
    }
}

/// Whether an annotation's `for=` target names `framework`: its id, the last folder of its id,
/// or its name (any case).
fn scope_of(framework: &Framework) -> impl Fn(&str) -> bool + use<> {
    let id = framework.id.to_lowercase();
    let last = id.rsplit('/').next().unwrap_or(&id).to_string();
    let name = framework.name.to_lowercase();
    move |target: &str| {
        let target = target.to_lowercase();
        target == id || target == last || target == name
    }
}

/// Applies the annotations of a level's items meant for the framework `ours` accepts.
fn apply_scoped_level(level: &mut crate::model::Level, ours: &dyn Fn(&str) -> bool) {
    for section in &mut level.sections {
        for group in &mut section.groups {
            for item in &mut group.items {
                apply_scoped_item(item, ours);
            }
        }
    }
}

/// Applies an item's and its sub-items' annotations meant for the framework `ours` accepts.
fn apply_scoped_item(item: &mut crate::model::Item, ours: &dyn Fn(&str) -> bool) {
    let scoped: Vec<String> = item
        .scoped
        .iter()
        .filter(|(target, _)| ours(target))
        .map(|(_, annotation)| annotation.clone())
        .collect();
    for annotation in scoped {
        page::apply_annotation(item, &annotation);
    }
    for child in &mut item.children {
        apply_scoped_item(child, ours);
    }
}

/// The built-in rules, or an empty set if even they fail (they are tested not to).
fn fallback_rules() -> Rules {
    Rules::defaults().unwrap_or_else(|_| Rules {
        levels: Vec::new(),
        sections: Vec::new(),
        required_sections: Vec::new(),
        scopes: Vec::new(),
        values: crate::rules::ValuesSet { section: String::new(), values: Vec::new() },
        checks: Default::default(),
        alignment: crate::rules::AlignmentSettings { threshold: 1.0, ..Default::default() },
        concepts: Vec::new(),
        synonyms: Vec::new(),
        declarative: Vec::new(),
    })
}

impl Reader {
    /// The include root for a page: the configured one, or `assets/` in the nearest folder above
    /// the page that has one.
    pub(crate) fn include_root_for(&mut self, page: &Path) -> Option<PathBuf> {
        if let Some(root) = &self.include_root {
            return Some(root.clone());
        }
        let folder = page.parent().unwrap_or(Path::new(".")).to_path_buf();
        if let Some(found) = self.include_roots.get(&folder) {
            return found.clone();
        }
        let found = shortcode::include_root_candidates(page)
            .into_iter()
            .find(|candidate| self.sources.tree().is_dir(candidate));
        self.include_roots.insert(folder, found.clone());
        found
    }

    /// Sets each level's `below` edge to the level before it.
    pub(crate) fn link_levels_in_order(framework: &mut Framework) {
        for (index, level) in framework.levels.iter_mut().enumerate() {
            level.below = index.checked_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_another_are_read_once() {
        let given: Vec<PathBuf> =
            ["a", "./a/team", "b", "a", "b/../c"].iter().map(PathBuf::from).collect();
        let kept: Vec<PathBuf> = ["a", "b", "c"].iter().map(PathBuf::from).collect();
        assert_eq!(outermost(&given), kept);
        let everything = [PathBuf::from("."), PathBuf::from("a")];
        assert_eq!(outermost(&everything), [PathBuf::from(".")]);
    }
}
