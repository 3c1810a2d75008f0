//! Every command family from a direct message (only `user`, no server or member), as a member
//! who installed pacer for themselves reaches it: guidance, the triage with the neutral
//! emergency numbers, their own shoes (the same as in a server), their data, and clear
//! refusals for what belongs to a server.

use crate::bot::{Bot, Member, ADMIN, MEMBER};
use crate::club::emergency_outcome;
use crate::gateway::{assert_message, content, embed_titles};
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;

const IN_A_DM: Member = Member {
    guild: None,
    ..MEMBER
};

#[tokio::test]
async fn a_member_reaches_every_family_from_a_direct_message() {
    let content = content();
    let mut bot = Bot::start().await;

    // The server sets its own number; a DM has no server, so the neutral list shows.
    bot.member = ADMIN;
    bot.subcommand("club", "emergency-number", &[("number", "112")])
        .await;
    bot.member = IN_A_DM;
    let outcome = emergency_outcome(&mut bot).await;
    for number in ["999", "911", "112", "000"] {
        assert!(outcome.contains(number), "{number} missing: {outcome}");
    }

    let page = bot.subcommand("backpain", "return", &[]).await;
    assert_eq!(
        embed_titles(assert_message(&page, 4)),
        [content.backpain.comeback.title.as_str()]
    );

    // The same member's shoes, from a DM and from a server.
    let added = private_text(
        &bot.subcommand("shoes", "add", &[("name", "Blue racers")])
            .await,
    );
    assert!(added.contains("Blue racers"), "{added}");
    let logged = private_text(&bot.subcommand("shoes", "log", &[("distance", "5k")]).await);
    assert!(logged.contains("5.0 km"), "{logged}");
    bot.member = MEMBER;
    let listed = bot.subcommand("shoes", "list", &[]).await;
    let listed = assert_message(&listed, 4).to_string();
    assert!(
        listed.contains("Blue racers") && listed.contains("5.0 km"),
        "{listed}"
    );
    assert!(
        listed.contains("Last 4 weeks") && listed.contains("5.0 km, all on one pair."),
        "{listed}"
    );
    bot.member = IN_A_DM;

    let board = private_text(&bot.subcommand("shoes", "leaderboard", &[]).await);
    assert!(board.contains("belong to a server"), "{board}");
    let export = bot.subcommand("privacy", "export", &[]).await;
    let export = assert_message(&export, 4);
    assert!(
        export["attachments"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
            || export.to_string().contains("json"),
        "{export:#}"
    );
    for (command, sub) in [("tips", "status"), ("club", "emergency-number")] {
        let options: &[(&str, &str)] = if command == "club" {
            &[("number", "112")]
        } else {
            &[]
        };
        let refused = private_text(&bot.subcommand(command, sub, options).await);
        assert!(!refused.is_empty(), "/{command} {sub} in a DM");
    }
    assert_all_valid(&bot.fake.requests());
}
