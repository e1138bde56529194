//! Bounds on what one run reads and computes, so that any input (a hostile merge request
//! included) ends in bounded time and memory with a diagnostic, never a hang or a crash. Each is
//! set in the `limits:` block of ladder.yml (docs/configuration.md).

use serde::Deserialize;

/// The limits of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// Bytes a file may hold; a larger one is refused unread.
    pub file_size: u64,
    /// How deep lists may nest (a sub-item of an item is depth 2); deeper is an input error.
    pub nesting_depth: usize,
    /// How many includes deep a page may reach (an include of an include is depth 2).
    pub include_depth: usize,
    /// Items one level may hold, sub-items and YAML aliases expanded counted.
    pub items_per_level: usize,
    /// Characters of an item's text the word diff compares; longer rewordings are shown as the
    /// old and the new text whole.
    pub word_diff: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_size: crate::source::DEFAULT_FILE_SIZE,
            // The GitLab handbook nests three deep; YAML reads 30 deep (serde-saphyr's depth 64).
            nesting_depth: 16,
            include_depth: 32,
            // Alignment finds candidates from an index of words: 10,000 items align in about a
            // second (BENCHMARKS.md, bench/level.sh).
            items_per_level: 10_000,
            word_diff: 20_000,
        }
    }
}

/// The deepest nesting of `children` under `roots` (1 for items without sub-items), counted
/// without recursion so that no input can overflow the stack.
pub fn depth<T>(roots: &[T], children: impl Fn(&T) -> &[T]) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&T, usize)> = roots.iter().map(|root| (root, 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(children(node).iter().map(|child| (child, depth + 1)));
    }
    deepest
}

/// How many nodes `roots` hold, sub-nodes counted, without recursion.
pub fn count<T>(roots: &[T], children: impl Fn(&T) -> &[T]) -> usize {
    let mut total = 0;
    let mut stack: Vec<&T> = roots.iter().collect();
    while let Some(node) = stack.pop() {
        total += 1;
        stack.extend(children(node));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Node(Vec<Node>);

    #[test]
    fn depth_and_count_walk_a_deep_tree_without_recursion() {
        let mut node = Node(Vec::new());
        for _ in 0..100_000 {
            node = Node(vec![node]);
        }
        let roots = [node];
        assert_eq!(depth(&roots, |node| &node.0), 100_001);
        assert_eq!(count(&roots, |node| &node.0), 100_001);
        // Dropping it would recurse: leak it in the test instead.
        std::mem::forget(roots);
    }
}
