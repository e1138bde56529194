//! What a malformed include shortcode was meant to be: the path read from it, checked against
//! the files under the include root, so that the fix names a file that exists.

use std::path::{Path, PathBuf};

use super::{Reader, shortcode};
use crate::model::IncludeProblemKind;
use crate::source::normalize_path;

/// Folders under the include root looked through for the file meant, at most.
const MAX_FOLDERS: usize = 2_000;

impl Reader {
    /// The problem of a malformed shortcode written as `text`, with the include path that fixes it.
    pub(crate) fn malformed(
        &mut self,
        text: &str,
        include_root: Option<&Path>,
    ) -> IncludeProblemKind {
        let written = shortcode::intended_target(text).map(str::to_string);
        let corrected = match (&written, include_root) {
            (Some(written), Some(root)) => self.closest_include(root, written),
            _ => None,
        };
        IncludeProblemKind::Malformed { written, corrected }
    }

    /// `written` when it names a file under `root`; else the file there whose path is closest to
    /// it (the same file name first), if one is close enough to be what was meant.
    fn closest_include(&mut self, root: &Path, written: &str) -> Option<String> {
        if self.sources.tree().is_file(&normalize_path(&root.join(written))) {
            return Some(written.to_string());
        }
        let files = self.files_under(root);
        let name = Path::new(written).file_name();
        let same_name = files.iter().filter(|file| Path::new(file.as_str()).file_name() == name);
        if let Some(best) = same_name.min_by_key(|file| distance(file, written)) {
            return Some(best.clone());
        }
        // Any other file only when most of the path is the same.
        files
            .into_iter()
            .map(|file| (distance(&file, written), file))
            .filter(|(distance, _)| distance * 4 <= written.chars().count())
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, file)| file)
    }

    /// Every Markdown file under `root`, as a path relative to it with `/` between folders.
    fn files_under(&mut self, root: &Path) -> Vec<String> {
        let mut files = Vec::new();
        let mut folders: Vec<PathBuf> = vec![root.to_path_buf()];
        let mut visited = 0;
        while let Some(folder) = folders.pop() {
            visited += 1;
            if visited > MAX_FOLDERS {
                break;
            }
            let Ok(entries) = self.sources.tree().list(&folder) else { continue };
            for entry in entries {
                if entry.is_dir {
                    folders.push(entry.path);
                } else if entry.path.extension().is_some_and(|ext| ext == "md")
                    && let Ok(relative) = entry.path.strip_prefix(root)
                {
                    let parts: Vec<String> = relative
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    files.push(parts.join("/"));
                }
            }
        }
        files.sort();
        files
    }
}

/// Edit distance between two texts, in characters.
fn distance(one: &str, other: &str) -> usize {
    let other: Vec<char> = other.chars().collect();
    let mut row: Vec<usize> = (0..=other.len()).collect();
    for (i, a) in one.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, b) in other.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(a != *b)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[other.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(distance("includes/a.md", "includes/a.md"), 0);
        assert_eq!(distance("includes/eng/a.md", "includes/engineering/a.md"), 8);
        assert_eq!(distance("é", "e"), 1);
    }
}
