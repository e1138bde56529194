//! The trees of the commits walked and of their parents, each derived from the one before by the
//! files that differ: the log lists what each commit changes, one `git ls-tree` lists the first
//! tree (none when the walk starts at the first commit), one `git diff-tree` the steps over
//! commits the paths skip, one `git cat-file` reads ahead every page the walk will read (the
//! walk waits for a page coming rather than asking for it again).

use std::sync::Arc;

use crate::source::git::{FileChange, GitError, GitTree, Reading, Repository};
use crate::source::history::Commit;

/// The trees of the walk, in order.
pub(super) struct Walk {
    /// The files that differ, for each step in order.
    steps: std::vec::IntoIter<Vec<FileChange>>,
    /// The tree reached so far.
    at: Option<Arc<GitTree>>,
    /// Reads ahead, on another thread, the pages the walk will read; stops when the walk is
    /// over (or stopped on an error).
    _reading: Option<Reading>,
}

/// What one commit of the walk brings.
pub(super) struct Step {
    /// The tree of the commit's parent (`None` for a first commit).
    pub parent: Option<Arc<GitTree>>,
    /// The commit's tree.
    pub tree: Arc<GitTree>,
    /// When the commit before in the walk is not the parent (the paths skip commits between),
    /// the tree of that commit and the files that differ from it to the parent.
    pub between: Option<(Arc<GitTree>, Vec<FileChange>)>,
    /// The files that differ from the parent to the commit.
    pub changes: Vec<FileChange>,
}

impl Walk {
    /// Lists the steps of a walk over `commits` (oldest first), each with the files it changes
    /// (`changes`, in step): from the tree before, to each commit's parent when other commits
    /// lie between, then to the commit. Pages are read ahead through `reading` (which may have
    /// been asked for some already), or one started now.
    pub(super) fn new(
        repository: &Repository,
        commits: &[Commit],
        changes: Vec<Vec<FileChange>>,
        reading: Option<Reading>,
    ) -> Result<Self, GitError> {
        let Some(first) = commits.first() else {
            return Ok(Self { steps: Vec::new().into_iter(), at: None, _reading: None });
        };
        let mut changes = changes.into_iter();
        // A first commit's tree is what it adds: no listing to ask git for.
        let at = match &first.parent {
            Some(parent) => GitTree::new(repository, parent)?,
            None => GitTree::first(repository, &first.id, &changes.next().unwrap_or_default()),
        };
        let mut reading = reading.or_else(|| Reading::start(repository).ok());
        let at = match &reading {
            Some(reading) => Arc::new(at.with_cache(reading.cache())),
            None => Arc::new(at),
        };
        // Only the steps over commits the paths skip are asked of git; the others are known.
        let mut between = Vec::new();
        let mut current = at.commit().to_string();
        for commit in commits {
            if let Some(parent) = &commit.parent
                && *parent != current
            {
                between.push((current, parent.clone()));
            }
            current = commit.id.clone();
        }
        let mut between = repository.changes(&between)?.into_iter();
        let mut steps = Vec::new();
        let mut current = at.commit().to_string();
        for commit in commits {
            if let Some(parent) = &commit.parent {
                if *parent != current {
                    steps.push(between.next().unwrap_or_default());
                }
                steps.push(changes.next().unwrap_or_default());
            }
            current = commit.id.clone();
        }
        // Pages and includes (Markdown) of the first tree and every version the walk meets,
        // read in one stream while the walk starts: one round trip to git per file otherwise.
        let markdown = |path: &str| path.ends_with(".md");
        // The first tree's in path order, as its first read asks for them (folder by folder).
        let mut first: Vec<(&str, &str)> = at.ids().filter(|(path, _)| markdown(path)).collect();
        first.sort_unstable();
        let mut ids: Vec<String> = first.into_iter().map(|(_, id)| id.to_string()).collect();
        ids.extend(
            steps
                .iter()
                .flatten()
                .filter(|change| markdown(&change.path))
                .filter_map(|change| change.id.clone()),
        );
        // Asked here, before the walk's first read, which then waits for them (those the log
        // named were asked as it ran, and are not asked again). A blob not read ahead is read
        // when asked for.
        if let Some(reading) = reading.as_mut() {
            reading.ask(ids);
            reading.finish();
        }
        Ok(Self { steps: steps.into_iter(), at: Some(at), _reading: reading })
    }

    /// The trees of `commit` and its parent, and the files that differ.
    pub(super) fn next(&mut self, commit: &Commit) -> Result<Step, GitError> {
        let missing = || GitError::Failed {
            command: "diff-tree".into(),
            message: format!("no changes listed for {}", commit.id),
        };
        let at = self.at.clone().ok_or_else(missing)?;
        let Some(parent) = &commit.parent else {
            return Ok(Step { parent: None, tree: at, between: None, changes: Vec::new() });
        };
        let (old, between) = if at.commit() == parent {
            (at, None)
        } else {
            let changes = self.steps.next().ok_or_else(missing)?;
            (Arc::new(at.changed(parent, &changes)), Some((at, changes)))
        };
        let changes = self.steps.next().ok_or_else(missing)?;
        let new = Arc::new(old.changed(&commit.id, &changes));
        self.at = Some(new.clone());
        Ok(Step { parent: Some(old), tree: new, between, changes })
    }
}
