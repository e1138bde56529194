//! Levels side by side as Markdown: a table per section, one column per level, the words a
//! level adds in bold, notes in italics; fit for a handbook page or a merge request comment.

use std::io::{self, Write};

use super::notes;
use crate::compare::{Cell, Comparison};
use crate::report::changes::markdown::escape;

/// Renders `comparison` as Markdown.
pub fn render(comparison: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## {}", escape(&comparison.title))?;
    writeln!(out)?;
    writeln!(
        out,
        "Each row follows one expectation up the levels. **Bold** words are what a level adds to \
         the one before; _new_, _uncertain_ and _ends here_ say how an item links."
    )?;
    let heads: Vec<String> = super::column_names(comparison)
        .iter()
        .zip(&comparison.columns)
        .map(|(name, column)| format!("{} ({})", escape(name), column.items))
        .collect();
    for section in &comparison.sections {
        writeln!(out)?;
        writeln!(out, "### {}", escape(&section.name))?;
        writeln!(out)?;
        let grouped = section.rows.iter().any(|row| row.group.is_some());
        let mut head = Vec::new();
        if grouped {
            head.push("Group".to_string());
        }
        head.extend(heads.iter().cloned());
        writeln!(out, "| {} |", head.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(head.len()))?;
        for row in &section.rows {
            let mut cells = Vec::new();
            if grouped {
                cells.push(row.group.as_deref().map(escape).unwrap_or_default());
            }
            cells.extend(row.cells.iter().map(|cell| cell.as_ref().map(text).unwrap_or_default()));
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
    }
    Ok(())
}

/// A cell's words (added ones bold) and notes (in italics), on one table line.
fn text(cell: &Cell) -> String {
    let mut text = String::new();
    for run in &cell.runs {
        let words = escape(run.text.trim());
        if words.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        if run.added {
            text.push_str(&format!("**{words}**"));
        } else {
            text.push_str(&words);
        }
    }
    for note in notes(cell) {
        text.push_str(&format!(" _({})_", escape(&note)));
    }
    text
}
