//! Tracks that join: folders of level pages whose level graph goes on into the levels of a folder
//! above them. The GitLab handbook's Backend, Frontend and Fullstack folders stop at Staff, and
//! `development/dev/principal.md` is the level above all three.
//!
//! Each track stays a framework of its own and takes the shared levels on top, the lowest of
//! them with an edge to the track's top level: "the level below" Principal is Backend Staff in
//! the Backend framework and Frontend Staff in the Frontend one. The shared folder is then no
//! framework of its own (read alone, it would be compared with nothing).

use crate::hash::TextMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::{Framework, Note};
use crate::rules::Rules;

/// Track folders and the folder of the levels above them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Join {
    /// The folder whose levels sit above the tracks.
    pub above: PathBuf,
    /// The track folders.
    pub tracks: Vec<PathBuf>,
}

/// The joins `ladder.yml` sets, when it has a `tracks` list (`[]`: join none).
pub(crate) fn configured(config: &Config) -> Option<Vec<Join>> {
    let set = config.settings.tracks.as_ref()?;
    let joins = set.iter().map(|join| Join {
        above: config.resolve(&join.above.value),
        tracks: join.tracks.iter().map(|track| config.resolve(&track.value)).collect(),
    });
    Some(joins.collect())
}

/// Joins the layout shows: a framework folder whose every level ranks above every level of the
/// nearest framework folders below it (in the level vocabulary) sits above them as tracks.
pub(crate) fn from_layout(found: &[(PathBuf, Framework)], rules: &Rules) -> Vec<Join> {
    let rank = |key: &str| rules.level(key).map(|(rank, _)| rank);
    let lowest = |framework: &Framework| framework.levels.iter().map(|l| rank(&l.key)).min();
    let highest = |framework: &Framework| framework.levels.iter().map(|l| rank(&l.key)).max();
    let below = nearest_below(found);
    let mut joins = Vec::new();
    for (folder, framework) in found {
        let Some(Some(bottom)) = lowest(framework) else { continue };
        let Some(below) = below.get(folder.as_path()) else { continue };
        let under = |&t: &usize| {
            highest(&found[t].1).is_some_and(|top| top.is_some_and(|top| top < bottom))
        };
        if below.iter().all(under) {
            let tracks = below.iter().map(|&t| found[t].0.clone()).collect();
            joins.push(Join { above: folder.clone(), tracks });
        }
    }
    joins
}

/// The folders found directly below each folder found (no other found between them), in the
/// order found. Paths sort with a folder's subfolders right after it, so one pass over them in
/// order, keeping the folders above on a stack, finds each one's nearest folder above: linear,
/// where comparing every pair would grow with the square of the handbook.
fn nearest_below(found: &[(PathBuf, Framework)]) -> TextMap<&Path, Vec<usize>> {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| found[a].0.cmp(&found[b].0));
    let mut above: Vec<&Path> = Vec::new();
    let mut parent: Vec<Option<&Path>> = vec![None; found.len()];
    for at in order {
        let folder = found[at].0.as_path();
        while above.last().is_some_and(|&top| top == folder || !folder.starts_with(top)) {
            above.pop();
        }
        parent[at] = above.last().copied();
        above.push(folder);
    }
    let mut below: TextMap<&Path, Vec<usize>> = TextMap::default();
    for (at, parent) in parent.into_iter().enumerate() {
        if let Some(parent) = parent {
            below.entry(parent).or_default().push(at);
        }
    }
    below
}

/// Puts each join's shared levels on top of its tracks and drops the shared folder's own
/// framework, with a note saying where its pages went.
pub(crate) fn apply(found: &mut Vec<(PathBuf, Framework)>, joins: &[Join], notes: &mut Vec<Note>) {
    // Indexes by folder, so that each join looks its folders up instead of scanning them all.
    let mut at_folder: TextMap<PathBuf, Vec<usize>> = TextMap::default();
    for (at, (folder, _)) in found.iter().enumerate() {
        at_folder.entry(folder.clone()).or_default().push(at);
    }
    let mut removed = vec![false; found.len()];
    for join in joins {
        let first_kept = |folder: &PathBuf| {
            at_folder.get(folder).and_then(|ats| ats.iter().copied().find(|&at| !removed[at]))
        };
        let Some(at) = first_kept(&join.above) else { continue };
        let shared = found[at].1.clone();
        let mut tracks: Vec<usize> = join
            .tracks
            .iter()
            .filter_map(|track| at_folder.get(track))
            .flatten()
            .copied()
            .filter(|&track| !removed[track])
            .collect();
        tracks.sort_unstable();
        tracks.dedup();
        let mut joined = Vec::new();
        for track in tracks {
            let (folder, track) = &mut found[track];
            stack(track, &shared);
            joined.push(folder_label(folder));
        }
        if joined.is_empty() {
            continue;
        }
        removed[at] = true;
        for level in &shared.levels {
            if let Some(page) = &level.page {
                notes.push(Note {
                    path: page.span.path().to_string(),
                    message: format!(
                        "the {} level sits above the tracks {}: it is read as the level above each track's top level",
                        level.name,
                        joined.join(", ")
                    ),
                });
            }
        }
    }
    let mut index = 0;
    found.retain(|_| {
        index += 1;
        !removed[index - 1]
    });
}

/// Appends the levels of `shared` above `track`'s top level, keeping their order and edges.
fn stack(track: &mut Framework, shared: &Framework) {
    let offset = track.levels.len();
    let top = offset.checked_sub(1);
    let mut kept = Vec::new();
    for (index, level) in shared.levels.iter().enumerate() {
        if track.level(&level.key).is_some() {
            continue;
        }
        let mut level = level.clone();
        level.below = match level.below {
            Some(lower) => kept.iter().position(|&k| k == lower).map(|at| offset + at).or(top),
            None => top,
        };
        kept.push(index);
        track.levels.push(level);
    }
}

/// A track folder as shown in a note: its last component.
fn folder_label(folder: &Path) -> String {
    folder.file_name().and_then(|name| name.to_str()).unwrap_or("?").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Level};

    fn framework(keys: &[&str]) -> Framework {
        let levels = keys
            .iter()
            .enumerate()
            .map(|(index, key)| Level {
                key: key.to_string(),
                name: key.to_string(),
                below: index.checked_sub(1),
                page: None,
                span: None,
                sections: Vec::new(),
            })
            .collect();
        Framework {
            id: keys.join("-"),
            name: keys.join("-"),
            format: Format::Markdown,
            levels,
            required_sections: Vec::new(),
        }
    }

    #[test]
    fn a_folder_of_levels_above_its_subfolders_joins_them() -> Result<(), crate::rules::RulesError>
    {
        let rules = Rules::defaults()?;
        let mut found = vec![
            (PathBuf::from("dev"), framework(&["principal"])),
            (PathBuf::from("dev/backend"), framework(&["intermediate", "senior", "staff"])),
            (PathBuf::from("dev/frontend"), framework(&["senior", "staff"])),
            (PathBuf::from("team"), framework(&["intern", "senior"])),
            (PathBuf::from("team/sub"), framework(&["senior", "staff"])),
        ];
        let joins = from_layout(&found, &rules);
        assert_eq!(joins.len(), 1, "{joins:?}");
        apply(&mut found, &joins, &mut Vec::new());
        let folders: Vec<&Path> = found.iter().map(|(folder, _)| folder.as_path()).collect();
        assert_eq!(folders, ["dev/backend", "dev/frontend", "team", "team/sub"].map(Path::new));
        let backend = &found[0].1;
        assert_eq!(backend.levels[3].key, "principal");
        assert_eq!(backend.levels[3].below, Some(2));
        assert_eq!(found[1].1.levels[2].below, Some(1));
        Ok(())
    }
}
