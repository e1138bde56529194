//! ladder's YAML framework format (`*.ladder.yml`): levels, sections, groups and items with
//! optional ids, explicit escalation links and items declared new, read into the same model as
//! handbook Markdown. The format itself is [`format`]; docs/yaml-format.md describes it.
//!
//! A file holds one framework per YAML document. Everything that would make the model lie (a
//! duplicate level, a `below` or `escalates` that names nothing) is an input error at its line.

pub mod format;

use std::path::Path;
use std::sync::Arc;

use serde_saphyr::Spanned;

use self::format::{FrameworkDoc, GroupDoc, ItemDoc, LevelDoc, SectionDoc};
use super::{ReadError, Reader};
use crate::model::{Format, Framework, Group, Item, Level, Section, fold};
use crate::source::{SourceFile, Span};
use crate::yaml::{YamlError, parse_multiple_within, span_of};

/// Said with every error in a YAML framework.
const HELP: &str = "a YAML framework has `name`, `levels` (each with `key` and `sections`) and \
                    optional `id` and `required-sections` (see docs/yaml-format.md)";

/// File name endings that mark a YAML framework, longest first.
const SUFFIXES: &[&str] = &[".ladder.yml", ".ladder.yaml", ".yml", ".yaml"];

impl Reader {
    /// Reads every framework of the YAML file at `path`, one per document; every problem of
    /// the file is reported, not only the first.
    pub(crate) fn read_yaml(&mut self, path: &Path) -> Result<Vec<Framework>, Vec<ReadError>> {
        let file = self.sources.load(path).map_err(|error| vec![error.into()])?;
        let documents: Vec<FrameworkDoc> =
            parse_multiple_within(&file, HELP, &self.limits).map_err(|error| vec![error.into()])?;
        if documents.is_empty() {
            let message = "no framework in this file: it holds no YAML document";
            return Err(vec![
                YamlError::at(&Span::line(&file, 1), message, Some(HELP.into())).into(),
            ]);
        }
        let stem = default_id(path);
        let several = documents.len() > 1;
        let mut frameworks = Vec::new();
        let mut errors = Vec::new();
        for (index, document) in documents.into_iter().enumerate() {
            let id = document.id.clone().unwrap_or_else(|| {
                if several { format!("{stem}#{}", index + 1) } else { stem.clone() }
            });
            let mut build =
                Build { reader: self, file: &file, errors: Vec::new(), escalation: None };
            let framework = build.framework(document, id);
            build.check_limits(&framework);
            if build.errors.is_empty() {
                if let Some(mode) = build.escalation {
                    self.escalation.push((framework.id.clone(), mode));
                }
                frameworks.push(framework);
            } else {
                errors.append(&mut build.errors);
            }
        }
        if errors.is_empty() { Ok(frameworks) } else { Err(errors) }
    }
}

/// The id of a framework whose document names none: its file name without the YAML suffix.
fn default_id(path: &Path) -> String {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("framework");
    SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(name)
        .to_string()
}

/// Building one framework from its document, gathering every error on the way.
struct Build<'a> {
    reader: &'a Reader,
    file: &'a Arc<SourceFile>,
    errors: Vec<ReadError>,
    /// The escalation the document sets for itself.
    escalation: Option<crate::model::Escalation>,
}

/// A walk of items and their sub-items ([`crate::limits::count`] or [`crate::limits::depth`]).
type Measure = fn(&[Item], fn(&Item) -> &[Item]) -> usize;

impl Build<'_> {
    /// Every level within the limits: items per level (aliases expanded) and nesting depth.
    fn check_limits(&mut self, framework: &Framework) {
        let limits = self.reader.limits;
        for level in &framework.levels {
            let at = level.span.clone().unwrap_or_else(|| Span::line(self.file, 1));
            let groups = level.sections.iter().flat_map(|section| &section.groups);
            let walk = |measure: Measure| {
                groups.clone().map(move |group| measure(&group.items, |item| &item.children))
            };
            let count: usize = walk(crate::limits::count).sum();
            if count > limits.items_per_level {
                let error = super::page::too_many_items(&at, count, limits.items_per_level);
                self.errors.push(error);
            }
            let depth = walk(crate::limits::depth).max().unwrap_or(0);
            if depth > limits.nesting_depth {
                let message =
                    format!("items nested {depth} deep, more than {}", limits.nesting_depth);
                let help = "flatten the items, or raise `limits: nesting-depth:` in ladder.yml";
                self.errors.push(ReadError::at(&at, message, help));
            }
        }
    }
}

/// An `escalates` link as written, to check once the level below is known.
struct Link {
    target: String,
    span: Span,
}

impl Build<'_> {
    fn error(&mut self, span: &Span, message: String, help: &str) {
        self.errors.push(YamlError::at(span, message, Some(help.to_string())).into());
    }

    /// The span of a value, without the line breaks a block scalar ends with.
    fn span(&self, location: &serde_saphyr::Location) -> Span {
        let span = span_of(self.file, location);
        let kept = span.text().trim_end().len();
        Span::new(self.file, span.range.start..span.range.start + kept)
    }

    fn framework(&mut self, document: FrameworkDoc, id: String) -> Framework {
        let required_sections = document
            .required_sections
            .unwrap_or_else(|| self.reader.rules.required_sections.clone());
        let mut framework = Framework {
            id,
            name: document.name,
            format: Format::Yaml,
            levels: Vec::new(),
            required_sections,
        };
        if let Some(escalation) = &document.escalation {
            match crate::model::Escalation::from_name(&escalation.value) {
                Some(mode) => self.escalation = Some(mode),
                None => {
                    let span = self.span(&escalation.referenced);
                    let message = format!("unknown escalation `{}`", escalation.value);
                    self.error(&span, message, "escalation is `item` or `topic`");
                }
            }
        }
        if document.levels.value.is_empty() {
            let span = self.span(&document.levels.defined);
            self.error(&span, "a framework needs at least one level".into(), HELP);
        }
        let keys: Vec<String> =
            document.levels.value.iter().map(|level| level.key.value.clone()).collect();
        for (index, level) in document.levels.value.into_iter().enumerate() {
            let level = self.level(level, index, &keys, &framework);
            framework.levels.push(level);
        }
        framework
    }

    fn level(
        &mut self,
        document: LevelDoc,
        index: usize,
        keys: &[String],
        framework: &Framework,
    ) -> Level {
        let key = document.key.value;
        let span = self.span(&document.key.defined);
        if let Some(first) = framework.levels.iter().find(|level| level.key == key) {
            let line = first.span.as_ref().map_or(0, |span| span.line);
            let message = format!("level `{key}` is defined twice (first at line {line})");
            self.error(&span, message, "give each level its own key");
        }
        let below = match document.below {
            None => index.checked_sub(1),
            Some(named) => self.below(&named, keys, framework),
        };
        let name = document.name.unwrap_or_else(|| {
            self.reader
                .rules
                .level(&key)
                .map_or_else(|| super::discover::title_case(&key), |(_, word)| word.name.clone())
        });
        let mut links = Vec::new();
        let sections = document
            .sections
            .into_iter()
            .map(|section| self.section(section, &mut links))
            .collect();
        let level = Level { key, name, below, page: None, span: Some(span), sections };
        self.check_ids(&level);
        for link in links {
            self.check_link(&link, &level, below.and_then(|below| framework.levels.get(below)));
        }
        level
    }

    /// The index of the level `below:` names, which must be listed before.
    fn below(
        &mut self,
        named: &Spanned<String>,
        keys: &[String],
        framework: &Framework,
    ) -> Option<usize> {
        let found = framework.levels.iter().position(|level| level.key == named.value);
        if found.is_none() {
            let span = self.span(&named.defined);
            let key = &named.value;
            let (message, help) = if keys.contains(key) {
                (
                    format!("`below: {key}` names a level listed after this one"),
                    "list levels lowest first: the level below comes before",
                )
            } else {
                (
                    format!("`below: {key}` names a level that is not defined"),
                    "name the key of a level listed before this one",
                )
            };
            self.error(&span, message, help);
        }
        found
    }

    fn section(&mut self, document: SectionDoc, links: &mut Vec<Link>) -> Section {
        let written = document.name.value;
        let name =
            self.reader.rules.section_of(&written).map_or_else(|| written.clone(), str::to_string);
        let heading =
            crate::model::Spanned { text: written, span: self.span(&document.name.defined) };
        let mut groups = Vec::new();
        if let Some(items) = document.items {
            let items = self.items(items, links);
            groups.push(Group { name: None, items });
        }
        for GroupDoc { name, items } in document.groups {
            let items = self.items(items, links);
            groups.push(Group { name, items });
        }
        Section { name, heading: Some(heading), groups }
    }

    fn items(&mut self, documents: Vec<Spanned<ItemDoc>>, links: &mut Vec<Link>) -> Vec<Item> {
        documents.into_iter().map(|document| self.item(document, links)).collect()
    }

    /// An item; one reached through a YAML alias keeps the alias as `via`, as an item from an
    /// include keeps its shortcode: written once at the anchor, shown where the alias is.
    fn item(&mut self, document: Spanned<ItemDoc>, links: &mut Vec<Link>) -> Item {
        let via =
            (document.referenced != document.defined).then(|| self.span(&document.referenced));
        let mut item = self.item_at(document.value, &document.defined, links);
        item.via = via;
        item
    }

    fn item_at(
        &mut self,
        document: ItemDoc,
        defined: &serde_saphyr::Location,
        links: &mut Vec<Link>,
    ) -> Item {
        match document {
            ItemDoc::Text(text) => Item::new(fold(&text), self.span(defined)),
            ItemDoc::Full(fields) => {
                let mut item = Item::new(fold(&fields.text.value), self.span(&fields.text.defined));
                let fields = *fields;
                item.id = fields.id;
                item.new_here = fields.new;
                item.allow = fields.allow;
                item.topic = fields.topic.map(|topic| crate::model::Topic {
                    span: self.span(&topic.defined),
                    name: topic.value,
                });
                if let Some(target) = fields.escalates {
                    let span = self.span(&target.defined);
                    links.push(Link { target: target.value.clone(), span });
                    item.escalates = Some(target.value);
                }
                item.attributes = fields.attributes;
                item.children = self.items(fields.items, links);
                item
            }
        }
    }

    /// An id names one item of its level, so that a link to it is never ambiguous.
    fn check_ids(&mut self, level: &Level) {
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for found in level.items() {
            let Some(id) = found.item.id.as_deref() else { continue };
            match seen.iter().find(|(known, _)| *known == id) {
                Some((_, line)) => {
                    let message = format!(
                        "id `{id}` is used twice in level `{}` (first at line {line})",
                        level.key
                    );
                    let span = found.item.origin.clone();
                    self.error(&span, message, "give each item of a level its own id");
                }
                None => seen.push((id, found.item.origin.line)),
            }
        }
    }

    /// An `escalates` target must be an item of the level below, by id or by text.
    fn check_link(&mut self, link: &Link, level: &Level, below: Option<&Level>) {
        let target = &link.target;
        let Some(below) = below else {
            let message =
                format!("item escalates `{target}`, but level `{}` has no level below", level.key);
            return self.error(&link.span, message, "remove `escalates`, or declare `new: true`");
        };
        let normalized = crate::model::normalize(target);
        let found = below.items().any(|found| {
            found.item.id.as_deref() == Some(target.as_str()) || found.item.normalized == normalized
        });
        if !found {
            let message = format!(
                "item escalates `{target}`, but no item of level `{}` (the level below) has that id or text",
                below.key
            );
            let help =
                "write the id or the text of an item of the level below, or declare `new: true`";
            self.error(&link.span, message, help);
        }
    }
}

#[cfg(test)]
mod tests;
