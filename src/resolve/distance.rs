//! Bounded edit distance for short tokens.
//!
//! The hot loops only ask "are these two tokens within `budget` edits, and
//! how many?", for tokens of a few letters. This is the optimal string
//! alignment distance (Levenshtein plus adjacent transpositions) over bytes,
//! computed in three rows on the stack, stopping as soon as every cell of a
//! row exceeds the budget. No allocation; tokens longer than
//! `MAX_LEN` fall back to `strsim`.

/// Longest token measured on the stack.
const MAX_LEN: usize = 63;

/// The distance between `a` and `b` if it is at most `budget`, else `None`.
///
/// ```
/// use aka::resolve::distance::within;
/// assert_eq!(within("lukasenko", "lukasenka", 2), Some(1));
/// assert_eq!(within("ab", "ba", 1), Some(1));
/// assert_eq!(within("minsk", "moscow", 2), None);
/// ```
pub fn within(a: &str, b: &str, budget: u32) -> Option<u32> {
    within_bytes(a.as_bytes(), b.as_bytes(), budget)
}

/// [`within`] over bytes.
pub(crate) fn within_bytes(a: &[u8], b: &[u8], budget: u32) -> Option<u32> {
    if a.len().abs_diff(b.len()) > budget as usize {
        return None;
    }
    if a.len() > MAX_LEN || b.len() > MAX_LEN {
        let d =
            strsim::osa_distance(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b)) as u32;
        return (d <= budget).then_some(d);
    }
    // Only cells within `budget` of the diagonal can stay within budget, so
    // each row computes that band; the cells just outside it hold `out`.
    let (m, n, k) = (a.len(), b.len(), budget as usize);
    let out = budget + 1;
    let mut rows = [[out; MAX_LEN + 2]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(n.min(k) + 1) {
        *cell = j as u32;
    }
    for i in 1..=m {
        let [before, prev, cur] = rotate(&mut rows, i);
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(n);
        cur[lo - 1] = if lo == 1 && i <= k { i as u32 } else { out };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            let v = v.min(out);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        cur[hi + 1] = out;
        if row_min > budget {
            return None;
        }
    }
    let d = rows[m % 3][n];
    (d <= budget).then_some(d)
}

/// The rows `i - 2`, `i - 1` and `i` of the three kept in rotation.
fn rotate(rows: &mut [[u32; MAX_LEN + 2]; 3], i: usize) -> [&mut [u32; MAX_LEN + 2]; 3] {
    let [r0, r1, r2] = rows;
    match i % 3 {
        0 => [r1, r2, r0],
        1 => [r2, r0, r1],
        _ => [r0, r1, r2],
    }
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn agrees_with_strsim_on_small_cases() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "lukasenko",
            "lukasenka",
            "ulkasenko",
            "minsk",
            "pinsk",
            "mnisk",
        ];
        for a in words {
            for b in words {
                let want = strsim::osa_distance(a, b) as u32;
                for budget in 0..4 {
                    assert_eq!(
                        within(a, b, budget),
                        (want <= budget).then_some(want),
                        "{a} {b} {budget}"
                    );
                }
            }
        }
    }

    #[test]
    fn agrees_with_strsim_on_all_short_strings() {
        // Every string of up to five letters over a three-letter alphabet
        // against every other: all edit patterns, including transpositions
        // at the band's edges.
        let mut words = vec![String::new()];
        for len in 1..=5 {
            let mut next = Vec::new();
            for w in words.iter().filter(|w| w.len() == len - 1) {
                for c in ['a', 'b', 'c'] {
                    next.push(format!("{w}{c}"));
                }
            }
            words.extend(next);
        }
        for a in &words {
            for b in &words {
                let want = strsim::osa_distance(a, b) as u32;
                for budget in 0..4 {
                    assert_eq!(within(a, b, budget), (want <= budget).then_some(want));
                }
            }
        }
    }

    #[test]
    fn agrees_with_a_plain_byte_alignment_on_multi_byte_letters() {
        // Multi-byte letters count as their bytes, against the unbanded
        // alignment.
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for w in words.iter().filter(|w| w.chars().count() == len - 1) {
                for c in ['a', 'b', 'é', '!'] {
                    next.push(format!("{w}{c}"));
                }
            }
            words.extend(next);
        }
        for a in &words {
            for b in &words {
                let bytes = byte_osa(a.as_bytes(), b.as_bytes());
                for budget in 0..4 {
                    assert_eq!(
                        super::within_bytes(a.as_bytes(), b.as_bytes(), budget),
                        (bytes <= budget).then_some(bytes),
                        "{a} {b} {budget}"
                    );
                }
            }
        }
    }

    /// The optimal string alignment distance over bytes, unbounded.
    fn byte_osa(a: &[u8], b: &[u8]) -> u32 {
        let (m, n) = (a.len(), b.len());
        let mut d = vec![vec![0u32; n + 1]; m + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i as u32;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j as u32;
        }
        for i in 1..=m {
            for j in 1..=n {
                let cost = u32::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[m][n]
    }
}
