//! Which of several aliases that fold alike a reason should name: the one
//! closest to the name as the user wrote it.

use crate::index::Index;
use crate::normalize::script::script_of;

/// The position, among `aliases`, of the one closest to `asked`: the first
/// spelled alike, else alike but for case, else in its script, else the
/// first. For aliases that score alike (an exact key reached several of an
/// entity's aliases), so that "Москва" is explained by the alias "Москва"
/// rather than its romanisation.
pub(crate) fn closest(
    index: &Index,
    aliases: impl Iterator<Item = u32> + Clone,
    asked: &str,
) -> usize {
    let text_of = |a| index.alias_text_bytes(a).unwrap_or_default();
    // Most names asked are spelled as an alias: a byte comparison each.
    if let Some(i) = aliases.clone().position(|a| text_of(a) == asked.as_bytes()) {
        return i;
    }
    let script = script_of(asked);
    let distance = |alias: &[u8]| match std::str::from_utf8(alias) {
        Ok(alias) if lowercase(alias).eq(lowercase(asked)) => 0,
        Ok(alias) if script_of(alias) == script => 1,
        _ => 2,
    };
    aliases
        .map(text_of)
        .enumerate()
        .min_by_key(|(_, alias)| distance(alias))
        .map_or(0, |(i, _)| i)
}

/// The longest name, in bytes, compared by [`written_distance`].
const MAX_WRITTEN_LEN: usize = 256;

/// How far `alias` is written from `asked`: the edits between the two in
/// lower case, punctuation and accents included, which folding drops. Among
/// entities that score alike, the one whose alias the user wrote more
/// nearly is the likelier meant: `CORPORACINO CIMECX, S.A.` is a slip of
/// `CORPORACION CIMEX, S.A.`, not of `CORPORACION CIMEX S.A.`.
pub(crate) fn written_distance(index: &Index, alias: u32, asked: &str) -> usize {
    let text = index.alias_text_bytes(alias).unwrap_or_default();
    // The distance takes time in the product of the lengths: a name is
    // short, and a longer query (a whole field of text) is no name to
    // compare letter by letter.
    if asked.len() > MAX_WRITTEN_LEN || text.len() > MAX_WRITTEN_LEN {
        return 0;
    }
    let text = String::from_utf8_lossy(text);
    let alias: String = lowercase(&text).collect();
    let asked: String = lowercase(asked).collect();
    strsim::levenshtein(&alias, &asked)
}

/// How many of the words of `asked` the entity's own name spells as asked
/// (in lower case). Among entities whose matching aliases are written
/// alike, the one whose name holds the query's words is the likelier
/// meant: `Aleksei Krivoruchko` names Aleksei Yurievich Krivoruchko rather
/// than Aleksey Krivoruchko, though both are listed as `KRIVORUCHKO,
/// Aleksey`.
pub(crate) fn words_in_name(index: &Index, entity: u32, asked: &str) -> usize {
    let Some(entity) = index.entity(entity) else {
        return 0;
    };
    let name: Vec<String> = words(entity.name).collect();
    words(asked).filter(|w| name.contains(w)).count()
}

/// The words of `s` in lower case.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| lowercase(w).collect())
}

/// The characters of `s` in lower case.
fn lowercase(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}
