//! The hash that identifies an en-US text in the translation lock.
//!
//! 64-bit FNV-1a over the UTF-8 bytes, written as 16 lower-case hex digits. Why this is
//! enough: the lock only has to notice that *the same key's* en-US text changed between
//! two commits. That is not a security boundary (whoever can change the text can change
//! the lock), so a cryptographic hash buys nothing; an accidental collision between the
//! old and new text of one key has probability 2⁻⁶⁴ per edit. Unlike `std`'s
//! `DefaultHasher` (SipHash with an unspecified, version-dependent algorithm), FNV-1a is
//! fixed by its published definition, so the lock stays valid across Rust versions and
//! platforms, and any script can recompute it in a few lines.

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

pub fn fnv1a64(text: &str) -> u64 {
    text.bytes().fold(OFFSET_BASIS, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

/// The hash of `text` as the lock writes it.
pub fn hex(text: &str) -> String {
    format!("{:016x}", fnv1a64(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64("foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn hex_is_sixteen_digits() {
        assert_eq!(hex(""), "cbf29ce484222325");
        assert_eq!(hex("a").len(), 16);
        assert_ne!(hex("Cloud voice availability"), hex("Cloud voice availability "));
        // UTF-8 bytes, not UTF-16 units or chars.
        assert_eq!(fnv1a64("é"), fnv1a64("\u{e9}"));
        assert_ne!(fnv1a64("é"), fnv1a64("e\u{301}"));
    }
}
