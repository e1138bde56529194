//! The Markdown format: a summary and one list per change kind, fit to paste into a merge request
//! comment or release notes as is. Deleted words are struck through, inserted words bold; item
//! text is escaped so that it never mentions people, links issues or injects HTML; changes that
//! reach the same levels say so once; relocated includes take one line per folder move; long
//! lists fold into `<details>`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use super::{Options, kind_counts, location, reach, shown, summary};
use crate::diff::{Change, Consumer, Diff, Kind, Side, WordOp};
use crate::source::history::Commit;

/// A list longer than this folds into `<details>`.
const LONG_LIST: usize = 10;
/// A reach longer than this (in characters) folds into `<details>`.
const LONG_REACH: usize = 160;

/// Renders `diff` as Markdown.
pub fn render(diff: &Diff, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Career framework changes")?;
    writeln!(out)?;
    let (old, new) = (
        revision(&options.old, options.old_commit.as_ref()),
        revision(&options.new, options.new_commit.as_ref()),
    );
    writeln!(out, "{old} → {new}: {}.", summary(diff, options))?;
    let mut kinds: Vec<Kind> = kind_counts(diff).into_iter().map(|(kind, _)| kind).collect();
    if diff.count(Kind::IncludeRelocated) > 0 {
        kinds.push(Kind::IncludeRelocated);
    }
    if options.cosmetic && diff.count(Kind::Cosmetic) > 0 {
        kinds.push(Kind::Cosmetic);
    }
    for kind in kinds {
        writeln!(out)?;
        writeln!(out, "### {}", capitalise(kind.label()))?;
        writeln!(out)?;
        let changes: Vec<&Change> =
            shown(diff, options).filter(|change| change.kind == kind).collect();
        if kind == Kind::IncludeRelocated {
            relocations(&changes, out)?;
        } else {
            section(&changes, options, out)?;
        }
    }
    Ok(())
}

/// A revision as the header names it: a commit by short id and subject, anything else as given.
fn revision(label: &str, commit: Option<&Commit>) -> String {
    match commit {
        Some(commit) => format!("`{}` {}", commit.short, escape(&commit.subject)),
        None => format!("`{}`", label.replace('`', "'")),
    }
}

/// The changes of one kind: those reaching the same levels listed under one line that names
/// them, the others each with their own; folded when long.
fn section(changes: &[&Change], options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let long = changes.len() > LONG_LIST;
    if long {
        writeln!(out, "<details><summary>{} changes</summary>", changes.len())?;
        writeln!(out)?;
    }
    let groups = by_reach(changes);
    let last = groups.len().saturating_sub(1);
    for (at, (consumers, group)) in groups.into_iter().enumerate() {
        let shared = group.len() > 1 && !consumers.is_empty();
        if shared {
            let lead = format!("These {} changes reach", group.len());
            writeln!(out, "{}", reach_block(&lead, consumers, ""))?;
            writeln!(out)?;
        }
        for change in &group {
            entry(change, options.kept_link(change), !shared, out)?;
        }
        if shared && at < last {
            writeln!(out)?;
        }
    }
    if long {
        writeln!(out)?;
        writeln!(out, "</details>")?;
    }
    Ok(())
}

/// Changes grouped by the levels they reach, groups in order of their first change.
fn by_reach<'a>(changes: &[&'a Change]) -> Vec<(&'a [Consumer], Vec<&'a Change>)> {
    let mut groups: Vec<(&'a [Consumer], Vec<&'a Change>)> = Vec::new();
    for change in changes {
        match groups.iter_mut().find(|(consumers, _)| *consumers == change.consumers.as_slice()) {
            Some((_, group)) => group.push(change),
            None => groups.push((&change.consumers, vec![change])),
        }
    }
    groups
}

/// "{lead} 3 levels: Backend (Senior, Staff); Support (Staff)." or, when that is long, the count
/// with the list folded into `<details>`; every line after the first starts with `indent`.
fn reach_block(lead: &str, consumers: &[Consumer], indent: &str) -> String {
    let full = escape(&reach(consumers));
    if full.chars().count() <= LONG_REACH {
        return format!("{lead} {full}.");
    }
    let (_, list) = full.split_once(": ").unwrap_or(("", &full));
    format!(
        "<details><summary>{lead} {}</summary>\n\n{indent}{list}.\n\n{indent}</details>",
        counted(consumers)
    )
}

/// "38 levels in 10 frameworks".
fn counted(consumers: &[Consumer]) -> String {
    let mut frameworks: Vec<&str> = consumers.iter().map(|c| c.framework.as_str()).collect();
    frameworks.sort_unstable();
    frameworks.dedup();
    let levels = if consumers.len() == 1 { "level" } else { "levels" };
    let names = if frameworks.len() == 1 { "framework" } else { "frameworks" };
    format!("{} {levels} in {} {names}", consumers.len(), frameworks.len())
}

/// One bullet: the change, then where it is written and, with `with_reach`, what it reaches.
fn entry(
    change: &Change,
    kept_link: Option<&str>,
    with_reach: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "- {}", text(change))?;
    let mut notes = Vec::new();
    if let Some(side) = change.after.first().or(change.before.first()) {
        notes.push(format!("`{}`", location(&side.span)));
    }
    if let Some(similarity) = change.similarity {
        notes.push(format!("similarity {similarity:.2}"));
    }
    let mut folded = None;
    if with_reach && !change.consumers.is_empty() {
        let full = escape(&reach(&change.consumers));
        if full.chars().count() <= LONG_REACH {
            notes.push(format!("reaches {full}"));
        } else {
            notes.push(format!("reaches {}", counted(&change.consumers)));
            folded = Some(reach_block("Reaches", &change.consumers, "  "));
        }
    }
    if let Some(kept) = kept_link {
        notes.push(format!("curated link kept: {}", escape(kept)));
    }
    writeln!(out, "  <sub>{}</sub>", notes.join(" · "))?;
    if let Some(folded) = folded {
        writeln!(out)?;
        writeln!(out, "  {folded}")?;
    }
    Ok(())
}

/// What changed, as the bullet's text.
fn text(change: &Change) -> String {
    match change.kind {
        Kind::Reworded => inline(change),
        Kind::IncludeRelocated => format!(
            "{} → {} ({})",
            code(first(&change.before)),
            code(first(&change.after)),
            escape(change.detail.as_deref().unwrap_or(""))
        ),
        Kind::Cosmetic => format!(
            "{}: ~~{}~~ → {}",
            change.detail.as_deref().unwrap_or("cosmetic"),
            code_or_blank(first(&change.before)),
            code_or_blank(first(&change.after))
        ),
        Kind::LinkChanged | Kind::AttributeChanged => format!(
            "{}: {}",
            escape(first(&change.after)),
            code(change.detail.as_deref().unwrap_or(""))
        ),
        Kind::Added | Kind::LevelAdded => escape(first(&change.after)),
        Kind::Removed | Kind::LevelRemoved => format!("~~{}~~", escape(first(&change.before))),
        Kind::Reordered => {
            change.after.iter().map(|side| escape(&side.text)).collect::<Vec<_>>().join("; ")
        }
        Kind::Moved | Kind::Promoted | Kind::Demoted => format!(
            "{} ({})",
            escape(first(&change.after)),
            escape(change.detail.as_deref().unwrap_or(""))
        ),
        _ => format!("{} → {}", all(&change.before, "~~"), all(&change.after, "**")),
    }
}

/// Relocated includes: one line per folder move (the files folded beneath), one per file else.
fn relocations(changes: &[&Change], out: &mut dyn Write) -> io::Result<()> {
    let mut moves: BTreeMap<(String, String), Vec<&Change>> = BTreeMap::new();
    let mut alone = Vec::new();
    for change in changes {
        let (old, new) = (Path::new(first(&change.before)), Path::new(first(&change.after)));
        match (old.parent(), new.parent()) {
            (Some(from), Some(to)) if old.file_name() == new.file_name() && from != to => {
                let key = (folder(from), folder(to));
                moves.entry(key).or_default().push(change);
            }
            _ => alone.push(*change),
        }
    }
    for ((from, to), group) in moves {
        if group.len() == 1 {
            alone.extend(group);
            continue;
        }
        let mut details: Vec<&str> =
            group.iter().map(|change| change.detail.as_deref().unwrap_or("")).collect();
        details.sort_unstable();
        details.dedup();
        let detail = if details.iter().all(|detail| detail.starts_with("content identical")) {
            "content identical".to_string()
        } else {
            details.join("; ")
        };
        writeln!(
            out,
            "- {} → {}: {} includes ({})",
            code(&from),
            code(&to),
            group.len(),
            escape(&detail)
        )?;
        let names: Vec<String> = group
            .iter()
            .filter_map(|change| Path::new(first(&change.after)).file_name())
            .map(|name| code(&name.to_string_lossy()))
            .collect();
        writeln!(out, "  <details><summary>{} files</summary>", names.len())?;
        writeln!(out)?;
        writeln!(out, "  {}", names.join(", "))?;
        writeln!(out)?;
        writeln!(out, "  </details>")?;
    }
    for change in alone {
        entry(change, None, true, out)?;
    }
    Ok(())
}

/// A folder as a relocation line names it, with a final `/`.
fn folder(path: &Path) -> String {
    format!("{}/", crate::report::display_path(&path.to_string_lossy()))
}

fn first(sides: &[Side]) -> &str {
    sides.first().map_or("", |side| side.text.as_str())
}

fn all(sides: &[Side], mark: &str) -> String {
    sides
        .iter()
        .map(|side| format!("{mark}{}{mark}", escape(&side.text)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A code span; backticks inside become quotes so the span cannot end early.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

fn code_or_blank(text: &str) -> String {
    let text = text.trim_end_matches('\n').replace('\n', "⏎");
    if text.trim().is_empty() { "(blank)".into() } else { code(&text) }
}

fn inline(change: &Change) -> String {
    change
        .words
        .iter()
        .map(|edit| {
            let text = escape(&edit.text);
            match edit.op {
                WordOp::Equal => text,
                WordOp::Delete => format!("~~{text}~~"),
                WordOp::Insert => format!("**{text}**"),
            }
        })
        .collect()
}

/// Text that renders as written: a backslash before every character Markdown or GitLab would
/// read as markup, HTML or a reference (`@user`, `#12`, `!12`, `~label`, `%milestone`, `$12`,
/// `&12`), and an empty comment after `@` and `#` before a name or number, which GitHub needs
/// too (it ignores the backslash there). Line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    // Every byte told apart is ASCII, so the text between two of them is whole characters,
    // copied as one run.
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        let markup = matches!(
            byte,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'~'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'|'
                | b'#'
                | b'!'
                | b'@'
                | b'&'
                | b'%'
                | b'$'
        );
        if !markup && byte != b'\n' {
            continue;
        }
        escaped.push_str(&text[run..at]);
        run = at + 1;
        if byte == b'\n' {
            escaped.push(' ');
            continue;
        }
        escaped.push('\\');
        escaped.push(char::from(byte));
        let next = text[run..].chars().next();
        if matches!(byte, b'@' | b'#') && next.is_some_and(char::is_alphanumeric) {
            escaped.push_str("<!-- -->");
        }
    }
    escaped.push_str(&text[run..]);
    escaped
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_references_and_html_are_escaped() {
        assert_eq!(escape("Ask @alice"), "Ask \\@<!-- -->alice");
        assert_eq!(escape("See #123 and !45"), "See \\#<!-- -->123 and \\!45");
        assert_eq!(escape("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(escape("a & b, 50%"), "a \\& b, 50\\%");
        assert_eq!(escape("plain words."), "plain words.");
        assert_eq!(
            escape("two\nlines, ünïcode @élan #ß"),
            "two lines, ünïcode \\@<!-- -->élan \\#<!-- -->ß"
        );
        assert_eq!(escape("ends with @"), "ends with \\@");
    }
}
