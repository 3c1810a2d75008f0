//! Who is asking, and in which server, as the command core sees it ([`Caller`]).

use serenity::all::{
    AuthorizingIntegrationOwner, AuthorizingIntegrationOwners, CommandInteraction,
    ComponentInteraction, GuildId, Member, User,
};

use crate::commands::Caller;

/// An interaction that names its member: a command, an autocomplete or a button press.
pub(crate) trait Invoked {
    fn user(&self) -> &User;
    fn guild(&self) -> Option<GuildId>;
    fn member(&self) -> Option<&Member>;
    fn owners(&self) -> &AuthorizingIntegrationOwners;
}

impl Invoked for CommandInteraction {
    fn user(&self) -> &User {
        &self.user
    }
    fn guild(&self) -> Option<GuildId> {
        self.guild_id
    }
    fn member(&self) -> Option<&Member> {
        self.member.as_deref()
    }
    fn owners(&self) -> &AuthorizingIntegrationOwners {
        &self.authorizing_integration_owners
    }
}

impl Invoked for ComponentInteraction {
    fn user(&self) -> &User {
        &self.user
    }
    fn guild(&self) -> Option<GuildId> {
        self.guild_id
    }
    fn member(&self) -> Option<&Member> {
        self.member.as_ref()
    }
    fn owners(&self) -> &AuthorizingIntegrationOwners {
        &self.authorizing_integration_owners
    }
}

/// The member, and the server only when pacer is installed in it. A member who installed
/// pacer for themselves can run its commands in any server; in one that did not install
/// pacer, the server's features (its leaderboard, its emergency number, its settings) are
/// not theirs to use or change, so pacer answers as in a direct message.
pub(crate) fn caller(interaction: &impl Invoked) -> Caller {
    let guild = interaction
        .guild()
        .filter(|guild| installed_in(*guild, interaction.owners()));
    Caller {
        user_id: interaction.user().id.get(),
        guild_id: guild.map(GuildId::get),
        permissions: guild
            .and(interaction.member())
            .and_then(|m| m.permissions)
            .map(|p| p.bits()),
    }
}

/// Whether the installs that authorised the interaction include the server's own. An
/// interaction without the list (older payloads) is taken as the server's.
fn installed_in(guild: GuildId, owners: &AuthorizingIntegrationOwners) -> bool {
    owners.0.is_empty()
        || owners
            .0
            .iter()
            .any(|owner| matches!(owner, AuthorizingIntegrationOwner::GuildInstall(Some(id)) if *id == guild))
}

#[cfg(test)]
mod tests {
    use serenity::all::UserId;

    use super::*;

    const GUILD: GuildId = GuildId::new(7);

    fn owners(list: Vec<AuthorizingIntegrationOwner>) -> AuthorizingIntegrationOwners {
        AuthorizingIntegrationOwners(list)
    }

    #[test]
    fn a_server_counts_only_when_pacer_is_installed_there() {
        let by_server = AuthorizingIntegrationOwner::GuildInstall(Some(GUILD));
        let by_member = AuthorizingIntegrationOwner::UserInstall(UserId::new(42));
        let elsewhere = AuthorizingIntegrationOwner::GuildInstall(Some(GuildId::new(8)));
        assert!(installed_in(GUILD, &owners(vec![by_server.clone()])));
        assert!(installed_in(
            GUILD,
            &owners(vec![by_member.clone(), by_server])
        ));
        assert!(installed_in(GUILD, &owners(Vec::new())), "older payloads");
        assert!(!installed_in(GUILD, &owners(vec![by_member])));
        assert!(!installed_in(GUILD, &owners(vec![elsewhere])));
    }
}
