//! Each worker's own cache, in front of the shared one.
//!
//! Keyed by the name's bytes as the shared cache is, so that names seen
//! before are answered without UTF-8 checks, locks or shared counters (a
//! key gets in only after its check). Each entry is one allocation holding
//! the name and the encoded added cells side by side: a hit reads the hash
//! table and that one block, and copies the cells from it.

use super::cache::{Answer, Cache, Outcome, STAGES};
use aka::Resolver;
use rustc_hash::FxHashSet;
use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// A name and its answer: the outcome (one byte), the name's length (four
/// bytes), the name, then the encoded cells.
#[derive(Debug)]
struct Entry(Box<[u8]>);

/// Bytes before the name in an entry.
const HEAD: usize = 5;

impl Entry {
    /// The entry for `name`, answered by `answer`. `None` for a name of
    /// 4 GiB or more, which is then not cached.
    fn new(name: &[u8], answer: &Answer) -> Option<Entry> {
        let len = u32::try_from(name.len()).ok()?;
        let mut bytes = Vec::with_capacity(HEAD + name.len() + answer.encoded.len());
        bytes.push(outcome_byte(answer.outcome));
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(&answer.encoded);
        Some(Entry(bytes.into_boxed_slice()))
    }

    /// The name's length.
    fn name_len(&self) -> usize {
        let mut len = [0; 4];
        len.copy_from_slice(self.0.get(1..HEAD).unwrap_or(&[0; 4]));
        u32::from_le_bytes(len) as usize
    }

    fn name(&self) -> &[u8] {
        self.0.get(HEAD..HEAD + self.name_len()).unwrap_or_default()
    }

    fn cells(&self) -> &[u8] {
        self.0.get(HEAD + self.name_len()..).unwrap_or_default()
    }

    fn outcome(&self) -> Outcome {
        match self.0.first().copied().unwrap_or(0) {
            0 => Outcome::Empty,
            1 => Outcome::NoMatch,
            b => Outcome::Matched(usize::from(b - 2)),
        }
    }
}

/// An outcome as one byte: 0 empty, 1 no match, 2 + the stage's index.
fn outcome_byte(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Empty => 0,
        Outcome::NoMatch => 1,
        // STAGES has six entries, so this fits.
        Outcome::Matched(stage) => 2 + stage.min(STAGES.len()) as u8,
    }
}

// An entry is looked up by its name alone: hashed and compared as the
// name's bytes, as `Borrow` requires.
impl Borrow<[u8]> for Entry {
    fn borrow(&self) -> &[u8] {
        self.name()
    }
}

impl Hash for Entry {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Entry {}

/// A worker's cache. Two generations, as in [`Cache`]: a name asked for
/// again since the last turnover stays, so frequent names survive it (on
/// a file whose names repeat as real ones do, a third fewer misses than
/// clearing the cache when full).
#[derive(Debug)]
pub struct Local {
    young: FxHashSet<Entry>,
    old: FxHashSet<Entry>,
    capacity: usize,
    folded: String,
}

impl Local {
    /// An empty cache for up to `capacity` names (up to twice that in
    /// memory).
    pub fn new(capacity: usize) -> Local {
        Local {
            young: FxHashSet::default(),
            old: FxHashSet::default(),
            capacity: capacity.max(1),
            folded: String::new(),
        }
    }

    /// Appends the encoded answer for the name in `field` to `out` and
    /// says how it fared; asks `shared` (which resolves) on a miss. Fails,
    /// appending nothing, when the field is not UTF-8.
    pub fn append(
        &mut self,
        shared: &Cache,
        resolver: &Resolver,
        field: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<Outcome, std::str::Utf8Error> {
        if let Some(entry) = self.young.get(field) {
            out.extend_from_slice(entry.cells());
            return Ok(entry.outcome());
        }
        let entry = match self.old.take(field) {
            Some(entry) => entry,
            None => {
                let answer = shared.get(resolver, field, &mut self.folded)?;
                match Entry::new(field, &answer) {
                    Some(entry) => entry,
                    None => {
                        out.extend_from_slice(&answer.encoded);
                        return Ok(answer.outcome);
                    }
                }
            }
        };
        out.extend_from_slice(entry.cells());
        let outcome = entry.outcome();
        if self.young.len() >= self.capacity {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(entry);
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_name_cells_and_outcome_apart() {
        for outcome in [Outcome::Empty, Outcome::NoMatch, Outcome::Matched(5)] {
            let answer = Answer {
                encoded: b",x,y".to_vec(),
                outcome,
            };
            let entry = Entry::new(b"Minsk", &answer).expect("short name");
            assert_eq!(entry.name(), b"Minsk");
            assert_eq!(entry.cells(), b",x,y");
            assert_eq!(entry.outcome(), outcome);
            let mut set = FxHashSet::default();
            set.insert(entry);
            assert!(set.contains(&b"Minsk"[..]));
            assert!(!set.contains(&b"Pinsk"[..]));
        }
    }
}
