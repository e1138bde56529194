//! The Markdown format: a summary and one list per change kind, fit for a merge request comment
//! or release notes. Deleted words are struck through, inserted words bold.

use std::io::{self, Write};

use super::{Options, kind_counts, location, reach, shown, summary};
use crate::diff::{Change, Diff, Kind, Side, WordOp};

/// Renders `diff` as Markdown.
pub fn render(diff: &Diff, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Career framework changes")?;
    writeln!(out)?;
    writeln!(out, "`{}` → `{}`: {}.", options.old, options.new, summary(diff, options))?;
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
        for change in shown(diff, options).filter(|change| change.kind == kind) {
            entry(change, options.kept_link(change), out)?;
        }
    }
    Ok(())
}

fn entry(change: &Change, kept_link: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let text = match change.kind {
        Kind::Reworded => inline(change),
        Kind::IncludeRelocated => format!(
            "`{}` → `{}` ({})",
            first(&change.before),
            first(&change.after),
            change.detail.as_deref().unwrap_or("")
        ),
        Kind::Cosmetic => format!(
            "{}: ~~{}~~ → {}",
            change.detail.as_deref().unwrap_or("cosmetic"),
            code_or_blank(first(&change.before)),
            code_or_blank(first(&change.after))
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
    };
    writeln!(out, "- {text}")?;
    let mut notes = Vec::new();
    if let Some(side) = change.after.first().or(change.before.first()) {
        notes.push(format!("`{}`", location(&side.span)));
    }
    if let Some(similarity) = change.similarity {
        notes.push(format!("similarity {similarity:.2}"));
    }
    if !change.consumers.is_empty() {
        notes.push(format!("reaches {}", escape(&reach(&change.consumers))));
    }
    if let Some(kept) = kept_link {
        notes.push(format!("curated link kept: {}", escape(kept)));
    }
    writeln!(out, "  <sub>{}</sub>", notes.join(" · "))
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

fn code_or_blank(text: &str) -> String {
    let text = text.trim_end_matches('\n').replace('\n', "⏎");
    if text.trim().is_empty() { "(blank)".into() } else { format!("`{}`", text.replace('`', "'")) }
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

/// Backslash before the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '#') {
            escaped.push('\\');
        }
        escaped.push(if c == '\n' { ' ' } else { c });
    }
    escaped
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
