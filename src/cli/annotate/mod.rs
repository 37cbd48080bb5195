//! `aka annotate`: add the resolved entity of one or more name columns to
//! every row of a CSV file, streaming, on all cores.

mod cache;
mod dialect;
mod encode;
mod fields;
mod local;
mod pipeline;
mod source;
mod split;
mod tail;

use super::{ResolveOptions, open_index};
use anyhow::{Context, bail};
use cache::STAGES;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use pipeline::{OnError, Plan, Stats};
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The names of the added cells, after the prefix.
const ADDED: [&str; 5] = ["id", "name", "type", "score", "reason"];

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The CSV file to annotate; `-` reads standard input.
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// A column to resolve: a header name or a 1-based index. Repeat to
    /// resolve several columns in one pass.
    #[arg(long, short, required = true, value_name = "NAME|N")]
    column: Vec<String>,
    /// Where to write; `-` or nothing writes standard output. A file is
    /// replaced only when the whole run succeeds.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Prefix of the added columns. With several --column, each column's
    /// header and `_` come first: `buyer_aka_id`, `seller_aka_id`, ...
    #[arg(long, default_value = "aka_", value_name = "TEXT")]
    prefix: String,
    /// Field delimiter, one character (`\t` for tab); guessed from the
    /// first line among , ; tab | when not given.
    #[arg(long, short, value_name = "CHAR", value_parser = dialect::parse_delimiter, conflicts_with = "tsv")]
    delimiter: Option<u8>,
    /// Tab-separated input (and output); same as --delimiter '\t'.
    #[arg(long)]
    tsv: bool,
    /// The first row is data, not a header; --column then takes indices.
    #[arg(long)]
    no_header: bool,
    /// What to do with a row that cannot be processed (a row with the
    /// wrong number of fields, a name that is not UTF-8).
    #[arg(long, value_enum, default_value_t = OnError::Fail, value_name = "WHAT")]
    on_error: OnError,
    /// Worker threads, 1 to 1024 [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = bounded::<1, 1024>)]
    threads: Option<usize>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Records per chunk handed to a worker (1 to 1,000,000).
    #[arg(long, hide = true, default_value_t = 4096, value_parser = bounded::<1, 1_000_000>)]
    chunk_rows: usize,
    /// Names cached, shared by the workers (up to twice this in memory);
    /// each worker also keeps its share of them (at least 4096) itself.
    #[arg(long, hide = true, default_value_t = 100_000, value_parser = bounded::<1, 10_000_000>)]
    cache_size: usize,
    #[command(flatten)]
    resolve: ResolveOptions,
}

/// Parses a whole number from `LO` to `HI`: sizes that would exhaust
/// memory or threads are refused up front.
fn bounded<const LO: usize, const HI: usize>(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("'{s}' is not a whole number"))?;
    if (LO..=HI).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be from {LO} to {HI}"))
    }
}

/// Where rows go: standard output, a device or pipe such as /dev/null, or
/// a temporary file renamed over the target at the end.
enum Target {
    Stdout,
    Special(std::fs::File),
    File {
        path: PathBuf,
        tmp: tempfile::NamedTempFile,
    },
}

pub fn run(args: AnnotateArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    // Ctrl-C sets a flag: the reader stops, the run fails and the temporary
    // file is removed. (Were the handler missing, Ctrl-C would kill the
    // process and leave the temporary file, but the target untouched.)
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let is_stdin = args.input.as_os_str() == "-";
    let file = if is_stdin {
        "<stdin>".to_string()
    } else {
        args.input.display().to_string()
    };
    let (input, total): (Box<dyn Read + Send>, Option<u64>) = if is_stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = std::fs::File::open(&args.input)
            .with_context(|| format!("cannot open input file {file}"))?;
        let meta = f
            .metadata()
            .with_context(|| format!("cannot read {file}"))?;
        if meta.is_dir() {
            bail!("{file} is a folder; give a CSV file");
        }
        (Box::new(f), meta.is_file().then_some(meta.len()))
    };
    let target = open_target(
        args.output.as_deref(),
        (!is_stdin).then_some(args.input.as_path()),
    )?;

    let mut input = BufReader::with_capacity(1 << 16, input);
    let peek = input
        .fill_buf()
        .with_context(|| format!("cannot read {file}"))?;
    let bom = if peek.starts_with(BOM) { BOM.len() } else { 0 };
    let dialect =
        dialect::Dialect::sniff(&peek[bom..], args.delimiter.or(args.tsv.then_some(b'\t')));
    input.consume(bom);
    let head = input
        .fill_buf()
        .with_context(|| format!("cannot read {file}"))?;
    if head.is_empty() {
        bail!("{file} is empty; expected a CSV file with a header row and data rows");
    }
    // The csv crate drops a BOM at the start of what it reads, so a second
    // one after the first has always been dropped too.
    let bom = if head.starts_with(BOM) {
        input.consume(BOM.len());
        bom + BOM.len()
    } else {
        bom
    };

    let mut src = source::Source::new(input, dialect.delimiter);
    let Some(first) = src
        .next_record()
        .with_context(|| format!("cannot read {file}"))?
    else {
        bail!("{file} has no rows; expected a CSV file with a header row and data rows");
    };
    let first_fields = {
        let mut fields = fields::Fields::default();
        let record = first.span.bytes(&first.data);
        fields.parse(record, first.span.quoted, dialect.delimiter);
        fields.iter(record).collect::<csv::ByteRecord>()
    };
    let header = if args.no_header {
        None
    } else {
        Some(first_fields.clone())
    };
    // The header row as it was written, to go out unchanged like every
    // data row (a header that ends inside quotes has no data rows after
    // it, and stops the run below).
    let header_line = header
        .is_some()
        .then(|| first.span.bytes(&first.data).to_vec());
    let columns = select_columns(&args.column, header.as_ref(), first_fields.len(), &file)?;
    let first_data = if args.no_header {
        Some(first)
    } else {
        let Some(record) = src
            .next_record()
            .with_context(|| format!("cannot read {file}"))?
        else {
            bail!("{file} has a header but no data rows; nothing to annotate");
        };
        Some(record)
    };
    let width = header
        .as_ref()
        .map_or(first_fields.len(), csv::ByteRecord::len);

    let plan = Plan {
        resolver: args.resolve.resolver(open_index(index)?, 1),
        file: file.clone(),
        width,
        columns,
        delimiter: dialect.delimiter,
        encoder: encode::Encoder::new(dialect.delimiter, dialect.crlf),
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
        chunk_rows: args.chunk_rows,
        cache_size: args.cache_size,
        on_error: args.on_error,
        offset: bom as u64,
        interrupted,
    };

    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(|| progress_bar(total));
    // Runs the whole pipeline into `out` and clears the progress bar.
    let annotate_into = |out: &mut dyn Write| -> anyhow::Result<Stats> {
        let result = annotate(
            &plan,
            &args,
            header_line.as_deref(),
            src,
            first_data,
            out,
            progress.as_ref(),
        )
        .and_then(|stats| Ok(out.flush().map(|()| stats)?));
        if let Some(pb) = &progress {
            pb.finish_and_clear();
        }
        result
    };
    let stats = match target {
        Target::Stdout => {
            let stdout = std::io::stdout();
            annotate_into(&mut std::io::BufWriter::with_capacity(
                1 << 16,
                stdout.lock(),
            ))?
        }
        Target::Special(file) => {
            annotate_into(&mut std::io::BufWriter::with_capacity(1 << 16, file))?
        }
        Target::File { path, mut tmp } => {
            let stats = annotate_into(&mut std::io::BufWriter::with_capacity(
                1 << 16,
                tmp.as_file_mut(),
            ))
            .with_context(|| format!("{} left untouched", path.display()))?;
            tmp.as_file()
                .sync_data()
                .with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
            stats
        }
    };
    if !args.quiet {
        eprintln!(
            "aka: {}",
            summary(&stats, plan.columns.len(), start.elapsed())
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the header (if any) and runs the pipeline.
fn annotate<R: Read + Send>(
    plan: &Plan,
    args: &AnnotateArgs,
    header_line: Option<&[u8]>,
    src: pipeline::Input<R>,
    first: Option<source::Owned>,
    out: &mut dyn Write,
    progress: Option<&ProgressBar>,
) -> anyhow::Result<Stats> {
    if let Some(header) = header_line {
        let mut line = header.to_vec();
        for name in added_columns(&args.prefix, &plan.columns) {
            plan.encoder.next_field(&mut line, name.as_bytes());
        }
        plan.encoder.end(&mut line);
        out.write_all(&line)?;
    }
    pipeline::run(plan, src, first, out, progress)
}

/// The names of the added columns: `<prefix><cell>` for one column;
/// `<column>_<prefix><cell>` for each of several.
fn added_columns(prefix: &str, columns: &[(usize, String)]) -> Vec<String> {
    let mut names = Vec::new();
    for (_, column) in columns {
        for cell in ADDED {
            if columns.len() == 1 {
                names.push(format!("{prefix}{cell}"));
            } else {
                names.push(format!("{column}_{prefix}{cell}"));
            }
        }
    }
    names
}

/// Maps each --column (a header name or a 1-based index) to a 0-based
/// index and a name for messages.
fn select_columns(
    wanted: &[String],
    header: Option<&csv::ByteRecord>,
    width: usize,
    file: &str,
) -> anyhow::Result<Vec<(usize, String)>> {
    let names: Vec<String> = match header {
        Some(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect(),
        None => (1..=width).map(|n| format!("col{n}")).collect(),
    };
    let mut columns: Vec<(usize, String)> = Vec::new();
    for w in wanted {
        let index = if let Some(i) = names.iter().position(|n| n == w) {
            i
        } else if let Ok(n) = w.parse::<usize>() {
            if n == 0 || n > width {
                bail!(
                    "{file}: --column {n} is out of range; the first row has {width} columns (count from 1)"
                );
            }
            n - 1
        } else if header.is_none() {
            bail!(
                "--column '{w}' is a name, but with --no-header there are no names; give a 1-based index such as --column 2"
            );
        } else {
            let found = names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ");
            bail!("{file}: no column '{w}'; the header has {found}");
        };
        if columns.iter().any(|(i, _)| *i == index) {
            bail!("--column '{w}' names column {} twice", index + 1);
        }
        columns.push((index, names[index].clone()));
    }
    Ok(columns)
}

/// Checks the output path and makes the temporary file next to it.
fn open_target(output: Option<&Path>, input: Option<&Path>) -> anyhow::Result<Target> {
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        return Ok(Target::Stdout);
    };
    if path.is_dir() {
        bail!("output {} is a folder; give a file name", path.display());
    }
    // A device or a named pipe is written in place: renaming over it would
    // replace it with a plain file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot write output {}", path.display()))?;
        return Ok(Target::Special(f));
    }
    if let (Some(input), Ok(out)) = (input, path.canonicalize()) {
        if input.canonicalize().is_ok_and(|i| i == out) {
            bail!(
                "output {} is the input file; write to another file",
                path.display()
            );
        }
    }
    let tmp = aka::temp_file_beside(path)
        .with_context(|| format!("cannot write output {}", path.display()))?;
    Ok(Target::File {
        path: path.to_path_buf(),
        tmp,
    })
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let pb = match total {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template("{bar:20} {bytes}/{total_bytes}, {msg}, ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} read, {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// One line: rows, matched by stage, no match, errors, time and speed.
fn summary(stats: &Stats, columns: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let mut s = format!("{} rows", stats.rows);
    if columns > 1 {
        s += &format!(", {} names", stats.matched() + stats.no_match + stats.empty);
    }
    let stages: Vec<String> = STAGES
        .iter()
        .zip(stats.by_stage)
        .filter(|(_, n)| *n > 0)
        .map(|(stage, n)| format!("{} {n}", stage.as_str()))
        .collect();
    s += &format!(": {} matched", stats.matched());
    if !stages.is_empty() {
        s += &format!(" ({})", stages.join(", "));
    }
    s += &format!(", {} no match", stats.no_match);
    if stats.empty > 0 {
        s += &format!(", {} empty", stats.empty);
    }
    if stats.marked > 0 {
        s += &format!(", {} rows with errors marked", stats.marked);
    }
    if stats.skipped > 0 {
        let mut lines: Vec<String> = stats.skipped_lines.iter().map(u64::to_string).collect();
        if stats.skipped > stats.skipped_lines.len() as u64 {
            lines.push("...".to_string());
        }
        s += &format!(
            ", {} rows skipped (lines {})",
            stats.skipped,
            lines.join(", ")
        );
    }
    s += &format!(
        "; {secs:.1} s, {:.0} rows/s",
        stats.rows as f64 / secs.max(1e-6)
    );
    s
}
