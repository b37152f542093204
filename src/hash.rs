//! The one hash incimap uses where a value must not change between runs, platforms or Rust
//! versions (std's hasher may): FNV-1a, 64 bits. Incident ids, layer file names and the
//! writers' repeated-id check all hash through it.

/// FNV-1a over bytes fed in turn.
///
/// ```
/// use incimap::hash::Fnv1a;
/// // The offset basis for no input; FNV's published value for "a".
/// assert_eq!(Fnv1a::default().finish(), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(Fnv1a::default().eat(b"a").finish(), 0xaf63_dc4c_8601_ec8c);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Feed `bytes`.
    pub fn eat(mut self, bytes: &[u8]) -> Fnv1a {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The FNV-1a hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    Fnv1a::default().eat(bytes).finish()
}
