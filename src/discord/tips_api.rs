//! What the tips feature needs from Discord: posting a tip, telling an admin, and checking
//! the bot's permissions in a channel.
//!
//! Tips are posted with our own HTTP client rather than serenity's: when a request is
//! rate limited, serenity's error drops the `retry_after` that says how long to wait, and the
//! scheduler needs it. Everything else goes through serenity.

use std::num::NonZeroU64;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context as _};
use serenity::all::{
    Channel, ChannelId, CreateAllowedMentions, CreateMessage, GuildId, Http, HttpError,
    PermissionOverwriteType, UserId,
};
use tokio::sync::OnceCell;

use super::codes;
use super::convert;
use super::permissions::{in_channel, missing_for_tips, Overwrite, Target};
use crate::commands::tips::NEEDED;
use crate::config::Token;
use crate::reply::Reply;
use crate::tips::{PostError, TipsApi};

pub struct DiscordTips {
    pub http: Arc<Http>,
    pub client: reqwest::Client,
    /// `https://discord.com`, or the proxy that replaces it.
    pub base_url: String,
    pub token: Token,
    pub bot_id: OnceCell<u64>,
}

fn message(reply: &Reply) -> CreateMessage {
    let reply = &*crate::fit::fitted("channel message", reply);
    let mut message = CreateMessage::new()
        .embeds(convert::embeds(reply))
        .allowed_mentions(CreateAllowedMentions::new());
    if let Some(content) = &reply.content {
        message = message.content(content);
    }
    message
}

/// Reads `{"code": …, "message": …}` or `{"retry_after": …}` from an error body.
fn error_body(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_default()
}

#[async_trait::async_trait]
impl TipsApi for DiscordTips {
    async fn post(&self, channel_id: u64, reply: &Reply) -> Result<(), PostError> {
        let url = format!("{}/api/v10/channels/{channel_id}/messages", self.base_url);
        let body = serde_json::to_vec(&message(reply)).map_err(|error| {
            tracing::error!(channel_id, %error, "cannot encode a tip");
            PostError::Internal
        })?;
        let response = self
            .client
            .post(url)
            .header("Authorization", format!("Bot {}", self.token.expose()))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|error| {
                // The detail is for the log; admins read `PostError::reason`.
                let error = format!("{:#}", anyhow::Error::from(error));
                tracing::warn!(channel_id, error, "cannot reach Discord to post a tip");
                PostError::Unreachable
            })?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(());
        }
        let header_wait = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok());
        let body = error_body(&response.text().await.unwrap_or_default());
        let code = body["code"].as_i64().unwrap_or_default();
        let message = body["message"].as_str().unwrap_or("no message");
        tracing::warn!(
            channel_id,
            status,
            code,
            message,
            "Discord did not take a tip"
        );
        Err(match status {
            429 => {
                let seconds = body["retry_after"]
                    .as_f64()
                    .or(header_wait)
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .unwrap_or(1.0);
                PostError::RateLimited(Duration::from_secs_f64(seconds.min(3_600.0)))
            }
            // Discord's code says why; admins read the reason, with the code as detail.
            403 | 404 => codes::refusal(code).map_or(PostError::Rejected { status }, |why| {
                PostError::ChannelRefused { why, code }
            }),
            500..=599 => PostError::ServerError { status },
            _ => PostError::Rejected { status },
        })
    }

    async fn tell(&self, user_id: u64, text: &str) -> anyhow::Result<()> {
        // Never a made-up id: 0 is nobody.
        let user = NonZeroU64::new(user_id).context("no member to send a direct message to")?;
        let channel = UserId::from(user)
            .create_dm_channel(&self.http)
            .await
            .context("opening a direct message")?;
        channel
            .send_message(&self.http, message(&Reply::notice(text)))
            .await
            .context("sending a direct message")?;
        Ok(())
    }

    async fn missing_permissions(
        &self,
        guild_id: u64,
        channel_id: u64,
    ) -> anyhow::Result<Vec<&'static str>> {
        let bot = *self
            .bot_id
            .get_or_try_init(|| async {
                anyhow::Ok(
                    self.http
                        .get_current_user()
                        .await
                        .context("reading the bot user")?
                        .id
                        .get(),
                )
            })
            .await?;
        // Never a made-up id: 0 is no server and no channel.
        let guild = GuildId::from(NonZeroU64::new(guild_id).context("no server to check")?);
        let channel_id =
            ChannelId::from(NonZeroU64::new(channel_id).context("no channel to check")?);
        let channel = match self.http.get_channel(channel_id).await {
            Ok(channel) => channel,
            // 403 Missing Access: the bot can't see the channel, so it can do nothing there.
            Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(error)))
                if error.status_code.as_u16() == 403 =>
            {
                return Ok(NEEDED.to_vec());
            }
            Err(error) => return Err(error.into()),
        };
        let Channel::Guild(channel) = channel else {
            return Err(anyhow!("not a server channel"));
        };
        if channel.guild_id != guild {
            return Err(anyhow!("the channel belongs to another server"));
        }
        let roles = self
            .http
            .get_guild_roles(guild)
            .await
            .context("reading roles")?;
        let member = self
            .http
            .get_member(guild, UserId::new(bot))
            .await
            .context("reading the bot member")?;
        let roles: Vec<(u64, u64)> = roles
            .iter()
            .map(|r| (r.id.get(), r.permissions.bits()))
            .collect();
        let member_roles: Vec<u64> = member.roles.iter().map(|r| r.get()).collect();
        let overwrites: Vec<Overwrite> = channel
            .permission_overwrites
            .iter()
            .map(|o| Overwrite {
                target: match o.kind {
                    PermissionOverwriteType::Member(id) => Target::Member(id.get()),
                    PermissionOverwriteType::Role(id) => Target::Role(id.get()),
                    _ => Target::Member(0),
                },
                allow: o.allow.bits(),
                deny: o.deny.bits(),
            })
            .collect();
        let bits = in_channel(guild_id, bot, &member_roles, &roles, &overwrites);
        Ok(missing_for_tips(bits))
    }
}
