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
    /// Print precision, recall and F1 by threshold instead of the accuracy
    /// table (top-1 answered as "match" when its score reaches the threshold).
    #[arg(long)]
    curve: bool,
    /// Thresholds of --curve: 0.50 to 1.00 by 0.01, or every distinct score.
    #[arg(long, value_enum, default_value_t = CurveThresholds::Grid, value_name = "KIND")]
    thresholds: CurveThresholds,
    /// With --curve, also write an SVG plot of precision and recall against
    /// the threshold, the minimum score marked.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CurveThresholds {
    /// 0.50, 0.51, …, 1.00.
    Grid,
    /// Every distinct top-1 score.
    Distinct,
}

pub fn run(args: EvalArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let cases = aka::eval::read_cases(
        &args.file.display().to_string(),
        std::io::BufReader::new(file),
    )?;
    if args.curve || args.plot.is_some() {
        return run_curve(&args, index, &cases);
    }
    let resolver = args.resolve.resolver(open_index(index)?, 1);
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

/// `--curve`: one pass with no minimum score, then every threshold.
fn run_curve(
    args: &EvalArgs,
    index: Option<&PathBuf>,
    cases: &[aka::eval::Case],
) -> anyhow::Result<ExitCode> {
    let mut options = args.resolve.clone();
    options.min_score = 0.0;
    let resolver = options.resolver(open_index(index)?, 1);
    let answers = aka::eval::top_answers(&resolver, cases);
    let kind = match args.thresholds {
        CurveThresholds::Grid => aka::eval::Thresholds::Grid,
        CurveThresholds::Distinct => aka::eval::Thresholds::Distinct,
    };
    let curve = aka::eval::curve(&answers, kind);
    let marked = args.resolve.min_score;
    if let Some(path) = &args.plot {
        // The file name, not its path: the plot is often shared.
        let title = args.file.file_name().map_or_else(
            || args.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let svg = super::plot::curve_svg(&curve, marked, &title)?;
        aka::atomic_write(path, |w| w.write_all(svg.as_bytes()))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &curve)?;
            writeln!(out)?;
        }
        EvalFormat::Table => {
            writeln!(
                out,
                "{} queries: {} expect a match, {} expect none; * marks the minimum score {}",
                cases.len(),
                curve.positives,
                curve.negatives,
                marked
            )?;
            writeln!(
                out,
                "{:>9} {:>8} {:>7} {:>9} {:>7} {:>6} {:>8} {:>8}",
                "threshold",
                "answered",
                "correct",
                "precision",
                "recall",
                "f1",
                "fp_rate",
                "accuracy"
            )?;
            for p in &curve.points {
                let mark = if (p.threshold - marked).abs() < 1e-9 {
                    "*"
                } else {
                    " "
                };
                writeln!(
                    out,
                    "{mark}{:>8.3} {:>8} {:>7} {:>8.1}% {:>6.1}% {:>6.3} {:>7.1}% {:>7.1}%",
                    p.threshold,
                    p.answered,
                    p.correct,
                    100.0 * p.precision,
                    100.0 * p.recall,
                    p.f1,
                    100.0 * p.false_positive_rate,
                    100.0 * p.accuracy
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
