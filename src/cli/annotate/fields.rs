//! Splitting one record's raw bytes into its fields, in a worker.
//!
//! A record without a quoted field (most of them) is cut at each
//! delimiter, eight bytes at a time, with no copy; in one with a quoted
//! field, each field is read as the `csv` crate reads it, and only a
//! field whose bytes differ from its text (a doubled quote, or text after
//! the closing quote) is copied.

use memchr::memchr;

/// The fields of the last record parsed; reused from record to record.
#[derive(Debug, Default)]
pub struct Fields {
    /// The text of the fields that had to be copied.
    copies: Vec<u8>,
    /// Each field's place, in the record or in `copies`.
    bounds: Vec<Bound>,
}

/// Where a field's text is.
#[derive(Debug, Clone, Copy)]
struct Bound {
    start: usize,
    end: usize,
    /// In [`Fields::copies`] rather than in the record.
    copied: bool,
}

/// Eight copies of `byte`.
const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each byte of `word` that is zero, and no other bit.
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = splat(0x7F);
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// The eight bytes of `bytes` from `at` as one word, the first byte lowest.
fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The first `byte` in `bytes` from `from` on.
fn find(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let mut at = from;
    while let Some(w) = word(bytes, at) {
        let hits = zero_bytes(w ^ splat(byte));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter().position(|&b| b == byte).map(|i| at + i)
}

impl Fields {
    /// Parses `record` (without its line end); `quoted` says whether it
    /// may have a quoted field (if not, quotes in it are text).
    pub fn parse(&mut self, record: &[u8], quoted: bool, delimiter: u8) {
        self.bounds.clear();
        self.copies.clear();
        if quoted {
            self.parse_quoted(record, delimiter);
        } else {
            self.split(record, delimiter);
        }
    }

    /// Cuts `record` at every delimiter.
    fn split(&mut self, record: &[u8], delimiter: u8) {
        let mut start = 0;
        let mut at = 0;
        let mut cut = |start: &mut usize, end: usize| {
            self.bounds.push(Bound {
                start: *start,
                end,
                copied: false,
            });
            *start = end + 1;
        };
        while let Some(w) = word(record, at) {
            let mut hits = zero_bytes(w ^ splat(delimiter));
            while hits != 0 {
                cut(&mut start, at + (hits.trailing_zeros() / 8) as usize);
                hits &= hits - 1;
            }
            at += 8;
        }
        for (i, &b) in record.iter().enumerate().skip(at) {
            if b == delimiter {
                cut(&mut start, i);
            }
        }
        cut(&mut start, record.len());
    }

    /// Reads the fields of a record that may have quoted ones: a quote
    /// opens a field only as its first byte; `""` inside is a quote; after
    /// the closing quote, text up to the delimiter belongs to the field.
    fn parse_quoted(&mut self, record: &[u8], delimiter: u8) {
        let mut start = 0;
        loop {
            if record.get(start) != Some(&b'"') {
                let end = find(record, start, delimiter);
                self.bounds.push(Bound {
                    start,
                    end: end.unwrap_or(record.len()),
                    copied: false,
                });
                match end {
                    Some(end) => start = end + 1,
                    None => return,
                }
                continue;
            }
            // The closing quote: the first lone quote after the opening one.
            let open = start + 1;
            let mut from = open;
            let mut doubled = false;
            let close = loop {
                match record.get(from..).and_then(|rest| memchr(b'"', rest)) {
                    Some(i) if record.get(from + i + 1) == Some(&b'"') => {
                        doubled = true;
                        from += i + 2;
                    }
                    Some(i) => break Some(from + i),
                    None => break None,
                }
            };
            // Text after the closing quote, up to the delimiter.
            let (after, next) = match close {
                None => (record.len()..record.len(), None),
                Some(close) => match find(record, close + 1, delimiter) {
                    Some(d) => (close + 1..d, Some(d + 1)),
                    None => (close + 1..record.len(), None),
                },
            };
            let inside = open..close.unwrap_or(record.len());
            if !doubled && after.is_empty() {
                self.bounds.push(Bound {
                    start: inside.start,
                    end: inside.end,
                    copied: false,
                });
            } else {
                let begin = self.copies.len();
                let text = record.get(inside).unwrap_or_default();
                let mut rest = text;
                // Each `""` stands for one quote.
                while let Some(i) = memchr(b'"', rest) {
                    self.copies.extend_from_slice(&rest[..=i]);
                    rest = rest.get(i + 2..).unwrap_or_default();
                }
                self.copies.extend_from_slice(rest);
                self.copies
                    .extend_from_slice(record.get(after).unwrap_or_default());
                self.bounds.push(Bound {
                    start: begin,
                    end: self.copies.len(),
                    copied: true,
                });
            }
            match next {
                Some(next) => start = next,
                None => return,
            }
        }
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i` of `record`, the bytes last parsed.
    pub fn get<'a>(&'a self, record: &'a [u8], i: usize) -> Option<&'a [u8]> {
        let b = self.bounds.get(i)?;
        let bytes = if b.copied { &self.copies[..] } else { record };
        bytes.get(b.start..b.end)
    }

    /// All fields of `record`, the bytes last parsed.
    pub fn iter<'a>(&'a self, record: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
        (0..self.len()).filter_map(move |i| self.get(record, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(record: &str) -> Vec<String> {
        let mut f = Fields::default();
        f.parse(record.as_bytes(), record.contains('"'), b',');
        f.iter(record.as_bytes())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    }

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(parse("a,,b"), ["a", "", "b"]);
        assert_eq!(parse(""), [""]);
        assert_eq!(
            parse("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\""),
            ["a,b", "say \"hi\"", "x\ny"]
        );
        // As the csv crate reads them: text after a closing quote, and a
        // quote that does not open a field, are kept.
        assert_eq!(parse("\"a\"b\"c,d\"e"), ["ab\"c", "d\"e"]);
        assert_eq!(parse("\"\",\"unclosed,"), ["", "unclosed,"]);
    }

    #[test]
    fn a_record_without_quotes_is_not_copied() {
        let mut f = Fields::default();
        f.parse(b"a;b;c", false, b';');
        assert_eq!(f.len(), 3);
        assert_eq!(f.get(b"a;b;c", 1), Some(&b"b"[..]));
        assert_eq!(f.get(b"a;b;c", 3), None);
    }
}
