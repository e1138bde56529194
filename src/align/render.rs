//! Showing an alignment: chains per framework and section, so a maintainer sees how each
//! competency grows level by level, as text for people or JSON for machines.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Alignment, FrameworkAlignment, Link, PairAlignment, item_refs};
use crate::model::{Framework, ItemRef, Workspace};

/// One step of a chain: an item at a level and how it links to the step before.
#[derive(Debug, Clone)]
pub struct Step {
    /// Index of the level.
    pub level: usize,
    /// Index of the item in the level.
    pub item: usize,
    /// How it links to the level below (`None` at the lowest level).
    pub link: Option<Link>,
}

/// Chains of a framework: each starts at an item of the lowest level or at an item that links to
/// nothing for sure, and follows confident and explicit links upward.
pub fn chains(framework: &Framework, aligned: &FrameworkAlignment) -> Vec<Vec<Step>> {
    let mut found = Vec::new();
    for (level_index, level) in framework.levels.iter().enumerate() {
        let pair = aligned.pairs.iter().find(|pair| pair.higher == level_index);
        for item in 0..level.items().count() {
            let link = pair.and_then(|pair| pair.links.get(item).cloned());
            if link.as_ref().and_then(Link::lower).is_some() {
                continue;
            }
            let mut chain = vec![Step { level: level_index, item, link }];
            extend(aligned, &mut chain);
            found.push(chain);
        }
    }
    found
}

/// Follows the chain's last step upward through the first pair above it that links to it.
fn extend(aligned: &FrameworkAlignment, chain: &mut Vec<Step>) {
    while let Some(last) = chain.last() {
        let next =
            aligned.pairs.iter().filter(|pair| pair.lower == last.level).find_map(|pair| {
                pair.links.iter().position(|link| link.lower() == Some(last.item)).map(|item| {
                    Step { level: pair.higher, item, link: pair.links.get(item).cloned() }
                })
            });
        match next {
            Some(step) => chain.push(step),
            None => break,
        }
    }
}

/// Counts of outcomes of one pair: explicit, confident, uncertain, declared new, new.
pub fn counts(pair: &PairAlignment) -> [usize; 5] {
    let mut counts = [0; 5];
    for link in &pair.links {
        let slot = match link {
            Link::Explicit { .. } => 0,
            Link::Confident { .. } => 1,
            Link::Uncertain { .. } => 2,
            Link::DeclaredNew => 3,
            Link::Unmatched => 4,
        };
        counts[slot] += 1;
    }
    counts
}

/// Renders the chains of every framework for people.
pub fn human(workspace: &Workspace, alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
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

/// The alignment as one JSON document (links per pair, and chains).
pub fn json(workspace: &Workspace, alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
    let frameworks: Vec<Value> = alignment
        .frameworks
        .iter()
        .filter_map(|aligned| {
            let framework = workspace.frameworks.get(aligned.framework)?;
            Some(json_framework(framework, aligned))
        })
        .collect();
    let document = json!({ "version": 1, "frameworks": frameworks });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::other)?;
    writeln!(out)
}

fn json_framework(framework: &Framework, aligned: &FrameworkAlignment) -> Value {
    let refs: Vec<Vec<String>> = framework.levels.iter().map(item_refs).collect();
    let items: Vec<Vec<ItemRef>> =
        framework.levels.iter().map(|level| level.items().collect()).collect();
    let item = |level: usize, index: usize| {
        let found = &items[level][index];
        json!({
            "level": framework.levels[level].key,
            "ref": refs[level][index],
            "section": found.section.name,
            "text": found.item.text,
            "fp": super::fingerprint(&found.item.normalized),
            "path": found.item.origin.path(),
            "line": found.item.origin.line,
        })
    };
    let pairs: Vec<Value> = aligned
        .pairs
        .iter()
        .map(|pair| {
            let links: Vec<Value> = pair
                .links
                .iter()
                .enumerate()
                .map(|(h, link)| {
                    let candidates: Vec<Value> = pair.candidates[h]
                        .iter()
                        .map(|c| json!({ "score": round(c.score), "item": item(pair.lower, c.lower) }))
                        .collect();
                    json!({
                        "item": item(pair.higher, h),
                        "outcome": link.outcome(),
                        "lower": link.lower().map(|l| item(pair.lower, l)),
                        "score": match link { Link::Confident { score, .. } => Some(round(*score)), _ => None },
                        "candidates": candidates,
                    })
                })
                .collect();
            json!({
                "lower": framework.levels[pair.lower].key,
                "higher": framework.levels[pair.higher].key,
                "links": links,
            })
        })
        .collect();
    let chains: Vec<Value> = chains(framework, aligned)
        .iter()
        .map(|chain| {
            Value::Array(
                chain
                    .iter()
                    .map(|step| {
                        let mut value = item(step.level, step.item);
                        let outcome = step.link.as_ref().map(Link::outcome);
                        value["outcome"] = json!(outcome);
                        value
                    })
                    .collect(),
            )
        })
        .collect();
    json!({
        "id": framework.id,
        "name": framework.name,
        "levels": framework.levels.iter().map(|level| &level.key).collect::<Vec<_>>(),
        "pairs": pairs,
        "chains": chains,
    })
}

fn round(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

/// `text` cut to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}
