//! `aka lookup`: resolve names given as arguments or on standard input.

use super::output::{self, Answer, Format};
use super::{ResolveOptions, open_index};
use anyhow::{Context, bail};
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Names to resolve; without any, one name per line is read from
    /// standard input (empty lines get empty answers).
    #[arg(value_name = "NAME")]
    names: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Show how each name was resolved: normalised forms, stages, the best
    /// candidates with their scores, and why the winner won or nothing
    /// passed (structured with --format json or jsonl).
    #[arg(long)]
    explain: bool,
    /// Show up to K candidates per name, best first.
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1000))]
    top: u16,
    #[command(flatten)]
    resolve: ResolveOptions,
}

pub fn run(args: LookupArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let resolver = args
        .resolve
        .resolver(open_index(index)?, usize::from(args.top));
    let names = if args.names.is_empty() {
        read_stdin_names()?
    } else {
        args.names
    };
    if args.explain {
        return explain(&resolver, &names, args.format);
    }
    let answers: Vec<Answer> = names
        .into_iter()
        .map(|query| Answer {
            matches: resolver.resolve(&query),
            query,
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    output::write(&mut out, args.format, &answers)?;
    out.flush()?;
    let any = answers.iter().any(|a| !a.matches.is_empty());
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints an explanation per name: readable text, or JSON objects.
fn explain(resolver: &aka::Resolver, names: &[String], format: Format) -> anyhow::Result<ExitCode> {
    let explanations: Vec<aka::Explanation> = names.iter().map(|n| resolver.explain(n)).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &explanations)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for e in &explanations {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        Format::Table | Format::Csv | Format::Tsv => {
            for (n, e) in explanations.iter().enumerate() {
                if n > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{e}")?;
            }
        }
    }
    out.flush()?;
    let any = explanations.iter().any(|e| !e.matches.is_empty());
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads one name per line; invalid UTF-8 is an error naming the line.
fn read_stdin_names() -> anyhow::Result<Vec<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!(
            "no names given: pass names as arguments or pipe one per line, e.g. `aka lookup < names.txt`"
        );
    }
    let mut names = Vec::new();
    let mut buf = Vec::new();
    let mut lock = stdin.lock();
    for line in 1.. {
        buf.clear();
        if lock
            .read_until(b'\n', &mut buf)
            .context("cannot read standard input")?
            == 0
        {
            break;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let name = String::from_utf8(std::mem::take(&mut buf)).map_err(|e| {
            anyhow::anyhow!(
                "<stdin>, line {line}: invalid UTF-8 at byte {}; send UTF-8 text",
                e.utf8_error().valid_up_to() + 1
            )
        })?;
        names.push(name);
    }
    Ok(names)
}
