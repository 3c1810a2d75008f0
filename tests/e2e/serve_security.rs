//! What `pacer serve` refuses: unsigned, forged, tampered, replayed, oversized and unreadable
//! requests, with the right status and without harm; its configuration errors; and a graceful
//! SIGTERM that finishes the request in flight.

use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::bot::{pacer, TOKEN};
use crate::fake_discord::{FakeDiscord, Method};
use crate::serve::{now, public_key_hex, signature, Replica, SECRET};
use crate::wait::eventually;

const PING: &str =
    r#"{"id":"1","application_id":"900000000000000001","type":1,"token":"t","version":1}"#;
const MIB: usize = 1 << 20;

#[tokio::test]
async fn bad_requests_get_4xx_and_never_harm_the_server() {
    let fake = FakeDiscord::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Replica::start(&fake, dir.path(), None, &[], &[]).await;
    let ping = PING.as_bytes();
    let at = now().to_string();
    let status = |answer: crate::serve::Answer| answer.status;

    assert_eq!(status(serve.signed(ping).await), 200);
    assert_eq!(
        status(serve.post(ping.to_vec(), &[]).await),
        401,
        "unsigned"
    );
    let mut forged = signature(&SECRET, &at, ping);
    forged[0].1 = "ab".repeat(64);
    assert_eq!(
        status(serve.post(ping.to_vec(), &forged).await),
        401,
        "forged"
    );
    let mut garbage = forged.clone();
    garbage[0].1 = "not hex at all".to_owned();
    assert_eq!(status(serve.post(ping.to_vec(), &garbage).await), 401);
    let wrong_key = signature(&[8; 32], &at, ping);
    assert_eq!(
        status(serve.post(ping.to_vec(), &wrong_key).await),
        401,
        "wrong key"
    );
    let tampered = PING.replace("\"t\"", "\"u\"").into_bytes();
    let headers = signature(&SECRET, &at, ping);
    assert_eq!(
        status(serve.post(tampered, &headers).await),
        401,
        "tampered"
    );
    let only_signature = &headers[..1];
    assert_eq!(status(serve.post(ping.to_vec(), only_signature).await), 401);
    for skew in [-301, 301] {
        let stale = signature(&SECRET, &(now() + skew).to_string(), ping);
        assert_eq!(
            status(serve.post(ping.to_vec(), &stale).await),
            401,
            "{skew} s"
        );
    }
    let not_a_time = signature(&SECRET, "yesterday", ping);
    assert_eq!(status(serve.post(ping.to_vec(), &not_a_time).await), 401);

    // Over 1 MiB: refused whatever the signature, declared or not.
    let big = vec![b' '; MIB + 1];
    let headers = signature(&SECRET, &at, &big);
    assert_eq!(status(serve.post(big.clone(), &headers).await), 413);
    assert_eq!(chunked(&serve, &big, &headers).await, 413, "chunked");
    let at_limit = [ping, &vec![b' '; MIB - ping.len()][..]].concat();
    assert_eq!(status(serve.signed(&at_limit).await), 200, "1 MiB exactly");

    // Signed but not an interaction pacer can read.
    for body in [
        &b"{not json"[..],
        b"",
        b"[]",
        b"\xff\xfe",
        br#"{"type": 2}"#,
        br#"{"type": 99, "id": "1"}"#,
        br#"{"type": 5, "id": "1", "application_id": "1", "token": "t", "version": 1, "data": {"custom_id": "x", "components": []}}"#,
    ] {
        let answer = serve.signed(body).await;
        assert_eq!(answer.status, 400, "{}", String::from_utf8_lossy(body));
    }
    let command = json!({"type": 2, "id": "1", "data": {"name": 5}}).to_string();
    assert_eq!(status(serve.signed(command.as_bytes()).await), 400);

    let get = serve
        .request(Method::GET, "/interactions", Vec::new(), &[])
        .await;
    assert_eq!(get.status, 405);
    let elsewhere = serve.request(Method::POST, "/", ping.to_vec(), &[]).await;
    assert_eq!(elsewhere.status, 404);

    assert_eq!(
        serve.ping().await.json(),
        json!({"type": 1}),
        "still serving"
    );
    let log = serve.log();
    assert!(!log.contains("panicked"), "{log}");
    assert_eq!(serve.stop().await.code(), Some(0));
}

/// POSTs `body` chunked, without a length, over a raw connection; returns the status.
async fn chunked(serve: &Replica, body: &[u8], headers: &[(&str, String)]) -> u16 {
    let mut stream = TcpStream::connect(serve.addr).await.unwrap();
    let mut head =
        "POST /interactions HTTP/1.1\r\nHost: pacer\r\nTransfer-Encoding: chunked\r\n".to_owned();
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        // pacer may answer and close before everything is written.
        if stream.write_all(&frame).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    status_line(&mut stream).await
}

async fn status_line(stream: &mut TcpStream) -> u16 {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buffer = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buffer).await {
            answer.extend_from_slice(&buffer[..n]);
            if n == 0 || answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_and_exits_0() {
    let fake = FakeDiscord::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Replica::start(&fake, dir.path(), None, &[], &[]).await;
    let headers = signature(&SECRET, &now().to_string(), PING.as_bytes());
    let mut stream = TcpStream::connect(serve.addr).await.unwrap();
    let mut head = format!(
        "POST /interactions HTTP/1.1\r\nHost: pacer\r\nContent-Length: {}\r\n",
        PING.len()
    );
    for (name, value) in &headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let (first, rest) = PING.as_bytes().split_at(10);
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first).await.unwrap();
    // Nothing outside pacer shows that it has read the partial request: give it the time to.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let pid = serve.child.id().unwrap().to_string();
    let mut kill = tokio::process::Command::new("kill");
    assert!(kill.args(["-TERM", &pid]).status().await.unwrap().success());
    eventually(async || TcpStream::connect(serve.addr).await.is_err()).await;
    assert!(
        TcpStream::connect(serve.addr).await.is_err(),
        "no new connections once stopping"
    );
    stream.write_all(rest).await.unwrap();
    assert_eq!(status_line(&mut stream).await, 200, "the request in flight");
    let exit = tokio::time::timeout(Duration::from_secs(20), serve.child.wait()).await;
    assert_eq!(exit.unwrap().unwrap().code(), Some(0));
}

#[tokio::test]
async fn a_missing_or_malformed_public_key_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = public_key_hex(&SECRET);
    for (value, problem) in [(None, "not set"), (Some(&key[2..]), "64 hexadecimal")] {
        let mut command = pacer(dir.path());
        command.arg("serve").env("DISCORD_TOKEN", TOKEN);
        command.env("DISCORD_APPLICATION_ID", "1");
        if let Some(value) = value {
            command.env("DISCORD_PUBLIC_KEY", value);
        }
        let output = command.stderr(Stdio::piped()).output().await.unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("DISCORD_PUBLIC_KEY") && stderr.contains(problem),
            "{stderr}"
        );
    }
}
