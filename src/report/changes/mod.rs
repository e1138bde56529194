//! Formats of `ladder diff`: one module per format, each rendering the same [`Diff`].

pub mod human;
pub mod json;
pub mod markdown;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diff::{Change, Consumer, Diff, Kind};
use crate::source::history::Commit;

/// Every output format of `ladder diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people at a terminal.
    Human,
    /// For a merge request comment or release notes.
    Markdown,
    /// For machines (docs/diff-format.md).
    Json,
}

/// What a rendering shows besides the changes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The old revision as shown to people.
    pub old: String,
    /// The new revision as shown to people.
    pub new: String,
    /// Whether to show cosmetic edits one by one (always counted).
    pub cosmetic: bool,
    /// Whether to colour (human format only).
    pub color: bool,
    /// Curated alignment decisions by normalised item text: a reworded item keeps its link.
    pub curated: BTreeMap<String, String>,
    /// The old revision's commit, when it is one: headers name it by short id and subject.
    pub old_commit: Option<Commit>,
    /// The new revision's commit, when it is one.
    pub new_commit: Option<Commit>,
}

impl Options {
    /// The curated decision a reworded item keeps, found by its old text.
    pub(crate) fn kept_link(&self, change: &Change) -> Option<&str> {
        if change.kind != Kind::Reworded {
            return None;
        }
        let old = change.before.first()?;
        self.curated.get(&crate::model::normalize(&old.text)).map(String::as_str)
    }
}

/// Renders `diff` in `format`.
pub fn render(
    format: Format,
    diff: &Diff,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(diff, options, out),
        Format::Markdown => markdown::render(diff, options, out),
        Format::Json => json::render(diff, options, out),
    }
}

/// The changes a rendering lists: semantic ones and relocations, cosmetic ones when asked.
pub(crate) fn shown<'a>(diff: &'a Diff, options: &Options) -> impl Iterator<Item = &'a Change> {
    let cosmetic = options.cosmetic;
    diff.changes.iter().filter(move |change| cosmetic || change.kind != Kind::Cosmetic)
}

/// `path:line:column` of a span, its path as [`super::display_path`] shows it.
pub(crate) fn location(span: &crate::source::Span) -> String {
    format!("{}:{}:{}", super::display_path(span.path()), span.line, span.column)
}

/// "39 levels: Backend (Intermediate, Senior); Support (Senior)".
pub(crate) fn reach(consumers: &[Consumer]) -> String {
    let mut by_framework: BTreeMap<&str, Vec<&Consumer>> = BTreeMap::new();
    for consumer in consumers {
        by_framework.entry(&consumer.framework).or_default().push(consumer);
    }
    let frameworks: Vec<String> = by_framework
        .into_iter()
        .map(|(framework, mut levels)| {
            levels.sort_by_key(|consumer| consumer.rank);
            let names: Vec<&str> = levels.iter().map(|consumer| consumer.level.as_str()).collect();
            format!("{framework} ({})", names.join(", "))
        })
        .collect();
    let count = consumers.len();
    let noun = if count == 1 { "level" } else { "levels" };
    format!("{count} {noun}: {}", frameworks.join("; "))
}

/// "3 reworded, 1 heading changed", in kind order, over the semantic changes.
pub(crate) fn kind_counts(diff: &Diff) -> Vec<(Kind, usize)> {
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for change in diff.semantic() {
        *counts.entry(change.kind).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

/// One line saying what the diff found, for the end of human output and the top of Markdown.
pub(crate) fn summary(diff: &Diff, options: &Options) -> String {
    let counts = kind_counts(diff);
    let semantic: usize = counts.iter().map(|(_, count)| count).sum();
    let mut parts = vec![if semantic == 0 {
        "no semantic change".to_string()
    } else {
        let kinds: Vec<String> =
            counts.iter().map(|(kind, count)| format!("{count} {}", kind.label())).collect();
        let noun = if semantic == 1 { "change" } else { "changes" };
        format!("{semantic} semantic {noun} ({})", kinds.join(", "))
    }];
    let noun = if diff.levels_compared == 1 { "level" } else { "levels" };
    parts[0].push_str(&format!(" in {} {noun} compared", diff.levels_compared));
    let relocated = diff.count(Kind::IncludeRelocated);
    if relocated > 0 {
        let noun = if relocated == 1 { "include" } else { "includes" };
        parts.push(format!("{relocated} {noun} relocated"));
    }
    let cosmetic = diff.cosmetic_counts();
    let total: usize = cosmetic.iter().map(|(_, count)| count).sum();
    if total > 0 {
        let each: Vec<String> =
            cosmetic.iter().map(|(category, count)| format!("{category} {count}")).collect();
        let verb = if options.cosmetic { "shown" } else { "hidden (--cosmetic shows them)" };
        parts.push(format!("{total} cosmetic edits {verb}: {}", each.join(", ")));
    }
    parts.join("; ")
}
