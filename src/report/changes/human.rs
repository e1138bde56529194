//! The human format: one block per change, word-level highlights (coloured on a terminal,
//! `[-old-]{+new+}` otherwise), and a closing summary.

use std::io::{self, Write};

use super::{Options, location, reach, shown, summary};
use crate::diff::{Change, Diff, Kind, Side, WordOp};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD_RED: &str = "\x1b[1;31;7m";
const BOLD_GREEN: &str = "\x1b[1;32;7m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Renders `diff` for people.
pub fn render(diff: &Diff, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { color: options.color };
    let name = |label: &str, commit: Option<&crate::source::history::Commit>| {
        commit.map_or_else(|| label.to_string(), crate::source::history::Commit::label)
    };
    let title = format!(
        "Comparing {} with {}",
        name(&options.old, options.old_commit.as_ref()),
        name(&options.new, options.new_commit.as_ref())
    );
    writeln!(out, "{}", paint.wrap(BOLD, &title))?;
    let changes: Vec<&Change> = shown(diff, options).collect();
    let mut at = 0;
    while at < changes.len() {
        // Changes next to each other that reach the same levels (a shared include's edits) say
        // so once, before them, rather than under each.
        let consumers = &changes[at].consumers;
        let run = changes[at..].iter().take_while(|change| change.consumers == *consumers).count();
        let shared = run > 1 && !consumers.is_empty();
        if shared {
            writeln!(out)?;
            let lead = format!("These {run} changes reach {}.", reach(consumers));
            writeln!(out, "{}", paint.wrap(DIM, &lead))?;
        }
        for change in &changes[at..at + run] {
            writeln!(out)?;
            block(change, !shared, &paint, out)?;
            if let Some(kept) = options.kept_link(change) {
                writeln!(out, "    {}", paint.wrap(DIM, &format!("curated link kept: {kept}")))?;
            }
        }
        at += run;
    }
    writeln!(out)?;
    writeln!(out, "{}", summary(diff, options))
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.color { format!("{code}{text}{RESET}") } else { text.to_string() }
    }
}

/// One change; with `with_reach`, the levels it reaches under it.
fn block(change: &Change, with_reach: bool, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let at = change.after.first().or(change.before.first());
    let mut head = change.kind.label().to_string();
    if let Some(detail) = change.detail.as_ref().filter(|_| change.kind == Kind::Cosmetic) {
        head.push_str(&format!(" ({detail})"));
    }
    let mut line = paint.wrap(BOLD, &head);
    if let Some(side) = at.filter(|_| change.kind != Kind::IncludeRelocated) {
        line.push_str(&format!(" · {}", location(&side.span)));
    }
    if let Some(similarity) = change.similarity {
        line.push_str(&format!(" · similarity {similarity:.2}"));
    }
    writeln!(out, "{line}")?;
    body(change, paint, out)?;
    if with_reach && !change.consumers.is_empty() {
        writeln!(out, "    {}", paint.wrap(DIM, &format!("reaches {}", reach(&change.consumers))))?;
    }
    Ok(())
}

fn body(change: &Change, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let minus = |side: &Side| paint.wrap(RED, &format!("  - {}", one_line(&side.text)));
    let plus = |side: &Side| paint.wrap(GREEN, &format!("  + {}", one_line(&side.text)));
    match change.kind {
        Kind::Reworded => writeln!(out, "    {}", inline(change, paint)),
        Kind::Moved | Kind::Promoted | Kind::Demoted => {
            let text = change.after.first().map_or("", |side| side.text.as_str());
            writeln!(out, "    {}", one_line(text))?;
            writeln!(out, "    {}", change.detail.as_deref().unwrap_or(""))
        }
        Kind::LinkChanged => {
            let text = change.after.first().map_or("", |side| side.text.as_str());
            writeln!(out, "    {}", one_line(text))?;
            writeln!(out, "    link: {}", change.detail.as_deref().unwrap_or(""))
        }
        Kind::AttributeChanged => {
            let text = change.after.first().map_or("", |side| side.text.as_str());
            writeln!(out, "    {}", one_line(text))?;
            writeln!(out, "    {}", change.detail.as_deref().unwrap_or(""))
        }
        Kind::Reordered => {
            for side in &change.after {
                writeln!(out, "  ↕ {}", one_line(&side.text))?;
            }
            Ok(())
        }
        Kind::IncludeRelocated => {
            let from = change.before.first().map_or("", |side| side.text.as_str());
            let to = change.after.first().map_or("", |side| side.text.as_str());
            let detail = change.detail.as_deref().unwrap_or("");
            writeln!(out, "    {from} → {to} ({detail})")
        }
        _ => {
            for side in &change.before {
                writeln!(out, "  {}", minus(side))?;
            }
            for side in &change.after {
                writeln!(out, "  {}", plus(side))?;
            }
            Ok(())
        }
    }
}

/// The new text with deleted and inserted words marked.
fn inline(change: &Change, paint: &Paint) -> String {
    change
        .words
        .iter()
        .map(|edit| match (edit.op, paint.color) {
            (WordOp::Equal, _) => one_line(&edit.text),
            (WordOp::Delete, true) => paint.wrap(BOLD_RED, &one_line(&edit.text)),
            (WordOp::Insert, true) => paint.wrap(BOLD_GREEN, &one_line(&edit.text)),
            (WordOp::Delete, false) => format!("[-{}-]", one_line(&edit.text)),
            (WordOp::Insert, false) => format!("{{+{}+}}", one_line(&edit.text)),
        })
        .collect()
}

/// Text on one line, line breaks shown as `⏎` so cosmetic line edits stay readable.
fn one_line(text: &str) -> String {
    let trimmed = text.strip_suffix('\n').unwrap_or(text);
    trimmed.replace('\n', "⏎")
}
