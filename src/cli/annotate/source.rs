//! Reading the input as whole raw records, a batch at a time.

use super::split::{Found, Span, Splitter};
use std::io::Read;

/// Bytes asked of the input at a time.
const READ: usize = 1 << 16;

/// The longest record read: a quote opened and never closed makes the rest
/// of the input one record, and holding a file of many gigabytes in
/// memory to say so would exhaust it first.
pub const MAX_RECORD: usize = 64 << 20;

/// Bytes of records after which a batch ends, however few its records:
/// batches in flight bound the memory a run takes, and a batch of long
/// rows (free text beside each name) must not hold thousands of them.
pub const BATCH_BYTES: usize = 8 << 20;

/// The input, cut into whole records.
pub struct Source<R> {
    input: R,
    splitter: Splitter,
    /// Bytes read after the last batch's last record.
    carry: Vec<u8>,
    eof: bool,
    /// Bytes read from the input so far.
    read: u64,
    /// The longest record accepted ([`MAX_RECORD`]).
    max_record: usize,
    /// Bytes of records that end a batch ([`BATCH_BYTES`]).
    batch_bytes: usize,
}

/// One record with its own bytes (the header, or the first data row).
pub struct Owned {
    /// Holds the record, and maybe bytes after it.
    pub data: Vec<u8>,
    /// Where the record is in `data`.
    pub span: Span,
}

impl<R: Read> Source<R> {
    /// Reads `input` with fields separated by `delimiter`.
    pub fn new(input: R, delimiter: u8) -> Source<R> {
        Source {
            input,
            splitter: Splitter::new(delimiter),
            carry: Vec::new(),
            eof: false,
            read: 0,
            max_record: MAX_RECORD,
            batch_bytes: BATCH_BYTES,
        }
    }

    /// Refuses records longer than `bytes` instead of [`MAX_RECORD`].
    #[cfg(test)]
    pub fn with_max_record(mut self, bytes: usize) -> Source<R> {
        self.max_record = bytes;
        self
    }

    /// Ends batches after `bytes` of records instead of [`BATCH_BYTES`].
    #[cfg(test)]
    pub fn with_batch_bytes(mut self, bytes: usize) -> Source<R> {
        self.batch_bytes = bytes;
        self
    }

    /// Bytes read from the input and handed out in batches.
    pub fn position(&self) -> u64 {
        self.read - self.carry.len() as u64
    }

    /// Appends up to `max` records to `data` (which may already hold
    /// some), their places to `spans`, fewer once they hold
    /// [`BATCH_BYTES`]; says whether more may follow.
    /// Stops early, with an error of kind `Interrupted`, when `stop`
    /// says so before a read.
    pub fn fill(
        &mut self,
        data: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        max: usize,
        stop: &dyn Fn() -> bool,
    ) -> std::io::Result<bool> {
        let base = data.len();
        data.extend_from_slice(&self.carry);
        self.carry.clear();
        self.splitter.moved(0, base);
        let mut found = 0;
        let more = loop {
            let held = spans.last().map_or(0, |s| s.end.saturating_sub(base));
            if found >= max || held >= self.batch_bytes {
                break true;
            }
            match self.splitter.next(data, self.eof) {
                Found::Record(span) => {
                    spans.push(span);
                    found += 1;
                }
                Found::End => break false,
                Found::NeedMore => {
                    let pending = data.len().saturating_sub(self.splitter.keep_from());
                    if pending > self.max_record {
                        let line = self.splitter.line();
                        self.keep_tail(data);
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!(
                                "the record from line {line} is longer than {} MiB; a quote opened and never closed there would make the rest of the input one field: close the quote, or double it (\"\") if it is part of the text",
                                self.max_record >> 20
                            ),
                        ));
                    }
                    if stop() {
                        self.keep_tail(data);
                        return Err(std::io::ErrorKind::Interrupted.into());
                    }
                    if let Err(e) = self.read_more(data) {
                        self.keep_tail(data);
                        return Err(e);
                    }
                }
            }
        };
        self.keep_tail(data);
        Ok(more)
    }

    /// Reads the next record alone.
    pub fn next_record(&mut self) -> std::io::Result<Option<Owned>> {
        let mut data = Vec::new();
        let mut spans = Vec::with_capacity(1);
        self.fill(&mut data, &mut spans, 1, &|| false)?;
        Ok(spans.pop().map(|span| Owned { data, span }))
    }

    /// Moves the bytes after the last record found into the carry.
    fn keep_tail(&mut self, data: &mut Vec<u8>) {
        let keep = self.splitter.keep_from().min(data.len());
        self.carry.extend_from_slice(&data[keep..]);
        data.truncate(keep);
        self.splitter.moved(keep, 0);
    }

    /// Appends what the input gives to `data`; notes its end.
    fn read_more(&mut self, data: &mut Vec<u8>) -> std::io::Result<()> {
        let len = data.len();
        data.resize(len + READ, 0);
        loop {
            match self.input.read(&mut data[len..]) {
                Ok(n) => {
                    data.truncate(len + n);
                    self.read += n as u64;
                    self.eof = n == 0;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    data.truncate(len);
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fields::Fields;
    use super::*;

    #[test]
    fn a_record_longer_than_the_limit_is_an_error_naming_its_line() {
        let mut input = b"id,name\n1,Minsk\n2,\"Pinsk\n".to_vec();
        input.extend(b"3,Brest\n".repeat(1 << 18));
        let mut src = Source::new(&input[..], b',').with_max_record(1 << 20);
        let (mut data, mut spans) = (Vec::new(), Vec::new());
        let e = src
            .fill(&mut data, &mut spans, usize::MAX, &|| false)
            .expect_err("the open quote swallows 2 MiB");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        assert!(
            e.to_string()
                .contains("the record from line 3 is longer than 1 MiB"),
            "{e}"
        );
        assert_eq!(spans.len(), 2, "the records before it are read");
        // Long records under the limit are read.
        let long = [b"id,note\n1,\"".as_slice(), &b"x".repeat(900_000), b"\"\n"].concat();
        let mut src = Source::new(&long[..], b',').with_max_record(1 << 20);
        let (mut data, mut spans) = (Vec::new(), Vec::new());
        src.fill(&mut data, &mut spans, usize::MAX, &|| false)
            .expect("under the limit");
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn batches_hold_whole_records_across_reads() {
        let input = b"h\n1,\"a\nb\"\n2,c\r\n\n3,d".repeat(3000);
        let mut src = Source::new(&input[..], b',');
        let mut rows = Vec::new();
        loop {
            let (mut data, mut spans) = (Vec::new(), Vec::new());
            let more = src.fill(&mut data, &mut spans, 7, &|| false).expect("read");
            for s in &spans {
                rows.push((s.bytes(&data).to_vec(), s.line));
            }
            if !more {
                break;
            }
        }
        assert_eq!(rows.len(), 1 + 3 * 3000);
        assert_eq!(rows[1], (b"1,\"a\nb\"".to_vec(), 2));
        assert_eq!(rows[4].0, b"1,\"a\nb\"".to_vec());
        assert_eq!(rows[3].0, b"3,dh".to_vec(), "no line end between");
        assert_eq!(src.position(), input.len() as u64);
    }

    #[test]
    fn a_batch_of_long_records_ends_at_its_byte_limit() {
        let row = [b"1,".as_slice(), &b"x".repeat(1000), b"\n"].concat();
        let input = [b"id,note\n".as_slice(), &row.repeat(99)].concat();
        let mut src = Source::new(&input[..], b',').with_batch_bytes(10_000);
        let mut sizes = Vec::new();
        loop {
            let (mut data, mut spans) = (Vec::new(), Vec::new());
            let more = src
                .fill(&mut data, &mut spans, 1000, &|| false)
                .expect("read");
            sizes.push(spans.len());
            if !more {
                break;
            }
        }
        // Every record is read, about ten to a batch (each is 1,002 bytes,
        // and the header 7), never the thousand asked for.
        assert_eq!(sizes.iter().sum::<usize>(), 100);
        assert!(sizes.iter().all(|&n| n <= 11), "{sizes:?}");
        assert!(sizes.len() >= 9, "{sizes:?}");
    }

    #[test]
    fn a_stop_before_a_read_is_an_interruption() {
        let mut src = Source::new(&b"a\nb\n"[..], b',');
        let (mut data, mut spans) = (Vec::new(), Vec::new());
        let e = src.fill(&mut data, &mut spans, 5, &|| true);
        assert_eq!(
            e.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::Interrupted)
        );
    }

    /// Gives at most `step` bytes per read, so records straddle reads.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Each record's fields and line, as the csv crate reads `input`.
    fn by_csv(input: &[u8], delimiter: u8) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut record).expect("in memory") {
            let line = record.position().map_or(0, csv::Position::line);
            out.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    /// Each record's fields and line, split here in batches of `max`
    /// records from reads of `step` bytes; and each record's raw bytes
    /// with whether the input ended inside its quotes.
    #[allow(clippy::type_complexity)]
    fn by_split(
        input: &[u8],
        delimiter: u8,
        step: usize,
        max: usize,
    ) -> (Vec<(Vec<Vec<u8>>, u64)>, Vec<(Vec<u8>, bool)>) {
        let mut src = Source::new(Trickle { bytes: input, step }, delimiter);
        let mut fields = Fields::default();
        let (mut parsed, mut raw) = (Vec::new(), Vec::new());
        loop {
            let (mut data, mut spans) = (Vec::new(), Vec::new());
            let more = src
                .fill(&mut data, &mut spans, max, &|| false)
                .expect("in memory");
            for span in &spans {
                let record = span.bytes(&data);
                fields.parse(record, span.quoted, delimiter);
                let got = fields.iter(record).map(<[u8]>::to_vec).collect();
                parsed.push((got, span.line));
                raw.push((record.to_vec(), span.unclosed));
            }
            if !more {
                return (parsed, raw);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Records, fields and lines are the csv crate's, however the
        /// input is read; a record's raw bytes read alone give its fields
        /// back (so copying them to the output keeps them), unless the
        /// input ended inside its quotes.
        #[test]
        fn split_and_parse_as_the_csv_crate_does(
            input in proptest::collection::vec(
                proptest::sample::select(&b"ab;,\"\"\n\r \xC3"[..]), 0..60),
            semicolon in proptest::bool::ANY,
            step in 1usize..9,
            max in 1usize..5,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let expected = by_csv(&input, delimiter);
            let (parsed, raw) = by_split(&input, delimiter, step, max);
            proptest::prop_assert_eq!(&parsed, &expected);
            for ((record, unclosed), (fields, _)) in raw.iter().zip(&expected) {
                if !unclosed {
                    let alone = by_csv(record, delimiter);
                    proptest::prop_assert_eq!(alone.len(), 1);
                    proptest::prop_assert_eq!(&alone[0].0, fields);
                }
            }
        }
    }
}
