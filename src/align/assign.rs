//! One-to-one assignment of higher items to lower items maximising the total similarity
//! (the Hungarian algorithm), so that a level is aligned as a whole, not item by item. Scores come
//! as sparse rows (only the pairs that share words); past a few hundred items a greedy assignment
//! over them bounds the time (the exact one is cubic).

/// Rows or columns past which the exact assignment (cubic in them) gives way to a greedy one:
/// 300 items take a few tens of milliseconds exactly; 3,000 took 40 s.
const EXACT_UP_TO: usize = 300;

/// The best pairs first, each row and column taken once, from each row's few best columns:
/// near the exact total on real levels (scores are sparse), in time linear in the scores given.
fn greedy(scores: &[Vec<(usize, f64)>], columns: usize) -> Vec<Option<usize>> {
    const PER_ROW: usize = 8;
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (row, line) in scores.iter().enumerate() {
        let mut best: Vec<(f64, usize)> =
            line.iter().filter(|(_, s)| *s > 0.0).map(|&(c, s)| (s, c)).collect();
        let keep = best.len().min(PER_ROW);
        if keep > 0 && keep < best.len() {
            best.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0));
        }
        pairs.extend(best[..keep].iter().map(|&(score, column)| (score, row, column)));
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut assigned, mut taken) = (vec![None; scores.len()], vec![false; columns]);
    for (_, row, column) in pairs {
        if assigned[row].is_none() && !taken[column] {
            assigned[row] = Some(column);
            taken[column] = true;
        }
    }
    assigned
}

/// Assigns each row at most one of `columns` columns, each column at most once, maximising the
/// total score; each row lists its (column, score) pairs, the columns it does not list score 0.
/// Rows left without a column, or given a column they score 0 with, get `None`.
pub fn assign(sparse: &[Vec<(usize, f64)>], columns: usize) -> Vec<Option<usize>> {
    let rows = sparse.len();
    let n = rows.max(columns);
    if n == 0 {
        return vec![None; rows];
    }
    if n > EXACT_UP_TO {
        return greedy(sparse, columns);
    }
    // Costs (negated scores) in one square matrix, padded with zeros so that rows and columns
    // need not be as many; row by row.
    let mut costs = vec![0.0; n * n];
    for (row, line) in sparse.iter().enumerate() {
        costs[row * n..row * n + columns].fill(-0.0);
        for &(column, score) in line {
            if column < columns {
                costs[row * n + column] = -score;
            }
        }
    }
    // Potentials and matching, 1-based as in the classic formulation.
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut matched = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    let mut min = vec![f64::INFINITY; n + 1];
    // The columns not yet used in this row's search, in order, and those used: each step looks
    // at the free ones only, and takes the last step's delta off their minima as it goes (the
    // same subtractions, in the same order, as a pass over every column after each step).
    let mut free: Vec<usize> = Vec::with_capacity(n);
    let mut used: Vec<usize> = Vec::with_capacity(n + 1);
    for i in 1..=n {
        matched[0] = i;
        let mut j0 = 0;
        min.fill(f64::INFINITY);
        free.clear();
        free.extend(1..=n);
        used.clear();
        let mut pending = 0.0;
        loop {
            used.push(j0);
            let i0 = matched[j0];
            let cost = &costs[(i0 - 1) * n..i0 * n];
            let mut delta = f64::INFINITY;
            let mut j1 = 0;
            let mut at = None;
            for (position, &j) in free.iter().enumerate() {
                min[j] -= pending;
                let current = cost[j - 1] - u[i0] - v[j];
                if current < min[j] {
                    min[j] = current;
                    way[j] = j0;
                }
                if min[j] < delta {
                    delta = min[j];
                    j1 = j;
                    at = Some(position);
                }
            }
            for &j in &used {
                u[matched[j]] += delta;
                v[j] -= delta;
            }
            pending = delta;
            if let Some(at) = at {
                free.remove(at);
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
    for (j, &i) in matched.iter().enumerate().skip(1) {
        if i >= 1 && i <= rows && j <= columns && costs[(i - 1) * n + j - 1] < 0.0 {
            result[i - 1] = Some(j - 1);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    /// `assign` over a dense matrix.
    fn assign_dense(scores: &[Vec<f64>]) -> Vec<Option<usize>> {
        let sparse: Vec<Vec<(usize, f64)>> =
            scores.iter().map(|row| row.iter().copied().enumerate().collect()).collect();
        super::assign(&sparse, scores.first().map_or(0, Vec::len))
    }

    #[test]
    fn assignment_prefers_the_best_total_not_the_greedy_pick() {
        // Greedy gives row 0 column 0 (0.9) and leaves row 1 with 0.1; the best total is 0.8+0.85.
        let scores = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        assert_eq!(assign_dense(&scores), [Some(1), Some(0)]);
    }

    #[test]
    fn assignment_leaves_rows_without_columns() {
        assert_eq!(assign_dense(&[vec![0.5], vec![0.7]]), [None, Some(0)]);
        assert_eq!(assign_dense(&[vec![0.0, 0.0]]), [None]);
        assert_eq!(assign_dense(&[]), Vec::<Option<usize>>::new());
    }

    #[test]
    fn assignment_handles_more_columns_than_rows() {
        assert_eq!(assign_dense(&[vec![0.1, 0.2, 0.9]]), [Some(2)]);
    }

    #[test]
    fn a_large_level_is_assigned_greedily_one_to_one() {
        // 1,000 rows: each scores best with its own column, and a little with the next one.
        let n = 1_000;
        let scores: Vec<Vec<f64>> = (0..n)
            .map(|row| {
                (0..n)
                    .map(|c| {
                        if c == row {
                            0.9
                        } else if c == row + 1 {
                            0.5
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let assigned = assign_dense(&scores);
        assert!(assigned.iter().enumerate().all(|(row, column)| *column == Some(row)));
    }
}
