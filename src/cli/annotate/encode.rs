//! Writing CSV rows straight into a byte buffer.
//!
//! The added cells of an answer are encoded once, when the answer is
//! cached, and copied into every row that has that name.

/// How output fields are separated and rows ended.
#[derive(Debug, Clone, Copy)]
pub struct Encoder {
    special: [bool; 256],
    delimiter: u8,
    terminator: &'static [u8],
}

impl Encoder {
    /// An encoder with this delimiter; rows end in CRLF when `crlf`, else LF.
    pub fn new(delimiter: u8, crlf: bool) -> Encoder {
        let mut special = [false; 256];
        for b in [delimiter, b'"', b'\r', b'\n'] {
            special[usize::from(b)] = true;
        }
        Encoder {
            special,
            delimiter,
            terminator: if crlf { b"\r\n" } else { b"\n" },
        }
    }

    /// Appends `field`, quoted (with inner quotes doubled) only when it
    /// holds the delimiter, a quote or a line end.
    pub fn field(&self, out: &mut Vec<u8>, field: &[u8]) {
        if field.iter().any(|&b| self.special[usize::from(b)]) {
            out.push(b'"');
            for &b in field {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field);
        }
    }

    /// Appends the delimiter and then `field`.
    pub fn next_field(&self, out: &mut Vec<u8>, field: &[u8]) {
        out.push(self.delimiter);
        self.field(out, field);
    }

    /// Appends the fields of `record`, separated by the delimiter.
    pub fn record<'a>(&self, out: &mut Vec<u8>, record: impl IntoIterator<Item = &'a [u8]>) {
        for (i, field) in record.into_iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            self.field(out, field);
        }
    }

    /// Ends the row.
    pub fn end(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.terminator);
    }
}

#[cfg(test)]
mod tests {
    use super::Encoder;

    #[test]
    fn quotes_only_when_needed() {
        let e = Encoder::new(b',', false);
        let mut out = Vec::new();
        e.record(
            &mut out,
            [&b"plain"[..], b"a,b", b"say \"hi\"", b"two\nlines", b""],
        );
        e.end(&mut out);
        assert_eq!(out, b"plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
        let mut out = Vec::new();
        Encoder::new(b';', true).record(&mut out, [&b"a,b"[..], b"c;d"]);
        assert_eq!(out, b"a,b;\"c;d\"");
    }
}
