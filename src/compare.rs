//! Levels side by side: the aligned chains of a framework as rows, one column per level, each
//! cell marked with how it grows from the cell below (and which words it adds), or as new,
//! uncertain, or ending there. Two frameworks at one level compare the same way, the second's
//! items aligned to the first's. Renderers live in `report::compare`.

use std::collections::HashMap;

use crate::align::{Alignment, Link, Tokenizer, align_levels, chains};
use crate::diff::{WordOp, word_edits};
use crate::model::{Framework, ItemRef, Level, Workspace};
use crate::rules::Rules;

/// Why a comparison cannot be made: a framework or level that is not there.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CompareError {
    /// No framework has that id or name.
    #[error("no framework `{given}` among: {known}")]
    #[diagnostic(
        code(ladder::compare::framework),
        help("name a framework by its id (as `ladder lint --format json` shows it) or its name")
    )]
    UnknownFramework {
        /// The name given.
        given: String,
        /// The frameworks read.
        known: String,
    },
    /// Several frameworks end with that name.
    #[error("`{given}` names several frameworks: {matches}")]
    #[diagnostic(code(ladder::compare::ambiguous), help("give the whole id"))]
    Ambiguous {
        /// The name given.
        given: String,
        /// The frameworks it could be.
        matches: String,
    },
    /// The framework has no such level.
    #[error("framework `{framework}` has no level `{given}`; its levels: {known}")]
    #[diagnostic(code(ladder::compare::level), help("name a level by its key, such as `senior`"))]
    UnknownLevel {
        /// The framework's id.
        framework: String,
        /// The level given.
        given: String,
        /// The framework's levels.
        known: String,
    },
    /// `--from` is above `--to`.
    #[error("level `{from}` is above `{to}` in `{framework}`")]
    #[diagnostic(code(ladder::compare::range), help("give the lower level to --from"))]
    Reversed {
        /// The framework's id.
        framework: String,
        /// The lower bound given.
        from: String,
        /// The upper bound given.
        to: String,
    },
}

/// Levels side by side, ready for any renderer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    /// What is compared, in words ("Support Career Framework", or two frameworks at a level).
    pub title: String,
    /// The columns, lowest level first.
    pub columns: Vec<Column>,
    /// Rows by section, sections in the order first met.
    pub sections: Vec<SectionRows>,
}

/// One column: a level of a framework.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    /// The framework's name.
    pub framework: String,
    /// The level's key.
    pub key: String,
    /// The level's name.
    pub name: String,
    /// How many items the level has.
    pub items: usize,
}

/// The rows of one section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectionRows {
    /// The section's name.
    pub name: String,
    /// One row per chain, in the order its first item is written.
    pub rows: Vec<Row>,
}

/// One chain: a cell per column, empty where the chain has no item.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The group of the chain's first item, and its topic after ` › ` when it has one.
    pub group: Option<String>,
    /// One entry per column.
    pub cells: Vec<Option<Cell>>,
}

/// One item in a row.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    /// The item's text.
    pub text: String,
    /// The text in runs, the runs this item adds to the cell before it marked.
    pub runs: Vec<Run>,
    /// How it relates to the cell before it.
    pub mark: Mark,
    /// Whether the chain stops here while a column after it exists.
    pub ends: bool,
    /// For an uncertain link: the closest item before it and the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maybe: Option<Maybe>,
    /// Where it is written.
    pub path: String,
    /// Its 1-based line.
    pub line: usize,
}

/// A run of words of a cell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    /// The words, with the spaces around them.
    pub text: String,
    /// Whether the level adds them to the cell before.
    pub added: bool,
}

/// A candidate an uncertain link could be.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Maybe {
    /// The candidate's text.
    pub text: String,
    /// Its similarity, 0 to 1.
    pub score: f64,
}

/// How a cell relates to the cell before it in its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// The first column shown: nothing before it to compare.
    First,
    /// Grows from the cell before, by a confident or explicit link.
    Grows,
    /// Declared new at this level.
    DeclaredNew,
    /// Nothing before it is close enough: new here.
    New,
    /// Something before it is close, but not clearly: for a maintainer to decide.
    Uncertain,
}

impl Mark {
    /// The word shown beside the item, if any.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Mark::First | Mark::Grows => None,
            Mark::DeclaredNew => Some("declared new"),
            Mark::New => Some("new"),
            Mark::Uncertain => Some("uncertain"),
        }
    }
}

/// The framework `given` names: its id, the end of its id, or its name (any case).
pub fn find_framework(workspace: &Workspace, given: &str) -> Result<usize, CompareError> {
    let frameworks = &workspace.frameworks;
    if let Some(at) = frameworks.iter().position(|framework| framework.id == given) {
        return Ok(at);
    }
    let lower = given.to_lowercase();
    let matches: Vec<usize> = (0..frameworks.len())
        .filter(|&at| {
            let framework = &frameworks[at];
            framework.id.ends_with(&format!("/{given}")) || framework.name.to_lowercase() == lower
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(CompareError::UnknownFramework {
            given: given.into(),
            known: frameworks.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", "),
        }),
        many => Err(CompareError::Ambiguous {
            given: given.into(),
            matches: many
                .iter()
                .map(|&at| frameworks[at].id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// The index of the level `given` names (key or name, any case) in `framework`.
pub fn find_level(framework: &Framework, given: &str) -> Result<usize, CompareError> {
    let lower = given.to_lowercase();
    framework
        .levels
        .iter()
        .position(|level| level.key == lower || level.name.to_lowercase() == lower)
        .ok_or_else(|| CompareError::UnknownLevel {
            framework: framework.id.clone(),
            given: given.into(),
            known: framework.levels.iter().map(|l| l.key.as_str()).collect::<Vec<_>>().join(", "),
        })
}

/// The levels of framework `index` from `from` to `to` (both included, all when `None`) side by
/// side, rows following `alignment`'s chains.
pub fn levels(
    workspace: &Workspace,
    alignment: &Alignment,
    index: usize,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Comparison, CompareError> {
    let framework = &workspace.frameworks[index];
    let last = framework.levels.len().saturating_sub(1);
    let low = from.map(|given| find_level(framework, given)).transpose()?.unwrap_or(0);
    let high = to.map(|given| find_level(framework, given)).transpose()?.unwrap_or(last);
    if low > high {
        return Err(CompareError::Reversed {
            framework: framework.id.clone(),
            from: from.unwrap_or_default().into(),
            to: to.unwrap_or_default().into(),
        });
    }
    let shown: Vec<usize> = (low..=high).collect();
    let items: Vec<Vec<ItemRef>> =
        framework.levels.iter().map(|level| level.items().collect()).collect();
    let columns = shown.iter().map(|&at| column(framework, &framework.levels[at])).collect();
    let Some(aligned) = alignment.frameworks.iter().find(|aligned| aligned.framework == index)
    else {
        return Ok(Comparison { title: framework.name.clone(), columns, sections: Vec::new() });
    };
    let candidates: HashMap<(usize, usize), Maybe> = aligned
        .pairs
        .iter()
        .flat_map(|pair| {
            pair.links.iter().enumerate().filter_map(|(h, link)| match link {
                Link::Uncertain { candidates } => candidates.first().and_then(|best| {
                    let lower = items[pair.lower].get(best.lower)?;
                    Some((
                        (pair.higher, h),
                        Maybe { text: lower.item.text.clone(), score: best.score },
                    ))
                }),
                _ => None,
            })
        })
        .collect();
    let mut rows: Vec<(String, Row)> = Vec::new();
    for chain in chains(framework, aligned) {
        let steps: Vec<_> = chain.iter().filter(|step| shown.contains(&step.level)).collect();
        let Some(first) = steps.first() else { continue };
        // Examples and signals illustrate an expectation (they align only with each other):
        // rows follow the expectations themselves.
        if items[first.level][first.item].item.is_detail() {
            continue;
        }
        let section = items[first.level][first.item].section.name.clone();
        let group = axis(&items[first.level][first.item]);
        let mut cells: Vec<Option<Cell>> = vec![None; shown.len()];
        let mut before: Option<&str> = None;
        for (at, step) in steps.iter().enumerate() {
            let found = &items[step.level][step.item];
            let mark = match (&step.link, at) {
                (_, 0) if step.level == low => Mark::First,
                (Some(Link::Explicit { .. } | Link::Confident { .. }), _) => Mark::Grows,
                (Some(Link::DeclaredNew), _) => Mark::DeclaredNew,
                (Some(Link::Uncertain { .. }), _) => Mark::Uncertain,
                _ => Mark::New,
            };
            let text = found.item.text.as_str();
            let ends = at + 1 == steps.len() && step.level < high;
            cells[step.level - low] = Some(Cell {
                text: text.to_string(),
                runs: runs(before.filter(|_| mark == Mark::Grows), text),
                mark,
                ends,
                maybe: candidates.get(&(step.level, step.item)).cloned(),
                path: crate::report::display_path(found.item.origin.path()),
                line: found.item.origin.line,
            });
            before = Some(text);
        }
        rows.push((section, Row { group, cells }));
    }
    Ok(Comparison { title: framework.name.clone(), columns, sections: by_section(rows) })
}

/// Framework `a`'s level `la` beside framework `b`'s level `lb`: `b`'s items aligned to `a`'s
/// as if `a` were the level below, each pair in one row, the rest alone.
pub fn across(
    workspace: &Workspace,
    rules: &Rules,
    (a, la): (usize, usize),
    (b, lb): (usize, usize),
) -> Comparison {
    let (left, right) = (&workspace.frameworks[a], &workspace.frameworks[b]);
    let (lower, higher) = (&left.levels[la], &right.levels[lb]);
    let tokenizer = Tokenizer::new(&rules.concepts);
    let pair = align_levels(lower, higher, rules, &tokenizer, &[]);
    let lower_items: Vec<ItemRef> = lower.items().collect();
    let higher_items: Vec<ItemRef> = higher.items().collect();
    let cell = |found: &ItemRef, runs: Vec<Run>, mark: Mark, maybe: Option<Maybe>| Cell {
        text: found.item.text.clone(),
        runs,
        mark,
        ends: false,
        maybe,
        path: crate::report::display_path(found.item.origin.path()),
        line: found.item.origin.line,
    };
    let mut rows: Vec<(String, Row)> = Vec::new();
    let mut paired: HashMap<usize, usize> = HashMap::new();
    for (h, link) in pair.links.iter().enumerate() {
        if let Some(l) = link.lower() {
            paired.insert(l, h);
        }
    }
    // Rows in the left level's order, the right's unpaired items after, in theirs.
    for (l, found) in lower_items.iter().enumerate().filter(|(_, found)| !found.item.is_detail()) {
        let mut cells =
            vec![Some(cell(found, runs(None, &found.item.text), Mark::First, None)), None];
        if let Some(&h) = paired.get(&l) {
            let other = &higher_items[h];
            cells[1] = Some(cell(
                other,
                runs(Some(&found.item.text), &other.item.text),
                Mark::Grows,
                None,
            ));
        }
        rows.push((found.section.name.clone(), Row { group: axis(found), cells }));
    }
    for (h, link) in pair.links.iter().enumerate() {
        let found = &higher_items[h];
        if link.lower().is_some() || found.item.is_detail() {
            continue;
        }
        let (mark, maybe) = match link {
            Link::Uncertain { candidates } => (
                Mark::Uncertain,
                candidates.first().and_then(|best| {
                    let text = lower_items.get(best.lower)?.item.text.clone();
                    Some(Maybe { text, score: best.score })
                }),
            ),
            Link::DeclaredNew => (Mark::DeclaredNew, None),
            _ => (Mark::New, None),
        };
        let cells = vec![None, Some(cell(found, runs(None, &found.item.text), mark, maybe))];
        rows.push((found.section.name.clone(), Row { group: axis(found), cells }));
    }
    Comparison {
        title: format!("{} {} beside {} {}", left.name, lower.name, right.name, higher.name),
        columns: vec![column(left, lower), column(right, higher)],
        sections: by_section(rows),
    }
}

/// An item's group and topic, as a row names them: "Engineering › Test Tooling".
fn axis(found: &ItemRef) -> Option<String> {
    let topic = found.item.topic.as_ref().map(|topic| topic.name.as_str());
    match (found.group.name.as_deref(), topic) {
        (Some(group), Some(topic)) => Some(format!("{group} › {topic}")),
        (group, topic) => group.or(topic).map(str::to_string),
    }
}

fn column(framework: &Framework, level: &Level) -> Column {
    Column {
        framework: framework.name.clone(),
        key: level.key.clone(),
        name: level.name.clone(),
        items: level.items().filter(|found| !found.item.is_detail()).count(),
    }
}

/// `text` in runs, the words it adds to `before` marked (all unmarked without `before`).
fn runs(before: Option<&str>, text: &str) -> Vec<Run> {
    let Some(before) = before else {
        return vec![Run { text: text.to_string(), added: false }];
    };
    let (edits, _) = word_edits(before, text, crate::limits::Limits::default().word_diff);
    let mut found: Vec<Run> = Vec::new();
    for edit in edits.into_iter().filter(|edit| edit.op != WordOp::Delete) {
        let added = edit.op == WordOp::Insert;
        match found.last_mut() {
            Some(last) if last.added == added => last.text.push_str(&edit.text),
            _ => found.push(Run { text: edit.text, added }),
        }
    }
    // Words deleted between two kept runs leave the spaces of both: keep one.
    for run in &mut found {
        while run.text.contains("  ") {
            run.text = run.text.replace("  ", " ");
        }
    }
    for at in 1..found.len() {
        if found[at - 1].text.ends_with(' ') && found[at].text.starts_with(' ') {
            found[at].text = found[at].text.trim_start().to_string();
        }
    }
    found.retain(|run| !run.text.is_empty());
    found
}

/// Rows grouped by section, sections in the order first met, rows of a group kept together.
fn by_section(rows: Vec<(String, Row)>) -> Vec<SectionRows> {
    let mut sections: Vec<SectionRows> = Vec::new();
    for (name, row) in rows {
        match sections.iter_mut().find(|section| section.name == name) {
            Some(section) => section.rows.push(row),
            None => sections.push(SectionRows { name, rows: vec![row] }),
        }
    }
    for section in &mut sections {
        let mut order: Vec<Option<String>> = Vec::new();
        for row in &section.rows {
            if !order.contains(&row.group) {
                order.push(row.group.clone());
            }
        }
        section.rows.sort_by_key(|row| order.iter().position(|group| *group == row.group));
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_mark_only_the_words_a_level_adds() {
        let found = runs(Some("Reviews code for the team"), "Reviews code for the whole stage");
        let added: Vec<&str> =
            found.iter().filter(|run| run.added).map(|run| run.text.trim()).collect();
        assert_eq!(added, ["whole stage"]);
        let text: String = found.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(text, "Reviews code for the whole stage");
        let dropped =
            runs(Some("Assumes goodwill, seeks support and asks"), "Assumes goodwill, and commits");
        let text: String = dropped.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(text, "Assumes goodwill, and commits");
    }
}
