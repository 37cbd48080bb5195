//! Output formats for answers: an aligned table for people, JSON, JSON
//! lines, CSV and TSV for programs.

use clap::ValueEnum;
use serde::Serialize;
use std::io::Write;

/// How `aka lookup` prints answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table.
    Table,
    /// One JSON array of answers.
    Json,
    /// One JSON object per query, per line.
    Jsonl,
    /// CSV with a header; one row per match (or per unmatched query).
    Csv,
    /// Like csv, tab separated.
    Tsv,
}

/// The answer to one query.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The query as given.
    pub query: String,
    /// Matches, best first; empty for "no match".
    pub matches: Vec<aka::Match>,
}

const COLUMNS: [&str; 8] = [
    "query", "rank", "id", "name", "type", "country", "score", "reason",
];

/// Writes all answers in `format`.
pub fn write(out: &mut impl Write, format: Format, answers: &[Answer]) -> anyhow::Result<()> {
    match format {
        Format::Table => write_table(out, answers)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, answers)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for a in answers {
                serde_json::to_writer(&mut *out, a)?;
                writeln!(out)?;
            }
        }
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Csv { b',' } else { b'\t' };
            let mut w = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(&mut *out);
            w.write_record(COLUMNS)?;
            for row in answers.iter().flat_map(rows) {
                w.write_record(&row)?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

/// One row of cells per match, or one row saying "no match" (empty cells
/// for an empty query).
fn rows(answer: &Answer) -> Vec<[String; 8]> {
    if answer.matches.is_empty() {
        let reason = if answer.query.trim().is_empty() {
            ""
        } else {
            "no match"
        };
        return vec![[
            answer.query.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            reason.to_string(),
        ]];
    }
    answer
        .matches
        .iter()
        .enumerate()
        .map(|(n, m)| {
            [
                answer.query.clone(),
                (n + 1).to_string(),
                m.id.clone(),
                m.name.clone(),
                m.kind.clone(),
                m.country.clone().unwrap_or_default(),
                format!("{:.3}", m.score),
                m.reason.to_string(),
            ]
        })
        .collect()
}

fn write_table(out: &mut impl Write, answers: &[Answer]) -> std::io::Result<()> {
    let show_rank = answers.iter().any(|a| a.matches.len() > 1);
    let mut table: Vec<Vec<String>> = Vec::new();
    for a in answers {
        for (n, row) in rows(a).into_iter().enumerate() {
            let [query, rank, id, name, kind, country, score, reason] = row;
            let query = if n == 0 { query } else { String::new() };
            let mut cells = vec![query];
            if show_rank {
                cells.push(rank);
            }
            cells.extend([id, name, kind, country, score, reason]);
            table.push(cells);
        }
    }
    let mut header: Vec<&str> = vec!["QUERY"];
    if show_rank {
        header.push("#");
    }
    header.extend(["ID", "NAME", "TYPE", "CC", "SCORE", "REASON"]);
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &[&str]| -> std::io::Result<()> {
        let last = cells.len() - 1;
        for (k, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if k == last {
                write!(out, "{cell}")?;
            } else {
                write!(out, "{cell}{}  ", " ".repeat(w - cell.chars().count()))?;
            }
        }
        writeln!(out)
    };
    line(out, &header)?;
    for row in &table {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(out, &cells)?;
    }
    Ok(())
}
