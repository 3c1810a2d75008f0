//! The wire between Discord and `pacer serve`: the test keypair, signatures, and pacer's
//! answers as JSON or multipart, checked against Discord's schema.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::Method;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use crate::fake_discord::Recorded;
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
        let request = Request::builder()
            .header("content-type", &self.content_type)
            .body(axum::body::Body::from(self.bytes.clone()))
            .unwrap();
        let mut form = Multipart::from_request(request, &())
            .await
            .expect("multipart");
        let (mut json, mut files) = (None, Vec::new());
        while let Some(field) = form.next_field().await.expect("a well-formed part") {
            let name = field.name().unwrap_or_default().to_owned();
            let filename = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.unwrap().to_vec();
            match filename {
                Some(filename) => {
                    assert!(name.starts_with("files["), "{name}");
                    files.push((filename, bytes));
                }
                None => {
                    assert_eq!(name, "payload_json");
                    json = Some(serde_json::from_slice(&bytes).unwrap());
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
