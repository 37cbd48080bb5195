//! The library's one error type.
//!
//! Every error that comes from input names where it happened (file, line,
//! column) and, where there is one, what to do about it. The library never
//! prints and never exits; the CLI prints `aka: {error}` once.

use std::path::{Path, PathBuf};

/// Everything that can go wrong while building, opening or querying an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// A row of an input table could not be parsed or broke a rule.
    #[error("{file}, line {line}: {message}")]
    Table {
        /// The table's file name (or `<stdin>` / `<memory>`).
        file: String,
        /// 1-based line number in the file.
        line: u64,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The header of an input table lacks a required column.
    #[error("{file}: missing column '{missing}'; found columns [{found}], expected [{expected}]")]
    MissingColumn {
        /// The table's file name.
        file: String,
        /// The column that was not found.
        missing: String,
        /// The columns the header has, comma separated.
        found: String,
        /// The columns aka needs, comma separated.
        expected: String,
    },

    /// An input table has a header but no data rows.
    #[error("{file}: the table has no data rows; add at least one row under the header")]
    EmptyTable {
        /// The table's file name.
        file: String,
    },

    /// A file is not a usable aka index.
    #[error("{source_name}: {problem}")]
    BadIndex {
        /// Where the index came from (a path, or `<embedded>`/`<memory>`).
        source_name: String,
        /// What is wrong, with the fix.
        problem: String,
    },

    /// Text given as bytes is not UTF-8.
    #[error("invalid UTF-8 at byte {offset} (line {line}); send UTF-8 text")]
    InvalidUtf8 {
        /// 0-based offset of the first byte that is not UTF-8.
        offset: u64,
        /// 1-based line of that byte.
        line: u64,
    },

    /// An argument given to the library is out of range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// An error about a table row.
    pub(crate) fn table(file: &str, line: u64, message: impl Into<String>) -> Self {
        Error::Table {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    /// A CSV read error, as a table error naming the file, the line (1 when
    /// the reader cannot tell) and the fix.
    pub(crate) fn csv(file: &str, err: csv::Error) -> Self {
        let line = err.position().map_or(1, |p| p.line());
        let message = match err.kind() {
            csv::ErrorKind::Utf8 { err, .. } => format!(
                "invalid UTF-8 in field {}; save the table as UTF-8",
                err.field() + 1
            ),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "row has {len} fields but the header has {expected_len}; quote fields that contain commas"
            ),
            csv::ErrorKind::Io(e) => format!("read error: {e}"),
            _ => format!("malformed CSV: {err}"),
        };
        Error::table(file, line, message)
    }

    /// An error about an index's bytes.
    pub(crate) fn bad_index(source_name: &str, problem: impl Into<String>) -> Self {
        Error::BadIndex {
            source_name: source_name.to_string(),
            problem: problem.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
