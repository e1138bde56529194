//! Chains for people: per framework, the counts of each level pair, then every chain per section
//! with its links' scores and, for new or uncertain items, the closest lower items.

use std::io::{self, Write};

use crate::align::{Alignment, FrameworkAlignment, Link, chains, counts, item_refs};
use crate::model::{Framework, ItemRef, Workspace, clip};

/// Renders the chains of every framework for people.
pub fn render(workspace: &Workspace, alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    for aligned in &alignment.frameworks {
        let Some(framework) = workspace.frameworks.get(aligned.framework) else { continue };
        human_framework(framework, aligned, out)?;
    }
    Ok(())
}

fn human_framework(
    framework: &Framework,
    aligned: &FrameworkAlignment,
    out: &mut dyn Write,
) -> io::Result<()> {
    let keys: Vec<&str> = framework.levels.iter().map(|level| level.key.as_str()).collect();
    writeln!(out, "{} ({}): {}", framework.name, framework.id, keys.join(" -> "))?;
    for pair in &aligned.pairs {
        let [explicit, confident, uncertain, declared, new] = counts(pair);
        writeln!(
            out,
            "  {} -> {}: {confident} confident, {explicit} explicit, {uncertain} uncertain, {new} new, {declared} declared new",
            framework.levels[pair.lower].key, framework.levels[pair.higher].key
        )?;
    }
    let refs: Vec<Vec<String>> = framework.levels.iter().map(item_refs).collect();
    let items: Vec<Vec<ItemRef>> =
        framework.levels.iter().map(|level| level.items().collect()).collect();
    let width = keys.iter().map(|key| key.len()).max().unwrap_or(0);
    let all = chains(framework, aligned);
    let mut sections: Vec<&str> = Vec::new();
    for chain in &all {
        let section = items[chain[0].level][chain[0].item].section.name.as_str();
        if !sections.contains(&section) {
            sections.push(section);
        }
    }
    for section in sections {
        writeln!(out, "\n  {section}")?;
        for chain in
            all.iter().filter(|chain| items[chain[0].level][chain[0].item].section.name == section)
        {
            writeln!(out)?;
            for step in chain {
                let item = &items[step.level][step.item];
                let key = &framework.levels[step.level].key;
                let tag = match &step.link {
                    None => String::new(),
                    Some(Link::Explicit { .. }) => "  [explicit]".into(),
                    Some(Link::Confident { score, .. }) => format!("  [{score:.2}]"),
                    Some(Link::Uncertain { .. }) => "  [uncertain]".into(),
                    Some(Link::DeclaredNew) => "  [declared new]".into(),
                    Some(Link::Unmatched) => "  [new: nothing below is close enough]".into(),
                };
                writeln!(
                    out,
                    "    {key:<width$}  {:<16} {}{tag}",
                    refs[step.level][step.item],
                    clip(&item.item.text, 80)
                )?;
                // New items show their closest lower items too: a maintainer who disagrees
                // sees where to link them.
                let shown = match &step.link {
                    Some(Link::Uncertain { candidates }) => candidates.as_slice(),
                    Some(Link::Unmatched) => aligned
                        .pairs
                        .iter()
                        .find(|pair| pair.higher == step.level)
                        .and_then(|pair| pair.candidates.get(step.item))
                        .map_or(&[][..], Vec::as_slice),
                    _ => &[],
                };
                let below = framework.levels[step.level].below.unwrap_or(0);
                for candidate in shown {
                    let Some(lower) = items[below].get(candidate.lower) else { continue };
                    writeln!(
                        out,
                        "    {:<width$}    ? {:.2} {} {}: {}",
                        "",
                        candidate.score,
                        framework.levels[below].key,
                        refs[below][candidate.lower],
                        clip(&lower.item.text, 64)
                    )?;
                }
            }
        }
    }
    writeln!(out)
}
