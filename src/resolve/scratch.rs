//! Buffers and a token-weight cache reused from one query to the next on
//! the same thread.
//!
//! A query fills a few hash maps and token buffers; allocating them anew
//! for every query, and looking up the rarity of the same alias tokens in
//! the FST again and again, costs more than the scoring itself. Each thread
//! keeps one set, lent to a query and given back when it ends.

use super::score::{Detail, Token};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Most token weights kept per thread before the cache starts over.
const WEIGHT_CACHE_CAP: usize = 200_000;

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
    /// Token weights by skeleton, valid for the index named by `weights_of`.
    pub weights: FxHashMap<Box<str>, f32>,
    weights_of: IndexIdentity,
}

/// What tells one open index from another while either is alive.
pub(super) type IndexIdentity = (usize, usize, u32);

thread_local! {
    static SPARE: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

impl Scratch {
    /// This thread's buffers (empty ones if they are lent out already),
    /// with weights that belong to the index `identity`.
    pub fn lend(identity: IndexIdentity) -> Scratch {
        let mut s = SPARE
            .try_with(|spare| spare.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_default();
        if s.weights_of != identity || s.weights.len() > WEIGHT_CACHE_CAP {
            s.weights.clear();
            s.weights_of = identity;
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
