//! Conversions between serenity's types and the core's plain ones.

use serenity::all::{
    AutocompleteChoice, ButtonStyle as SerenityStyle, ChannelType, CommandData, CommandDataOption,
    CommandDataOptionValue, CommandOptionType, CreateActionRow, CreateAllowedMentions,
    CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse, InstallationContext, InteractionContext, Permissions,
};

use crate::commands::tree::{
    max_length, CommandSpec, OptionKind, RawInvocation, RawOption, RawValue,
};
use crate::fit::{fitted, fitted_suggestions};
use crate::reply::{ButtonStyle, Reply, Suggestion};

/// The registration payload, derived from the command tree.
pub fn commands(specs: &[&CommandSpec]) -> Vec<CreateCommand> {
    specs
        .iter()
        .map(|spec| {
            let subcommands = spec
                .subcommands
                .iter()
                .map(|sub| {
                    let mut option = CreateCommandOption::new(
                        CommandOptionType::SubCommand,
                        sub.name,
                        sub.description,
                    );
                    for o in sub.options {
                        let kind = match o.kind {
                            OptionKind::String => CommandOptionType::String,
                            OptionKind::Boolean => CommandOptionType::Boolean,
                            OptionKind::Channel => CommandOptionType::Channel,
                        };
                        let mut built = CreateCommandOption::new(kind, o.name, o.description)
                            .required(o.required)
                            .set_autocomplete(o.autocomplete.is_some());
                        if let Some(max) = max_length(o) {
                            built = built.max_length(max);
                        }
                        if o.kind == OptionKind::Channel {
                            built = built.channel_types(vec![ChannelType::Text, ChannelType::News]);
                        }
                        for choice in o.choices {
                            built = built.add_string_choice(choice.label, choice.value);
                        }
                        option = option.add_sub_option(built);
                    }
                    option
                })
                .collect();
            let command = CreateCommand::new(spec.name)
                .description(spec.description)
                .set_options(subcommands);
            // Server admin commands exist only in servers that installed pacer; the rest also
            // follow a member who installed pacer for themselves, into DMs and any server.
            if spec.admin {
                command
                    .default_member_permissions(Permissions::MANAGE_GUILD)
                    .integration_types(vec![InstallationContext::Guild])
                    .contexts(vec![InteractionContext::Guild])
            } else {
                command
                    .integration_types(vec![InstallationContext::Guild, InstallationContext::User])
                    .contexts(vec![
                        InteractionContext::Guild,
                        InteractionContext::BotDm,
                        InteractionContext::PrivateChannel,
                    ])
            }
        })
        .collect()
}

/// A slash command or autocomplete interaction as the core sees it.
pub fn raw_invocation(data: &CommandData) -> RawInvocation {
    let mut raw = RawInvocation {
        command: data.name.clone(),
        subcommand: None,
        options: Vec::new(),
    };
    for option in &data.options {
        match &option.value {
            CommandDataOptionValue::SubCommand(inner) => {
                raw.subcommand = Some(option.name.clone());
                raw.options = inner.iter().map(raw_option).collect();
            }
            // pacer declares no groups: the name is reported as an unknown subcommand.
            CommandDataOptionValue::SubCommandGroup(_) => {
                raw.subcommand = Some(option.name.clone());
            }
            _ => raw.options.push(raw_option(option)),
        }
    }
    raw
}

fn raw_option(option: &CommandDataOption) -> RawOption {
    let value = match &option.value {
        CommandDataOptionValue::String(s) => RawValue::String(s.clone()),
        CommandDataOptionValue::Boolean(b) => RawValue::Boolean(*b),
        CommandDataOptionValue::Channel(id) => RawValue::Channel(id.get()),
        // A partly typed option during autocomplete.
        CommandDataOptionValue::Autocomplete { value, .. } => RawValue::Focused(value.clone()),
        _ => RawValue::Unsupported,
    };
    RawOption {
        name: option.name.clone(),
        value,
    }
}

pub fn embeds(reply: &Reply) -> Vec<CreateEmbed> {
    reply
        .embeds
        .iter()
        .map(|embed| {
            let mut built = CreateEmbed::new().title(&embed.title);
            if !embed.description.is_empty() {
                built = built.description(&embed.description);
            }
            for field in &embed.fields {
                built = built.field(&field.name, &field.value, false);
            }
            if let Some(footer) = &embed.footer {
                built = built.footer(CreateEmbedFooter::new(footer));
            }
            if let Some(colour) = embed.colour {
                built = built.colour(colour);
            }
            if let Some(image) = &embed.image {
                built = built.attachment(image);
            }
            built
        })
        .collect()
}

fn rows(reply: &Reply) -> Vec<CreateActionRow> {
    reply
        .buttons
        .iter()
        .map(|row| {
            CreateActionRow::Buttons(
                row.iter()
                    .map(|b| {
                        CreateButton::new(&b.custom_id)
                            .label(&b.label)
                            .style(match b.style {
                                ButtonStyle::Primary => SerenityStyle::Primary,
                                ButtonStyle::Secondary => SerenityStyle::Secondary,
                                ButtonStyle::Danger => SerenityStyle::Danger,
                            })
                    })
                    .collect(),
            )
        })
        .collect()
}

fn files(reply: &Reply) -> impl Iterator<Item = CreateAttachment> + '_ {
    reply
        .attachments
        .iter()
        .map(|file| CreateAttachment::bytes(file.bytes.clone(), &file.filename))
}

/// The interaction response for a reply, cut to Discord's limits if it has to be. Nothing
/// the bot says may ping anyone.
pub fn response(reply: &Reply) -> CreateInteractionResponse {
    let reply = &*fitted("interaction response", reply);
    let mut message = CreateInteractionResponseMessage::new()
        .embeds(embeds(reply))
        .components(rows(reply))
        .allowed_mentions(CreateAllowedMentions::new())
        .add_files(files(reply));
    if let Some(content) = &reply.content {
        message = message.content(content);
    }
    if reply.update_source {
        CreateInteractionResponse::UpdateMessage(message)
    } else {
        CreateInteractionResponse::Message(message.ephemeral(reply.ephemeral))
    }
}

/// The edit that replaces a deferred response with the reply, cut to Discord's limits.
pub fn edit(reply: &Reply) -> EditInteractionResponse {
    let reply = &*fitted("deferred reply", reply);
    let mut edit = EditInteractionResponse::new()
        .embeds(embeds(reply))
        .components(rows(reply))
        .allowed_mentions(CreateAllowedMentions::new());
    if let Some(content) = &reply.content {
        edit = edit.content(content);
    }
    for file in files(reply) {
        edit = edit.new_attachment(file);
    }
    edit
}

/// The answer to an autocomplete request.
pub fn suggestions(suggestions: Vec<Suggestion>) -> CreateInteractionResponse {
    let choices = fitted_suggestions(suggestions)
        .into_iter()
        .map(|s| AutocompleteChoice::new(s.name, s.value))
        .collect();
    CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
}
