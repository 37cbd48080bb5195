//! The CSV dialect: delimiter (given or guessed) and line ends.

/// How the input is separated; the output uses the same.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// The field delimiter.
    pub delimiter: u8,
    /// Whether the input's first line ends in CRLF; the output's lines
    /// then do too, else LF.
    pub crlf: bool,
}

/// The delimiters that are guessed.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

impl Dialect {
    /// Looks at the start of the input: the delimiter is `given`, or the
    /// candidate that occurs most often outside quotes in the first line
    /// (`,` when none does).
    pub fn sniff(start: &[u8], given: Option<u8>) -> Dialect {
        let mut counts = [0usize; CANDIDATES.len()];
        let mut quoted = false;
        let mut end = start.len();
        for (i, &b) in start.iter().enumerate() {
            if b == b'"' {
                quoted = !quoted;
            } else if !quoted && b == b'\n' {
                end = i;
                break;
            } else if !quoted {
                if let Some(k) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[k] += 1;
                }
            }
        }
        let guessed = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(*k)))
            .map_or(b',', |(k, _)| CANDIDATES[k]);
        let crlf = end > 0 && end < start.len() && start[end - 1] == b'\r';
        Dialect {
            delimiter: given.unwrap_or(guessed),
            crlf,
        }
    }
}

/// Parses `--delimiter`: one ASCII character, or `\t` / `tab` for a tab.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(format!(
            "'{s}' is not one ASCII character; use e.g. ';' or '\\t'"
        )),
    }
}
