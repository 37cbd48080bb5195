//! A bounded cache of answers shared by the workers, keyed by the name as
//! written. The resolver reads more than the folded form (the script a
//! name is written in weighs its candidates), so two names that fold alike
//! may get different answers; a cache keyed by the folded form answered
//! both with whichever came first, which made the output depend on the
//! order the workers got to them.

use super::encode::Encoder;
use aka::{Resolver, Stage};
use rustc_hash::{FxHashMap, FxHasher};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// The stages in the order the summary lists them.
pub const STAGES: [Stage; 6] = [
    Stage::Exact,
    Stage::Reordered,
    Stage::Skeleton,
    Stage::Fuzzy,
    Stage::Surname,
    Stage::Tokens,
];

/// What one name resolved to, ready to be written as the added cells.
#[derive(Debug)]
pub struct Answer {
    /// The cells `id, name, type, score, reason`, each preceded by the
    /// delimiter, encoded as CSV.
    pub encoded: Vec<u8>,
    /// The outcome, for the summary.
    pub outcome: Outcome,
}

/// How a name fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The cell was empty (or only spaces and punctuation).
    Empty,
    /// Nothing scored high enough.
    NoMatch,
    /// Matched; the index into [`STAGES`].
    Matched(usize),
}

impl Answer {
    fn new(m: Option<aka::Match>, empty: bool, encoder: &Encoder) -> Answer {
        let mut encoded = Vec::new();
        let outcome = match m {
            Some(m) => {
                let stage = STAGES
                    .iter()
                    .position(|s| *s == m.reason.stage)
                    .unwrap_or(0);
                // Sized up front: growing it from empty cost 0.8% of
                // annotating distinct names.
                let mut reason = String::with_capacity(REASON_CAPACITY + m.reason.alias.len());
                // Writing into a String cannot fail.
                let _ = write!(reason, "{}", m.reason);
                let cells = [&m.id, &m.name, &m.kind, &score_cell(m.score), &reason];
                encoded.reserve(cells.iter().map(|c| c.len() + 1).sum());
                for cell in cells {
                    encoder.next_field(&mut encoded, cell.as_bytes());
                }
                Outcome::Matched(stage)
            }
            None => {
                let reason = if empty { "" } else { "no match" };
                for cell in ["", "", "", "", reason] {
                    encoder.next_field(&mut encoded, cell.as_bytes());
                }
                if empty {
                    Outcome::Empty
                } else {
                    Outcome::NoMatch
                }
            }
        };
        Answer { encoded, outcome }
    }
}

/// A score in [0, 1] with three decimals, as `format!("{score:.3}")`
/// writes it, without the float formatting, which cost 3% of annotating a
/// file of distinct names (a match's score already has three decimals).
fn score_cell(score: f64) -> String {
    // A score is in [0, 1], so the cast saturates at worst.
    let thousandths = (score.clamp(0.0, 1.0) * 1000.0).round() as u32;
    let (units, rest) = (thousandths / 1000, thousandths % 1000);
    let digits = [
        b'0' + units as u8,
        b'.',
        b'0' + (rest / 100) as u8,
        b'0' + (rest / 10 % 10) as u8,
        b'0' + (rest % 10) as u8,
    ];
    digits.iter().map(|&d| char::from(d)).collect()
}

/// Room for a reason's words besides its alias: the stage, the alias's
/// kind, the edits and a removed title or two.
const REASON_CAPACITY: usize = 48;

/// Answers keyed by the name, shared by all workers and split into
/// shards, each behind its own lock. Each shard keeps two generations:
/// when the young one is full it becomes the old one and the previous old
/// one is dropped; a hit in the old generation moves the entry to the
/// young one. Memory is bounded by twice the capacity, and names that
/// recur stay cached.
#[derive(Debug)]
pub struct Cache {
    shards: Vec<Mutex<Shard>>,
    encoder: Encoder,
}

#[derive(Debug, Default)]
struct Shard {
    young: FxHashMap<Box<[u8]>, Arc<Answer>>,
    old: FxHashMap<Box<[u8]>, Arc<Answer>>,
    capacity: usize,
}

impl Shard {
    fn get(&mut self, key: &[u8]) -> Option<Arc<Answer>> {
        if let Some(a) = self.young.get(key) {
            return Some(Arc::clone(a));
        }
        let (key, answer) = self.old.remove_entry(key)?;
        self.insert(key, Arc::clone(&answer));
        Some(answer)
    }

    fn insert(&mut self, key: Box<[u8]>, answer: Arc<Answer>) {
        if self.young.len() >= self.capacity {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, answer);
    }
}

/// The number of shards; a power of two.
const SHARDS: usize = 64;

impl Cache {
    /// An empty cache holding about `capacity` names (up to twice that).
    pub fn new(capacity: usize, encoder: Encoder) -> Cache {
        let per_shard = capacity.div_ceil(SHARDS).max(1);
        Cache {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        capacity: per_shard,
                        ..Shard::default()
                    })
                })
                .collect(),
            encoder,
        }
    }

    /// The answer for the name in `field`, resolved on a miss; `folded`
    /// is scratch space for telling an empty name. Fails when the field
    /// is not UTF-8 (such a field is never cached, so a hit needs no
    /// check).
    pub fn get(
        &self,
        resolver: &Resolver,
        field: &[u8],
        folded: &mut String,
    ) -> Result<Arc<Answer>, std::str::Utf8Error> {
        let mut hasher = FxHasher::default();
        field.hash(&mut hasher);
        let shard = &self.shards[(hasher.finish() as usize >> 7) % SHARDS];
        if let Some(a) = lock(shard).get(field) {
            return Ok(a);
        }
        let name = std::str::from_utf8(field)?;
        // Resolve without holding the lock; a name missed by two workers at
        // once is resolved twice, which is harmless. Only a name without an
        // answer is folded again, to tell an empty one.
        let m = resolver.resolve_one(name);
        let empty = m.is_none() && {
            aka::normalize::fold_into(name, folded);
            folded.is_empty()
        };
        let answer = Arc::new(Answer::new(m, empty, &self.encoder));
        lock(shard).insert(field.into(), Arc::clone(&answer));
        Ok(answer)
    }
}

/// Locks a shard; a worker that panicked cannot leave a shard half
/// updated, so a poisoned lock is used as it is.
fn lock(shard: &Mutex<Shard>) -> std::sync::MutexGuard<'_, Shard> {
    shard
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::score_cell;

    #[test]
    fn a_score_cell_reads_as_formatted_with_three_decimals() {
        for thousandths in 0..=1000 {
            let score = f64::from(thousandths) / 1000.0;
            assert_eq!(score_cell(score), format!("{score:.3}"));
        }
        assert_eq!(score_cell(0.9734), "0.973");
        assert_eq!(score_cell(0.9736), "0.974");
    }
}
