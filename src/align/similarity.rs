//! Word-overlap similarity between items, and a one-to-one assignment that maximises it.

use std::collections::{HashMap, HashSet};

use crate::model::{Item, words};

/// Words too common in competency lists to say anything about which item is which.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they", "this", "to",
    "with", "within", "when", "where", "who", "will", "able", "other", "others", "both", "all",
];

/// The stemmed content words of a text.
pub fn content_words(text: &str) -> HashSet<String> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    words(text)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .map(|word| stemmer.stem(&word).into_owned())
        .collect()
}

/// Similarity of items over one set of texts, words weighted by rarity (idf).
pub struct Similarity {
    weights: HashMap<String, f64>,
    cache: HashMap<String, HashSet<String>>,
}

impl Similarity {
    /// Builds word weights from `items`.
    pub fn new<'a>(items: impl Iterator<Item = &'a Item>) -> Self {
        let mut cache = HashMap::new();
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut total = 0usize;
        for item in items {
            let found = content_words(&item.text);
            for word in &found {
                *counts.entry(word.clone()).or_default() += 1;
            }
            cache.insert(item.normalized.clone(), found);
            total += 1;
        }
        let weights = counts
            .into_iter()
            .map(|(word, count)| (word, (1.0 + total as f64 / count as f64).ln()))
            .collect();
        Self { weights, cache }
    }

    /// Weighted Jaccard similarity of two items, 0 to 1.
    pub fn score(&self, a: &Item, b: &Item) -> f64 {
        let (Some(a), Some(b)) = (self.cache.get(&a.normalized), self.cache.get(&b.normalized))
        else {
            return 0.0;
        };
        let weight = |word: &String| self.weights.get(word).copied().unwrap_or(1.0);
        let shared: f64 = a.intersection(b).map(weight).sum();
        let all: f64 = a.union(b).map(weight).sum();
        if all == 0.0 { 0.0 } else { shared / all }
    }
}

/// Assigns each row at most one column, each column at most once, maximising the total score
/// (Hungarian algorithm over a square cost matrix padded with zeros).
pub fn assign(scores: &[Vec<f64>]) -> Vec<Option<usize>> {
    let rows = scores.len();
    let columns = scores.first().map_or(0, Vec::len);
    let n = rows.max(columns);
    if n == 0 {
        return vec![None; rows];
    }
    let cost = |i: usize, j: usize| -> f64 {
        scores.get(i).and_then(|row| row.get(j)).map_or(0.0, |score| -score)
    };
    // Potentials and matching, 1-based as in the classic formulation.
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut matched = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        matched[0] = i;
        let mut j0 = 0;
        let mut min = vec![f64::INFINITY; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = matched[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let current = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if current < min[j] {
                        min[j] = current;
                        way[j] = j0;
                    }
                    if min[j] < delta {
                        delta = min[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[matched[j]] += delta;
                    v[j] -= delta;
                } else {
                    min[j] -= delta;
                }
            }
            j0 = j1;
            if matched[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            matched[j0] = matched[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut result = vec![None; rows];
    for j in 1..=n {
        let i = matched[j];
        if i >= 1 && i <= rows && j <= columns && scores[i - 1][j - 1] > 0.0 {
            result[i - 1] = Some(j - 1);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_prefers_the_best_total_not_the_greedy_pick() {
        // Greedy would give row 0 column 0 (0.9) and leave row 1 with 0.1; the best total is 0.8+0.85.
        let scores = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        assert_eq!(assign(&scores), [Some(1), Some(0)]);
    }

    #[test]
    fn assignment_leaves_rows_without_columns() {
        assert_eq!(assign(&[vec![0.5], vec![0.7]]), [None, Some(0)]);
        assert_eq!(assign(&[vec![0.0, 0.0]]), [None]);
    }

    #[test]
    fn stems_make_forms_meet() {
        let a = content_words("Mentors their teammates");
        let b = content_words("mentoring teammate");
        assert_eq!(a, b);
    }
}
