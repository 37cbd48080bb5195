//! Telling a quoted field that the input never closes.
//!
//! A quote opened in the last column and never closed makes the `csv`
//! crate read the rest of the input as that one field, and so as one row:
//! rows would be lost with no error. Such a field spans lines (an unquoted
//! field cannot), and a quoted field that does close ends in a quote. So if
//! the input's last row ends in a field that spans lines and the input's
//! last byte, line ends and blanks aside, is not a quote, the field was
//! never closed.

use std::io::Read;

/// A reader that remembers the last byte it passed on that is not white
/// space.
pub struct Tail<R> {
    inner: R,
    last: Option<u8>,
}

impl<R> Tail<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Tail<R> {
        Tail { inner, last: None }
    }

    /// Whether the input so far ends in a quote (white space aside).
    pub fn ends_in_quote(&self) -> bool {
        self.last == Some(b'"')
    }
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(&b) = buf[..n].iter().rev().find(|b| !b.is_ascii_whitespace()) {
            self.last = Some(b);
        }
        Ok(n)
    }
}

/// Whether the last field of `record` spans lines.
pub fn last_field_spans_lines(record: &csv::ByteRecord) -> bool {
    record
        .iter()
        .next_back()
        .is_some_and(|f| f.iter().any(|&b| b == b'\n' || b == b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (Vec<csv::ByteRecord>, bool) {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tail::new(bytes));
        let records: Vec<_> = rdr.byte_records().map(|r| r.expect("csv")).collect();
        (records, rdr.get_ref().ends_in_quote())
    }

    #[test]
    fn an_unclosed_quote_in_the_last_column_is_told_from_a_closed_one() {
        let (rows, quoted) = read_all(b"1,Minsk\n2,\"Pinsk\n3,Brest\n");
        assert_eq!(rows.len(), 2, "the csv crate merges the rows");
        assert!(last_field_spans_lines(&rows[1]) && !quoted);

        let (rows, quoted) = read_all(b"1,Minsk\n2,\"Pinsk\n3,Brest\"  \r\n\n");
        assert_eq!(rows.len(), 2);
        assert!(last_field_spans_lines(&rows[1]) && quoted);

        let (rows, _) = read_all(b"1,Minsk\n2,Pinsk\n");
        assert!(!last_field_spans_lines(&rows[1]));
    }
}
