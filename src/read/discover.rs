//! Finding frameworks: folders of level pages named by the level vocabulary, `*.ladder.yml`
//! files, or the frameworks `ladder.yml` names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{ReadError, Reader};
use serde_saphyr::Spanned;

use crate::config::{Config, FrameworkConfig};
use crate::model::{Format, Framework, Note, Workspace};
use crate::source::{Prefetched, Span, Tree, TreeEntry, normalize_path};
use crate::yaml::YamlError;

/// Folders never searched: tool and build output.
const SKIPPED_FOLDERS: &[&str] = &["target", "node_modules", "public", "resources"];

/// Markdown files of one folder, by file stem.
type Folder = BTreeMap<String, PathBuf>;

/// Whether `walk` goes into the folder named `name`.
fn searched(name: &str) -> bool {
    !name.starts_with('.') && !SKIPPED_FOLDERS.contains(&name)
}

/// Whether `walk` reads the file named `name` (a page, or a file it looks into for a format).
fn looked_into(name: &str) -> bool {
    [".md", ".yml", ".yaml", ".json"].iter().any(|ext| name.ends_with(ext))
}

/// The folders under `paths` that discovery walks, listed, and the files it reads there, read
/// and decoded on every core: discovery then takes them as they are (it needs the level
/// vocabulary to tell pages from the rest, so it cannot start before the rules are read).
pub(crate) fn prefetch(tree: &dyn Tree, paths: &[PathBuf], file_size: u64) -> Prefetched {
    /// Lists `dir` and the folders under it that `walk` goes into.
    fn list(
        tree: &dyn Tree,
        dir: &Path,
        listed: &mut Vec<(PathBuf, Vec<TreeEntry>)>,
        files: &mut Vec<PathBuf>,
    ) {
        let Ok(entries) = tree.list(dir) else { return };
        for entry in &entries {
            let name = entry.path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            if entry.is_dir {
                if searched(name) {
                    list(tree, &entry.path, listed, files);
                }
            } else if looked_into(name) {
                files.push(entry.path.clone());
            }
        }
        listed.push((dir.to_path_buf(), entries));
    }
    let (mut listed, mut files) = (Vec::new(), Vec::new());
    for path in paths {
        let path = normalize_path(path);
        if tree.is_dir(&path) {
            list(tree, &path, &mut listed, &mut files);
        }
    }
    Prefetched::read(tree, listed, &files, file_size)
}

impl Reader {
    /// Reads every framework found under `paths`.
    pub(crate) fn discover(&mut self, paths: &[PathBuf], workspace: &mut Workspace) {
        let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
        let mut data_files = Vec::new();
        for path in paths {
            let path = normalize_path(path);
            if self.sources.tree().is_dir(&path) {
                self.walk(&path, &mut folders, &mut data_files);
            } else if self.sources.tree().is_file(&path) {
                match path.extension().and_then(|ext| ext.to_str()) {
                    Some("md") if self.sniff(&path).is_none() => add_markdown(&mut folders, &path),
                    // Any other file given by name is data: read in the format its content
                    // shows, or refused naming the formats ladder knows.
                    _ => data_files.push(path),
                }
            } else {
                let path = crate::report::display_path(&path.display().to_string());
                self.errors.push(ReadError::NoSuchPath { path });
            }
        }
        if self.parse_ahead {
            self.parse_level_pages(&folders);
        }
        let mut found = Vec::new();
        for (folder, files) in &folders {
            if let Some(framework) = self.read_folder(folder, files, workspace) {
                found.push((self.named(folder), framework));
            }
        }
        let joins = match &self.tracks {
            Some(joins) => joins.clone(),
            None => super::tracks::from_layout(&found, &self.rules),
        };
        super::tracks::apply(&mut found, &joins, &mut workspace.notes);
        name_by_common_prefix(&mut found);
        workspace.frameworks.extend(found.into_iter().map(|(_, framework)| framework));
        for path in data_files {
            match self.read_data_file(&path, None) {
                Ok(frameworks) => workspace.frameworks.extend(frameworks),
                Err(errors) => self.errors.extend(errors),
            }
        }
    }

    /// Parses the level pages of `folders` and the files they include (and those include) on
    /// every core, for composing to take their blocks; a page or include that cannot be read
    /// or has no front matter is left to composing, which reports it.
    fn parse_level_pages(&mut self, folders: &BTreeMap<PathBuf, Folder>) {
        use rayon::prelude::*;
        // Each file to parse, where its body starts, and the include root its includes are
        // found under.
        let mut round = Vec::new();
        // A page written as one before it is composed once (`composed_before`): only the first
        // of each text is parsed ahead, in the order `read_folder` reads them.
        let mut texts: crate::hash::TextSet<u64> = crate::hash::TextSet::default();
        let hasher = foldhash::fast::FixedState::default();
        let mut distinct = true;
        for files in folders.values() {
            let mut levels: Vec<(usize, &PathBuf)> = files
                .iter()
                .filter_map(|(stem, path)| self.rules.level(stem).map(|(rank, _)| (rank, path)))
                .collect();
            levels.sort_by_key(|(rank, _)| *rank);
            for (_, path) in levels {
                if self.reuse.is_unchanged(&normalize_path(path)) {
                    continue;
                }
                let Ok(file) = self.sources.load(path) else { continue };
                if texts.insert(std::hash::BuildHasher::hash_one(&hasher, file.text())) {
                    round.push((file, true, self.include_root_for(path)));
                } else {
                    distinct = false;
                }
            }
        }
        // The folders' index pages too, for their titles and links (`index_title`,
        // `read_index`); what they include is not composed, so not parsed ahead.
        for files in folders.values() {
            let Some(path) = files.get("_index").or_else(|| files.get("index")) else { continue };
            if let Ok(file) = self.sources.load(path) {
                round.push((file, true, None));
            }
        }
        // No two level pages read alike: no composition could be taken again, so none is kept
        // (a read of its own; one sharing its reuse with another keeps them for the other).
        if distinct && let Some(reuse) = std::sync::Arc::get_mut(&mut self.reuse) {
            reuse.distinct_pages = true;
        }
        let mut seen: crate::hash::TextSet<PathBuf> = crate::hash::TextSet::default();
        while !round.is_empty() {
            let (reuse, nesting) = (&self.reuse, self.limits.nesting_depth);
            // A level page's blocks start after its front matter (none when it has none that
            // reads); an include's at its start.
            let parsed: Vec<_> = round
                .par_iter()
                .map(|(file, page, _)| {
                    let front = match page {
                        true => Some(super::page::front_matter(file).ok()?),
                        false => None,
                    };
                    let body_start = front.as_ref().map_or(0, |(_, start)| *start);
                    Some((front, body_start, reuse.blocks(file, body_start, nesting)))
                })
                .collect();
            let mut next = Vec::new();
            for ((file, _, include_root), parsed) in round.into_iter().zip(parsed) {
                let Some((front, body_start, blocks)) = parsed else { continue };
                for block in blocks.iter() {
                    let super::blocks::Block::Include { target, .. } = block else { continue };
                    let Some(root) = &include_root else { continue };
                    if let Some(path) = super::page::include_path(root, target)
                        && seen.insert(path.clone())
                        && let Ok(included) = self.sources.load(&path)
                    {
                        next.push((included, false, include_root.clone()));
                    }
                }
                let path = PathBuf::from(file.path());
                if let Some(front) = front {
                    self.front_matter_ahead.insert(path.clone(), front);
                }
                self.parsed_ahead.insert(path, (body_start, blocks));
            }
            round = next;
        }
    }

    /// The data format of the file at `path`, when it is one; a file that cannot be read is
    /// none here and reports its error where it is read as a page.
    fn sniff(&mut self, path: &Path) -> Option<Format> {
        let file = self.sources.load(path).ok()?;
        super::formats::sniff(path, file.text())
    }

    /// The folder as it names a framework: the root itself (`.`) by the root folder's name.
    fn named(&self, folder: &Path) -> PathBuf {
        match self.sources.tree().root_name() {
            Some(name) if folder == Path::new(".") => PathBuf::from(name),
            _ => folder.to_path_buf(),
        }
    }

    /// Collects Markdown pages by folder, and the framework data files under `dir`.
    fn walk(
        &mut self,
        dir: &Path,
        folders: &mut BTreeMap<PathBuf, Folder>,
        data_files: &mut Vec<PathBuf>,
    ) {
        let entries = match self.sources.list(dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.errors.push(crate::source::SourceError::of_io(dir, &error).into());
                return;
            }
        };
        // One folder's pages are gathered before they join the map: a lookup per file is slow.
        let mut markdown = BTreeMap::new();
        for entry in entries {
            let name = entry.path.file_name().and_then(|name| name.to_str()).unwrap_or("");
            if entry.is_dir {
                if searched(name) {
                    self.walk(&entry.path, folders, data_files);
                }
            } else if name.ends_with(".md") {
                let stem = name.trim_end_matches(".md");
                let page = stem == "_index" || self.rules.level(stem).is_some();
                if !page && self.sniff(&entry.path).is_some() {
                    data_files.push(entry.path);
                } else {
                    add_markdown(&mut markdown, &entry.path);
                }
            } else if [".yml", ".yaml", ".json"].iter().any(|ext| name.ends_with(ext))
                && self.sniff(&entry.path).is_some()
            {
                data_files.push(entry.path);
            }
        }
        for (folder, files) in markdown {
            folders.entry(folder).or_default().extend(files);
        }
    }

    /// The framework of one folder's level pages, if it has any; notes what it passes over.
    fn read_folder(
        &mut self,
        folder: &Path,
        files: &Folder,
        workspace: &mut Workspace,
    ) -> Option<Framework> {
        let mut levels: Vec<(usize, &str, &PathBuf)> = files
            .iter()
            .filter_map(|(stem, path)| {
                self.rules.level(stem).map(|(rank, _)| (rank, stem.as_str(), path))
            })
            .collect();
        if levels.is_empty() {
            return None;
        }
        levels.sort_by_key(|(rank, _, _)| *rank);
        for (stem, path) in files {
            if stem != "_index" && stem != "index" && self.rules.level(stem).is_none() {
                workspace.notes.push(Note {
                    path: path.display().to_string(),
                    message: format!(
                        "skipped: `{stem}` is not a level in the level vocabulary (rules/levels.yml); \
                         it is read as no level of this framework"
                    ),
                });
            }
        }
        let mut framework = Framework {
            id: folder.display().to_string(),
            name: self.index_title(files).unwrap_or_else(|| folder_name(&self.named(folder))),
            format: Format::Markdown,
            levels: Vec::new(),
            required_sections: self.rules.required_sections.clone(),
        };
        for (rank, stem, path) in levels {
            let name = self.rules.levels[rank].name.clone();
            match self.read_page(path, stem, &name) {
                Ok(level) => framework.levels.push(level),
                Err(error) => self.errors.push(error),
            }
        }
        Self::link_levels_in_order(&mut framework);
        Some(framework)
    }

    /// The title of the folder's `_index.md`, which names the framework.
    fn index_title(&mut self, files: &Folder) -> Option<String> {
        let path = files.get("_index").or_else(|| files.get("index"))?;
        let file = self.sources.load(path).ok()?;
        let (title, _) = self.front_matter_of(&file).ok()?;
        title.map(|title| title.text).filter(|title| !title.trim().is_empty())
    }

    /// Reads the frameworks `ladder.yml` names that lie under `paths` (all of them when a path
    /// is the handbook root); discovers frameworks under `paths` when it names none there.
    pub(crate) fn read_configured(
        &mut self,
        config: &Config,
        paths: &[PathBuf],
        workspace: &mut Workspace,
    ) {
        let chosen: Vec<&FrameworkConfig> = config
            .settings
            .frameworks
            .iter()
            .filter(|entry| {
                let target = entry.folder.as_ref().or(entry.file.as_ref());
                target.is_some_and(|target| covers(paths, &config.resolve(&target.value)))
            })
            .collect();
        if chosen.is_empty() {
            return self.discover(paths, workspace);
        }
        let mut found = Vec::new();
        for entry in chosen {
            let target = entry.folder.as_ref().or(entry.file.as_ref());
            let folder = target.map(|target| config.resolve(&target.value)).unwrap_or_default();
            let frameworks = match (&entry.folder, &entry.file) {
                (_, Some(file)) => match self.configured_file(config, entry, &file.value) {
                    Ok(frameworks) => frameworks,
                    Err(errors) => {
                        self.errors.extend(errors);
                        continue;
                    }
                },
                (Some(folder), None) => {
                    self.configured_folder(config, entry, folder, workspace).into_iter().collect()
                }
                (None, None) => continue,
            };
            let plan = match config.escalation_plan(entry) {
                Ok(plan) => plan,
                Err(error) => {
                    self.errors.push(error.into());
                    continue;
                }
            };
            for mut framework in frameworks {
                workspace.escalation.insert(framework.id.clone(), plan.clone());
                if let Some(name) = &entry.name {
                    framework.name.clone_from(&name.value);
                }
                if let Some(required) = &entry.required_sections {
                    framework.required_sections.clone_from(required);
                }
                found.push((folder.clone(), framework));
            }
        }
        // Configured frameworks join only where ladder.yml says so: their levels need not be in
        // the level vocabulary that finding joins from the layout relies on.
        let joins = self.tracks.clone().unwrap_or_default();
        super::tracks::apply(&mut found, &joins, &mut workspace.notes);
        workspace.frameworks.extend(found.into_iter().map(|(_, framework)| framework));
    }

    /// The frameworks of a configured file, in the format `format:` names or its content shows.
    fn configured_file(
        &mut self,
        config: &Config,
        entry: &FrameworkConfig,
        file: &str,
    ) -> Result<Vec<Framework>, Vec<ReadError>> {
        let format = match &entry.format {
            None => None,
            Some(name) => match Format::from_name(&name.value) {
                Some(format) => Some(format),
                None => {
                    let span = config.span(name);
                    let known: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
                    let message = format!("unknown format `{}`", name.value);
                    let help = format!("the formats ladder reads: {}", known.join(", "));
                    return Err(vec![YamlError::at(&span, message, Some(help)).into()]);
                }
            },
        };
        self.read_data_file(&config.resolve(file), format)
    }

    /// The framework of a configured folder: the level pages it lists, or else the folder's
    /// pages named by the level vocabulary.
    fn configured_folder(
        &mut self,
        config: &Config,
        entry: &FrameworkConfig,
        folder_name: &Spanned<String>,
        workspace: &mut Workspace,
    ) -> Option<Framework> {
        let folder = config.resolve(&folder_name.value);
        if entry.levels.is_empty() {
            let mut folders = BTreeMap::new();
            for listed in self.sources.tree().list(&folder).unwrap_or_default() {
                if !listed.is_dir && listed.path.extension().is_some_and(|ext| ext == "md") {
                    add_markdown(&mut folders, &listed.path);
                }
            }
            let files = folders.remove(&folder).unwrap_or_default();
            let found = self.read_folder(&folder, &files, workspace);
            if found.is_none() {
                let message = format!(
                    "framework folder `{}` has no level page named by the level vocabulary",
                    folder_name.value
                );
                let help = "list the level pages with `levels: [key, ...]`, one `<key>.md` each";
                self.errors.push(
                    YamlError::at(&config.span(folder_name), message, Some(help.into())).into(),
                );
            }
            return found.map(|framework| Framework { id: folder_name.value.clone(), ..framework });
        }
        let mut framework = Framework {
            id: folder_name.value.clone(),
            name: self.index_title_of(&folder).unwrap_or_else(|| self::folder_name(&folder)),
            format: Format::Markdown,
            levels: Vec::new(),
            required_sections: self.rules.required_sections.clone(),
        };
        for key in &entry.levels {
            let path = folder.join(format!("{}.md", key.value));
            if !self.sources.tree().is_file(&path) {
                self.errors.push(undefined_level(&config.span(key), &key.value, &path));
                continue;
            }
            let name = self
                .rules
                .level(&key.value)
                .map_or_else(|| title_case(&key.value), |(_, word)| word.name.clone());
            match self.read_page(&path, &key.value, &name) {
                Ok(level) => framework.levels.push(level),
                Err(error) => self.errors.push(error),
            }
        }
        Self::link_levels_in_order(&mut framework);
        Some(framework)
    }

    /// The title of `folder`'s `_index.md`, when it has one.
    fn index_title_of(&mut self, folder: &Path) -> Option<String> {
        let files: Folder = ["_index", "index"]
            .iter()
            .map(|stem| (stem.to_string(), folder.join(format!("{stem}.md"))))
            .filter(|(_, path)| self.sources.tree().is_file(path))
            .collect();
        self.index_title(&files)
    }
}

/// Whether a configured framework at `target` is asked for by `paths`: a path holds it, or lies in it.
fn covers(paths: &[PathBuf], target: &Path) -> bool {
    paths.iter().map(|path| normalize_path(path)).any(|path| {
        path == Path::new(".") && target.is_relative()
            || target.starts_with(&path)
            || path.starts_with(target)
    })
}

/// The error for a level named in configuration without a page.
pub(crate) fn undefined_level(span: &Span, key: &str, path: &Path) -> ReadError {
    crate::yaml::YamlError::at(
        span,
        format!("level `{key}` is named but not defined: there is no page {}", path.display()),
        Some("write the page, or remove the level from the list".into()),
    )
    .into()
}

fn add_markdown(folders: &mut BTreeMap<PathBuf, Folder>, path: &Path) {
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else { return };
    folders.entry(folder).or_default().insert(stem.to_string(), path.to_path_buf());
}

/// Gives frameworks short ids: their folders relative to the folder all of them share.
fn name_by_common_prefix(found: &mut [(PathBuf, Framework)]) {
    let Some((first, _)) = found.first() else { return };
    let mut common = first.clone();
    for (folder, _) in found.iter() {
        while !folder.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    for (folder, framework) in found.iter_mut() {
        let relative = folder.strip_prefix(&common).unwrap_or(folder);
        framework.id = if relative.as_os_str().is_empty() {
            folder_name(folder).to_lowercase()
        } else {
            relative.display().to_string()
        };
    }
}

fn folder_name(folder: &Path) -> String {
    folder.file_name().and_then(|name| name.to_str()).map_or_else(|| "framework".into(), title_case)
}

pub(crate) fn title_case(word: &str) -> String {
    word.split(['-', '_'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}
