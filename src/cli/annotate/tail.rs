//! Telling a quoted field that the input never closes.
//!
//! A quote opened and never closed makes the `csv` crate read the rest of
//! the input as that one field, and so as one row: rows would be lost
//! with no error. The splitter knows when the input ends inside a quoted
//! field ([`Span::unclosed`]); when that field also spans lines, it has
//! swallowed the lines after it, and the run stops. (One that ends on its
//! own line loses nothing and is kept, as the `csv` crate reads it.)

use super::fields::Fields;
use super::split::Span;

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

    /// Whether the input ended inside the last record's quoted field,
    /// whether that field spans lines, and the number of records.
    fn last(bytes: &[u8]) -> (bool, bool, usize) {
        let mut src = Source::new(bytes, b',');
        let (mut data, mut spans) = (Vec::new(), Vec::new());
        src.fill(&mut data, &mut spans, usize::MAX, &|| false)
            .expect("read");
        let span = spans.last().copied().expect("a record");
        let spans_lines =
            last_field_spans_lines(span.bytes(&data), &span, b',', &mut Fields::default());
        (span.unclosed, spans_lines, spans.len())
    }

    #[test]
    fn an_unclosed_quote_in_the_last_column_is_told_from_a_closed_one() {
        let (unclosed, spans_lines, rows) = last(b"1,Minsk\n2,\"Pinsk\n3,Brest\n");
        assert_eq!(rows, 2, "the rows are merged");
        assert!(unclosed && spans_lines);

        // Doubled quotes inside the field do not close it, whatever the
        // input's last byte.
        let (unclosed, spans_lines, _) = last(b"id,name\n1,\"Minsk\n2,Pinsk \"\"x\"\"\n");
        assert!(unclosed && spans_lines);

        let (unclosed, spans_lines, rows) = last(b"1,Minsk\n2,\"Pinsk\n3,Brest\"  \r\n\n");
        assert_eq!(rows, 2);
        assert!(!unclosed && spans_lines);

        // Text after a closing quote closes the field all the same.
        let (unclosed, _, _) = last(b"id,name\n1,\"Min\nsk\"x\n");
        assert!(!unclosed);

        let (unclosed, spans_lines, _) = last(b"1,Minsk\n2,Pinsk\n");
        assert!(!unclosed && !spans_lines);
    }
}
