//! Argument parsing and dispatch; one module per subcommand.

mod build;
mod eval;
mod lookup;
mod output;
mod tag;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Resolve any spelling of a person, organisation, country or city to one
/// canonical entity.
///
/// aka ships with a default index of countries, cities (GeoNames) and
/// sanctioned persons and organisations (OFAC SDN). Build your own from an
/// alias table with `aka build`.
///
/// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
#[derive(Debug, Parser)]
#[command(name = "aka", version, max_term_width = 100)]
pub struct Cli {
    /// Index file to use instead of the embedded default (see `aka build`).
    #[arg(long, global = true, env = "AKA_INDEX", value_name = "FILE")]
    index: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Resolve names to entities.
    ///
    /// Names come from the arguments, or one per line on standard input.
    ///
    /// Examples:
    ///   aka lookup Loukachenko "Lukashenko, Alexander" Лукашенко Warschau
    ///   aka lookup --top 5 --type person Lukashenko
    ///   aka lookup --format jsonl < names.txt
    Lookup(lookup::LookupArgs),
    /// Compile an alias table (entities.csv + aliases.csv) into an index.
    ///
    /// Example:
    ///   aka build --entities my_entities.csv --aliases my_aliases.csv -o my.aka
    ///   aka --index my.aka lookup "Some Name"
    Build(build::BuildArgs),
    /// Measure accuracy on a labelled file (query,expected_id,category).
    ///
    /// An empty expected_id means the query must get no match.
    ///
    /// Example:
    ///   aka eval dev.csv --failures
    Eval(eval::EvalArgs),
    /// Find entity mentions in a text (a file, or `-` for standard input).
    ///
    /// Prints one mention per line (position, surface, entity, rule), or
    /// JSON lines, or an HTML page with every mention highlighted.
    ///
    /// Examples:
    ///   aka tag article.txt
    ///   curl -s https://example.org/news.txt | aka tag - --format jsonl
    ///   aka tag article.txt --format html > article.html
    Tag(tag::TagArgs),
}

/// Options that shape how names are resolved, shared by the commands that
/// resolve.
#[derive(Debug, Args, Clone)]
pub struct ResolveOptions {
    /// Only entities of these types, comma separated (e.g. person,city).
    #[arg(long = "type", value_delimiter = ',', value_name = "TYPES")]
    types: Vec<String>,
    /// Only entities of this country (ISO 3166-1 alpha-2, e.g. BY).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// Matches scoring below this are "no match" (0 to 1).
    #[arg(long, value_name = "S", default_value_t = aka::DEFAULT_MIN_SCORE, value_parser = parse_score)]
    min_score: f64,
}

fn parse_score(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a number between 0 and 1, e.g. 0.8")),
    }
}

impl ResolveOptions {
    fn resolver(&self, index: aka::Index, top_k: usize) -> aka::Resolver {
        aka::Resolver::builder(index)
            .min_score(self.min_score)
            .top_k(top_k)
            .types(&self.types)
            .country(self.country.as_deref())
            .build()
    }
}

/// Opens the index named by `--index`/`AKA_INDEX`, or the embedded default.
fn open_index(path: Option<&PathBuf>) -> anyhow::Result<aka::Index> {
    match path {
        Some(p) => aka::Index::open(p).context("cannot use the index given by --index or AKA_INDEX"),
        None => Ok(aka::Index::embedded()?),
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Lookup(args) => lookup::run(args, cli.index.as_ref()),
        Command::Build(args) => build::run(args),
        Command::Eval(args) => eval::run(args, cli.index.as_ref()),
        Command::Tag(args) => tag::run(args, cli.index.as_ref()),
    }
}
