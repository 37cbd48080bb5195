//! `aka build`: compile an alias table into an index file.

use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The entities table: CSV with columns id,type,name[,country,prominence].
    #[arg(long, value_name = "CSV")]
    entities: PathBuf,
    /// The aliases table: CSV with columns entity_id,alias[,kind].
    #[arg(long, value_name = "CSV")]
    aliases: PathBuf,
    /// Where to write the index (written to a temporary file, then renamed).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let start = std::time::Instant::now();
    let stats = aka::build_index_file(&args.entities, &args.aliases, &args.output)
        .with_context(|| format!("cannot build {}", args.output.display()))?;
    let mut notes = Vec::new();
    if stats.duplicate_aliases > 0 {
        notes.push(format!(
            "{} repeated (entity, alias) rows merged",
            stats.duplicate_aliases
        ));
    }
    if stats.unsearchable_aliases > 0 {
        notes.push(format!(
            "{} aliases with no letter or digit not indexed",
            stats.unsearchable_aliases
        ));
    }
    eprintln!(
        "built {}: {} entities, {} aliases, {} keys, {} tokens{}, {:.1} MB in {:.1} s{}",
        args.output.display(),
        stats.entities,
        stats.aliases,
        stats.keys,
        stats.tokens,
        match stats.generic_words {
            0 => String::new(),
            n => format!(" ({n} generic words)"),
        },
        stats.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        }
    );
    Ok(ExitCode::SUCCESS)
}
