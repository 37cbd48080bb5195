//! Stream a CSV file (a path, or standard input) and print each row with
//! the entity its name column resolves to, as CSV.
//!
//! ```text
//! printf 'name\nLoukachenko\nWarschau\nnobody here\n' | cargo run --example stream_csv
//! cargo run --example stream_csv -- people.csv --column 2
//! ```
//!
//! The name column is the first one unless `--column N` (1-based) says
//! otherwise. Rows are read and written one at a time.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut path = None;
    let mut column = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--column" {
            let n: usize = args.next().ok_or("--column needs a number")?.parse()?;
            column = n.checked_sub(1).ok_or("--column counts from 1")?;
        } else {
            path = Some(arg);
        }
    }
    let input: Box<dyn std::io::Read> = match path.as_deref() {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::fs::File::open(p).map_err(|e| format!("{p}: {e}"))?),
    };
    let resolver = aka::Resolver::builder(aka::Index::embedded()?).build();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
    let mut header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
    header.extend(["entity_id", "entity_name", "entity_type", "score"].map(String::from));
    writer.write_record(&header)?;
    for row in reader.records() {
        let row = row?;
        let mut out: Vec<String> = row.iter().map(String::from).collect();
        match row.get(column).and_then(|name| resolver.resolve_one(name)) {
            Some(m) => out.extend([m.id, m.name, m.kind, format!("{:.3}", m.score)]),
            None => out.extend([String::new(), String::new(), String::new(), String::new()]),
        }
        writer.write_record(&out)?;
    }
    writer.flush()?;
    std::io::stdout().flush()?;
    Ok(())
}
