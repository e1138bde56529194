//! Frameworks written the same in other files: a pair of framework revisions whose models are
//! those of a pair compared before, field for field, with each file in the place of one whose
//! text is the same (the handbook copied into several folders). Comparing it would find the
//! same changes in those other files, so the changes found before are taken with their spans
//! moved to its files.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::{Change, Kind, Side};
use crate::model::{Framework, Item, Level, Link, Page, Section, Spanned, Topic};
use crate::source::{SourceFile, Span};

/// Which file of one side stands where a file of the pair compared before stood, by path.
#[derive(Default)]
pub(super) struct Files {
    /// The file in the place of each file (by its path) of the pair compared before.
    instead: HashMap<String, Arc<SourceFile>>,
    /// The path each path stands for, so that two files never take the place of one.
    taken: HashMap<String, String>,
    /// The files paired so far, by address (held by the models for the whole comparison): most
    /// spans point into a file already paired.
    paired: FxHashSet<(usize, usize)>,
}

impl Files {
    /// Whether `here` can stand where `known` stood: the same text, and each path in the place
    /// of one path only.
    fn pair(&mut self, known: &Arc<SourceFile>, here: &Arc<SourceFile>) -> bool {
        let addresses = (Arc::as_ptr(known).addr(), Arc::as_ptr(here).addr());
        if self.paired.contains(&addresses) {
            return true;
        }
        if let Some(found) = self.instead.get(known.path()) {
            let same = found.path() == here.path();
            if same {
                self.paired.insert(addresses);
            }
            return same;
        }
        if self.taken.contains_key(here.path()) || known.text() != here.text() {
            return false;
        }
        self.taken.insert(here.path().to_string(), known.path().to_string());
        self.instead.insert(known.path().to_string(), here.clone());
        self.paired.insert(addresses);
        true
    }

    /// A span of the pair compared before, moved to the file in its place.
    fn moved(&self, span: &Span) -> Option<Span> {
        let file = self.instead.get(span.file.path())?;
        Some(Span { file: file.clone(), ..span.clone() })
    }
}

/// Whether framework `here` is `known` written in other files, each file of `known` taking its
/// place in `files`.
pub(super) fn same_framework(known: &Framework, here: &Framework, files: &mut Files) -> bool {
    // The id names where the framework is read from; comparing levels never reads it.
    let Framework { id: _, name, format, levels, required_sections } = known;
    *name == here.name
        && *format == here.format
        && *required_sections == here.required_sections
        && levels.len() == here.levels.len()
        && levels.iter().zip(&here.levels).all(|(a, b)| same_level(a, b, files))
}

fn same_level(known: &Level, here: &Level, files: &mut Files) -> bool {
    let Level { key, name, below, page, span, sections } = known;
    *key == here.key
        && *name == here.name
        && *below == here.below
        && match (page, &here.page) {
            (Some(a), Some(b)) => same_page(a, b, files),
            (None, None) => true,
            _ => false,
        }
        && same_optional(span.as_ref(), here.span.as_ref(), files)
        && sections.len() == here.sections.len()
        && sections.iter().zip(&here.sections).all(|(a, b)| same_section(a, b, files))
}

fn same_page(known: &Page, here: &Page, files: &mut Files) -> bool {
    let Page { span, title, heading, anchor_links, anchors, links } = known;
    same_span(span, &here.span, files)
        && same_spanned(title.as_ref(), here.title.as_ref(), files)
        && same_spanned(heading.as_ref(), here.heading.as_ref(), files)
        && anchor_links.len() == here.anchor_links.len()
        && anchor_links
            .iter()
            .zip(&here.anchor_links)
            .all(|(a, b)| same_spanned(Some(a), Some(b), files))
        && *anchors == here.anchors
        && links.len() == here.links.len()
        && links.iter().zip(&here.links).all(|(a, b)| same_link(a, b, files))
}

fn same_link(known: &Link, here: &Link, files: &mut Files) -> bool {
    // Where a link resolves names files; comparing levels reads only what is written.
    let Link { target, span, via, resolved: _ } = known;
    *target == here.target
        && same_span(span, &here.span, files)
        && same_optional(via.as_ref(), here.via.as_ref(), files)
}

fn same_section(known: &Section, here: &Section, files: &mut Files) -> bool {
    let Section { name, heading, groups } = known;
    *name == here.name
        && same_spanned(heading.as_ref(), here.heading.as_ref(), files)
        && groups.len() == here.groups.len()
        && groups.iter().zip(&here.groups).all(|(a, b)| {
            a.name == b.name
                && a.items.len() == b.items.len()
                && a.items.iter().zip(&b.items).all(|(a, b)| same_item(a, b, files))
        })
}

fn same_item(known: &Item, here: &Item, files: &mut Files) -> bool {
    let Item {
        text,
        normalized,
        id,
        escalates,
        new_here,
        allow,
        origin,
        via,
        topic,
        link_texts,
        scoped,
        attributes,
        children,
    } = known;
    *text == here.text
        && *normalized == here.normalized
        && *id == here.id
        && *escalates == here.escalates
        && *new_here == here.new_here
        && *allow == here.allow
        && same_span(origin, &here.origin, files)
        && same_optional(via.as_ref(), here.via.as_ref(), files)
        && match (topic, &here.topic) {
            (Some(Topic { name, span }), Some(b)) => {
                *name == b.name && same_span(span, &b.span, files)
            }
            (None, None) => true,
            _ => false,
        }
        && *link_texts == here.link_texts
        && *scoped == here.scoped
        && *attributes == here.attributes
        && children.len() == here.children.len()
        && children.iter().zip(&here.children).all(|(a, b)| same_item(a, b, files))
}

fn same_spanned(known: Option<&Spanned>, here: Option<&Spanned>, files: &mut Files) -> bool {
    match (known, here) {
        (Some(a), Some(b)) => a.text == b.text && same_span(&a.span, &b.span, files),
        (None, None) => true,
        _ => false,
    }
}

fn same_optional(known: Option<&Span>, here: Option<&Span>, files: &mut Files) -> bool {
    match (known, here) {
        (Some(a), Some(b)) => same_span(a, b, files),
        (None, None) => true,
        _ => false,
    }
}

fn same_span(known: &Span, here: &Span, files: &mut Files) -> bool {
    known.range == here.range
        && known.line == here.line
        && known.column == here.column
        && files.pair(&known.file, &here.file)
}

/// The changes found for the pair compared before, moved to the files of another (`old` in
/// place of its older side's, `new` of its newer side's); `None` when a side points into a
/// file neither pair shows.
pub(super) fn moved_changes(changes: &[Change], old: &Files, new: &Files) -> Option<Vec<Change>> {
    changes
        .iter()
        .map(|change| {
            let sides = |sides: &[Side], files: &Files| -> Option<Vec<Side>> {
                sides.iter().map(|side| moved_side(change.kind, side, files)).collect()
            };
            Some(Change {
                kind: change.kind,
                before: sides(&change.before, old)?,
                after: sides(&change.after, new)?,
                words: change.words.clone(),
                similarity: change.similarity,
                consumers: change.consumers.clone(),
                detail: change.detail.clone(),
            })
        })
        .collect()
}

/// A side moved to the file in its place; a relocated include's side names its file, so its
/// text is the new file's path.
fn moved_side(kind: Kind, side: &Side, files: &Files) -> Option<Side> {
    let span = files.moved(&side.span)?;
    let text = if kind == Kind::IncludeRelocated && side.text == side.span.path() {
        span.path().to_string()
    } else {
        side.text.clone()
    };
    Some(Side { text, span, place: side.place.clone() })
}
