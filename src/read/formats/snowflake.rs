//! Medium's Snowflake: a JSON object of tracks (`MOBILE`, `WEB_CLIENT`, …), each with a
//! `displayName`, a `category` (A–D) and five `milestones`, each a `summary` with `signals` and
//! `examples`. Tracks are topics; milestone N is level `milestone-N`. JSON is YAML, so
//! serde-saphyr reads it with the place of every value.

use std::sync::Arc;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Cells, child, item_at, span_at};
use crate::model::{Format, Framework, Topic};
use crate::read::ReadError;
use crate::source::{SourceFile, Span};

/// Said with every error in a Snowflake file.
const HELP: &str = "a Snowflake framework is a JSON object of tracks, each `{displayName, \
                    category, description, milestones: [{summary, signals: [text], examples: \
                    [text]}]}`";

/// One track: a topic with a chain of milestones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TrackDoc {
    display_name: Spanned<String>,
    #[serde(default)]
    category: Option<String>,
    #[allow(dead_code)]
    #[serde(default)]
    description: Option<String>,
    milestones: Vec<MilestoneDoc>,
}

/// One milestone of a track.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneDoc {
    summary: Spanned<String>,
    #[serde(default)]
    signals: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
}

/// The tracks in the order written (a map would sort them).
struct Tracks(Vec<(String, TrackDoc)>);

impl<'de> Deserialize<'de> for Tracks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TracksVisitor)
    }
}

struct TracksVisitor;

impl<'de> Visitor<'de> for TracksVisitor {
    type Value = Tracks;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an object of tracks by id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tracks, A::Error> {
        let mut tracks = Vec::new();
        while let Some(entry) = map.next_entry::<String, TrackDoc>()? {
            tracks.push(entry);
        }
        Ok(Tracks(tracks))
    }
}

/// Reads the Snowflake tracks in `file` as one framework whose id is `id`.
pub(crate) fn read(
    file: &Arc<SourceFile>,
    id: String,
    limits: &crate::limits::Limits,
) -> Result<Framework, Vec<ReadError>> {
    let documents: Vec<Tracks> = crate::yaml::parse_multiple_within(file, HELP, limits)
        .map_err(|error| vec![error.into()])?;
    let Some(Tracks(tracks)) = documents.into_iter().next() else {
        let message = "this file holds no tracks";
        return Err(vec![ReadError::at(&Span::line(file, 1), message, HELP)]);
    };
    let mut cells = Cells::new("milestone");
    for (_, track) in tracks {
        let topic = Topic {
            name: track.display_name.value.trim().to_string(),
            span: span_at(file, &track.display_name.defined),
        };
        for (index, milestone) in track.milestones.into_iter().enumerate() {
            let mut item = item_at(file, &milestone.summary, Some(&topic));
            if let Some(category) = &track.category {
                item.attributes.insert("category".into(), category.clone());
            }
            let signals =
                milestone.signals.iter().map(|text| child(file, text, "signal", Some(&topic)));
            let examples =
                milestone.examples.iter().map(|text| child(file, text, "example", Some(&topic)));
            item.children = signals.chain(examples).collect();
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            cells.add(number, item.origin.clone(), vec![item]);
        }
    }
    cells.framework(file, id, "Snowflake".into(), Format::Snowflake, limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Framework, Vec<ReadError>> {
        let file = Arc::new(SourceFile::new("tracks.json", text));
        read(&file, "tracks".into(), &crate::limits::Limits::default())
    }

    #[test]
    fn tracks_are_topics_and_milestones_levels() -> Result<(), Vec<ReadError>> {
        let text = r#"{
  "SERVERS": {
    "displayName": "Servers",
    "category": "A",
    "description": "Runs services",
    "milestones": [
      {"summary": "Deploys a service", "signals": ["Reads logs"], "examples": ["Fixed a job"]},
      {"summary": "Owns a service", "signals": [], "examples": []}
    ]
  }
}"#;
        let framework = read_text(text)?;
        let keys: Vec<&str> = framework.levels.iter().map(|level| level.key.as_str()).collect();
        assert_eq!(keys, ["milestone-1", "milestone-2"]);
        assert_eq!(framework.levels[1].name, "Milestone 2");
        let first = &framework.levels[0].sections[0].groups[0].items[0];
        assert_eq!(first.text, "Deploys a service");
        assert_eq!((first.origin.line, first.origin.column), (7, 19));
        assert_eq!(first.attributes.get("category").map(String::as_str), Some("A"));
        let kinds: Vec<&str> = first
            .children
            .iter()
            .filter_map(|c| c.attributes.get("kind"))
            .map(String::as_str)
            .collect();
        assert_eq!(kinds, ["signal", "example"]);
        assert_eq!(first.topic.as_ref().map(|topic| topic.name.as_str()), Some("Servers"));
        Ok(())
    }

    #[test]
    fn wrong_shapes_are_errors_at_their_line() {
        let errors = read_text("{\n  \"A\": {\n    \"displayName\": \"A\",\n    \"milestones\": [{\"sumary\": \"x\"}]\n  }\n}")
            .expect_err("an error");
        assert!(format!("{}", errors[0]).contains("tracks.json:4:"), "{}", errors[0]);
        assert!(read_text("{").is_err());
        assert!(read_text("[]").is_err());
        assert!(read_text("{}").is_err());
    }
}
