//! Matching rules on small alias tables written inline, so each test shows
//! exactly which aliases exist.

use aka::{Index, Resolver, Stage, TableSource};

/// A resolver over `entities` and `aliases` (CSV text with headers).
fn resolver(entities: &str, aliases: &str) -> Resolver {
    Resolver::builder(index(entities, aliases)).build()
}

/// The index of `entities` and `aliases` (CSV text with headers).
fn index(entities: &str, aliases: &str) -> Index {
    let (bytes, _) = aka::build_index(
        TableSource {
            name: "entities.csv".into(),
            reader: entities.as_bytes(),
        },
        TableSource {
            name: "aliases.csv".into(),
            reader: aliases.as_bytes(),
        },
    )
    .expect("the inline tables build");
    Index::from_bytes(bytes).expect("a fresh index opens")
}

const ENTITIES: &str = "\
id,type,name,country,prominence
c1,city,Gobon,XX,1000
c2,city,Velmarsk,XX,500
";

const ALIASES: &str = "\
entity_id,alias,lang,kind
c1,Gobon,,name
c2,Velmarsk,,name
";

#[test]
fn a_typo_that_breaks_a_skeleton_rule_is_still_found() {
    // "gboon" has the skeleton "gbun" ("oo" reads as "u"), two edits from
    // "gobon"; as written it is one transposition away.
    let r = resolver(ENTITIES, ALIASES);
    let m = r
        .resolve_one("Gboon")
        .expect("one transposition is a match");
    assert_eq!(m.id, "c1");
    assert_eq!(m.reason.stage, Stage::Fuzzy);
    assert_eq!(m.reason.edits, 1);
}

#[test]
fn one_edit_in_a_long_name_matches_and_scores_below_exact() {
    let r = resolver(ENTITIES, ALIASES);
    let exact = r.resolve_one("Velmarsk").expect("exact");
    let typo = r.resolve_one("Velmarks").expect("one transposition");
    assert_eq!(typo.id, "c2");
    assert!(typo.score < exact.score, "{} < {}", typo.score, exact.score);
}

#[test]
fn an_unrelated_name_is_no_match() {
    let r = resolver(ENTITIES, ALIASES);
    assert_eq!(r.resolve_one("Quintaval"), None);
}

#[test]
fn two_substitutions_in_one_long_token_are_found_last() {
    // Two substitutions are out of reach of the one-deletion neighbourhood;
    // the two-edit walk finds them once nothing else passes.
    let entities = "id,type,name,country,prominence\nc1,city,Tarvenshelmgrad,XX,1000\n";
    let aliases = "entity_id,alias,lang,kind\nc1,Tarvenshelmgrad,,name\n";
    let r = resolver(entities, aliases);
    let m = r
        .resolve_one("Tarvonshelmgrud")
        .expect("two substitutions in fifteen letters are a match");
    assert_eq!(m.id, "c1");
    assert_eq!(m.reason.edits, 2);
    // Three are not.
    assert_eq!(r.resolve_one("Tarvonshalmgrud"), None);
}

#[test]
fn a_bracketed_qualifier_is_not_needed_to_match() {
    let entities = "id,type,name,country,prominence\nk1,country,Orvania,XX,0\n";
    let aliases = "entity_id,alias,lang,kind\nk1,Orvanie ( République d' ),fr,alt\n";
    let r = resolver(entities, aliases);
    let m = r.resolve_one("Orvanie").expect("the short form is a key");
    assert_eq!(m.id, "k1");
    assert_eq!(m.reason.stage, Stage::Exact);
    assert_eq!(m.reason.alias, "Orvanie ( République d' )");
}

#[test]
fn a_word_the_table_knows_is_not_read_as_a_double_typo() {
    // "Tarvonshelmgrud" and "Tarvenshelmgd" are words of the table, each two
    // edits from "Tarvenshelmgrad" (two substitutions; two missing letters).
    // Written alone they are taken as spelled: the query names the place
    // whose alias holds the word, even though that alias has more words,
    // or nothing, but never the place two edits away.
    let entities = "id,type,name,country,prominence\n\
                    c1,city,Tarvenshelmgrad,XX,1000\n\
                    c2,city,Tarvonshelmgrud Ferry Landing North,XX,1\n\
                    c3,city,Tarvenshelmgd Ferry Landing North,XX,1\n";
    let aliases = "entity_id,alias,lang,kind\n\
                   c1,Tarvenshelmgrad,,name\n\
                   c2,Tarvonshelmgrud Ferry Landing North,,name\n\
                   c3,Tarvenshelmgd Ferry Landing North,,name\n";
    let r = Resolver::builder(index(entities, aliases))
        .min_score(0.0)
        .top_k(3)
        .build();
    for query in ["Tarvonshelmgrud", "Tarvenshelmgd"] {
        let found: Vec<String> = r.resolve(query).into_iter().map(|m| m.id).collect();
        assert!(
            !found.is_empty(),
            "{query}: the alias with the word is found"
        );
        assert!(!found.contains(&"c1".to_string()), "{query}: {found:?}");
    }
    // An unknown word two substitutions away still finds it (see above).
    let found: Vec<String> = r
        .resolve("Tarvunshelmgrod")
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert!(found.contains(&"c1".to_string()), "{found:?}");
}

/// Entity and alias tables (CSV) of eighty entities of `kind`, each with the
/// alias `crowd(n)`, then the city `c1` named `city`, last in table order.
fn crowd_then_city(kind: &str, crowd: impl Fn(usize) -> String, city: &str) -> (String, String) {
    let mut entities = String::from("id,type,name,country,prominence\n");
    let mut aliases = String::from("entity_id,alias,lang,kind\n");
    for n in 0..80 {
        entities.push_str(&format!("e{n},{kind},Entity {n},XX,\n"));
        aliases.push_str(&format!("e{n},{},,name\n", crowd(n)));
    }
    entities.push_str(&format!("c1,city,{city},XX,10\n"));
    aliases.push_str(&format!("c1,{city},,name\n"));
    (entities, aliases)
}

#[test]
fn a_type_filter_keeps_other_types_from_crowding_out_candidates() {
    // Eighty persons share the token a typo reaches; the one city with it
    // comes last in the table. Scoring is capped per stage, so the filter
    // must apply before the cap, not after.
    let (entities, aliases) = crowd_then_city(
        "person",
        |n| format!("\"MARLANDOV, Given{n}\""),
        "Marlandov",
    );
    let index = index(&entities, &aliases);
    let cities = Resolver::builder(index).types(["city"]).build();
    let found = cities
        .resolve_one("Marlendov")
        .expect("the city, one edit away");
    assert_eq!(found.id, "c1");
}

#[test]
fn candidates_as_long_as_the_query_are_scored_before_long_ones() {
    // Eighty long names share the token a typo reaches and come first in
    // the table; the one alias that is the query's length comes last.
    // Only the likeliest candidates of a stage are scored, and a name of
    // the query's length is likelier to be meant than a long one.
    let (entities, aliases) = crowd_then_city(
        "organization",
        |n| format!("Velmarsk Trading and Shipping Company Number {n}"),
        "Velmarsk",
    );
    let found = resolver(&entities, &aliases)
        .resolve_one("Velmarks")
        .expect("the city, one transposition away");
    assert_eq!(found.id, "c1");
}

#[test]
fn scoring_stops_once_the_answer_is_plain() {
    // Eighty persons share the query's common given name; the one alias
    // that has its rare surname too is the query with an initial dropped,
    // so it is scored first and scores near 1, and the crowd need not be
    // scored. Asked for three answers, the resolver scores the crowd to
    // rank the runners-up, and the best answer is the same.
    let (entities, aliases) = crowd_then_city(
        "person",
        |n| format!("Anna Kovar{n}"),
        "Anna Velmarsk Orlovna",
    );
    let one = resolver(&entities, &aliases);
    let plain = one.explain("Anna B. Velmarsk Orlovna");
    assert_eq!(plain.matches[0].id, "c1");
    assert!(plain.matches[0].score >= 0.95, "{}", plain.matches[0].score);
    assert_eq!(plain.candidates.len(), 1, "{:?}", plain.candidates);
    let three = Resolver::builder(index(&entities, &aliases))
        .top_k(3)
        .build();
    let ranked = three.explain("Anna B. Velmarsk Orlovna");
    assert_eq!(ranked.matches[0].id, "c1");
    assert_eq!(ranked.matches[0].score, plain.matches[0].score);
    assert!(ranked.candidates.len() > 1, "{:?}", ranked.candidates);
}

#[test]
fn near_spellings_found_for_one_table_are_not_reused_for_another() {
    // A thread keeps what the near-spelling searches of a word found, for
    // the next queries; a resolver over another table must search again.
    let first = resolver(ENTITIES, ALIASES);
    let found = first
        .resolve_one("Velmarks")
        .expect("one transposition away");
    assert_eq!(found.id, "c2");
    // More words before it in this table: the same word has other
    // postings here.
    let other = resolver(
        "id,type,name,country,prominence\n\
         z1,city,Orlenburg,XX,10\nz2,city,Velmarsk,XX,10\n\
         z3,city,Abakan,XX,10\nz4,city,Bratsk,XX,10\n",
        "entity_id,alias,lang,kind\n\
         z1,Orlenburg,,name\nz2,Velmarsk,,name\nz3,Abakan,,name\nz4,Bratsk,,name\n",
    );
    let found = other
        .resolve_one("Velmarks")
        .expect("one transposition away");
    assert_eq!(found.id, "z2");
    assert_eq!(
        other.resolve_one("Orlenbrug").map(|m| m.id).as_deref(),
        Some("z1")
    );
}

/// Appends a thousand unrelated cities to the entity and alias tables, so
/// that the words of the other names are rare and weigh much.
fn add_fillers(entities: &mut String, aliases: &mut String) {
    for n in 0..1000 {
        entities.push_str(&format!("f{n},city,Filler {n},XX,\n"));
        aliases.push_str(&format!("f{n},Kestrel{n} Dunmore{n},,name\n"));
    }
}

#[test]
fn a_place_named_but_for_an_initial_is_found_past_a_crowd() {
    // Eighty numbered aliases share both words and are nearer the query's
    // length, so they fill the candidates the token stage scores; the
    // place whose alias is the query without its initial is found by key.
    // A thousand other names make the shared words rare enough for the
    // initial to weigh little.
    let (mut entities, mut aliases) = crowd_then_city(
        "organization",
        |n| format!("Velmarsk Orlen Tabor {n:02}"),
        "Velmarsk Orlen Tabor",
    );
    add_fillers(&mut entities, &mut aliases);
    let resolver = resolver(&entities, &aliases);
    let why = resolver.explain("Velmarsk B. Orlen Tabor");
    assert_eq!(why.matches[0].id, "c1");
    assert!(why.matches[0].score >= 0.95, "{}", why.matches[0].score);
    assert!(
        why.stages.iter().all(|s| s.stage != "tokens"),
        "{:?}",
        why.stages
    );
}

/// Anna Velmarsk (p1) and Anna Beatrix Velmarsk (p2, listed as
/// `VELMARSK, Anna Beatrix`): entity and alias tables to add to.
fn two_anna_velmarsks() -> (String, String) {
    let entities = String::from(
        "id,type,name,country,prominence\n\
         p1,person,Anna Velmarsk,XX,\np2,person,Anna Beatrix Velmarsk,XX,\n",
    );
    let aliases = String::from(
        "entity_id,alias,lang,kind\n\
         p1,Anna Velmarsk,,name\np2,\"VELMARSK, Anna Beatrix\",,name\n",
    );
    (entities, aliases)
}

#[test]
fn a_persons_initial_may_stand_for_a_middle_name_of_another_person() {
    // "Anna B. Velmarsk" is "Anna Velmarsk" but for an initial, and also
    // "Anna Beatrix Velmarsk", whose alias spells the initial out: for
    // persons every candidate is weighed, and the one that explains the
    // initial wins.
    let (mut entities, mut aliases) = two_anna_velmarsks();
    // A thousand other names make the two persons' words rare enough for
    // the initial to weigh little: "Anna Velmarsk" then scores as a plain
    // answer, and the other still wins.
    add_fillers(&mut entities, &mut aliases);
    let resolver = resolver(&entities, &aliases);
    let bare = resolver.explain("Anna B. Velmarsk");
    let p1 = bare
        .candidates
        .iter()
        .find(|c| c.id == "p1")
        .expect("p1 scored");
    assert!(p1.score >= 0.95, "{}", p1.score);
    let found = resolver.resolve_one("Anna B. Velmarsk").expect("a match");
    assert_eq!(found.id, "p2");
}

#[test]
fn once_the_name_but_for_its_initial_is_found_only_aliases_with_every_word_are_weighed() {
    // Forty persons share the given name and forty the surname; only the
    // one who spells the initial out holds both words, and he alone is
    // weighed after "Anna Velmarsk" is found by key.
    let (mut entities, mut aliases) = two_anna_velmarsks();
    for n in 0..40 {
        entities.push_str(&format!(
            "g{n},person,Anna Dobrel{n},XX,\ns{n},person,Ivo{n} Velmarsk,XX,\n"
        ));
        aliases.push_str(&format!(
            "g{n},Anna Dobrel{n},,name\ns{n},\"VELMARSK, Ivo{n}\",,name\n"
        ));
    }
    add_fillers(&mut entities, &mut aliases);
    let resolver = resolver(&entities, &aliases);
    let why = resolver.explain("Anna B. Velmarsk");
    assert_eq!(why.matches[0].id, "p2");
    let tokens = why
        .stages
        .iter()
        .find(|s| s.stage == "tokens")
        .expect("a token stage");
    // The alias of p2 and his name, which the index keeps as an alias too.
    assert_eq!(tokens.candidates, 2, "{:?}", why.stages);
}

#[test]
fn aliases_that_near_spellings_of_only_some_query_words_reach_are_not_weighed() {
    // Both query words are words of the table, and the cheap stages find
    // only the town of Orvald (below the threshold), so the fuzzy stage
    // runs. Twenty towns hold a near spelling of "Halmek" and nothing
    // near "Orvald": they are not weighed. The person whose alias holds a
    // near spelling of both words is.
    let mut entities = String::from(
        "id,type,name,country,prominence\n\
         c1,city,Orvald,XX,\nc2,city,Halmek Falls,XX,\np1,person,Orvalt Halmik,XX,\n",
    );
    let mut aliases = String::from(
        "entity_id,alias,lang,kind\n\
         c1,Orvald,,name\nc2,Halmek Falls,,name\np1,\"HALMIK, Orvalt\",,name\n",
    );
    for n in 0..20 {
        entities.push_str(&format!("t{n},city,Halmik Dobrel{n},XX,\n"));
        aliases.push_str(&format!("t{n},Halmik Dobrel{n},,name\n"));
    }
    add_fillers(&mut entities, &mut aliases);
    let why = resolver(&entities, &aliases).explain("Orvald Halmek");
    assert_eq!(
        why.matches.first().map(|m| m.id.as_str()),
        Some("p1"),
        "{why:?}"
    );
    let fuzzy = why
        .stages
        .iter()
        .find(|s| s.stage == "fuzzy_tokens")
        .unwrap_or_else(|| panic!("{why:?}"));
    // The alias of p1 and his name, which the index keeps as an alias too.
    assert_eq!(fuzzy.candidates, 2, "{:?}", why.stages);
}

#[test]
fn a_long_word_with_a_short_skeleton_is_searched_two_edits_away() {
    // "Toomjas" has the skeleton "tumias", too short to be searched two
    // edits away, but as written it is seven letters, two edits (letters
    // swapped, and j for i) from the skeleton "tomoias" of "Tomojas".
    let entities = "id,type,name,country,prominence\nc1,city,Tomojas,XX,10\n";
    let aliases = "entity_id,alias,lang,kind\nc1,Tomojas,,name\n";
    let found = resolver(entities, aliases)
        .resolve_one("Toomjas")
        .expect("two edits from the skeleton, one from the name");
    assert_eq!(found.id, "c1");
}

#[test]
fn a_leading_title_that_the_alias_holds_too_counts_as_matched() {
    // "the" is read as a title and set aside from the query, but this
    // alias holds it: had it counted as an alias word the query left
    // unexplained, two one-letter slips would fall below the threshold.
    let entities = "\
id,type,name,country,prominence
o1,organization,The Velvon Tessar,,0
o2,organization,Velvon Tessar Holdings,,0
";
    let aliases = "\
entity_id,alias,lang,kind
o1,The Velvon Tessar,,name
o2,Velvon Tessar Holdings,,name
";
    let r = resolver(entities, aliases);
    let m = r
        .resolve_one("The Vlevon Tesasr")
        .expect("two transpositions, title held by the alias");
    assert_eq!(m.id, "o1");
    let untitled = r.resolve("Vlevon Tesasr");
    let with_title = m.score;
    assert!(
        untitled.first().is_none_or(|u| u.score < with_title),
        "the alias's own title raises the score: {untitled:?} vs {with_title}"
    );
}

/// Tables of forty cities named `Town<n> Okrug`, of which the first
/// `dropping` are also known as `Town<n>`, and the city `d1`, `Dermesk`.
fn towns_with_okrug(dropping: usize) -> (String, String) {
    let mut entities = String::from("id,type,name,country,prominence\nd1,city,Dermesk,XX,10\n");
    let mut aliases = String::from("entity_id,alias,lang,kind\nd1,Dermesk,,name\n");
    for n in 0..40 {
        entities.push_str(&format!("t{n},city,Town{n} Okrug,XX,\n"));
        aliases.push_str(&format!("t{n},Town{n} Okrug,,name\n"));
        if n < dropping {
            aliases.push_str(&format!("t{n},Town{n},,alt\n"));
        }
    }
    (entities, aliases)
}

#[test]
fn a_generic_word_left_over_costs_little() {
    // When most names that hold "Okrug" also come without it, it is a
    // generic word, like "district", and a query holding it still names
    // Dermesk. Five names without it of forty do not make it generic.
    let score = |dropping| {
        let (entities, aliases) = towns_with_okrug(dropping);
        let m = resolver(&entities, &aliases).resolve_one("Dermesk Okrug");
        assert!(m.as_ref().is_none_or(|m| m.id == "d1"), "{m:?}");
        m.map_or(0.0, |m| m.score)
    };
    let (generic, specific) = (score(40), score(5));
    assert!(generic > 0.9, "{generic}");
    assert!(generic > specific + 0.03, "{generic} vs {specific}");
}

/// Forty persons `VARDANESCU, Giv…` with six-letter given names, then the
/// person `VARDANESCU, Tomasa` and the company `Thomas Brothers Shipping
/// and Trading Company`: "thomas" and "vardanescu" are both words of the
/// table.
fn vardanescu_family() -> Resolver {
    let mut entities = String::from("id,type,name,country,prominence\n");
    let mut aliases = String::from("entity_id,alias,lang,kind\n");
    for n in 0..40u8 {
        let given = format!(
            "Giv{}{}a",
            char::from(b'a' + n / 8),
            char::from(b'a' + n % 8)
        );
        entities.push_str(&format!("p{n},person,{given} Vardanescu,XX,\n"));
        aliases.push_str(&format!("p{n},\"VARDANESCU, {given}\",,name\n"));
    }
    entities.push_str("t1,person,Tomasa Vardanescu,XX,\n");
    entities.push_str("o1,organization,Thomas Brothers Shipping and Trading Company,XX,\n");
    aliases.push_str("t1,\"VARDANESCU, Tomasa\",,name\n");
    aliases.push_str("o1,Thomas Brothers Shipping and Trading Company,,name\n");
    Resolver::builder(index(&entities, &aliases)).build()
}

#[test]
fn a_name_of_known_words_is_not_paired_with_words_a_letter_away() {
    // Every word of "Thomas Vardanescu" is a word of the table, and no
    // alias scored by the cheap stages comes near a match: the query names
    // another person, not a misspelt "Tomasa". Only the near-spelling
    // stages could reach her, through "thomas" ~ "tomasa"; they are skipped.
    let r = vardanescu_family();
    let why = r.explain("Thomas Vardanescu");
    assert!(
        why.stages.iter().all(|s| s.stage != "fuzzy_tokens"),
        "{:?}",
        why.stages
    );
    assert_eq!(r.resolve_one("Thomas Vardanescu"), None);
    // A word the table does not know may be misspelt, and the
    // near-spelling stages find her.
    let m = r
        .resolve_one("Tomassa Vardanescu")
        .expect("one letter added");
    assert_eq!(m.id, "t1");
}

#[test]
fn among_aliases_that_fold_alike_the_reason_names_the_one_spelled_as_asked() {
    let r = resolver(
        "id,type,name,country,prominence\nt1,city,Gorodok,XX,100\n",
        "entity_id,alias,lang,kind\n\
         t1,Городок,ru,alt\n\
         t1,Gorodók,,alt\n\
         t1,Gorodok,,name\n",
    );
    for (asked, named) in [
        ("Gorodok", "Gorodok"),
        ("Городок", "Городок"),
        ("Gorodók", "Gorodók"),
        ("GORODOK", "Gorodok"),
        ("ГОРОДОК", "Городок"),
        ("Gōrodok", "Gorodók"),
    ] {
        let m = r.resolve_one(asked).expect("an exact match");
        assert_eq!(m.score, 1.0, "{asked}");
        assert_eq!(m.reason.alias, named, "{asked}");
    }
}

#[test]
fn a_slip_to_a_neighbouring_key_beats_another_edit() {
    // "Myduru" is one edit from both names: "Mysuru" by a slip from s to
    // the d beside it, "Maiduru" by a missing letter. The slip is the
    // likelier typo, whatever the prominence says.
    let r = resolver(
        "id,type,name,country,prominence\nm1,city,Mysuru,IN,100\nm2,city,Maiduru,JP,5000\n",
        "entity_id,alias,lang,kind\nm1,Mysuru,,name\nm2,Maiduru,,name\n",
    );
    let m = r.resolve_one("Myduru").expect("one edit is a match");
    assert_eq!(m.id, "m1");
    assert_eq!(m.reason.edits, 1);
    // A query in another script is no typing: its transliteration keeps
    // whole edits, and the tie goes to the more prominent city.
    let m = r.resolve_one("Майдуру").expect("one edit is a match");
    assert_eq!(m.id, "m2");
}

#[test]
fn a_letter_typed_too_many_is_found_where_it_breaks_a_skeleton_rule() {
    // "Ciotia" reads as `siotia` (a c before an i), "Cotia" as `kotia`:
    // two edits apart as skeletons, one letter apart as written, and that
    // letter, an i beside the o, is the slip of a finger.
    let r = resolver(
        "id,type,name,country,prominence\nc1,city,Cotia,BR,100\nc2,city,Chiovia,UA,5000\n",
        "entity_id,alias,lang,kind\nc1,Cotia,,name\nc2,Chiovia,,alt\n",
    );
    let m = r
        .resolve_one("Ciotia")
        .expect("one letter too many is a match");
    assert_eq!(m.id, "c1");
    assert_eq!(m.reason.edits, 1);
}

#[test]
fn a_country_ranks_ahead_of_a_place_that_matches_about_as_well() {
    let r = Resolver::builder(index(
        "id,type,name,country,prominence\n\
         k1,country,Velmoria,VM,1000\n\
         c1,city,Velmoria,VM,1001\n\
         c2,city,Velmorino,XX,50\n\
         c3,city,Dastrelle,XX,10\n",
        "entity_id,alias,lang,kind\n\
         k1,Velmoria,,name\n\
         c1,Velmoria,,name\n\
         c2,Velmorino,,name\n\
         c3,Dastrelle,,name\n",
    ))
    .top_k(3)
    .build();
    // The same name: the country first, though the city is more populous.
    let found = r.resolve("Velmoria");
    assert_eq!(found[0].id, "k1");
    assert_eq!(found[1].id, "c1");
    assert_eq!(found[0].score, found[1].score);
    // One edit from both the country's name and a town's, which scores a
    // little higher as the longer name: the country still leads, its
    // score as computed.
    let found = r.resolve("Velmorin");
    assert_eq!(found[0].id, "k1", "{found:?}");
    assert!(found[0].score < found.iter().find(|m| m.id == "c2").map_or(0.0, |m| m.score));
    let verdict = r.explain("Velmorin").verdict;
    assert!(
        verdict.contains("a country, it ranks ahead of"),
        "{verdict}"
    );
}

#[test]
fn a_name_written_as_one_word_finds_the_alias_in_two_and_back() {
    let entities = "\
id,type,name,country,prominence
c1,city,Foz do Iguacu,BR,1000
c2,country,North Korea,KP,1000
c3,city,Iguala,MX,1000
";
    let aliases = "\
entity_id,alias,lang,kind
c1,Poseudu Iguasu,,alt
c2,Nordurkorea,,alt
c3,Iguala,,name
";
    let r = resolver(entities, aliases);
    let joined = r
        .resolve_one("Poseuduiguasu")
        .expect("a query word that is two alias words");
    assert_eq!(joined.id, "c1");
    let split = r
        .resolve_one("Nordur Korea")
        .expect("two query words that are one alias word");
    assert_eq!(split.id, "c2");
    // Only whole words are read: a part that is no word of the table finds
    // nothing.
    assert!(r.resolve_one("Poseudxxiguasu").is_none());
}

#[test]
fn a_tie_between_names_that_fold_alike_goes_to_the_one_written_like_the_query() {
    // Listed twice, once with a comma; the second listing has more
    // aliases, which would otherwise rank it first.
    let entities = "\
id,type,name,country,prominence
o1,organization,\"CORPORACION ZELMAR, S.A.\",,
o2,organization,CORPORACION ZELMAR S.A.,,
";
    let aliases = "\
entity_id,alias,lang,kind
o1,\"CORPORACION ZELMAR, S.A.\",,name
o2,CORPORACION ZELMAR S.A.,,name
o2,ZELMAR,,aka
";
    let r = Resolver::builder(index(entities, aliases)).top_k(5).build();
    let with_comma = r.resolve("Corporacion Zelamr, S.A.");
    assert_eq!(with_comma.len(), 2);
    assert_eq!(with_comma[0].score, with_comma[1].score, "a tie");
    assert_eq!(with_comma[0].id, "o1");
    let without = r.resolve_one("Corporacion Zelamr S.A.").expect("a match");
    assert_eq!(without.id, "o2");
}

#[test]
fn namesakes_sharing_an_alias_go_to_the_one_whose_name_is_written_like_the_query() {
    // Both are listed as `VORSKIN, Aleksey`; the query spells the second
    // one's own name without the patronymic. The first comes first in the
    // table and has more aliases, which would otherwise rank it first.
    let entities = "\
id,type,name,country,prominence
p1,person,Aleksey Vorskin,,
p2,person,Aleksei Petrovich Vorskin,,
";
    let aliases = "\
entity_id,alias,lang,kind
p1,\"VORSKIN, Aleksey\",,name
p1,\"VORSKIN, Alex\",,aka
p1,\"VORSKIN, Alexei\",,aka
p2,\"VORSKIN, Aleksei Petrovich\",,name
p2,\"VORSKIN, Aleksey\",,aka
";
    let r = Resolver::builder(index(entities, aliases)).top_k(5).build();
    let found = r.resolve("Aleksei Vorskin");
    assert!(found.len() >= 2, "{found:?}");
    assert_eq!(found[0].score, found[1].score, "a tie");
    assert_eq!(found[0].id, "p2");
    assert_eq!(r.resolve_one("Aleksey Vorskin").expect("a match").id, "p1");
}

#[test]
fn two_transliterated_words_near_one_alias_word_are_found() {
    let entities = "\
id,type,name,country,prominence
c1,country,Greenland,GL,1000
";
    let aliases = "\
entity_id,alias,lang,kind
c1,گرینلند,,alt
";
    let r = resolver(entities, aliases);
    // Urdu writes it as two words, and with a letter more.
    let m = r.resolve_one("گرین لینڈ").expect("two words near one");
    assert_eq!(m.id, "c1");
    // Typed in Latin letters, two words are two names: not searched
    // near one.
    assert!(r.resolve_one("Gryn Lynd").is_none());
}

#[test]
fn a_country_after_a_comma_picks_the_place_in_it() {
    let entities = "\
id,type,name,country,prominence
nz,city,Hamilton,NZ,170000
ca,city,Hamilton,CA,570000
country:NZ,country,New Zealand,NZ,5000000
country:CA,country,Canada,CA,38000000
";
    let aliases = "\
entity_id,alias,lang,kind
nz,Hamilton,,name
ca,Hamilton,,name
country:NZ,New Zealand,,name
country:NZ,NZ,,code
country:CA,Canada,,name
";
    let r = resolver(entities, aliases);
    assert_eq!(
        r.resolve_one("Hamilton").map(|m| m.id).as_deref(),
        Some("ca")
    );
    let m = r
        .resolve_one("Hamilton, New Zealand")
        .expect("the place in that country");
    assert_eq!(m.id, "nz");
    assert_eq!(m.reason.in_country.as_deref(), Some("New Zealand"));
    assert!(
        m.reason.to_string().ends_with(" in 'New Zealand'"),
        "{}",
        m.reason
    );
    // A code is no qualifier, and neither is a name that is no country.
    for unqualified in ["Hamilton, NZ", "Hamilton, Atlantis"] {
        let m = r.resolve_one(unqualified);
        assert!(
            m.is_none_or(|m| m.reason.in_country.is_none()),
            "{unqualified}"
        );
    }
    // A country filter that the qualifier contradicts wins.
    let only_ca = Resolver::builder(index(entities, aliases))
        .country(Some("CA"))
        .build();
    assert!(
        only_ca
            .resolve_one("Hamilton, New Zealand")
            .is_none_or(|m| m.id == "ca")
    );
}

#[test]
fn a_country_with_two_places_of_the_name_does_not_decide() {
    let entities = "\
id,type,name,country,prominence
mo,city,Springfield,US,170000
il,city,Springfield,US,114000
country:US,country,United States,US,330000000
";
    let aliases = "\
entity_id,alias,lang,kind
mo,Springfield,,name
il,Springfield,,name
country:US,United States,,name
country:US,Illinois,,alt
";
    let r = resolver(entities, aliases);
    // "Illinois" names only the country here, which has two Springfields:
    // no answer claims to be the one in Illinois.
    let m = r.resolve_one("Springfield, Illinois");
    assert!(
        m.as_ref().is_none_or(|m| m.reason.in_country.is_none()),
        "{m:?}"
    );
}

#[test]
fn letters_alone_or_three_in_all_name_only_an_alias_written_so() {
    // `x` and `kx` have the skeleton `ks`, as `qssh` has; `b` is the
    // initial of `BB`. None is evidence of a name: only the alias `Z` is.
    let r = resolver(
        "id,type,name,country,prominence\nk,city,Kasese,UG,100\nb,city,Bielsko-Biala,PL,100\nz,city,Zed,XX,1\n",
        "entity_id,alias,lang,kind\nk,Kasese,,name\nk,qssh,,alt\nb,Bielsko-Biala,,name\nb,BB,,alt\nz,Zed,,name\nz,Z,,alt\n",
    );
    for query in ["x", "b", "B.", "q s", "kx", "Kx."] {
        assert_eq!(r.resolve_one(query), None, "{query}");
    }
    assert_eq!(r.resolve_one("z").map(|m| m.id), Some("z".to_string()));
}

#[test]
fn one_vowel_for_another_beats_another_letter() {
    // "Taewan" is one letter from both: Taiwan by a vowel, as
    // romanisations differ, Taelan by a consonant. The vowel is likelier,
    // whatever the prominence says.
    let r = resolver(
        "id,type,name,country,prominence\ntw,country,Taiwan,TW,100\nth,country,Thailand,TH,5000\n",
        "entity_id,alias,lang,kind\ntw,Taiwan,,name\nth,Thailand,,name\nth,Taelan,,alt\n",
    );
    let m = r.resolve_one("Taewan").expect("one edit is a match");
    assert_eq!(m.id, "tw");
}

#[test]
fn a_title_says_the_name_is_a_persons() {
    // "Sheikh" is dropped as a title; what is left is the town's whole
    // name, but a title is said of a person, and the person's alias holds
    // both words.
    let entities =
        "id,type,name,country,prominence\nt,city,Adam,OM,1000\np,person,Hassan Omar,KE,0\n";
    let aliases = "entity_id,alias,lang,kind\nt,Adam,,name\np,\"ADAM, Sheikh Hassan\",,aka\n";
    let r = resolver(entities, aliases);
    let m = r.resolve_one("Sheikh Adam").expect("the person");
    assert_eq!(m.id, "p");
    // With no such person, a title and a town's name are no match, and
    // the town scores under the default threshold.
    let r = resolver(entities, "entity_id,alias,lang,kind\nt,Adam,,name\n");
    assert_eq!(r.resolve_one("Mr Adam"), None);
    let all = Resolver::builder(index(entities, "entity_id,alias,lang,kind\nt,Adam,,name\n"))
        .min_score(0.0)
        .build();
    let town = all.resolve_one("Mr Adam").expect("scored at any threshold");
    assert!(town.score < 0.77, "{town:?}");
    // Without a title the town is an exact match.
    assert_eq!(r.resolve_one("Adam").map(|m| m.score), Some(1.0));
}

#[test]
fn ts_tz_and_z_spell_one_sound() {
    // Cyrillic `ц` romanised `ts`, Wade–Giles `ts` for pinyin `z`, German
    // `z` and `tz`: a name written with one is found written with another.
    let entities =
        "id,type,name,country,prominence\nc1,city,Jiaozuo,CN,1000\nc2,city,Jiaotu,JP,2000\n";
    let aliases = "entity_id,alias,lang,kind\nc1,Jiaozuo,,name\nc2,Jiaotu,,name\n";
    let r = resolver(entities, aliases);
    for query in ["Jiaotsuo", "Jiaotzuo", "Djaotsuo"] {
        let m = r.resolve_one(query).expect(query);
        assert_eq!(m.id, "c1", "{query}");
        assert_eq!(m.reason.stage, Stage::Skeleton, "{query}");
    }
}

#[test]
fn a_slip_that_breaks_a_spelling_rule_is_still_a_typo() {
    // "Cembernauld" reads its `c` as `s`, before the `e` that the slip
    // put there: its skeleton starts apart from the name's, where no walk
    // from the first letters reaches.
    let entities = "id,type,name,country,prominence\nc1,city,Cumbernauld,GB,1000\n";
    let aliases = "entity_id,alias,lang,kind\nc1,Cumbernauld,,name\n";
    let r = resolver(entities, aliases);
    let m = r.resolve_one("Cembernauld").expect("found");
    assert_eq!(m.id, "c1");
    assert_eq!(m.reason.stage, Stage::Fuzzy);
}

#[test]
fn a_burmese_name_finds_its_romanisation() {
    // `ဘီလာရုစ်` read letter by letter is "bhilaruc"; by syllables,
    // "bilarus", one letter from Belarus. The word for town after a place
    // name is no part of it.
    let entities = "id,type,name,country,prominence\n\
                    BY,country,Belarus,BY,1000\n\
                    t1,city,Taikkyi,MM,1000\n";
    let aliases = "entity_id,alias,lang,kind\n\
                   BY,Belarus,,name\n\
                   t1,Taikkyi,,name\n";
    let r = resolver(entities, aliases);
    assert_eq!(r.resolve_one("ဘီလာရုစ်").expect("found").id, "BY");
    let m = r.resolve_one("တိုက်ကြီးမြို့").expect("found");
    assert_eq!((m.id.as_str(), m.reason.stage), ("t1", Stage::Exact));
}
