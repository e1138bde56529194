//! How escalation across levels is judged for one framework: item by item (flat lists, the
//! GitLab pages) or topic by topic (Monzo, FT, Snowflake: a cell grows as a whole), and the
//! topics declared to start above the lowest level or to end below the highest.

use super::{Format, Framework, Item};
use crate::source::Span;

/// The granularity a framework is written in, which the cross-level checks follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Escalation {
    /// Each item grows from one item below (`escalation`, `verbatim-copy` item by item).
    Item,
    /// Each (level, topic) cell grows from the same topic's cell below, as a whole.
    Topic,
}

impl Escalation {
    /// The names `ladder.yml`'s `escalation:` takes.
    pub const NAMES: [&'static str; 2] = ["topic", "item"];

    /// The mode `ladder.yml` names `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "topic" => Some(Self::Topic),
            "item" => Some(Self::Item),
            _ => None,
        }
    }

    /// The mode a format is written in when nothing says otherwise: the data formats are
    /// written topic by topic, handbook pages and ladder's YAML as flat lists.
    pub fn default_for(format: Format) -> Self {
        match format {
            Format::Monzo | Format::Ft | Format::Snowflake => Self::Topic,
            Format::Markdown | Format::Yaml => Self::Item,
        }
    }
}

/// A value of a declaration with the place it is written (in `ladder.yml`).
#[derive(Debug, Clone)]
pub struct Declared {
    /// The value as written (a topic name, a level key).
    pub value: String,
    /// Where it is written.
    pub span: Span,
}

/// A topic declared to start above the lowest level, or to end below the highest.
#[derive(Debug, Clone)]
pub struct TopicBound {
    /// The topic, by name (or its name as a slug: `technical-leadership`).
    pub topic: Declared,
    /// The level it starts at, on purpose.
    pub starts: Option<Declared>,
    /// The level it ends at, on purpose: its absence above is intended.
    pub ends: Option<Declared>,
}

impl TopicBound {
    /// Whether this declaration is about the topic named `name`.
    pub fn names(&self, name: &str) -> bool {
        let declared = slug(&self.topic.value);
        !declared.is_empty() && declared == slug(name)
    }
}

/// What the configuration says of one framework's escalation.
#[derive(Debug, Clone, Default)]
pub struct EscalationPlan {
    /// The mode chosen (`None`: the format's default).
    pub mode: Option<Escalation>,
    /// Topics declared to start late or end early.
    pub topics: Vec<TopicBound>,
}

/// A name reduced to lowercase words joined by `-`, so `Technical Leadership`,
/// `technical-leadership` and `technical_leadership` meet.
pub fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

impl Framework {
    /// Whether level `key_or_name` (its key or its name, any case) is level `index`.
    pub fn level_is(&self, index: usize, key_or_name: &str) -> bool {
        self.levels.get(index).is_some_and(|level| {
            level.key.eq_ignore_ascii_case(key_or_name)
                || level.name.eq_ignore_ascii_case(key_or_name)
                || slug(&level.key) == slug(key_or_name)
        })
    }

    /// The levels below `index` along the level graph, nearest first.
    pub fn levels_below(&self, index: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let mut below = self.levels.get(index).and_then(|level| level.below);
        while let Some(at) = below {
            if found.contains(&at) || at == index {
                break;
            }
            found.push(at);
            below = self.levels[at].below;
        }
        found
    }
}

impl Item {
    /// An example or a signal of its parent (`kind: example | signal`): it illustrates the
    /// competency above it and is no competency of its own, so item-level checks pass it over.
    pub fn is_detail(&self) -> bool {
        self.attributes.get("kind").is_some_and(|kind| kind == "example" || kind == "signal")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_as_slugs() {
        assert_eq!(slug("Problem Solving & Decision Making"), "problem-solving-decision-making");
        assert_eq!(slug("technical_leadership"), slug("Technical Leadership"));
    }

    #[test]
    fn data_formats_are_topic_by_topic() {
        assert_eq!(Escalation::default_for(Format::Ft), Escalation::Topic);
        assert_eq!(Escalation::default_for(Format::Markdown), Escalation::Item);
    }
}
