//! Monzo's progression framework: a Markdown file whose YAML front matter holds `topics`, each
//! a chain of `content` cells by `level` (numbered as written, a topic may start late), each cell
//! with `criteria` and `exampleCriteria` (a criterion with its examples). Files with `yaml:
//! false` are prose by level instead: `## Level N`, then `### Topic` headings over paragraphs.

use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Cells, child, item_at, span_at};
use crate::model::{Format, Framework, Item, Note, Topic, fold};
use crate::read::ReadError;
use crate::source::{SourceFile, Span};

/// Said with every error in a Monzo file.
const HELP: &str = "a Monzo framework is Markdown whose front matter has `title`, `levels` and \
                    `topics`: each `{name, title, content}`, `content` a list of `{level: N, \
                    criteria: [text], exampleCriteria: [{criteria: text, examples: [text]}]}`";

/// The front matter; keys Monzo's site uses for itself (`path`, `sidebarTitle`, …) are ignored.
#[derive(Debug, Deserialize)]
struct FrontDoc {
    #[serde(default)]
    title: Option<String>,
    /// `false` for prose files.
    #[serde(default)]
    yaml: Option<bool>,
    /// How many levels the site shows (a count, not a list; empty in prose files).
    #[serde(default)]
    levels: Option<u32>,
    #[serde(default)]
    topics: Option<Vec<TopicDoc>>,
}

/// One topic: a chain of cells by level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicDoc {
    name: Spanned<String>,
    /// The display name, often empty (then `name` is shown).
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    content: Vec<CellDoc>,
}

/// One cell: a topic at one level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CellDoc {
    level: Spanned<u32>,
    #[serde(default)]
    criteria: Vec<Spanned<String>>,
    #[serde(default)]
    example_criteria: Vec<ExampleDoc>,
}

/// A criterion with examples of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleDoc {
    criteria: Spanned<String>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
}

/// Reads the Monzo framework in `file`, whose id is `id`, with a note when its `levels` count
/// disagrees with the levels written (which are read as written).
pub(crate) fn read(
    file: &Arc<SourceFile>,
    id: String,
    limits: &crate::limits::Limits,
) -> Result<(Framework, Option<Note>), Vec<ReadError>> {
    let Some(end) = front_matter_end(file.text()) else {
        let message = "no front matter: a Monzo framework opens with YAML between two `---` lines";
        return Err(vec![ReadError::at(&Span::line(file, 1), message, HELP)]);
    };
    // The front matter alone, as a file of its own with the same name: a prefix of the text, so
    // errors and spans keep their lines and offsets.
    let front = Arc::new(SourceFile::new(file.path(), &file.text()[..end]));
    let documents: Vec<FrontDoc> = crate::yaml::parse_multiple_within(&front, HELP, limits)
        .map_err(|error| vec![error.into()])?;
    let Some(document) = documents.into_iter().next() else {
        let message = "the front matter is empty: a Monzo framework has `title` and `topics`";
        return Err(vec![ReadError::at(&Span::line(file, 1), message, HELP)]);
    };
    let name =
        document.title.filter(|title| !title.trim().is_empty()).unwrap_or_else(|| id.clone());
    let mut cells = Cells::new("level");
    match (document.topics, document.yaml) {
        (Some(topics), _) => {
            for topic in topics {
                add_topic(file, topic, &mut cells);
            }
        }
        (None, Some(false)) => prose(file, end, &mut cells),
        (None, _) => {
            let message = "no `topics` in the front matter, and no `yaml: false` for a prose file";
            return Err(vec![ReadError::at(&Span::line(file, 2), message, HELP)]);
        }
    }
    let framework = cells.framework(file, id, name, Format::Monzo, limits)?;
    let note = document.levels.and_then(|count| count_note(file, count, &framework));
    Ok((framework, note))
}

/// A note when `levels: N` is not the levels written, numbered 1 to N: Monzo's site shows
/// columns by the count, so a level written past it may not show there.
fn count_note(file: &SourceFile, count: u32, framework: &Framework) -> Option<Note> {
    let written: Vec<&str> =
        framework.levels.iter().map(|level| level.key.trim_start_matches("level-")).collect();
    let expected: Vec<String> = (1..=count).map(|number| number.to_string()).collect();
    if written.iter().copied().eq(expected.iter().map(String::as_str)) {
        return None;
    }
    let (first, last) = (written.first()?, written.last()?);
    let message = format!(
        "the front matter says `levels: {count}`, but the levels written are {first} to {last}; \
         read as written"
    );
    Some(Note { path: file.path().to_string(), message })
}

/// The byte offset where the front matter's closing `---` line starts, when the text opens with
/// front matter.
pub(super) fn front_matter_end(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = text.find('\n')? + 1;
    for line in text[offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The cells of one topic, each level's criteria then its example criteria.
fn add_topic(file: &Arc<SourceFile>, topic: TopicDoc, cells: &mut Cells) {
    let shown = topic.title.filter(|title| !title.value.trim().is_empty()).unwrap_or(topic.name);
    let named = Topic { name: shown.value.trim().to_string(), span: span_at(file, &shown.defined) };
    for cell in topic.content {
        let level = cell.level.value;
        let at = span_at(file, &cell.level.defined);
        let mut items: Vec<Item> =
            cell.criteria.iter().map(|criterion| item_at(file, criterion, Some(&named))).collect();
        for example in cell.example_criteria {
            let mut item = item_at(file, &example.criteria, Some(&named));
            item.children = example
                .examples
                .iter()
                .map(|text| child(file, text, "example", Some(&named)))
                .collect();
            items.push(item);
        }
        cells.add(level, at, items);
    }
}

/// A prose file: levels from `## Level N` headings, topics from `###` headings, one item per
/// paragraph (markup removed, link texts kept); text before the first level (an introduction)
/// is no item.
fn prose(file: &Arc<SourceFile>, front_end: usize, cells: &mut Cells) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    // The body starts after the closing `---` line of the front matter.
    let text = file.text();
    let body = text[front_end..].find('\n').map_or(text.len(), |end| front_end + end + 1);
    let mut level: Option<u32> = None;
    let mut topic: Option<Topic> = None;
    // The heading or paragraph being read: its words, its range, and its link texts.
    let mut open: Option<(String, std::ops::Range<usize>, Vec<String>)> = None;
    let mut link: Option<String> = None;
    for (event, range) in Parser::new(&text[body..]).into_offset_iter() {
        let range = range.start + body..range.end + body;
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) => {
                open = Some((String::new(), range, Vec::new()));
            }
            Event::Text(words) | Event::Code(words) => {
                if let Some((open, ..)) = open.as_mut() {
                    open.push_str(&words);
                }
                if let Some(link) = link.as_mut() {
                    link.push_str(&words);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((open, ..)) = open.as_mut() {
                    open.push(' ');
                }
            }
            Event::Start(Tag::Link { .. }) => link = Some(String::new()),
            Event::End(TagEnd::Link) => {
                if let (Some(words), Some((.., links))) = (link.take(), open.as_mut()) {
                    links.push(fold(&words));
                }
            }
            Event::End(TagEnd::Heading(depth)) => {
                let Some((words, range, _)) = open.take() else { continue };
                let words = fold(&words);
                let span = trimmed(file, range);
                if depth == pulldown_cmark::HeadingLevel::H2
                    && let Some(number) = level_number(&words)
                {
                    level = Some(number);
                    topic = None;
                    cells.add(number, span, Vec::new());
                } else if depth > pulldown_cmark::HeadingLevel::H2 {
                    topic = Some(Topic { name: words, span });
                } else {
                    // Another heading of a level's rank ends the levels: what follows is prose.
                    level = None;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let (Some((words, range, links)), Some(number)) = (open.take(), level) else {
                    continue;
                };
                let mut item = Item::new(fold(&words), trimmed(file, range));
                item.topic = topic.clone();
                item.link_texts = links;
                cells.add_items(number, vec![item]);
            }
            _ => {}
        }
    }
}

/// The span of `range` without the white space that ends it.
fn trimmed(file: &Arc<SourceFile>, range: std::ops::Range<usize>) -> Span {
    let kept = file.text()[range.clone()].trim_end().len();
    Span::new(file, range.start..range.start + kept)
}

/// N of a `Level N` heading.
fn level_number(words: &str) -> Option<u32> {
    let (word, number) = words.split_once(char::is_whitespace)?;
    word.eq_ignore_ascii_case("level").then(|| number.trim().parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Framework, Vec<ReadError>> {
        read_noted(text).map(|(framework, _)| framework)
    }

    fn read_noted(text: &str) -> Result<(Framework, Option<Note>), Vec<ReadError>> {
        let file = Arc::new(SourceFile::new("frameworks/team.md", text));
        read(&file, "frameworks/team".into(), &crate::limits::Limits::default())
    }

    fn texts(framework: &Framework, level: usize) -> Vec<String> {
        framework.levels[level].items().map(|found| found.item.text.clone()).collect()
    }

    #[test]
    fn topics_give_cells_and_levels_as_written() -> Result<(), Vec<ReadError>> {
        let text = "---\ntitle: \"Team\"\nlevels: 2\ntopics:\n  - name: \"craft\"\n    title:\n    content:\n      - level: 2\n        criteria:\n          - \"Writes tests.\"\n      - level: 3\n        criteria:\n          - \"Designs test plans.\"\n  - name: \"lead\"\n    title: \"Leading\"\n    content:\n      - level: 3\n        exampleCriteria:\n          - criteria: \"Runs the retro.\"\n            examples:\n              - \"Ran one in May.\"\n---\n";
        let (framework, note) = read_noted(text)?;
        let keys: Vec<&str> = framework.levels.iter().map(|level| level.key.as_str()).collect();
        assert_eq!(keys, ["level-2", "level-3"]);
        let note = note.map(|note| note.message).unwrap_or_default();
        assert!(note.contains("`levels: 2`, but the levels written are 2 to 3"), "{note}");
        let counted = text.replace("level: 2", "level: 1").replace("level: 3", "level: 2");
        assert!(read_noted(&counted)?.1.is_none(), "levels 1 to 2 as counted need no note");
        assert_eq!(framework.levels[1].below, Some(0));
        assert_eq!(
            texts(&framework, 1),
            ["Designs test plans.", "Runs the retro.", "Ran one in May."]
        );
        let retro = framework.levels[1].items().nth(1).map(|found| found.item.clone());
        let retro = retro.expect("an item");
        assert_eq!(retro.topic.map(|topic| topic.name), Some("Leading".to_string()));
        assert_eq!(retro.children[0].attributes.get("kind").map(String::as_str), Some("example"));
        assert_eq!((retro.origin.line, retro.origin.column), (19, 23));
        Ok(())
    }

    #[test]
    fn a_tab_after_a_dash_is_read_or_refused_at_its_line() {
        let text = "---\ntitle: T\ntopics:\n  - name: a\n    content:\n      - level: 1\n        criteria:\n          -\t\"Tabbed.\"\n---\n";
        match read_text(text) {
            Ok(framework) => assert_eq!(texts(&framework, 0), ["Tabbed."]),
            Err(errors) => assert!(format!("{}", errors[0]).contains(":8:"), "{}", errors[0]),
        }
    }

    #[test]
    fn prose_files_read_by_level_and_heading() -> Result<(), Vec<ReadError>> {
        let text = "---\ntitle: Design\nyaml: false\nlevels:\n---\n## Level 1\n\n### Craft\n\nSketches ideas\non paper.\n\nAsks for [`critique`](https://example.com/c).\n\n---\n\n## Level 2\n\n### Craft\n\nLeads critiques.\n";
        let framework = read_text(text)?;
        assert_eq!(texts(&framework, 0), ["Sketches ideas on paper.", "Asks for critique."]);
        assert_eq!(texts(&framework, 1), ["Leads critiques."]);
        let first = framework.levels[0].items().next().map(|found| found.item.clone());
        let first = first.expect("an item");
        assert_eq!(first.topic.map(|topic| topic.name), Some("Craft".to_string()));
        assert_eq!((first.origin.line, first.origin.column), (10, 1));
        assert_eq!(first.origin.text(), "Sketches ideas\non paper.");
        let linked = framework.levels[0].items().nth(1).map(|found| found.item.clone());
        assert_eq!(linked.map(|item| item.link_texts), Some(vec!["critique".to_string()]));
        Ok(())
    }

    #[test]
    fn wrong_shapes_are_errors_at_their_line() {
        let errors =
            read_text("---\ntitle: T\ntopics:\n  - name: a\n    content:\n      - level: x\n---\n")
                .expect_err("an error");
        assert!(format!("{}", errors[0]).contains("team.md:6:"), "{}", errors[0]);
        assert!(read_text("no front matter").is_err());
        assert!(read_text("---\ntitle: T\n---\n").is_err());
    }
}
