//! Semantic diff between two revisions of the frameworks, on the resolved model: which items were
//! added, removed, reworded, moved, promoted, reordered, split or merged; which levels, titles and
//! headings changed; which includes moved; and which edits are only cosmetic.
//!
//! A change inside a shared include is found once per level that shows it, then folded into one
//! [`Change`] at its origin whose consumers are every level it reaches.

mod carried;
pub mod copies;
mod cosmetic;
mod kinds;
mod links;
mod matching;
mod memo;
pub mod read;
mod same;
pub mod touched;
mod words;

pub use matching::rewording;
pub use words::{WordEdit, WordOp, word_edits};

use crate::model::Workspace;
use crate::source::{Span, Tree};

/// What kind of change a [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A level exists only in the new revision.
    LevelAdded,
    /// A level exists only in the old revision.
    LevelRemoved,
    /// A level's page moved to another level name with mostly the same items.
    LevelRenamed,
    /// A page's front-matter title changed.
    TitleChanged,
    /// A page's heading changed.
    HeadingChanged,
    /// An item exists only in the new revision.
    Added,
    /// An item exists only in the old revision.
    Removed,
    /// An item's words changed.
    Reworded,
    /// An item moved to another section or group of the same level.
    Moved,
    /// An item moved to a higher level.
    Promoted,
    /// An item moved to a lower level.
    Demoted,
    /// Items of one list changed order.
    Reordered,
    /// One item became several.
    Split,
    /// Several items became one.
    Merged,
    /// An item's words stayed but a link in it points somewhere else.
    LinkChanged,
    /// An item's words stayed but an attribute the format writes beside them changed (an FT
    /// proficiency).
    AttributeChanged,
    /// An include's path changed; its content did not.
    IncludeRelocated,
    /// White space, bullet markers, punctuation, markup or lint comments only.
    Cosmetic,
}

impl Kind {
    /// Whether the change matters to the people the framework describes.
    pub fn is_semantic(self) -> bool {
        !matches!(self, Kind::Cosmetic | Kind::IncludeRelocated)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::LevelAdded => "level added",
            Kind::LevelRemoved => "level removed",
            Kind::LevelRenamed => "level renamed",
            Kind::TitleChanged => "title changed",
            Kind::HeadingChanged => "heading changed",
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Reworded => "reworded",
            Kind::Moved => "moved",
            Kind::Promoted => "promoted",
            Kind::Demoted => "demoted",
            Kind::Reordered => "reordered",
            Kind::Split => "split",
            Kind::Merged => "merged",
            Kind::LinkChanged => "link changed",
            Kind::AttributeChanged => "attribute changed",
            Kind::IncludeRelocated => "include relocated",
            Kind::Cosmetic => "cosmetic",
        }
    }
}

/// One side of a change: an item, heading or line range, where it is written and where it sits.
#[derive(Debug, Clone)]
pub struct Side {
    /// The text (markup removed for items and headings; as written for cosmetic lines).
    pub text: String,
    /// Where it is written (its origin: often an include file).
    pub span: Span,
    /// Where it sits in the framework, when it is an item.
    pub place: Option<Place>,
}

/// Section, group and topic of an item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Place {
    /// The section's canonical name.
    pub section: String,
    /// The group's name, if the item is in one.
    pub group: Option<String>,
    /// The topic (an FT theme, a Monzo topic), where the format cuts levels by topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.section)?;
        for name in self.group.iter().chain(&self.topic) {
            write!(f, " › {name}")?;
        }
        Ok(())
    }
}

/// A level a change reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Consumer {
    /// The framework's name.
    pub framework: String,
    /// Position of the level in its framework, lowest first.
    #[serde(skip)]
    pub rank: usize,
    /// The level's name.
    pub level: String,
}

/// One change between the revisions.
#[derive(Debug, Clone)]
pub struct Change {
    /// What kind of change.
    pub kind: Kind,
    /// The items (or headings, or lines) before; empty for additions.
    pub before: Vec<Side>,
    /// The items after; empty for removals.
    pub after: Vec<Side>,
    /// Word-level edits from the old text to the new, for rewordings.
    pub words: Vec<WordEdit>,
    /// Similarity of old and new text, 0 to 1, where texts were compared.
    pub similarity: Option<f64>,
    /// Every level the change reaches, sorted.
    pub consumers: Vec<Consumer>,
    /// A short note: the cosmetic category, where an item moved from, why an include is unresolved.
    pub detail: Option<String>,
}

/// Everything that changed between two revisions.
#[derive(Debug, Default)]
pub struct Diff {
    /// Changes in file and position order, cosmetic ones included.
    pub changes: Vec<Change>,
    /// Levels compared (present in both revisions).
    pub levels_compared: usize,
}

impl Diff {
    /// Changes that matter to people (not cosmetic, not include relocations).
    pub fn semantic(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.kind.is_semantic())
    }

    /// Number of changes of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.changes.iter().filter(|change| change.kind == kind).count()
    }

    /// Number of cosmetic edits per category, sorted by category.
    pub fn cosmetic_counts(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::new();
        for change in self.changes.iter().filter(|change| change.kind == Kind::Cosmetic) {
            let category = change.detail.clone().unwrap_or_else(|| "other".into());
            *counts.entry(category).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }
}

/// The files of the two revisions, for what their models do not hold (includes without items).
#[derive(Clone, Copy)]
pub struct Trees<'a> {
    /// The old revision's files.
    pub old: &'a dyn Tree,
    /// The new revision's files.
    pub new: &'a dyn Tree,
}

/// Compares the frameworks of two revisions from their models alone.
pub fn diff(old: &Workspace, new: &Workspace) -> Diff {
    diff_with(old, new, None, crate::limits::Limits::default().word_diff)
}

/// Compares the frameworks of two revisions, reading from their trees the includes without
/// items whose folder moved, so that they count as relocated.
pub fn diff_trees(old: &Workspace, new: &Workspace, trees: Trees<'_>) -> Diff {
    diff_with(old, new, Some(trees), crate::limits::Limits::default().word_diff)
}

/// Compares the frameworks of two revisions (with their trees, when given), rewordings longer
/// than `word_diff` characters shown whole rather than word by word (`limits.word-diff`).
pub fn diff_with(
    old: &Workspace,
    new: &Workspace,
    trees: Option<Trees<'_>>,
    word_diff: usize,
) -> Diff {
    let mut diff = kinds::compare(old, new, word_diff);
    let (cosmetic, carried) = cosmetic::file_edits(old, new, &diff.changes);
    diff.changes.extend(cosmetic);
    if let Some(trees) = trees {
        diff.changes.extend(carried::changes(carried, old, new, &trees));
    }
    diff.changes.sort_by_cached_key(order_key);
    diff
}

/// Sorts changes by where they are written, level changes first.
fn order_key(change: &Change) -> (bool, String, usize, usize, Kind) {
    let side = change.after.first().or(change.before.first());
    let (path, line, column) = side.map_or((String::new(), 0, 0), |side| {
        (side.span.path().to_string(), side.span.line, side.span.column)
    });
    (change.kind == Kind::Cosmetic, path, line, column, change.kind)
}
