//! Compiles an alias table (entities + aliases CSV) into index bytes.
//!
//! This file is also compiled into `build.rs`, which makes the embedded
//! default index from `data/`, so it depends only on `crate::error`,
//! `crate::normalize` and `super::format`.

use super::format::{
    ALIAS_RECORD_LEN, AliasKind, CRC_FIELD, ENTITY_RECORD_LEN, FORMAT_VERSION, GENERIC_MIN_NAMES,
    HEADER_LEN, KEY_FILTER_BITS_PER_KEY, KEY_FILTER_BLOCK, KeyKind, LONG_ALIAS, MAGIC,
    MIN_DELETE_TOKEN_LEN, SECTION_COUNT, SectionId, TOKEN_SLOT_LEN, checksum, key_filter_probe,
    pack_postings, token_hash, token_weight, unpack_postings,
};
use crate::error::{Error, Result};
use crate::normalize::{self, NORMALIZER_VERSION};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// The columns of the entities table: required first, then optional.
pub const ENTITY_COLUMNS: [&str; 5] = ["id", "type", "name", "country", "prominence"];
const ENTITY_REQUIRED: usize = 3;
/// The columns of the aliases table: required first, then optional.
pub const ALIAS_COLUMNS: [&str; 3] = ["entity_id", "alias", "kind"];
const ALIAS_REQUIRED: usize = 2;

/// An input table: a display name for messages and its bytes.
pub struct TableSource<R> {
    /// Shown in error messages (usually the path).
    pub name: String,
    /// The CSV bytes.
    pub reader: R,
}

/// What a build read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Entities read.
    pub entities: usize,
    /// Aliases indexed (including entity names that had no alias row).
    pub aliases: usize,
    /// Alias rows that repeated an (entity, alias) pair already read.
    pub duplicate_aliases: usize,
    /// Alias rows with no letter or digit at all, which no query can reach.
    pub unsearchable_aliases: usize,
    /// Distinct lookup keys (folded and skeleton forms).
    pub keys: usize,
    /// Distinct skeleton tokens.
    pub tokens: usize,
    /// Generic words ("city", "district"), which scoring weighs less.
    pub generic_words: usize,
    /// Size of the index in bytes.
    pub bytes: usize,
}

struct Entity {
    id: String,
    name: String,
    kind: String,
    country: String,
    prominence: f64,
    alias_count: u32,
}

struct Alias {
    entity: u32,
    text: String,
    folded: String,
    kind: AliasKind,
    surname_tokens: u8,
}

/// Reads both tables and returns the index bytes.
///
/// Errors name the file and line of the first bad row: a malformed or
/// ragged CSV row, invalid UTF-8, a missing column, an empty or duplicate
/// entity id, an alias of an unknown entity, an unknown alias kind, or a
/// table with no rows.
pub fn build_index<E: Read, A: Read>(
    entities: TableSource<E>,
    aliases: TableSource<A>,
) -> Result<(Vec<u8>, BuildStats)> {
    let mut stats = BuildStats::default();
    let (mut ents, by_id) = read_entities(entities)?;
    let mut als = read_aliases(aliases, &by_id, &mut ents, &mut stats)?;
    add_missing_names(&mut ents, &mut als);
    stats.entities = ents.len();
    stats.aliases = als.len();
    let bytes = write_index(&ents, &als, &mut stats)?;
    stats.bytes = bytes.len();
    Ok((bytes, stats))
}

/// Finds each wanted column in the header; the first `required` must exist.
fn column_positions(
    file: &str,
    header: &csv::StringRecord,
    wanted: &[&str],
    required: usize,
) -> Result<Vec<Option<usize>>> {
    let found: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut positions = Vec::with_capacity(wanted.len());
    for (n, want) in wanted.iter().enumerate() {
        let pos = found.iter().position(|h| h == want);
        if pos.is_none() && n < required {
            return Err(Error::MissingColumn {
                file: file.to_string(),
                missing: want.to_string(),
                found: header.iter().collect::<Vec<_>>().join(", "),
                expected: wanted.join(", "),
            });
        }
        positions.push(pos);
    }
    Ok(positions)
}

fn reader_for<R: Read>(file: &str, reader: R) -> Result<(csv::Reader<R>, csv::StringRecord)> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(reader);
    let header = rdr.headers().map_err(|e| Error::csv(file, e))?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].trim().is_empty()) {
        return Err(Error::EmptyTable {
            file: file.to_string(),
        });
    }
    Ok((rdr, header))
}

fn field(rec: &csv::StringRecord, pos: Option<usize>) -> &str {
    pos.and_then(|p| rec.get(p)).unwrap_or("").trim()
}

/// Names and ids never span lines; a line break inside one is almost always
/// a quote left open, which would swallow the rows after it.
fn check_no_line_breaks(file: &str, line: u64, rec: &csv::StringRecord) -> Result<()> {
    match rec.iter().position(|f| f.contains(['\n', '\r'])) {
        Some(col) => Err(Error::table(
            file,
            line,
            format!(
                "field {} contains a line break; is a quote (\") left open?",
                col + 1
            ),
        )),
        None => Ok(()),
    }
}

fn read_entities<R: Read>(src: TableSource<R>) -> Result<(Vec<Entity>, HashMap<String, u32>)> {
    let file = src.name.as_str();
    let (mut rdr, header) = reader_for(file, src.reader)?;
    let cols = column_positions(file, &header, &ENTITY_COLUMNS, ENTITY_REQUIRED)?;
    let mut ents = Vec::new();
    let mut by_id: HashMap<String, u32> = HashMap::new();
    let mut first_line: Vec<u64> = Vec::new();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| Error::csv(file, e))? {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        check_no_line_breaks(file, line, &rec)?;
        let id = field(&rec, cols[0]);
        let kind = field(&rec, cols[1]);
        let name = field(&rec, cols[2]);
        for (what, value) in [("id", id), ("type", kind), ("name", name)] {
            if value.is_empty() {
                return Err(Error::table(
                    file,
                    line,
                    format!("empty '{what}'; every entity needs an id, a type and a name"),
                ));
            }
        }
        let prominence = match field(&rec, cols[4]) {
            "" => 0.0,
            p => match p.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => v,
                _ => {
                    return Err(Error::table(
                        file,
                        line,
                        format!(
                            "prominence '{p}' is not a non-negative number; leave it empty or write e.g. 2000000"
                        ),
                    ));
                }
            },
        };
        if let Some(&prev) = by_id.get(id) {
            return Err(Error::table(
                file,
                line,
                format!(
                    "duplicate entity id '{id}' (first on line {}); ids must be unique",
                    first_line[prev as usize]
                ),
            ));
        }
        let n = u32::try_from(ents.len())
            .map_err(|_| Error::table(file, line, "too many entities (more than 4 billion)"))?;
        by_id.insert(id.to_string(), n);
        first_line.push(line);
        ents.push(Entity {
            id: id.to_string(),
            name: name.to_string(),
            kind: kind.to_lowercase(),
            country: field(&rec, cols[3]).to_uppercase(),
            prominence,
            alias_count: 0,
        });
    }
    if ents.is_empty() {
        return Err(Error::EmptyTable {
            file: file.to_string(),
        });
    }
    Ok((ents, by_id))
}

fn read_aliases<R: Read>(
    src: TableSource<R>,
    by_id: &HashMap<String, u32>,
    ents: &mut [Entity],
    stats: &mut BuildStats,
) -> Result<Vec<Alias>> {
    let file = src.name.as_str();
    let (mut rdr, header) = reader_for(file, src.reader)?;
    let cols = column_positions(file, &header, &ALIAS_COLUMNS, ALIAS_REQUIRED)?;
    let mut als = Vec::new();
    let mut seen: HashSet<(u32, String)> = HashSet::new();
    let mut rows = 0usize;
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| Error::csv(file, e))? {
        rows += 1;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        check_no_line_breaks(file, line, &rec)?;
        let entity_id = field(&rec, cols[0]);
        let text = field(&rec, cols[1]);
        let Some(&entity) = by_id.get(entity_id) else {
            return Err(Error::table(
                file,
                line,
                format!(
                    "alias of unknown entity '{entity_id}'; add the entity to the entities table or remove the row"
                ),
            ));
        };
        if text.is_empty() {
            return Err(Error::table(
                file,
                line,
                "empty alias; remove the row or fill in the alias",
            ));
        }
        if text.len() > usize::from(u16::MAX) {
            return Err(Error::table(file, line, "alias longer than 65535 bytes"));
        }
        let kind_text = field(&rec, cols[2]);
        let Some(kind) = AliasKind::parse(kind_text) else {
            return Err(Error::table(
                file,
                line,
                format!(
                    "unknown alias kind '{kind_text}'; use one of name, code, aka, fka, weak_aka, alt (or leave it empty)"
                ),
            ));
        };
        if !seen.insert((entity, text.to_string())) {
            stats.duplicate_aliases += 1;
            continue;
        }
        let folded = normalize::fold(text);
        if folded.is_empty() {
            stats.unsearchable_aliases += 1;
            continue;
        }
        let e = &mut ents[entity as usize];
        e.alias_count += 1;
        als.push(Alias {
            entity,
            surname_tokens: surname_tokens(&e.kind, text),
            text: text.to_string(),
            folded,
            kind,
        });
    }
    if rows == 0 {
        return Err(Error::EmptyTable {
            file: file.to_string(),
        });
    }
    Ok(als)
}

/// For a person's alias written `LAST, Given`, the number of surname tokens;
/// 0 when the alias does not say.
fn surname_tokens(entity_type: &str, text: &str) -> u8 {
    if entity_type != "person" {
        return 0;
    }
    match text.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() => {
            let n = normalize::tokens(&normalize::fold(last)).count();
            u8::try_from(n).unwrap_or(u8::MAX)
        }
        _ => 0,
    }
}

/// Makes every entity findable by its display name, even when the alias
/// table does not list that name.
fn add_missing_names(ents: &mut [Entity], als: &mut Vec<Alias>) {
    let mut has_name = vec![false; ents.len()];
    for a in als.iter() {
        if a.text == ents[a.entity as usize].name {
            has_name[a.entity as usize] = true;
        }
    }
    for (n, e) in ents.iter_mut().enumerate() {
        let folded = normalize::fold(&e.name);
        if has_name[n] || folded.is_empty() {
            continue;
        }
        e.alias_count += 1;
        als.push(Alias {
            // n < ents.len(), which read_entities checked fits in u32.
            entity: n as u32,
            text: e.name.clone(),
            folded,
            kind: AliasKind::Name,
            surname_tokens: 0,
        });
    }
}

/// Appends strings to the pool, sharing repeated short ones (types, countries).
#[derive(Default)]
struct StringPool {
    bytes: Vec<u8>,
    interned: HashMap<String, (u32, u32)>,
}

impl StringPool {
    fn add(&mut self, s: &str) -> Result<(u32, u32)> {
        self.add_bytes(s.as_bytes())
    }

    /// Appends `bytes`: a string, or an alias's token weights.
    fn add_bytes(&mut self, bytes: &[u8]) -> Result<(u32, u32)> {
        let too_large = || {
            Error::InvalidArgument("alias table too large: the string pool exceeds 4 GiB".into())
        };
        let off = u32::try_from(self.bytes.len()).map_err(|_| too_large())?;
        let len = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        self.bytes.extend_from_slice(bytes);
        Ok((off, len))
    }

    fn intern(&mut self, s: &str) -> Result<(u32, u32)> {
        if let Some(&r) = self.interned.get(s) {
            return Ok(r);
        }
        let r = self.add(s)?;
        self.interned.insert(s.to_string(), r);
        Ok(r)
    }
}

/// Builds one FST over (key, alias) pairs and appends the postings.
fn build_fst(mut pairs: Vec<(String, u32)>, postings: &mut Vec<u32>) -> Result<(Vec<u8>, usize)> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut builder = fst::MapBuilder::memory();
    let mut keys = 0;
    let mut i = 0;
    while i < pairs.len() {
        let key = &pairs[i].0;
        let start = postings.len();
        while i < pairs.len() && pairs[i].0 == *key {
            postings.push(pairs[i].1);
            i += 1;
        }
        let too_big =
            || Error::InvalidArgument("alias table too large: more than 4 billion postings".into());
        let off = u32::try_from(start).map_err(|_| too_big())?;
        let count = u32::try_from(postings.len() - start).map_err(|_| too_big())?;
        builder
            .insert(key.as_bytes(), pack_postings(off, count))
            .map_err(|e| {
                Error::InvalidArgument(format!("building the key automaton failed: {e}"))
            })?;
        keys += 1;
    }
    let bytes = builder
        .into_inner()
        .map_err(|e| Error::InvalidArgument(format!("building the key automaton failed: {e}")))?;
    Ok((bytes, keys))
}

fn write_index(ents: &[Entity], als: &[Alias], stats: &mut BuildStats) -> Result<Vec<u8>> {
    let mut name_pairs = Vec::with_capacity(als.len() * 2);
    let mut skel_pairs = Vec::with_capacity(als.len() * 2);
    let mut token_pairs = Vec::with_capacity(als.len() * 3);
    for (n, a) in als.iter().enumerate() {
        let n = u32::try_from(n)
            .map_err(|_| Error::InvalidArgument("more than 4 billion aliases".into()))?;
        let mut forms = vec![a.folded.clone()];
        if let Some(short) = normalize::without_brackets(&a.text) {
            let short = normalize::fold(&short);
            if !short.is_empty() && short != a.folded {
                forms.push(short);
            }
        }
        if ents[a.entity as usize].kind == "person" {
            if let Some(swapped) = normalize::uncomma(&a.text) {
                forms.push(normalize::fold(&swapped));
            }
        }
        // A code ("NCU", "BY") matches only as written: its skeleton and
        // its words would make a query's word seem known ("Nkouou" has the
        // skeleton of "NCU") and feed the fuzzy search nothing it may use.
        if a.kind == AliasKind::Code {
            name_pairs.extend(forms.into_iter().map(|form| (form, n)));
            continue;
        }
        for form in forms {
            skel_pairs.push((normalize::skeleton_key(&form), n));
            name_pairs.push((form, n));
        }
        for tok in normalize::tokens(&a.folded) {
            let mut sk = String::new();
            normalize::skeleton_token(tok, &mut sk);
            token_pairs.push((sk, n));
        }
    }
    let generic = build_generic(&generic_words(ents, als, &token_pairs))?;
    stats.generic_words = generic.1;
    let mut key_postings = Vec::new();
    let (names, n1) = build_fst(name_pairs, &mut key_postings)?;
    let (skeletons, n2) = build_fst(skel_pairs, &mut key_postings)?;
    let key_filter = build_key_filter(&names, &skeletons)?;
    let mut token_postings = Vec::new();
    let (tokens, n3) = build_fst(token_pairs, &mut token_postings)?;
    stats.keys = n1 + n2;
    stats.tokens = n3;

    let mut weigher = TokenWeigher::new(als.len(), &tokens, &generic.0)?;
    let mut weights = Vec::new();
    let mut pool = StringPool::default();
    let (token_table, deletes, delete_postings) = build_deletes(&tokens, &mut pool)?;
    let token_slots = build_token_slots(&tokens)?;
    let mut alias_bytes = Vec::with_capacity(als.len() * ALIAS_RECORD_LEN);
    // Every posting is the number of an alias of `als`.
    let token_posting_lengths: Vec<u8> = token_postings
        .iter()
        .map(|&a| u8::try_from(als[a as usize].folded.len()).unwrap_or(LONG_ALIAS))
        .collect();
    for a in als {
        let (t_off, t_len) = pool.add(&a.text)?;
        let (f_off, f_len) = pool.add(&a.folded)?;
        // The weights are read after the folded form's recorded length, so
        // a length that does not fit is an error, not a clamp.
        let too_long = || {
            let start: String = a.text.chars().take(40).collect();
            Error::InvalidArgument(format!(
                "the alias starting {start:?} is longer than 65535 bytes once normalised; shorten it"
            ))
        };
        let t_len = u16::try_from(t_len).map_err(|_| too_long())?;
        let f_len = u16::try_from(f_len).map_err(|_| too_long())?;
        // One weight per token: fewer than its 65,535 folded bytes.
        weigher.weigh(&a.folded, &mut weights);
        pool.add_bytes(&weights)?;
        let weight_count = u16::try_from(weights.len() / 4).map_err(|_| too_long())?;
        alias_bytes.extend_from_slice(&a.entity.to_le_bytes());
        alias_bytes.extend_from_slice(&t_off.to_le_bytes());
        alias_bytes.extend_from_slice(&f_off.to_le_bytes());
        alias_bytes.extend_from_slice(&t_len.to_le_bytes());
        alias_bytes.extend_from_slice(&f_len.to_le_bytes());
        alias_bytes.push(a.kind as u8);
        alias_bytes.push(a.surname_tokens);
        alias_bytes.extend_from_slice(&weight_count.to_le_bytes());
    }
    let mut entity_bytes = Vec::with_capacity(ents.len() * ENTITY_RECORD_LEN);
    for e in ents {
        for (off, len) in [
            pool.add(&e.id)?,
            pool.add(&e.name)?,
            pool.intern(&e.kind)?,
            pool.intern(&e.country)?,
        ] {
            entity_bytes.extend_from_slice(&off.to_le_bytes());
            entity_bytes.extend_from_slice(&len.to_le_bytes());
        }
        entity_bytes.extend_from_slice(&e.prominence.to_le_bytes());
        entity_bytes.extend_from_slice(&e.alias_count.to_le_bytes());
        entity_bytes.extend_from_slice(&[0; 4]);
    }

    let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let sections: [Vec<u8>; SECTION_COUNT] = [
        names,
        skeletons,
        tokens,
        u32s(&key_postings),
        u32s(&token_postings),
        alias_bytes,
        entity_bytes,
        pool.bytes,
        token_table,
        deletes,
        u32s(&delete_postings),
        generic.0,
        token_slots,
        token_posting_lengths,
        key_filter,
    ];
    debug_assert_eq!(SectionId::KeyFilter as usize, SECTION_COUNT - 1);
    Ok(assemble(&sections))
}

/// A generic word is added to or dropped from at least
/// [`GENERIC_MIN_NAMES`] names of the same entity, and in at least this share of the names that hold it.
const GENERIC_MIN_SHARE: f32 = 0.3;
/// A word in more persons' names than this is a name itself ("Chen", also
/// the Wade–Giles "town"), never generic.
const GENERIC_MAX_PERSON_NAMES: u32 = 5;

/// The generic words of the table, as skeleton tokens, sorted: words such
/// as "city", "district", "zhen", "Emetab" (Kalenjin "country of") that
/// the table's own names add to or drop from other names of the same
/// entity ("Emetab Misiri" and "Misiri", "Xixiang Jiedao" and "Xixiang"),
/// in many of the names that hold them. In toponymy they are the generic
/// part of a place name, beside its specific part; scoring weighs them
/// less, so that a name with or without one is still the same name.
fn generic_words(ents: &[Entity], als: &[Alias], token_pairs: &[(String, u32)]) -> Vec<String> {
    // Tokens as numbers, and each alias as the run of its token numbers
    // (`token_pairs` holds each alias's tokens in order, aliases in order).
    let mut numbers: HashMap<&str, u32> = HashMap::new();
    let mut words: Vec<&str> = Vec::new();
    let mut sequence: Vec<u32> = Vec::with_capacity(token_pairs.len());
    let mut starts: Vec<usize> = vec![0; als.len() + 1];
    for (token, alias) in token_pairs {
        let number = *numbers.entry(token).or_insert_with(|| {
            words.push(token);
            (words.len() - 1) as u32
        });
        sequence.push(number);
        starts[*alias as usize + 1] = sequence.len();
    }
    for n in 1..starts.len() {
        starts[n] = starts[n].max(starts[n - 1]);
    }
    // Each entity's names as token sequences, once each.
    let mut names: HashSet<(u32, &[u32])> = HashSet::with_capacity(als.len());
    for (n, a) in als.iter().enumerate() {
        names.insert((a.entity, &sequence[starts[n]..starts[n + 1]]));
    }
    let mut holders = vec![0u32; words.len()];
    let mut dropped = vec![0u32; words.len()];
    let mut in_persons = vec![0u32; words.len()];
    let mut rest: Vec<u32> = Vec::new();
    for &(entity, tokens) in &names {
        let person = ents[entity as usize].kind == "person";
        for (i, &t) in tokens.iter().enumerate() {
            if tokens[..i].contains(&t) {
                continue; // counted once per name
            }
            let t = t as usize;
            holders[t] += 1;
            in_persons[t] += u32::from(person);
            if tokens.len() < 2 {
                continue;
            }
            rest.clear();
            rest.extend_from_slice(&tokens[..i]);
            rest.extend_from_slice(&tokens[i + 1..]);
            if names.contains(&(entity, rest.as_slice())) {
                dropped[t] += 1;
            }
        }
    }
    let mut generic: Vec<String> = (0..words.len())
        .filter(|&t| {
            dropped[t] >= GENERIC_MIN_NAMES
                && dropped[t] as f32 >= GENERIC_MIN_SHARE * holders[t] as f32
                && in_persons[t] <= GENERIC_MAX_PERSON_NAMES
        })
        .map(|t| words[t].to_string())
        .collect();
    generic.sort_unstable();
    generic
}

/// Weighs alias tokens by rarity ([`token_weight`]) from the finished
/// `tokens` FST and generic-word set.
struct TokenWeigher<'a> {
    tokens: fst::Map<&'a [u8]>,
    generic: fst::Set<&'a [u8]>,
    aliases: u32,
    skeleton: String,
}

impl<'a> TokenWeigher<'a> {
    fn new(aliases: usize, tokens: &'a [u8], generic: &'a [u8]) -> Result<TokenWeigher<'a>> {
        let failed = |e: fst::Error| {
            Error::InvalidArgument(format!("reading the token automaton failed: {e}"))
        };
        Ok(TokenWeigher {
            tokens: fst::Map::new(tokens).map_err(failed)?,
            generic: fst::Set::new(generic).map_err(failed)?,
            aliases: u32::try_from(aliases)
                .map_err(|_| Error::InvalidArgument("more than 4 billion aliases".into()))?,
            skeleton: String::new(),
        })
    }

    /// Replaces `out` with the weight (f32, little endian) of each token
    /// of `folded`, in order.
    fn weigh(&mut self, folded: &str, out: &mut Vec<u8>) {
        out.clear();
        for tok in normalize::tokens(folded) {
            self.skeleton.clear();
            normalize::skeleton_token(tok, &mut self.skeleton);
            let skeleton = &self.skeleton;
            let w = token_weight(
                skeleton.len(),
                self.aliases,
                || {
                    self.tokens
                        .get(skeleton)
                        .map_or(0, |v| unpack_postings(v).1)
                },
                || self.generic.contains(skeleton),
            );
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
}

/// The FST set of the generic words and their number.
fn build_generic(words: &[String]) -> Result<(Vec<u8>, usize)> {
    let failed = |e: fst::Error| {
        Error::InvalidArgument(format!("building the generic-word automaton failed: {e}"))
    };
    let mut builder = fst::SetBuilder::memory();
    builder.extend_iter(words).map_err(failed)?;
    Ok((builder.into_inner().map_err(failed)?, words.len()))
}

/// The token table and the deletion-neighbourhood FST: every skeleton token
/// of [`MIN_DELETE_TOKEN_LEN`] letters or more, with each one letter
/// deleted, maps to the token's number.
fn build_deletes(tokens_fst: &[u8], pool: &mut StringPool) -> Result<(Vec<u8>, Vec<u8>, Vec<u32>)> {
    use fst::Streamer;
    let map = fst::Map::new(tokens_fst)
        .map_err(|e| Error::InvalidArgument(format!("reading the token automaton failed: {e}")))?;
    let mut table = Vec::new();
    let mut pairs: Vec<(String, u32)> = Vec::new();
    let mut stream = map.stream();
    let mut number = 0u32;
    while let Some((key, value)) = stream.next() {
        let token = String::from_utf8_lossy(key).into_owned();
        let (off, len) = pool.add(&token)?;
        table.extend_from_slice(&value.to_le_bytes());
        table.extend_from_slice(&off.to_le_bytes());
        table.extend_from_slice(&len.to_le_bytes());
        if token.len() >= MIN_DELETE_TOKEN_LEN && token.is_ascii() {
            for i in 0..token.len() {
                let mut d = String::with_capacity(token.len() - 1);
                d.push_str(&token[..i]);
                d.push_str(&token[i + 1..]);
                pairs.push((d, number));
            }
        }
        number += 1;
    }
    let mut postings = Vec::new();
    let (deletes, _) = build_fst(pairs, &mut postings)?;
    Ok((table, deletes, postings))
}

/// The token hash table (see [`SectionId::TokenSlots`]): twice as many
/// slots as tokens or more, so that a probe seldom goes past two slots.
fn build_token_slots(tokens_fst: &[u8]) -> Result<Vec<u8>> {
    use fst::Streamer;
    let map = fst::Map::new(tokens_fst)
        .map_err(|e| Error::InvalidArgument(format!("reading the token automaton failed: {e}")))?;
    let slot_count = (2 * map.len()).next_power_of_two();
    let too_many = || Error::InvalidArgument("more than 4 billion distinct tokens".into());
    let mut slots = vec![0u8; slot_count * TOKEN_SLOT_LEN];
    let mut stream = map.stream();
    let mut number = 0u32;
    while let Some((key, _)) = stream.next() {
        let h = token_hash(key);
        let mut i = h as usize & (slot_count - 1);
        // Fewer tokens than slots: an empty slot is always ahead.
        while slots[i * TOKEN_SLOT_LEN..][..4] != [0; 4] {
            i = (i + 1) & (slot_count - 1);
        }
        let slot = &mut slots[i * TOKEN_SLOT_LEN..][..TOKEN_SLOT_LEN];
        slot[..4].copy_from_slice(&number.checked_add(1).ok_or_else(too_many)?.to_le_bytes());
        slot[4..].copy_from_slice(&((h >> 32) as u32).to_le_bytes());
        number += 1;
    }
    Ok(slots)
}

/// The [`SectionId::KeyFilter`] of the keys of the `names` and `skeletons`
/// FSTs.
fn build_key_filter(names: &[u8], skeletons: &[u8]) -> Result<Vec<u8>> {
    use fst::Streamer;
    let open = |bytes| {
        fst::Map::new(bytes)
            .map_err(|e| Error::InvalidArgument(format!("reading a key automaton failed: {e}")))
    };
    let (names, skeletons) = (open(names)?, open(skeletons)?);
    let keys = names.len() + skeletons.len();
    let blocks = (keys * KEY_FILTER_BITS_PER_KEY)
        .div_ceil(KEY_FILTER_BLOCK * 8)
        .next_power_of_two();
    let mut filter = vec![0u8; blocks * KEY_FILTER_BLOCK];
    for (kind, map) in [(KeyKind::Name, names), (KeyKind::Skeleton, skeletons)] {
        let mut stream = map.stream();
        while let Some((key, _)) = stream.next() {
            let (block, bits) = key_filter_probe(kind, key, blocks);
            let block = &mut filter[block * KEY_FILTER_BLOCK..][..KEY_FILTER_BLOCK];
            for bit in bits {
                block[usize::from(bit / 8)] |= 1 << (bit % 8);
            }
        }
    }
    Ok(filter)
}

/// Lays out header, section table and 8-aligned sections, then fills in the
/// payload length and CRC.
fn assemble(sections: &[Vec<u8>; SECTION_COUNT]) -> Vec<u8> {
    let total: usize = sections.iter().map(|s| s.len() + 8).sum();
    let mut out = Vec::with_capacity(HEADER_LEN + total);
    out.resize(HEADER_LEN, 0);
    let mut table = Vec::with_capacity(SECTION_COUNT);
    for s in sections {
        while out.len() % 8 != 0 {
            out.push(0);
        }
        table.push((out.len() as u64, s.len() as u64));
        out.extend_from_slice(s);
    }
    let payload_len = (out.len() - HEADER_LEN) as u64;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(&MAGIC);
    header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    header.extend_from_slice(&NORMALIZER_VERSION.to_le_bytes());
    header.extend_from_slice(&payload_len.to_le_bytes());
    header.extend_from_slice(&[0; 4]); // the checksum, filled in below
    header.extend_from_slice(&(SECTION_COUNT as u32).to_le_bytes());
    for (off, len) in table {
        header.extend_from_slice(&off.to_le_bytes());
        header.extend_from_slice(&len.to_le_bytes());
    }
    out[..HEADER_LEN].copy_from_slice(&header);
    let crc = checksum(&out);
    out[CRC_FIELD].copy_from_slice(&crc.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index of forty cities `Town<n> Okrug`, each also `Town<n>`, and
    /// `persons` persons `OKRUG, Given<n>`.
    fn towns_and_persons(persons: usize) -> crate::Index {
        let mut entities = String::from("id,type,name\n");
        let mut aliases = String::from("entity_id,alias\n");
        for n in 0..40 {
            entities.push_str(&format!(
                "t{n},city,Town{n} Okrug\nu{n},city,Uptown{n} Kray\n"
            ));
            aliases.push_str(&format!("t{n},Town{n}\nu{n},Uptown{n} Kray\n"));
        }
        for n in 0..persons {
            entities.push_str(&format!("p{n},person,\"OKRUG, Given{n}\"\n"));
        }
        let source = |name: &str, text: String| TableSource {
            name: name.to_string(),
            reader: std::io::Cursor::new(text),
        };
        let (bytes, stats) = build_index(source("e.csv", entities), source("a.csv", aliases))
            .expect("the tables build");
        assert_eq!(
            stats.generic_words,
            usize::from(persons <= GENERIC_MAX_PERSON_NAMES as usize)
        );
        crate::Index::from_bytes(bytes).expect("the index opens")
    }

    #[test]
    fn a_word_dropped_from_names_of_the_same_entity_is_generic() {
        let index = towns_and_persons(0);
        assert!(index.is_generic_word("okrug"));
        // "Kray" is in as many names, never dropped from one.
        assert!(!index.is_generic_word("krai"));
        assert!(!index.is_generic_word("kray"));
    }

    #[test]
    fn a_word_in_persons_names_is_never_generic() {
        let index = towns_and_persons(GENERIC_MAX_PERSON_NAMES as usize + 1);
        assert!(!index.is_generic_word("okrug"));
    }
}
