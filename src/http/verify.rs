//! Discord signs every request to the interactions endpoint with the application's Ed25519
//! key: `X-Signature-Ed25519` over `X-Signature-Timestamp` followed by the raw body. Nothing in
//! a request is read before its signature has been checked.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::hex::decode_hex;

/// How far a request's timestamp may be from this host's clock. An older signed request is
/// refused as a replay.
pub const MAX_SKEW_SECONDS: i64 = 5 * 60;

/// Why a signed request was refused (401). Logged at debug level only: anyone can send these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The signature is malformed or does not match the key, timestamp and body.
    BadSignature,
    /// Signed, but more than [`MAX_SKEW_SECONDS`] away from now.
    Stale,
}

#[derive(Debug, Clone)]
pub struct Verifier {
    key: VerifyingKey,
}

impl Verifier {
    pub fn new(key: VerifyingKey) -> Verifier {
        Verifier { key }
    }

    /// Checks a request. `signed` is the timestamp header's bytes followed by the raw body;
    /// `now` is the current Unix time in seconds.
    pub fn check(
        &self,
        signature: &[u8],
        timestamp: &[u8],
        signed: &[u8],
        now: i64,
    ) -> Result<(), Refusal> {
        if !signed.starts_with(timestamp) {
            return Err(Refusal::BadSignature);
        }
        let signature = decode_hex::<64>(signature).ok_or(Refusal::BadSignature)?;
        let signature = Signature::from_bytes(&signature);
        // Constant-time, and strict: no malleable signatures, no weak keys.
        self.key
            .verify_strict(signed, &signature)
            .map_err(|_| Refusal::BadSignature)?;
        // Only a genuine request learns that its time was off.
        let at = std::str::from_utf8(timestamp)
            .ok()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .ok_or(Refusal::Stale)?;
        if now.abs_diff(at) > MAX_SKEW_SECONDS.unsigned_abs() {
            return Err(Refusal::Stale);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn hex(bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect()
    }

    fn signed(key: &SigningKey, at: i64, body: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let timestamp = at.to_string().into_bytes();
        let message = [timestamp.as_slice(), body.as_bytes()].concat();
        (hex(&key.sign(&message).to_bytes()), timestamp, message)
    }

    #[test]
    fn accepts_only_a_fresh_request_signed_by_the_key() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let verifier = Verifier::new(key.verifying_key());
        let (signature, timestamp, message) = signed(&key, NOW, r#"{"type":1}"#);
        assert_eq!(
            verifier.check(&signature, &timestamp, &message, NOW),
            Ok(())
        );
        assert_eq!(
            verifier.check(&signature, &timestamp, &message, NOW + MAX_SKEW_SECONDS),
            Ok(())
        );

        let mut tampered = message.clone();
        tampered.push(b' ');
        let other = SigningKey::from_bytes(&[8; 32]);
        let (forged, _, _) = signed(&other, NOW, r#"{"type":1}"#);
        let check = |s: &[u8], t: &[u8], m: &[u8], now| verifier.check(s, t, m, now);
        assert_eq!(
            check(&signature, &timestamp, &tampered, NOW),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            check(&forged, &timestamp, &message, NOW),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            check(b"zz", &timestamp, &message, NOW),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            check(&signature, b"2", &message, NOW),
            Err(Refusal::BadSignature)
        );
        for late in [NOW + MAX_SKEW_SECONDS + 1, NOW - MAX_SKEW_SECONDS - 1] {
            assert_eq!(
                check(&signature, &timestamp, &message, late),
                Err(Refusal::Stale)
            );
        }
        let (signature, timestamp, message) = signed(&key, i64::MIN, "{}");
        assert_eq!(
            check(&signature, &timestamp, &message, NOW),
            Err(Refusal::Stale)
        );
    }
}
