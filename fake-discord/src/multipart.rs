//! Reading a `multipart/form-data` body, the form a message with files takes: its
//! `payload_json` part and its files.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use serde_json::Value;

/// One part of a form: its field name, the file name if it is a file, and its bytes.
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub bytes: Vec<u8>,
}

/// Whether a `Content-Type` announces a multipart form.
fn is_multipart(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|c| c.starts_with("multipart/form-data"))
}

/// The parts of `body`, sent with `content_type`; what went wrong when it is not a form.
pub async fn parts(content_type: &str, body: Bytes) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    read_parts(content_type, body, &mut parts).await?;
    Ok(parts)
}

/// Reads the parts of `body` into `parts` until the end or the first that does not read;
/// what went wrong then.
async fn read_parts(content_type: &str, body: Bytes, parts: &mut Vec<Part>) -> Result<(), String> {
    let request = Request::builder()
        .header("content-type", content_type)
        .body(Body::from(body))
        .map_err(|e| e.to_string())?;
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| e.to_string())?;
    while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
        parts.push(Part {
            name,
            filename,
            bytes,
        });
    }
    Ok(())
}

/// A message body as (its JSON, its files): the whole body parsed as JSON, or for a form its
/// `payload_json` part and its files as (file name, bytes). The JSON is `None` when it does
/// not parse.
pub async fn message_body(
    content_type: Option<&str>,
    body: Bytes,
) -> (Option<Value>, Vec<(String, Vec<u8>)>) {
    let Some(content_type) = content_type.filter(|c| is_multipart(Some(c))) else {
        return (serde_json::from_slice(&body).ok(), Vec::new());
    };
    // A malformed form still gives the parts read before the fault.
    let mut read = Vec::new();
    let _ = read_parts(content_type, body, &mut read).await;
    let (mut json, mut files) = (None, Vec::new());
    for part in read {
        match part.filename {
            Some(filename) => files.push((filename, part.bytes)),
            None if part.name == "payload_json" => json = serde_json::from_slice(&part.bytes).ok(),
            None => {}
        }
    }
    (json, files)
}
