//! Gathering each commit's changes into the groups of the notes: by framework, level and kind,
//! a shared include's change once with every level it reaches.

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    Entry, First, FrameworkNotes, Group, Housekeeping, KindNotes, Notes, Relocation,
    SCHEMA_VERSION, Totals, Unreadable,
};
use crate::diff::{Change, Consumer, Diff, Kind};
use crate::source::history::Commit;

/// Gathers changes commit by commit into groups.
#[derive(Default)]
pub(super) struct Builder {
    shared: Vec<Group>,
    frameworks: Vec<FrameworkNotes>,
    housekeeping: Vec<Housekeeping>,
    cosmetic_only: Vec<Commit>,
    pub unreadable: Vec<Unreadable>,
    totals: Totals,
}

impl Builder {
    pub(super) fn add(&mut self, commit: &Commit, diff: &Diff) {
        let semantic: Vec<&Change> = diff.semantic().collect();
        for change in &semantic {
            self.place(commit, change);
        }
        let relocations = relocations(diff);
        let cosmetic: BTreeMap<String, usize> = diff.cosmetic_counts().into_iter().collect();
        self.totals.semantic += semantic.len();
        self.totals.relocated += diff.count(Kind::IncludeRelocated);
        self.totals.cosmetic += diff.count(Kind::Cosmetic);
        if semantic.is_empty() && relocations.is_empty() {
            self.cosmetic_only.push(commit.clone());
        } else if !relocations.is_empty() || !cosmetic.is_empty() {
            self.housekeeping.push(Housekeeping {
                commit: commit.clone(),
                relocations,
                cosmetic,
                semantic: !semantic.is_empty(),
            });
        }
    }

    /// Puts a change in the group of the levels it reaches: one framework's level, several
    /// levels of one framework, or shared by several frameworks.
    fn place(&mut self, commit: &Commit, change: &Change) {
        let mut frameworks: Vec<&str> =
            change.consumers.iter().map(|consumer| consumer.framework.as_str()).collect();
        frameworks.dedup();
        let groups = match frameworks.as_slice() {
            [one] => {
                let at = match self.frameworks.iter().position(|notes| notes.name == *one) {
                    Some(at) => at,
                    None => {
                        self.frameworks
                            .push(FrameworkNotes { name: one.to_string(), levels: Vec::new() });
                        self.frameworks.len() - 1
                    }
                };
                &mut self.frameworks[at].levels
            }
            _ => &mut self.shared,
        };
        let at =
            groups.iter().position(|group| group.reach == change.consumers).unwrap_or_else(|| {
                groups.push(Group {
                    title: title(&change.consumers, frameworks.len() > 1),
                    reach: change.consumers.clone(),
                    kinds: Vec::new(),
                });
                groups.len() - 1
            });
        let group = &mut groups[at];
        let at =
            group.kinds.iter().position(|kinds| kinds.kind == change.kind).unwrap_or_else(|| {
                group.kinds.push(KindNotes {
                    kind: change.kind,
                    label: change.kind.label().into(),
                    changes: Vec::new(),
                });
                group.kinds.len() - 1
            });
        let kind = &mut group.kinds[at];
        kind.changes.push(entry(commit, change));
    }

    /// Adds what `later` gathered over the commits after this one's, as if added here: groups
    /// and kinds new to this one keep the order `later` met them in, entries their commit order.
    pub(super) fn merge(&mut self, later: Builder) {
        for group in later.shared {
            merge_group(&mut self.shared, group);
        }
        for framework in later.frameworks {
            match self.frameworks.iter_mut().find(|known| known.name == framework.name) {
                Some(known) => {
                    for group in framework.levels {
                        merge_group(&mut known.levels, group);
                    }
                }
                None => self.frameworks.push(framework),
            }
        }
        self.housekeeping.extend(later.housekeeping);
        self.cosmetic_only.extend(later.cosmetic_only);
        self.unreadable.extend(later.unreadable);
        self.totals.semantic += later.totals.semantic;
        self.totals.relocated += later.totals.relocated;
        self.totals.cosmetic += later.totals.cosmetic;
    }

    pub(super) fn finish(
        mut self,
        from: Option<Commit>,
        to: Option<Commit>,
        commits: Vec<Commit>,
        first: Option<First>,
    ) -> Notes {
        let rank = |group: &Group| group.reach.iter().map(|consumer| consumer.rank).min();
        for framework in &mut self.frameworks {
            framework.levels.sort_by_key(|group| (rank(group), group.reach.len()));
        }
        self.frameworks.sort_by(|a, b| a.name.cmp(&b.name));
        // The widest reach first: what most readers are affected by.
        self.shared.sort_by_key(|group| std::cmp::Reverse(group.reach.len()));
        for group in
            self.shared.iter_mut().chain(self.frameworks.iter_mut().flat_map(|f| &mut f.levels))
        {
            group.kinds.sort_by_key(|kinds| kinds.kind);
        }
        Notes {
            schema_version: SCHEMA_VERSION,
            from,
            to,
            commits,
            first,
            shared: self.shared,
            frameworks: self.frameworks,
            housekeeping: self.housekeeping,
            cosmetic_only: self.cosmetic_only,
            unreadable: self.unreadable,
            totals: self.totals,
        }
    }
}

/// Adds `group`'s changes to the group of `groups` with the same reach, or `group` after them.
fn merge_group(groups: &mut Vec<Group>, group: Group) {
    let Some(known) = groups.iter_mut().find(|known| known.reach == group.reach) else {
        groups.push(group);
        return;
    };
    for kind in group.kinds {
        match known.kinds.iter_mut().find(|known| known.kind == kind.kind) {
            Some(known) => known.changes.extend(kind.changes),
            None => known.kinds.push(kind),
        }
    }
}

/// "Senior", "Intermediate, Senior and Staff", or "38 levels in 10 frameworks".
fn title(reach: &[Consumer], shared: bool) -> String {
    if shared {
        let mut frameworks: Vec<&str> = reach.iter().map(|c| c.framework.as_str()).collect();
        frameworks.sort_unstable();
        frameworks.dedup();
        return format!("{} levels in {} frameworks", reach.len(), frameworks.len());
    }
    let mut levels: Vec<&Consumer> = reach.iter().collect();
    levels.sort_by_key(|consumer| consumer.rank);
    let names: Vec<&str> = levels.iter().map(|consumer| consumer.level.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn entry(commit: &Commit, change: &Change) -> Entry {
    let side = change.after.first().or(change.before.first());
    Entry {
        commit: commit.clone(),
        before: change.before.iter().map(|side| side.text.clone()).collect(),
        after: change.after.iter().map(|side| side.text.clone()).collect(),
        words: change.words.clone(),
        detail: change.detail.clone(),
        path: side.map(|side| crate::report::display_path(side.span.path())).unwrap_or_default(),
        line: side.map_or(0, |side| side.span.line),
    }
}

/// A diff's relocated includes, one entry per folder move (file names kept), one per file else.
fn relocations(diff: &Diff) -> Vec<Relocation> {
    let mut moves: BTreeMap<(String, String), usize> = BTreeMap::new();
    for change in diff.changes.iter().filter(|change| change.kind == Kind::IncludeRelocated) {
        let text =
            |sides: &[crate::diff::Side]| sides.first().map_or(String::new(), |s| s.text.clone());
        let (old, new) = (text(&change.before), text(&change.after));
        let (a, b) = (Path::new(&old), Path::new(&new));
        let key = match (a.parent(), b.parent()) {
            (Some(from), Some(to)) if a.file_name() == b.file_name() && from != to => (
                format!("{}/", crate::report::display_path(&from.to_string_lossy())),
                format!("{}/", crate::report::display_path(&to.to_string_lossy())),
            ),
            _ => (old.clone(), new.clone()),
        };
        *moves.entry(key).or_insert(0) += 1;
    }
    moves.into_iter().map(|((from, to), count)| Relocation { from, to, count }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consumer(framework: &str, rank: usize, level: &str) -> Consumer {
        Consumer { framework: framework.into(), rank, level: level.into() }
    }

    #[test]
    fn titles_name_levels_or_count_them() {
        assert_eq!(title(&[consumer("A", 2, "Senior")], false), "Senior");
        let several = [
            consumer("A", 3, "Staff"),
            consumer("A", 1, "Intermediate"),
            consumer("A", 2, "Senior"),
        ];
        assert_eq!(title(&several, false), "Intermediate, Senior and Staff");
        let shared = [consumer("A", 1, "Senior"), consumer("B", 1, "Senior")];
        assert_eq!(title(&shared, true), "2 levels in 2 frameworks");
    }
}
