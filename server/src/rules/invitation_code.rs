//! The code of an invitation: 20 characters of Crockford's base32 (no I, L, O or U, so it
//! reads out over the phone and types on any keyboard), shown in four groups of five; 100
//! random bits. Only its SHA-256 is stored.
use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const LEN: usize = 20;

/// The code for 20 random bytes (5 bits of each are used), e.g. `7KQ2M-XW9TD-...`.
pub fn from_random(bytes: &[u8; LEN]) -> String {
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[(b & 31) as usize] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as typed, in its one canonical form: case, dashes and spaces do not matter,
/// and O, I and L are read as 0, 1 and 1 (Crockford). None when it cannot be a code.
pub fn canonical(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(LEN);
    for c in typed.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == LEN).then_some(out)
}

/// What the database keeps of a canonical code.
pub fn digest(canonical: &str) -> String {
    crate::infra::text::hex(&Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = from_random(&[
            7, 200, 31, 32, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        ]);
        assert_eq!(code, "78Z00-12345-6789A-BCDEF");
        let typed = "78z0o-i2345 6789a-bcdef";
        assert_eq!(canonical(typed).as_deref(), Some("78Z00123456789ABCDEF"));
        assert_eq!(
            digest(&canonical(&code).unwrap()),
            digest(&canonical(typed).unwrap())
        );
    }

    #[test]
    fn anything_else_is_not_a_code() {
        assert_eq!(canonical("78Z00-12345-6789A-BCDE"), None, "too short");
        assert_eq!(
            canonical("78Z00-12345-6789A-BCDEU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(canonical("78Z00-12345-6789A-BCDÉF"), None);
    }
}
