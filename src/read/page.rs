//! A handbook level page composed with its includes into one [`Level`].
//!
//! Headings written on the page after its own heading open sections; headings inside includes
//! open groups, and page bullets after an include stay in that include's last group.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::blocks::{Block, ItemBlock};
use super::composed::{self, Composed};
use super::{CachedBlocks, ReadError, Reader};
use crate::model::{
    Group, IncludeProblem, IncludeProblemKind, Item, Level, Link, LinkTarget, Page, Section,
    Spanned, Topic,
};
use crate::source::{SourceError, SourceFile, Span, normalize_path};

/// A block with the include shortcode on the page that brought it in: the block stays in its
/// file's parsed blocks (shared, not copied), named by its index there.
struct Placed {
    blocks: Arc<Vec<Block>>,
    index: usize,
    via: Option<Span>,
    from_include: bool,
}

/// The includes a page's composition is inside (the page first), and every file it read.
struct Trail {
    stack: Vec<PathBuf>,
    read: Vec<(PathBuf, Arc<SourceFile>)>,
}

#[derive(serde::Deserialize)]
struct FrontMatter {
    title: Option<serde_saphyr::Spanned<String>>,
}

impl Reader {
    /// Reads the level page at `path` as level `key`.
    pub(crate) fn read_page(
        &mut self,
        path: &Path,
        key: &str,
        name: &str,
    ) -> Result<Level, ReadError> {
        if self.reuse.is_unchanged_at(path) {
            return Ok(unchanged_level(path, key, name));
        }
        let file = self.sources.load(path)?;
        if let Some(level) = self.composed_before(path, &file, key, name) {
            return Ok(level);
        }
        let (problems, errors) = (self.include_problems.len(), self.errors.len());
        // Only a read of its own parses ahead: a walk's re-reads need not hash the path.
        let ahead = if self.front_matter_ahead.is_empty() {
            None
        } else {
            self.front_matter_ahead.remove(Path::new(file.path()))
        };
        let (title, body_start) = match ahead {
            Some(ahead) => ahead,
            None => front_matter(&file)?,
        };
        let page_blocks = self.blocks(&file, body_start);
        let include_root = self.include_root_for(path);
        // Room for the page's blocks and a few includes' without growing.
        let mut placed = Vec::with_capacity(page_blocks.len() + 32);
        let mut trail = Trail { stack: vec![normalize_path(path)], read: Vec::new() };
        for index in 0..page_blocks.len() {
            self.place(&page_blocks, index, None, include_root.as_deref(), &mut trail, &mut placed);
        }
        let mut page = Page {
            span: Span::line(
                &file,
                1 + memchr::memchr_iter(b'\n', front(&file, body_start)).count(),
            ),
            title,
            heading: None,
            anchor_links: Vec::new(),
            anchors: Vec::new(),
            links: Vec::new(),
        };
        let sections = self.sections(&mut page, placed);
        let span = page.heading.as_ref().map(|heading| heading.span.clone());
        let items: usize = sections.iter().map(Section::item_count).sum();
        if items > self.limits.items_per_level {
            let at = span.clone().unwrap_or_else(|| page.span.clone());
            return Err(too_many_items(&at, items, self.limits.items_per_level));
        }
        let level = Level {
            key: key.into(),
            name: name.into(),
            below: None,
            page: Some(page),
            span,
            sections,
        };
        // A composition that met a problem is not kept: the problem is told for each page.
        let clean = self.include_problems.len() == problems && self.errors.len() == errors;
        if clean && !self.reuse.distinct_pages {
            let composed = Composed {
                page: path.to_path_buf(),
                include_root,
                includes: trail.read,
                level: level.clone(),
            };
            self.reuse.compositions.keep(file.text(), composed);
        }
        Ok(level)
    }

    /// The level of the page at `path` when a page with the same text, includes and layout
    /// around it was composed before: that level, moved to this page's files.
    fn composed_before(
        &mut self,
        path: &Path,
        file: &Arc<SourceFile>,
        key: &str,
        name: &str,
    ) -> Option<Level> {
        let candidates = self.reuse.compositions.like(file.text());
        if candidates.is_empty() {
            return None;
        }
        let include_root = self.include_root_for(path);
        'candidates: for composed in candidates {
            let (from, to) = composed::prefixes(&composed.page, path);
            let moved = |known: &Path| composed::moved(known, &from, &to);
            let root = match &composed.include_root {
                Some(root) => Some(moved(root)?),
                None => None,
            };
            if root != include_root {
                continue;
            }
            let mut files = std::collections::HashMap::new();
            files.insert(composed.page.display().to_string(), file.clone());
            for (known, known_file) in &composed.includes {
                let Some(here) = moved(known) else { continue 'candidates };
                match self.sources.load(&here) {
                    Ok(here_file) if here_file.text() == known_file.text() => {
                        files.insert(known_file.path().to_string(), here_file);
                    }
                    _ => continue 'candidates,
                }
            }
            if let Some(mut level) = composed::relabelled(&composed.level, &files) {
                level.key = key.into();
                level.name = name.into();
                return Some(level);
            }
        }
        None
    }

    /// The front matter of `file`: as parsed ahead, else parsed now.
    pub(super) fn front_matter_of(
        &self,
        file: &Arc<SourceFile>,
    ) -> Result<FrontMatterOf, ReadError> {
        match self.front_matter_ahead.get(Path::new(file.path())) {
            Some(ahead) => Ok(ahead.clone()),
            None => front_matter(file),
        }
    }

    /// Parsed blocks of a file, parsed once per file (and once for two reads that share it).
    /// Within a read, the first parse of a path serves every use of it; a walk's later read
    /// takes it again for the same file version (the same text, shared) from the same place.
    pub(super) fn blocks(&mut self, file: &Arc<SourceFile>, body_start: usize) -> Arc<Vec<Block>> {
        // Keyed by the file's path as its source map wrote it (one spelling per file while a
        // map lasts): a string hashes in a few steps, a `Path` a component at a time.
        if let Some(known) = self.block_cache.get_mut(file.path()) {
            if known.generation == self.generation {
                return known.blocks.clone();
            }
            if Arc::ptr_eq(&known.file, file) && known.body_start == body_start {
                known.generation = self.generation;
                return known.blocks.clone();
            }
        }
        // Only a read of its own parses ahead: a walk's re-reads need not hash the path again.
        let ahead = if self.parsed_ahead.is_empty() {
            None
        } else {
            self.parsed_ahead.remove(Path::new(file.path()))
        };
        let blocks = match ahead {
            Some((from, blocks)) if from == body_start => blocks,
            _ => self.reuse.blocks(file, body_start, self.limits.nesting_depth),
        };
        let generation = self.generation;
        let known =
            CachedBlocks { file: file.clone(), body_start, blocks: blocks.clone(), generation };
        self.block_cache.insert(file.path().to_string(), known);
        blocks
    }

    /// Puts a block in the page's stream, expanding includes recursively.
    fn place(
        &mut self,
        blocks: &Arc<Vec<Block>>,
        index: usize,
        via: Option<&Span>,
        include_root: Option<&Path>,
        trail: &mut Trail,
        placed: &mut Vec<Placed>,
    ) {
        let from_include = via.is_some();
        let Some(block) = blocks.get(index) else { return };
        match block {
            Block::Include { target, span } => {
                let via = via.unwrap_or(span);
                self.expand(target, span, via, include_root, trail, placed);
            }
            Block::BadShortcode { span } => {
                let kind = self.malformed(span.text(), include_root);
                self.include_problem(kind, span)
            }
            Block::TooDeep { span } => {
                let limit = self.limits.nesting_depth;
                let message = format!("list nested more than {limit} deep");
                let help = "flatten the list, or raise `limits: nesting-depth:` in ladder.yml";
                self.errors.push(ReadError::at(span, message, help));
            }
            _ => placed.push(Placed {
                blocks: blocks.clone(),
                index,
                via: via.cloned(),
                from_include,
            }),
        }
    }

    /// Follows one include shortcode, refusing paths that leave the repository root.
    fn expand(
        &mut self,
        target: &str,
        span: &Span,
        via: &Span,
        include_root: Option<&Path>,
        trail: &mut Trail,
        placed: &mut Vec<Placed>,
    ) {
        let stack = &trail.stack;
        let Some(include_root) = include_root else {
            return self.include_problem(IncludeProblemKind::NoIncludeRoot, span);
        };
        let Some(path) = self.known.include_path(include_root, target) else {
            let kind = IncludeProblemKind::OutsideRoot { target: target.to_string() };
            return self.include_problem(kind, span);
        };
        if stack.contains(&path) {
            let mut chain: Vec<String> =
                stack.iter().map(|path| path.display().to_string()).collect();
            chain.push(path.display().to_string());
            return self.include_problem(IncludeProblemKind::Cycle { chain }, span);
        }
        // The page is first on the stack: past the limit, the chain ends here with an error.
        if stack.len() > self.limits.include_depth {
            let limit = self.limits.include_depth;
            let message = format!("includes nested more than {limit} deep");
            let help =
                "include fewer files in turn, or raise `limits: include-depth:` in ladder.yml";
            return self.errors.push(ReadError::at(span, message, help));
        }
        let file = match self.sources.load(&path) {
            Ok(file) => file,
            Err(SourceError::Missing { .. }) => {
                let kind = IncludeProblemKind::Missing { path: path.display().to_string() };
                return self.include_problem(kind, span);
            }
            // Refused: said at the shortcode that names it.
            Err(error @ SourceError::Refused { .. }) => {
                let help = "include regular files from inside the project only";
                return self.errors.push(ReadError::at(span, format!("include {error}"), help));
            }
            Err(error) => return self.errors.push(error.into()),
        };
        let blocks = self.blocks(&file, 0);
        trail.read.push((path.clone(), file));
        trail.stack.push(path);
        for index in 0..blocks.len() {
            self.place(&blocks, index, Some(via), Some(include_root), trail, placed);
        }
        trail.stack.pop();
    }

    fn include_problem(&mut self, kind: IncludeProblemKind, span: &Span) {
        let problem = IncludeProblem { kind, span: span.clone() };
        if !self
            .include_problems
            .iter()
            .any(|known| known.span == problem.span && known.kind == problem.kind)
        {
            self.include_problems.push(problem);
        }
    }

    /// Cuts the page's block stream into sections and groups.
    fn sections(&mut self, page: &mut Page, placed: Vec<Placed>) -> Vec<Section> {
        let mut sections: Vec<(u8, Section)> = Vec::new();
        let room = room(&placed);
        // The topic a heading below the current section opened, if any.
        let mut topic: Option<Topic> = None;
        for (at, Placed { blocks, index, via, from_include }) in placed.into_iter().enumerate() {
            let room = room.get(at).copied().unwrap_or_default();
            let Some(block) = blocks.get(index) else { continue };
            match block {
                Block::Heading { depth, text, anchor, span } => {
                    let (depth, text, span) = (*depth, text.clone(), span.clone());
                    page.anchors.push(anchor.clone());
                    let canonical = self.known.section_of(&self.rules, &text);
                    let opens_section = !from_include
                        && (canonical.is_some()
                            || sections
                                .last()
                                .is_none_or(|(section_depth, _)| depth <= *section_depth));
                    if page.heading.is_none() && !from_include && depth <= 2 {
                        page.heading = Some(Spanned { text, span });
                    } else if opens_section && page.heading.is_some() {
                        let name = canonical.unwrap_or_else(|| text.clone());
                        let heading = Some(Spanned { text, span });
                        let section = Section { name, heading, groups: vec![] };
                        sections.push((depth, section));
                    } else if let Some((_, section)) = sections.last_mut() {
                        // A heading written on the page below its section is a topic as well
                        // as a group: its items are aligned with the same topic's first.
                        topic = (!from_include).then(|| Topic { name: text.clone(), span });
                        let items = Vec::with_capacity(room);
                        section.groups.push(Group { name: Some(text), items });
                        continue;
                    }
                    topic = None;
                }
                Block::AnchorLink { anchor, span } if !from_include => {
                    page.anchor_links.push(Spanned { text: anchor.clone(), span: span.clone() });
                }
                Block::Link { target, span } => {
                    let (target, span) = (target.clone(), span.clone());
                    page.links.push(Link { target, span, via, resolved: LinkTarget::Unknown });
                }
                Block::Item(block) => {
                    let Some((_, section)) = sections.last_mut() else { continue };
                    if block.only_link && block.children.is_empty() {
                        continue;
                    }
                    if section.groups.is_empty() {
                        section.groups.push(Group { name: None, items: Vec::with_capacity(room) });
                    }
                    if let Some(group) = section.groups.last_mut() {
                        match label_topic(block) {
                            Some(label) => group.items.extend(block.children.iter().map(|child| {
                                Item { topic: Some(label.clone()), ..item(child, via.as_ref()) }
                            })),
                            None => group
                                .items
                                .push(Item { topic: topic.clone(), ..item(block, via.as_ref()) }),
                        }
                    }
                }
                _ => {}
            }
        }
        let (known, rules) = (&mut self.known, &self.rules);
        sections
            .into_iter()
            .map(|(_, section)| section)
            .filter(|section| {
                section.item_count() > 0 || known.section_of(rules, &section.name).is_some()
            })
            .map(|mut section| {
                section.groups.retain(|group| !group.items.is_empty());
                section
            })
            .collect()
    }
}

/// The bytes of `file` before its body, which starts at `body_start` (all of them past its end).
fn front(file: &SourceFile, body_start: usize) -> &[u8] {
    let bytes = file.text().as_bytes();
    bytes.get(..body_start).unwrap_or(bytes)
}

/// For each block of a page's stream, the items (a label bullet's sub-items each) from it to
/// the next heading: all a group opened there can take, so that its items are not moved as it
/// grows.
fn room(placed: &[Placed]) -> Vec<usize> {
    let mut room = vec![0; placed.len()];
    let mut ahead = 0;
    for (at, Placed { blocks, index, .. }) in placed.iter().enumerate().rev() {
        match blocks.get(*index) {
            Some(Block::Heading { .. }) => {
                room[at] = std::mem::take(&mut ahead);
                continue;
            }
            Some(Block::Item(block)) => ahead += 1 + block.children.len(),
            _ => {}
        }
        room[at] = ahead;
    }
    room
}

/// A level whose page is the same at another revision, includes and all: its page is named but
/// not read (its span holds no text), since comparing it would find nothing.
pub(crate) fn unchanged_level(path: &Path, key: &str, name: &str) -> Level {
    let file = Arc::new(SourceFile::new(path.display().to_string(), String::new()));
    let page = Page {
        span: Span::line(&file, 1),
        title: None,
        heading: None,
        anchor_links: Vec::new(),
        anchors: Vec::new(),
        links: Vec::new(),
    };
    Level {
        key: key.into(),
        name: name.into(),
        below: None,
        page: Some(page),
        span: None,
        sections: Vec::new(),
    }
}

/// Whether `path` stays under `root`, both compared as written.
/// The file an include of `target` under `include_root` reads, as `expand` finds it, when it
/// may be read at all.
pub(super) fn include_path(include_root: &Path, target: &str) -> Option<PathBuf> {
    let repository_root = include_root.parent().unwrap_or(include_root);
    let path = normalize_path(&include_root.join(target));
    (!Path::new(target).is_absolute() && inside(&path, repository_root)).then_some(path)
}

fn inside(path: &Path, root: &Path) -> bool {
    let root = normalize_path(root);
    if root == Path::new(".") {
        return !path.starts_with("..") && path.is_relative();
    }
    path.starts_with(&root)
}

/// The topic a label bullet opens: a short bullet without a final period or colon, not
/// opening with a verb in the third person, that holds sub-bullets ("Test Tooling" holding the
/// tooling items). Its sub-bullets are the items; the label itself is no competency.
fn label_topic(block: &ItemBlock) -> Option<Topic> {
    /// Labels are a few words; "Test Strategy (Quad Planning) & Test Coverage" is seven.
    const MOST_WORDS: usize = 8;
    // Most items hold no sub-bullets: they are no label, whatever their words.
    if block.children.is_empty() || !block.annotations.is_empty() {
        return None;
    }
    let last = block.text.chars().last()?;
    let mut words = block.text.split_whitespace();
    let verb = words.next().is_some_and(|first| {
        let first = first.to_lowercase();
        first.len() > 3 && first.ends_with('s') && !first.ends_with("ss")
    });
    let is_label = words.count() < MOST_WORDS && (last.is_alphanumeric() || last == ')') && !verb;
    is_label.then(|| Topic { name: block.text.clone(), span: block.span.clone() })
}

/// A model item from a parsed list item, with its annotations applied.
fn item(block: &ItemBlock, via: Option<&Span>) -> Item {
    let mut item =
        Item::normalized(block.text.clone(), block.normalized.clone(), block.span.clone());
    item.via = via.cloned();
    item.link_texts.clone_from(&block.link_texts);
    for annotation in &block.annotations {
        apply_annotation(&mut item, annotation);
    }
    item.children = block.children.iter().map(|child| self::item(child, via)).collect();
    item
}

/// The error of a level holding more items than the limit.
pub(crate) fn too_many_items(at: &Span, items: usize, limit: usize) -> ReadError {
    let message = format!("this level holds {items} items, more than the limit of {limit}");
    let help = "split the level, or raise `limits: items-per-level:` in ladder.yml";
    ReadError::at(at, message, help)
}

/// Applies `new`, `id=X`, `escalates=X` and `allow=CHECK[,CHECK]` from a `<!-- ladder: -->` comment.
/// Values with spaces are quoted: `escalates="Leads design reviews"`.
pub(crate) fn apply_annotation(item: &mut Item, annotation: &str) {
    let words = annotation_words(annotation);
    // `for=FRAMEWORK` keeps the annotation for that framework, applied once ids are known.
    if let Some(target) = words.iter().find_map(|word| word.strip_prefix("for=")) {
        let rest: Vec<&str> =
            words.iter().filter(|word| !word.starts_with("for=")).map(String::as_str).collect();
        let rest = rest.iter().map(|word| quote(word)).collect::<Vec<_>>().join(" ");
        item.scoped.push((target.to_string(), rest));
        return;
    }
    for word in words {
        match word.split_once('=') {
            None if word == "new" => item.new_here = true,
            Some(("id", id)) => item.id = Some(id.to_string()),
            Some(("escalates", target)) => item.escalates = Some(target.to_string()),
            Some(("allow", checks)) => item.allow.extend(checks.split(',').map(str::to_string)),
            _ => {}
        }
    }
}

/// A word of an annotation written back, quoted after `=` when it holds white space.
fn quote(word: &str) -> String {
    match word.split_once('=') {
        Some((key, value)) if value.contains(char::is_whitespace) => format!("{key}=\"{value}\""),
        _ => word.to_string(),
    }
}

/// Splits an annotation on white space outside double quotes, dropping the quotes.
pub(crate) fn annotation_words(annotation: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in annotation.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A page's front matter: its title, and the byte offset where the body starts.
pub(crate) type FrontMatterOf = (Option<Spanned>, usize);

/// The front matter's title and the byte offset where the body starts.
pub(crate) fn front_matter(file: &Arc<SourceFile>) -> Result<FrontMatterOf, ReadError> {
    let text = file.text();
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return Ok((None, 0));
    };
    let yaml_start = text.len() - rest.len();
    let close = rest
        .match_indices("\n---")
        .map(|(offset, _)| offset)
        .find(|&offset| {
            let after = &rest[offset + 4..];
            after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n")
        })
        .map(|offset| offset + 1)
        .or_else(|| rest.starts_with("---").then_some(0));
    let Some(close) = close else {
        return Err(ReadError::FrontMatter {
            path: crate::report::display_path(file.path()),
            line: 1,
            message: "front matter opened by `---` is never closed".into(),
            source_code: file.clone(),
            span: Span::line(file, 1).source_span(),
        });
    };
    let yaml = &rest[..close];
    let body_start =
        yaml_start + close + rest[close..].find('\n').map_or(rest.len() - close, |n| n + 1);
    if yaml.trim().is_empty() {
        return Ok((None, body_start));
    }
    if let Some(known) = known_title(yaml) {
        let title = known.map(|(value, range)| Spanned {
            text: value,
            span: Span::new(file, yaml_start + range.start..yaml_start + range.end),
        });
        return Ok((title, body_start));
    }
    let parsed: FrontMatter = serde_saphyr::from_str(yaml).map_err(|error| {
        let line = error.location().map_or(1, |at| at.line().max(1) as usize) + 1;
        let message = error.without_snippet().to_string();
        let message =
            message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
        ReadError::FrontMatter {
            path: crate::report::display_path(file.path()),
            line,
            message,
            source_code: file.clone(),
            span: Span::line(file, line).source_span(),
        }
    })?;
    let title = parsed.title.map(|title| {
        let at = title.referenced.span();
        let start = at.byte_offset().unwrap_or(0) as usize;
        let end = start + at.byte_len().unwrap_or(0) as usize;
        (title.value, start..end)
    });
    remember_title(yaml, title.clone());
    let title = title.map(|(value, range)| Spanned {
        text: value,
        span: Span::new(file, yaml_start + range.start..yaml_start + range.end),
    });
    Ok((title, body_start))
}

/// A front matter's title and where it is written in the YAML.
type Title = Option<(String, std::ops::Range<usize>)>;

/// Titles of front matters parsed well, by their YAML: the same page at two revisions, or copied
/// across many folders, is parsed once (a YAML parse costs more than the rest of a page's read).
/// Keyed by file text, so std's seeded hasher.
static TITLES: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, Title>>> =
    std::sync::LazyLock::new(Default::default);

/// The title of a front matter parsed before, if it was.
fn known_title(yaml: &str) -> Option<Title> {
    TITLES.lock().ok()?.get(yaml).cloned()
}

/// Keeps the title of a front matter parsed well.
fn remember_title(yaml: &str, title: Title) {
    if let Ok(mut titles) = TITLES.lock() {
        titles.insert(yaml.to_string(), title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<(Option<Spanned>, usize), ReadError> {
        front_matter(&Arc::new(SourceFile::new("p.md", text)))
    }

    #[test]
    fn front_matter_title_and_body() -> Result<(), ReadError> {
        let (title, body) = page("---\ntitle: \"Senior\"\n---\n## Senior\n")?;
        let title = title.map(|title| (title.text, title.span.line));
        assert_eq!(title, Some(("Senior".to_string(), 2)));
        assert_eq!(body, 24);
        Ok(())
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        assert!(matches!(
            page("---\ntitle: x\n## Senior\n"),
            Err(ReadError::FrontMatter { line: 1, .. })
        ));
    }

    #[test]
    fn malformed_front_matter_names_its_line() {
        let error = page("---\ntitle: x\ntags: [a\n---\nbody\n");
        assert!(
            matches!(error, Err(ReadError::FrontMatter { line, .. }) if line >= 3),
            "{error:?}"
        );
    }

    fn first_item(text: &str) -> ItemBlock {
        let file = Arc::new(SourceFile::new("p.md", text));
        super::super::blocks::parse(&file, 0, 16, &[])
            .into_iter()
            .find_map(|block| match block {
                Block::Item(item) => Some(item),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no item in {text}"))
    }

    #[test]
    fn a_short_label_holding_sub_bullets_is_a_topic() {
        let label = first_item("- Test Tooling\n  - Keeps the test helpers fast.\n");
        assert_eq!(label_topic(&label).map(|topic| topic.name), Some("Test Tooling".into()));
        let reworded = first_item("- Test Strategy (Quad Planning) & Test Coverage\n  - Plans.\n");
        assert!(label_topic(&reworded).is_some());
    }

    #[test]
    fn items_with_examples_lead_ins_and_verbs_are_not_topics() {
        for text in [
            "- Test Tooling\n",
            "- Interest in the following:\n  - Linux\n",
            "- Mentors others.\n  - Pairs on calls.\n",
            "- Leads test tooling\n  - Pairs on calls.\n",
            "- Shares what they learn across many teams and groups in the whole company\n  - Talks\n",
        ] {
            assert!(label_topic(&first_item(text)).is_none(), "{text}");
        }
    }

    #[test]
    fn an_annotation_for_one_framework_waits() {
        let file = Arc::new(SourceFile::new("p.md", "x"));
        let mut item = Item::new("x", Span::new(&file, 0..1));
        apply_annotation(&mut item, r#"new for=development escalates="Leads reviews""#);
        assert!(!item.new_here && item.escalates.is_none());
        assert_eq!(
            item.scoped,
            [("development".into(), r#"new escalates="Leads reviews""#.into())]
        );
    }

    #[test]
    fn annotation_words() {
        let file = Arc::new(SourceFile::new("p.md", "x"));
        let mut item = Item::new("x", Span::new(&file, 0..1));
        apply_annotation(&mut item, "new id=a1 allow=style,escalation");
        assert!(item.new_here);
        assert_eq!(item.id.as_deref(), Some("a1"));
        assert_eq!(item.allow, ["style", "escalation"]);
        apply_annotation(&mut item, r#"escalates="Leads design reviews" id=b2"#);
        assert_eq!(item.escalates.as_deref(), Some("Leads design reviews"));
        assert_eq!(item.id.as_deref(), Some("b2"));
    }
}
