//! The trees of the commits walked and of their parents, each derived from the one before by the
//! files that differ: one `git ls-tree` for the first, one `git diff-tree` for all the others, one
//! `git cat-file` for every blob.

use std::sync::Arc;

use crate::source::git::{FileChange, GitError, GitTree, Repository};
use crate::source::history::Commit;

/// The trees of the walk, in order.
pub(super) struct Walk {
    /// The files that differ, for each step in order.
    steps: std::vec::IntoIter<Vec<FileChange>>,
    /// The tree reached so far.
    at: Option<Arc<GitTree>>,
    /// Reads ahead, on another thread, the pages the walk will read.
    ahead: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Walk {
    fn drop(&mut self) {
        if let Some(ahead) = self.ahead.take() {
            let _ = ahead.join();
        }
    }
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
    /// Lists the steps of a walk over `commits` (oldest first): from the tree before, to each
    /// commit's parent when other commits lie between, then to the commit.
    pub(super) fn new(repository: &Repository, commits: &[Commit]) -> Result<Self, GitError> {
        let Some(start) = commits.first() else {
            return Ok(Self { steps: Vec::new().into_iter(), at: None, ahead: None });
        };
        let start = start.parent.as_deref().unwrap_or(&start.id);
        let at = Arc::new(GitTree::new(repository, start)?);
        let mut pairs = Vec::new();
        let mut current = start.to_string();
        for commit in commits {
            if let Some(parent) = &commit.parent {
                if *parent != current {
                    pairs.push((current, parent.clone()));
                }
                pairs.push((parent.clone(), commit.id.clone()));
            }
            current = commit.id.clone();
        }
        let steps = repository.changes(&pairs)?;
        // Pages and includes (Markdown) of the first tree and every version the walk meets,
        // read in one stream while the walk starts: one round trip to git per file otherwise.
        let markdown = |path: &str| path.ends_with(".md");
        let mut ids: Vec<String> = at
            .files()
            .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "md"))
            .map(|(_, id)| id.to_string())
            .collect();
        ids.extend(
            steps
                .iter()
                .flatten()
                .filter(|change| markdown(&change.path))
                .filter_map(|change| change.id.clone()),
        );
        let reader = at.clone();
        let ahead = std::thread::spawn(move || {
            // A blob not read ahead is read when asked for: nothing to report.
            let _ = reader.prefetch_blobs(ids);
        });
        Ok(Self { steps: steps.into_iter(), at: Some(at), ahead: Some(ahead) })
    }

    /// The trees of `commit` and its parent, and the files that differ.
    pub(super) fn next(&mut self, commit: &Commit) -> Result<Step, GitError> {
        let missing = || GitError::Failed {
            command: "diff-tree".into(),
            message: format!("no changes listed for {}", commit.short),
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
