//! Validates request bodies against Discord's `OpenAPI` description in `../shared/discord/`.
//! The spec is third-party data and is not committed: where it is absent the checks print a
//! notice and pass.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};

use crate::fake_discord::Recorded;

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/discord/openapi.json")
}

fn spec() -> Option<&'static Value> {
    static SPEC: OnceLock<Option<Value>> = OnceLock::new();
    SPEC.get_or_init(|| match std::fs::read_to_string(spec_path()) {
        Ok(text) => Some(serde_json::from_str(&text).expect("openapi.json is JSON")),
        Err(_) => {
            eprintln!(
                "notice: {} not found; skipping OpenAPI validation of request bodies",
                spec_path().display()
            );
            None
        }
    })
    .as_ref()
}

/// The spec's path template for an actual path, e.g. `/interactions/{interaction_id}/...`.
fn template_for<'a>(spec: &'a Value, path: &str) -> Option<&'a str> {
    let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
    spec["paths"]
        .as_object()?
        .keys()
        .map(String::as_str)
        .find(|template| {
            let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
            parts.len() == actual.len()
                && parts
                    .iter()
                    .zip(&actual)
                    .all(|(t, a)| (t.starts_with('{') && t.ends_with('}')) || t == a)
        })
}

type Compiled = HashMap<(String, String), jsonschema::Validator>;

/// Checks one request body; `Err` explains what is wrong.
pub fn validate(request: &Recorded) -> Result<(), String> {
    static COMPILED: OnceLock<Mutex<Compiled>> = OnceLock::new();
    let Some(spec) = spec() else { return Ok(()) };
    let Some(body) = &request.body else {
        return Ok(());
    };
    let method = request.method.as_str().to_ascii_lowercase();
    let template = template_for(spec, &request.path).ok_or_else(|| {
        format!(
            "{} {} is not in Discord's API",
            request.method, request.path
        )
    })?;
    let mut compiled = COMPILED.get_or_init(Mutex::default).lock().unwrap();
    let key = (method.clone(), template.to_owned());
    if !compiled.contains_key(&key) {
        let schema = spec["paths"][template][&method]["requestBody"]["content"]["application/json"]
            ["schema"]
            .clone();
        if schema.is_null() {
            return Err(format!("{method} {template} takes no JSON body"));
        }
        // The operation's schema as the root, with the spec's components beside it so that
        // `#/components/schemas/...` references resolve.
        let mut root = json!({"$schema": "https://json-schema.org/draft/2020-12/schema"});
        root["components"] = spec["components"].clone();
        root["allOf"] = json!([schema]);
        let validator = jsonschema::validator_for(&root)
            .map_err(|e| format!("cannot compile the schema of {method} {template}: {e}"))?;
        compiled.insert(key.clone(), validator);
    }
    let validator = &compiled[&key];
    let body = &normalise(body.clone());
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{method} {} body does not match Discord's schema: {errors:?}\nbody: {body}",
            request.path
        ))
    }
}

/// Where serenity and the spec disagree on a field's JSON type, and Discord accepts both,
/// the body is rewritten to the spec's type for that field only:
/// - new attachments' placeholder ids: serenity sends integers (`"id": 0`), the spec types
///   every snowflake as a string;
/// - a command's `default_member_permissions`: serenity sends the bit set as a string, as
///   Discord's documentation describes it; the spec says integer.
fn normalise(mut body: Value) -> Value {
    if let Some(commands) = body.as_array_mut() {
        for command in commands {
            let bits = command["default_member_permissions"]
                .as_str()
                .and_then(|b| b.parse::<u64>().ok());
            if let Some(bits) = bits {
                command["default_member_permissions"] = Value::from(bits);
            }
        }
        return body;
    }
    normalise_attachment_ids(body)
}

fn normalise_attachment_ids(mut body: Value) -> Value {
    let data = if body.get("data").is_some() {
        &mut body["data"]
    } else {
        &mut body
    };
    if let Some(attachments) = data.get_mut("attachments").and_then(Value::as_array_mut) {
        for attachment in attachments {
            if let Some(id) = attachment.get("id").and_then(Value::as_u64) {
                attachment["id"] = Value::String(id.to_string());
            }
        }
    }
    body
}

/// Validates every body the bot sent to the fake.
pub fn assert_all_valid(requests: &[Recorded]) {
    for request in requests {
        if let Err(problem) = validate(request) {
            panic!("{problem}");
        }
    }
}

#[test]
fn the_schema_check_rejects_a_bad_body() {
    if spec().is_none() {
        return;
    }
    let request = |body: Value| Recorded {
        method: crate::fake_discord::Method::POST,
        path: "/interactions/1/token/callback".to_owned(),
        authorization: None,
        body: Some(body),
        files: Vec::new(),
    };
    let good = json!({"type": 4, "data": {"content": "hello", "allowed_mentions": {"parse": []}}});
    assert_eq!(validate(&request(good)), Ok(()));
    let too_long = json!({"type": 4, "data": {"content": "x".repeat(2_001)}});
    assert!(validate(&request(too_long)).is_err());
    let bad_embed = json!({"type": 4, "data": {"embeds": [{"title": 5}]}});
    assert!(validate(&request(bad_embed)).is_err());
    let mut unknown = request(json!({}));
    unknown.path = "/no/such/route".to_owned();
    assert!(validate(&unknown).is_err());
}
