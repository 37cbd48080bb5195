//! What a slip costs: a neighbouring key in typed text, a voicing twin in
//! a transliteration, one vowel for another in either.
//!
//! People mistype a letter mostly as a key next to it ("Mysuru" typed
//! "Myduru", "Campo" typed "Cqmpo"), hit a key beside the one they meant
//! as well ("Cotia" typed "Ciotia"), or swap two letters ("Niue" typed
//! "Nuie"); a chance likeness changes letters with no such pattern. So
//! when a query typed in Latin letters is scored against an alias, such a
//! slip of the finger counts as [`NEIGHBOUR_SUBSTITUTION`] of an edit: of
//! two names one edit away, the one a slip explains scores higher.
//! Skeletons (`normalize::skeleton_token`) are not typed text and keep
//! whole edits. A query transliterated from another script was not typed
//! either; its cheap edit is a consonant's voicing twin ([`sounded_cost`]),
//! which many scripts do not tell apart. Romanisations, typed or not,
//! differ most in their vowels, so one vowel for another is cheap in both.

/// What a slip of the finger costs, in edits.
///
/// Three quarters: on the development set's typos, three substitutions in
/// four are between neighbouring keys (one in six would be by chance), and
/// three extra letters in four sit beside a neighbouring key or repeat a
/// letter. Half an edit found no more of those typos and gave more
/// ordinary person names a false answer (347 of 14,278 against 339, with
/// substitutions alone).
pub const NEIGHBOUR_SUBSTITUTION: f32 = 0.75;

/// The longest token (in bytes) aligned with weights; longer ones keep
/// their plain distance.
const MAX_LEN: usize = 32;

/// The letter rows of a QWERTY keyboard; each row sits half a key to the
/// right of the one above, so key `i` of a row touches keys `i - 1` and
/// `i` of the row below.
const ROWS: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];

/// For each letter `a`–`z`, a bit per letter whose key touches its key.
const NEIGHBOURS: [u32; 26] = neighbours();

const fn neighbours() -> [u32; 26] {
    let mut table = [0u32; 26];
    let mut r = 0;
    while r < ROWS.len() {
        let row = ROWS[r];
        let mut i = 0;
        while i < row.len() {
            let key = (row[i] - b'a') as usize;
            if i + 1 < row.len() {
                link(&mut table, key, (row[i + 1] - b'a') as usize);
            }
            if r + 1 < ROWS.len() {
                let below = ROWS[r + 1];
                if i > 0 && i - 1 < below.len() {
                    link(&mut table, key, (below[i - 1] - b'a') as usize);
                }
                if i < below.len() {
                    link(&mut table, key, (below[i] - b'a') as usize);
                }
            }
            i += 1;
        }
        r += 1;
    }
    table
}

const fn link(table: &mut [u32; 26], a: usize, b: usize) {
    table[a] |= 1 << b;
    table[b] |= 1 << a;
}

/// Whether `a` and `b` are different letters on neighbouring keys.
pub fn neighbours_on_keyboard(a: u8, b: u8) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    a.is_ascii_lowercase()
        && b.is_ascii_lowercase()
        && NEIGHBOURS[usize::from(a - b'a')] & 1 << (b - b'a') != 0
}

/// The cost of the cheapest alignment of the typed `a` with `b`
/// (insertions, deletions, substitutions and adjacent transpositions, as
/// the optimal string alignment distance counts them) when a slip costs
/// [`NEIGHBOUR_SUBSTITUTION`]: a substitution of neighbouring keys or of
/// one vowel for another, two neighbouring letters swapped, or a letter of
/// `a` with no partner in `b` that is a neighbouring key of (or the same
/// as) a letter beside it. `distance` is their plain distance, returned as
/// it is for equal strings and for tokens too long to align here.
///
/// Vowels count as a slip because a name typed in Latin letters is as
/// often a romanisation as a typo, and romanisations differ most in their
/// vowels (`Taewàn` for Taiwan, not Thailand's `Taelàn`).
///
/// ```
/// use aka::resolve::keyboard::typed_cost;
/// assert_eq!(typed_cost(b"myduru", b"mysuru", 1), 0.75); // s and d touch
/// assert_eq!(typed_cost(b"nuie", b"niue", 1), 0.75); // u and i swapped
/// assert_eq!(typed_cost(b"maiduru", b"mysuru", 2), 2.0);
/// assert_eq!(typed_cost(b"lukasenko", b"lukasenka", 1), 0.75);
/// assert_eq!(typed_cost(b"lukasenko", b"lukasenkv", 1), 1.0);
/// ```
pub fn typed_cost(a: &[u8], b: &[u8], distance: u32) -> f32 {
    let slips = Slips {
        substitution: |x, y| neighbours_on_keyboard(x, y) || vowels(x, y),
        extra: extra_key_cost,
        transposition: NEIGHBOUR_SUBSTITUTION,
    };
    aligned_cost(a, b, distance, slips)
}

/// The cost of the cheapest alignment of `a`, transliterated from another
/// script, with `b` when a letter for its voiced or voiceless twin
/// (`d`/`t`, `g`/`k`, `b`/`p`, `z`/`s`, `v`/`f`) or one vowel for another
/// costs [`NEIGHBOUR_SUBSTITUTION`]: scripts such as Tamil, Korean or Thai
/// write one letter for both sounds, or for sounds between them, so a
/// transliteration picks either (`அன்டோரா` is *antora*: Andorra, not
/// Angora), and many scripts write few vowels or vowels Latin has not.
///
/// ```
/// use aka::resolve::keyboard::sounded_cost;
/// assert_eq!(sounded_cost(b"antora", b"andora", 1), 0.75);
/// assert_eq!(sounded_cost(b"antora", b"angora", 1), 1.0);
/// assert_eq!(sounded_cost(b"antora", b"antara", 1), 0.75);
/// assert_eq!(sounded_cost(b"antroa", b"antora", 1), 1.0); // not a sound
/// ```
pub fn sounded_cost(a: &[u8], b: &[u8], distance: u32) -> f32 {
    let slips = Slips {
        substitution: |x, y| voicing_twins(x, y) || vowels(x, y),
        extra: whole_edit,
        transposition: 1.0,
    };
    aligned_cost(a, b, distance, slips)
}

/// An unpartnered letter of a transliteration: a whole edit.
fn whole_edit(_: &[u8], _: usize) -> f32 {
    1.0
}

/// Whether `a` and `b` are two different vowels (`a e i o u`).
pub fn vowels(a: u8, b: u8) -> bool {
    let vowel = |c: u8| crate::normalize::is_vowel(c.to_ascii_lowercase());
    a != b && vowel(a) && vowel(b)
}

/// Whether `a` and `b` are a voiced consonant and its voiceless twin.
pub fn voicing_twins(a: u8, b: u8) -> bool {
    matches!(
        (a.to_ascii_lowercase(), b.to_ascii_lowercase()),
        (b'd', b't')
            | (b't', b'd')
            | (b'g', b'k')
            | (b'k', b'g')
            | (b'b', b'p')
            | (b'p', b'b')
            | (b'z', b's')
            | (b's', b'z')
            | (b'v', b'f')
            | (b'f', b'v')
    )
}

/// What the slips of one kind of text cost in [`aligned_cost`].
struct Slips<S, E> {
    /// Whether a substitution of the first letter by the second is a slip,
    /// costing [`NEIGHBOUR_SUBSTITUTION`].
    substitution: S,
    /// What the letter at an index of `a` costs when it has no partner.
    extra: E,
    /// What two neighbouring letters swapped cost.
    transposition: f32,
}

/// The alignment cost of `a` with `b` when `slips` price some edits below
/// a whole one; `distance` is their plain distance.
fn aligned_cost<S, E>(a: &[u8], b: &[u8], distance: u32, slips: Slips<S, E>) -> f32
where
    S: Fn(u8, u8) -> bool,
    E: Fn(&[u8], usize) -> f32,
{
    let plain = distance as f32;
    if distance == 0 || a.len() > MAX_LEN || b.len() > MAX_LEN {
        return plain;
    }
    // Letters shared at both ends cost nothing: only the rest is aligned,
    // with the letters around it still read for the cost of an extra key.
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_end, b) = (a.len() - suffix, &b[prefix..b.len() - suffix]);
    // Three rows of the alignment table: two back (for transpositions),
    // one back, and the current one.
    let mut rows = [[0f32; MAX_LEN + 1]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as f32;
    }
    let a_len = a_end - prefix;
    for i in 1..=a_len {
        let [before, above, row] = &mut rows;
        let at = prefix + i - 1;
        let extra = (slips.extra)(a, at);
        row[0] = above[0] + extra;
        for j in 1..=b.len() {
            let (x, y) = (a[at], b[j - 1]);
            let substitution = if x == y {
                0.0
            } else if (slips.substitution)(x, y) {
                NEIGHBOUR_SUBSTITUTION
            } else {
                1.0
            };
            let mut cost = (above[j - 1] + substitution)
                .min(above[j] + extra)
                .min(row[j - 1] + 1.0);
            if i > 1 && j > 1 && x == b[j - 2] && a[at - 1] == y {
                cost = cost.min(before[j - 2] + slips.transposition);
            }
            row[j] = cost;
        }
        rows.rotate_left(1);
    }
    // After the last rotation the last row computed is one back.
    rows[1][b.len()].min(plain)
}

/// What the letter at `i` of the typed `a` costs when it has no partner:
/// [`NEIGHBOUR_SUBSTITUTION`] when it is a neighbouring key of the letter
/// before or after it, or the same letter again (a finger that touched
/// two keys, or one key twice), else a whole edit.
fn extra_key_cost(a: &[u8], i: usize) -> f32 {
    let x = a[i];
    let slipped =
        |other: Option<&u8>| other.is_some_and(|&o| o == x || neighbours_on_keyboard(o, x));
    if slipped(i.checked_sub(1).and_then(|p| a.get(p))) || slipped(a.get(i + 1)) {
        NEIGHBOUR_SUBSTITUTION
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::{NEIGHBOUR_SUBSTITUTION, neighbours_on_keyboard, typed_cost};

    #[test]
    fn neighbouring_keys_touch_across_rows_and_along_them() {
        let cases: [(&[&[u8; 2]], bool); 2] = [
            (
                &[
                    b"aq", b"aw", b"as", b"az", b"sd", b"gb", b"pl", b"mk", b"op", b"AQ",
                ],
                true,
            ),
            (&[b"ae", b"qp", b"zm", b"aa", b"12", b"a\xc3"], false),
        ];
        for (pairs, touch) in cases {
            for &&[a, b] in pairs {
                assert_eq!(neighbours_on_keyboard(a, b), touch, "{a} {b}");
                assert_eq!(neighbours_on_keyboard(b, a), touch, "{a} {b}");
            }
        }
    }

    #[test]
    fn a_slip_to_a_neighbouring_key_costs_less_than_an_edit() {
        assert_eq!(typed_cost(b"cqmpo", b"campo", 1), 0.75);
        assert_eq!(typed_cost(b"cqmop", b"campo", 2), 1.5); // a neighbour, a swap
        assert_eq!(typed_cost(b"lhuonb", b"phuong", 2), 1.5);
        // Neighbouring keys in both rows' directions, in any case.
        assert_eq!(typed_cost(b"Ljlou", b"Lulou", 1), 0.75);
        // One vowel for another, and two letters swapped, are slips too.
        assert_eq!(typed_cost(b"mel", b"mol", 1), 0.75);
        assert_eq!(typed_cost(b"minsk", b"misnk", 1), 0.75);
        // Other substitutions and insertions keep their cost.
        assert_eq!(typed_cost(b"kuol", b"kuot", 1), 1.0);
        assert_eq!(typed_cost(b"mink", b"minsk", 1), 1.0);
        assert_eq!(typed_cost(b"ab", b"ab", 0), 0.0);
    }

    #[test]
    fn never_above_the_plain_distance_nor_below_its_cheapest_slips() {
        let words: [&[u8]; 8] = [
            b"mysuru", b"myduru", b"maiduru", b"campo", b"cqmop", b"xampo", b"amp", b"",
        ];
        for a in words {
            for b in words {
                let d = strsim::osa_distance(
                    std::str::from_utf8(a).unwrap_or_default(),
                    std::str::from_utf8(b).unwrap_or_default(),
                ) as u32;
                let cost = typed_cost(a, b, d);
                assert!(
                    cost <= d as f32 && cost >= d as f32 * NEIGHBOUR_SUBSTITUTION,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
