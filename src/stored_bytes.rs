//! The compact bytes astana keeps in its archive (an article's extraction,
//! the search index's words): LEB128 varints and byte strings after their
//! length, read back with every length checked, so that a damaged file is
//! an error, never a panic or a huge allocation.

/// Why stored bytes could not be read (a damaged or foreign archive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Damaged(pub &'static str);

/// Appends `n` as a varint (seven bits a byte, low bits first).
pub fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends `bytes` after their length.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads what the `put_*` functions wrote.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn byte(&mut self) -> Result<u8, Damaged> {
        let b = *self.bytes.get(self.at).ok_or(Damaged("truncated"))?;
        self.at += 1;
        Ok(b)
    }

    pub fn varint(&mut self) -> Result<u64, Damaged> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Damaged("overlong number"))
    }

    pub fn u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.varint()?).map_err(|_| Damaged("number out of range"))
    }

    /// A count of things that follow, each at least a byte: never more
    /// than the bytes left (a damaged count must not reserve gigabytes).
    pub fn count(&mut self) -> Result<usize, Damaged> {
        let n = self.varint()?;
        if n > (self.bytes.len() - self.at) as u64 + 1 {
            return Err(Damaged("count past the end"));
        }
        Ok(n as usize)
    }

    /// The next `len` bytes.
    pub fn take(&mut self, len: usize) -> Result<&'a [u8], Damaged> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(Damaged("truncated"))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    /// Bytes written by [`put_bytes`].
    pub fn counted(&mut self) -> Result<&'a [u8], Damaged> {
        let len = self.count()?;
        self.take(len)
    }

    /// The next `len` bytes, which must be UTF-8.
    pub fn str(&mut self, len: usize) -> Result<&'a str, Damaged> {
        std::str::from_utf8(self.take(len)?).map_err(|_| Damaged("bad UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_put_reads_back_and_damage_is_an_error() {
        let mut out = Vec::new();
        for n in [0, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            put_varint(&mut out, n);
        }
        put_bytes(&mut out, "أستانا".as_bytes());
        let mut r = Reader::new(&out);
        for n in [0, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint().unwrap(), n);
        }
        assert_eq!(r.counted().unwrap(), "أستانا".as_bytes());
        assert!(r.is_at_end());
        // Cut anywhere, or with a huge count, it is an error.
        for cut in 0..out.len() {
            let mut r = Reader::new(&out[..cut]);
            let read = (0..6)
                .try_for_each(|_| r.varint().map(drop))
                .and_then(|()| r.counted());
            assert!(read.is_err(), "cut at {cut}");
        }
        let mut huge = Vec::new();
        put_varint(&mut huge, 1 << 40);
        assert_eq!(
            Reader::new(&huge).count(),
            Err(Damaged("count past the end"))
        );
        assert_eq!(
            Reader::new(&[0xff; 11]).varint(),
            Err(Damaged("overlong number"))
        );
    }
}
