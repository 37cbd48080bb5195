//! The reader → workers → ordered writer pipeline.
//!
//! A fixed pool of chunks circulates: the reader fills a free chunk with
//! the raw bytes of up to `chunk_rows` records (it only finds where they
//! end), a worker splits them into fields, resolves them and writes the
//! output rows into the chunk's buffer (each row's bytes as read, then the
//! added cells), and the writer writes chunks in input order and hands them
//! back to the pool. Memory is bounded by the pool, whatever the size of
//! the input.

use super::cache::{Cache, Outcome, STAGES};
use super::encode::Encoder;
use super::fields::Fields;
use super::local::Local;
use super::source::{Owned, Source};
use super::split::Span;
use super::tail::last_field_spans_lines;
use anyhow::bail;
use indicatif::ProgressBar;
use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What to do with a row that cannot be processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Stop with an error naming the file, line and column.
    Fail,
    /// Keep the row; the error goes into the reason column.
    Mark,
    /// Drop the row; it is counted and listed in the summary.
    Skip,
}

/// Everything the pipeline needs besides the input and the output.
pub struct Plan {
    /// Resolves the names.
    pub resolver: aka::Resolver,
    /// The input's name for messages (a path or `<stdin>`).
    pub file: String,
    /// 0-based indices of the columns to resolve, with their names.
    pub columns: Vec<(usize, String)>,
    /// The number of fields every row must have.
    pub width: usize,
    /// The field delimiter.
    pub delimiter: u8,
    /// Encodes the output rows (delimiter, line end).
    pub encoder: Encoder,
    /// Worker threads.
    pub threads: usize,
    /// Records per chunk.
    pub chunk_rows: usize,
    /// Names cached (shared by the workers).
    pub cache_size: usize,
    /// What to do with bad rows.
    pub on_error: OnError,
    /// Bytes before the CSV data (a BOM), for progress.
    pub offset: u64,
    /// Set by Ctrl-C: stop and fail.
    pub interrupted: Arc<AtomicBool>,
}

/// Counts for the summary.
#[derive(Debug, Default)]
pub struct Stats {
    /// Data rows read.
    pub rows: u64,
    /// Data rows written.
    pub written: u64,
    /// Names matched, by stage (indexed like [`STAGES`]).
    pub by_stage: [u64; STAGES.len()],
    /// Names with no match.
    pub no_match: u64,
    /// Empty names.
    pub empty: u64,
    /// Rows kept with an error in the reason column.
    pub marked: u64,
    /// Rows dropped by `--on-error skip`.
    pub skipped: u64,
    /// The lines of the first [`SKIPPED_LISTED`] of them, for the summary.
    pub skipped_lines: Vec<u64>,
}

/// Skipped rows whose lines the summary lists; a file of bad rows must not
/// fill memory with their line numbers.
pub const SKIPPED_LISTED: usize = 10;

impl Stats {
    /// Names matched at any stage.
    pub fn matched(&self) -> u64 {
        self.by_stage.iter().sum()
    }

    fn add(&mut self, other: &Stats) {
        self.rows += other.rows;
        self.written += other.written;
        for (a, b) in self.by_stage.iter_mut().zip(other.by_stage) {
            *a += b;
        }
        self.no_match += other.no_match;
        self.empty += other.empty;
        self.marked += other.marked;
        self.skipped += other.skipped;
        let room = SKIPPED_LISTED.saturating_sub(self.skipped_lines.len());
        self.skipped_lines
            .extend(other.skipped_lines.iter().take(room));
    }
}

/// A batch of records travelling through the pipeline.
struct Chunk {
    seq: u64,
    /// The records' raw bytes.
    data: Vec<u8>,
    /// Where each record is in `data`.
    spans: Vec<Span>,
    /// Input bytes consumed after this chunk.
    bytes: u64,
    out: Vec<u8>,
    stats: Stats,
    /// A row that stopped the run (with `--on-error fail`).
    bad_row: Option<String>,
    /// Why reading stopped after this chunk, if not the end of the input.
    read_error: Option<String>,
}

impl Chunk {
    fn new(rows: usize) -> Chunk {
        Chunk {
            seq: 0,
            data: Vec::new(),
            spans: Vec::with_capacity(rows),
            bytes: 0,
            out: Vec::new(),
            stats: Stats::default(),
            bad_row: None,
            read_error: None,
        }
    }
}

/// The input as the pipeline reads it.
pub type Input<R> = Source<BufReader<R>>;

/// Runs the pipeline: reads every record of `src` (after `first`, a data
/// record already read), writes the annotated rows to `out` in input order.
pub fn run<R: Read + Send>(
    plan: &Plan,
    mut src: Input<R>,
    first: Option<Owned>,
    out: &mut dyn Write,
    progress: Option<&ProgressBar>,
) -> anyhow::Result<Stats> {
    let threads = plan.threads.max(1);
    let pool = threads * 2 + 2;
    let (free_tx, free_rx) = sync_channel::<Chunk>(pool);
    for _ in 0..pool {
        // Cannot fail: the channel has room for the whole pool.
        let _ = free_tx.send(Chunk::new(plan.chunk_rows.max(1)));
    }
    let (work_tx, work_rx) = sync_channel::<Chunk>(pool);
    let (done_tx, done_rx) = sync_channel::<Chunk>(pool);
    let work_rx = Mutex::new(work_rx);
    let cache = Cache::new(plan.cache_size, plan.encoder);
    let stats = std::thread::scope(|s| {
        s.spawn(move || read(plan, &mut src, first, free_rx, work_tx));
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (work_rx, cache) = (&work_rx, &cache);
            s.spawn(move || work(plan, cache, work_rx, done_tx));
        }
        drop(done_tx);
        write(done_rx, free_tx, out, progress)
    })?;
    // Ctrl-C while the reader waited for input that then ended.
    if plan.interrupted.load(Ordering::Relaxed) {
        bail!(INTERRUPTED);
    }
    Ok(stats)
}

/// The fewest names in each worker's own cache, in front of the shared one.
const LOCAL_CACHE: usize = 4096;

const INTERRUPTED: &str = "interrupted (Ctrl-C)";

/// The reader: fills free chunks and passes them on, until the input ends,
/// fails, or Ctrl-C.
fn read<R: Read>(
    plan: &Plan,
    src: &mut Input<R>,
    first: Option<Owned>,
    free: Receiver<Chunk>,
    work: SyncSender<Chunk>,
) {
    let mut pending = first;
    let rows = plan.chunk_rows.max(1);
    let stop = || plan.interrupted.load(Ordering::Relaxed);
    let mut fields = Fields::default();
    // The line of the last row read, if the input ended inside its last
    // field and that field spans lines.
    let mut unclosed_tail = None;
    for seq in 0.. {
        let Ok(mut chunk) = free.recv() else { return };
        chunk.seq = seq;
        chunk.data.clear();
        chunk.spans.clear();
        chunk.read_error = None;
        if let Some(first) = pending.take() {
            chunk.data.extend_from_slice(first.span.bytes(&first.data));
            chunk.spans.push(Span {
                start: 0,
                end: chunk.data.len(),
                ..first.span
            });
        }
        let left = rows - chunk.spans.len().min(rows);
        let end = match src.fill(&mut chunk.data, &mut chunk.spans, left, &stop) {
            Ok(more) => !more,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                chunk.read_error = Some(INTERRUPTED.to_string());
                false
            }
            Err(e) => {
                chunk.read_error = Some(format!("{}: cannot read: {e}", plan.file));
                false
            }
        };
        chunk.bytes = plan.offset + src.position();
        if let Some(last) = chunk.spans.last() {
            let record = last.bytes(&chunk.data);
            unclosed_tail = (last.unclosed
                && last_field_spans_lines(record, last, plan.delimiter, &mut fields))
            .then_some(last.line);
        }
        if let Some(line) = unclosed_tail.filter(|_| end) {
            chunk.read_error = Some(unclosed_quote(plan, line));
        }
        let stop = end || chunk.read_error.is_some();
        if work.send(chunk).is_err() || stop {
            return;
        }
    }
}

/// A worker: resolves the chunks it gets and serialises their rows.
fn work(plan: &Plan, cache: &Cache, work: &Mutex<Receiver<Chunk>>, done: SyncSender<Chunk>) {
    // Each worker's share of the cache: on a file whose names repeat,
    // nearly every row is then answered without touching the shared cache.
    let local_size = LOCAL_CACHE.max(plan.cache_size / plan.threads.max(1));
    let mut local = Local::new(local_size);
    let mut fields = Fields::default();
    loop {
        let received = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(mut chunk) = received else { return };
        chunk.out.clear();
        chunk.stats = Stats::default();
        chunk.bad_row = None;
        // A bug that panics must fail the run, not leave the writer
        // waiting for this chunk for ever.
        let annotated = std::panic::catch_unwind(AssertUnwindSafe(|| {
            annotate_chunk(plan, cache, &mut local, &mut fields, &mut chunk)
        }));
        if annotated.is_err() {
            let line = chunk.spans.first().map_or(0, |s| s.line);
            chunk.out.clear();
            chunk.bad_row = Some(format!(
                "{}: internal error while annotating the rows from line {line}; please report it",
                plan.file
            ));
            local = Local::new(local_size);
        }
        if done.send(chunk).is_err() {
            return;
        }
    }
}

/// Why a row has `len` fields, the wrong number.
fn ragged(plan: &Plan, len: usize, line: u64) -> String {
    let what = if len < plan.width {
        format!("column {} is missing", len + 1)
    } else {
        format!("column {} is one too many", plan.width + 1)
    };
    format!(
        "{}, line {line}: the row has {len} fields where the first row has {} ({what})",
        plan.file, plan.width
    )
}

/// Why the input's last row swallowed the rest of the file.
fn unclosed_quote(plan: &Plan, line: u64) -> String {
    format!(
        "{}, line {line}: a quoted field that starts on this line is never closed, so every line after it would be read as part of that one field; close the quote, or double it (\"\") if it is part of the text",
        plan.file
    )
}

/// Why a name is not UTF-8.
fn not_utf8(plan: &Plan, line: u64, column: usize, name: &str, e: std::str::Utf8Error) -> String {
    format!(
        "{}, line {line}, column {} ('{name}'): invalid UTF-8 at byte {} of the field; convert the file to UTF-8 (e.g. with iconv)",
        plan.file,
        column + 1,
        e.valid_up_to() + 1
    )
}

/// Resolves the rows of a chunk and writes them into `chunk.out`.
fn annotate_chunk(
    plan: &Plan,
    cache: &Cache,
    local: &mut Local,
    fields: &mut Fields,
    chunk: &mut Chunk,
) {
    let Chunk {
        data,
        spans,
        stats,
        bad_row,
        out,
        ..
    } = chunk;
    let enc = &plan.encoder;
    for span in spans.iter() {
        stats.rows += 1;
        let record = span.bytes(data);
        fields.parse(record, span.quoted, plan.delimiter);
        let row_start = out.len();
        let problem = if fields.len() == plan.width {
            copy_row(enc, out, record, span, fields);
            annotate_row(plan, cache, local, record, fields, span.line, out, stats).err()
        } else {
            Some(ragged(plan, fields.len(), span.line))
        };
        let Some(problem) = problem else {
            enc.end(out);
            stats.written += 1;
            continue;
        };
        out.truncate(row_start);
        match plan.on_error {
            OnError::Fail => {
                *bad_row = Some(format!(
                    "{problem}; use --on-error mark or --on-error skip to keep going"
                ));
                break;
            }
            OnError::Skip => {
                stats.skipped += 1;
                if stats.skipped_lines.len() < SKIPPED_LISTED {
                    stats.skipped_lines.push(span.line);
                }
            }
            OnError::Mark => {
                stats.marked += 1;
                // The added cells go under their headers: a short row is
                // padded first, and the extra fields of a long one follow
                // them, kept but out of the way.
                let extra = fields.len().saturating_sub(plan.width);
                if extra == 0 {
                    copy_row(enc, out, record, span, fields);
                } else {
                    enc.record(out, fields.iter(record).take(plan.width));
                }
                for _ in fields.len()..plan.width {
                    enc.next_field(out, b"");
                }
                let reason = format!("error: {problem}");
                for _ in &plan.columns {
                    for _ in 0..4 {
                        enc.next_field(out, b"");
                    }
                    enc.next_field(out, reason.as_bytes());
                }
                for field in fields.iter(record).skip(plan.width) {
                    enc.next_field(out, field);
                }
                enc.end(out);
                stats.written += 1;
            }
        }
    }
}

/// Writes a row's fields as they were read: its raw bytes, or, when the
/// input ended inside a quoted field (whose closing quote the raw bytes
/// lack), its fields encoded anew.
fn copy_row(enc: &Encoder, out: &mut Vec<u8>, record: &[u8], span: &Span, fields: &Fields) {
    if span.unclosed {
        enc.record(out, fields.iter(record));
    } else {
        out.extend_from_slice(record);
    }
}

/// Appends the added cells of one row; the error names a field that is
/// not UTF-8. Counts only rows that succeed.
#[allow(clippy::too_many_arguments)]
fn annotate_row(
    plan: &Plan,
    cache: &Cache,
    local: &mut Local,
    record: &[u8],
    fields: &Fields,
    line: u64,
    out: &mut Vec<u8>,
    stats: &mut Stats,
) -> Result<(), String> {
    let mut outcomes = [0u64; STAGES.len() + 2];
    for (c, column) in &plan.columns {
        let field = fields.get(record, *c).unwrap_or_default();
        let outcome = local
            .append(cache, &plan.resolver, field, out)
            .map_err(|e| not_utf8(plan, line, *c, column, e))?;
        match outcome {
            Outcome::Matched(stage) => outcomes[stage] += 1,
            Outcome::NoMatch => outcomes[STAGES.len()] += 1,
            Outcome::Empty => outcomes[STAGES.len() + 1] += 1,
        }
    }
    for (a, b) in stats.by_stage.iter_mut().zip(outcomes) {
        *a += b;
    }
    stats.no_match += outcomes[STAGES.len()];
    stats.empty += outcomes[STAGES.len() + 1];
    Ok(())
}

/// The writer: puts chunks back in input order, writes them, reports
/// progress, and stops at the first error.
fn write(
    done: Receiver<Chunk>,
    free: SyncSender<Chunk>,
    out: &mut dyn Write,
    progress: Option<&ProgressBar>,
) -> anyhow::Result<Stats> {
    let start = Instant::now();
    let mut stats = Stats::default();
    let mut waiting: BTreeMap<u64, Chunk> = BTreeMap::new();
    let mut next = 0u64;
    for chunk in done {
        waiting.insert(chunk.seq, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            out.write_all(&chunk.out)?;
            stats.add(&chunk.stats);
            if let Some(problem) = chunk.bad_row {
                bail!(problem);
            }
            if let Some(problem) = chunk.read_error {
                bail!(problem);
            }
            if let Some(pb) = progress {
                pb.set_position(chunk.bytes);
                let secs = start.elapsed().as_secs_f64().max(1e-3);
                pb.set_message(format!(
                    "{} rows, {:.0} rows/s",
                    stats.rows,
                    stats.rows as f64 / secs
                ));
            }
            // The reader may have stopped already; then the chunk is not needed.
            let _ = free.send(chunk);
        }
    }
    if !waiting.is_empty() {
        bail!("internal error: {} chunks were not written", waiting.len());
    }
    if stats.written + stats.skipped != stats.rows {
        bail!(
            "internal error: {} rows read, {} written, {} skipped",
            stats.rows,
            stats.written,
            stats.skipped
        );
    }
    Ok(stats)
}
