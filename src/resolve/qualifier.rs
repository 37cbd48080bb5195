//! A place written with its country after a comma: `Paris, France`,
//! `Hamilton, New Zealand`, `ہیملٹن، نیوزی لینڈ`. Spreadsheets and
//! gazetteers name places this way; the country is no part of the place's
//! name, so scored as one it leaves the name short of any alias, and it
//! says which of several places of one name is meant.

use crate::index::Index;
use crate::index::format::AliasKind;
use crate::normalize;

/// The commas that may end a place's name before its country: Latin,
/// Arabic, full-width and ideographic.
const COMMAS: [char; 4] = [',', '،', '，', '、'];

/// A query split into a name and the country it is qualified by.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Qualified<'q> {
    /// The name before the last comma.
    pub name: &'q str,
    /// The country's name after it, as written.
    pub country_name: &'q str,
    /// The ISO codes of the countries that name is an alias of.
    pub countries: Vec<String>,
}

/// Splits `query` at its last comma when what follows is exactly a name of
/// a country in `index` (not a code: `Li, Na` is a person, not a place in
/// Namibia).
pub(super) fn country_qualifier<'q>(index: &Index, query: &'q str) -> Option<Qualified<'q>> {
    let (name, country_name) = query.rsplit_once(COMMAS)?;
    let (name, country_name) = (name.trim(), country_name.trim());
    if name.is_empty() || country_name.is_empty() {
        return None;
    }
    let folded = normalize::fold(country_name);
    if folded.is_empty() {
        return None;
    }
    let mut countries: Vec<String> = Vec::new();
    for alias in index.names_exact(&folded).iter() {
        if index.alias_kind(alias) == Some(AliasKind::Code) {
            continue;
        }
        let Some((kind, code)) = index
            .alias_entity(alias)
            .and_then(|e| index.entity_kind_country(e))
        else {
            continue;
        };
        if kind == b"country" && !code.is_empty() {
            let code = String::from_utf8_lossy(code).into_owned();
            if !countries.contains(&code) {
                countries.push(code);
            }
        }
    }
    (!countries.is_empty()).then_some(Qualified {
        name,
        country_name,
        countries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        let entities = "id,type,name,country,prominence\nc:FR,country,France,FR,1\nc:NA,country,Namibia,NA,1\n";
        let aliases =
            "entity_id,alias,lang,kind\nc:FR,France,,name\nc:NA,Namibia,,name\nc:NA,NA,,code\n";
        let (bytes, _) = crate::build_index(
            crate::TableSource {
                name: "entities.csv".into(),
                reader: entities.as_bytes(),
            },
            crate::TableSource {
                name: "aliases.csv".into(),
                reader: aliases.as_bytes(),
            },
        )
        .expect("builds");
        Index::from_bytes(bytes).expect("opens")
    }

    #[test]
    fn a_country_after_the_last_comma_qualifies_the_name() {
        let index = index();
        let q = country_qualifier(&index, "Paris, France").expect("qualified");
        assert_eq!((q.name, q.country_name), ("Paris", "France"));
        assert_eq!(q.countries, ["FR"]);
        let q = country_qualifier(&index, "Rue de Paris, Paris، FRANCE").expect("qualified");
        assert_eq!(q.name, "Rue de Paris, Paris");
    }

    #[test]
    fn no_country_or_a_code_or_nothing_before_is_no_qualifier() {
        let index = index();
        assert_eq!(country_qualifier(&index, "Paris, Texas"), None);
        assert_eq!(country_qualifier(&index, "Li, Na"), None);
        assert_eq!(country_qualifier(&index, ", France"), None);
        assert_eq!(country_qualifier(&index, "France"), None);
    }
}
