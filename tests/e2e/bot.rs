//! Runs the real `pacer` binary against a fake Discord, as a separate process.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::fake_discord::FakeDiscord;
pub use crate::payloads::{direct_message, interaction, GUILD_ID, MEMBER_ID};

pub const TOKEN: &str = "fake-token.for-tests.only";

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The `pacer` binary with a clean environment: a temporary working directory (so no `.env`
/// is read) and a database inside it.
pub fn pacer(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pacer"));
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("pacer.db").display()),
        )
        .env("PACER_CONTENT_DIR", content_dir())
        .kill_on_drop(true);
    command
}

/// Who sends the interactions: a member, in a server or in a direct message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub user: &'static str,
    pub guild: Option<&'static str>,
    /// Has Manage Server in the guild.
    pub admin: bool,
    /// Reaches pacer in the guild only through installing it for themselves: the guild did
    /// not install pacer.
    pub own_install_only: bool,
}

pub const OTHER_GUILD_ID: &str = "700000000000000003";
pub const MEMBER: Member = Member {
    user: MEMBER_ID,
    guild: Some(GUILD_ID),
    admin: false,
    own_install_only: false,
};
pub const OTHER: Member = Member {
    user: "800000000000000077",
    guild: Some(GUILD_ID),
    admin: false,
    own_install_only: false,
};
pub const ADMIN: Member = Member {
    user: "800000000000000099",
    guild: Some(GUILD_ID),
    admin: true,
    own_install_only: false,
};
/// Everyday member permissions; with Manage Server (1 << 5) for admins.
const MEMBER_PERMISSIONS: u64 = 2_248_473_465_835_073;
const MANAGE_GUILD: u64 = 1 << 5;

pub struct Bot {
    pub fake: FakeDiscord,
    /// Who the next interactions come from.
    pub member: Member,
    pub dir: TempDir,
    pub child: Child,
    /// Everything pacer wrote to stderr so far (read continuously so the pipe never fills).
    log: Arc<Mutex<String>>,
    next_id: u64,
}

impl Bot {
    /// Starts a fake Discord and pacer connected to it, and waits for command registration.
    pub async fn start() -> Bot {
        Bot::start_with(&[], &[]).await
    }

    pub async fn start_with(guilds: &[&str], env: &[(&str, &str)]) -> Bot {
        let dir = tempfile::tempdir().expect("temp dir");
        Bot::start_in(dir, guilds, env, |_| {}).await
    }

    /// Stops this bot and starts a new process on the same database, against a new fake whose
    /// READY lists `guilds`, set up by `prepare` before pacer starts.
    pub async fn restart(mut self, guilds: &[&str], prepare: impl FnOnce(&FakeDiscord)) -> Bot {
        assert!(self.stop().await.success());
        let Bot { dir, .. } = self;
        Bot::start_in(dir, guilds, &[], prepare).await
    }

    /// Kills pacer with SIGKILL (no shutdown at all) and starts a new process on the same
    /// database, against a new fake.
    pub async fn kill_and_restart(mut self) -> Bot {
        self.child.start_kill().expect("SIGKILL pacer");
        self.child.wait().await.expect("wait for pacer");
        let Bot { dir, .. } = self;
        Bot::start_in(dir, &[], &[], |_| {}).await
    }

    async fn start_in(
        dir: TempDir,
        guilds: &[&str],
        env: &[(&str, &str)],
        prepare: impl FnOnce(&FakeDiscord),
    ) -> Bot {
        let fake = FakeDiscord::start(guilds).await;
        prepare(&fake);
        let mut command = pacer(dir.path());
        command
            .arg("run")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_PROXY_URL", fake.url())
            // A proxy that does not exist: the bot must never send Discord traffic through it.
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("ALL_PROXY", "http://127.0.0.1:9")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn pacer");
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
        let sink = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok(Some(line)) = stderr.next_line().await {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        fake.wait_for_registration().await;
        Bot {
            fake,
            dir,
            child,
            log,
            member: MEMBER,
            next_id: 1,
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM and waits for pacer to exit.
    pub async fn stop(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("pacer is running").to_string();
        let kill = Command::new("kill").args(["-TERM", &pid]).status().await;
        assert!(kill.expect("kill runs").success());
        tokio::time::timeout(Duration::from_secs(15), self.child.wait())
            .await
            .expect("pacer exits after SIGTERM")
            .expect("wait for pacer")
    }

    fn next_id(&mut self) -> String {
        self.next_id += 1;
        format!("95000000000000{:04}", self.next_id)
    }

    fn payload(&mut self, kind: u8, data: Value) -> Value {
        let id = self.next_id();
        let payload = interaction(&id, kind, data);
        match self.member.guild {
            Some(guild) => {
                let mut payload = payload;
                payload["guild_id"] = json!(guild);
                payload["member"]["user"]["id"] = json!(self.member.user);
                let bits = MEMBER_PERMISSIONS | if self.member.admin { MANAGE_GUILD } else { 0 };
                payload["member"]["permissions"] = json!(bits.to_string());
                // Which installs let the member run the command: the server's, or (0 is
                // Discord's key for a server install, 1 for a member's) only their own.
                payload["authorizing_integration_owners"] = if self.member.own_install_only {
                    json!({"1": self.member.user})
                } else {
                    json!({"0": guild})
                };
                payload
            }
            None => {
                let mut payload = direct_message(payload);
                payload["user"]["id"] = json!(self.member.user);
                payload
            }
        }
    }

    /// Sends a slash command (`options` as Discord sends them) and returns the callback body.
    pub async fn command(&mut self, name: &str, options: Value) -> Value {
        let data = json!({"id": "910000000000000000", "name": name, "type": 1, "options": options});
        let payload = self.payload(2, data);
        self.fake.interact(payload).await
    }

    /// A subcommand whose options are given as Discord sends them (typed).
    pub async fn typed(&mut self, command: &str, sub: &str, options: Value) -> Value {
        self.command(
            command,
            json!([{"name": sub, "type": 1, "options": options}]),
        )
        .await
    }

    /// Like [`Bot::typed`], returning the files sent with the reply as well.
    pub async fn typed_with_files(
        &mut self,
        command: &str,
        sub: &str,
        options: Value,
    ) -> (Value, Vec<(String, Vec<u8>)>) {
        let data = json!({"id": "910000000000000000", "name": command, "type": 1,
            "options": [{"name": sub, "type": 1, "options": options}]});
        let payload = self.payload(2, data);
        self.fake.interact_with_files(payload).await
    }

    /// `/backpain <sub> [name:value...]` with string options.
    pub async fn subcommand(
        &mut self,
        command: &str,
        sub: &str,
        options: &[(&str, &str)],
    ) -> Value {
        let options: Vec<Value> = options
            .iter()
            .map(|(n, v)| json!({"name": n, "type": 3, "value": v}))
            .collect();
        self.command(
            command,
            json!([{"name": sub, "type": 1, "options": options}]),
        )
        .await
    }

    pub async fn press(&mut self, custom_id: &str) -> Value {
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let mut payload = self.payload(3, data);
        payload["message"] = message_payload();
        self.fake.interact(payload).await
    }

    pub async fn autocomplete(&mut self, name: &str, options: Value) -> Value {
        let data = json!({"id": "910000000000000000", "name": name, "type": 1, "options": options});
        let payload = self.payload(4, data);
        self.fake.interact(payload).await
    }

    /// The bot's database, opened beside the running bot.
    pub async fn store(&self) -> pacer::store::Store {
        let url = format!("sqlite://{}", self.dir.path().join("pacer.db").display());
        pacer::store::Store::open(&url)
            .await
            .expect("open the bot's database")
    }
}

/// The message a pressed button sits on.
pub fn message_payload() -> Value {
    json!({
        "id": "960000000000000001",
        "channel_id": "700000000000000002",
        "author": {"id": crate::fake_discord::BOT_USER_ID, "username": "pacer", "discriminator": "0", "bot": true},
        "content": "",
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 64
    })
}
