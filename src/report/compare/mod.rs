//! Formats of `ladder compare`: one module per format, each rendering the same
//! [`Comparison`](crate::compare::Comparison).

pub mod html;
pub mod human;
pub mod markdown;

use crate::compare::{Cell, Comparison, Mark};

/// Every output format of `ladder compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Columns that fit the terminal.
    Human,
    /// A table per section.
    Markdown,
    /// One self-contained page.
    Html,
}

/// What a cell says about itself beside its words: new, uncertain (with its closest candidate),
/// ends here. Shared by every format so they agree.
pub(crate) fn notes(cell: &Cell) -> Vec<String> {
    let mut notes = Vec::new();
    match (cell.mark, &cell.maybe) {
        (Mark::Uncertain, Some(maybe)) => notes
            .push(format!("uncertain: maybe grows from \"{}\" ({:.2})", maybe.text, maybe.score)),
        (mark, _) => notes.extend(mark.label().map(str::to_string)),
    }
    if cell.ends {
        notes.push("ends here".into());
    }
    notes
}

/// Each column's heading: the level's name, with its framework's when two are compared.
pub(crate) fn column_names(comparison: &Comparison) -> Vec<String> {
    let two =
        comparison.columns.iter().any(|column| column.framework != comparison.columns[0].framework);
    comparison
        .columns
        .iter()
        .map(|column| {
            if two { format!("{} {}", column.framework, column.name) } else { column.name.clone() }
        })
        .collect()
}
