//! The Financial Times' engineering progression (engineering-progression.ft.com), in every layout
//! its data has had:
//!
//! - a job family (`data/job-families/*.yml`, and `data/roles/*.yml` before it): `name`, `levels`
//!   and `themes` with ids, then a flat `competencies` list, each at a level and a theme;
//! - the first layout (2019–2022): `data/competencies.yml`, a bare list of competencies with an
//!   `area` (the theme), read with `data/levels.yml` beside it when there is one.
//!
//! Each level holds one `Competencies` section whose items are the competencies' summaries, the
//! theme as their topic, the proficiency as an attribute and the examples as children of kind
//! `example`. Levels that branch into individual-contributor and manager rungs keep one level
//! below each (see [`below_edges`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::{Format, Framework, Group, Item, Level, Section, Topic, fold};
use crate::read::{ReadError, Reader};
use crate::source::{SourceFile, Span};
use crate::yaml::{YamlError, parse_multiple_within, span_of};

/// Said with every error in an FT file.
const HELP: &str = "an FT job family has `name`, `levels` and `themes` (each with `id` and \
                    `name`) and `competencies` (each with `id`, `level`, `theme`, `summary`); \
                    the first layout is a list of competencies with `level` and `area`, beside \
                    `levels.yml`";

/// The one section every FT level holds.
const SECTION: &str = "Competencies";

/// A job family file: levels, themes and the competencies that fill them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FamilyDoc {
    /// Name shown to people.
    name: String,
    /// What the family covers (not read into the model).
    #[serde(default)]
    #[allow(dead_code)]
    summary: Option<String>,
    /// The spreadsheet the data is kept in upstream (not read).
    #[serde(default)]
    #[allow(dead_code)]
    google_sheet_id: Option<String>,
    /// Whether the family is kept for the record only (not read).
    #[serde(default)]
    #[allow(dead_code)]
    is_legacy: Option<bool>,
    /// Levels, lowest first (rungs of one level listed side by side).
    levels: Spanned<Vec<LevelDoc>>,
    /// Themes, in the order shown.
    #[serde(default)]
    themes: Vec<ThemeDoc>,
    /// Competencies, each naming its level and theme.
    #[serde(default)]
    competencies: Vec<Spanned<CompetencyDoc>>,
}

/// One level of `levels` (in a job family or in `levels.yml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelDoc {
    /// Its id, as competencies name it.
    id: Spanned<String>,
    /// Name shown to people.
    #[serde(default)]
    name: Option<String>,
    /// What the level expects, as a whole (not read into the model).
    #[serde(default)]
    #[allow(dead_code)]
    summary: Option<String>,
}

/// One theme of a job family.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeDoc {
    /// Its id, as competencies name it.
    id: Spanned<String>,
    /// Name shown to people.
    #[serde(default)]
    name: Option<String>,
    /// What the theme covers (not read into the model).
    #[serde(default)]
    #[allow(dead_code)]
    summary: Option<String>,
}

/// One competency, in any layout.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CompetencyDoc {
    /// Its UUID.
    #[serde(default)]
    id: Option<Spanned<String>>,
    /// The level id it sits at.
    level: Spanned<String>,
    /// The theme id it sits in (job families).
    #[serde(default)]
    theme: Option<Spanned<String>>,
    /// The theme id it sits in (the first layout's name for it).
    #[serde(default)]
    area: Option<Spanned<String>>,
    /// A specialism it belongs to (the first layout; mostly null).
    #[serde(default)]
    domain: Option<String>,
    /// What the competency asks: the item's text.
    summary: Spanned<String>,
    /// A longer description (the first layout's drafts; not read).
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    /// How deep the competency goes (Awareness … Expert).
    #[serde(default)]
    proficiency: Option<String>,
    /// Examples of the competency shown, read as children of the item.
    #[serde(default)]
    examples: Option<Vec<Spanned<String>>>,
    /// Links to further reading (not read into the model).
    #[serde(default)]
    #[allow(dead_code)]
    supporting_urls: Option<Vec<UrlDoc>>,
}

/// A supporting link of a competency.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UrlDoc {
    /// The link's text.
    label: String,
    /// Where it leads.
    url: String,
}

/// Whether `text` is the first layout's `competencies.yml`: a bare list of mappings with a
/// `summary` and a `level`.
pub(crate) fn is_first_layout(text: &str) -> bool {
    let first =
        text.lines().map(str::trim_end).find(|line| !line.is_empty() && !line.starts_with('#'));
    let keyed = |key: &str| {
        text.lines().any(|line| {
            let line = line.trim_start_matches([' ', '-']);
            line.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
        })
    };
    first.is_some_and(|line| line.starts_with("- ") || line == "-")
        && keyed("summary")
        && keyed("level")
}

impl Reader {
    /// Reads an FT file: a job family, or the first layout's list of competencies with the
    /// `levels.yml` beside it.
    pub(crate) fn read_ft(&mut self, path: &Path) -> Result<Vec<Framework>, Vec<ReadError>> {
        let file = self.sources.load(path).map_err(|error| vec![error.into()])?;
        let id = super::data_id(&file);
        let framework = if is_first_layout(file.text()) {
            let competencies: Vec<Spanned<CompetencyDoc>> = self.parse_one(&file)?;
            let levels_path = path.with_file_name("levels.yml");
            let levels = if self.sources.tree().is_file(&levels_path) {
                let levels_file =
                    self.sources.load(&levels_path).map_err(|error| vec![error.into()])?;
                Some((self.parse_one::<Vec<LevelDoc>>(&levels_file)?, levels_file))
            } else {
                None
            };
            let name = crate::read::discover::title_case(&file_stem(path));
            Build::new(&file, id, name).first_layout(competencies, levels)?
        } else {
            let family: FamilyDoc = self.parse_one(&file)?;
            Build::new(&file, id, family.name.clone()).family(family)?
        };
        Ok(vec![framework])
    }

    /// The one YAML document of `file` as `T`.
    fn parse_one<T: serde::de::DeserializeOwned>(
        &self,
        file: &Arc<SourceFile>,
    ) -> Result<T, Vec<ReadError>> {
        let mut documents: Vec<T> =
            parse_multiple_within(file, HELP, &self.limits).map_err(|error| vec![error.into()])?;
        match documents.len() {
            1 => Ok(documents.remove(0)),
            count => {
                let message = if count == 0 {
                    "this FT file holds no YAML document".to_string()
                } else {
                    format!("this FT file holds {count} YAML documents; FT keeps one per file")
                };
                Err(vec![YamlError::at(&Span::line(file, 1), message, Some(HELP.into())).into()])
            }
        }
    }
}

/// The file name without extension.
fn file_stem(path: &Path) -> String {
    path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("competencies").to_string()
}

/// A level as declared, before its items are placed.
struct Declared {
    key: String,
    name: String,
    span: Span,
}

/// Building one framework from an FT file, gathering every error on the way.
struct Build<'a> {
    file: &'a Arc<SourceFile>,
    id: String,
    name: String,
    errors: Vec<ReadError>,
}

impl<'a> Build<'a> {
    fn new(file: &'a Arc<SourceFile>, id: String, name: String) -> Self {
        Self { file, id, name, errors: Vec::new() }
    }

    fn error(&mut self, span: &Span, message: String, help: String) {
        self.errors.push(YamlError::at(span, message, Some(help)).into());
    }

    /// A job family: levels and themes as declared, competencies placed in them.
    fn family(mut self, family: FamilyDoc) -> Result<Framework, Vec<ReadError>> {
        if family.levels.value.is_empty() {
            let span = span_of(self.file, &family.levels.defined);
            self.error(&span, "a job family needs at least one level".into(), HELP.into());
        }
        let levels = self.declared_levels(family.levels.value, self.file.clone());
        let mut themes: HashMap<String, Topic> = HashMap::new();
        for theme in family.themes {
            let span = text_span(self.file, &theme.id.defined);
            let name = theme.name.unwrap_or_else(|| theme.id.value.clone());
            if themes.insert(theme.id.value.clone(), Topic { name, span: span.clone() }).is_some() {
                let message = format!("theme `{}` is declared twice", theme.id.value);
                self.error(&span, message, "give each theme its own id".into());
            }
        }
        let mut theme_ids: Vec<&String> = themes.keys().collect();
        theme_ids.sort();
        let known = theme_ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
        let mut placed = Vec::new();
        for competency in family.competencies {
            let competency = competency.value;
            let Some(theme) = competency.theme.as_ref().or(competency.area.as_ref()) else {
                let span = text_span(self.file, &competency.summary.defined);
                let message = "this competency names no `theme`".to_string();
                self.error(&span, message, format!("give it one of the themes: {known}"));
                continue;
            };
            let topic = match themes.get(&theme.value) {
                Some(topic) => topic.clone(),
                None => {
                    let span = text_span(self.file, &theme.defined);
                    let message = format!(
                        "theme `{}` is not one of the themes listed in `themes`",
                        theme.value
                    );
                    self.error(&span, message, format!("the themes are {known}"));
                    continue;
                }
            };
            placed.push((competency, topic));
        }
        self.assemble(levels, placed)
    }

    /// The first layout: levels from `levels.yml` (or, without it, in the order competencies
    /// name them), themes from each competency's `area`.
    fn first_layout(
        mut self,
        competencies: Vec<Spanned<CompetencyDoc>>,
        levels: Option<(Vec<LevelDoc>, Arc<SourceFile>)>,
    ) -> Result<Framework, Vec<ReadError>> {
        let declared = match levels {
            Some((levels, levels_file)) => self.declared_levels(levels, levels_file),
            None => {
                let mut found: Vec<Declared> = Vec::new();
                for competency in &competencies {
                    let key = &competency.value.level.value;
                    if !found.iter().any(|level| &level.key == key) {
                        found.push(Declared {
                            key: key.clone(),
                            name: crate::read::discover::title_case(key),
                            span: text_span(self.file, &competency.value.level.defined),
                        });
                    }
                }
                found
            }
        };
        let mut placed = Vec::new();
        for competency in competencies {
            let competency = competency.value;
            let Some(area) = competency.area.as_ref().or(competency.theme.as_ref()) else {
                let span = text_span(self.file, &competency.summary.defined);
                let message = "this competency names no `area`".to_string();
                self.error(&span, message, "give it the area (theme) it belongs to".into());
                continue;
            };
            let topic = Topic {
                name: crate::read::discover::title_case(&area.value),
                span: text_span(self.file, &area.defined),
            };
            placed.push((competency, topic));
        }
        self.assemble(declared, placed)
    }

    /// Levels as declared, each id once.
    fn declared_levels(&mut self, levels: Vec<LevelDoc>, file: Arc<SourceFile>) -> Vec<Declared> {
        let mut declared: Vec<Declared> = Vec::new();
        for level in levels {
            let span = text_span(&file, &level.id.defined);
            if let Some(first) = declared.iter().find(|known| known.key == level.id.value) {
                let message = format!(
                    "level `{}` is declared twice (first at line {})",
                    first.key, first.span.line
                );
                self.error(&span, message, "give each level its own id".into());
                continue;
            }
            let name =
                level.name.unwrap_or_else(|| crate::read::discover::title_case(&level.id.value));
            declared.push(Declared { key: level.id.value, name, span });
        }
        declared
    }

    /// The framework: each competency an item of its level, in the order written.
    fn assemble(
        mut self,
        declared: Vec<Declared>,
        placed: Vec<(CompetencyDoc, Topic)>,
    ) -> Result<Framework, Vec<ReadError>> {
        let keys: Vec<String> = declared.iter().map(|level| level.key.clone()).collect();
        let known = keys.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
        let mut items: Vec<Vec<Item>> = vec![Vec::new(); declared.len()];
        for (competency, topic) in placed {
            let Some(at) = keys.iter().position(|key| *key == competency.level.value) else {
                let span = text_span(self.file, &competency.level.defined);
                let message = format!(
                    "level `{}` is not one of the levels this framework lists",
                    competency.level.value
                );
                self.error(&span, message, format!("the levels are {known}"));
                continue;
            };
            match self.item(competency, topic) {
                Some(item) => items[at].push(item),
                None => continue,
            }
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        label_recurring(&mut items);
        let below = below_edges(&keys);
        let levels = declared
            .into_iter()
            .zip(items)
            .zip(below)
            .map(|((level, items), below)| Level {
                key: level.key,
                name: level.name,
                below,
                page: None,
                span: Some(level.span),
                sections: vec![Section {
                    name: SECTION.into(),
                    heading: None,
                    groups: vec![Group { name: None, items }],
                }],
            })
            .collect();
        Ok(Framework {
            id: self.id,
            name: self.name,
            format: Format::Ft,
            levels,
            required_sections: Vec::new(),
        })
    }

    /// The item of one competency: its summary folded to one line, its examples as children.
    fn item(&mut self, competency: CompetencyDoc, topic: Topic) -> Option<Item> {
        let text = fold(&competency.summary.value);
        let span = text_span(self.file, &competency.summary.defined);
        if text.is_empty() {
            let message = "this competency's `summary` is empty".to_string();
            self.error(&span, message, "write what the competency asks in `summary`".into());
            return None;
        }
        let mut item = Item::new(text, span);
        item.id = competency.id.map(|id| id.value);
        item.topic = Some(topic.clone());
        if let Some(proficiency) = competency.proficiency {
            item.attributes.insert("proficiency".into(), proficiency);
        }
        if let Some(domain) = competency.domain {
            item.attributes.insert("domain".into(), domain);
        }
        for example in competency.examples.unwrap_or_default() {
            let text = fold(&example.value);
            if text.is_empty() {
                continue;
            }
            let mut child = Item::new(text, text_span(self.file, &example.defined));
            child.topic = Some(topic.clone());
            child.attributes.insert("kind".into(), "example".into());
            item.children.push(child);
        }
        Some(item)
    }
}

/// The span of a scalar's text: past a block scalar's `|` or `>` line and a quote, without the
/// line breaks it ends with.
fn text_span(file: &Arc<SourceFile>, location: &serde_saphyr::Location) -> Span {
    let span = span_of(file, location);
    let text = span.text();
    let mut start = 0;
    if text.starts_with(['|', '>']) {
        start = text.find('\n').map_or(text.len(), |at| at + 1);
    }
    start += text[start..].len() - text[start..].trim_start().len();
    if text[start..].starts_with(['"', '\'']) {
        start += 1;
    }
    let end = start + text[start..].trim_end().trim_end_matches(['"', '\'']).len();
    Span::new(file, span.range.start + start..span.range.start + end.max(start))
}

/// Marks summaries that are short labels reused across levels: the same summary in the same
/// theme at another level (as FT's operations family writes them, the level's text in the
/// examples), so checks follow the chain by label and never call it a copy.
fn label_recurring(levels: &mut [Vec<Item>]) {
    let mut seen: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (at, items) in levels.iter().enumerate() {
        for item in items {
            let theme = item.topic.as_ref().map(Topic::key).unwrap_or_default();
            let levels = seen.entry((theme, item.normalized.clone())).or_default();
            if !levels.contains(&at) {
                levels.push(at);
            }
        }
    }
    for items in levels.iter_mut() {
        for item in items.iter_mut() {
            let theme = item.topic.as_ref().map(Topic::key).unwrap_or_default();
            if seen.get(&(theme, item.normalized.clone())).is_some_and(|at| at.len() > 1) {
                item.attributes.insert("label".into(), item.text.clone());
            }
        }
    }
}

/// The level below each level. Rungs of one level are listed side by side with ids that differ
/// only in a last part that is a track, not a number (`senior-2-ic`, `senior-2-pm`; never
/// `senior-1`, `senior-2`). A rung sits above the rung of its own track in the rungs listed just
/// before (`principal-ic` above `senior-2-ic`), else above the level listed before its rungs (both
/// Senior 2 rungs above Senior 1). Any other level sits above the level listed before it (FT lists
/// the manager rung last, so a level above both rungs continues the manager's track, as the
/// Technology Director does).
fn below_edges(keys: &[String]) -> Vec<Option<usize>> {
    let split = |key: &str| {
        key.rsplit_once('-')
            .filter(|(_, track)| track.chars().all(|c| c.is_ascii_alphabetic()))
            .map(|(stem, track)| (stem.to_string(), track.to_string()))
    };
    // Runs of adjacent levels sharing a stem: the rungs of one level.
    let mut rungs: Vec<Option<(String, String)>> = vec![None; keys.len()];
    for at in 0..keys.len() {
        let Some((stem, track)) = split(&keys[at]) else { continue };
        let sibling = |other: usize| split(&keys[other]).is_some_and(|(s, _)| s == stem);
        if (at > 0 && sibling(at - 1)) || (at + 1 < keys.len() && sibling(at + 1)) {
            rungs[at] = Some((stem, track));
        }
    }
    let mut below: Vec<Option<usize>> = Vec::with_capacity(keys.len());
    // The rungs of the group listed just before, by track; the level before the current group.
    let mut previous: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: BTreeMap<String, usize> = BTreeMap::new();
    let mut group_below: Option<usize> = None;
    for at in 0..keys.len() {
        let edge = match &rungs[at] {
            Some((stem, track)) => {
                let starts = at == 0 || rungs[at - 1].as_ref().is_none_or(|(s, _)| s != stem);
                if starts {
                    previous = std::mem::take(&mut current);
                    group_below = at.checked_sub(1);
                }
                current.insert(track.clone(), at);
                previous.get(track).copied().or(group_below)
            }
            None => {
                previous.clear();
                current.clear();
                at.checked_sub(1)
            }
        };
        below.push(edge);
    }
    below
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn rungs_sit_above_the_level_before_them_and_their_own_track() {
        let levels = keys(&[
            "junior",
            "engineer",
            "senior-1",
            "senior-2-ic",
            "senior-2-pm",
            "principal-ic",
            "principal-pm",
            "tech-director",
        ]);
        let below = below_edges(&levels);
        assert_eq!(below, [None, Some(0), Some(1), Some(2), Some(2), Some(3), Some(4), Some(6)]);
    }

    #[test]
    fn levels_in_a_row_sit_above_the_one_before() {
        let levels = keys(&["junior", "senior-1", "senior-2", "senior2-to-principal"]);
        assert_eq!(below_edges(&levels), [None, Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn the_first_layout_is_told_by_its_shape() {
        assert!(is_first_layout("# Junior\n\n- id: x\n  summary: A\n  level: junior\n"));
        assert!(!is_first_layout("- id: junior\n  name: Junior\n  summary: x\n"));
        assert!(!is_first_layout("name: x\ncompetencies:\n  - summary: a\n    level: b\n"));
    }
}
