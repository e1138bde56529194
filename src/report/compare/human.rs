//! Levels side by side for a terminal: one column per level when they fit the width, else each
//! chain level under level. Text wraps, never cut; added words are `{+marked+}` without colour
//! (green with colour), notes in brackets.

use std::io::{self, Write};

use super::notes;
use crate::compare::{Cell, Comparison, Row};

const GREEN: &str = "\x1b[1;32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Narrowest column worth drawing; below it chains are shown level under level.
const MIN_COLUMN: usize = 22;
/// Between two columns.
const GUTTER: &str = " │ ";

/// How to fit the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Characters per line.
    pub width: usize,
    /// Whether to colour.
    pub color: bool,
}

/// A piece of text and its style, measured without the style.
#[derive(Clone)]
struct Piece {
    text: String,
    style: Option<&'static str>,
}

/// Renders `comparison` for people at a terminal `options.width` wide.
pub fn render(comparison: &Comparison, options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let names = super::column_names(comparison);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let title = format!("{}: {}", comparison.title, names.join(" → "));
    for (line, _) in wrap(&[plain(&title)], options.width, options) {
        writeln!(out, "{}", paint(options, BOLD, &line))?;
    }
    let n = comparison.columns.len().max(1);
    let column = options.width.saturating_sub(GUTTER.len() * (n - 1)) / n;
    let grid = column >= MIN_COLUMN;
    let legend = "{+words+}: what a level adds to the one before; [new], [uncertain], [ends here]: how an item links";
    for (line, _) in wrap(&[plain(legend)], options.width, options) {
        writeln!(out, "{}", paint(options, DIM, &line))?;
    }
    for section in &comparison.sections {
        writeln!(out)?;
        writeln!(out, "{}", paint(options, BOLD, &format!("== {} ==", section.name)))?;
        let mut group: Option<&str> = None;
        if grid {
            writeln!(out)?;
            let heads: Vec<Vec<Piece>> = names.iter().map(|name| vec![plain(name)]).collect();
            grid_row(&heads, column, options, out)?;
            writeln!(out, "{}", "─".repeat(column * n + GUTTER.len() * (n - 1)))?;
        }
        for row in &section.rows {
            if row.group.as_deref() != group {
                group = row.group.as_deref();
                if let Some(name) = group {
                    writeln!(out, "{}", paint(options, DIM, &format!("-- {name} --")))?;
                }
            }
            if grid {
                let cells: Vec<Vec<Piece>> =
                    row.cells.iter().map(|cell| pieces(cell.as_ref())).collect();
                grid_row(&cells, column, options, out)?;
                writeln!(out)?;
            } else {
                stacked(row, &names, options, out)?;
            }
        }
    }
    Ok(())
}

fn paint(options: &Options, code: &str, text: &str) -> String {
    if options.color { format!("{code}{text}{RESET}") } else { text.to_string() }
}

fn plain(text: &str) -> Piece {
    Piece { text: text.to_string(), style: None }
}

/// A cell's words and notes as styled pieces.
fn pieces(cell: Option<&Cell>) -> Vec<Piece> {
    let Some(cell) = cell else { return vec![plain("·")] };
    let mut found: Vec<Piece> = cell
        .runs
        .iter()
        .map(|run| Piece { text: run.text.clone(), style: run.added.then_some(GREEN) })
        .collect();
    for note in notes(cell) {
        found.push(Piece { text: format!(" [{note}]"), style: Some(DIM) });
    }
    found
}

/// Pieces wrapped to `width` characters per line: at spaces, a longer word split.
fn wrap(pieces: &[Piece], width: usize, options: &Options) -> Vec<(String, usize)> {
    let width = width.max(1);
    let mut lines: Vec<(String, usize)> = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    let mut words: Vec<(String, Option<&'static str>)> = Vec::new();
    for piece in pieces {
        for word in piece.text.split_whitespace() {
            words.push((word.to_string(), piece.style));
        }
    }
    for (word, style) in words {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= width {
                let text: String = word.iter().collect();
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&styled(&text, style, options));
                used += gap + word.len();
                break;
            }
            if used > 0 {
                lines.push((std::mem::take(&mut line), used));
                used = 0;
                continue;
            }
            // A word longer than the line: split it, never cut it.
            let rest = word.split_off(width);
            let text: String = word.iter().collect();
            lines.push((styled(&text, style, options), width));
            word = rest;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push((line, used));
    }
    lines
}

fn styled(text: &str, style: Option<&'static str>, options: &Options) -> String {
    match style {
        Some(code) if options.color => format!("{code}{text}{RESET}"),
        Some(GREEN) => format!("{{+{text}+}}"),
        _ => text.to_string(),
    }
}

/// One row of columns, each wrapped to `width`, padded so the gutters line up.
fn grid_row(
    cells: &[Vec<Piece>],
    width: usize,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Without colour, `{+…+}` marks widen the text: wrap what is printed.
    let wrapped: Vec<Vec<(String, usize)>> =
        cells.iter().map(|pieces| wrap(&marked(pieces, options), width, options)).collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(0);
    for at in 0..height {
        let mut line = String::new();
        for (column, lines) in wrapped.iter().enumerate() {
            let (text, used) = lines.get(at).map_or(("", 0), |(text, used)| (text.as_str(), *used));
            if column > 0 {
                line.push_str(GUTTER);
            }
            line.push_str(text);
            if column + 1 < wrapped.len() {
                line.push_str(&" ".repeat(width.saturating_sub(used)));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Without colour, added words carry their `{+…+}` marks as text, so wrapping measures them.
fn marked(pieces: &[Piece], options: &Options) -> Vec<Piece> {
    if options.color {
        return pieces.to_vec();
    }
    pieces
        .iter()
        .map(|piece| match piece.style {
            Some(GREEN) => {
                let words: Vec<&str> = piece.text.split_whitespace().collect();
                let text = if words.is_empty() {
                    String::new()
                } else {
                    format!(" {{+{}+}} ", words.join(" "))
                };
                Piece { text, style: None }
            }
            _ => Piece { text: piece.text.clone(), style: None },
        })
        .collect()
}

/// One chain level under level, for a terminal too narrow for columns.
fn stacked(row: &Row, names: &[&str], options: &Options, out: &mut dyn Write) -> io::Result<()> {
    let label = names.iter().map(|name| name.chars().count()).max().unwrap_or(0);
    let width = options.width.saturating_sub(label + 2).max(MIN_COLUMN / 2);
    for (cell, name) in row.cells.iter().zip(names) {
        let Some(cell) = cell else { continue };
        let lines = wrap(&marked(&pieces(Some(cell)), options), width, options);
        for (at, (text, _)) in lines.iter().enumerate() {
            let head = if at == 0 { *name } else { "" };
            writeln!(out, "{head:<label$}  {text}")?;
        }
    }
    writeln!(out)
}
