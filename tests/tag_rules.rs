//! The tagger's rules, one small text per case.

use aka::{Index, Rule, Tagger};
use std::sync::OnceLock;

fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| Tagger::new(Index::embedded().expect("embedded index")))
}

/// `(surface, entity id)` of each mention, in order.
fn tag(text: &str) -> Vec<(String, String)> {
    tagger()
        .tag(text)
        .into_iter()
        .map(|m| (m.text, m.entity.id))
        .collect()
}

const LUKASHENKO: &str = "ofac:9760";
const PUTIN: &str = "ofac:35096";

/// A case: its name, the text, and the expected `(surface, id)` mentions.
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[test]
fn rules_table() {
    let cases: &[Case] = &[
        // Multi-word names; the longest match wins.
        (
            "longest match",
            "Workers at Grodno Azot struck.",
            &[("Grodno Azot", "ofac:12861")],
        ),
        (
            "multi-word place",
            "Ships sail to St Petersburg and Saint-Pétersbourg.",
            &[
                ("St Petersburg", "geonames:498817"),
                ("Saint-Pétersbourg", "geonames:498817"),
            ],
        ),
        (
            "organisation over country",
            "the Belarusian KGB said",
            &[("Belarusian KGB", "ofac:32275")],
        ),
        // Titles are not part of the span; re-mentions follow a full name.
        (
            "title",
            "Alexander Lukashenko spoke. Later, President Lukashenko left.",
            &[
                ("Alexander Lukashenko", LUKASHENKO),
                ("Lukashenko", LUKASHENKO),
            ],
        ),
        (
            "french title",
            "Alexandre Loukachenko a parlé. M. Loukachenko est parti.",
            &[
                ("Alexandre Loukachenko", LUKASHENKO),
                ("Loukachenko", LUKASHENKO),
            ],
        ),
        (
            "other script",
            "Alexander Lukashenko spoke; placards read Лукашенко, уходи!",
            &[
                ("Alexander Lukashenko", LUKASHENKO),
                ("Лукашенко", LUKASHENKO),
            ],
        ),
        (
            "full name beats re-mention",
            "Alexander Lukashenko and Lukashenko's son Dmitry Lukashenko.",
            &[
                ("Alexander Lukashenko", LUKASHENKO),
                ("Lukashenko", LUKASHENKO),
                ("Dmitry Lukashenko", "ofac:32615"),
            ],
        ),
        // Possessives and inflections.
        (
            "possessive",
            "Vladimir Putin spoke. Putin's aides and Putin’s plan.",
            &[
                ("Vladimir Putin", PUTIN),
                ("Putin", PUTIN),
                ("Putin", PUTIN),
            ],
        ),
        (
            "german genitive",
            "Wladimir Putin sprach. Putins Einfluss wächst.",
            &[("Wladimir Putin", PUTIN), ("Putin", PUTIN)],
        ),
        // Places in news forms.
        (
            "french exonym",
            "Il est arrivé à Moscou puis à Varsovie.",
            &[
                ("Moscou", "geonames:524901"),
                ("Varsovie", "geonames:756135"),
            ],
        ),
        (
            "country by its ending",
            "Le président de la Biélorussie a parlé.",
            &[("Biélorussie", "country:BY")],
        ),
        (
            "no country by an inner letter or an added one",
            "Mongelia and Bielorussian were not named.",
            &[],
        ),
        (
            "german exonym",
            "Gespräche in Warschau und Moskau.",
            &[
                ("Warschau", "geonames:756135"),
                ("Moskau", "geonames:524901"),
            ],
        ),
        (
            "elided article",
            "la frontière avec l'Ukraine",
            &[("Ukraine", "country:UA")],
        ),
        (
            "dateline",
            "VILNIUS — The talks ended.",
            &[("VILNIUS", "geonames:593116")],
        ),
        (
            "code in capitals",
            "Die USA und Polen.",
            &[("USA", "country:US"), ("Polen", "country:PL")],
        ),
        // Precision: ordinary words that are aliases.
        ("byline", "By Helen Marchetti", &[]),
        (
            "sentence-initial common words",
            "Nice words. Mobile internet was cut. Split over it, they left.",
            &[],
        ),
        (
            "list words",
            "Home. Related: Since March, most police said.",
            &[],
        ),
        ("lower case", "the police said it was most reading", &[]),
        (
            "lower-case twin needs evidence",
            "Police arrived. The police left.",
            &[],
        ),
        (
            "mid-sentence city",
            "He spent the summer in Nice with friends.",
            &[("Nice", "geonames:2990440")],
        ),
        (
            "short codes in mixed case",
            "Mr Smith, Am Abend, Au revoir.",
            &[],
        ),
        (
            "part of an unknown name",
            "Le ministre Viktor Chrenin.",
            &[],
        ),
        (
            "french -ine for russian -in",
            "Vladimir Poutine et Sergueï Lavrov.",
            &[
                ("Vladimir Poutine", "ofac:35096"),
                ("Sergueï Lavrov", "ofac:35233"),
            ],
        ),
        ("french function words", "Les Des Une Selon Lundi", &[]),
        (
            "german function words",
            "Laut Bericht. Auch Dort. Im Mai.",
            &[],
        ),
        ("union", "l'Union européenne et la Europäische Union", &[]),
        (
            "a gazetteer form without its bracketed qualifier",
            "la Russie",
            &[("Russie", "country:RU")],
        ),
        (
            "a titled surname counts once the person is named in full",
            "President Putin spoke first. Later, Vladimir Putin left.",
            &[("Putin", "ofac:35096"), ("Vladimir Putin", "ofac:35096")],
        ),
        (
            "a titled surname alone is no evidence",
            "Mrs Johnson agreed with President Putin.",
            &[],
        ),
        (
            "unknown people",
            "Claire Dutertre and Katrin Vollmer met Matthias Gerlinger.",
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for (name, text, want) in cases {
        let got = tag(text);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(s, id)| (s.to_string(), id.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{name}: {text:?}\n   got  {got:?}\n   want {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn spans_are_bytes_and_chars() {
    let text = "«Лукашенко» — Alexander Lukashenko, in Klaipėda.";
    let mentions = tagger().tag(text);
    let m = mentions
        .iter()
        .find(|m| m.entity.id == "geonames:598098")
        .expect("Klaipėda");
    assert_eq!(&text[m.bytes.clone()], "Klaipėda");
    assert_eq!(
        text.chars()
            .skip(m.chars.start)
            .take(m.chars.len())
            .collect::<String>(),
        "Klaipėda"
    );
    assert!(m.chars.start < m.bytes.start);
    assert_eq!(m.rule, Rule::Alias);
}

#[test]
fn names_and_rules_are_reported() {
    let mentions = tagger().tag("Alexandre Loukachenko a parlé. M. Loukachenko est parti.");
    let rules: Vec<Rule> = mentions.iter().map(|m| m.rule).collect();
    assert_eq!(rules, [Rule::Name, Rule::Remention]);
}

#[test]
fn empty_and_odd_input() {
    for text in [
        "",
        " ",
        "\n\n",
        "'s",
        "’",
        "..., ;",
        "123 456",
        "a",
        "ÉÉÉ",
        "s's's",
        "\u{301}\u{301}",
        "北京 東京",
    ] {
        let _ = tagger().tag(text);
    }
    assert!(tagger().tag("").is_empty());
}

#[test]
fn invalid_utf8_names_the_byte() {
    let err = tagger()
        .tag_bytes(b"Minsk\nMoscow \xc3(")
        .expect_err("not UTF-8");
    assert!(
        matches!(
            err,
            aka::Error::InvalidUtf8 {
                offset: 13,
                line: 2
            }
        ),
        "{err}"
    );
}

/// A tagger over inline tables: one town whose aliases are given.
fn town_tagger(aliases: &str) -> Tagger {
    let entities = "id,type,name,country,prominence\nt1,city,Кравоск,XX,1000\n";
    let (bytes, _) = aka::build_index(
        aka::TableSource {
            name: "entities.csv".into(),
            reader: entities.as_bytes(),
        },
        aka::TableSource {
            name: "aliases.csv".into(),
            reader: aliases.as_bytes(),
        },
    )
    .expect("the inline tables build");
    Tagger::new(Index::from_bytes(bytes).expect("a fresh index opens"))
}

#[test]
fn a_single_word_matches_by_skeleton_only_an_alias_in_its_own_script() {
    let text = "They drove on to Krawosk that night.";
    // "krawosk" and "kravosk" share a skeleton, one letter apart.
    let latin = town_tagger("entity_id,alias,lang,kind\nt1,Kravosk,,name\n");
    let found: Vec<String> = latin.tag(text).into_iter().map(|m| m.text).collect();
    assert_eq!(found, ["Krawosk"]);
    // The same letters reached through a Cyrillic alias's transliteration
    // are a coincidence of romanisation, not a spelling variant.
    let cyrillic = town_tagger("entity_id,alias,lang,kind\nt1,Кравоск,ru,alt\n");
    assert!(cyrillic.tag(text).is_empty());
    // Written exactly as the transliteration, it is a match.
    assert_eq!(cyrillic.tag("They drove on to Kravosk.").len(), 1);
}

#[test]
fn a_titled_surname_is_reported_as_such() {
    let text = "Herr Lukaschenko sprach. Alexander Lukaschenko schwieg.";
    let rules: Vec<(String, Rule)> = tagger()
        .tag(text)
        .into_iter()
        .map(|m| (m.text, m.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("Lukaschenko".to_string(), Rule::Title),
            ("Alexander Lukaschenko".to_string(), Rule::Name)
        ]
    );
}

#[test]
fn a_mention_is_explained_by_the_alias_it_is_spelled_as() {
    let tagger = town_tagger(
        "entity_id,alias,lang,kind\nt1,Кравоск,ru,alt\nt1,Kravósk,,alt\nt1,Kravosk,,name\n",
    );
    // The first alias of the town is Cyrillic: a mention in Latin letters
    // is explained by the Latin alias it is spelled as.
    let text = "From Kravosk to Кравоск, then KRAVOSK and Kravósk.";
    let named: Vec<(String, String)> = tagger
        .tag(text)
        .into_iter()
        .map(|m| (m.text, m.entity.reason.alias))
        .collect();
    let pairs = [
        ("Kravosk", "Kravosk"),
        ("Кравоск", "Кравоск"),
        ("KRAVOSK", "Kravosk"),
        ("Kravósk", "Kravósk"),
    ];
    assert_eq!(named, pairs.map(|(t, a)| (t.to_string(), a.to_string())));
}
