//! Each worker's own cache, in front of the shared one.
//!
//! Keyed by the name's bytes as the shared cache is, so that names seen
//! before are answered without UTF-8 checks, locks or shared counters (a
//! key gets in only after its check). A hit is bound by memory latency,
//! not by instructions, so the table is laid out for it: a slot holds part
//! of the name's hash and where its entry is, and the entry holds the name
//! and the encoded cells side by side in one buffer. A hit reads one slot
//! and one entry (a general hash map of boxed entries read three places).

use super::cache::{Cache, Outcome, STAGES};
use aka::Resolver;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Bytes before an entry's name: the outcome, the name's length and the
/// cells' length.
const HEAD: usize = 9;

/// A place in a [`Generation`]'s table.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The high half of the name's hash.
    tag: u32,
    /// One past the entry's offset in the buffer; 0 for an empty slot.
    at: u32,
}

/// The hash of a name: the low bits pick a slot, the high half is kept in
/// it to skip most entries that do not match.
fn hash(name: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(name);
    h.finish()
}

/// One generation of the cache: an open-addressing table (linear probing,
/// at most half full, doubled as needed) over one buffer of entries.
#[derive(Debug)]
struct Generation {
    slots: Vec<Slot>,
    entries: Vec<u8>,
    len: usize,
}

/// An entry found in a generation.
#[derive(Debug, Clone, Copy)]
struct Found {
    /// Where the entry starts in the buffer.
    start: usize,
    /// Where it ends.
    end: usize,
}

impl Generation {
    /// An empty generation.
    fn new() -> Generation {
        Generation {
            slots: vec![Slot::default(); 64],
            entries: Vec::new(),
            len: 0,
        }
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old {
            if let Some(start) = (slot.at as usize).checked_sub(1) {
                let name_len = self.u32_at(start + 1);
                let name_at = start + HEAD;
                let name = self
                    .entries
                    .get(name_at..name_at + name_len)
                    .unwrap_or_default();
                let h = hash(name);
                self.place(
                    Slot {
                        tag: slot.tag,
                        at: slot.at,
                    },
                    h,
                );
            }
        }
    }

    /// Puts `slot` in the first empty place from where `h` points.
    fn place(&mut self, slot: Slot, h: u64) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].at != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn clear(&mut self) {
        self.slots.fill(Slot::default());
        self.entries.clear();
        self.len = 0;
    }

    /// Reads the `u32` at `at` in the buffer.
    fn u32_at(&self, at: usize) -> usize {
        let mut bytes = [0; 4];
        if let Some(b) = self.entries.get(at..at + 4) {
            bytes.copy_from_slice(b);
        }
        u32::from_le_bytes(bytes) as usize
    }

    /// The entry for `name`, whose hash is `h`.
    fn find(&self, name: &[u8], h: u64) -> Option<Found> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = self.slots[i];
            let start = (slot.at as usize).checked_sub(1)?;
            if slot.tag == (h >> 32) as u32 {
                let name_len = self.u32_at(start + 1);
                let cells_len = self.u32_at(start + 5);
                let name_at = start + HEAD;
                if self.entries.get(name_at..name_at + name_len) == Some(name) {
                    let end = name_at + name_len + cells_len;
                    return Some(Found { start, end });
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `entry` (the bytes of an entry) for a name not in the table,
    /// whose hash is `h`; false when the buffer is too large to point
    /// into, and nothing is added.
    fn insert(&mut self, entry: &[u8], h: u64) -> bool {
        let Ok(at) = u32::try_from(self.entries.len() + 1) else {
            return false;
        };
        if u32::try_from(self.entries.len() + entry.len()).is_err() {
            return false;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.entries.extend_from_slice(entry);
        let tag = (h >> 32) as u32;
        self.place(Slot { tag, at }, h);
        self.len += 1;
        true
    }

    /// The bytes of a found entry.
    fn bytes(&self, found: Found) -> &[u8] {
        self.entries.get(found.start..found.end).unwrap_or_default()
    }
}

/// The parts of an entry's bytes.
struct Parts<'a> {
    outcome: Outcome,
    cells: &'a [u8],
}

/// Splits an entry's bytes.
fn parts(entry: &[u8]) -> Parts<'_> {
    let mut len = [0; 4];
    len.copy_from_slice(entry.get(1..5).unwrap_or(&[0; 4]));
    let name_len = u32::from_le_bytes(len) as usize;
    Parts {
        outcome: outcome(entry.first().copied().unwrap_or(0)),
        cells: entry.get(HEAD + name_len..).unwrap_or_default(),
    }
}

/// Appends the entry for `name`, answered `outcome` with these `cells`,
/// to `buf`. `None` (nothing appended) for a name or cells of 4 GiB or
/// more, which are then not cached.
fn encode_entry(buf: &mut Vec<u8>, name: &[u8], outcome: Outcome, cells: &[u8]) -> Option<()> {
    let name_len = u32::try_from(name.len()).ok()?;
    let cells_len = u32::try_from(cells.len()).ok()?;
    buf.push(outcome_byte(outcome));
    buf.extend_from_slice(&name_len.to_le_bytes());
    buf.extend_from_slice(&cells_len.to_le_bytes());
    buf.extend_from_slice(name);
    buf.extend_from_slice(cells);
    Some(())
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

fn outcome(byte: u8) -> Outcome {
    match byte {
        0 => Outcome::Empty,
        1 => Outcome::NoMatch,
        b => Outcome::Matched(usize::from(b - 2)),
    }
}

/// A worker's cache. Two generations, as in [`Cache`]: a name asked for
/// again since the last turnover stays, so frequent names survive it (on
/// a file whose names repeat as real ones do, a third fewer misses than
/// clearing the cache when full).
#[derive(Debug)]
pub struct Local {
    young: Generation,
    old: Generation,
    capacity: usize,
    folded: String,
    /// Scratch space for an entry being made.
    entry: Vec<u8>,
}

impl Local {
    /// An empty cache for up to `capacity` names (up to twice that in
    /// memory).
    pub fn new(capacity: usize) -> Local {
        let capacity = capacity.max(1);
        Local {
            young: Generation::new(),
            old: Generation::new(),
            capacity,
            folded: String::new(),
            entry: Vec::new(),
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
        let h = hash(field);
        if let Some(found) = self.young.find(field, h) {
            let entry = parts(self.young.bytes(found));
            out.extend_from_slice(entry.cells);
            return Ok(entry.outcome);
        }
        self.entry.clear();
        if let Some(found) = self.old.find(field, h) {
            self.entry.extend_from_slice(self.old.bytes(found));
        } else {
            let answer = shared.get(resolver, field, &mut self.folded)?;
            if encode_entry(&mut self.entry, field, answer.outcome, &answer.encoded).is_none() {
                out.extend_from_slice(&answer.encoded);
                return Ok(answer.outcome);
            }
        }
        let entry = parts(&self.entry);
        out.extend_from_slice(entry.cells);
        let outcome = entry.outcome;
        if self.young.len >= self.capacity {
            std::mem::swap(&mut self.young, &mut self.old);
            self.young.clear();
        }
        if !self.young.insert(&self.entry, h) {
            // The buffer is full: start a new generation.
            std::mem::swap(&mut self.young, &mut self.old);
            self.young.clear();
            self.young.insert(&self.entry, h);
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generation_finds_what_it_holds() {
        let mut g = Generation::new();
        // Enough names to make the table grow.
        let names: Vec<String> = (0..100).map(|i| format!("name {i}")).collect();
        for (i, name) in names.iter().enumerate() {
            let mut entry = Vec::new();
            let cells = format!(",cell {i}");
            encode_entry(
                &mut entry,
                name.as_bytes(),
                Outcome::Matched(i % 6),
                cells.as_bytes(),
            )
            .expect("short");
            assert!(g.find(name.as_bytes(), hash(name.as_bytes())).is_none());
            assert!(g.insert(&entry, hash(name.as_bytes())));
        }
        for (i, name) in names.iter().enumerate() {
            let found = g
                .find(name.as_bytes(), hash(name.as_bytes()))
                .expect("held");
            let entry = parts(g.bytes(found));
            assert_eq!(entry.cells, format!(",cell {i}").as_bytes());
            assert_eq!(entry.outcome, Outcome::Matched(i % 6));
        }
        assert!(g.find(b"name", hash(b"name")).is_none());
        // Names that share a slot are told apart by their bytes.
        let mut g = Generation::new();
        let mut entry = Vec::new();
        encode_entry(&mut entry, b"a", Outcome::Empty, b"").expect("short");
        assert!(g.insert(&entry, 7));
        assert!(g.find(b"b", 7).is_none());
        assert!(g.find(b"a", 7).is_some());
        g.clear();
        assert!(g.find(b"a", 7).is_none());
    }

    #[test]
    fn outcomes_fit_in_a_byte() {
        for o in [
            Outcome::Empty,
            Outcome::NoMatch,
            Outcome::Matched(0),
            Outcome::Matched(5),
        ] {
            assert_eq!(outcome(outcome_byte(o)), o);
        }
    }
}
