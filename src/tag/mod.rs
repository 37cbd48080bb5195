//! Finding entity mentions in running text.
//!
//! A [`Tagger`] reads a text and returns the [`Mention`]s of entities of its
//! index, in text order, each with its byte span, character span, surface
//! text and resolved [`Match`].
//!
//! ```
//! use aka::{Index, Tagger};
//!
//! let tagger = Tagger::new(Index::embedded()?);
//! let text = "Alexander Lukashenko met Vladimir Putin in Moscow. Putin's aides said Lukashenko agreed.";
//! let mentions = tagger.tag(text);
//! let found: Vec<(&str, &str)> = mentions
//!     .iter()
//!     .map(|m| (&text[m.bytes.clone()], m.entity.id.as_str()))
//!     .collect();
//! assert_eq!(found, [
//!     ("Alexander Lukashenko", "ofac:9760"),
//!     ("Vladimir Putin", "ofac:35096"),
//!     ("Moscow", "geonames:524901"),
//!     ("Putin", "ofac:35096"),
//!     ("Lukashenko", "ofac:9760"),
//! ]);
//! # Ok::<(), aka::Error>(())
//! ```
//!
//! # How mentions are found
//!
//! The text is split into words (runs of letters, digits and combining
//! marks; offsets always point into the original text). Only words that
//! start with a capital letter, or are written in a script without case
//! (Arabic, Chinese, …), can start or end a mention. At each such word, in
//! this order, the first rule that applies wins, and the mention's words are
//! skipped:
//!
//! 1. **Longest alias.** Up to six words joined by spaces, hyphens or an
//!    apostrophe (and a dot after a short abbreviation: `St. Petersburg`)
//!    are folded and looked up as one exact key, longest first, then by
//!    their transliteration skeleton (`Moskou`, `Wladimir Putin`). A longer
//!    name beats its parts: `Grodno Azot` is the company, never the city.
//! 2. **Given name and surname.** Two capitalised words that are not
//!    titles or common words are a person's name when an alias of a person
//!    has the second as its surname (same skeleton) and the first as its
//!    given name (same skeleton, or one letter away), any patronymic left
//!    out: `Alexandre Loukachenko` ← `LUKASHENKO, Aleksandr Grigorevich`,
//!    `Iwan Tertel` ← `TERTEL, Ivan Stanislavovich`.
//! 3. **Re-mention.** Once a person was found by a name of two or more words,
//!    that name's last word (its surname, compared by skeleton, in any
//!    script) stands for the same person for the rest of the text, also
//!    after a title (`M. Loukachenko`, `Herr Lukaschenko`), with a
//!    possessive (`Putin's`), a German genitive `-s` (`Putins`), or in
//!    another script (`Лукашенко`), even when the surname alone names
//!    several entities.
//! 4. **Titled surname.** A capitalised word after a person's title
//!    (`President Putin`, `le président Poutine`) is resolved by
//!    [`Resolver`] among persons, as a surname; only an exact, skeleton or
//!    surname answer without edits counts. It needs evidence (below): a
//!    title says "person", not which one.
//! 5. **Single word.** One word that is an alias by its exact folded form,
//!    or by skeleton when the word has five letters or more, the alias is
//!    written in the same script and is at most one letter away (`Moscou`;
//!    not `Russie` → Ruse, not `Wort` → Worth). A word that is
//!    not an alias is retried without a final `-s`; a capitalised word of
//!    eight letters or more that is still none and ends in a vowel is a
//!    country whose one-word name differs from it by one letter in the
//!    ending (`Biélorussie` ← `Bielorussia`).
//!
//! Titles (`President`, `M.`, `Herr`, see
//! [`titles`](crate::normalize::titles)) and possessive `'s` are never part
//! of a mention's span.
//!
//! # Precision rules
//!
//! Many ordinary words are aliases of some small town or an ISO code. A
//! single word (rule 5) is therefore not tagged when:
//!
//! - it starts with a lower-case letter (`said`, `most`, `réunion`);
//! - it is shorter than three letters, unless it is an upper-case code
//!   (`USA`; `By`, `Mr`, `Am` are not codes);
//! - it is a title, or a common word of the text's language: articles,
//!   pronouns, prepositions, conjunctions, months, weekdays, `Union`
//!   (`Since`, `March`, `Les`, `Selon`, `Lundi`, `Laut`, `Mai`). The
//!   language (English, French, German or Spanish) is guessed from these
//!   words;
//! - it is next to another capitalised word that is not a title or common
//!   word, and the two did not resolve together: it is part of an unknown
//!   longer name (`Viktor` in `Viktor Chrenin`);
//! - it needs evidence and has none. A word needs evidence when it starts a
//!   sentence (`Nice words…`, `Mobile internet…`, `Split over…`) or when the
//!   same word also occurs in lower case in the text (`Police` / `police`).
//!   Evidence is another mention of the same entity that needed none, or
//!   the entity being a country. Upper-case words at the start of a line
//!   followed by a dash, comma or dot are datelines (`VILNIUS —`) and need no
//!   evidence.
//!
//! A titled surname (rule 4) always needs evidence.
//!
//! Re-mentions (rule 3) and names of two or more words (rules 1 and 2) need
//! no evidence.
//!
//! # Matches
//!
//! Among the aliases a key reaches, the entity ranked first wins: closest
//! spelling, then prominence (population for places), alias count and table
//! order, as [`Resolver`] ranks exact answers; a tagger's
//! type and country filters apply first. Exact aliases score 1, skeleton
//! matches 0.97, given name and surname 0.95 (0.9 with a one-letter
//! difference in the given name). A re-mention carries the match of the full
//! name.
//!
//! # Speed
//!
//! Lower-case words cost a fold and nothing else; capitalised words cost one
//! to a few exact key lookups in the index's automata. No fuzzy search runs:
//! a tagger only reads keys, the postings of a surname that it shares with a
//! given name, and the entity table. A key with a word that is no token of
//! any alias is rejected by one token lookup per distinct word.

mod hit;
mod text;
mod words;

use crate::error::{Error, Result};
use crate::index::format::{AliasKind, unpack_postings};
use crate::index::{EntityRef, Index, Postings};
use crate::normalize;
use crate::resolve::distance::within;
use crate::resolve::fuzzy::similar_tokens;
use crate::resolve::{Match, Resolver, Stage};
use hit::{Confirmed, Hit};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::cmp::Reverse;
use std::ops::Range;
use std::rc::Rc;
use text::{Gap, Token, Tokens};
use words::Lang;

/// Most words in one alias lookup.
const MAX_WORDS: usize = 6;

/// Surnames shared by more aliases than this are not looked up as a
/// person's name (they are common words or very common names).
const MAX_SURNAME_ALIASES: u32 = 5000;

/// Surnames shared by at most this many aliases are scanned whole for a
/// given name one letter away; longer lists are narrowed by the tokens
/// near the given name first.
const SCAN_SURNAME_ALIASES: usize = 32;

/// One entity mention found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Byte range of the mention in the text (`&text[m.bytes.clone()]` is
    /// the surface).
    pub bytes: Range<usize>,
    /// The same range counted in Unicode scalar values (`char`s), for
    /// tools that index text by character.
    pub chars: Range<usize>,
    /// The surface text of the mention, without titles or a possessive.
    pub text: String,
    /// Which rule found the mention.
    pub rule: Rule,
    /// The entity the mention resolved to.
    pub entity: Match,
}

/// The rule that found a mention (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The words are an alias (exactly or by skeleton).
    Alias,
    /// The words are a person's given name and surname.
    Name,
    /// A surname standing for a person named in full earlier in the text.
    Remention,
    /// A surname after a person's title, resolved among persons.
    Title,
}

impl Rule {
    /// The rule's name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Alias => "alias",
            Rule::Name => "name",
            Rule::Remention => "remention",
            Rule::Title => "title",
        }
    }
}

/// Finds entity mentions in text. Immutable and `Send + Sync`; cloning is
/// cheap (the index is shared).
///
/// ```
/// let tagger = aka::Tagger::new(aka::Index::embedded()?);
/// let mentions = tagger.tag("Les États-Unis et la Pologne. M. Loukachenko était à Moscou.");
/// let ids: Vec<&str> = mentions.iter().map(|m| m.entity.id.as_str()).collect();
/// assert_eq!(ids, ["country:US", "country:PL", "geonames:524901"]);
/// # Ok::<(), aka::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tagger {
    index: Index,
    types: Vec<String>,
    country: Option<String>,
    /// Resolves a surname after a title among persons (rule 4); `None`
    /// when the type filter leaves persons out.
    persons: Option<Resolver>,
}

/// Configures a [`Tagger`].
///
/// ```
/// let tagger = aka::Tagger::builder(aka::Index::embedded()?).types(["person"]).build();
/// let ids: Vec<String> = tagger.tag("Alexander Lukashenko in Minsk").into_iter().map(|m| m.entity.id).collect();
/// assert_eq!(ids, ["ofac:9760"]);
/// # Ok::<(), aka::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TaggerBuilder {
    tagger: Tagger,
}

impl TaggerBuilder {
    /// Only mentions of entities of these types (e.g. `["person", "city"]`);
    /// empty means all types.
    pub fn types<S: AsRef<str>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.tagger.types = types
            .into_iter()
            .map(|t| t.as_ref().trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        self
    }

    /// Only mentions of entities of this ISO 3166-1 alpha-2 country.
    pub fn country(mut self, country: Option<&str>) -> Self {
        self.tagger.country = country
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
        self
    }

    /// Finishes the tagger.
    pub fn build(mut self) -> Tagger {
        let t = &mut self.tagger;
        t.persons = (t.types.is_empty() || t.types.iter().any(|k| k == "person")).then(|| {
            Resolver::builder(t.index.clone())
                .types(["person"])
                .country(t.country.as_deref())
                // Only answers without edits count (see titled_surname).
                .without_near_spellings()
                .build()
        });
        self.tagger
    }
}

impl Tagger {
    /// A tagger over `index` with no filters.
    pub fn new(index: Index) -> Tagger {
        Tagger::builder(index).build()
    }

    /// Starts configuring a tagger over `index`.
    pub fn builder(index: Index) -> TaggerBuilder {
        TaggerBuilder {
            tagger: Tagger {
                index,
                types: Vec::new(),
                country: None,
                persons: None,
            },
        }
    }

    /// The index this tagger reads.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Finds the mentions in `text`, in text order, without overlaps.
    pub fn tag(&self, text: &str) -> Vec<Mention> {
        let tokens = text::tokenize(text);
        let lang = words::guess_language(tokens.list.iter().take(2000).map(|t| tokens.folded(t)));
        // Only name-like words are ever asked about.
        let function = tokens
            .list
            .iter()
            .map(|t| {
                t.name_like() && {
                    let f = tokens.folded(t);
                    words::is_function_word(lang, f)
                }
            })
            .collect();
        let mut doc = Doc {
            tagger: self,
            text,
            tokens: &tokens,
            lang,
            lower: None,
            function,
            alias_words: vec![None; tokens.list.len()],
            // Sized for the usual share of distinct words and look-ups in
            // an article, so that one rarely grows them (each growth
            // rehashes all); a long text repeats its words, so the sizes
            // are capped.
            cache: FxHashMap::with_capacity_and_hasher(
                (tokens.list.len() / 8).min(PRESIZE_CAP),
                Default::default(),
            ),
            cache_key: String::new(),
            words: FxHashMap::with_capacity_and_hasher(
                (tokens.list.len() / 2).min(PRESIZE_CAP),
                Default::default(),
            ),
            skeletons: String::new(),
            surnames: FxHashMap::default(),
            key: String::new(),
            scratch: String::new(),
        };
        doc.run()
    }

    /// Like [`tag`](Self::tag), for bytes that must be UTF-8; invalid UTF-8
    /// is an [`Error::InvalidUtf8`] naming the byte offset and line.
    ///
    /// ```
    /// let tagger = aka::Tagger::new(aka::Index::embedded()?);
    /// let err = tagger.tag_bytes(b"Minsk\n\xff").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid UTF-8 at byte 6 (line 2); send UTF-8 text");
    /// # Ok::<(), aka::Error>(())
    /// ```
    pub fn tag_bytes(&self, bytes: &[u8]) -> Result<Vec<Mention>> {
        Ok(self.tag(check_utf8(bytes)?))
    }

    fn passes_filters(&self, e: &EntityRef<'_>) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| t == e.kind))
            && self.country.as_deref().is_none_or(|c| c == e.country)
    }

    /// The entity a folded key names: among the aliases equal to the key
    /// (or, failing that, with the key's skeleton), the entity that the
    /// filters let through and ranks first (closest spelling, then
    /// prominence, alias count and table order, as the resolver ranks).
    /// Code aliases count only with `codes`; skeletons only with `skeleton`.
    fn lookup_key(&self, key: &str, codes: bool, skeleton: bool) -> Option<Hit> {
        let exact = self.index.names_exact(key);
        if exact.is_empty() && !skeleton {
            return None;
        }
        let (postings, stage) = if exact.is_empty() {
            (
                self.index.skeletons_exact(&normalize::skeleton_key(key)),
                Stage::Skeleton,
            )
        } else {
            (exact, Stage::Exact)
        };
        // Ranks are read without the entity's strings unless a filter
        // needs them; only the winner's strings are read.
        let filtered = !self.types.is_empty() || self.country.is_some();
        let mut best: Option<(Rank<usize>, u32)> = None;
        for a in postings.iter() {
            let Some((folded, kind, _)) = self.index.alias_for_scoring(a) else {
                continue;
            };
            if kind == AliasKind::Code && !codes {
                continue;
            }
            let Some(entity) = self.index.alias_entity(a) else {
                continue;
            };
            let Some((prominence, alias_count)) = self.index.entity_rank(entity) else {
                continue;
            };
            if filtered
                && !self
                    .index
                    .entity(entity)
                    .is_some_and(|e| self.passes_filters(&e))
            {
                continue;
            }
            let edits = if stage == Stage::Exact {
                0
            } else {
                strsim::levenshtein(key, folded)
            };
            let rank = rank(edits, prominence, alias_count, entity);
            if best.as_ref().is_none_or(|b| rank < b.0) {
                best = Some((rank, a));
            }
        }
        let (rank, a) = best?;
        let score = if stage == Stage::Exact { 1.0 } else { 0.97 };
        Hit::alias(&self.index, a, rank.3, stage, score, rank.0 as u32)
    }

    /// A country whose name differs only in the ending, by one letter, from
    /// a word of [`NEAR_COUNTRY_MIN_LEN`] letters or more that is no alias
    /// and ends in a vowel: `Biélorussie` ← `Bielorussia`, as languages end
    /// country names in -ia, -ie, -ija or -a. Only a one-word country alias
    /// in Latin letters counts. Not an edit further in (`Mongelia` is not
    /// `Mongolia`), nor letters added to the whole name, which make an
    /// adjective or a people (`Bielorussian`). The caller has checked
    /// [`may_be_near_country`](Self::may_be_near_country) first.
    fn near_country(&self, folded: &str) -> Option<Hit> {
        // The ending is the last two letters, so every candidate key starts
        // with the rest: one short walk through the names FST.
        let stem = folded.as_bytes().get(..folded.len().checked_sub(2)?)?;
        let mut best: Option<(Rank<u32>, u32)> = None;
        let mut keys = 0;
        self.index.names_with_prefix(stem, |key, postings| {
            keys += 1;
            let Ok(key) = std::str::from_utf8(key) else {
                return keys < NEAR_COUNTRY_KEY_CAP;
            };
            let added_at_end = key.len() < folded.len() && folded.starts_with(key);
            let same_stem = common_prefix(folded, key) + 2 >= folded.len().max(key.len());
            let one_word = !key.contains(' ');
            let edits = within(folded, key, 1).filter(|_| one_word && same_stem && !added_at_end);
            let Some(edits) = edits else {
                return keys < NEAR_COUNTRY_KEY_CAP;
            };
            for a in postings.iter() {
                let Some(alias) = self.index.alias(a) else {
                    continue;
                };
                let Some(e) = self.index.entity(alias.entity) else {
                    continue;
                };
                if alias.kind == AliasKind::Code
                    || e.kind != "country"
                    || !self.passes_filters(&e)
                    || !is_latin(alias.text)
                {
                    continue;
                }
                let rank = rank(edits, e.prominence, e.alias_count, alias.entity);
                if best.as_ref().is_none_or(|b| rank < b.0) {
                    best = Some((rank, a));
                }
            }
            keys < NEAR_COUNTRY_KEY_CAP
        });
        let (rank, a) = best?;
        let (alias_folded, _, _) = self.index.alias_for_scoring(a)?;
        let score = 0.9 - 0.5 / folded.len().max(alias_folded.len()) as f64;
        Hit::alias(&self.index, a, rank.3, Stage::Fuzzy, score, rank.0)
    }

    /// The cheap conditions of [`near_country`](Self::near_country): the
    /// word's length, a vowel at its end (the endings that vary are vowels;
    /// most nouns of a German text end otherwise), the type filter, and
    /// some alias starting with the word's stem.
    fn may_be_near_country(&self, folded: &str) -> bool {
        let vowel_end = folded.ends_with(['a', 'e', 'i', 'o', 'u', 'y']);
        folded.len() >= NEAR_COUNTRY_MIN_LEN
            && vowel_end
            && !folded.contains(' ')
            && (self.types.is_empty() || self.types.iter().any(|k| k == "country"))
            && self
                .index
                .has_name_prefix(&folded.as_bytes()[..folded.len() - 2])
    }

    /// Whether the skeleton of folded token `t` is a token of some alias;
    /// `scratch` holds the skeleton.
    fn is_alias_token(&self, t: &str, scratch: &mut String) -> bool {
        scratch.clear();
        normalize::skeleton_token(t, scratch);
        self.index.token_value(scratch).is_some()
    }

    /// A person whose alias has this surname (same skeleton) and this given
    /// name (same skeleton, or one letter away), any patronymic left out.
    ///
    /// Only the surname's postings that also contain the given name's
    /// skeleton token (or, failing a match, a token one letter away from
    /// it) are read: most pairs of capitalised words share no alias.
    fn given_and_surname(&self, given: &str, surname: &str) -> Option<Hit> {
        let mut ssk = String::new();
        normalize::skeleton_token(surname, &mut ssk);
        let mut gsk = String::new();
        normalize::skeleton_token(given, &mut gsk);
        if ssk.len() < 3 || gsk.len() < 2 {
            return None;
        }
        let value = self.index.token_value(&ssk)?;
        if unpack_postings(value).1 > MAX_SURNAME_ALIASES {
            return None;
        }
        let surnames = self.index.token_postings(value);
        let mut best: Option<Ranked<'_, u32>> = None;
        let mut sk = String::new();
        if let Some(gv) = self.index.token_value(&gsk) {
            let given_postings = self.index.token_postings(gv);
            for a in intersect(surnames, given_postings) {
                self.rank_name(a, &ssk, &gsk, &mut sk, &mut best);
            }
        }
        let exact_found = best.as_ref().is_some_and(|b| b.0.0 == 0);
        if !exact_found && gsk.len() >= 4 {
            if gsk.is_ascii() && surnames.len() > SCAN_SURNAME_ALIASES {
                // Aliases whose tokens include one a letter away from the
                // given name.
                let mut near: Vec<u32> = Vec::new();
                similar_tokens(&self.index, &gsk, 1, usize::MAX, |v, edits| {
                    if edits > 0 {
                        near.extend(intersect(surnames, self.index.token_postings(v)));
                    }
                });
                near.sort_unstable();
                near.dedup();
                for a in near {
                    self.rank_name(a, &ssk, &gsk, &mut sk, &mut best);
                }
            } else {
                for a in surnames.iter() {
                    self.rank_name(a, &ssk, &gsk, &mut sk, &mut best);
                }
            }
        }
        let (rank, e, a) = best?;
        let (stage, score) = if rank.0 == 0 {
            (Stage::Skeleton, 0.95)
        } else {
            (Stage::Fuzzy, 0.9)
        };
        Hit::alias(&self.index, a, e.number, stage, score, rank.0)
    }

    /// Ranks alias `a` as a person named by surname skeleton `ssk` and
    /// given-name skeleton `gsk` (see [`Self::given_and_surname`]), keeping
    /// the best in `best`; `sk` is scratch space.
    fn rank_name<'i>(
        &'i self,
        a: u32,
        ssk: &str,
        gsk: &str,
        sk: &mut String,
        best: &mut Option<Ranked<'i, u32>>,
    ) {
        let Some((folded, kind, surname_tokens)) = self.index.alias_for_scoring(a) else {
            return;
        };
        if kind == AliasKind::Code {
            return;
        }
        // `LAST, Given Patronymic` aliases know their surname; others
        // are read as `Given … Last`. Names are checked before the
        // entity is read.
        let mut toks = normalize::tokens(folded);
        let (Some(first), Some(second)) = (toks.next(), toks.next()) else {
            return;
        };
        let (alias_surname, alias_given) = match surname_tokens {
            1 => (first, second),
            0 => (toks.last().unwrap_or(second), first),
            _ => return,
        };
        sk.clear();
        normalize::skeleton_token(alias_surname, sk);
        if sk != ssk {
            return;
        }
        sk.clear();
        normalize::skeleton_token(alias_given, sk);
        let edits = if sk == gsk {
            0
        } else if gsk.len() >= 4 && strsim::levenshtein(sk, gsk) <= 1 {
            1
        } else {
            return;
        };
        let Some(alias) = self.index.alias(a) else {
            return;
        };
        let Some(e) = self.index.entity(alias.entity) else {
            return;
        };
        if e.kind != "person" || !self.passes_filters(&e) {
            return;
        }
        let rank = rank(edits, e.prominence, e.alias_count, e.number);
        if best.as_ref().is_none_or(|b| rank < b.0) {
            *best = Some((rank, e, a));
        }
    }
}

/// The alias numbers in both sorted postings lists.
fn intersect<'p>(a: Postings<'p>, b: Postings<'p>) -> impl Iterator<Item = u32> + 'p {
    let (mut x, mut y) = (a.values().peekable(), b.values().peekable());
    std::iter::from_fn(move || {
        loop {
            let (&p, &q) = (x.peek()?, y.peek()?);
            match p.cmp(&q) {
                std::cmp::Ordering::Less => {
                    x.next();
                }
                std::cmp::Ordering::Greater => {
                    y.next();
                }
                std::cmp::Ordering::Equal => {
                    x.next();
                    y.next();
                    return Some(p);
                }
            }
        }
    })
}

/// A rank key: spelling distance, prominence, alias count, table order;
/// smallest first.
type Rank<D> = (D, Reverse<OrdF64>, Reverse<u32>, u32);

/// The rank key of entity number `entity` reached with `edits`.
fn rank<D>(edits: D, prominence: f64, alias_count: u32, entity: u32) -> Rank<D> {
    (
        edits,
        Reverse(OrdF64(prominence)),
        Reverse(alias_count),
        entity,
    )
}

/// A candidate entity with its rank key (spelling distance, prominence,
/// alias count, table order; smallest first) and the alias number that
/// reached it.
type Ranked<'i, D> = (Rank<D>, EntityRef<'i>, u32);

/// An `f64` ordered by [`f64::total_cmp`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdF64(f64);

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Checks that `bytes` are UTF-8, or says where they are not.
///
/// ```
/// assert_eq!(aka::tag::check_utf8(b"ok").unwrap(), "ok");
/// assert!(aka::tag::check_utf8(b"a\n\xc3(").is_err());
/// ```
pub fn check_utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count() as u64;
        Error::InvalidUtf8 {
            offset: offset as u64,
            line,
        }
    })
}

/// Shortest word (in folded letters) that [`Tagger::near_country`] reads
/// one letter away from a country: shorter words are too often another
/// word (`Iceland`/`Ireland`, `Gambia`/`Zambia`).
const NEAR_COUNTRY_MIN_LEN: usize = 8;

/// The most entries a text's maps are made for at the start.
const PRESIZE_CAP: usize = 2048;

/// Most keys sharing a word's stem that a near-country search reads.
const NEAR_COUNTRY_KEY_CAP: usize = 200;

/// A mention before the evidence filter: words `first..=last` of the
/// text, less `trim_end` bytes at the end (a genitive `s`).
struct Candidate {
    first: usize,
    last: usize,
    trim_end: usize,
    rule: Rule,
    hit: Hit,
    needs_evidence: bool,
}

/// What a text's tagging has learnt of one distinct word.
#[derive(Clone)]
struct WordInfo {
    /// Its skeleton: a range of `Doc::skeletons`.
    skeleton: Range<usize>,
    /// Whether the skeleton is a token of some alias, once asked.
    alias_token: Option<bool>,
}

/// The state of one text being tagged.
struct Doc<'a> {
    tagger: &'a Tagger,
    text: &'a str,
    tokens: &'a Tokens,
    lang: Option<Lang>,
    /// Folded forms of the words written in lower case, built on first use.
    lower: Option<FxHashSet<&'a str>>,
    /// Per word: a title or a common word of the text's language (computed
    /// for name-like words only).
    function: Vec<bool>,
    /// Per word, once asked: whether every token of its folded form is an
    /// alias token.
    alias_words: Vec<Option<bool>>,
    /// Answers of key lookups in this text, by a kind byte and the key.
    cache: FxHashMap<String, Option<Hit>>,
    cache_key: String,
    /// Per distinct folded word (or token): its skeleton, and whether that
    /// is a token of some alias once asked.
    words: FxHashMap<&'a str, WordInfo>,
    /// The skeletons of `words`, one after another.
    skeletons: String,
    /// Surname skeleton → person named in full earlier.
    surnames: FxHashMap<String, Hit>,
    key: String,
    /// Reused buffer for skeletons.
    scratch: String,
}

impl<'a> Doc<'a> {
    fn run(&mut self) -> Vec<Mention> {
        let toks = &self.tokens.list;
        let mut found: Vec<Candidate> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].name_like() {
                i += 1;
                continue;
            }
            let mut hi = i + 1;
            // Lower-case words inside a name are short: `Isle of Man`,
            // `Rostov-on-Don`, `Frankfurt am Main`.
            while hi < toks.len()
                && hi - i < MAX_WORDS
                && toks[hi].gap != Gap::Break
                && !toks[hi - 1].possessive
                && (toks[hi].name_like() || toks[hi].char_end - toks[hi].char_start <= 4)
            {
                hi += 1;
            }
            if let Some(c) = self
                .longest_alias(i, hi)
                .or_else(|| self.person_name(i, hi))
            {
                found.push(c.0);
                i = c.1;
                continue;
            }
            if let Some(c) = self.single(i, hi) {
                found.push(c);
            }
            i += 1;
        }
        let index = &self.tagger.index;
        let mut confirmed = Confirmed::default();
        for c in found.iter().filter(|c| !c.needs_evidence) {
            confirmed.insert(&c.hit);
        }
        found
            .iter()
            .filter(|c| {
                !c.needs_evidence || c.hit.is_country() || confirmed.contains(&c.hit, index)
            })
            .filter_map(|c| self.mention(c))
            .collect()
    }

    fn folded(&self, i: usize) -> &'a str {
        let tokens: &'a Tokens = self.tokens;
        tokens.folded(&tokens.list[i])
    }

    /// Whether word `i` is a title or a common word of the text's language.
    fn is_function_word(&self, i: usize) -> bool {
        if self.tokens.list[i].name_like() {
            return self.function[i];
        }
        let f = self.folded(i);
        words::is_function_word(self.lang, f)
    }

    /// Whether every token of word `i` is an alias token.
    fn alias_word(&mut self, i: usize) -> bool {
        if let Some(known) = self.alias_words[i] {
            return known;
        }
        let known = self.all_alias_tokens(self.folded(i));
        self.alias_words[i] = Some(known);
        known
    }

    /// The end of the longest run of words from `i` (up to `hi`) that can
    /// be part of one alias: a word none of whose tokens is an alias token
    /// ends it, unless an apostrophe glues it to a neighbour (the key then
    /// holds the two as one token).
    fn alias_run_end(&mut self, i: usize, hi: usize) -> usize {
        let toks = &self.tokens.list;
        (i..hi)
            .find(|&k| {
                let glued = toks[k].gap == Gap::Apostrophe
                    || toks.get(k + 1).is_some_and(|n| n.gap == Gap::Apostrophe);
                !glued && !self.alias_word(k)
            })
            .unwrap_or(hi)
    }

    /// Builds the folded key of words `i..j` into `self.key`.
    fn build_key(&mut self, i: usize, j: usize) {
        self.key.clear();
        for k in i..j {
            if k > i && self.tokens.list[k].gap != Gap::Apostrophe {
                self.key.push(' ');
            }
            let f = self.folded(k);
            self.key.push_str(f);
        }
    }

    /// [`Tagger::lookup_key`] (kind `k`: codes allowed; `a`: not; `s`:
    /// not, and no skeleton for words too short to match by skeleton) or
    /// [`Tagger::given_and_surname`] (kind `n`, two keys), once per text.
    /// The caller has checked that every token of a key is an alias token
    /// (a key with another word is no alias, nor an alias's skeleton).
    fn cached(&mut self, kind: char, a: &str, b: &str) -> Option<Hit> {
        self.memo(kind, a, b, |doc| match kind {
            'n' => doc.tagger.given_and_surname(a, b),
            _ => doc.tagger.lookup_key(a, kind == 'k', kind != 's'),
        })
    }

    /// The answer for (`kind`, `a`, `b`): from this text's cache, or made
    /// by `compute` once and remembered.
    fn memo(
        &mut self,
        kind: char,
        a: &str,
        b: &str,
        compute: impl FnOnce(&mut Self) -> Option<Hit>,
    ) -> Option<Hit> {
        self.cache_key.clear();
        self.cache_key.push(kind);
        self.cache_key.push_str(a);
        if !b.is_empty() {
            self.cache_key.push(' ');
            self.cache_key.push_str(b);
        }
        if let Some(m) = self.cache.get(self.cache_key.as_str()) {
            return m.clone();
        }
        let key = self.cache_key.clone();
        let m = compute(self);
        self.cache.insert(key, m.clone());
        m
    }

    /// Whether the skeleton of folded word `t` (a slice of the text's
    /// folded words) is a token of some alias; one token lookup per
    /// distinct word.
    fn alias_token(&mut self, t: &'a str) -> bool {
        let index = &self.tagger.index;
        let info = Self::info_in(&mut self.words, &mut self.skeletons, t);
        if let Some(known) = info.alias_token {
            return known;
        }
        let known = index
            .token_value(&self.skeletons[info.skeleton.clone()])
            .is_some();
        info.alias_token = Some(known);
        known
    }

    /// Whether every token of `folded` (a slice of the text's folded
    /// words) is an alias token.
    fn all_alias_tokens(&mut self, folded: &'a str) -> bool {
        normalize::tokens(folded).all(|t| self.alias_token(t))
    }

    /// What is known of folded word (or token) `t`; its skeleton is made
    /// once per text.
    fn word_info(&mut self, t: &'a str) -> WordInfo {
        Self::info_in(&mut self.words, &mut self.skeletons, t).clone()
    }

    /// The entry of `t` in `words`, made with its skeleton (appended to
    /// `skeletons`) on first sight: one hash of `t` either way.
    fn info_in<'w>(
        words: &'w mut FxHashMap<&'a str, WordInfo>,
        skeletons: &mut String,
        t: &'a str,
    ) -> &'w mut WordInfo {
        words.entry(t).or_insert_with(|| {
            let start = skeletons.len();
            normalize::skeleton_token(t, skeletons);
            WordInfo {
                skeleton: start..skeletons.len(),
                alias_token: None,
            }
        })
    }

    /// The person named in full earlier whose surname has the skeleton of
    /// folded word `t`.
    fn remembered(&mut self, t: &'a str) -> Option<Hit> {
        if self.surnames.is_empty() {
            return None;
        }
        let range = self.word_info(t).skeleton;
        self.surnames.get(&self.skeletons[range]).cloned()
    }

    /// The skeleton of folded word (or token) `t`.
    fn skeleton(&mut self, t: &'a str) -> &str {
        let range = self.word_info(t).skeleton;
        &self.skeletons[range]
    }

    /// Whether every token of `key` is an alias token, for keys that are
    /// no slice of the text's folded words (words glued by an apostrophe).
    fn key_tokens_known(&mut self, key: &str) -> bool {
        normalize::tokens(key).all(|t| self.tagger.is_alias_token(t, &mut self.scratch))
    }

    /// The mention a candidate stands for; `None` only for a damaged
    /// index.
    fn mention(&self, c: &Candidate) -> Option<Mention> {
        let (a, b) = (&self.tokens.list[c.first], &self.tokens.list[c.last]);
        let bytes = a.start..b.end - c.trim_end;
        let text = &self.text[bytes.clone()];
        Some(Mention {
            text: text.to_string(),
            bytes,
            chars: a.char_start..b.char_end - c.trim_end,
            rule: c.rule,
            entity: c.hit.to_match(&self.tagger.index, text)?,
        })
    }

    /// Remembers a person's surname for re-mentions.
    fn remember(&mut self, last: usize, m: &Hit) {
        if m.is_person() {
            let sk = self.skeleton(self.folded(last));
            if sk.len() >= 3 {
                let sk = sk.to_string();
                self.surnames.insert(sk, m.clone());
            }
        }
    }

    /// Rule 1 for two or more words: the longest run `i..j` that is a key.
    fn longest_alias(&mut self, i: usize, hi: usize) -> Option<(Candidate, usize)> {
        let hi = self.alias_run_end(i, hi);
        for j in (i + 2..=hi).rev() {
            if !self.tokens.list[j - 1].name_like() {
                continue;
            }
            self.build_key(i, j);
            let key = std::mem::take(&mut self.key);
            // The run did not test words glued by an apostrophe (to each
            // other, or to a word just outside the key); every other word
            // of the key is an alias word.
            let glued = (i..=j).any(|k| {
                self.tokens
                    .list
                    .get(k)
                    .is_some_and(|t| t.gap == Gap::Apostrophe)
            });
            let m = if !glued || self.key_tokens_known(&key) {
                self.cached('a', &key, "")
            } else {
                None
            };
            self.key = key;
            let Some(m) = m else { continue };
            self.remember(j - 1, &m);
            let c = Candidate {
                first: i,
                last: j - 1,
                trim_end: 0,
                rule: Rule::Alias,
                hit: m,
                needs_evidence: false,
            };
            return Some((c, j));
        }
        None
    }

    /// Rule 2: a person's given name and surname.
    fn person_name(&mut self, i: usize, hi: usize) -> Option<(Candidate, usize)> {
        let toks = &self.tokens.list;
        if hi < i + 2 {
            return None;
        }
        let plain =
            |k: usize| toks[k].name_like() && !toks[k].all_upper && !self.is_function_word(k);
        if !plain(i) || !plain(i + 1) || toks[i].possessive {
            return None;
        }
        // The surname must be an alias token (checked once per word).
        if !self.alias_word(i + 1) {
            return None;
        }
        let m = self.cached('n', self.folded(i), self.folded(i + 1))?;
        self.remember(i + 1, &m);
        let c = Candidate {
            first: i,
            last: i + 1,
            trim_end: 0,
            rule: Rule::Name,
            hit: m,
            needs_evidence: false,
        };
        Some((c, i + 2))
    }

    /// Rules 3 to 5 for word `i` alone.
    fn single(&mut self, i: usize, hi: usize) -> Option<Candidate> {
        let t: &Token = &self.tokens.list[i];
        let folded = self.folded(i);
        if self.is_function_word(i) && !(t.all_upper && folded.len() >= 3) {
            return None;
        }
        // Rule 3: a re-mention of a person named in full.
        let genitive = folded.len() >= 5
            && folded.ends_with('s')
            && t.end - t.start > 1
            && self.text[..t.end].ends_with('s');
        let mut hit = self.remembered(folded).map(|m| (m, 0));
        if hit.is_none() && genitive {
            hit = self.remembered(&folded[..folded.len() - 1]).map(|m| (m, 1));
        }
        if let Some((m, trim)) = hit {
            return Some(Candidate {
                first: i,
                last: i,
                trim_end: trim,
                rule: Rule::Remention,
                hit: m,
                needs_evidence: false,
            });
        }
        if let Some(m) = self.titled_surname(i) {
            // A title says "person", not which one: "Mrs Johnson" is rarely
            // a sanctioned Johnson. The mention counts once the same person
            // is named in full somewhere in the text, before or after.
            return Some(Candidate {
                first: i,
                last: i,
                trim_end: 0,
                rule: Rule::Title,
                hit: m,
                needs_evidence: true,
            });
        }
        // Rule 5: the word is an alias.
        if self.inside_unknown_name(i, hi) {
            return None;
        }
        // Skeleton matches need five letters (see acceptable_single).
        let kind = if t.all_upper {
            'k'
        } else if folded.len() >= 5 {
            'a'
        } else {
            's'
        };
        let capitalised = t.upper && !t.all_upper;
        let as_written = if self.alias_word(i) {
            self.cached(kind, folded, "")
        } else {
            None
        };
        let found = match as_written {
            Some(m) => Some((folded, 0, m)),
            // `genitive` means five letters or more, the last an `s`.
            None if genitive && capitalised => {
                let key: &'a str = &folded[..folded.len() - 1];
                let kind = if key.len() >= 5 { 'a' } else { 's' };
                if self.all_alias_tokens(key) {
                    self.cached(kind, key, "").map(|m| (key, 1, m))
                } else {
                    None
                }
            }
            None => None,
        };
        let (key, trim, m) = match found {
            Some(found) => found,
            None if capitalised && self.tagger.may_be_near_country(folded) => {
                let m = self.memo('c', folded, "", |doc| doc.tagger.near_country(folded))?;
                (folded, 0, m)
            }
            None => return None,
        };
        let surface = &self.text[t.start..t.end - trim];
        if !self.acceptable_single(i, surface, key, &m) {
            return None;
        }
        let dateline = t.line_start && t.all_upper && t.dateline_after;
        let needs_evidence = !dateline && (t.sentence_start || self.written_in_lower_case(key));
        Some(Candidate {
            first: i,
            last: i,
            trim_end: trim,
            rule: Rule::Alias,
            hit: m,
            needs_evidence,
        })
    }

    /// Rule 4: word `i` after a person's title (`M. Loukachenko`,
    /// `le président Poutine`), resolved as a surname among persons. Only
    /// an exact, reordered, skeleton or surname answer without edits
    /// counts: a title says "person", not how the name is spelt. The
    /// resolver therefore skips its near-spelling stages.
    fn titled_surname(&mut self, i: usize) -> Option<Hit> {
        let toks = &self.tokens.list;
        let t = &toks[i];
        let titled = i > 0 && t.gap == Gap::Join && words::is_title(self.folded(i - 1));
        if !titled || !t.upper || self.function[i] || t.char_end - t.char_start < 3 {
            return None;
        }
        let text: &'a str = self.text;
        let word = &text[t.start..t.end];
        self.memo('t', self.folded(i), "", |doc| {
            let persons = doc.tagger.persons.as_ref()?;
            let m = persons.resolve_one(word).filter(|m| {
                m.reason.edits == 0
                    && matches!(
                        m.reason.stage,
                        Stage::Exact | Stage::Reordered | Stage::Skeleton | Stage::Surname
                    )
            })?;
            Some(Hit::Resolved(Rc::new(m)))
        })
    }

    /// Whether word `i` touches another capitalised word that is not a
    /// title or common word (the two did not resolve together).
    fn inside_unknown_name(&self, i: usize, hi: usize) -> bool {
        let toks = &self.tokens.list;
        let loose =
            |k: usize| toks[k].name_like() && !toks[k].all_upper && !self.is_function_word(k);
        let t = &toks[i];
        if t.all_upper {
            return false;
        }
        let next = hi > i + 1 && toks[i + 1].gap == Gap::Join && loose(i + 1);
        let prev = i > 0
            && t.gap == Gap::Join
            && !toks[i - 1].possessive
            && loose(i - 1)
            && !toks[i - 1].sentence_start;
        next || prev
    }

    /// The checks of rule 5 on the resolved match for word `i`.
    fn acceptable_single(&self, i: usize, surface: &str, key: &str, m: &Hit) -> bool {
        let toks = &self.tokens.list;
        let t = &toks[i];
        let letters = surface.chars().count();
        match m.stage() {
            Stage::Exact | Stage::Reordered if m.is_code() => {
                // Codes count in capitals only; a two-letter code between
                // other upper-case words (a headline) is a word.
                let caps_around = (i > 0 && toks[i - 1].all_upper)
                    || toks.get(i + 1).is_some_and(|x| x.all_upper);
                t.all_upper && (letters >= 3 || !caps_around)
            }
            Stage::Exact | Stage::Reordered => letters >= 3,
            Stage::Skeleton => m.alias_text(&self.tagger.index).is_some_and(|alias| {
                letters >= 5
                    && is_latin(surface) == is_latin(alias)
                    && strsim::levenshtein(key, &normalize::fold(alias)) <= 1
            }),
            // Made only by near_country, which checks the rest.
            Stage::Fuzzy => m.is_country() && letters >= NEAR_COUNTRY_MIN_LEN,
            _ => false,
        }
    }

    /// Whether the folded word also occurs written in lower case.
    fn written_in_lower_case(&mut self, folded: &str) -> bool {
        let tokens: &'a Tokens = self.tokens;
        let text = self.text;
        let lower = self.lower.get_or_insert_with(|| {
            let mut lower = FxHashSet::with_capacity_and_hasher(
                tokens.list.len().min(PRESIZE_CAP),
                Default::default(),
            );
            lower.extend(
                tokens
                    .list
                    .iter()
                    .filter(|t| {
                        text[t.start..t.end]
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                    })
                    .map(|t| tokens.folded(t)),
            );
            lower
        });
        lower.contains(folded)
    }
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Whether every letter of `s` is Latin script.
fn is_latin(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        c.is_ascii()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
    })
}
