//! Data formats other than handbook pages: telling them apart by content, and reading each with
//! its own reader into the one model (see docs/readers.md for adding one).

mod ft;
mod monzo;
mod snowflake;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{ReadError, Reader};
use crate::model::{Format, Framework, Group, Item, Level, Section, Topic, fold};
use crate::source::{SourceFile, Span};

/// The formats a file may be read as, said when a file is in none of them.
const KNOWN: &str = "ladder's YAML (`*.ladder.yml`), Monzo (Markdown with `topics` in its front \
                     matter), FT (YAML with `competencies`), Snowflake (JSON tracks with \
                     `milestones`)";

/// The data format `text` is written in, told from its content (and name for ladder's YAML), or
/// `None` when it is no framework format ladder knows.
pub(crate) fn sniff(path: &Path, text: &str) -> Option<Format> {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
    if name.ends_with(".ladder.yml") || name.ends_with(".ladder.yaml") {
        return Some(Format::Yaml);
    }
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("json") => {
            // Snowflake's `levels.json` beside the tracks has `milestones` too (a list of
            // numbers) but no milestone `summary`: it is no framework.
            let text = text.trim_start();
            let tracks = text.contains("\"milestones\"") && text.contains("\"summary\"");
            (text.starts_with('{') && tracks).then_some(Format::Snowflake)
        }
        Some("yml" | "yaml") => {
            let keys = top_level_keys(text);
            let has = |key: &str| keys.contains(&key);
            // An FT job family says `competencies`; FT's first layout is a bare list of them
            // (its levels in a file beside it).
            if has("competencies") || ft::is_first_layout(text) {
                Some(Format::Ft)
            } else if has("levels") && has("name") {
                Some(Format::Yaml)
            } else {
                None
            }
        }
        Some("md") => {
            let front = &text[..monzo::front_matter_end(text)?];
            let keys = top_level_keys(front);
            let has = |key: &str| keys.contains(&key);
            (has("topics") || (has("yaml") && has("levels"))).then_some(Format::Monzo)
        }
        _ => None,
    }
}

/// The keys of a YAML mapping's first level: lines that start with a key and a colon.
fn top_level_keys(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.chars().next().is_some_and(|first| first.is_ascii_alphabetic()))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .filter(|key| key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .collect()
}

impl Reader {
    /// Reads the data file at `path` as `format`, or as the format its content shows.
    pub(crate) fn read_data_file(
        &mut self,
        path: &Path,
        format: Option<Format>,
    ) -> Result<Vec<Framework>, Vec<ReadError>> {
        let file = self.sources.load(path).map_err(|error| vec![error.into()])?;
        let Some(format) = format.or_else(|| sniff(path, file.text())) else {
            return Err(vec![unknown_format(&file)]);
        };
        match format {
            Format::Yaml => self.read_yaml(path),
            Format::Markdown => Err(vec![ReadError::at(
                &Span::line(&file, 1),
                "`format: markdown` names a folder of level pages, not one file",
                "give the folder with `folder:` in ladder.yml, or name this file's format",
            )]),
            Format::Ft => self.read_ft(path),
            Format::Monzo => {
                let (framework, note) = monzo::read(&file, data_id(&file), &self.limits)?;
                self.notes.extend(note);
                Ok(vec![framework])
            }
            Format::Snowflake => {
                snowflake::read(&file, data_id(&file), &self.limits).map(|it| vec![it])
            }
        }
    }
}

/// A data file's framework id: its path as read, without its extension.
fn data_id(file: &SourceFile) -> String {
    let path = file.path();
    let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => path[..name_start + dot].to_string(),
        _ => path.to_string(),
    }
}

/// Items gathered by level number, for formats whose levels are numbered (Monzo levels,
/// Snowflake milestones): levels as written, in number order, each below the next.
pub(super) struct Cells {
    /// `level` or `milestone`: the key is `level-N`, the name `Level N`.
    word: &'static str,
    /// Each level's first place it is written, and its items in the order read.
    levels: BTreeMap<u32, (Span, Vec<Item>)>,
}

impl Cells {
    /// No cells yet; levels will be named by `word`.
    pub(super) fn new(word: &'static str) -> Self {
        Self { word, levels: BTreeMap::new() }
    }

    /// Adds `items` to level `number`, written at `at` if the level is new.
    pub(super) fn add(&mut self, number: u32, at: Span, items: Vec<Item>) {
        self.levels.entry(number).or_insert_with(|| (at, Vec::new())).1.extend(items);
    }

    /// Adds `items` to level `number`, which has been added before.
    pub(super) fn add_items(&mut self, number: u32, items: Vec<Item>) {
        if let Some((_, known)) = self.levels.get_mut(&number) {
            known.extend(items);
        }
    }

    /// The framework of these cells: one `Competencies` section per level, its items in one
    /// group without a name (topics are the items' own axis).
    pub(super) fn framework(
        self,
        file: &Arc<SourceFile>,
        id: String,
        name: String,
        format: Format,
        limits: &crate::limits::Limits,
    ) -> Result<Framework, Vec<ReadError>> {
        if self.levels.is_empty() {
            let message = "no level is written in this file";
            let help = format!("ladder reads {KNOWN}");
            return Err(vec![ReadError::at(&Span::line(file, 1), message, help)]);
        }
        let mut errors = Vec::new();
        let mut levels = Vec::new();
        for (index, (number, (span, items))) in self.levels.into_iter().enumerate() {
            let count = crate::limits::count(&items, |item| &item.children);
            if count > limits.items_per_level {
                errors.push(super::page::too_many_items(&span, count, limits.items_per_level));
            }
            levels.push(Level {
                key: format!("{}-{number}", self.word),
                name: format!("{} {number}", super::discover::title_case(self.word)),
                below: index.checked_sub(1),
                page: None,
                span: Some(span),
                sections: vec![Section {
                    name: "Competencies".into(),
                    heading: None,
                    groups: vec![Group { name: None, items }],
                }],
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Framework { id, name, format, levels, required_sections: Vec::new() })
    }
}

/// The span of a value read with serde-saphyr, without the line breaks a block scalar ends with.
pub(super) fn span_at(file: &Arc<SourceFile>, location: &serde_saphyr::Location) -> Span {
    let span = crate::yaml::span_of(file, location);
    let kept = span.text().trim_end().len();
    Span::new(file, span.range.start..span.range.start + kept)
}

/// An item whose text is `text`, under `topic`.
pub(super) fn item_at(
    file: &Arc<SourceFile>,
    text: &serde_saphyr::Spanned<String>,
    topic: Option<&Topic>,
) -> Item {
    let mut item = Item::new(fold(&text.value), span_at(file, &text.defined));
    item.topic = topic.cloned();
    item
}

/// A child of an item that illustrates it (`kind` is `example` or `signal`), not a competency;
/// under its item's topic.
pub(super) fn child(
    file: &Arc<SourceFile>,
    text: &serde_saphyr::Spanned<String>,
    kind: &str,
    topic: Option<&Topic>,
) -> Item {
    let mut item = item_at(file, text, topic);
    item.attributes.insert("kind".into(), kind.into());
    item
}

/// The diagnostic for a file given to ladder that is in no format it reads.
fn unknown_format(file: &std::sync::Arc<SourceFile>) -> ReadError {
    ReadError::at(
        &Span::line(file, 1),
        "this file is in no framework format ladder knows",
        format!(
            "ladder reads {KNOWN}; name the format with `format:` for this file in ladder.yml \
             if it is one of them"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_from_content() {
        let ft = "name: Platform\nsummary: x\nlevels:\n  - id: a\ncompetencies:\n  - id: 1\n";
        assert_eq!(sniff(Path::new("data/eng.yml"), ft), Some(Format::Ft));
        let monzo = "---\ntitle: Web\nlevels: 6\nyaml: true\ntopics:\n  - name: x\n---\nprose\n";
        assert_eq!(sniff(Path::new("web.md"), monzo), Some(Format::Monzo));
        let snowflake = "{\n  \"MOBILE\": {\"milestones\": [{\"summary\": \"x\"}]}\n}";
        assert_eq!(sniff(Path::new("tracks.json"), snowflake), Some(Format::Snowflake));
        let ladder = "name: Platform\nlevels:\n  - key: senior\n";
        assert_eq!(sniff(Path::new("platform.yml"), ladder), Some(Format::Yaml));
    }

    #[test]
    fn other_files_are_no_framework() {
        assert_eq!(sniff(Path::new(".gitlab-ci.yml"), "stages:\n  - test\n"), None);
        assert_eq!(sniff(Path::new("senior.md"), "---\ntitle: Senior\n---\n- item\n"), None);
        assert_eq!(sniff(Path::new("package.json"), "{\"name\": \"x\"}"), None);
        // Snowflake's levels.json, beside its tracks: milestones as numbers, no summary.
        let levels = "{\n  \"milestones\": [0, 1, 2],\n  \"titles\": [{\"label\": \"I\"}]\n}";
        assert_eq!(sniff(Path::new("levels.json"), levels), None);
        assert_eq!(sniff(Path::new("notes.md"), "no front matter"), None);
    }
}
