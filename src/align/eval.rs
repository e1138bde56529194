//! Measuring alignment against hand-labelled escalations (fixtures/alignment-labels/): for each
//! labelled higher item, the lower item a maintainer says it grows from, or new at its level.

use std::io::{self, Write};
use std::sync::Arc;

use serde::Deserialize;

use super::{Alignment, Link, fingerprint, item_refs};
use crate::model::Workspace;
use crate::source::SourceFile;
use crate::yaml::{YamlError, parse};

/// One labels file: the escalations of one level pair of one framework.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Labels {
    /// Framework id, as `ladder align` prints it.
    pub framework: String,
    /// Key of the lower level.
    pub lower: String,
    /// Key of the higher level.
    pub higher: String,
    /// Kept out of all tuning: the honest check.
    #[serde(default)]
    pub held_out: bool,
    /// One label per higher item.
    pub labels: Vec<Label>,
}

/// What a maintainer says about one higher item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Label {
    /// The higher item: `Section#n`.
    pub item: String,
    /// Fingerprint of the higher item's text, to notice when the corpus changed under the label.
    pub fp: Option<String>,
    /// The lower item it grows from: `Section#n`.
    pub grows_from: Option<String>,
    /// New at this level.
    #[serde(default)]
    pub new: bool,
    /// Why, in the labeller's words.
    #[serde(default)]
    pub note: String,
}

/// Parses one labels file.
pub fn parse_labels(file: &Arc<SourceFile>) -> Result<Labels, YamlError> {
    parse(
        file,
        "a labels file has framework, lower, higher, held-out and labels (see fixtures/alignment-labels/README.md)",
    )
}

/// Tallies over labelled items.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Labelled items.
    pub items: usize,
    /// Items labelled with a counterpart.
    pub counterparts: usize,
    /// Items labelled new.
    pub new_items: usize,
    /// Items with a top suggestion (confident, explicit or uncertain).
    pub suggested: usize,
    /// ... whose top suggestion is the labelled counterpart.
    pub suggested_right: usize,
    /// Items with at least one candidate shown.
    pub shown: usize,
    /// Counterparts found among the top three candidates (or as the link).
    pub top3_right: usize,
    /// Confident or explicit links.
    pub confident: usize,
    /// ... that are right.
    pub confident_right: usize,
    /// Items predicted new (nothing below resembles them).
    pub predicted_new: usize,
    /// ... that are labelled new.
    pub predicted_new_right: usize,
    /// Items labelled new that got a confident link.
    pub new_confident: usize,
    /// Labels whose item no longer matches its fingerprint or reference (skipped).
    pub drifted: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        macro_rules! sum {
            ($($field:ident),*) => { $(self.$field += other.$field;)* };
        }
        sum!(
            items,
            counterparts,
            new_items,
            suggested,
            suggested_right,
            shown,
            top3_right,
            confident,
            confident_right,
            predicted_new,
            predicted_new_right,
            new_confident,
            drifted
        );
    }
}

/// The result of one labels file.
#[derive(Debug)]
pub struct PairResult {
    /// `framework lower->higher`.
    pub name: String,
    /// Held out of tuning.
    pub held_out: bool,
    /// The tallies.
    pub tally: Tally,
    /// Labelled counterparts not among the candidates shown, or linked confidently but wrongly.
    pub misses: Vec<Miss>,
}

/// A labelled item the alignment got wrong, for whoever tunes the vocabulary or the settings.
#[derive(Debug)]
pub struct Miss {
    /// The higher item: `Section#n` and text.
    pub item: String,
    /// What the label says: the lower item (`Section#n` and text) or `new`.
    pub gold: String,
    /// The labelled lower item's rank among all lower items (1 = best) and its similarity.
    pub rank: Option<(usize, f64)>,
    /// What the alignment gave: its outcome and the lower item it shows first.
    pub given: String,
}

/// Scores the alignment against `labels`; `Err` names a labels file whose pair is not read.
pub fn evaluate(
    workspace: &Workspace,
    alignment: &Alignment,
    labels: &Labels,
) -> Result<PairResult, String> {
    let name = format!("{} {}->{}", short(&labels.framework), labels.lower, labels.higher);
    let (index, framework) = workspace
        .frameworks
        .iter()
        .enumerate()
        .find(|(_, framework)| framework.id == labels.framework)
        .ok_or_else(|| format!("{name}: framework `{}` was not read", labels.framework))?;
    let position = |key: &str| framework.levels.iter().position(|level| level.key == key);
    let (Some(lower), Some(higher)) = (position(&labels.lower), position(&labels.higher)) else {
        return Err(format!("{name}: the framework has no such levels"));
    };
    let pair = alignment
        .frameworks
        .iter()
        .find(|aligned| aligned.framework == index)
        .and_then(|aligned| {
            aligned.pairs.iter().find(|pair| pair.lower == lower && pair.higher == higher)
        })
        .ok_or_else(|| format!("{name}: the levels are not adjacent"))?;
    let lower_refs = item_refs(&framework.levels[lower]);
    let higher_refs = item_refs(&framework.levels[higher]);
    let higher_items: Vec<_> = framework.levels[higher].items().collect();
    let lower_items: Vec<_> = framework.levels[lower].items().collect();
    let describe = |refs: &[String], items: &[crate::model::ItemRef], index: usize| {
        format!("{} {}", refs[index], crate::model::clip(&items[index].item.text, 70))
    };
    let mut tally = Tally::default();
    let mut misses = Vec::new();
    for label in &labels.labels {
        let Some(h) = higher_refs.iter().position(|found| *found == label.item) else {
            tally.drifted += 1;
            continue;
        };
        if label.fp.as_ref().is_some_and(|fp| *fp != fingerprint(&higher_items[h].item.normalized))
        {
            tally.drifted += 1;
            continue;
        }
        let gold = match (&label.grows_from, label.new) {
            (_, true) => None,
            (Some(from), false) => match lower_refs.iter().position(|found| found == from) {
                Some(l) => Some(l),
                None => {
                    tally.drifted += 1;
                    continue;
                }
            },
            (None, false) => {
                tally.drifted += 1;
                continue;
            }
        };
        let before = tally;
        score_item(&mut tally, &pair.links[h], &pair.candidates[h], gold);
        let missed = tally.top3_right == before.top3_right && gold.is_some();
        let wrong =
            tally.confident_right == before.confident_right && tally.confident > before.confident;
        if missed || wrong {
            let row = &pair.scores[h];
            let rank = gold.map(|gold| {
                let score = super::score_of(row, gold);
                (1 + row.iter().filter(|found| found.score > score).count(), score)
            });
            let given = match pair.links[h].suggestion() {
                Some(l) => format!(
                    "{} {}",
                    pair.links[h].outcome(),
                    describe(&lower_refs, &lower_items, l)
                ),
                None => pair.links[h].outcome().to_string(),
            };
            misses.push(Miss {
                item: describe(&higher_refs, &higher_items, h),
                gold: gold
                    .map_or_else(|| "new".to_string(), |l| describe(&lower_refs, &lower_items, l)),
                rank,
                given,
            });
        }
    }
    Ok(PairResult { name, held_out: labels.held_out, tally, misses })
}

fn score_item(
    tally: &mut Tally,
    link: &Link,
    candidates: &[super::Candidate],
    gold: Option<usize>,
) {
    tally.items += 1;
    match gold {
        Some(_) => tally.counterparts += 1,
        None => tally.new_items += 1,
    }
    if let Some(suggestion) = link.suggestion() {
        tally.suggested += 1;
        tally.suggested_right += usize::from(Some(suggestion) == gold);
    }
    let mut shown: Vec<usize> = candidates.iter().map(|c| c.lower).collect();
    shown.extend(link.suggestion());
    if !shown.is_empty() {
        tally.shown += 1;
        tally.top3_right += usize::from(gold.is_some_and(|gold| shown.contains(&gold)));
    }
    if let Some(lower) = link.lower() {
        tally.confident += 1;
        tally.confident_right += usize::from(Some(lower) == gold);
        tally.new_confident += usize::from(gold.is_none());
    }
    if matches!(link, Link::Unmatched | Link::DeclaredNew) {
        tally.predicted_new += 1;
        tally.predicted_new_right += usize::from(gold.is_none());
    }
}

/// Lists every miss, pair by pair: what the label says, where it ranked, what was given.
pub fn render_misses(results: &[PairResult], out: &mut dyn Write) -> io::Result<()> {
    for result in results.iter().filter(|result| !result.misses.is_empty()) {
        writeln!(out, "\n{}{}", result.name, if result.held_out { " *" } else { "" })?;
        for miss in &result.misses {
            writeln!(out, "  {}", miss.item)?;
            match miss.rank {
                Some((rank, score)) => {
                    writeln!(out, "    labelled: {} (rank {rank}, {score:.2})", miss.gold)?
                }
                None => writeln!(out, "    labelled: {}", miss.gold)?,
            }
            writeln!(out, "    given:    {}", miss.given)?;
        }
    }
    Ok(())
}

/// The last folder of a framework id.
fn short(id: &str) -> &str {
    id.rsplit('/').find(|part| !part.is_empty()).unwrap_or(id)
}

/// Prints one line per pair, then held-out, tuning and overall totals.
pub fn render(results: &[PairResult], out: &mut dyn Write) -> io::Result<()> {
    let width = results.iter().map(|result| result.name.len() + 2).fold(34, usize::max);
    writeln!(
        out,
        "{:<width$} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} | {:>5} {:>6} | {:>5} {:>5} {:>5}",
        "pair",
        "items",
        "cpart",
        "new",
        "P@1",
        "R@1",
        "R@3",
        "Pconf",
        "share",
        "Pnew",
        "Rnew",
        "FCnew"
    )?;
    for result in results {
        line(
            out,
            width,
            &format!("{}{}", result.name, if result.held_out { " *" } else { "" }),
            &result.tally,
        )?;
    }
    writeln!(out, "{}", "-".repeat(width + 78))?;
    for (title, held_out) in
        [("tuning pairs", Some(false)), ("held-out pairs (*)", Some(true)), ("all pairs", None)]
    {
        let mut total = Tally::default();
        for result in results.iter().filter(|r| held_out.is_none_or(|h| r.held_out == h)) {
            total.add(&result.tally);
        }
        line(out, width, title, &total)?;
    }
    writeln!(
        out,
        "\nP@1/R@1: top suggestion right, over items suggested / over labelled counterparts; R@3: counterpart among the candidates shown;"
    )?;
    writeln!(
        out,
        "Pconf: confident links right; share: items linked confidently; Pnew/Rnew: predicted new vs labelled new; FCnew: labelled new but linked confidently."
    )?;
    let drifted: usize = results.iter().map(|r| r.tally.drifted).sum();
    if drifted > 0 {
        writeln!(
            out,
            "warning: {} no longer {} the corpus (reference or fingerprint) and {} skipped",
            crate::report::plural(drifted, "label"),
            if drifted == 1 { "matches" } else { "match" },
            if drifted == 1 { "was" } else { "were" }
        )?;
    }
    Ok(())
}

fn line(out: &mut dyn Write, width: usize, name: &str, t: &Tally) -> io::Result<()> {
    writeln!(
        out,
        "{:<width$} {:>5} {:>5} {:>5} | {} {} {} | {} {:>6} | {} {} {}",
        name,
        t.items,
        t.counterparts,
        t.new_items,
        ratio(t.suggested_right, t.suggested),
        ratio(t.suggested_right, t.counterparts),
        ratio(t.top3_right, t.counterparts),
        ratio(t.confident_right, t.confident),
        ratio(t.confident, t.items),
        ratio(t.predicted_new_right, t.predicted_new),
        ratio(t.predicted_new_right, t.new_items),
        ratio(t.new_confident, t.new_items),
    )
}

/// `part / whole` as a percentage, or a dash when there is no whole.
pub fn ratio(part: usize, whole: usize) -> String {
    match (part * 100).checked_div(whole) {
        Some(percent) => format!("{percent:>4}%"),
        None => format!("{:>5}", "-"),
    }
}
