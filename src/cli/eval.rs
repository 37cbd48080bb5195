//! `aka eval`: accuracy per category on a labelled file.

use super::{ResolveOptions, open_index};
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    /// A table per category.
    Table,
    /// The whole report as JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// CSV with columns query,expected_id,category.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// List every failure with what was returned and why.
    #[arg(long)]
    failures: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
    #[command(flatten)]
    resolve: ResolveOptions,
}

pub fn run(args: EvalArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let resolver = args.resolve.resolver(open_index(index)?, 1);
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let cases = aka::eval::read_cases(
        &args.file.display().to_string(),
        std::io::BufReader::new(file),
    )?;
    let mut report = aka::eval::evaluate(&resolver, &cases);
    if !args.failures {
        report.failures.clear();
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Table => write_table(&mut out, &report)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut impl Write, r: &aka::eval::Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<16} {:>6} {:>8} {:>6} {:>7} {:>8} {:>9}",
        "category", "total", "correct", "wrong", "missed", "false+", "accuracy"
    )?;
    for (name, t) in &r.categories {
        writeln!(
            out,
            "{:<16} {:>6} {:>8} {:>6} {:>7} {:>8} {:>8.1}%",
            name,
            t.total,
            t.correct,
            t.wrong,
            t.missed,
            t.false_positive,
            100.0 * t.accuracy
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "positive top-1 accuracy: {:.1}%",
        100.0 * r.positive_accuracy
    )?;
    writeln!(
        out,
        "negative no-match rate:  {:.1}%",
        100.0 * r.negative_accuracy
    )?;
    writeln!(
        out,
        "overall:                 {:.1}%",
        100.0 * r.overall_accuracy
    )?;
    writeln!(
        out,
        "{} queries in {:.3} s ({:.0} queries/s)",
        r.queries, r.elapsed_seconds, r.queries_per_second
    )?;
    for f in &r.failures {
        let want = f.expected.as_deref().unwrap_or("no match");
        match &f.got {
            Some(m) => writeln!(
                out,
                "FAIL [{}] {:?}: want {want}, got {} {:?} {:.3} ({})",
                f.category, f.query, m.id, m.name, m.score, m.reason
            )?,
            None => writeln!(
                out,
                "FAIL [{}] {:?}: want {want}, got no match",
                f.category, f.query
            )?,
        }
    }
    Ok(())
}
