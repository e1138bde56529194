//! Commits as people name them (short id, date, subject, merge request), and the commits of a
//! range that touch given paths, oldest first: what `ladder notes` walks and `ladder diff` names.

use std::collections::HashMap;
use std::path::PathBuf;

use regex::Regex;

use super::git::{FileChange, GitError, Repository, git, git_fed, git_fields, parse_change};

/// Separates fields of one commit in `git log` output (ASCII unit separator).
const FIELD: char = '\u{1f}';
/// Ends one commit in `git log` output (ASCII record separator).
const RECORD: char = '\u{1e}';
/// `git log --format` of [`Commit`]: id, short id, parents, author date, subject, body.
const FORMAT: &str = "--format=%H%x1f%h%x1f%P%x1f%as%x1f%s%x1f%b%x1e";

// ASCII classes: project paths are ASCII, and with Unicode's word class the pattern took
// 6 M instructions to compile (callgrind), about a millisecond.
static MERGE_REQUEST: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?-u)(?:^|[\s(])((?:[\w.-]+/)*[\w.-]*!\d+)\b").expect("static regex")
});

/// One commit, as a changelog names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    /// The full commit id.
    pub id: String,
    /// The abbreviated id git shows.
    pub short: String,
    /// The first parent's id, if any (what the commit is compared with).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The author date, `YYYY-MM-DD`.
    pub date: String,
    /// The first line of the message.
    pub subject: String,
    /// The merge request the message names (`!1234`, or `group/project!1234`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_request: Option<String>,
}

impl Commit {
    /// `abc1234 Subject`, as a header names a revision.
    pub fn label(&self) -> String {
        format!("{} {}", self.short, self.subject)
    }
}

/// The commits of a range that touch given paths, oldest first, each with every file it changes
/// (the whole tree, not only the paths): what `ladder notes` walks, from one `git log`.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The commit the range starts after (resolved), if any.
    pub from: Option<String>,
    /// The last commit of the range (resolved).
    pub to: String,
    /// The commits, oldest first.
    pub commits: Vec<Commit>,
    /// The files each commit changes from its first parent (from nothing for a first commit).
    pub changes: Vec<Vec<FileChange>>,
}

/// How a history's commits are named, being found on another thread: their short ids (asked of
/// git) and merge requests (the regular expression's build and searches off the walk's way).
pub struct Names(Option<std::thread::JoinHandle<Result<HashMap<String, Name>, GitError>>>);

/// What names one commit in notes, found beside the walk.
#[derive(Debug, Clone)]
pub struct Name {
    /// The abbreviated id git shows.
    pub short: String,
    /// The merge request the message names, if any.
    pub merge_request: Option<String>,
}

impl Name {
    /// Gives `commit` its short id and merge request.
    pub fn give(&self, commit: &mut Commit) {
        commit.short.clone_from(&self.short);
        commit.merge_request.clone_from(&self.merge_request);
    }
}

impl Names {
    /// The names by full id, once found.
    pub fn names(self) -> Result<HashMap<String, Name>, GitError> {
        let Some(asked) = self.0 else { return Ok(HashMap::new()) };
        asked.join().unwrap_or_else(|_| {
            let message = "the thread asking for short ids failed".into();
            Err(GitError::Failed { command: "log".into(), message })
        })
    }
}

impl Repository {
    /// The commit of the resolved id `id`, with its subject and date.
    pub fn commit_of(&self, id: &str) -> Result<Commit, GitError> {
        let out = git(&self.root, &["log", "-1", "--no-walk", FORMAT, id, "--"])?;
        parse(&out).into_iter().next().ok_or_else(|| GitError::Failed {
            command: "log".into(),
            message: format!("no commit read for {id}"),
        })
    }

    /// The commits after `from` (all history when `None`) up to `to` that touch `paths`, oldest
    /// first, following first parents only (in a merge-request workflow one commit per merge),
    /// each with the files it changes: one `git log --raw` walks the trees once.
    pub fn history(
        &self,
        from: Option<&str>,
        to: &str,
        paths: &[PathBuf],
    ) -> Result<History, GitError> {
        let (mut history, names) = self.history_beside(from, to, paths, &mut |_| {})?;
        let names = names.names()?;
        for commit in &mut history.commits {
            if let Some(name) = names.get(&commit.id) {
                name.give(commit);
            }
        }
        Ok(history)
    }

    /// As [`Self::history`], but the commits' short ids and merge requests are left empty, found
    /// on another thread while the caller walks (they only name commits when notes are written);
    /// `seen` is told each file change as git writes it, newest commit first, so that the caller
    /// starts on them while git still walks.
    pub fn history_beside(
        &self,
        from: Option<&str>,
        to: &str,
        paths: &[PathBuf],
        seen: &mut dyn FnMut(&FileChange),
    ) -> Result<(History, Names), GitError> {
        let to = self.resolve(to)?;
        let from = from.map(|from| self.resolve(from)).transpose()?;
        let range = match &from {
            Some(from) => format!("{from}..{to}"),
            None => to.clone(),
        };
        // `--full-diff`: every file the commit changes, not only those under the paths (the
        // walk's trees are whole). Merges compared with their first parent, the root with
        // nothing, whatever the configuration says. Blob ids whole, as `ls-tree` writes them
        // (git finds an abbreviated one slowly); `%h` follows that setting, so short ids are
        // asked apart.
        // Newest first, as git finds them (with `--reverse` it writes nothing until its walk is
        // over), turned oldest first once read.
        let mut args = vec![
            "log",
            "--first-parent",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--full-diff",
            "--diff-merges=first-parent",
            "--root",
            FORMAT,
            &range,
            "--",
        ];
        let paths: Vec<String> =
            paths.iter().map(|path| path.to_string_lossy().replace('\\', "/")).collect();
        args.extend(paths.iter().map(String::as_str).filter(|path| !path.is_empty()));
        // A change is a `:modes ids status` field, then its path.
        let mut meta: Option<String> = None;
        let mut each = |field: &str| match meta.take() {
            Some(meta) => {
                if let Some(change) = parse_change(&meta, field) {
                    seen(&change);
                }
            }
            None => {
                meta = field.trim_start_matches('\n').strip_prefix(':').map(str::to_string);
            }
        };
        let (mut commits, mut changes, mut bodies) =
            parse_raw(&git_fields(&self.root, &args, &mut each)?);
        commits.reverse();
        changes.reverse();
        bodies.reverse();
        let names = self.names(&commits, bodies);
        Ok((History { from, to, commits, changes }, names))
    }

    /// The short ids of `commits` as `git log` writes them (one run over their ids) and the
    /// merge requests their subjects or `bodies` name, found on another thread.
    fn names(&self, commits: &[Commit], bodies: Vec<String>) -> Names {
        if commits.is_empty() {
            return Names(None);
        }
        let root = self.root.clone();
        let asked: Vec<(String, String)> =
            commits.iter().map(|commit| (commit.id.clone(), commit.subject.clone())).collect();
        Names(Some(std::thread::spawn(move || {
            let input: String = asked.iter().map(|(id, _)| format!("{id}\n")).collect();
            let args = ["log", "--no-walk=unsorted", "--stdin", "--format=%h"];
            let out = git_fed(&root, &args, input)?;
            let shorts: Vec<&str> = out.lines().collect();
            if shorts.len() != asked.len() {
                let message = format!("{} short ids for {} commits", shorts.len(), asked.len());
                return Err(GitError::Failed { command: "log".into(), message });
            }
            let names =
                asked.into_iter().zip(shorts).zip(bodies).map(|(((id, subject), short), body)| {
                    let merge_request = merge_request(&subject).or_else(|| merge_request(&body));
                    (id, Name { short: short.to_string(), merge_request })
                });
            Ok(names.collect())
        })))
    }

    /// The newest tag matching the glob `pattern` reachable from `rev` (for `--since-tag`).
    pub fn last_tag(&self, pattern: &str, rev: &str) -> Result<Option<String>, GitError> {
        let rev = self.resolve(rev)?;
        let out = git(&self.root, &["describe", "--tags", "--abbrev=0", "--match", pattern, &rev]);
        Ok(out.ok().map(|tag| tag.trim().to_string()).filter(|tag| !tag.is_empty()))
    }
}

/// Commits from `git log` output in [`FORMAT`].
fn parse(out: &str) -> Vec<Commit> {
    out.split(RECORD).filter_map(parse_record).collect()
}

/// One commit from its fields in [`FORMAT`] (the record separator taken off).
fn parse_record(record: &str) -> Option<Commit> {
    let (mut commit, body) = parse_unnamed(record)?;
    commit.merge_request = merge_request(&commit.subject).or_else(|| merge_request(body));
    Some(commit)
}

/// One commit from its fields in [`FORMAT`], its merge request not looked for yet, and the
/// message's body.
fn parse_unnamed(record: &str) -> Option<(Commit, &str)> {
    let mut fields = record.trim_start_matches('\n').splitn(6, FIELD);
    let id = fields.next().filter(|id| !id.is_empty())?.to_string();
    let short = fields.next()?.to_string();
    let parent = fields.next()?.split_whitespace().next().map(str::to_string);
    let date = fields.next()?.to_string();
    let subject = fields.next()?.to_string();
    let body = fields.next().unwrap_or_default();
    Some((Commit { id, short, parent, date, subject, merge_request: None }, body))
}

/// Commits (merge requests not looked for), the files each changes and their messages' bodies
/// from `git log --raw -z` output in [`FORMAT`]: each commit's fields end with the record
/// separator and a NUL, then come its changes, a `:modes ids status` field (after a newline for
/// the first) and the path, NUL-terminated.
fn parse_raw(out: &str) -> (Vec<Commit>, Vec<Vec<FileChange>>, Vec<String>) {
    let (mut commits, mut changes) = (Vec::new(), Vec::<Vec<FileChange>>::new());
    let mut bodies = Vec::new();
    let mut fields = out.split('\0');
    while let Some(field) = fields.next() {
        if let Some(meta) = field.trim_start_matches('\n').strip_prefix(':') {
            let Some(path) = fields.next() else { break };
            if let (Some(change), Some(listed)) = (parse_change(meta, path), changes.last_mut()) {
                listed.push(change);
            }
        } else if let Some((commit, body)) = field.strip_suffix(RECORD).and_then(parse_unnamed) {
            commits.push(commit);
            changes.push(Vec::new());
            bodies.push(body.to_string());
        }
    }
    (commits, changes, bodies)
}

/// The merge request a message names: `!1234` in the subject, or GitLab's "See merge request
/// group/project!1234" line.
fn merge_request(text: &str) -> Option<String> {
    let found = MERGE_REQUEST.captures(text)?.get(1)?.as_str();
    // A reference to another project keeps only its number: a changelog reads `!1234`.
    found.rfind('!').map(|at| found[at..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_requests_are_found_in_subject_or_body() {
        assert_eq!(merge_request("Fix typo (!1234)").as_deref(), Some("!1234"));
        assert_eq!(
            merge_request(
                "Merge branch 'x'\n\nSee merge request gitlab-com/content-sites/handbook!987"
            )
            .as_deref(),
            Some("!987")
        );
        assert_eq!(merge_request("Wow! 12 items"), None);
    }

    #[test]
    fn raw_logs_parse_into_commits_and_their_changes() {
        let out = "a1\u{1f}a\u{1f}\u{1f}2024-05-18\u{1f}First\u{1f}\u{1e}\0\n\
            :000000 100644 0000000 b1 A\0x.md\0:000000 160000 0000000 s1 A\0sub\0\
            c2\u{1f}c\u{1f}a1\u{1f}2024-05-19\u{1f}Empty\u{1f}\u{1e}\0\
            d3\u{1f}d\u{1f}c2\u{1f}2024-05-20\u{1f}Gone\u{1f}body\n\u{1e}\0\n\
            :100644 000000 b1 0000000 D\0x.md\0";
        let (commits, changes, bodies) = parse_raw(out);
        assert_eq!(bodies, ["", "", "body\n"]);
        let ids: Vec<&str> = commits.iter().map(|commit| commit.id.as_str()).collect();
        assert_eq!(ids, ["a1", "c2", "d3"]);
        let gone = FileChange { path: "x.md".into(), id: None };
        let added = FileChange { path: "x.md".into(), id: Some("b1".into()) };
        let gitlink = FileChange { path: "sub".into(), id: None };
        assert_eq!(changes, [vec![added, gitlink], vec![], vec![gone]]);
    }

    #[test]
    fn log_records_parse_with_empty_bodies() {
        let out = "a1\u{1f}a\u{1f}p1 p2\u{1f}2024-05-18\u{1f}Subject !5\u{1f}\u{1e}\n";
        let commits = parse(out);
        assert_eq!(commits.len(), 1);
        assert_eq!(commits[0].parent.as_deref(), Some("p1"));
        assert_eq!(commits[0].merge_request.as_deref(), Some("!5"));
    }
}
