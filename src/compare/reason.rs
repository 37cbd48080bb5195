//! The reason of a comparison: which tokens paired and how.

use crate::resolve::score::{Pair, Token};

/// Says how the scorer paired `left` and `right` (`pairs` are the
/// scorer's, with `left` as its query side), and which tokens it left
/// unpaired.
pub(super) fn describe_pairs(left: &[Token], right: &[Token], pairs: &[Pair]) -> String {
    let mut l_used = vec![false; left.len()];
    let mut r_used = vec![false; right.len()];
    let mut out = Vec::new();
    let words = |toks: &[Token], span: &std::ops::Range<usize>| {
        toks.get(span.clone())
            .unwrap_or_default()
            .iter()
            .map(|t| t.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for pair in pairs {
        for used in l_used.get_mut(pair.query.clone()).into_iter().flatten() {
            *used = true;
        }
        for used in r_used.get_mut(pair.alias.clone()).into_iter().flatten() {
            *used = true;
        }
        let (a, b) = (words(left, &pair.query), words(right, &pair.alias));
        let one_each = pair.query.len() == 1 && pair.alias.len() == 1;
        let (l, r) = (left.get(pair.query.start), right.get(pair.alias.start));
        let how = match (l, r) {
            _ if pair.near_miss => "near miss".to_string(),
            (Some(l), Some(r)) if one_each && l.folded == r.folded => {
                out.push(a);
                continue;
            }
            _ if !one_each && pair.edits == 0 => "written as one".to_string(),
            _ if !one_each => format!("written as one, {}", edits(pair.edits)),
            (Some(l), Some(r)) if l.skeleton == r.skeleton => "spelling".to_string(),
            (Some(l), Some(r)) if l.folded.len() == 1 || r.folded.len() == 1 => {
                "initial".to_string()
            }
            _ => edits(pair.edits),
        };
        out.push(format!("{a}~{b} ({how}, {:.2})", pair.similarity));
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

/// "1 edit", "2 edits".
fn edits(n: u32) -> String {
    format!("{n} edit{}", if n == 1 { "" } else { "s" })
}
