//! Bounded edit distance for short tokens.
//!
//! The hot loops only ask "are these two tokens within `budget` edits, and
//! how many?", for tokens of a few letters, hundreds of thousands of times a
//! second. This is the optimal string alignment distance (Levenshtein plus
//! adjacent transpositions) over bytes, by Hyyrö's bit-vector algorithm
//! (2003): one machine word holds a column of the alignment, so a pair costs
//! a few operations per byte of the longer token. No allocation; tokens of
//! more than 64 bytes (after their shared ends are set aside) fall back to
//! `strsim`.
//!
//! `rapidfuzz` implements the same algorithm, but clears a 2 KiB table and
//! walks generic iterators on every call: in the resolver's scoring it took
//! 1.8 times the instructions of this loop.

use std::cell::RefCell;

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
pub(crate) fn within_bytes(whole_a: &[u8], whole_b: &[u8], budget: u32) -> Option<u32> {
    let (a, b) = (whole_a, whole_b);
    if a.len().abs_diff(b.len()) > budget as usize || letters_apart(a, b) > budget {
        return None;
    }
    // Letters shared at both ends cost nothing.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let d = if short.is_empty() {
        long.len() as u32
    } else if short.len() <= 64 {
        osa_bit_parallel(short, long)
    } else {
        // Whole strings: the shared ends may have split a letter.
        return osa_banded(
            &String::from_utf8_lossy(whole_a),
            &String::from_utf8_lossy(whole_b),
            budget,
        );
    };
    (d <= budget).then_some(d)
}

/// The optimal string alignment distance of `a` and `b`, over characters as
/// [`strsim::osa_distance`] counts it, if it is at most `budget`. Only the
/// cells within `budget` of the diagonal are computed: a cell further off
/// costs more than the budget to reach, so no alignment within it passes
/// there. Long names (whole-string comparisons of over 64 letters) take
/// time in proportion to their length instead of its square.
fn osa_banded(a: &str, b: &str, budget: u32) -> Option<u32> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m, k) = (a.len(), b.len(), budget as usize);
    if n.abs_diff(m) > k {
        return None;
    }
    // Out of the band, or past the budget: more than any distance within it.
    let far = budget.saturating_add(1);
    let cap = |d: u32| d.min(far);
    // Rows i - 2, i - 1 and i of the table; row 0 is the distance from the
    // empty prefix. Each row writes its band and one cell either side of
    // it, which is all the next two rows read.
    let mut before: Vec<u32> = (0..=m).map(|j| cap(j as u32)).collect();
    let mut previous = before.clone();
    let mut current = vec![far; m + 1];
    for i in 1..=n {
        let (lo, hi) = (i.saturating_sub(k), (i + k).min(m));
        if lo == 0 {
            current[0] = cap(i as u32);
        } else {
            current[lo - 1] = far;
        }
        if hi < m {
            current[hi + 1] = far;
        }
        for j in lo.max(1)..=hi {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut d = (current[j - 1] + 1)
                .min(previous[j] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && cost == 1 && a[i - 1] == b[j - 2] && b[j - 1] == a[i - 2] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = cap(d);
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[m];
    (d <= budget).then_some(d)
}

/// A lower bound on the distance of `a` and `b`, from the byte values
/// each holds: an edit adds or removes at most two of them (a substitution
/// one of each, an insertion or deletion one, a transposition none), so
/// `d` edits change at most `2d` bits of the set. Sets are 64-bit masks
/// (`b % 64`); bytes that share a bit only make the bound lower. Most
/// pairs of unrelated tokens are told apart by it at a few operations a
/// byte, before the alignment.
fn letters_apart(a: &[u8], b: &[u8]) -> u32 {
    let mask = |s: &[u8]| s.iter().fold(0u64, |m, &c| m | 1 << (c & 63));
    (mask(a) ^ mask(b)).count_ones().div_ceil(2)
}

thread_local! {
    /// For each byte value, the positions of the pattern that hold it; all
    /// zero between calls.
    static POSITIONS: RefCell<[u64; 256]> = const { RefCell::new([0; 256]) };
}

/// The optimal string alignment distance of `pattern` (1 to 64 bytes) and
/// `text`, one text byte per step of the bit-vector recurrence.
fn osa_bit_parallel(pattern: &[u8], text: &[u8]) -> u32 {
    // Clearing a table per call costs more than the alignment of two short
    // tokens, so each thread keeps one and resets only what it set.
    POSITIONS
        .try_with(|table| osa_with_table(&mut table.borrow_mut(), pattern, text))
        .unwrap_or_else(|_| osa_with_table(&mut [0; 256], pattern, text))
}

/// [`osa_bit_parallel`] with a zeroed position table, left zeroed.
fn osa_with_table(positions: &mut [u64; 256], pattern: &[u8], text: &[u8]) -> u32 {
    for (i, &c) in pattern.iter().enumerate() {
        positions[usize::from(c)] |= 1 << i;
    }
    // Bit i of `vp` / `vn`: the alignment's column rises / falls by one at
    // pattern position i; `d0` marks the diagonal zero-steps.
    let last = 1u64 << (pattern.len() - 1);
    let (mut vp, mut vn, mut d0, mut previous) = (!0u64, 0u64, 0u64, 0u64);
    let mut distance = pattern.len() as u32;
    for &c in text {
        let matches = positions[usize::from(c)];
        // A transposition: this byte matches one position later than the
        // previous byte did, and the previous byte matched here.
        let transposed = ((!d0 & matches) << 1) & previous;
        d0 = ((matches & vp).wrapping_add(vp) ^ vp) | matches | vn | transposed;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        distance += u32::from(hp & last != 0);
        distance -= u32::from(hn & last != 0);
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        previous = matches;
    }
    for &c in pattern {
        positions[usize::from(c)] = 0;
    }
    distance
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
        agrees_with_strsim(&words.map(String::from), within);
    }

    #[test]
    fn agrees_with_strsim_on_all_short_strings() {
        // Every string of up to five letters over a three-letter alphabet
        // against every other: all edit patterns, including transpositions
        // at the band's edges.
        agrees_with_strsim(&all_words(&['a', 'b', 'c'], 5), within);
    }

    #[test]
    fn agrees_with_a_plain_byte_alignment_on_multi_byte_letters() {
        // Multi-byte letters count as their bytes, against the unbanded
        // alignment.
        let words = all_words(&['a', 'b', 'é', '!'], 4);
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

    #[test]
    fn agrees_with_strsim_around_the_word_size() {
        // Tokens of 60 to 70 letters (patterns of one word and more), with
        // edits in the middle so that the shared ends do not shorten them.
        let base: String = (0..70)
            .map(|i| (b'a' + (i * 7 % 26) as u8) as char)
            .collect();
        for len in 60..=70 {
            let a = &base[..len];
            let mut b: Vec<u8> = a.as_bytes().to_vec();
            b.swap(20, 21);
            b[40] = b'!';
            b.remove(30);
            let b = String::from_utf8(b).unwrap(); // ASCII edits of ASCII text
            let want = strsim::osa_distance(a, &b) as u32;
            assert_eq!(want, 3);
            for budget in 0..5 {
                assert_eq!(
                    within(a, &b, budget),
                    (want <= budget).then_some(want),
                    "{len}"
                );
            }
        }
    }

    #[test]
    fn banded_alignment_agrees_with_strsim() {
        // Every string of up to five letters (one of two bytes) against
        // every other, and each budget: the band's edges and the cap.
        agrees_with_strsim(&all_words(&['a', 'b', 'é'], 5), super::osa_banded);
    }

    #[test]
    fn long_names_are_compared_by_letters() {
        // Edits near both ends leave over 64 bytes between them, which the
        // banded alignment compares letter by letter.
        let a = "joint stock company scientific and production center for electronic computing and information systèmes";
        for (b, want) in [
            (
                a.replacen("joint", "jiont", 1)
                    .replacen("systèmes", "systemes", 1),
                2,
            ),
            (
                a.replacen("joint", "j0int", 1)
                    .replacen("systèmes", "systèms", 1),
                2,
            ),
            (
                a.replacen("stock", "stok", 1)
                    .replacen("systèmes", "sytsèmes", 1),
                2,
            ),
            (format!("x{a}y"), 2),
            (
                a.replacen("joint", "jnt", 1)
                    .replacen("systèmes", "system", 1),
                5,
            ),
        ] {
            assert_eq!(strsim::osa_distance(a, &b) as u32, want, "{b}");
            for budget in 0..=5 {
                assert_eq!(
                    within(a, &b, budget),
                    (want <= budget).then_some(want),
                    "{b} {budget}"
                );
            }
        }
    }

    #[test]
    fn letter_bound_never_exceeds_the_distance() {
        // Five byte values over four letters, two of which share a mask bit
        // ('p' and '0' are both 48 modulo 64) and one of two bytes: every
        // string of up to four letters against every other.
        let words = all_words(&['a', 'b', 'p', '0', 'é'], 4);
        let mut told_apart = 0;
        for a in &words {
            for b in &words {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                let d = byte_osa(a, b);
                let bound = super::letters_apart(a, b);
                assert!(bound <= d, "{a:?} {b:?}: bound {bound}, distance {d}");
                told_apart += usize::from(bound >= 2);
            }
        }
        // The bound is not vacuous.
        assert!(told_apart > 1000, "{told_apart}");
    }

    /// Asserts that `distance` gives strsim's distance of every pair of
    /// `words` whenever it is within the budget (0 to 3), and `None` else.
    fn agrees_with_strsim(words: &[String], distance: fn(&str, &str, u32) -> Option<u32>) {
        for a in words {
            for b in words {
                let want = strsim::osa_distance(a, b) as u32;
                for budget in 0..4 {
                    assert_eq!(
                        distance(a, b, budget),
                        (want <= budget).then_some(want),
                        "{a} {b} {budget}"
                    );
                }
            }
        }
    }

    /// Every string of up to `max_len` letters over `alphabet`, the empty
    /// one included.
    fn all_words(alphabet: &[char], max_len: usize) -> Vec<String> {
        let mut words = vec![String::new()];
        let mut last = words.clone();
        for _ in 0..max_len {
            last = last
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        words
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
