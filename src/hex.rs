//! Fixed-length hexadecimal: the application's public key in the configuration and the
//! signature on each HTTP interaction.

/// `2 * N` hexadecimal digits (either case) as `N` bytes.
pub fn decode_hex<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16);
    let mut bytes = [0u8; N];
    for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
        *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_needs_exactly_the_right_digits() {
        assert_eq!(decode_hex::<2>(b"0aFf"), Some([10, 255]));
        assert_eq!(decode_hex::<2>(b"0aF"), None);
        assert_eq!(decode_hex::<2>(b"0aFg"), None);
        assert_eq!(decode_hex::<1>("é".as_bytes()), None);
    }
}
