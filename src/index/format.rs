//! The on-disk layout of an aka index.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "AKAINDEX"
//! 8       4     format version (u32, little endian)
//! 12      4     normaliser version (u32)
//! 16      8     payload length in bytes (u64)
//! 24      4     CRC-32 of header (this field as zero) and payload (u32)
//! 28      4     number of sections (u32)
//! 32      16×N  section table: offset (u64), length (u64), from file start
//! ...           payload: the sections, each 8-byte aligned
//! ```
//!
//! Sections, in order: the `names` FST (folded alias → postings), the
//! `skeletons` FST (skeleton key → postings), the `tokens` FST (skeleton
//! token → postings), key postings and token postings (u32 alias numbers),
//! the alias table, the entity table, the string pool, the token table, the
//! `deletes` FST (each skeleton token with one letter deleted → token
//! numbers, for fuzzy token search) and its postings, the `generic` FST
//! set (skeleton tokens of generic words), a hash table of the token
//! table, for exact token lookups cheaper than an FST walk, and one byte
//! per token posting with its alias's folded length, which ranks
//! candidates. Every integer is
//! little endian. Opening checks magic, versions, lengths and section bounds
//! in constant time; the CRC is checked when a file is opened from disk and
//! by [`Index::verify`](crate::Index::verify).

/// The first eight bytes of every index.
pub const MAGIC: [u8; 8] = *b"AKAINDEX";
/// The layout version this build writes and reads.
pub const FORMAT_VERSION: u32 = 9;
/// How many sections an index of this version has.
pub const SECTION_COUNT: usize = 15;
/// Bytes before the payload.
pub const HEADER_LEN: usize = 32 + 16 * SECTION_COUNT;

/// Section numbers, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum SectionId {
    /// FST: folded alias (and reordered "First Last" form) → postings.
    Names = 0,
    /// FST: skeleton key → postings.
    Skeletons = 1,
    /// FST: skeleton token → token postings.
    Tokens = 2,
    /// u32 alias numbers, addressed by the `names` and `skeletons` FSTs.
    KeyPostings = 3,
    /// u32 alias numbers, addressed by the `tokens` FST.
    TokenPostings = 4,
    /// Fixed-size alias records ([`ALIAS_RECORD_LEN`] bytes each).
    Aliases = 5,
    /// Fixed-size entity records ([`ENTITY_RECORD_LEN`] bytes each).
    Entities = 6,
    /// UTF-8 strings referenced by the records. Each alias's folded form
    /// is followed by the rarity weight ([`token_weight`], f32) of each of
    /// its tokens, in token order: scoring weighs every token of every
    /// candidate, and read beside the folded form they seldom cost a cache
    /// miss of their own.
    Strings = 7,
    /// One record per skeleton token, in `tokens` FST order: its FST value
    /// (u64) and its text as a string reference (offset u32, length u32).
    TokenTable = 8,
    /// FST: a skeleton token with one letter deleted → delete postings.
    Deletes = 9,
    /// u32 token numbers (rows of the token table), addressed by `deletes`.
    DeletePostings = 10,
    /// FST set: the generic words ("city", "district") as skeleton tokens.
    GenericWords = 11,
    /// Hash table of the token table: [`TOKEN_SLOT_LEN`]-byte slots, a
    /// power of two of them, each empty (0) or a token number plus one and
    /// the high half of the token's [`token_hash`], with linear probing.
    TokenSlots = 12,
    /// One byte per entry of [`SectionId::TokenPostings`], in the same
    /// order: the folded length of that alias, or 255 for 255 bytes or more
    /// (the alias record holds the exact length). Ranking candidates reads
    /// the length of every alias a query token reaches; read beside the
    /// posting list, the lengths come a cache line of 64 at a time, where
    /// a table in alias order cost a cache miss for nearly every alias.
    TokenPostingLengths = 13,
    /// A blocked Bloom filter over every key of the `names` and `skeletons`
    /// FSTs ([`key_filter_probe`]): whole blocks of [`KEY_FILTER_BLOCK`]
    /// bytes, a power of two of them. Most names asked are no key, and a
    /// walk of one FST node per byte of the key costs far more than one
    /// cache line read to rule a key out.
    KeyFilter = 14,
}

/// The bytes of one [`SectionId::KeyFilter`] block: one cache line.
pub const KEY_FILTER_BLOCK: usize = 64;
/// The bits a key sets in its block.
pub const KEY_FILTER_PROBES: usize = 6;
/// Filter bits per key, before the block count is rounded up to a power of
/// two: about one key in a hundred or fewer that is not in the filter passes.
pub const KEY_FILTER_BITS_PER_KEY: usize = 10;

/// Which FST a [`SectionId::KeyFilter`] key belongs to: the same text may be
/// a key of one and not of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A key of the `names` FST.
    Name,
    /// A key of the `skeletons` FST.
    Skeleton,
}

/// Where `key` of `kind` sits in a key filter of `blocks` blocks (a power of
/// two): its block and the bit within the block of each probe. Part of the
/// format: changing it needs a new format version.
pub fn key_filter_probe(
    kind: KeyKind,
    key: &[u8],
    blocks: usize,
) -> (usize, [u16; KEY_FILTER_PROBES]) {
    let seed = match kind {
        KeyKind::Name => 0x9e37_79b9_7f4a_7c15,
        KeyKind::Skeleton => 0xc2b2_ae3d_27d4_eb4f,
    };
    let h = seeded_hash(seed, key);
    let block = h as usize & blocks.saturating_sub(1);
    // The low bits chose the block; the bits come from a remix of all 64.
    let mut x = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let mut bits = [0u16; KEY_FILTER_PROBES];
    for bit in &mut bits {
        *bit = (x >> 55) as u16; // 9 bits: 0..512
        x <<= 9;
    }
    (block, bits)
}

/// The [`SectionId::TokenPostingLengths`] byte that sends a reader to the
/// alias record.
pub const LONG_ALIAS: u8 = u8::MAX;

/// Token hash table slot length.
pub const TOKEN_SLOT_LEN: usize = 8;

/// The hash of a token's bytes that places it in the token hash table:
/// FxHash-style word mixing, then the MurmurHash3 finaliser so that the
/// low bits, which pick the slot, depend on every byte. Part of the format:
/// changing it needs a new format version.
pub fn token_hash(bytes: &[u8]) -> u64 {
    seeded_hash(0, bytes)
}

/// [`token_hash`] started from `seed` (0 gives [`token_hash`]).
fn seeded_hash(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64 ^ seed;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Token table record length.
pub const TOKEN_RECORD_LEN: usize = 16;

/// Tokens shorter than this have no deletion keys: their edit budget is 0.
pub const MIN_DELETE_TOKEN_LEN: usize = 4;

/// A generic word is added to or dropped from at least this many names of
/// the same entity (see `build`), so it is in at least this many aliases.
pub const GENERIC_MIN_NAMES: u32 = 10;

/// What a generic word weighs against a specific one of the same rarity.
pub const GENERIC_WORD_WEIGHT: f32 = 0.5;

/// The rarity weight of a skeleton token of `skeleton_len` bytes that
/// `df` of the index's `aliases` hold: log inverse alias frequency; unseen
/// tokens weigh most, single letters (initials) least, and a generic word
/// ("district", "Emetab") half its rarity, so that a name with or without
/// one is still the same name ("Emetab Moldova" is Moldova). `df` is
/// asked only of tokens longer than one letter, `is_generic` only of tokens
/// frequent enough to be one. Part of the format: the index stores these
/// weights for every alias token.
pub fn token_weight(
    skeleton_len: usize,
    aliases: u32,
    df: impl FnOnce() -> u32,
    is_generic: impl FnOnce() -> bool,
) -> f32 {
    if skeleton_len <= 1 {
        return 0.5;
    }
    let df = df();
    let rarity = (1.0 + aliases.max(1) as f32 / (1.0 + df as f32)).ln();
    if df >= GENERIC_MIN_NAMES && is_generic() {
        GENERIC_WORD_WEIGHT * rarity
    } else {
        rarity
    }
}

/// Alias record: entity u32, text offset u32, folded-text offset u32, text
/// length u16, folded length u16, kind u8, surname token count u8, and the
/// number of token weights that follow the folded text in the string pool
/// (u16: one per token of the folded form).
pub const ALIAS_RECORD_LEN: usize = 20;

/// Entity record: id, name, type and country as (offset u32, length u32)
/// string references, then prominence f64, alias count u32 and 4 bytes
/// padding.
pub const ENTITY_RECORD_LEN: usize = 48;

/// Postings are addressed by one FST value: offset in the high 32 bits,
/// count in the low 32.
pub fn pack_postings(offset: u32, count: u32) -> u64 {
    (u64::from(offset) << 32) | u64::from(count)
}

/// The inverse of [`pack_postings`].
pub fn unpack_postings(value: u64) -> (u32, u32) {
    ((value >> 32) as u32, value as u32)
}

/// The kind of an alias, as the alias table's `kind` column names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum AliasKind {
    /// The entity's primary name.
    Name = 0,
    /// An ISO or IATA code.
    Code = 1,
    /// An "also known as" name.
    Aka = 2,
    /// A former name.
    Fka = 3,
    /// A low-quality a.k.a.
    WeakAka = 4,
    /// Any other alternate name.
    Alt = 5,
}

impl AliasKind {
    /// Parses the `kind` column; an empty cell means `alt`.
    pub fn parse(s: &str) -> Option<AliasKind> {
        Some(match s.trim() {
            "name" => AliasKind::Name,
            "code" => AliasKind::Code,
            "aka" => AliasKind::Aka,
            "fka" => AliasKind::Fka,
            "weak_aka" => AliasKind::WeakAka,
            "alt" | "" => AliasKind::Alt,
            _ => return None,
        })
    }

    /// Decodes the stored byte; unknown bytes read as `alt`.
    pub fn from_byte(b: u8) -> AliasKind {
        match b {
            0 => AliasKind::Name,
            1 => AliasKind::Code,
            2 => AliasKind::Aka,
            3 => AliasKind::Fka,
            4 => AliasKind::WeakAka,
            _ => AliasKind::Alt,
        }
    }

    /// The name used in the alias table.
    pub fn as_str(self) -> &'static str {
        match self {
            AliasKind::Name => "name",
            AliasKind::Code => "code",
            AliasKind::Aka => "aka",
            AliasKind::Fka => "fka",
            AliasKind::WeakAka => "weak_aka",
            AliasKind::Alt => "alt",
        }
    }
}

/// Where the checksum sits in the header.
pub const CRC_FIELD: std::ops::Range<usize> = 24..28;

/// The checksum of an index: CRC-32 of everything but the checksum field
/// itself, so that a damaged section table is caught as surely as a damaged
/// payload.
pub fn checksum(bytes: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&bytes[..CRC_FIELD.start.min(bytes.len())]);
    h.update(&[0; 4]);
    h.update(bytes.get(CRC_FIELD.end..).unwrap_or(&[]));
    h.finalize()
}

/// Reads a little-endian u32 at `at`, or `None` past the end.
pub fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads a little-endian u16 at `at`, or `None` past the end.
pub fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Reads a little-endian u64 at `at`, or `None` past the end.
pub fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_le_bytes(a))
}
