//! A member's effective permissions in a channel, by Discord's documented rules: the
//! @everyone role and the member's roles, then the channel's overwrites for @everyone, for the
//! member's roles and for the member.

use crate::commands::tips::NEEDED;
use crate::commands::ADMINISTRATOR;

pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const EMBED_LINKS: u64 = 1 << 14;

/// What the tips channel needs, with the names `/tips setup` shows.
const TIPS_NEEDS: [(u64, &str); 3] = [
    (VIEW_CHANNEL, NEEDED[0]),
    (SEND_MESSAGES, NEEDED[1]),
    (EMBED_LINKS, NEEDED[2]),
];

/// Whom an overwrite applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Role(u64),
    Member(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overwrite {
    pub target: Target,
    pub allow: u64,
    pub deny: u64,
}

/// The member's permissions in the channel. `roles` are `(role id, permissions)` of the
/// server; the @everyone role has the server's id.
pub fn in_channel(
    guild_id: u64,
    member_id: u64,
    member_roles: &[u64],
    roles: &[(u64, u64)],
    overwrites: &[Overwrite],
) -> u64 {
    let role_bits = |id: u64| roles.iter().find(|(r, _)| *r == id).map_or(0, |(_, p)| *p);
    let mut bits = role_bits(guild_id);
    for role in member_roles {
        bits |= role_bits(*role);
    }
    if bits & ADMINISTRATOR != 0 {
        return u64::MAX;
    }
    let apply = |bits: u64, allow: u64, deny: u64| (bits & !deny) | allow;
    if let Some(o) = overwrites
        .iter()
        .find(|o| o.target == Target::Role(guild_id))
    {
        bits = apply(bits, o.allow, o.deny);
    }
    let (mut allow, mut deny) = (0, 0);
    for o in overwrites {
        if let Target::Role(id) = o.target {
            if id != guild_id && member_roles.contains(&id) {
                allow |= o.allow;
                deny |= o.deny;
            }
        }
    }
    bits = apply(bits, allow, deny);
    if let Some(o) = overwrites
        .iter()
        .find(|o| o.target == Target::Member(member_id))
    {
        bits = apply(bits, o.allow, o.deny);
    }
    bits
}

/// The names of what `bits` lacks for posting tips.
pub fn missing_for_tips(bits: u64) -> Vec<&'static str> {
    TIPS_NEEDS
        .iter()
        .filter(|(bit, _)| bits & bit == 0)
        .map(|(_, name)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: u64 = 1;
    const BOT: u64 = 2;
    const BOT_ROLE: u64 = 3;
    const ALL: u64 = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS;

    #[test]
    fn overwrites_apply_in_discord_order() {
        let roles = [
            (GUILD, VIEW_CHANNEL | SEND_MESSAGES),
            (BOT_ROLE, EMBED_LINKS),
        ];
        let base = in_channel(GUILD, BOT, &[BOT_ROLE], &roles, &[]);
        assert_eq!(base & ALL, ALL);
        assert!(missing_for_tips(base).is_empty());

        // @everyone may not post here, but the bot's role may again, and the member
        // overwrite takes embeds away: the most specific wins.
        let overwrites = [
            Overwrite {
                target: Target::Role(GUILD),
                allow: 0,
                deny: SEND_MESSAGES | VIEW_CHANNEL,
            },
            Overwrite {
                target: Target::Role(BOT_ROLE),
                allow: VIEW_CHANNEL,
                deny: 0,
            },
            Overwrite {
                target: Target::Member(BOT),
                allow: 0,
                deny: EMBED_LINKS,
            },
        ];
        let bits = in_channel(GUILD, BOT, &[BOT_ROLE], &roles, &overwrites);
        assert_eq!(missing_for_tips(bits), ["Send Messages", "Embed Links"]);
    }

    #[test]
    fn administrators_have_everything() {
        let roles = [(GUILD, 0), (BOT_ROLE, ADMINISTRATOR)];
        let deny_all = [Overwrite {
            target: Target::Member(BOT),
            allow: 0,
            deny: u64::MAX,
        }];
        let bits = in_channel(GUILD, BOT, &[BOT_ROLE], &roles, &deny_all);
        assert!(missing_for_tips(bits).is_empty());
    }
}
