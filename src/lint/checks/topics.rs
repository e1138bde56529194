//! What the topic checks share: the frameworks judged topic by topic, and each level cut into
//! cells, one per topic, in the order written.

use crate::lint::Context;
use crate::model::{Escalation, Framework, Item, Level, Topic, TopicBound};

/// One (level, topic) cell: the topic as named at that level and its competency items.
pub(super) struct Cell<'a> {
    /// The topic, as named where the cell's first item is.
    pub topic: &'a Topic,
    /// Its items (sub-items too), examples and signals aside: they belong to their item.
    pub items: Vec<&'a Item>,
}

impl Cell<'_> {
    /// The topic's comparison key.
    pub fn key(&self) -> String {
        self.topic.key()
    }

    /// The first item of the cell, where findings about the whole cell point.
    pub fn first(&self) -> &Item {
        self.items[0]
    }

    /// The last item of the cell: where a next level's cell would follow.
    pub fn last(&self) -> &Item {
        self.items[self.items.len() - 1]
    }
}

/// The frameworks whose escalation is judged topic by topic (configured, or their format's
/// default), with their index in the workspace.
pub(super) fn topic_frameworks<'a>(
    context: &'a Context<'_>,
) -> impl Iterator<Item = &'a Framework> + 'a {
    let workspace = context.workspace;
    workspace
        .frameworks
        .iter()
        .filter(move |framework| workspace.escalation(framework) == Escalation::Topic)
}

/// Whether escalation in `framework` is judged item by item (the item-level checks run).
pub(super) fn item_by_item(context: &Context<'_>, framework: &Framework) -> bool {
    context.workspace.escalation(framework) == Escalation::Item
}

/// The cells of a level, one per topic, in the order their topics are first written.
pub(super) fn cells(level: &Level) -> Vec<Cell<'_>> {
    let mut cells: Vec<Cell> = Vec::new();
    for item in level.items().map(|found| found.item) {
        let Some(topic) = item.topic.as_ref().filter(|_| !item.is_detail()) else { continue };
        let key = topic.key();
        match cells.iter_mut().find(|cell| cell.key() == key) {
            Some(cell) => cell.items.push(item),
            None => cells.push(Cell { topic, items: vec![item] }),
        }
    }
    cells
}

/// The declaration about `topic` in `bounds`, if any.
pub(super) fn bound_of<'a>(bounds: &'a [TopicBound], topic: &Topic) -> Option<&'a TopicBound> {
    bounds.iter().find(|bound| bound.names(&topic.name))
}

/// The framework's levels as cells, indexed like [`Framework::levels`].
pub(super) fn all_cells(framework: &Framework) -> Vec<Vec<Cell<'_>>> {
    framework.levels.iter().map(cells).collect()
}
