//! Compiles the default alias table in `data/` into the index that the
//! crate embeds, so that a user never builds it by hand.
//!
//! The index builder is the library's own (`src/index/build.rs`), included
//! here by path so the embedded index and `aka build` can never disagree.
#![allow(dead_code)]

#[path = "src/error.rs"]
mod error;
#[path = "src/index/format.rs"]
mod format;
#[path = "src/index/build.rs"]
mod index_build;
#[path = "src/normalize/mod.rs"]
mod normalize;

use std::path::PathBuf;

fn main() {
    for p in [
        "data/entities.csv",
        "data/aliases.csv",
        "src/normalize",
        "src/index/build.rs",
        "src/index/format.rs",
        "src/error.rs",
    ] {
        println!("cargo:rerun-if-changed={p}");
    }
    let open = |p: &str| {
        let f = std::fs::File::open(p).unwrap_or_else(|e| panic!("cannot read {p}: {e}"));
        index_build::TableSource {
            name: p.to_string(),
            reader: std::io::BufReader::new(f),
        }
    };
    let (bytes, _) = index_build::build_index(open("data/entities.csv"), open("data/aliases.csv"))
        .unwrap_or_else(|e| panic!("the default alias table in data/ does not build: {e}"));
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("default.aka");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
