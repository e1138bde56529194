//! Chains for machines: one JSON document with every level pair's links and every chain.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::super::display_path;
use crate::align::{Alignment, FrameworkAlignment, Link, chains, fingerprint, item_refs};
use crate::model::{Framework, ItemRef, Workspace};

/// The alignment as one JSON document (links per pair, and chains).
pub fn render(workspace: &Workspace, alignment: &Alignment, out: &mut dyn Write) -> io::Result<()> {
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
            "fp": fingerprint(&found.item.normalized),
            "path": display_path(found.item.origin.path()),
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
