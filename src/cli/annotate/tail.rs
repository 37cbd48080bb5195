//! Telling a quoted field that the input never closes.
//!
//! A quote opened in the last column and never closed makes the `csv`
//! crate read the rest of the input as that one field, and so as one row:
//! rows would be lost with no error. Such a field spans lines (an unquoted
//! field cannot), and a quoted field that does close ends in a quote. So if
//! the input's last row ends in a field that spans lines and the input's
//! last byte, line ends and blanks aside, is not a quote, the field was
//! never closed.

use super::fields::Fields;
use super::split::Span;
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

/// Whether the last field of `record` (raw bytes, found as `span`) spans
/// lines; `fields` is scratch space.
pub fn last_field_spans_lines(
    record: &[u8],
    span: &Span,
    delimiter: u8,
    fields: &mut Fields,
) -> bool {
    // An unquoted field cannot hold a line end.
    if !span.quoted {
        return false;
    }
    fields.parse(record, true, delimiter);
    fields
        .len()
        .checked_sub(1)
        .and_then(|last| fields.get(record, last))
        .is_some_and(|f| f.iter().any(|&b| b == b'\n' || b == b'\r'))
}

#[cfg(test)]
mod tests {
    use super::super::source::Source;
    use super::*;

    /// The last record's raw bytes and span, and whether the input ends in
    /// a quote.
    fn last(bytes: &[u8]) -> (bool, bool, usize) {
        let mut src = Source::new(Tail::new(bytes), b',');
        let (mut data, mut spans) = (Vec::new(), Vec::new());
        src.fill(&mut data, &mut spans, usize::MAX, &|| false)
            .expect("read");
        let span = spans.last().copied().expect("a record");
        let spans_lines =
            last_field_spans_lines(span.bytes(&data), &span, b',', &mut Fields::default());
        (spans_lines, src.get_ref().ends_in_quote(), spans.len())
    }

    #[test]
    fn an_unclosed_quote_in_the_last_column_is_told_from_a_closed_one() {
        let (spans_lines, quoted, rows) = last(b"1,Minsk\n2,\"Pinsk\n3,Brest\n");
        assert_eq!(rows, 2, "the rows are merged");
        assert!(spans_lines && !quoted);

        let (spans_lines, quoted, rows) = last(b"1,Minsk\n2,\"Pinsk\n3,Brest\"  \r\n\n");
        assert_eq!(rows, 2);
        assert!(spans_lines && quoted);

        let (spans_lines, _, _) = last(b"1,Minsk\n2,Pinsk\n");
        assert!(!spans_lines);
    }
}
