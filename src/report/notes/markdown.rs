//! Release notes as Markdown, to paste into a changelog or a release: changes by framework,
//! level and kind, each with its commit; changes to shared includes once, with what they reach;
//! relocations and cosmetic edits summed per commit at the end.

use std::io::{self, Write};

use super::{commit_ref, span};
use crate::diff::{Kind, WordOp};
use crate::notes::{Entry, Group, Notes};
use crate::report::changes::markdown::escape;

/// Renders `notes` as Markdown.
pub fn render(notes: &Notes, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Career framework changes")?;
    writeln!(out)?;
    let range = match (&notes.from, &notes.to) {
        (Some(from), Some(to)) => format!("After `{}` up to `{}`", from.short, to.short),
        (None, Some(to)) => format!("Up to `{}`", to.short),
        _ => "The whole history".to_string(),
    };
    let totals = &notes.totals;
    writeln!(
        out,
        "{range}: {}; {} semantic {}, {} {} relocated, {} cosmetic {}.",
        span(notes),
        totals.semantic,
        plural(totals.semantic, "change", "changes"),
        totals.relocated,
        plural(totals.relocated, "include", "includes"),
        totals.cosmetic,
        plural(totals.cosmetic, "edit", "edits"),
    )?;
    if let Some(first) = &notes.first {
        writeln!(out)?;
        writeln!(
            out,
            "{}: the first commit, {} {} with {} levels.",
            commit_ref(&first.commit),
            first.frameworks,
            plural(first.frameworks, "framework", "frameworks"),
            first.levels
        )?;
    }
    if !notes.shared.is_empty() {
        writeln!(out)?;
        writeln!(out, "### Across frameworks")?;
        for group in &notes.shared {
            writeln!(out)?;
            writeln!(out, "#### Reaching {}", escape(&group.title))?;
            writeln!(out)?;
            writeln!(out, "<details><summary>Levels reached</summary>")?;
            writeln!(out)?;
            writeln!(out, "{}.", escape(&reach(group)))?;
            writeln!(out)?;
            writeln!(out, "</details>")?;
            kinds(group, out)?;
        }
    }
    for framework in &notes.frameworks {
        writeln!(out)?;
        writeln!(out, "### {}", escape(&framework.name))?;
        for group in &framework.levels {
            writeln!(out)?;
            writeln!(out, "#### {}", escape(&group.title))?;
            kinds(group, out)?;
        }
    }
    housekeeping(notes, out)?;
    unreadable(notes, out)
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// "Backend (Intermediate, Senior); Support (Staff)".
fn reach(group: &Group) -> String {
    let mut frameworks: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut consumers = group.reach.clone();
    consumers.sort_by(|a, b| a.framework.cmp(&b.framework).then(a.rank.cmp(&b.rank)));
    for consumer in &consumers {
        match frameworks.iter_mut().find(|(name, _)| *name == consumer.framework) {
            Some((_, levels)) => levels.push(&consumer.level),
            None => frameworks.push((&consumer.framework, vec![&consumer.level])),
        }
    }
    frameworks
        .iter()
        .map(|(name, levels)| format!("{name} ({})", levels.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A group's changes by kind; changes of one commit under one line naming it.
fn kinds(group: &Group, out: &mut dyn Write) -> io::Result<()> {
    for kind in &group.kinds {
        writeln!(out)?;
        writeln!(out, "{}:", capitalise(&kind.label))?;
        writeln!(out)?;
        let mut at = 0;
        while at < kind.changes.len() {
            let commit = &kind.changes[at].commit;
            let end = kind.changes[at..]
                .iter()
                .position(|entry| entry.commit.id != commit.id)
                .map_or(kind.changes.len(), |offset| at + offset);
            let run = &kind.changes[at..end];
            if let [entry] = run {
                writeln!(out, "- {} · {}", text(kind.kind, entry), commit_ref(commit))?;
            } else {
                writeln!(out, "- {}:", commit_ref(commit))?;
                for entry in run {
                    writeln!(out, "  - {}", text(kind.kind, entry))?;
                }
            }
            at = end;
        }
    }
    Ok(())
}

/// What a change did, in words.
/// `text` with its detail (which item an example is of) after it, when there is one.
fn with_detail(text: String, detail: &str) -> String {
    if detail.is_empty() { text } else { format!("{text} ({detail})") }
}

fn text(kind: Kind, entry: &Entry) -> String {
    let first = |sides: &[String]| sides.first().map_or(String::new(), |text| escape(text));
    let detail = entry.detail.as_deref().map(escape).unwrap_or_default();
    match kind {
        Kind::Reworded => with_detail(
            entry
                .words
                .iter()
                .map(|edit| {
                    let words = escape(&edit.text);
                    match edit.op {
                        WordOp::Equal => words,
                        WordOp::Delete => format!("~~{words}~~"),
                        WordOp::Insert => format!("**{words}**"),
                    }
                })
                .collect(),
            &detail,
        ),
        Kind::Added | Kind::LevelAdded => with_detail(first(&entry.after), &detail),
        Kind::Removed | Kind::LevelRemoved => {
            with_detail(format!("~~{}~~", first(&entry.before)), &detail)
        }
        Kind::Moved | Kind::Promoted | Kind::Demoted => {
            format!("{} ({detail})", first(&entry.after))
        }
        Kind::LinkChanged | Kind::AttributeChanged => format!(
            "{}: `{}`",
            first(&entry.after),
            entry.detail.as_deref().unwrap_or("").replace('`', "'")
        ),
        Kind::Reordered => {
            entry.after.iter().map(|text| escape(text)).collect::<Vec<_>>().join("; ")
        }
        _ => {
            let marked = |sides: &[String], mark: &str| {
                sides
                    .iter()
                    .map(|text| format!("{mark}{}{mark}", escape(text)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{} → {}", marked(&entry.before, "~~"), marked(&entry.after, "**"))
        }
    }
}

/// Relocations and cosmetic edits per commit, then the cosmetic-only commits in one line.
fn housekeeping(notes: &Notes, out: &mut dyn Write) -> io::Result<()> {
    if notes.housekeeping.is_empty() && notes.cosmetic_only.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "### Relocations and cosmetic edits")?;
    writeln!(out)?;
    for kept in &notes.housekeeping {
        let mut parts: Vec<String> = kept
            .relocations
            .iter()
            .map(|moved| {
                let noun = plural(moved.count, "include", "includes");
                format!("{} {noun} moved from `{}` to `{}`", moved.count, moved.from, moved.to)
            })
            .collect();
        let cosmetic: usize = kept.cosmetic.values().sum();
        if cosmetic > 0 {
            let each: Vec<String> = kept
                .cosmetic
                .iter()
                .map(|(category, count)| format!("{category} {count}"))
                .collect();
            let noun = plural(cosmetic, "edit", "edits");
            parts.push(format!("{cosmetic} cosmetic {noun} ({})", each.join(", ")));
        }
        writeln!(out, "- {}: {}", commit_ref(&kept.commit), parts.join("; "))?;
    }
    if !notes.cosmetic_only.is_empty() {
        let count = notes.cosmetic_only.len();
        let commits: Vec<String> = notes
            .cosmetic_only
            .iter()
            .map(|commit| format!("`{}` {}", commit.short, super::subject(commit)))
            .collect();
        let noun = plural(count, "commit", "commits");
        writeln!(out, "- Cosmetic only, {count} {noun}: {}", commits.join("; "))?;
    }
    Ok(())
}

/// Commits that could not be read, each with its first error; their changes are told with the
/// next commit that could.
fn unreadable(notes: &Notes, out: &mut dyn Write) -> io::Result<()> {
    if notes.unreadable.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "### Commits that could not be read")?;
    writeln!(out)?;
    for skipped in &notes.unreadable {
        let error = skipped.error.lines().next().unwrap_or_default();
        writeln!(out, "- {}: {}", commit_ref(&skipped.commit), escape(error))?;
    }
    writeln!(out)?;
    writeln!(out, "Their changes are told with the next commit that could be read.")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
