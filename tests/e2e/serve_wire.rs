//! The wire between Discord and `pacer serve`: the test keypair, signatures, and pacer's
//! answers as JSON or multipart, checked against Discord's schema.

use std::time::{SystemTime, UNIX_EPOCH};

use ::fake_discord::multipart::parts;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use crate::fake_discord::{Method, Recorded};
use crate::openapi;

/// The application's secret key in these tests; Discord's side of the keypair.
pub const SECRET: [u8; 32] = [7; 32];

pub fn public_key_hex(secret: &[u8; 32]) -> String {
    let key = SigningKey::from_bytes(secret).verifying_key();
    hex(key.as_bytes())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

pub fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

/// The two signature headers for `body`, signed with `secret` at `timestamp`.
pub fn signature(secret: &[u8; 32], timestamp: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    let message = [timestamp.as_bytes(), body].concat();
    let signature = SigningKey::from_bytes(secret).sign(&message).to_bytes();
    let hex: String = hex(&signature);
    vec![
        ("X-Signature-Ed25519", hex),
        ("X-Signature-Timestamp", timestamp.to_owned()),
    ]
}

/// An HTTP answer from pacer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.bytes));
        assert_eq!(self.content_type, "application/json");
        serde_json::from_slice(&self.bytes).expect("a JSON body")
    }

    /// The `payload_json` and files of a multipart answer, or the JSON of any other.
    pub async fn with_files(&self) -> (Value, Vec<(String, Vec<u8>)>) {
        if !self.content_type.starts_with("multipart/form-data") {
            return (self.json(), Vec::new());
        }
        assert_eq!(self.status, 200);
        let form = parts(&self.content_type, self.bytes.clone().into())
            .await
            .expect("a well-formed form");
        let (mut json, mut files) = (None, Vec::new());
        for part in form {
            match part.filename {
                Some(filename) => {
                    assert!(part.name.starts_with("files["), "{}", part.name);
                    files.push((filename, part.bytes));
                }
                None => {
                    assert_eq!(part.name, "payload_json");
                    json = Some(serde_json::from_slice(&part.bytes).unwrap());
                }
            }
        }
        (json.expect("payload_json"), files)
    }
}

/// Checks a response body as Discord checks an interaction callback.
pub fn assert_valid_response(body: &Value) {
    let request = Recorded {
        method: Method::POST,
        path: "/interactions/1/token/callback".to_owned(),
        authorization: None,
        body: Some(body.clone()),
        files: Vec::new(),
    };
    if let Err(problem) = openapi::validate(&request) {
        panic!("{problem}");
    }
}
