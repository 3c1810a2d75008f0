//! Response bodies for the interactions endpoint: the same serenity builders the gateway front
//! end sends to `/callback`, serialized into the HTTP response, as JSON or, with files, as
//! `multipart/form-data` (`payload_json` and `files[n]`).

use serde_json::json;
use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage};

use crate::discord::convert;
use crate::fit::fitted;
use crate::reply::{Reply, Suggestion};

/// Files up to this many bytes in all go in the response body. Discord fails responses to its
/// POST that are much larger (around 150 KB), so bigger files are sent by deferring and
/// editing them in over REST, which takes Discord's usual upload sizes.
pub const INLINE_FILES_MAX: usize = 64 * 1024;

/// An HTTP response body and its content type.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Body {
    fn json(bytes: Vec<u8>) -> Body {
        Body {
            content_type: "application/json".to_owned(),
            bytes,
        }
    }
}

/// The answer to Discord's PING.
pub fn pong() -> Body {
    Body::json(br#"{"type":1}"#.to_vec())
}

/// A response as JSON; should serializing ever fail, the member gets the generic failure.
fn json_of(response: &CreateInteractionResponse) -> Body {
    match serde_json::to_vec(response) {
        Ok(bytes) => Body::json(bytes),
        Err(error) => {
            tracing::error!(%error, "cannot encode an interaction response");
            let failure = json!({"type": 4, "data": {
                "content": crate::commands::GENERIC_FAILURE, "flags": 64,
                "allowed_mentions": {"parse": []}
            }});
            Body::json(failure.to_string().into_bytes())
        }
    }
}

/// The reply as the response body, cut to Discord's limits; `None` when its files are too
/// large to go in the body ([`INLINE_FILES_MAX`]).
pub fn reply(reply: &Reply) -> Option<Body> {
    let reply = fitted("interaction response", reply);
    let size: usize = reply.attachments.iter().map(|a| a.bytes.len()).sum();
    if size > INLINE_FILES_MAX {
        return None;
    }
    // Already fitted: cutting again changes nothing and logs nothing.
    let body = json_of(&convert::response(&reply));
    if reply.attachments.is_empty() {
        return Some(body);
    }
    let mut payload: serde_json::Value = serde_json::from_slice(&body.bytes).ok()?;
    // serenity numbers new files when it uploads them itself; here the body carries them.
    if let Some(list) = payload["data"]["attachments"].as_array_mut() {
        for (n, attachment) in list.iter_mut().enumerate() {
            attachment["id"] = json!(n);
        }
    }
    let files: Vec<(&str, &[u8])> = reply
        .attachments
        .iter()
        .map(|a| (a.filename.as_str(), a.bytes.as_slice()))
        .collect();
    Some(multipart(&payload.to_string(), &files))
}

/// "pacer is thinking", as the gateway front end acknowledges slow work: a private loading
/// message for a command, a deferred update of the pressed message for a button. When the
/// reply is already known (files too large for the body), its own visibility is used.
pub fn deferred(button: bool, known: Option<&Reply>) -> Body {
    let update = known.map_or(button, |r| button && r.update_source);
    let response = if update {
        CreateInteractionResponse::Acknowledge
    } else {
        let ephemeral = known.is_none_or(|r| r.ephemeral);
        CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new().ephemeral(ephemeral),
        )
    };
    json_of(&response)
}

/// The answer to an autocomplete request.
pub fn suggestions(suggestions: Vec<Suggestion>) -> Body {
    json_of(&convert::suggestions(suggestions))
}

fn mime(filename: &str) -> &'static str {
    match filename.rsplit_once('.').map(|(_, ext)| ext) {
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A `multipart/form-data` body: `payload_json`, then each file as `files[n]`.
fn multipart(payload_json: &str, files: &[(&str, &[u8])]) -> Body {
    let boundary = boundary(payload_json, files);
    let mut bytes = Vec::with_capacity(payload_json.len() + 512);
    let mut part = |headers: String, content: &[u8]| {
        bytes.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        bytes.extend_from_slice(content);
        bytes.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json"
            .to_owned(),
        payload_json.as_bytes(),
    );
    for (n, (filename, content)) in files.iter().enumerate() {
        // Quotes and line breaks cannot be part of a quoted header value.
        let safe: String = filename
            .chars()
            .map(|c| if c == '"' || c.is_control() { '_' } else { c })
            .collect();
        let headers = format!(
            "Content-Disposition: form-data; name=\"files[{n}]\"; filename=\"{safe}\"\r\n\
             Content-Type: {}",
            mime(filename)
        );
        part(headers, content);
    }
    bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Body {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes,
    }
}

/// A boundary that occurs in none of the parts.
fn boundary(payload_json: &str, files: &[(&str, &[u8])]) -> String {
    let occurs = |needle: &[u8], hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    // Ends at the first candidate found in no part: the parts are finite.
    #[allow(clippy::maybe_infinite_iter)]
    (0u64..)
        .map(|n| format!("pacer-boundary-{n:016x}"))
        .find(|b| {
            !occurs(b.as_bytes(), payload_json.as_bytes())
                && files
                    .iter()
                    .all(|(name, content)| !occurs(b.as_bytes(), content) && !name.contains(b))
        })
        .unwrap_or_else(|| "pacer-boundary".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Attachment;

    fn parsed(body: &Body) -> serde_json::Value {
        serde_json::from_slice(&body.bytes).unwrap()
    }

    #[test]
    fn plain_replies_and_acknowledgements_are_json() {
        assert_eq!(parsed(&pong()), json!({"type": 1}));
        let notice = reply(&Reply::notice("hi")).unwrap();
        assert_eq!(notice.content_type, "application/json");
        let notice = parsed(&notice);
        assert_eq!(notice["type"], 4);
        assert_eq!(notice["data"]["flags"], 64);
        assert_eq!(notice["data"]["allowed_mentions"]["parse"], json!([]));
        assert_eq!(parsed(&deferred(false, None))["type"], 5);
        assert_eq!(parsed(&deferred(false, None))["data"]["flags"], 64);
        assert_eq!(parsed(&deferred(true, None))["type"], 6);
        let public = Reply::notice("x");
        let public = Reply {
            ephemeral: false,
            ..public
        };
        // A public reply to a button, known before the deferral: a new, public message.
        let known = parsed(&deferred(true, Some(&public)));
        assert_eq!(known["type"], 5);
        assert_ne!(known["data"]["flags"], 64);
    }

    #[test]
    fn files_travel_as_multipart_up_to_the_inline_limit() {
        let with = |size: usize| Reply {
            attachments: vec![Attachment {
                filename: "chart.png".to_owned(),
                bytes: vec![b'-'; size],
            }],
            ..Reply::notice("chart")
        };
        let body = reply(&with(1_000)).unwrap();
        let boundary = body.content_type.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8_lossy(&body.bytes);
        assert!(text.starts_with(&format!("--{boundary}\r\n")));
        assert!(text.contains("name=\"files[0]\"; filename=\"chart.png\""));
        assert!(text.contains(r#""attachments":[{"#) && text.contains(r#""id":0"#));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(reply(&with(INLINE_FILES_MAX + 1)), None);
    }
}
