//! The JSON format (docs/diff-format.md): one document with a schema version, a summary and
//! every change, cosmetic ones included.

use std::io::{self, Write};

use serde::Serialize;

use super::Options;
use crate::diff::{Change, Consumer, Diff, Kind, Place, Side, WordEdit};

/// Version of the document's shape; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    old: &'a str,
    new: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_commit: Option<&'a crate::source::history::Commit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_commit: Option<&'a crate::source::history::Commit>,
    summary: Summary,
    changes: Vec<ChangeOut<'a>>,
}

#[derive(Serialize)]
struct Summary {
    levels_compared: usize,
    semantic: usize,
    includes_relocated: usize,
    cosmetic: usize,
    by_kind: std::collections::BTreeMap<Kind, usize>,
    cosmetic_by_category: std::collections::BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct ChangeOut<'a> {
    kind: Kind,
    semantic: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    before: Vec<SideOut<'a>>,
    after: Vec<SideOut<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    words: &'a [WordEdit],
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<f64>,
    consumers: &'a [Consumer],
}

#[derive(Serialize)]
struct SideOut<'a> {
    text: &'a str,
    path: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a Place>,
}

/// Renders `diff` as one JSON document.
pub fn render(diff: &Diff, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let mut by_kind = std::collections::BTreeMap::new();
    for change in &diff.changes {
        *by_kind.entry(change.kind).or_insert(0) += 1;
    }
    let document = Document {
        schema_version: SCHEMA_VERSION,
        old: &options.old,
        new: &options.new,
        old_commit: options.old_commit.as_ref(),
        new_commit: options.new_commit.as_ref(),
        summary: Summary {
            levels_compared: diff.levels_compared,
            semantic: diff.semantic().count(),
            includes_relocated: diff.count(Kind::IncludeRelocated),
            cosmetic: diff.count(Kind::Cosmetic),
            by_kind,
            cosmetic_by_category: diff.cosmetic_counts().into_iter().collect(),
        },
        changes: diff.changes.iter().map(change).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    writeln!(out)
}

fn change(change: &Change) -> ChangeOut<'_> {
    ChangeOut {
        kind: change.kind,
        semantic: change.kind.is_semantic(),
        detail: change.detail.as_deref(),
        before: change.before.iter().map(side).collect(),
        after: change.after.iter().map(side).collect(),
        words: &change.words,
        similarity: change.similarity.map(|s| (s * 1000.0).round() / 1000.0),
        consumers: &change.consumers,
    }
}

fn side(side: &Side) -> SideOut<'_> {
    SideOut {
        text: &side.text,
        path: super::super::display_path(side.span.path()),
        line: side.span.line,
        column: side.span.column,
        place: side.place.as_ref(),
    }
}
