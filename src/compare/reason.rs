//! The reason of a comparison: which tokens paired and how.

use crate::resolve::score::{self, Token};

/// Pairs tokens best first, as the scorer's greedy pass does, and says how
/// each pair met. Split or joined words (`Abdul Rahman` / `Abdulrahman`),
/// which the scorer pairs as one, are reported by their best single partner
/// (often as a near miss) or as unpaired.
pub(super) fn describe_pairs(left: &[Token], right: &[Token]) -> String {
    let mut pairs: Vec<(f32, u32, usize, usize)> = Vec::new();
    for (i, a) in left.iter().enumerate() {
        for (j, b) in right.iter().enumerate() {
            let (s, d) = score::token_similarity(a, b);
            if s > 0.0 {
                pairs.push((s, d, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    let mut l_used = vec![false; left.len()];
    let mut r_used = vec![false; right.len()];
    let mut out = Vec::new();
    let take = |s: f32, how: Option<u32>, i: usize, j: usize, out: &mut Vec<String>| {
        let (a, b) = (&left[i], &right[j]);
        let how = match how {
            _ if a.folded == b.folded => return out.push(a.folded.clone()),
            None => "near miss".to_string(),
            Some(_) if a.skeleton == b.skeleton => "spelling".to_string(),
            Some(_) if a.folded.len() == 1 || b.folded.len() == 1 => "initial".to_string(),
            Some(d) => format!("{d} edit{}", if d == 1 { "" } else { "s" }),
        };
        out.push(format!("{}~{} ({how}, {s:.2})", a.folded, b.folded));
    };
    for &(s, d, i, j) in &pairs {
        if !l_used[i] && !r_used[j] {
            l_used[i] = true;
            r_used[j] = true;
            take(s, Some(d), i, j, &mut out);
        }
    }
    // Near misses among the tokens left over, as the scorer tries last.
    for (i, a) in left.iter().enumerate() {
        if l_used[i] {
            continue;
        }
        let best = right
            .iter()
            .enumerate()
            .filter(|(j, _)| !r_used[*j])
            .map(|(j, b)| (score::near_miss(a, b).max(score::near_miss(b, a)), j))
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((s, j)) = best.filter(|b| b.0 > 0.0) {
            l_used[i] = true;
            r_used[j] = true;
            take(s, None, i, j, &mut out);
        }
    }
    let mut text = if out.is_empty() {
        "no tokens paired".to_string()
    } else {
        format!("paired {}", out.join(", "))
    };
    for (side, toks, used) in [("left", left, &l_used), ("right", right, &r_used)] {
        let rest: Vec<&str> = toks
            .iter()
            .zip(used.iter())
            .filter(|(_, u)| !**u)
            .map(|(t, _)| t.folded.as_str())
            .collect();
        if !rest.is_empty() {
            text.push_str(&format!("; unpaired {side} {}", rest.join(" ")));
        }
    }
    text
}
