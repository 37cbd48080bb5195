//! Library round trips: build an index in memory, open it, resolve every
//! alias; reject damaged bytes without panicking; the embedded default is
//! exactly what `data/` builds to.

use aka::{Index, Resolver, Stage, TableSource};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Builds the fixture alias table in memory.
fn fixture_index_bytes() -> (Vec<u8>, aka::BuildStats) {
    let entities = read(&fixture("entities.csv"));
    let aliases = read(&fixture("aliases.csv"));
    aka::build_index(
        TableSource {
            name: "entities.csv".into(),
            reader: entities.as_slice(),
        },
        TableSource {
            name: "aliases.csv".into(),
            reader: aliases.as_slice(),
        },
    )
    .expect("the fixture tables build")
}

/// (entity_id, alias) rows of the fixture aliases table.
fn fixture_aliases() -> Vec<(String, String)> {
    let mut rdr = csv::Reader::from_path(fixture("aliases.csv")).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

#[test]
fn build_then_open_resolves_every_alias_to_its_entity() {
    let (bytes, stats) = fixture_index_bytes();
    assert_eq!(stats.entities, 5);
    assert_eq!(stats.bytes, bytes.len());
    assert_eq!(stats.duplicate_aliases, 0);
    assert_eq!(stats.unsearchable_aliases, 0);

    let index = Index::from_bytes(bytes.clone()).expect("a freshly built index opens");
    assert_eq!(index.as_bytes(), &bytes[..]);
    assert_eq!(index.source_name(), "<memory>");
    assert_eq!(index.entity_count(), 5);
    assert_eq!(index.alias_count() as usize, stats.aliases);
    index.verify().expect("checksum intact");

    let person = index.entity_by_id("test:p1").expect("test:p1 present");
    assert_eq!(person.name, "Ottokar Brindlewaite");
    assert_eq!(person.kind, "person");
    assert_eq!(person.country, "GB");
    let city = index.entity_by_id("test:c1").expect("test:c1 present");
    assert_eq!(city.kind, "city");
    assert_eq!(city.prominence, 250000.0);

    let resolver = Resolver::builder(index.clone()).build();
    let rows = fixture_aliases();
    assert_eq!(rows.len(), 10);
    for (entity_id, alias) in &rows {
        let m = resolver
            .resolve_one(alias)
            .unwrap_or_else(|| panic!("{alias:?} resolved to nothing"));
        assert_eq!(&m.id, entity_id, "{alias:?}");
        assert_eq!(m.reason.stage, Stage::Exact, "{alias:?}: {}", m.reason);
        assert_eq!(m.score, 1.0, "{alias:?}");
    }

    // Entity names resolve too, including one that has no alias row of its own.
    for e in index.entities() {
        let m = resolver.resolve_one(e.name).expect("entity name resolves");
        assert_eq!(m.id, e.id, "{}", e.name);
    }

    // Every alias stored in the index resolves to its own entity.
    for n in 0..index.alias_count() {
        let a = index.alias(n).expect("alias in range");
        let owner = index.entity(a.entity).expect("alias names an entity");
        let m = resolver.resolve_one(a.text).expect("stored alias resolves");
        assert_eq!(m.id, owner.id, "{:?}", a.text);
    }
    assert!(index.alias(index.alias_count()).is_none());
    assert!(index.entity(index.entity_count()).is_none());

    // "LAST, First" person aliases are also found as "First LAST", and a
    // name only the embedded index knows is no match here.
    assert_eq!(
        resolver.resolve_one("Maren SOLVBERG").unwrap().id,
        "test:p2"
    );
    assert!(resolver.resolve_one("Minsk").is_none());
}

#[test]
fn building_twice_gives_identical_bytes() {
    assert_eq!(fixture_index_bytes().0, fixture_index_bytes().0);
}

#[test]
fn build_index_file_writes_an_index_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lib.aka");
    let stats =
        aka::build_index_file(&fixture("entities.csv"), &fixture("aliases.csv"), &out).unwrap();
    assert_eq!(stats.entities, 5);
    let opened = Index::open(&out).unwrap();
    assert_eq!(opened.as_bytes(), &fixture_index_bytes().0[..]);
    assert_eq!(opened.source_name(), out.display().to_string());
}

#[test]
fn garbage_bytes_are_rejected() {
    let junk: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    for bytes in [
        Vec::new(),
        vec![0u8; 1],
        vec![0u8; 4096],
        junk.clone(),
        b"AKAINDEX".to_vec(),
        [b"AKAINDEX".as_slice(), &junk].concat(),
        [b"AKAINDEX".as_slice(), &[0xff; 500]].concat(),
    ] {
        let len = bytes.len();
        assert!(Index::from_bytes(bytes).is_err(), "{len} bytes accepted");
    }
    let err = Index::from_bytes(junk).unwrap_err().to_string();
    assert!(err.contains("not an aka index"), "{err}");
}

#[test]
fn every_truncation_of_a_valid_index_is_rejected() {
    let (bytes, _) = fixture_index_bytes();
    assert!(bytes.len() > 200);
    for len in 0..bytes.len() {
        let r = Index::from_bytes(bytes[..len].to_vec());
        assert!(
            r.is_err(),
            "a prefix of {len} of {} bytes opened",
            bytes.len()
        );
    }
    // One byte too many is rejected as well.
    let mut padded = bytes.clone();
    padded.push(0);
    assert!(Index::from_bytes(padded).is_err());
}

#[test]
fn every_flipped_payload_byte_fails_the_checksum() {
    let (bytes, _) = fixture_index_bytes();
    let header_len = 32 + 16 * 11;
    for at in header_len..bytes.len() {
        let mut b = bytes.clone();
        b[at] ^= 0x01;
        let err = Index::from_bytes(b).expect_err("a flipped payload byte opened");
        assert!(err.to_string().contains("rebuild"), "{err}");
    }
}

#[test]
fn version_fields_are_checked() {
    let (bytes, _) = fixture_index_bytes();
    let mut b = bytes.clone();
    b[8..12]
        .copy_from_slice(&(u32::from_le_bytes(bytes[8..12].try_into().unwrap()) + 1).to_le_bytes());
    let err = Index::from_bytes(b).unwrap_err().to_string();
    assert!(
        err.contains("format version") && err.contains("rebuild"),
        "{err}"
    );

    let mut b = bytes.clone();
    b[12..16].copy_from_slice(&(aka::normalize::NORMALIZER_VERSION + 1).to_le_bytes());
    let err = Index::from_bytes(b).unwrap_err().to_string();
    assert!(
        err.contains("normaliser version") && err.contains("rebuild"),
        "{err}"
    );
}

#[test]
fn embedded_index_equals_a_rebuild_of_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (rebuilt, stats) = aka::build_index(
        TableSource {
            name: "data/entities.csv".into(),
            reader: std::io::BufReader::new(
                std::fs::File::open(root.join("data/entities.csv")).unwrap(),
            ),
        },
        TableSource {
            name: "data/aliases.csv".into(),
            reader: std::io::BufReader::new(
                std::fs::File::open(root.join("data/aliases.csv")).unwrap(),
            ),
        },
    )
    .expect("data/ builds");
    let embedded = Index::embedded().expect("the embedded index opens");
    assert_eq!(embedded.entity_count() as usize, stats.entities);
    assert_eq!(embedded.alias_count() as usize, stats.aliases);
    assert_eq!(embedded.as_bytes().len(), rebuilt.len());
    assert!(
        embedded.as_bytes() == rebuilt.as_slice(),
        "the embedded index differs from a rebuild of data/"
    );
    embedded.verify().expect("embedded checksum intact");
}

#[test]
fn damaged_header_fields_never_panic() {
    // The checksum covers the payload only; damage to the header must still
    // be caught, or at least never make opening or resolving panic.
    let (bytes, _) = fixture_index_bytes();
    let header_len = 32 + 16 * 11;
    let queries = ["Quellstadt", "Brindlewaite", "Kvelstadt", "VSC", "Maren"];
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut panics = Vec::new();
    for at in 0..header_len {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[at] ^= mask;
            let outcome = std::panic::catch_unwind(move || {
                if let Ok(index) = Index::from_bytes(b) {
                    let resolver = Resolver::builder(index.clone()).top_k(5).build();
                    for q in queries {
                        for m in resolver.resolve(q) {
                            assert!((0.0..=1.0).contains(&m.score));
                        }
                    }
                    let _ = index.entities().count();
                }
            });
            if outcome.is_err() {
                panics.push(format!("byte {at} ^ {mask:#04x}"));
            }
        }
    }
    std::panic::set_hook(hook);
    assert!(panics.is_empty(), "panicked after: {}", panics.join(", "));
}

#[test]
fn an_alias_too_long_once_normalised_is_an_error_not_a_clamp() {
    // "﷽" is three bytes that normalise to a whole phrase, so an alias
    // within the 65,535-byte limit as written is far over it once folded.
    let dir = tempfile::tempdir().unwrap();
    let entities = dir.path().join("entities.csv");
    let aliases = dir.path().join("aliases.csv");
    std::fs::write(&entities, "id,type,name\nt:1,person,Ann Example\n").unwrap();
    let long = "\u{FDFD}".repeat(21_000);
    std::fs::write(&aliases, format!("entity_id,alias\nt:1,{long}\n")).unwrap();
    let out = dir.path().join("long.aka");
    let err = aka::build_index_file(&entities, &aliases, &out)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("longer than 65535 bytes once normalised"),
        "{err}"
    );
    assert!(!out.exists());
}
