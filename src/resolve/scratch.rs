//! Buffers and caches reused from one query to the next on the same
//! thread.
//!
//! A query fills a few hash maps and token buffers; allocating them anew
//! for every query, and looking up the rarity of the same alias tokens in
//! the FST again and again, costs more than the scoring itself. The
//! near-spelling searches of a query word (the deletion neighbourhood and
//! the two-edit walk) depend on the word alone, and the words of names
//! recur across a file far more often than whole names, so their results
//! are kept too. Each thread keeps one set, lent to a query and given back
//! when it ends.

use super::score::{Detail, Token};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Most token weights kept per thread before the cache starts over.
const WEIGHT_CACHE_CAP: usize = 200_000;

/// Most values (tokens FST values, and a few per word for the word itself)
/// that one word cache holds before it starts over: about 4 MB per cache
/// and thread, whatever the input.
const WORD_CACHE_VALUES: usize = 500_000;

/// What near-spelling searches of query words found (tokens FST values),
/// by word: a search depends on the word alone, and the words of names
/// recur across a file far more often than whole names.
#[derive(Default)]
pub(super) struct WordCache {
    words: FxHashMap<Box<str>, Box<[u64]>>,
    /// What the cache holds, counted as in [`WORD_CACHE_VALUES`].
    held: usize,
}

impl WordCache {
    /// What `search` finds for `word`: kept from an earlier query when it
    /// is here, else searched now and kept.
    pub fn get_or_search(&mut self, word: &str, search: impl FnOnce() -> Vec<u64>) -> Vec<u64> {
        if let Some(values) = self.words.get(word) {
            return values.to_vec();
        }
        let values = search();
        if self.held > WORD_CACHE_VALUES {
            self.clear();
        }
        self.held += values.len() + word.len().div_ceil(8) + 1;
        self.words.insert(word.into(), values.as_slice().into());
        values
    }

    /// Forgets every word.
    pub fn clear(&mut self) {
        self.words.clear();
        self.held = 0;
    }
}

/// Above this many slots, the scored-alias map is dropped after a query
/// instead of being cleared for the next.
const SCORED_KEEP_CAPACITY: usize = 1024;

/// The buffers one query works in.
#[derive(Default)]
pub(super) struct Scratch {
    /// Candidates not scored yet, one integer each (see `search::reach`):
    /// one integer sorts fastest.
    pub pending: Vec<u64>,
    /// Scored aliases: their score and detail (`None` for an exact alias).
    pub scored: FxHashMap<u32, (f32, Option<Detail>)>,
    /// Working memory for scoring.
    pub score: super::score::Buffers,
    /// A reused buffer for an alias's tokens.
    pub alias_tokens: Vec<Token>,
    /// Token weights, and whether each is a generic word, by skeleton,
    /// valid for the index named by `weights_of`.
    pub weights: FxHashMap<Box<str>, (f32, bool)>,
    /// What the search within a word's edit budget found, by word, for the
    /// same index.
    pub near_spellings: WordCache,
    /// What the search two edits from a long word found, by word, for the
    /// same index.
    pub far_spellings: WordCache,
    weights_of: IndexIdentity,
}

/// What tells one open index from another while either is alive.
pub(super) type IndexIdentity = (usize, usize, u32);

thread_local! {
    static SPARE: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

impl Scratch {
    /// This thread's buffers (empty ones if they are lent out already),
    /// with weights and word caches that belong to the index `identity`.
    pub fn lend(identity: IndexIdentity) -> Scratch {
        let mut s = SPARE
            .try_with(|spare| spare.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_default();
        if s.weights_of != identity {
            s.weights.clear();
            s.near_spellings.clear();
            s.far_spellings.clear();
            s.weights_of = identity;
        }
        if s.weights.len() > WEIGHT_CACHE_CAP {
            s.weights.clear();
        }
        s
    }

    /// Gives the buffers back to this thread, emptied but keeping their
    /// capacity and the weights.
    pub fn give_back(mut self) {
        self.pending.clear();
        // Clearing and walking a hash map costs in proportion to its
        // capacity, not its length: a query with thousands of exact hits
        // must not slow every later one down.
        if self.scored.capacity() > SCORED_KEEP_CAPACITY {
            self.scored = FxHashMap::default();
        } else {
            self.scored.clear();
        }
        // During thread teardown the slot may be gone; the buffers are then
        // simply dropped.
        let _ = SPARE.try_with(|spare| *spare.borrow_mut() = Some(self));
    }
}

#[cfg(test)]
mod tests {
    use super::{WORD_CACHE_VALUES, WordCache};

    #[test]
    fn a_word_cache_answers_from_memory_and_stays_bounded() {
        let mut cache = WordCache::default();
        let found = cache.get_or_search("velmarsk", || vec![1, 2, 3]);
        assert_eq!(found, [1, 2, 3]);
        let again = cache.get_or_search("velmarsk", || unreachable!("kept"));
        assert_eq!(again, [1, 2, 3]);
        for n in 0..20_000 {
            cache.get_or_search(&format!("word{n}"), || vec![7; 100]);
            assert!(cache.held <= WORD_CACHE_VALUES + 110, "{}", cache.held);
        }
        assert!(cache.words.len() < 20_000);
    }
}
