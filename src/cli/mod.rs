//! Argument parsing and dispatch; one module per subcommand.

mod annotate;
mod build;
mod compare;
mod eval;
mod lookup;
mod output;
mod plot;
mod tag;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Resolve any spelling of a name to one canonical entity
///
/// Persons, organisations, countries and cities, in any language or script.
///
/// aka ships with a default index of countries, cities (GeoNames) and
/// sanctioned persons and organisations (OFAC SDN). Build your own from an
/// alias table with `aka build`.
///
/// Examples:
///   aka lookup Loukachenko "Lukashenko, Alexander" Лукашенко Warschau
///   aka lookup --format jsonl < names.txt
///   aka build --entities entities.csv --aliases aliases.csv -o my.aka
///   aka --index my.aka lookup "Some Name"
///   aka eval labelled.csv --failures
///   aka annotate people.csv --column name -o people.aka.csv
///   aka compare "Siemens Aktiengesellschaft" "SIEMENS AG"
///   aka tag article.txt --format html > article.html
///
/// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
#[derive(Debug, Parser)]
#[command(name = "aka", version, max_term_width = 100, verbatim_doc_comment)]
pub struct Cli {
    /// Index file to use instead of the embedded default (see `aka build`).
    #[arg(long, global = true, env = "AKA_INDEX", value_name = "FILE")]
    index: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Resolve names to entities
    ///
    /// Names come from the arguments, or one per line on standard input.
    ///
    /// Examples:
    ///   aka lookup Loukachenko "Lukashenko, Alexander" Лукашенко Warschau
    ///   aka lookup --top 5 --type person Lukashenko
    ///   aka lookup --format jsonl < names.txt
    #[command(verbatim_doc_comment)]
    Lookup(lookup::LookupArgs),
    /// Compile an alias table (entities.csv + aliases.csv) into an index
    ///
    /// Example:
    ///   aka build --entities my_entities.csv --aliases my_aliases.csv -o my.aka
    ///   aka --index my.aka lookup "Some Name"
    #[command(verbatim_doc_comment)]
    Build(build::BuildArgs),
    /// Measure accuracy on a labelled file (query,expected_id,category)
    ///
    /// An empty expected_id means the query must get no match.
    ///
    /// Example:
    ///   aka eval dev.csv --failures
    ///   aka eval dev.csv --curve --plot curve.svg
    #[command(verbatim_doc_comment)]
    Eval(eval::EvalArgs),
    /// Add the resolved entity of name columns to every row of a CSV file
    ///
    /// Every input row is written unchanged and in order, followed by the
    /// columns aka_id, aka_name, aka_type, aka_score, aka_reason (see
    /// --prefix). Runs on all cores; the output file is replaced only when
    /// the whole run succeeds.
    ///
    /// Examples:
    ///   aka annotate people.csv --column name -o people.aka.csv
    ///   aka annotate deals.csv --column buyer --column seller -o deals.aka.csv
    ///   zcat big.csv.gz | aka annotate - --column 2 --type person > out.csv
    #[command(verbatim_doc_comment)]
    Annotate(annotate::AnnotateArgs),
    /// Score two names against each other, or every pair of a CSV file
    ///
    /// Same normalisation and scoring as lookups, symmetric; titles are
    /// dropped, `LAST, First` is read with the surname first, legal forms
    /// (Aktiengesellschaft/AG, Limited/Ltd, ООО/LLC, …) are folded.
    /// Exit status 0 when a pair matched, 1 when none did.
    ///
    /// Examples:
    ///   aka compare "Alexandre Loukachenko" "LUKASHENKO, Aleksandr Grigorevich"
    ///   aka compare --pairs pairs.csv -o scored.csv
    ///   aka compare --pairs records.csv --left name_a --right name_b --min-score 0.8
    #[command(verbatim_doc_comment)]
    Compare(compare::CompareArgs),
    /// Find entity mentions in running text (a file, or - for standard input)
    ///
    /// Prints one mention per line (line:column, surface, entity, rule), or
    /// JSON lines, or an HTML page with every mention highlighted and linked
    /// to its entity. Invalid UTF-8 is an error naming the byte offset.
    ///
    /// Examples:
    ///   aka tag article.txt
    ///   curl -s https://example.org/news.txt | aka tag - --format jsonl
    ///   aka tag article.txt --format html > article.html
    ///   aka tag article.txt --type person,city --country BY
    #[command(verbatim_doc_comment)]
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
        Some(p) => {
            aka::Index::open(p).context("cannot use the index given by --index or AKA_INDEX")
        }
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
        Command::Annotate(args) => annotate::run(args, cli.index.as_ref()),
        Command::Compare(args) => compare::run(args, cli.index.as_ref()),
        Command::Tag(args) => tag::run(args, cli.index.as_ref()),
    }
}
