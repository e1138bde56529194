//! Formats of `ladder notes`: Markdown (the default), JSON (the whole [`Notes`] document), and a
//! team's own minijinja template over that same document.

pub mod json;
pub mod markdown;
pub mod template;

use crate::notes::Notes;
use crate::source::history::Commit;

/// A commit as a changelog line names it: "`abc1234` 2026-03-12 Subject (!12)"; the subject is
/// escaped, the merge request left live (it is this project's own).
pub(crate) fn commit_ref(commit: &Commit) -> String {
    let mut text = format!("`{}` {} {}", commit.short, commit.date, subject(commit));
    if let Some(merge_request) = &commit.merge_request
        && !commit.subject.contains(merge_request.as_str())
    {
        text.push_str(&format!(" ({merge_request})"));
    }
    text
}

/// A commit's subject escaped, the merge request it names left live.
pub(crate) fn subject(commit: &Commit) -> String {
    let escape = super::changes::markdown::escape;
    let mut subject = escape(&commit.subject);
    if let Some(merge_request) = &commit.merge_request {
        subject = subject.replace(&escape(merge_request), merge_request);
    }
    subject
}

/// "3 commits, 2024-05-10 to 2026-03-12".
pub(crate) fn span(notes: &Notes) -> String {
    let count = notes.commits.len();
    let noun = if count == 1 { "commit" } else { "commits" };
    match (notes.commits.first(), notes.commits.last()) {
        (Some(first), Some(last)) if first.date != last.date => {
            format!("{count} {noun}, {} to {}", first.date, last.date)
        }
        (Some(first), _) => format!("{count} {noun}, {}", first.date),
        _ => "no commit touched the frameworks".to_string(),
    }
}
