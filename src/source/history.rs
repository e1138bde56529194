//! Commits as people name them (short id, date, subject, merge request), and the commits of a
//! range that touch given paths, oldest first: what `ladder notes` walks and `ladder diff` names.

use std::path::PathBuf;

use regex::Regex;

use super::git::{GitError, Repository, git};

/// Separates fields of one commit in `git log` output (ASCII unit separator).
const FIELD: char = '\u{1f}';
/// Ends one commit in `git log` output (ASCII record separator).
const RECORD: char = '\u{1e}';
/// `git log --format` of [`Commit`]: id, short id, parents, author date, subject, body.
const FORMAT: &str = "--format=%H%x1f%h%x1f%P%x1f%as%x1f%s%x1f%b%x1e";

static MERGE_REQUEST: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])((?:[\w.-]+/)*[\w.-]*!\d+)\b").expect("static regex")
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

impl Repository {
    /// The commit `rev` names, with its subject and date.
    pub fn commit(&self, rev: &str) -> Result<Commit, GitError> {
        let id = self.resolve(rev)?;
        let out = git(&self.root, &["log", "-1", "--no-walk", FORMAT, &id, "--"])?;
        parse(&out).into_iter().next().ok_or_else(|| GitError::Failed {
            command: "log".into(),
            message: format!("no commit read for {rev}"),
        })
    }

    /// The commits after `from` (all history when `None`) up to `to` that touch `paths`, oldest
    /// first, following first parents only: in a merge-request workflow one commit per merge.
    pub fn commits(
        &self,
        from: Option<&str>,
        to: &str,
        paths: &[PathBuf],
    ) -> Result<Vec<Commit>, GitError> {
        let to = self.resolve(to)?;
        let range = match from {
            Some(from) => format!("{}..{to}", self.resolve(from)?),
            None => to,
        };
        let mut args = vec!["log", "--first-parent", "--reverse", FORMAT, &range, "--"];
        let paths: Vec<String> =
            paths.iter().map(|path| path.to_string_lossy().replace('\\', "/")).collect();
        args.extend(paths.iter().map(String::as_str).filter(|path| !path.is_empty()));
        Ok(parse(&git(&self.root, &args)?))
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
    out.split(RECORD)
        .filter_map(|record| {
            let mut fields = record.trim_start_matches('\n').splitn(6, FIELD);
            let id = fields.next().filter(|id| !id.is_empty())?.to_string();
            let short = fields.next()?.to_string();
            let parent = fields.next()?.split_whitespace().next().map(str::to_string);
            let date = fields.next()?.to_string();
            let subject = fields.next()?.to_string();
            let body = fields.next().unwrap_or_default();
            let merge_request = merge_request(&subject).or_else(|| merge_request(body));
            Some(Commit { id, short, parent, date, subject, merge_request })
        })
        .collect()
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
    fn log_records_parse_with_empty_bodies() {
        let out = "a1\u{1f}a\u{1f}p1 p2\u{1f}2024-05-18\u{1f}Subject !5\u{1f}\u{1e}\n";
        let commits = parse(out);
        assert_eq!(commits.len(), 1);
        assert_eq!(commits[0].parent.as_deref(), Some("p1"));
        assert_eq!(commits[0].merge_request.as_deref(), Some("!5"));
    }
}
