//! Drafting the curated alignment file from an alignment, for maintainers to review.

use std::io::{self, Write};

use super::Curated;
use crate::align::{Alignment, Link};
use crate::model::{ItemRef, Workspace};

/// Writes the alignment as a curated file: confident and explicit links as `escalates`, items
/// new at their level as `new: true`, uncertain ones undecided with their candidates. Entries of
/// `kept` (the file being updated) for frameworks that were not read are written back unchanged.
pub fn draft(
    workspace: &Workspace,
    alignment: &Alignment,
    kept: Option<&Curated>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "# ladder alignment file (docs/alignment.md), drafted by `ladder align --write`."
    )?;
    writeln!(out, "# For each higher item: `escalates` names the item it grows from at the level")?;
    writeln!(
        out,
        "# below, `new: true` says it is new there. Entries with neither are undecided:"
    )?;
    writeln!(
        out,
        "# pick one of their candidates (copy its text into `escalates`) or mark it new."
    )?;
    writeln!(out, "version: 1")?;
    // Written aside first: an empty list must be `[]`, not nothing (which YAML reads as null).
    let mut body: Vec<u8> = Vec::new();
    framework_entries(workspace, alignment, &mut body)?;
    if let Some(kept) = kept {
        unread(workspace, kept, &mut body)?;
    }
    if body.is_empty() {
        writeln!(out, "frameworks: []")
    } else {
        writeln!(out, "frameworks:")?;
        out.write_all(&body)
    }
}

/// The entries of every framework read that has a level pair.
fn framework_entries(
    workspace: &Workspace,
    alignment: &Alignment,
    out: &mut dyn Write,
) -> io::Result<()> {
    for aligned in alignment.frameworks.iter().filter(|aligned| !aligned.pairs.is_empty()) {
        let Some(framework) = workspace.frameworks.get(aligned.framework) else { continue };
        writeln!(out, "  - framework: {}", quote(&framework.id))?;
        writeln!(out, "    pairs:")?;
        for pair in &aligned.pairs {
            let lower: Vec<ItemRef> = framework.levels[pair.lower].items().collect();
            let higher: Vec<ItemRef> = framework.levels[pair.higher].items().collect();
            writeln!(out, "      - lower: {}", quote(&framework.levels[pair.lower].key))?;
            writeln!(out, "        higher: {}", quote(&framework.levels[pair.higher].key))?;
            writeln!(out, "        links:{}", if pair.links.is_empty() { " []" } else { "" })?;
            for (h, link) in pair.links.iter().enumerate() {
                let Some(item) = higher.get(h) else { continue };
                writeln!(out, "          - item: {}", quote(&item.item.text))?;
                writeln!(out, "            section: {}", quote(&item.section.name))?;
                match link {
                    Link::Explicit { lower: l } | Link::Confident { lower: l, .. } => {
                        if let Some(target) = lower.get(*l) {
                            writeln!(out, "            escalates: {}", quote(&target.item.text))?;
                        }
                    }
                    Link::DeclaredNew | Link::Unmatched => {
                        writeln!(out, "            new: true")?;
                    }
                    Link::Uncertain { .. } => {
                        writeln!(
                            out,
                            "            # undecided: choose `escalates` or `new: true`"
                        )?;
                    }
                }
                let candidates = &pair.candidates[h];
                if !candidates.is_empty() && !matches!(link, Link::Explicit { .. }) {
                    writeln!(out, "            candidates:")?;
                    for candidate in candidates {
                        let Some(target) = lower.get(candidate.lower) else { continue };
                        writeln!(
                            out,
                            "              - {{ score: {:.2}, item: {} }}",
                            candidate.score,
                            quote(&target.item.text)
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The entries of `curated` for frameworks the workspace does not have, as they are.
fn unread(workspace: &Workspace, curated: &Curated, out: &mut dyn Write) -> io::Result<()> {
    let read = |id: &str| workspace.frameworks.iter().any(|framework| framework.id == id);
    let kept = curated.content.frameworks.iter();
    for entry in kept.filter(|entry| !read(&entry.framework.value) && !entry.pairs.is_empty()) {
        writeln!(out, "  - framework: {}", quote(&entry.framework.value))?;
        writeln!(out, "    pairs:")?;
        for pair in &entry.pairs {
            writeln!(out, "      - lower: {}", quote(&pair.lower.value))?;
            writeln!(out, "        higher: {}", quote(&pair.higher.value))?;
            writeln!(out, "        links:{}", if pair.links.is_empty() { " []" } else { "" })?;
            for link in &pair.links {
                writeln!(out, "          - item: {}", quote(&link.item.value))?;
                if let Some(section) = &link.section {
                    writeln!(out, "            section: {}", quote(section))?;
                }
                if let Some(target) = &link.escalates {
                    writeln!(out, "            escalates: {}", quote(&target.value))?;
                }
                if link.new {
                    writeln!(out, "            new: true")?;
                }
            }
        }
    }
    Ok(())
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
}
