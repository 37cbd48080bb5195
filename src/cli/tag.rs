//! `aka tag`: find entity mentions in a text file or standard input.

use super::open_index;
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// How `aka tag` prints mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    /// One mention per line: position, surface, entity.
    Text,
    /// One JSON object per mention, per line.
    Jsonl,
    /// An HTML page: the text with each mention highlighted and linked.
    Html,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// UTF-8 text file to tag, or `-` for standard input.
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = TagFormat::Text)]
    format: TagFormat,
    /// Only entities of these types, comma separated (e.g. person,city).
    #[arg(long = "type", value_delimiter = ',', value_name = "TYPES")]
    types: Vec<String>,
    /// Only entities of this country (ISO 3166-1 alpha-2, e.g. BY).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
}

pub fn run(args: TagArgs, index: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let (name, bytes) = read_input(&args.input)?;
    let text = aka::tag::check_utf8(&bytes).with_context(|| name.clone())?;
    let tagger = aka::Tagger::builder(open_index(index)?)
        .types(&args.types)
        .country(args.country.as_deref())
        .build();
    let mentions = tagger.tag(text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        TagFormat::Text => write_text(&mut out, text, &mentions)?,
        TagFormat::Jsonl => {
            for m in &mentions {
                serde_json::to_writer(&mut out, m)?;
                writeln!(out)?;
            }
        }
        TagFormat::Html => write_html(&mut out, &name, text, &mentions)?,
    }
    out.flush()?;
    Ok(if mentions.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads the whole input; returns its display name and bytes.
fn read_input(path: &PathBuf) -> anyhow::Result<(String, Vec<u8>)> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        Ok(("<stdin>".to_string(), bytes))
    } else {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ok((path.display().to_string(), bytes))
    }
}

/// 1-based line and column (in characters) of each mention start.
fn positions(text: &str, mentions: &[aka::Mention]) -> Vec<(usize, usize)> {
    let (mut line, mut line_start, mut at) = (1, 0, 0);
    mentions
        .iter()
        .map(|m| {
            for (i, b) in text.as_bytes()[at..m.bytes.start].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    line_start = at + i + 1;
                }
            }
            at = m.bytes.start;
            (line, text[line_start..m.bytes.start].chars().count() + 1)
        })
        .collect()
}

fn write_text(out: &mut impl Write, text: &str, mentions: &[aka::Mention]) -> std::io::Result<()> {
    let pos = positions(text, mentions);
    let rows: Vec<[String; 5]> = mentions
        .iter()
        .zip(&pos)
        .map(|(m, (line, col))| {
            let e = &m.entity;
            let cc = e
                .country
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            [
                format!("{line}:{col}"),
                m.text.clone(),
                e.id.clone(),
                format!("{} ({}{cc})", e.name, e.kind),
                m.rule.as_str().to_string(),
            ]
        })
        .collect();
    let mut widths = [0usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        for (k, cell) in row.iter().enumerate() {
            if k == row.len() - 1 {
                writeln!(out, "{cell}")?;
            } else {
                write!(
                    out,
                    "{cell}{}  ",
                    " ".repeat(widths[k] - cell.chars().count())
                )?;
            }
        }
    }
    Ok(())
}

/// Escapes text for HTML element content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An anchor name for an entity id.
fn anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("e-{safe}")
}

/// A public page about the entity, when its id names a known source.
fn source_url(id: &str) -> Option<String> {
    let (source, key) = id.split_once(':')?;
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    match source {
        "geonames" => Some(format!("https://www.geonames.org/{key}")),
        "ofac" => Some(format!(
            "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={key}"
        )),
        _ => None,
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.6}\
.text{white-space:pre-wrap}a.m{text-decoration:none;color:inherit;border-radius:3px;padding:0 2px}\
a.person{background:#fde2c0}a.organization{background:#d8e8fb}a.country{background:#d6f2d6}a.city{background:#efe0f7}\
a.m:hover{outline:1px solid #555}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}";

fn write_html(
    out: &mut impl Write,
    name: &str,
    text: &str,
    mentions: &[aka::Mention],
) -> std::io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<title>{} — aka tag</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(name)
    )?;
    writeln!(
        out,
        "<h1>{}</h1>\n<p>{} mentions.</p>",
        escape(name),
        mentions.len()
    )?;
    write!(out, "<div class=\"text\">")?;
    let mut at = 0;
    for m in mentions {
        let e = &m.entity;
        let cc = e
            .country
            .as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default();
        let title = format!(
            "{} — {} ({}{cc}); {}: {}",
            e.id,
            e.name,
            e.kind,
            m.rule.as_str(),
            e.reason
        );
        let kind: String = e
            .kind
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        write!(out, "{}", escape(&text[at..m.bytes.start]))?;
        write!(
            out,
            "<a class=\"m {kind}\" href=\"#{}\" title=\"{}\">{}</a>",
            anchor(&e.id),
            escape(&title),
            escape(&m.text)
        )?;
        at = m.bytes.end;
    }
    writeln!(out, "{}</div>", escape(&text[at..]))?;
    // One row per entity, in order of first mention.
    let mut seen = std::collections::HashSet::new();
    writeln!(
        out,
        "<h2>Entities</h2>\n<table>\n<tr><th>id</th><th>name</th><th>type</th><th>country</th><th>mentions</th></tr>"
    )?;
    for m in mentions {
        let e = &m.entity;
        if !seen.insert(e.id.as_str()) {
            continue;
        }
        let count = mentions.iter().filter(|x| x.entity.id == e.id).count();
        let id_cell = match source_url(&e.id) {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(&url), escape(&e.id)),
            None => escape(&e.id),
        };
        writeln!(
            out,
            "<tr id=\"{}\"><td>{id_cell}</td><td>{}</td><td>{}</td><td>{}</td><td>{count}</td></tr>",
            anchor(&e.id),
            escape(&e.name),
            escape(&e.kind),
            escape(e.country.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "</table>\n</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn links_known_sources_only() {
        assert_eq!(
            source_url("geonames:625144").as_deref(),
            Some("https://www.geonames.org/625144")
        );
        assert_eq!(source_url("country:BY"), None);
        assert_eq!(source_url("geonames:1\"><script>"), None);
        assert_eq!(anchor("country:BY"), "e-country-BY");
    }
}
