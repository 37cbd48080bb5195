//! # aka — also known as
//!
//! Resolve any spelling of a named entity — *Alexandre Loukachenko*,
//! *Lukashenko, Alexander*, *Łukaszenka*, *Лукашенко*, *M. Loukachenko*, a
//! typo — to one canonical entity (id, name, type), with a score and the
//! reason, or say "no match".
//!
//! An alias table (entities and their aliases in many languages and
//! scripts) is compiled into an [`Index`] of finite-state transducers. A
//! default index of countries, cities and sanctioned persons and
//! organisations is built into the crate.
//!
//! ## Quick start
//!
//! ```
//! use aka::{Index, Resolver};
//!
//! let resolver = Resolver::builder(Index::embedded()?).build();
//! let m = resolver.resolve_one("Alexandre Loukachenko").expect("a match");
//! assert_eq!(m.id, "ofac:9760");
//! assert_eq!(m.kind, "person");
//! println!("{} {} {:.2} ({})", m.id, m.name, m.score, m.reason);
//!
//! // "No match" is an empty answer, not an error.
//! assert!(resolver.resolve_one("Qwxzt Plorbington").is_none());
//! # Ok::<(), aka::Error>(())
//! ```
//!
//! ## Tagging mentions in text
//!
//! A [`Tagger`] finds the entities mentioned in running text: multi-word
//! names (longest first), names after titles, possessives, other scripts,
//! and later surname-only mentions of a person named in full. See the
//! [`tag`] module for the rules.
//!
//! ```
//! use aka::{Index, Tagger};
//!
//! let tagger = Tagger::new(Index::embedded()?);
//! let text = "Alexandre Loukachenko est à Moscou. M. Loukachenko a rencontré Vladimir Putin.";
//! for m in tagger.tag(text) {
//!     println!("{:?} {} -> {} {}", m.bytes, m.text, m.entity.id, m.entity.name);
//! }
//! let ids: Vec<String> = tagger.tag(text).into_iter().map(|m| m.entity.id).collect();
//! assert_eq!(ids, ["ofac:9760", "geonames:524901", "ofac:9760", "ofac:35096"]);
//! # Ok::<(), aka::Error>(())
//! ```
//!
//! [`Index`], [`Resolver`] and [`Tagger`] are `Send + Sync` and cheap to
//! clone: build them once and share them between threads.
//!
//! Runnable examples: `cargo run --example resolve`, `cargo run --example
//! tag`, `cargo run --example stream_csv < names.csv`.
//!
//! ## Your own alias table
//!
//! ```no_run
//! let stats = aka::build_index_file("entities.csv".as_ref(), "aliases.csv".as_ref(), "my.aka".as_ref())?;
//! println!("{} entities, {} aliases", stats.entities, stats.aliases);
//! let index = aka::Index::open("my.aka")?;
//! # Ok::<(), aka::Error>(())
//! ```
#![deny(missing_docs)]

pub mod compare;
mod error;
pub mod eval;
pub mod index;
pub mod normalize;
pub mod resolve;
pub mod tag;

pub use compare::{Comparison, compare};
pub use error::{Error, Result};
pub use index::build::{BuildStats, TableSource, build_index};
pub use index::build_file as build_index_file;
pub use index::{AliasRef, EntityRef, Index};
pub use resolve::{
    DEFAULT_MIN_SCORE, Explanation, Match, Reason, Resolver, ResolverBuilder, Stage,
};
pub use tag::{Mention, Rule, Tagger, TaggerBuilder};

use std::io::Write;
use std::path::Path;

/// Writes a file atomically: the content goes to a temporary file in the
/// target's folder, which is synced and renamed over the target only when
/// `write` succeeds. On error the target is untouched and the temporary
/// file is removed.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// aka::atomic_write(&path, |w| w.write_all(b"hello"))?;
/// assert_eq!(std::fs::read(&path)?, b"hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn atomic_write(
    target: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let mut tmp = temp_file_beside(target)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w).map_err(|e| Error::io(target, e))?;
        w.flush().map_err(|e| Error::io(target, e))?;
    }
    tmp.as_file()
        .sync_data()
        .map_err(|e| Error::io(target, e))?;
    tmp.persist(target)
        .map_err(|e| Error::io(target, e.error))?;
    Ok(())
}

/// A temporary file in `target`'s folder, to be renamed over `target` once
/// complete (see [`atomic_write`]). It has the permissions `target` already
/// has, or those of a newly created file (not the private mode temporary
/// files usually get).
pub fn temp_file_beside(target: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".aka-tmp-");
    match std::fs::metadata(target) {
        Ok(existing) => {
            builder.permissions(existing.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // Like any new file: 0666 less the umask.
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
        }
    }
    builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))
}
