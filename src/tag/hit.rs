//! What the words of a text resolved to, kept cheap until they become a
//! mention.
//!
//! A text asks the index about many keys, remembers the answers, and
//! carries them into candidates that the evidence rules may still drop. A
//! [`Match`] owns five strings; a [`Hit`] is a few numbers, so the strings
//! are made only for the mentions returned.

use crate::index::Index;
use crate::index::format::AliasKind;
use crate::normalize::script::script_of;
use crate::resolve::{Match, Reason, Stage, asked};
use rustc_hash::FxHashSet;
use std::rc::Rc;

/// An entity that a key of the text resolved to.
#[derive(Debug, Clone)]
pub(super) enum Hit {
    /// An alias of the index and how the key reached it.
    Alias(AliasHit),
    /// A resolver's answer (a surname after a title), shared by the
    /// mentions that carry it.
    Resolved(Rc<Match>),
}

/// An alias of the index that a key reached.
#[derive(Debug, Clone, Copy)]
pub(super) struct AliasHit {
    alias: u32,
    entity: u32,
    stage: Stage,
    score: f64,
    edits: u32,
    class: Class,
    code: bool,
}

/// The entity types that the tagger's rules tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Person,
    Country,
    Other,
}

impl Hit {
    /// Alias `alias` of entity `entity`, reached by `stage` with `edits`;
    /// reads no strings. `None` only for a damaged index.
    pub fn alias(
        index: &Index,
        alias: u32,
        entity: u32,
        stage: Stage,
        score: f64,
        edits: u32,
    ) -> Option<Hit> {
        let class = match index.entity_kind_country(entity)?.0 {
            b"person" => Class::Person,
            b"country" => Class::Country,
            _ => Class::Other,
        };
        let (_, kind, _) = index.alias_for_scoring(alias)?;
        Some(Hit::Alias(AliasHit {
            alias,
            entity,
            stage,
            score,
            edits,
            class,
            code: kind == AliasKind::Code,
        }))
    }

    /// Whether the entity is a person.
    pub fn is_person(&self) -> bool {
        match self {
            Hit::Alias(h) => h.class == Class::Person,
            Hit::Resolved(m) => m.kind == "person",
        }
    }

    /// Whether the entity is a country.
    pub fn is_country(&self) -> bool {
        match self {
            Hit::Alias(h) => h.class == Class::Country,
            Hit::Resolved(m) => m.kind == "country",
        }
    }

    /// How the key reached the entity.
    pub fn stage(&self) -> Stage {
        match self {
            Hit::Alias(h) => h.stage,
            Hit::Resolved(m) => m.reason.stage,
        }
    }

    /// Whether the alias reached is a code (`BY`, `BLR`).
    pub fn is_code(&self) -> bool {
        match self {
            Hit::Alias(h) => h.code,
            Hit::Resolved(m) => m.reason.alias_kind == AliasKind::Code.as_str(),
        }
    }

    /// The alias reached, as the table wrote it.
    pub fn alias_text<'s>(&'s self, index: &'s Index) -> Option<&'s str> {
        match self {
            Hit::Alias(h) => index.alias(h.alias).map(|a| a.text),
            Hit::Resolved(m) => Some(&m.reason.alias),
        }
    }

    /// The public match for a mention written `surface`; `None` only for a
    /// damaged index.
    pub fn to_match(&self, index: &Index, surface: &str) -> Option<Match> {
        let h = match self {
            Hit::Alias(h) => h,
            Hit::Resolved(m) => return Some(Match::clone(m)),
        };
        let e = index.entity(h.entity)?;
        let alias = index.alias(h.alias)?;
        // An alias in another script than the text ('Moskva' for "Москва")
        // may have a sibling that folds alike in the text's own; looked for
        // only then, as the look-up costs more than the rest of the mention.
        let alias = if script_of(alias.text) == script_of(surface) {
            alias
        } else {
            let alike: Vec<u32> = (index.names_exact(alias.folded).iter())
                .filter(|&a| index.alias_entity(a) == Some(h.entity))
                .collect();
            let closest = alike.get(asked::closest(index, alike.iter().copied(), surface));
            closest.and_then(|&a| index.alias(a)).unwrap_or(alias)
        };
        Some(Match {
            id: e.id.to_string(),
            name: e.name.to_string(),
            kind: e.kind.to_string(),
            country: (!e.country.is_empty()).then(|| e.country.to_string()),
            score: h.score,
            reason: Reason {
                stage: h.stage,
                alias: alias.text.to_string(),
                alias_kind: alias.kind.as_str(),
                edits: h.edits,
                titles_removed: Vec::new(),
                in_country: None,
            },
        })
    }
}

/// The entities of the mentions that needed no evidence.
#[derive(Default)]
pub(super) struct Confirmed<'s> {
    /// Entity numbers of alias hits.
    numbers: FxHashSet<u32>,
    /// Ids of resolver answers.
    ids: FxHashSet<&'s str>,
    /// Ids of `numbers`, read once a resolver answer is asked about.
    ids_of_numbers: Option<FxHashSet<&'s str>>,
}

impl<'s> Confirmed<'s> {
    /// Adds the entity of `hit`.
    pub fn insert(&mut self, hit: &'s Hit) {
        match hit {
            Hit::Alias(h) => self.numbers.insert(h.entity),
            Hit::Resolved(m) => self.ids.insert(&m.id),
        };
    }

    /// Whether the entity of `hit` is one added.
    pub fn contains(&mut self, hit: &Hit, index: &'s Index) -> bool {
        match hit {
            Hit::Alias(h) => {
                self.numbers.contains(&h.entity)
                    || (!self.ids.is_empty()
                        && index
                            .entity(h.entity)
                            .is_some_and(|e| self.ids.contains(e.id)))
            }
            Hit::Resolved(m) => {
                let numbers = &self.numbers;
                self.ids.contains(m.id.as_str())
                    || self
                        .ids_of_numbers
                        .get_or_insert_with(|| {
                            numbers
                                .iter()
                                .filter_map(|&n| index.entity(n).map(|e| e.id))
                                .collect()
                        })
                        .contains(m.id.as_str())
            }
        }
    }
}
