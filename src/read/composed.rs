//! Level pages composed so far, by their text: a page whose text and includes read the same as
//! one composed before, at the same places relative to it (the same handbook copied into several
//! folders, or a page the same at two revisions under another folder), is the same level
//! written in other files. Its level is the one composed before with every span moved to the
//! page's own files, rather than parsed and composed again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::model::{Item, Level, Link, Page, Section, Spanned, Topic};
use crate::source::{SourceFile, Span};

/// One level page composed with its includes.
pub(crate) struct Composed {
    /// The page's path as read.
    pub page: PathBuf,
    /// The include root the page's shortcodes resolved against.
    pub include_root: Option<PathBuf>,
    /// Every file the composition read (the page's includes, in turn), with its text.
    pub includes: Vec<(PathBuf, Arc<SourceFile>)>,
    /// The level composed (its key and name are the page's own).
    pub level: Level,
}

/// Compositions kept, by page text (keyed by file text, so std's seeded hasher).
#[derive(Default)]
pub(crate) struct Compositions(Mutex<HashMap<String, Vec<Arc<Composed>>>>);

impl Compositions {
    /// The compositions of pages whose text is `text`.
    pub fn like(&self, text: &str) -> Vec<Arc<Composed>> {
        self.0.lock().ok().and_then(|known| known.get(text).cloned()).unwrap_or_default()
    }

    /// Keeps a composition of a page whose text is `text`.
    pub fn keep(&self, text: &str, composed: Composed) {
        if let Ok(mut known) = self.0.lock() {
            known.entry(text.to_string()).or_default().push(Arc::new(composed));
        }
    }
}

/// The folders that tell `from` and `to` apart: each without the trailing components they
/// share (`copy-1` and `copy-2` for `copy-1/team/senior.md` and `copy-2/team/senior.md`).
pub(crate) fn prefixes(from: &Path, to: &Path) -> (PathBuf, PathBuf) {
    let (mut from, mut to) = (from.components().rev(), to.components().rev());
    loop {
        match (from.clone().next(), to.clone().next()) {
            (Some(a), Some(b)) if a == b => {
                from.next();
                to.next();
            }
            _ => break,
        }
    }
    let rebuild = |rest: std::iter::Rev<std::path::Components<'_>>| {
        let mut parts: Vec<_> = rest.collect();
        parts.reverse();
        parts.into_iter().collect::<PathBuf>()
    };
    (rebuild(from), rebuild(to))
}

/// `path` moved from under `from` to under `to`, when it is under `from`.
pub(crate) fn moved(path: &Path, from: &Path, to: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix(from).ok()?;
    Some(if to.as_os_str().is_empty() { rest.to_path_buf() } else { to.join(rest) })
}

/// `level` with every span moved to the file of the same path in `files`; `None` when a span
/// points into a file `files` lacks.
pub(crate) fn relabelled(level: &Level, files: &HashMap<String, Arc<SourceFile>>) -> Option<Level> {
    let mut level = level.clone();
    let mut whole = true;
    let mut move_span = |span: &mut Span| match files.get(span.file.path()) {
        Some(file) => span.file = file.clone(),
        None => whole = false,
    };
    let Level { key: _, name: _, below: _, page, span, sections } = &mut level;
    if let Some(page) = page {
        let Page { span, title, heading, anchor_links, anchors: _, links } = page;
        move_span(span);
        for spanned in title.iter_mut().chain(heading.iter_mut()).chain(anchor_links.iter_mut()) {
            spanned_spans(spanned, &mut move_span);
        }
        for Link { target: _, span, via, resolved: _ } in links {
            move_span(span);
            via.iter_mut().for_each(&mut move_span);
        }
    }
    span.iter_mut().for_each(&mut move_span);
    for Section { name: _, heading, groups } in sections {
        heading.iter_mut().for_each(|spanned| spanned_spans(spanned, &mut move_span));
        for item in groups.iter_mut().flat_map(|group| &mut group.items) {
            item_spans(item, &mut move_span);
        }
    }
    whole.then_some(level)
}

fn spanned_spans(spanned: &mut Spanned, move_span: &mut impl FnMut(&mut Span)) {
    let Spanned { text: _, span } = spanned;
    move_span(span);
}

/// Every span of an item and its sub-items (written out whole, so that a new field with a span
/// is not forgotten here).
fn item_spans(item: &mut Item, move_span: &mut impl FnMut(&mut Span)) {
    let Item {
        text: _,
        normalized: _,
        id: _,
        escalates: _,
        new_here: _,
        allow: _,
        origin,
        via,
        topic,
        link_texts: _,
        scoped: _,
        attributes: _,
        children,
    } = item;
    move_span(origin);
    via.iter_mut().for_each(&mut *move_span);
    if let Some(Topic { name: _, span }) = topic {
        move_span(span);
    }
    for child in children {
        item_spans(child, move_span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_what_differs_before_the_shared_tail() {
        let (from, to) =
            prefixes(Path::new("copy-1/team/senior.md"), Path::new("c/2/team/senior.md"));
        assert_eq!((from.as_path(), to.as_path()), (Path::new("copy-1"), Path::new("c/2")));
        let (from, to) = prefixes(Path::new("team/senior.md"), Path::new("x/team/senior.md"));
        assert_eq!((from.as_path(), to.as_path()), (Path::new(""), Path::new("x")));
        assert_eq!(
            moved(Path::new("copy-1/assets/a.md"), Path::new("copy-1"), Path::new("c/2")),
            Some(PathBuf::from("c/2/assets/a.md"))
        );
        assert_eq!(moved(Path::new("other/a.md"), Path::new("copy-1"), Path::new("c")), None);
        assert_eq!(
            moved(Path::new("assets/a.md"), Path::new(""), Path::new("x")),
            Some(PathBuf::from("x/assets/a.md"))
        );
    }
}
