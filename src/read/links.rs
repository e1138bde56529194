//! Where links between handbook pages lead, as Hugo resolves them: a site path such as
//! `/handbook/x/y/` is the page `content/handbook/x/y.md`, or the folder page
//! `content/handbook/x/y/_index.md` (or `index.md`). Only destinations inside the folders of the
//! frameworks read are judged: elsewhere ladder has not read the handbook, so it cannot tell.
//! Index pages of those folders (and of the folders above them) are read here too, for their
//! links.

use crate::hash::{TextMap, TextSet};
use std::path::{Path, PathBuf};

use super::Reader;
use super::blocks::Block;
use crate::model::{IndexPage, Link, LinkTarget, Workspace};
use crate::source::{Span, normalize_path};

/// The folder Hugo reads pages from, looked for above each page.
pub const CONTENT_ROOT: &str = "content";

/// The files Hugo would take for a site path (`/handbook/x/y/#anchor`) linked from `page`:
/// `None` when the link is not a site path or the page is not under a `content/` folder.
pub fn page_files(page: &Path, target: &str) -> Option<Vec<PathBuf>> {
    let path = target.split(['#', '?']).next()?;
    let path = path.strip_prefix('/')?.trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        return None;
    }
    let content = content_folder(page)?;
    let base = normalize_path(&content.join(path));
    let with_md = base.with_file_name(format!("{}.md", base.file_name()?.to_string_lossy()));
    Some(vec![with_md, base.join("_index.md"), base.join("index.md")])
}

/// The deepest of `page` and the folders above it named `content`.
fn content_folder(page: &Path) -> Option<&Path> {
    let Some(text) = page.to_str().filter(|text| crate::source::is_normal(text)) else {
        return page.ancestors().find(|dir| dir.file_name().is_some_and(|n| n == CONTENT_ROOT));
    };
    // A normal path's parts are the text between its slashes: looked at from the end as text,
    // with none of the component parsing each `Path::parent` does again from the start.
    let mut end = text.len();
    loop {
        let start = text[..end].rfind('/').map_or(0, |slash| slash + 1);
        if &text[start..end] == CONTENT_ROOT {
            return Some(Path::new(&text[..end]));
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// The site path of a page file (`content/handbook/x/y.md` -> `/handbook/x/y/`), if it is under
/// a `content/` folder.
pub fn site_path(file: &Path) -> Option<String> {
    let content =
        file.ancestors().find(|dir| dir.file_name().is_some_and(|n| n == CONTENT_ROOT))?;
    let relative = file.strip_prefix(content).ok()?;
    let mut parts: Vec<String> =
        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".md")?;
    if stem != "_index" && stem != "index" {
        parts.push(stem.to_string());
    }
    Some(format!("/{}/", parts.join("/")).replace("//", "/"))
}

impl Reader {
    /// Reads the index pages of the frameworks' folders and of the folders above them (inside the
    /// paths given), then resolves every link of every page and index.
    pub(crate) fn read_indexes_and_links(&mut self, paths: &[PathBuf], workspace: &mut Workspace) {
        let roots: Vec<PathBuf> = paths.iter().map(|path| normalize_path(path)).collect();
        let folders = workspace.markdown_folders();
        let mut seen = TextSet::default();
        for folder in &folders {
            for dir in folder.ancestors() {
                let inside =
                    roots.iter().any(|root| dir.starts_with(root) || root == Path::new("."));
                if !inside || dir.as_os_str().is_empty() || !seen.insert(dir.to_path_buf()) {
                    break;
                }
                if let Some(index) = self.read_index(dir) {
                    workspace.indexes.push(index);
                }
            }
        }
        let folders: TextSet<&Path> = folders.iter().map(PathBuf::as_path).collect();
        let mut known = TextMap::default();
        // A link resolves the same from every page of one folder (a page's own name plays no
        // part unless it is `content`): the levels of a framework share their includes' links,
        // so each (folder, target) is resolved once.
        let mut by_folder: TextMap<(String, String), LinkTarget> = TextMap::default();
        let mut resolve = |from: &str, target: &str| {
            let path = Path::new(from);
            let folder = path.parent().filter(|_| path.file_name() != Some(CONTENT_ROOT.as_ref()));
            let key =
                folder.and_then(Path::to_str).map(|dir| (dir.to_string(), target.to_string()));
            if let Some(found) = key.as_ref().and_then(|key| by_folder.get(key)) {
                return found.clone();
            }
            let found = self.resolve(path, target, &folders, &mut known);
            if let Some(key) = key {
                by_folder.insert(key, found.clone());
            }
            found
        };
        for framework in &mut workspace.frameworks {
            for level in &mut framework.levels {
                let Some(page) = level.page.as_mut() else { continue };
                for link in &mut page.links {
                    link.resolved = resolve(page.span.path(), &link.target);
                }
            }
        }
        for index in &mut workspace.indexes {
            for link in &mut index.links {
                link.resolved = resolve(index.span.path(), &link.target);
            }
        }
    }

    /// The index page of `folder`, with the links written on it, if it has one.
    fn read_index(&mut self, folder: &Path) -> Option<IndexPage> {
        let path = ["_index.md", "index.md"]
            .into_iter()
            .map(|name| folder.join(name))
            .find(|path| self.sources.tree().is_file(path))?;
        let file = self.sources.load(&path).ok()?;
        let (_, body_start) = self.front_matter_of(&file).ok()?;
        let links = self
            .blocks(&file, body_start)
            .iter()
            .filter_map(|block| match block {
                Block::Link { target, span } => Some(Link {
                    target: target.clone(),
                    span: span.clone(),
                    via: None,
                    resolved: LinkTarget::Unknown,
                }),
                _ => None,
            })
            .collect();
        let line = 1 + file.text()[..body_start].matches('\n').count();
        Some(IndexPage {
            folder: folder.display().to_string(),
            span: Span::line(&file, line),
            links,
        })
    }

    /// Where `target`, linked from the page at `from`, leads.
    pub(super) fn resolve(
        &self,
        from: &Path,
        target: &str,
        folders: &TextSet<&Path>,
        known: &mut TextMap<PathBuf, LinkTarget>,
    ) -> LinkTarget {
        let Some(files) = page_files(from, target) else { return LinkTarget::Unknown };
        let Some(first) = files.first() else { return LinkTarget::Unknown };
        if let Some(found) = known.get(first) {
            return found.clone();
        }
        // Under a framework's folder: one of the folders above the file is one.
        let inside = |file: &PathBuf| {
            file.parent().is_some_and(|dir| dir.ancestors().any(|dir| folders.contains(dir)))
        };
        let found = match files.iter().find(|file| self.sources.tree().is_file(file)) {
            Some(file) => LinkTarget::Page(file.display().to_string()),
            None if files.iter().all(inside) => {
                LinkTarget::Missing(files.iter().map(|file| file.display().to_string()).collect())
            }
            None => LinkTarget::Unknown,
        };
        known.insert(first.clone(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_path_is_a_page_or_a_folder_page() {
        let files =
            page_files(Path::new("hb/content/handbook/team/senior.md"), "/handbook/team/staff/#x");
        let expected = [
            "hb/content/handbook/team/staff.md",
            "hb/content/handbook/team/staff/_index.md",
            "hb/content/handbook/team/staff/index.md",
        ]
        .map(PathBuf::from);
        assert_eq!(files, Some(expected.to_vec()));
    }

    #[test]
    fn the_content_folder_is_found_as_path_ancestors_find_it() {
        for page in [
            "hb/content/handbook/team/senior.md",
            "content/a/content/b.md",
            "/content/x.md",
            "/a/x.md",
            "content",
            "a/content",
            "team/senior.md",
            "./content/x.md",
            "a//content/x.md",
            "a/content/",
            "",
            "/",
        ] {
            let page = Path::new(page);
            let slow =
                page.ancestors().find(|dir| dir.file_name().is_some_and(|n| n == CONTENT_ROOT));
            assert_eq!(content_folder(page), slow, "{page:?}");
        }
    }

    #[test]
    fn other_sites_anchors_and_relative_links_are_not_judged() {
        let page = Path::new("content/team/senior.md");
        for target in ["https://example.com/handbook/", "#top", "staff/", "/", "//cdn/x"] {
            assert_eq!(page_files(page, target), None, "{target}");
        }
        assert_eq!(page_files(Path::new("team/senior.md"), "/team/staff/"), None);
    }

    #[test]
    fn a_page_file_has_its_site_path() {
        let path = |file: &str| site_path(Path::new(file));
        assert_eq!(
            path("hb/content/handbook/team/staff.md").as_deref(),
            Some("/handbook/team/staff/")
        );
        assert_eq!(path("content/handbook/team/_index.md").as_deref(), Some("/handbook/team/"));
        assert_eq!(path("handbook/team/staff.md"), None);
    }
}
