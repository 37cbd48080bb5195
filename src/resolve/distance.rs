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
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > budget as usize {
        return None;
    }
    if a.len() > MAX_LEN || b.len() > MAX_LEN {
        let d =
            strsim::osa_distance(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b)) as u32;
        return (d <= budget).then_some(d);
    }
    let n = b.len();
    let mut before = [0u32; MAX_LEN + 1];
    let mut prev = [0u32; MAX_LEN + 1];
    let mut cur = [0u32; MAX_LEN + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(n + 1) {
        *cell = j as u32;
    }
    for i in 1..=a.len() {
        cur[0] = i as u32;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > budget {
            return None;
        }
        before[..=n].copy_from_slice(&prev[..=n]);
        prev[..=n].copy_from_slice(&cur[..=n]);
    }
    let d = prev[n];
    (d <= budget).then_some(d)
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
}
