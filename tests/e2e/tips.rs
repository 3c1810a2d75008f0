//! `/tips` end to end through the fake Discord: admin-only setup with a permission checklist,
//! posting a tip (body validated against the spec), Discord's 403, 429 and 500, and the
//! scheduler posting a due tip on its own.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::bot::{Bot, Member, ADMIN, GUILD_ID, MEMBER};
use crate::fake_discord::DM_CHANNEL_ID;
use crate::gateway::{assert_message, is_ephemeral};
use crate::openapi::assert_all_valid;
use crate::shoes::{pool, private_text};

pub const TIPS_CHANNEL: &str = "700000000000000010";
const VIEW_CHANNEL: u64 = 1 << 10;
const SEND_MESSAGES: u64 = 1 << 11;
const EMBED_LINKS: u64 = 1 << 14;

pub async fn setup(bot: &mut Bot, channel: &str, schedule: &str) -> Value {
    bot.typed(
        "tips",
        "setup",
        json!([
            {"name": "channel", "type": 7, "value": channel},
            {"name": "schedule", "type": 3, "value": schedule},
            {"name": "timezone", "type": 3, "value": "Europe/London"}
        ]),
    )
    .await
}

/// A bot whose admin has set up daily tips in a channel pacer may post in.
async fn with_daily_tips() -> Bot {
    let mut bot = Bot::start().await;
    bot.fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    setup(&mut bot, TIPS_CHANNEL, "daily 07:00").await;
    bot
}

async fn tips(bot: &mut Bot, sub: &str) -> Value {
    bot.subcommand("tips", sub, &[]).await
}

pub async fn schedules(bot: &Bot) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM tip_schedules")
        .fetch_one(&pool(bot).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn setup_checks_the_channel_and_members_without_manage_server_are_refused() {
    let mut bot = Bot::start().await;
    bot.fake
        .add_channel(TIPS_CHANNEL, GUILD_ID, SEND_MESSAGES | EMBED_LINKS);

    for member in [
        MEMBER,
        Member {
            guild: None,
            ..ADMIN
        },
    ] {
        bot.member = member;
        for sub in ["status", "now", "preview", "off"] {
            let body = tips(&mut bot, sub).await;
            assert!(
                private_text(&body).contains("Only members with the Manage Server permission"),
                "{sub}"
            );
        }
        let body = setup(&mut bot, TIPS_CHANNEL, "daily 07:00").await;
        assert!(private_text(&body).contains("Only members with the Manage Server permission"));
    }
    assert_eq!(schedules(&bot).await, 0);

    bot.member = ADMIN;
    let body = setup(&mut bot, TIPS_CHANNEL, "daily 07:00").await;
    let text = private_text(&body);
    assert!(
        text.contains("✅ View Channel\n❌ Send Messages\n❌ Embed Links"),
        "{text}"
    );
    assert!(text.contains("Nothing was saved"), "{text}");
    // A channel pacer cannot see at all: Discord answers 403 Missing Access.
    let hidden = "700000000000000011";
    bot.fake.add_channel(hidden, GUILD_ID, VIEW_CHANNEL);
    let text = private_text(&setup(&mut bot, hidden, "daily 07:00").await);
    assert!(
        text.contains("❌ View Channel\n❌ Send Messages\n❌ Embed Links"),
        "{text}"
    );
    assert_eq!(schedules(&bot).await, 0);

    for (schedule, expected) in [
        ("*/10 * * * *", "at most once an hour"),
        ("often", "not a schedule"),
    ] {
        let text = private_text(&setup(&mut bot, TIPS_CHANNEL, schedule).await);
        assert!(text.contains(expected), "{schedule}: {text}");
    }
    let text = private_text(&setup(&mut bot, "700000000000000099", "daily 07:00").await);
    assert!(text.contains("I can't see <#700000000000000099>"), "{text}");

    let body = bot
        .autocomplete(
            "tips",
            json!([{"name": "setup", "type": 1, "options": [
                {"name": "timezone", "type": 3, "value": "lond", "focused": true}
            ]}]),
        )
        .await;
    assert_eq!(body["data"]["choices"][0]["value"], "Europe/London");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn an_admin_sets_up_posts_now_previews_and_controls_the_schedule() {
    let mut bot = Bot::start().await;
    bot.fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    let text = private_text(&setup(&mut bot, TIPS_CHANNEL, "weekly monday 07:00").await);
    assert!(text.contains("every Monday at 07:00 London time"), "{text}");
    assert!(
        text.contains("✅ View Channel  ✅ Send Messages  ✅ Embed Links"),
        "{text}"
    );
    assert!(text.contains("Next tip: <t:"), "{text}");

    let body = tips(&mut bot, "preview").await;
    let data = assert_message(&body, 4);
    assert!(is_ephemeral(data));
    let next_title = data["embeds"][0]["title"].as_str().unwrap().to_owned();
    assert!(is_tip_title(&next_title), "{next_title}");

    let text = private_text(&tips(&mut bot, "now").await);
    assert!(text.starts_with("Posted “"), "{text}");
    let posts = bot.fake.posts(TIPS_CHANNEL);
    assert_eq!(posts.len(), 1);
    let post = posts[0].body.clone().unwrap();
    assert_eq!(
        post["embeds"][0]["title"],
        next_title.as_str(),
        "the previewed tip is posted"
    );
    assert_eq!(
        post["allowed_mentions"]["parse"],
        json!([]),
        "a tip can ping nobody"
    );

    let status = tips(&mut bot, "status").await;
    let embed = &status["data"]["embeds"][0];
    let fields: Vec<(String, String)> = embed["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(embed["description"]
        .as_str()
        .unwrap()
        .contains(&format!("<#{TIPS_CHANNEL}>")));
    assert!(fields[0].1.contains(":F> (<t:"), "{fields:?}");
    assert!(fields[1].1.starts_with("<t:"), "last post: {fields:?}");
    assert_eq!(fields[2].1, "none");

    assert!(private_text(&tips(&mut bot, "pause").await).contains("paused"));
    let status = tips(&mut bot, "status").await;
    assert!(status["data"]["embeds"][0]["fields"][0]["value"]
        .as_str()
        .unwrap()
        .starts_with("paused"));
    assert!(private_text(&tips(&mut bot, "resume").await).contains("Next: <t:"));
    assert_eq!(
        private_text(&tips(&mut bot, "off").await),
        "Tips are off and the schedule is deleted."
    );
    assert_eq!(schedules(&bot).await, 0);
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_403_disables_the_schedule_and_shows_in_status() {
    let mut bot = with_daily_tips().await;
    let refusal = (
        403,
        json!({"code": 50013, "message": "Missing Permissions"}),
    );
    bot.fake
        .script_posts(TIPS_CHANNEL, vec![refusal.clone(), refusal]);
    let text = private_text(&tips(&mut bot, "now").await);
    assert!(
        text.contains("Discord refused the post, so the schedule is stopped"),
        "{text}"
    );
    let status = tips(&mut bot, "status").await;
    let fields = status["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .clone();
    assert!(fields[0]["value"]
        .as_str()
        .unwrap()
        .starts_with("stopped after Discord refused"));
    assert!(fields[2]["value"].as_str().unwrap().contains("50013"));
    assert!(
        bot.fake.posts(DM_CHANNEL_ID).is_empty(),
        "the admin saw it in the reply"
    );
    let again = private_text(&tips(&mut bot, "now").await);
    assert!(
        again.starts_with("The schedule is stopped because Discord refused a post"),
        "{again}"
    );
    assert_eq!(bot.fake.posts(TIPS_CHANNEL).len(), 1, "no second attempt");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_wrong_address_is_not_mistaken_for_a_lost_channel() {
    let mut bot = with_daily_tips().await;
    // A 404 without Discord's Unknown Channel code: a proxy or routing problem.
    bot.fake.script_posts(
        TIPS_CHANNEL,
        vec![(404, json!({"message": "404: Not Found", "code": 0}))],
    );
    let text = private_text(&tips(&mut bot, "now").await);
    assert!(
        text.contains("The tip could not be posted: Discord didn't accept the tip (HTTP 404)"),
        "{text}"
    );
    let status = tips(&mut bot, "status").await;
    let next = status["data"]["embeds"][0]["fields"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(next.starts_with("<t:"), "the schedule keeps going: {next}");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_429_is_waited_out_and_a_500_retried() {
    let mut bot = with_daily_tips().await;
    bot.fake.script_posts(
        TIPS_CHANNEL,
        vec![(
            429,
            json!({"message": "You are being rate limited.", "retry_after": 0.4, "global": false}),
        )],
    );
    let started = Instant::now();
    assert!(private_text(&tips(&mut bot, "now").await).starts_with("Posted"));
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(
        bot.fake.posts(TIPS_CHANNEL).len(),
        2,
        "refused once, then posted"
    );

    bot.fake.script_posts(
        TIPS_CHANNEL,
        vec![(500, json!({"message": "Internal Server Error", "code": 0}))],
    );
    assert!(private_text(&tips(&mut bot, "now").await).starts_with("Posted"));
    assert_eq!(bot.fake.posts(TIPS_CHANNEL).len(), 4);
    assert_all_valid(&bot.fake.requests());
}

/// A posted tip's title: a warm-up tip or one of the running tips that join them.
pub fn is_tip_title(title: &str) -> bool {
    title.starts_with("Warm-up tip: ") || title.starts_with("Running tip: ")
}
