//! Comparing every row of a CSV of name pairs (`aka compare --pairs`).

use crate::error::{Error, Result};
use crate::resolve::Resolver;
use std::io::{Read, Write};

/// Which columns of a pairs table hold the two names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairColumns {
    /// The left name's column header (default `left`).
    pub left: String,
    /// The right name's column header (default `right`).
    pub right: String,
}

impl Default for PairColumns {
    fn default() -> Self {
        PairColumns {
            left: "left".to_string(),
            right: "right".to_string(),
        }
    }
}

/// Counts from [`compare_pairs`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairStats {
    /// Rows compared.
    pub rows: u64,
    /// Rows whose names matched.
    pub matched: u64,
}

/// Reads a CSV of name pairs and writes each row with three more columns,
/// `score,match,reason` (`match` is `true` or `false`). Errors name `file`
/// and the line; a missing column lists the header found.
///
/// ```
/// let r = aka::Resolver::builder(aka::Index::embedded()?).build();
/// let input = "id,left,right\n1,Acme Limited,ACME LTD\n";
/// let mut out = Vec::new();
/// let stats = aka::compare::compare_pairs(&r, "pairs.csv", input.as_bytes(), &mut out, &Default::default())?;
/// assert_eq!(stats.rows, 1);
/// assert!(String::from_utf8(out).unwrap().starts_with("id,left,right,score,match,reason\n1,Acme Limited,ACME LTD,1.000,true,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_pairs<R: Read, W: Write>(
    resolver: &Resolver,
    file: &str,
    reader: R,
    writer: W,
    columns: &PairColumns,
) -> Result<PairStats> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(reader);
    let header = rdr.headers().map_err(|e| Error::csv(file, e))?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
    };
    let missing = |name: &str| Error::MissingColumn {
        file: file.to_string(),
        missing: name.to_string(),
        found: header.iter().collect::<Vec<_>>().join(", "),
        expected: format!("{}, {}", columns.left, columns.right),
    };
    let li = col(&columns.left).ok_or_else(|| missing(&columns.left))?;
    let ri = col(&columns.right).ok_or_else(|| missing(&columns.right))?;
    let mut wtr = csv::Writer::from_writer(writer);
    let io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::io("<output>", e),
        other => Error::InvalidArgument(format!("cannot write CSV: {other:?}")),
    };
    let mut out_header = header.clone();
    out_header.push_field("score");
    out_header.push_field("match");
    out_header.push_field("reason");
    wtr.write_record(&out_header).map_err(io)?;
    let mut stats = PairStats::default();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(Error::csv(file, e)),
        }
        let c = resolver.compare(&rec[li], &rec[ri]);
        stats.rows += 1;
        stats.matched += u64::from(c.matched);
        let mut row = rec.clone();
        row.push_field(&format!("{:.3}", c.score));
        row.push_field(if c.matched { "true" } else { "false" });
        row.push_field(&c.reason);
        wtr.write_record(&row).map_err(io)?;
    }
    wtr.flush().map_err(|e| Error::io("<output>", e))?;
    if stats.rows == 0 {
        return Err(Error::EmptyTable {
            file: file.to_string(),
        });
    }
    Ok(stats)
}
