//! Levels side by side as one self-contained HTML page: no external assets, works offline. A
//! table per section, a level selector (checkboxes, so keyboard and screen readers work as they
//! do with any form), added words in `<ins>`, and on a narrow screen each row as a card with
//! every cell labelled by its level.

use std::io::{self, Write};

use super::notes;
use crate::compare::{Cell, Comparison};

/// The page's style: readable contrast (WCAG AA), visible focus, cards below 700px.
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --add: #d4f4dc; --add-ink: #0a3d1a; --note: #f3e8c6; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main { padding: 0 1rem; max-width: 110rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.legend { color: var(--muted); margin: .25rem 0 1rem; }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 1rem; padding: .5rem .75rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: inline-flex; align-items: center; gap: .35rem; min-height: 2.75rem; cursor: pointer; }
input[type=checkbox] { width: 1.25rem; height: 1.25rem; }
input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f2f2f2; position: sticky; top: 0; }
tr.group th { background: #fafafa; font-weight: 600; color: var(--muted); }
ins { background: var(--add); color: var(--add-ink); text-decoration: underline; text-decoration-thickness: 2px; font-weight: 600; }
.item { margin: 0; }
.note { display: inline-block; margin: .2rem .25rem 0 0; padding: 0 .4rem; border-radius: .3rem; background: var(--note); color: #3d2f00; font-size: .875rem; }
.none { color: var(--muted); }
.hidden { display: none; }
@media (max-width: 700px) {
  table, tbody, tr, td, th { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 .75rem; }
  td { border: 0; border-top: 1px solid var(--line); }
  td:first-child { border-top: 0; }
  td::before { content: attr(data-label); display: block; font-weight: 600; color: var(--muted); font-size: .875rem; }
  td.empty { display: none; }
  tr.group { border: 0; }
}
"#;

/// Shows and hides a level's cells as its checkbox changes.
const SCRIPT: &str = r#"
document.querySelectorAll('#levels input[type=checkbox]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('.l' + box.dataset.level).forEach(function (cell) {
      cell.classList.toggle('hidden', !box.checked);
    });
  });
});
"#;

/// Renders `comparison` as one HTML page.
pub fn render(comparison: &Comparison, out: &mut dyn Write) -> io::Result<()> {
    let title = escape(&comparison.title);
    writeln!(out, "<!doctype html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<title>{title}: levels side by side</title>")?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{title}</h1>")?;
    writeln!(
        out,
        "<p class=\"legend\">Each row follows one expectation up the levels. \
         <ins>Marked words</ins> are what a level adds to the one before; \
         <span class=\"note\">new</span>, <span class=\"note\">uncertain</span> and \
         <span class=\"note\">ends here</span> say how an item links.</p>"
    )?;
    writeln!(out, "<fieldset id=\"levels\">")?;
    writeln!(out, "<legend>Levels shown</legend>")?;
    let names = super::column_names(comparison);
    for (at, (column, name)) in comparison.columns.iter().zip(&names).enumerate() {
        writeln!(
            out,
            "<label><input type=\"checkbox\" checked data-level=\"{at}\" data-items=\"{}\"> {} ({} items)</label>",
            column.items,
            escape(name),
            column.items
        )?;
    }
    writeln!(out, "</fieldset>")?;
    writeln!(out, "</header>")?;
    writeln!(out, "<main>")?;
    for (index, section) in comparison.sections.iter().enumerate() {
        writeln!(out, "<section aria-labelledby=\"section-{index}\">")?;
        writeln!(out, "<h2 id=\"section-{index}\">{}</h2>", escape(&section.name))?;
        writeln!(out, "<table>")?;
        write!(out, "<thead><tr>")?;
        for (at, name) in names.iter().enumerate() {
            write!(out, "<th scope=\"col\" class=\"l{at}\">{}</th>", escape(name))?;
        }
        writeln!(out, "</tr></thead>")?;
        writeln!(out, "<tbody>")?;
        let mut group: Option<&str> = None;
        for row in &section.rows {
            if row.group.as_deref() != group {
                group = row.group.as_deref();
                if let Some(name) = group {
                    writeln!(
                        out,
                        "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"{}\">{}</th></tr>",
                        names.len(),
                        escape(name)
                    )?;
                }
            }
            write!(out, "<tr>")?;
            for (at, cell) in row.cells.iter().enumerate() {
                let label = escape(&names[at]);
                match cell {
                    Some(cell) => write!(
                        out,
                        "<td class=\"l{at}\" data-label=\"{label}\">{}</td>",
                        item(cell, at)
                    )?,
                    None => write!(
                        out,
                        "<td class=\"l{at} empty\" data-label=\"{label}\"><span class=\"none\" aria-label=\"no item at this level\">·</span></td>"
                    )?,
                }
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</main>")?;
    writeln!(out, "<script>{SCRIPT}</script>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// One item: its words (added ones in `<ins>`), its notes, where it is written (as a tooltip).
fn item(cell: &Cell, level: usize) -> String {
    let words: String = cell
        .runs
        .iter()
        .map(|run| {
            if run.added { format!("<ins>{}</ins>", escape(&run.text)) } else { escape(&run.text) }
        })
        .collect();
    let notes: String = notes(cell)
        .iter()
        .map(|note| format!(" <span class=\"note\">{}</span>", escape(note)))
        .collect();
    format!(
        "<p class=\"item\" data-level=\"{level}\" title=\"{}:{}\">{words}</p>{notes}",
        escape(&cell.path),
        cell.line
    )
}

/// Text safe in HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}
