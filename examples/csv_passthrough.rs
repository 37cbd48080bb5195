//! The throughput ceiling for `aka annotate`: read a CSV and write every
//! record back with the same `csv` crate settings, resolving nothing.
//!
//! ```text
//! cargo run --release --example csv_passthrough -- INPUT [OUTPUT]
//! ```
//!
//! `-` (or no OUTPUT) is standard input / output. Prints the row count on
//! standard error.

use std::io::{BufWriter, Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let input: Box<dyn Read> = match args.first().map(String::as_str) {
        None | Some("-") => Box::new(std::io::stdin()),
        Some(path) => Box::new(std::fs::File::open(path)?),
    };
    let output: Box<dyn Write> = match args.get(1).map(String::as_str) {
        None | Some("-") => Box::new(std::io::stdout()),
        Some(path) => Box::new(std::fs::File::create(path)?),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut wtr = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BufWriter::with_capacity(1 << 16, output));
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    while rdr.read_byte_record(&mut record)? {
        wtr.write_byte_record(&record)?;
        rows += 1;
    }
    wtr.flush()?;
    eprintln!("{rows} rows");
    Ok(())
}
