//! `aka compare`: score two names, or every pair of a CSV file.

use super::{open_index, parse_score};
use aka::compare::PairColumns;
use anyhow::{Context, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The two names to compare (omit with --pairs).
    #[arg(value_name = "NAME", num_args = 0..=2, conflicts_with = "pairs")]
    names: Vec<String>,
    /// CSV of name pairs (`-` for standard input); each row is written back
    /// with score,match,reason appended.
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Column of the left names in --pairs.
    #[arg(long, value_name = "COL", default_value = "left", requires = "pairs")]
    left: String,
    /// Column of the right names in --pairs.
    #[arg(long, value_name = "COL", default_value = "right", requires = "pairs")]
    right: String,
    /// Write the --pairs result to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE", requires = "pairs")]
    output: Option<PathBuf>,
    /// Pairs scoring below this are "no match" (0 to 1).
    #[arg(long, value_name = "S", default_value_t = aka::DEFAULT_MIN_SCORE, value_parser = parse_score)]
    min_score: f64,
}

pub fn run(args: CompareArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let resolver = aka::Resolver::builder(open_index(index)?)
        .min_score(args.min_score)
        .build();
    let matched = match &args.pairs {
        Some(path) => run_pairs(&resolver, &args, path)?,
        None => {
            let [left, right] = args.names.as_slice() else {
                bail!(
                    "give two names, e.g. `aka compare \"Alexandre Loukachenko\" \"LUKASHENKO, Aleksandr\"`, or a CSV with --pairs FILE"
                );
            };
            let c = resolver.compare(left, right);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            writeln!(out, "score   {:.3}", c.score)?;
            writeln!(
                out,
                "match   {} (min score {})",
                if c.matched { "yes" } else { "no" },
                args.min_score
            )?;
            writeln!(out, "reason  {}", c.reason)?;
            out.flush()?;
            c.matched
        }
    };
    Ok(if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Compares every row of the pairs file; true when any pair matched.
fn run_pairs(
    resolver: &aka::Resolver,
    args: &CompareArgs,
    path: &std::path::Path,
) -> anyhow::Result<bool> {
    let columns = PairColumns {
        left: args.left.clone(),
        right: args.right.clone(),
    };
    let (name, input): (String, Box<dyn std::io::Read>) = if path.as_os_str() == "-" {
        ("<stdin>".to_string(), Box::new(std::io::stdin().lock()))
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        (
            path.display().to_string(),
            Box::new(std::io::BufReader::new(file)),
        )
    };
    let stats = match &args.output {
        Some(out) => {
            let mut result = None;
            let mut failure = None;
            aka::atomic_write(out, |w| {
                match aka::compare::compare_pairs(resolver, &name, input, w, &columns) {
                    Ok(s) => {
                        result = Some(s);
                        Ok(())
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        failure = Some(e);
                        Err(std::io::Error::other(msg))
                    }
                }
            })
            .map_err(|e| match failure.take() {
                Some(f) => anyhow::Error::from(f),
                None => anyhow::Error::from(e),
            })?;
            result.unwrap_or_default()
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let s = aka::compare::compare_pairs(resolver, &name, input, &mut out, &columns)?;
            out.flush()?;
            s
        }
    };
    Ok(stats.matched > 0)
}
