//! The first bytes of an input decide how it is read: gzip is unwrapped whatever the file is
//! called, NUL bytes mean a binary file that would otherwise be "read" as garbage articles,
//! and for stdin or an unfamiliar extension a leading `{` means JSON Lines.

use std::io::{self, Cursor, Read};

/// How many bytes are looked at; also how far binary detection sees.
pub(super) const HEAD_LEN: usize = 8 * 1024;

/// An input stream whose first bytes have been read and looked at.
pub(super) struct Stream {
    head: Vec<u8>,
    rest: Box<dyn Read + Send>,
}

impl Stream {
    /// Reads the head of `reader`, unwrapping gzip (also concatenated members) when the head
    /// starts with the gzip magic number.
    pub(super) fn open(reader: Box<dyn Read + Send>) -> io::Result<Stream> {
        let stream = Self::read_head(reader)?;
        if stream.head.starts_with(&[0x1f, 0x8b]) {
            let decoder = flate2::read::MultiGzDecoder::new(stream.into_reader());
            return Self::read_head(Box::new(decoder));
        }
        Ok(stream)
    }

    fn read_head(mut reader: Box<dyn Read + Send>) -> io::Result<Stream> {
        let mut head = Vec::with_capacity(HEAD_LEN);
        (&mut reader).take(HEAD_LEN as u64).read_to_end(&mut head)?;
        Ok(Stream { head, rest: reader })
    }

    /// Why the input is not text, when it is not: a NUL byte in the head.
    pub(super) fn binary_reason(&self) -> Option<&'static str> {
        if !super::looks_binary(&self.head) {
            return None;
        }
        Some(
            if self.head.starts_with(&[0xff, 0xfe]) || self.head.starts_with(&[0xfe, 0xff]) {
                "UTF-16 text, not UTF-8; convert it first (iconv -f UTF-16 -t UTF-8)"
            } else {
                "binary file, not an article; give .txt, .jsonl or .json files, or a folder of them"
            },
        )
    }

    /// Whether the content looks like JSON Lines: its first non-whitespace byte (after a
    /// UTF-8 byte order mark) is `{`.
    pub(super) fn looks_like_json_lines(&self) -> bool {
        let head = self
            .head
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&self.head);
        head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
    }

    /// The whole content, head included.
    pub(super) fn read_all(mut self) -> io::Result<Vec<u8>> {
        let mut all = self.head;
        self.rest.read_to_end(&mut all)?;
        Ok(all)
    }

    /// The whole content as a reader, head included.
    pub(super) fn into_reader(self) -> Box<dyn Read + Send> {
        Box::new(Cursor::new(self.head).chain(self.rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn open(bytes: &[u8]) -> Stream {
        Stream::open(Box::new(Cursor::new(bytes.to_vec()))).unwrap()
    }

    #[test]
    fn head_and_rest_give_back_every_byte() {
        let bytes: Vec<u8> = (0..3 * HEAD_LEN).map(|i| b'a' + (i % 26) as u8).collect();
        assert_eq!(open(&bytes).read_all().unwrap(), bytes);
        let mut back = Vec::new();
        open(&bytes).into_reader().read_to_end(&mut back).unwrap();
        assert_eq!(back, bytes);
    }

    #[test]
    fn gzip_is_unwrapped() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"  {\"text\":\"x\"}\n").unwrap();
        let s = open(&gz.finish().unwrap());
        assert!(s.looks_like_json_lines());
        assert_eq!(s.read_all().unwrap(), b"  {\"text\":\"x\"}\n");
    }

    #[test]
    fn detects_binary_and_json_lines() {
        assert!(open(b"PK\x03\x04\0\0").binary_reason().is_some());
        assert!(open(b"\xff\xfeh\0i\0")
            .binary_reason()
            .unwrap()
            .contains("UTF-16"));
        assert!(open(b"plain text").binary_reason().is_none());
        assert!(open(b"\xef\xbb\xbf\n {\"id\":1}").looks_like_json_lines());
        assert!(!open(b"Aleppo, 2 June {sic}").looks_like_json_lines());
        assert!(!open(b"").looks_like_json_lines());
    }
}
