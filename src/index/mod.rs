//! The compiled index: open it, read entities and aliases, look up keys.

pub mod build;
pub mod format;

use crate::error::{Error, Result};
use crate::normalize::NORMALIZER_VERSION;
use format::{
    ALIAS_RECORD_LEN, AliasKind, CRC_FIELD, ENTITY_RECORD_LEN, FORMAT_VERSION, HEADER_LEN,
    KEY_FILTER_BLOCK, KeyKind, LONG_ALIAS, MAGIC, SECTION_COUNT, SectionId, TOKEN_RECORD_LEN,
    TOKEN_SLOT_LEN, checksum, key_filter_probe, read_u16, read_u32, read_u64, token_hash,
    unpack_postings,
};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

pub use build::{BuildStats, TableSource};

/// The default index, compiled from `data/` by the build script.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default.aka"));

/// Where an index's bytes live.
enum Backing {
    Static(&'static [u8]),
    Mmap(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Backing {
    fn bytes(&self) -> &[u8] {
        match self {
            Backing::Static(b) => b,
            Backing::Mmap(m) => m,
            Backing::Owned(v) => v,
        }
    }
}

/// A range of the shared index bytes, given to the `fst` crate.
#[derive(Clone)]
pub(crate) struct Section {
    backing: Arc<Backing>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        // The range was checked against the length when the index was opened.
        &self.backing.bytes()[self.range.clone()]
    }
}

/// A compiled alias table: entities, their aliases, and the automata that
/// find them.
///
/// Opening is cheap (a memory map and header checks); an `Index` is
/// `Send + Sync` and cloning it only bumps a reference count, so one index
/// serves any number of threads.
///
/// ```
/// let index = aka::Index::embedded()?;
/// assert!(index.entity_count() > 40_000);
/// # Ok::<(), aka::Error>(())
/// ```
#[derive(Clone)]
pub struct Index {
    backing: Arc<Backing>,
    source_name: Arc<str>,
    names: fst::Map<Section>,
    skeletons: fst::Map<Section>,
    tokens: fst::Map<Section>,
    deletes: fst::Map<Section>,
    generic: fst::Set<Section>,
    sections: [Range<usize>; SECTION_COUNT],
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("source", &self.source_name)
            .field("entities", &self.entity_count())
            .field("aliases", &self.alias_count())
            .finish()
    }
}

/// One entity of an index, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntityRef<'a> {
    /// Position in the entity table (the table's row order).
    pub number: u32,
    /// The stable id, e.g. `ofac:9760` or `country:BY`.
    pub id: &'a str,
    /// The canonical display name.
    pub name: &'a str,
    /// The entity type: `person`, `organization`, `country`, `city`, ….
    pub kind: &'a str,
    /// ISO 3166-1 alpha-2 country code, or empty.
    pub country: &'a str,
    /// Ranking prior (population for places); 0 when unknown.
    pub prominence: f64,
    /// How many aliases the entity has.
    pub alias_count: u32,
}

/// One alias of an index, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AliasRef<'a> {
    /// The entity number this alias names.
    pub entity: u32,
    /// The alias as the table wrote it.
    pub text: &'a str,
    /// The alias after [`fold`](crate::normalize::fold).
    pub folded: &'a str,
    /// The alias kind.
    pub kind: AliasKind,
    /// For `LAST, Given` person aliases, how many tokens form the surname;
    /// 0 when unknown.
    pub surname_tokens: u8,
}

impl Index {
    /// The default index of countries, cities and sanctioned persons and
    /// organisations, built into the binary from `data/`.
    pub fn embedded() -> Result<Index> {
        Index::from_backing(Backing::Static(EMBEDDED), "<embedded default index>", false)
    }

    /// Opens an index file by memory map and checks its header and checksum.
    ///
    /// The checksum pass reads the file once; it catches truncated and
    /// corrupted files before any lookup can trip over them.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: the map is read-only. If another process truncates or
        // rewrites the file while it is mapped, reads may fault (SIGBUS) or
        // see changed bytes; `aka build` never rewrites a file in place (it
        // renames a new file over the old one), which avoids that.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        Index::from_backing(Backing::Mmap(map), &path.display().to_string(), true)
    }

    /// Reads an index from bytes in memory, checking header and checksum.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Index> {
        Index::from_backing(Backing::Owned(bytes), "<memory>", true)
    }

    fn from_backing(backing: Backing, source_name: &str, verify: bool) -> Result<Index> {
        let bad = |problem: String| Error::bad_index(source_name, problem);
        let bytes = backing.bytes();
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(
                "not an aka index (wrong magic bytes); build one with 'aka build'".into(),
            ));
        }
        if bytes.len() < HEADER_LEN {
            return Err(bad(format!(
                "truncated: {} bytes, shorter than the header; rebuild it with 'aka build'",
                bytes.len()
            )));
        }
        let field = |at| read_u32(bytes, at).unwrap_or(0);
        let (format, normalizer) = (field(8), field(12));
        if format != FORMAT_VERSION {
            return Err(bad(format!(
                "index format version {format}, this aka reads version {FORMAT_VERSION}; rebuild it with 'aka build'"
            )));
        }
        if normalizer != NORMALIZER_VERSION {
            return Err(bad(format!(
                "made with normaliser version {normalizer}, this aka uses version {NORMALIZER_VERSION}; rebuild it with 'aka build'"
            )));
        }
        let payload_len = read_u64(bytes, 16).unwrap_or(u64::MAX);
        let expected_len = (HEADER_LEN as u64).checked_add(payload_len);
        if expected_len != Some(bytes.len() as u64) {
            return Err(bad(format!(
                "truncated or padded: the header promises {} bytes, the file has {}; rebuild it with 'aka build'",
                expected_len.map_or("too many".to_string(), |n| n.to_string()),
                bytes.len()
            )));
        }
        if field(28) as usize != SECTION_COUNT {
            return Err(bad(
                "corrupt section table; rebuild it with 'aka build'".into()
            ));
        }
        if verify && checksum(bytes) != field(CRC_FIELD.start) {
            return Err(bad(
                "corrupt: checksum mismatch; rebuild it with 'aka build'".into(),
            ));
        }
        let sections = read_section_table(bytes)
            .ok_or_else(|| bad("corrupt section table; rebuild it with 'aka build'".into()))?;
        let backing = Arc::new(backing);
        let map = |id: SectionId| {
            let section = Section {
                backing: Arc::clone(&backing),
                range: sections[id as usize].clone(),
            };
            fst::Map::new(section).map_err(|e| {
                bad(format!(
                    "corrupt key automaton: {e}; rebuild it with 'aka build'"
                ))
            })
        };
        let index = Index {
            generic: fst::Set::from(map(SectionId::GenericWords)?.into_fst()),
            names: map(SectionId::Names)?,
            skeletons: map(SectionId::Skeletons)?,
            tokens: map(SectionId::Tokens)?,
            deletes: map(SectionId::Deletes)?,
            backing: Arc::clone(&backing),
            source_name: source_name.into(),
            sections,
        };
        if index.section(SectionId::Aliases).len() % ALIAS_RECORD_LEN != 0
            || index.section(SectionId::Entities).len() % ENTITY_RECORD_LEN != 0
            || index.section(SectionId::TokenTable).len() % TOKEN_RECORD_LEN != 0
            || !is_slot_table(index.section(SectionId::TokenSlots).len())
            || index.section(SectionId::TokenPostingLengths).len()
                != index.section(SectionId::TokenPostings).len() / 4
            || !is_block_table(index.section(SectionId::KeyFilter).len())
        {
            return Err(bad(
                "corrupt record tables; rebuild it with 'aka build'".into()
            ));
        }
        Ok(index)
    }

    /// Recomputes the payload checksum: `Ok` when the bytes are intact.
    pub fn verify(&self) -> Result<()> {
        let bytes = self.backing.bytes();
        let stored = read_u32(bytes, CRC_FIELD.start).unwrap_or(0);
        if checksum(bytes) != stored {
            return Err(Error::bad_index(
                &self.source_name,
                "corrupt: checksum mismatch; rebuild it with 'aka build'",
            ));
        }
        Ok(())
    }

    /// Where the index came from: a path, `<memory>` or the embedded default.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The raw bytes of the index (what `aka build` writes).
    pub fn as_bytes(&self) -> &[u8] {
        self.backing.bytes()
    }

    /// Number of entities.
    pub fn entity_count(&self) -> u32 {
        (self.section(SectionId::Entities).len() / ENTITY_RECORD_LEN) as u32
    }

    /// Number of aliases.
    pub fn alias_count(&self) -> u32 {
        (self.section(SectionId::Aliases).len() / ALIAS_RECORD_LEN) as u32
    }

    fn section(&self, id: SectionId) -> &[u8] {
        &self.backing.bytes()[self.sections[id as usize].clone()]
    }

    fn string(&self, off: u32, len: u32) -> &str {
        std::str::from_utf8(self.string_bytes(off, len)).unwrap_or("")
    }

    /// The bytes of a string reference, unchecked; empty past the end.
    fn string_bytes(&self, off: u32, len: u32) -> &[u8] {
        let start = off as usize;
        self.section(SectionId::Strings)
            .get(start..start.saturating_add(len as usize))
            .unwrap_or_default()
    }

    /// The entity with this number, or `None` past the end.
    pub fn entity(&self, number: u32) -> Option<EntityRef<'_>> {
        let rec = self.entity_record(number)?;
        let s = |k: usize| {
            let (off, len) = string_ref(rec, k);
            self.string(off, len)
        };
        Some(EntityRef {
            number,
            id: s(0),
            name: s(1),
            kind: s(2),
            country: s(3),
            prominence: f64::from_bits(read_u64(rec, 32)?),
            alias_count: read_u32(rec, 40)?,
        })
    }

    /// The bytes of an entity's record, or `None` past the end.
    fn entity_record(&self, number: u32) -> Option<&[u8]> {
        let base = (number as usize).checked_mul(ENTITY_RECORD_LEN)?;
        self.section(SectionId::Entities)
            .get(base..base.checked_add(ENTITY_RECORD_LEN)?)
    }

    /// The bytes of an alias's record, or `None` past the end.
    fn alias_record(&self, number: u32) -> Option<&[u8]> {
        let base = (number as usize).checked_mul(ALIAS_RECORD_LEN)?;
        self.section(SectionId::Aliases)
            .get(base..base.checked_add(ALIAS_RECORD_LEN)?)
    }

    /// The alias with this number, or `None` past the end.
    pub fn alias(&self, number: u32) -> Option<AliasRef<'_>> {
        let r = self.alias_record(number)?;
        Some(AliasRef {
            entity: read_u32(r, 0)?,
            text: self.string(read_u32(r, 4)?, u32::from(read_u16(r, 12)?)),
            folded: self.string(read_u32(r, 8)?, u32::from(read_u16(r, 14)?)),
            kind: AliasKind::from_byte(r[16]),
            surname_tokens: r[17],
        })
    }

    /// An alias's kind, without reading its strings.
    pub(crate) fn alias_kind(&self, number: u32) -> Option<AliasKind> {
        self.alias_record(number)
            .map(|r| AliasKind::from_byte(r[16]))
    }

    /// The bytes of an alias's display text, unchecked, or `None` past the
    /// end.
    pub(crate) fn alias_text_bytes(&self, number: u32) -> Option<&[u8]> {
        let r = self.alias_record(number)?;
        Some(self.string_bytes(read_u32(r, 4)?, u32::from(read_u16(r, 12)?)))
    }

    /// What scoring reads of an alias: its entity, folded form, kind and
    /// surname length, without checking the display text.
    pub(crate) fn alias_for_scoring(&self, number: u32) -> Option<(&str, AliasKind, u8)> {
        let r = self.alias_record(number)?;
        let folded = self.string(read_u32(r, 8)?, u32::from(read_u16(r, 14)?));
        Some((folded, AliasKind::from_byte(r[16]), r[17]))
    }

    /// Reads the first byte of each alias's record and of its folded text,
    /// so that reading them in earnest finds them in the cache. One alias's
    /// loads do not wait for another's, so their cache misses overlap here
    /// instead of stalling scoring one after another. Alias numbers past
    /// the end are passed over.
    pub(crate) fn warm_aliases(&self, numbers: impl IntoIterator<Item = u32>) {
        let strings = self.section(SectionId::Strings);
        let mixed = numbers.into_iter().fold(0u8, |mixed, number| {
            let Some(r) = self.alias_record(number) else {
                return mixed;
            };
            let text = read_u32(r, 8).and_then(|off| strings.get(off as usize));
            mixed ^ r[16] ^ text.copied().unwrap_or(0)
        });
        // Keeps the loads from being optimised away.
        std::hint::black_box(mixed);
    }

    /// Tells this index (and its clones) from any other alive at the same
    /// time: where its bytes live, their length and their checksum.
    pub(crate) fn identity(&self) -> (usize, usize, u32) {
        let bytes = self.backing.bytes();
        let crc = bytes
            .get(format::CRC_FIELD)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes);
        (Arc::as_ptr(&self.backing) as usize, bytes.len(), crc)
    }

    /// An entity's prominence and alias count, without reading its strings.
    pub(crate) fn entity_rank(&self, number: u32) -> Option<(f64, u32)> {
        let rec = self.entity_record(number)?;
        Some((f64::from_bits(read_u64(rec, 32)?), read_u32(rec, 40)?))
    }

    /// An entity's type and country, as bytes, without reading (or
    /// checking) its other strings: what a type or country filter needs.
    pub(crate) fn entity_kind_country(&self, number: u32) -> Option<(&[u8], &[u8])> {
        let rec = self.entity_record(number)?;
        let s = |k: usize| {
            let (off, len) = string_ref(rec, k);
            self.string_bytes(off, len)
        };
        Some((s(2), s(3)))
    }

    /// The entity number of an alias, without reading its strings.
    pub(crate) fn alias_entity(&self, number: u32) -> Option<u32> {
        let base = (number as usize).checked_mul(ALIAS_RECORD_LEN)?;
        read_u32(self.section(SectionId::Aliases), base)
    }

    /// The stored weights of alias `number`'s tokens, one per token of its
    /// folded form (they follow it in [`SectionId::Strings`]); `None` when
    /// they would run past the string pool.
    pub(crate) fn alias_token_weights(
        &self,
        number: u32,
    ) -> Option<impl Iterator<Item = f32> + '_> {
        let r = self.alias_record(number)?;
        let start = (read_u32(r, 8)? as usize).checked_add(usize::from(read_u16(r, 14)?))?;
        let len = usize::from(read_u16(r, 18)?).checked_mul(4)?;
        let bytes = self
            .section(SectionId::Strings)
            .get(start..start.checked_add(len)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        )
    }

    /// The folded length in bytes of alias `number`, given the length byte
    /// that [`token_postings_with_lengths`](Self::token_postings_with_lengths)
    /// gave with it: only a long alias has its record read.
    pub(crate) fn alias_folded_len(&self, number: u32, length: u8) -> Option<u16> {
        match length {
            LONG_ALIAS => folded_len_in(self.section(SectionId::Aliases), number),
            len => Some(u16::from(len)),
        }
    }

    /// All entities, in table order.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        (0..self.entity_count()).filter_map(|n| self.entity(n))
    }

    /// Finds an entity by its id (a linear scan; meant for tools and tests).
    pub fn entity_by_id(&self, id: &str) -> Option<EntityRef<'_>> {
        self.entities().find(|e| e.id == id)
    }

    /// Alias numbers whose folded form (or reordered `First LAST` form) is
    /// exactly `folded`.
    pub(crate) fn names_exact(&self, folded: &str) -> Postings<'_> {
        let value = self
            .may_be_key(KeyKind::Name, folded)
            .then(|| self.names.get(folded))
            .flatten();
        self.postings(SectionId::KeyPostings, value)
    }

    /// Alias numbers whose skeleton key is exactly `skeleton`.
    pub(crate) fn skeletons_exact(&self, skeleton: &str) -> Postings<'_> {
        let value = self
            .may_be_key(KeyKind::Skeleton, skeleton)
            .then(|| self.skeletons.get(skeleton))
            .flatten();
        self.postings(SectionId::KeyPostings, value)
    }

    /// Whether `key` may be a key of the `kind` FST: false only when it is
    /// not, so that its walk is saved ([`SectionId::KeyFilter`]).
    fn may_be_key(&self, kind: KeyKind, key: &str) -> bool {
        let filter = self.section(SectionId::KeyFilter);
        let blocks = filter.len() / KEY_FILTER_BLOCK;
        if blocks == 0 {
            return true;
        }
        let (block, bits) = key_filter_probe(kind, key.as_bytes(), blocks);
        let Some(block) = filter.get(block * KEY_FILTER_BLOCK..(block + 1) * KEY_FILTER_BLOCK)
        else {
            return true;
        };
        // A bit is below 512, so its byte is within the 64 of the block.
        bits.iter()
            .all(|&bit| block[usize::from(bit / 8)] & (1 << (bit % 8)) != 0)
    }

    /// The `tokens` FST value (postings address) of a skeleton token, from
    /// the token hash table: a hash and a probe or two instead of a walk of
    /// one FST node per byte.
    pub(crate) fn token_value(&self, skeleton_token: &str) -> Option<u64> {
        let slots = self.section(SectionId::TokenSlots);
        let slot_count = slots.len() / TOKEN_SLOT_LEN;
        if slot_count == 0 {
            return None;
        }
        let token = skeleton_token.as_bytes();
        let h = token_hash(token);
        let check = (h >> 32) as u32;
        let mut i = h as usize & (slot_count - 1);
        // At most one pass over the table, even if a damaged one is full.
        for _ in 0..slot_count {
            let number = read_u32(slots, i * TOKEN_SLOT_LEN)?;
            if number == 0 {
                return None;
            }
            if read_u32(slots, i * TOKEN_SLOT_LEN + 4)? == check {
                match self.token_row_bytes(number - 1) {
                    Some((value, text)) if text == token => return Some(value),
                    _ => {}
                }
            }
            i = (i + 1) & (slot_count - 1);
        }
        None
    }

    /// Token numbers whose skeleton, with one letter deleted, is `key`.
    pub(crate) fn deletion_neighbours(&self, key: &str) -> Postings<'_> {
        self.postings(SectionId::DeletePostings, self.deletes.get(key))
    }

    /// A token-table row: the token's `tokens` FST value and its text.
    #[cfg(test)]
    pub(crate) fn token_row(&self, number: u32) -> Option<(u64, &str)> {
        let (value, bytes) = self.token_row_bytes(number)?;
        Some((value, std::str::from_utf8(bytes).unwrap_or("")))
    }

    /// A token-table row with the token's text as bytes, unchecked: for
    /// comparisons that read bytes anyway.
    pub(crate) fn token_row_bytes(&self, number: u32) -> Option<(u64, &[u8])> {
        let table = self.section(SectionId::TokenTable);
        let base = (number as usize).checked_mul(TOKEN_RECORD_LEN)?;
        let value = read_u64(table, base)?;
        let text = self.string_bytes(read_u32(table, base + 8)?, read_u32(table, base + 12)?);
        Some((value, text))
    }

    /// The `tokens` FST (skeleton token → token postings), for walks that
    /// an automaton would make dearer.
    pub(crate) fn tokens_fst(&self) -> &fst::raw::Fst<Section> {
        self.tokens.as_fst()
    }

    /// Whether some key of the `names` FST starts with `prefix`: a walk of
    /// one node per byte, without a stream.
    pub(crate) fn has_name_prefix(&self, prefix: &[u8]) -> bool {
        let fst = self.names.as_fst();
        let mut node = fst.root();
        for &b in prefix {
            match node.find_input(b) {
                Some(i) => node = fst.node(node.transition_addr(i)),
                None => return false,
            }
        }
        true
    }

    /// Calls `found` with every key of the `names` FST (folded aliases and
    /// their other keyed forms) that starts with `prefix`, and its alias
    /// numbers, in key order, until it returns `false`.
    pub(crate) fn names_with_prefix(
        &self,
        prefix: &[u8],
        mut found: impl FnMut(&[u8], Postings<'_>) -> bool,
    ) {
        use fst::{IntoStreamer, Streamer};
        let range = self.names.range().ge(prefix);
        let range = match prefix_end(prefix) {
            Some(end) => range.lt(end),
            None => range,
        };
        let mut stream = range.into_stream();
        while let Some((key, value)) = stream.next() {
            if !found(key, self.postings(SectionId::KeyPostings, Some(value))) {
                break;
            }
        }
    }

    /// Alias numbers containing a skeleton token, addressed by a `tokens` FST value.
    pub(crate) fn token_postings(&self, value: u64) -> Postings<'_> {
        self.postings(SectionId::TokenPostings, Some(value))
    }

    /// The aliases of a `tokens` FST value, each with the byte that
    /// [`alias_folded_len`](Self::alias_folded_len) reads its folded length
    /// from. A damaged length table gives no aliases.
    pub(crate) fn token_postings_with_lengths(
        &self,
        value: u64,
    ) -> impl Iterator<Item = (u32, u8)> + '_ {
        let aliases = self.token_postings(value);
        let (off, count) = unpack_postings(value);
        let start = off as usize;
        let lengths = self
            .section(SectionId::TokenPostingLengths)
            .get(start..start.saturating_add(count as usize))
            .filter(|l| l.len() == aliases.len())
            .unwrap_or(&[]);
        aliases.values().zip(lengths.iter().copied())
    }

    /// How many aliases contain this skeleton token.
    pub(crate) fn token_frequency(&self, skeleton_token: &str) -> u32 {
        self.token_value(skeleton_token)
            .map_or(0, |v| unpack_postings(v).1)
    }

    /// Whether this skeleton token is a generic word of the table ("city",
    /// "district": see `aka build`), which scoring weighs less.
    pub(crate) fn is_generic_word(&self, skeleton_token: &str) -> bool {
        self.generic.contains(skeleton_token)
    }

    fn postings(&self, id: SectionId, value: Option<u64>) -> Postings<'_> {
        let bytes = self.section(id);
        let Some(value) = value else {
            return Postings { bytes: &[] };
        };
        let (off, count) = unpack_postings(value);
        let start = (off as usize).saturating_mul(4);
        let end = start.saturating_add((count as usize).saturating_mul(4));
        Postings {
            bytes: bytes.get(start..end).unwrap_or(&[]),
        }
    }
}

fn read_section_table(bytes: &[u8]) -> Option<[Range<usize>; SECTION_COUNT]> {
    let mut out: [Range<usize>; SECTION_COUNT] = Default::default();
    for (k, slot) in out.iter_mut().enumerate() {
        let off = usize::try_from(read_u64(bytes, 32 + 16 * k)?).ok()?;
        let len = usize::try_from(read_u64(bytes, 40 + 16 * k)?).ok()?;
        let end = off.checked_add(len)?;
        if off < HEADER_LEN || end > bytes.len() {
            return None;
        }
        *slot = off..end;
    }
    Some(out)
}

/// Whether a key filter of `len` bytes is whole blocks, a power of two of
/// them.
fn is_block_table(len: usize) -> bool {
    len % KEY_FILTER_BLOCK == 0 && (len / KEY_FILTER_BLOCK).is_power_of_two()
}

/// Whether a token hash table of `len` bytes is a power of two of slots
/// (or none, for an index without tokens).
fn is_slot_table(len: usize) -> bool {
    len % TOKEN_SLOT_LEN == 0 && (len == 0 || (len / TOKEN_SLOT_LEN).is_power_of_two())
}

/// String reference `k` (offset, length) of an entity record: 0 id, 1 name,
/// 2 type, 3 country.
fn string_ref(rec: &[u8], k: usize) -> (u32, u32) {
    (
        read_u32(rec, 8 * k).unwrap_or(0),
        read_u32(rec, 8 * k + 4).unwrap_or(0),
    )
}

/// The first key past every key that starts with `prefix`, or `None` when
/// no such key exists (an empty prefix, or one of `0xFF` bytes only).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while end.last() == Some(&u8::MAX) {
        end.pop();
    }
    *end.last_mut()? += 1;
    Some(end)
}

/// A list of alias numbers read straight from the index bytes.
#[derive(Clone, Copy)]
pub(crate) struct Postings<'a> {
    bytes: &'a [u8],
}

/// The folded length in the alias record `number` of `records`.
fn folded_len_in(records: &[u8], number: u32) -> Option<u16> {
    let base = (number as usize).checked_mul(ALIAS_RECORD_LEN)?;
    read_u16(records, base + 14)
}

fn read_posting(c: &[u8]) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
}

impl<'a> Postings<'a> {
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.values()
    }

    /// The number of alias numbers.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len() / 4
    }

    /// The alias numbers, borrowing the index rather than this list.
    pub(crate) fn values(self) -> impl Iterator<Item = u32> + 'a {
        // An opaque type keeps `read_posting` a function item that inlines;
        // named as a `fn` pointer, it was a call per alias number.
        self.bytes.chunks_exact(4).map(read_posting)
    }
}

/// Builds an index from two CSV files and writes it to `out` atomically
/// (a temporary file in the same folder, renamed on success).
pub fn build_file(entities: &Path, aliases: &Path, out: &Path) -> Result<BuildStats> {
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| Error::io(p, e));
    let (bytes, stats) = build::build_index(
        TableSource {
            name: entities.display().to_string(),
            reader: std::io::BufReader::new(open(entities)?),
        },
        TableSource {
            name: aliases.display().to_string(),
            reader: std::io::BufReader::new(open(aliases)?),
        },
    )?;
    crate::atomic_write(out, |w| std::io::Write::write_all(w, &bytes))?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_hash_table_finds_exactly_the_tokens_of_the_fst() {
        use fst::Streamer;
        let index = Index::embedded().expect("the embedded index opens");
        let mut stream = index.tokens.stream();
        let mut tokens = 0;
        while let Some((key, value)) = stream.next() {
            let token = std::str::from_utf8(key).expect("tokens are UTF-8");
            assert_eq!(index.token_value(token), Some(value), "{token}");
            // Its one-letter deletions are tokens exactly when the FST says so.
            if tokens % 97 == 0 && token.is_ascii() {
                for i in 0..token.len() {
                    let shorter = format!("{}{}", &token[..i], &token[i + 1..]);
                    assert_eq!(index.token_value(&shorter), index.tokens.get(&shorter));
                }
            }
            tokens += 1;
        }
        assert_eq!(tokens, index.tokens.len());
        assert_eq!(index.token_value(""), None);
    }

    #[test]
    fn a_damaged_token_hash_table_is_rejected_or_finds_nothing_wrong() {
        let bytes = Index::embedded().expect("embedded").as_bytes().to_vec();
        let at = |bytes: &[u8]| {
            let table = HEADER_LEN - 16 * SECTION_COUNT;
            let entry = table + 16 * SectionId::TokenSlots as usize;
            let offset = read_u64(bytes, entry).expect("offset") as usize;
            let len = read_u64(bytes, entry + 8).expect("length") as usize;
            (entry, offset, len)
        };
        // Damage that the checksum does not catch (it is recomputed).
        let resealed = |mut bytes: Vec<u8>| {
            let crc = checksum(&bytes);
            bytes[CRC_FIELD].copy_from_slice(&crc.to_le_bytes());
            Index::from_bytes(bytes)
        };
        // A table that is no power of two of slots.
        let mut short = bytes.clone();
        let (entry, _, len) = at(&short);
        short[entry + 8..entry + 16]
            .copy_from_slice(&((len - TOKEN_SLOT_LEN) as u64).to_le_bytes());
        assert!(resealed(short).is_err());
        // Every slot full and pointing past the token table: each lookup
        // ends after one pass, finding nothing.
        let mut full = bytes;
        let (_, offset, len) = at(&full);
        for slot in full[offset..offset + len].chunks_mut(TOKEN_SLOT_LEN) {
            slot[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        let index = resealed(full).expect("slots are read lazily");
        assert_eq!(index.token_value("minsk"), None);
    }

    #[test]
    fn the_posting_length_table_gives_each_alias_its_folded_length() {
        let index = Index::embedded().expect("embedded");
        let mut postings = 0;
        let mut tokens = index.tokens_fst().stream();
        while let Some((token, output)) = fst::Streamer::next(&mut tokens) {
            let value = output.value();
            let with_lengths: Vec<(u32, u8)> = index.token_postings_with_lengths(value).collect();
            let aliases: Vec<u32> = index.token_postings(value).values().collect();
            assert_eq!(with_lengths.len(), aliases.len(), "{token:?}");
            for (alias, length) in with_lengths {
                let folded = index.alias(alias).expect("alias").folded.len();
                let got = index.alias_folded_len(alias, length).map(usize::from);
                assert_eq!(got, Some(folded), "alias {alias}");
                postings += 1;
            }
        }
        assert!(postings > index.alias_count() as usize);
        // The escape byte sends the reader to the record, which holds every
        // alias's exact length.
        for n in (0..index.alias_count()).step_by(97) {
            let folded = index.alias(n).expect("alias").folded.len();
            let got = index.alias_folded_len(n, LONG_ALIAS).map(usize::from);
            assert_eq!(got, Some(folded), "alias {n}");
        }
    }

    /// The error of opening the embedded index with section `id` made
    /// `by` bytes shorter in the section table and the checksum resealed.
    fn error_with_section_shortened(id: SectionId, by: u64) -> String {
        let mut bytes = Index::embedded().expect("embedded").as_bytes().to_vec();
        let entry = HEADER_LEN - 16 * SECTION_COUNT + 16 * id as usize;
        let len = read_u64(&bytes, entry + 8).expect("length");
        bytes[entry + 8..entry + 16].copy_from_slice(&(len - by).to_le_bytes());
        let crc = checksum(&bytes);
        bytes[CRC_FIELD].copy_from_slice(&crc.to_le_bytes());
        Index::from_bytes(bytes)
            .expect_err("a short table")
            .to_string()
    }

    #[test]
    fn the_key_filter_passes_every_key_and_few_others() {
        let index = Index::embedded().expect("embedded");
        let mut keys = 0;
        let mut others = 0;
        let mut others_passed = 0;
        for (kind, fst) in [
            (KeyKind::Name, index.names.as_fst()),
            (KeyKind::Skeleton, index.skeletons.as_fst()),
        ] {
            let mut stream = fst.stream();
            while let Some((key, _)) = fst::Streamer::next(&mut stream) {
                let key = std::str::from_utf8(key).expect("keys are text");
                assert!(index.may_be_key(kind, key), "{kind:?} key {key:?}");
                keys += 1;
                // The key with a letter added is seldom a key itself.
                if keys % 10 == 0 {
                    let other = format!("{key}q");
                    if fst.get(&other).is_none() {
                        others += 1;
                        others_passed += usize::from(index.may_be_key(kind, &other));
                    }
                }
            }
        }
        assert!(keys > index.alias_count() as usize);
        assert!(
            others_passed * 50 < others,
            "{others_passed} of {others} non-keys passed"
        );
    }

    #[test]
    fn warming_aliases_passes_over_numbers_past_the_end() {
        let index = Index::embedded().expect("embedded");
        let last = index.alias_count() - 1;
        index.warm_aliases([0, last, last + 1, u32::MAX]);
        assert!(index.alias(last).is_some() && index.alias(last + 1).is_none());
    }

    #[test]
    fn a_key_filter_of_the_wrong_size_is_rejected() {
        let err = error_with_section_shortened(SectionId::KeyFilter, 1);
        assert!(err.contains("rebuild"), "{err}");
    }

    #[test]
    fn a_posting_length_table_of_the_wrong_size_is_rejected() {
        let err = error_with_section_shortened(SectionId::TokenPostingLengths, 1);
        assert!(err.contains("rebuild"), "{err}");
    }

    #[test]
    fn stored_token_weights_are_the_weights_of_each_alias_token() {
        let index = Index::embedded().expect("embedded");
        let resolver = crate::Resolver::builder(index.clone()).build();
        let mut skeleton = String::new();
        for n in (0..index.alias_count()).step_by(7) {
            let alias = index.alias(n).expect("alias");
            let stored: Vec<f32> = index.alias_token_weights(n).expect("weights").collect();
            let computed: Vec<f32> = crate::normalize::tokens(alias.folded)
                .map(|t| {
                    skeleton.clear();
                    crate::normalize::skeleton_token(t, &mut skeleton);
                    resolver.token_weight(&skeleton)
                })
                .collect();
            assert_eq!(stored, computed, "alias {n} {:?}", alias.folded);
        }
        assert!(index.alias_token_weights(index.alias_count()).is_none());
    }

    #[test]
    fn token_weights_that_run_past_the_string_pool_are_not_read() {
        let index = Index::embedded().expect("embedded");
        let mut bytes = index.as_bytes().to_vec();
        let last = index.alias_count() - 1;
        let records = index.sections[SectionId::Aliases as usize].clone();
        // The folded form's offset, after which the weights are read.
        let offset = records.start + last as usize * ALIAS_RECORD_LEN + 8;
        bytes[offset..offset + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let crc = checksum(&bytes);
        bytes[CRC_FIELD].copy_from_slice(&crc.to_le_bytes());
        let damaged = Index::from_bytes(bytes).expect("weights are read lazily");
        assert!(damaged.alias_token_weights(last).is_none());
        assert!(damaged.alias_token_weights(0).is_some());
    }
}
