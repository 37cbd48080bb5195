//! Finding where CSV records end, without parsing their fields.
//!
//! The reader is the one serial step of `aka annotate`, so it only finds
//! record boundaries, with `memchr`, and leaves the fields to the workers.
//! The boundaries are those the `csv` crate finds with its default
//! settings and the given delimiter: `"` quotes a field when it is the
//! field's first byte (elsewhere it is text), `""` inside quotes is a
//! quote, a record ends at `\n`, `\r` or `\r\n` outside quotes, and line
//! ends between records (blank lines) are skipped.

use memchr::{memchr2, memchr3};

/// Where the scan stands between two bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between records: line ends here are blank lines.
    StartRecord,
    /// At the start of a field: a quote here opens a quoted field.
    StartField,
    /// In an unquoted field (or after a quoted one closed): quotes are text.
    InField,
    /// Inside a quoted field: delimiters and line ends are text.
    InQuoted,
    /// Just after a quote inside a quoted field: a second quote is a
    /// literal one, anything else closes the field.
    QuoteInQuoted,
}

/// One record found in a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Offset of the record's first byte.
    pub start: usize,
    /// Offset just past its last byte, line end excluded.
    pub end: usize,
    /// Its line, as the `csv` crate reports it: the number of `\n` before
    /// the end of the previous record, plus one. (A `\n` after a `\r`, and
    /// blank lines, count for the record after next.)
    pub line: u64,
    /// Whether it has a quoted field; if not, its fields are the bytes
    /// between delimiters.
    pub quoted: bool,
    /// Whether the input ended inside one of its quoted fields.
    pub unclosed: bool,
}

impl Span {
    /// The record's bytes in `data`, the buffer it was found in.
    pub fn bytes<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        data.get(self.start..self.end).unwrap_or_default()
    }
}

/// What [`Splitter::next`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A whole record.
    Record(Span),
    /// The buffer ends inside a record, or before one: append more input
    /// and call again.
    NeedMore,
    /// The input has no more records.
    End,
}

/// Finds records one after another in a growing buffer; resumes where it
/// stopped when more bytes are appended.
#[derive(Debug)]
pub struct Splitter {
    delimiter: u8,
    state: State,
    /// The next byte to look at.
    pos: usize,
    /// The first byte of the record being scanned.
    start: usize,
    quoted: bool,
    /// The line of the next record.
    line: u64,
    /// `\n` passed since the end of the previous record.
    newlines: u64,
}

impl Splitter {
    /// A splitter at the start of the input.
    pub fn new(delimiter: u8) -> Splitter {
        Splitter {
            delimiter,
            state: State::StartRecord,
            pos: 0,
            start: 0,
            quoted: false,
            line: 1,
            newlines: 0,
        }
    }

    /// The next record of `data`, which holds all input from where the
    /// scan started (or was last moved); `eof` says no more will come.
    #[inline]
    pub fn next(&mut self, data: &[u8], eof: bool) -> Found {
        loop {
            match self.state {
                State::StartRecord => {
                    while let Some(&b) = data.get(self.pos) {
                        if b == b'\n' {
                            self.newlines += 1;
                        } else if b != b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos >= data.len() {
                        return if eof { Found::End } else { Found::NeedMore };
                    }
                    self.start = self.pos;
                    self.quoted = false;
                    self.state = State::StartField;
                }
                State::StartField | State::InField => {
                    let rest = data.get(self.pos..).unwrap_or_default();
                    let Some(i) = memchr3(b'"', b'\n', b'\r', rest) else {
                        if eof {
                            return self.emit(data.len(), data.len(), false);
                        }
                        if let Some(&last) = rest.last() {
                            self.state = if last == self.delimiter {
                                State::StartField
                            } else {
                                State::InField
                            };
                        }
                        self.pos = data.len();
                        return Found::NeedMore;
                    };
                    let at = self.pos + i;
                    if data[at] != b'"' {
                        return self.emit(at, at + 1, data[at] == b'\n');
                    }
                    // A quote opens a quoted field only as the field's
                    // first byte; elsewhere it is text.
                    let opens = if i == 0 {
                        self.state == State::StartField
                    } else {
                        data[at - 1] == self.delimiter
                    };
                    self.pos = at + 1;
                    if opens {
                        self.quoted = true;
                        self.state = State::InQuoted;
                    } else {
                        self.state = State::InField;
                    }
                }
                State::InQuoted => {
                    // The closing quote, counting the lines it spans.
                    let rest = data.get(self.pos..).unwrap_or_default();
                    match memchr2(b'"', b'\n', rest) {
                        Some(i) if rest[i] == b'\n' => {
                            self.newlines += 1;
                            self.pos += i + 1;
                        }
                        Some(i) => {
                            self.pos += i + 1;
                            self.state = State::QuoteInQuoted;
                        }
                        None => {
                            self.pos = data.len();
                            if !eof {
                                return Found::NeedMore;
                            }
                            let found = self.emit(data.len(), data.len(), false);
                            return match found {
                                Found::Record(span) => Found::Record(Span {
                                    unclosed: true,
                                    ..span
                                }),
                                other => other,
                            };
                        }
                    }
                }
                State::QuoteInQuoted => match data.get(self.pos) {
                    None if eof => return self.emit(data.len(), data.len(), false),
                    None => return Found::NeedMore,
                    Some(b'"') => {
                        self.pos += 1;
                        self.state = State::InQuoted;
                    }
                    // The field is closed; this byte is read as in an
                    // unquoted field (a delimiter, a line end or text).
                    Some(_) => self.state = State::InField,
                },
            }
        }
    }

    /// Ends the record at `end`; the scan goes on at `next`.
    fn emit(&mut self, end: usize, next: usize, newline: bool) -> Found {
        let span = Span {
            start: self.start,
            end,
            line: self.line,
            quoted: self.quoted,
            unclosed: false,
        };
        self.newlines += u64::from(newline);
        self.line += self.newlines;
        self.newlines = 0;
        self.pos = next;
        self.start = next;
        self.state = State::StartRecord;
        Found::Record(span)
    }

    /// The line of the record being scanned, as [`Span::line`] counts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The first byte still needed: the start of the record being
    /// scanned, or the next byte between records.
    pub fn keep_from(&self) -> usize {
        if self.state == State::StartRecord {
            self.pos
        } else {
            self.start
        }
    }

    /// The bytes from `from` on (at least those from [`keep_from`]) now
    /// sit at `to` in the buffer.
    ///
    /// [`keep_from`]: Splitter::keep_from
    pub fn moved(&mut self, from: usize, to: usize) {
        self.pos = self.pos - from.min(self.pos) + to;
        self.start = self.start - from.min(self.start) + to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `input` fed in pieces of `step` bytes; returns each record's
    /// bytes, line and flags.
    fn split(input: &[u8], step: usize) -> Vec<(String, u64, bool, bool)> {
        let mut splitter = Splitter::new(b',');
        let mut data = Vec::new();
        let mut fed = 0;
        let mut out = Vec::new();
        loop {
            match splitter.next(&data, fed == input.len()) {
                Found::Record(s) => out.push((
                    String::from_utf8_lossy(s.bytes(&data)).into_owned(),
                    s.line,
                    s.quoted,
                    s.unclosed,
                )),
                Found::NeedMore => {
                    let n = step.min(input.len() - fed);
                    data.extend_from_slice(&input[fed..fed + n]);
                    fed += n;
                }
                Found::End => return out,
            }
        }
    }

    fn records(input: &str) -> Vec<String> {
        let whole = split(input.as_bytes(), input.len().max(1));
        for step in 1..4 {
            assert_eq!(split(input.as_bytes(), step), whole, "{input:?} by {step}");
        }
        whole.into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn quoted_delimiters_and_line_ends_are_text() {
        assert_eq!(
            records("a,\"b,c\"\n\"x\ny\",z\n"),
            ["a,\"b,c\"", "\"x\ny\",z"]
        );
        assert_eq!(records("\"a\"\"\n\"\"b\"\nc"), ["\"a\"\"\n\"\"b\"", "c"]);
    }

    #[test]
    fn a_quote_inside_a_field_is_text() {
        assert_eq!(records("a\"b,c\nd\n"), ["a\"b,c", "d"]);
        // Closed, then more text: the quote after it is text too.
        assert_eq!(records("\"a\"b\"c\nd\n"), ["\"a\"b\"c", "d"]);
        assert_eq!(records("x,\"a\",\"b\nc\"\n"), ["x,\"a\",\"b\nc\""]);
    }

    #[test]
    fn line_ends_crlf_lone_cr_and_blank_lines() {
        assert_eq!(records("a\r\nb\rc\n\n\r\nd"), ["a", "b", "c", "d"]);
        let lines: Vec<u64> = split(b"a\r\nb\r\nc\n\n\nd\ne", 64)
            .iter()
            .map(|r| r.1)
            .collect();
        // As the csv crate counts them.
        assert_eq!(lines, [1, 1, 2, 4, 7]);
        assert!(records("\n\r\n\r").is_empty());
    }

    #[test]
    fn a_final_record_without_a_line_end() {
        assert_eq!(records("a,b\nc,d"), ["a,b", "c,d"]);
        assert_eq!(records("a,\"b\""), ["a,\"b\""]);
        assert_eq!(records("a,"), ["a,"]);
    }

    #[test]
    fn a_quote_that_never_closes_takes_the_rest() {
        let r = split(b"1,a\n2,\"b\n3,c\n", 5);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1], ("2,\"b\n3,c\n".to_string(), 2, true, true));
        assert!(!split(b"1,\"a\"\n", 2)[0].3, "closed");
    }

    #[test]
    fn a_bom_is_data() {
        // The caller drops a BOM; the splitter keeps any bytes it gets.
        assert_eq!(records("\u{feff}a,b\n"), ["\u{feff}a,b"]);
    }

    #[test]
    fn moving_the_buffer_keeps_the_scan() {
        let mut s = Splitter::new(b',');
        let mut data = b"a,b\nc,\"d".to_vec();
        assert!(matches!(s.next(&data, false), Found::Record(_)));
        assert_eq!(s.next(&data, false), Found::NeedMore);
        let keep = s.keep_from();
        assert_eq!(keep, 4);
        data.drain(..keep);
        s.moved(keep, 0);
        data.extend_from_slice(b"\ne\"\nf");
        let Found::Record(span) = s.next(&data, true) else {
            panic!("a record")
        };
        assert_eq!(span.bytes(&data), b"c,\"d\ne\"");
        assert_eq!(span.line, 2);
        assert!(span.quoted);
        let Found::Record(span) = s.next(&data, true) else {
            panic!("a record")
        };
        assert_eq!((span.bytes(&data), span.line), (&b"f"[..], 4));
        assert_eq!(s.next(&data, true), Found::End);
    }
}
