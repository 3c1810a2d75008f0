//! `pacer console`: the same command core as the bot, driven by lines on stdin and answered
//! as text on stdout. No token, no network.

use std::io::Write;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::commands::tree::{resolve, RawInvocation, RawOption, RawValue};
use crate::commands::{execute, parse_button, stale_button, Caller, COMMANDS};
use crate::reply::Reply;
use crate::App;

/// The console plays one member in one server, both with id 0: never a Discord snowflake,
/// so their rows never mix with real ones.
pub const CONSOLE_CALLER: Caller = Caller {
    user_id: 0,
    guild_id: Some(0),
    // The person at the console runs pacer: they manage its one server.
    permissions: Some(crate::commands::ADMINISTRATOR),
};

/// `pacer console --dm`: the same member in a direct message with pacer, with no server, as
/// a member who installed pacer to their account sees it.
pub const CONSOLE_DM_CALLER: Caller = Caller {
    user_id: 0,
    guild_id: None,
    permissions: None,
};

const DM_GREETING: &str = "You are in a direct message with pacer: no server, so no leaderboard, tips or server settings.";
const GREETING: &str = "pacer console: type /help for the commands, a number to press a button, /quit or Ctrl-D to leave.";

/// Reads commands until end of input, as `caller` ([`CONSOLE_CALLER`] in a server,
/// [`CONSOLE_DM_CALLER`] in a direct message). `interactive` shows a greeting and a prompt.
pub async fn run(
    app: &App,
    caller: &Caller,
    input: impl AsyncBufRead + Unpin,
    mut out: impl Write,
    interactive: bool,
) -> anyhow::Result<()> {
    let mut lines = input.lines();
    let mut buttons: Vec<String> = Vec::new();
    if interactive {
        writeln!(out, "{GREETING}")?;
        if caller.guild_id.is_none() {
            writeln!(out, "{DM_GREETING}")?;
        }
    }
    loop {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let reply = match line {
            "/quit" | "/exit" => break,
            "/help" => {
                writeln!(out, "{}", help())?;
                continue;
            }
            _ if line.starts_with('/') => match parse_line(line) {
                Ok(raw) => match resolve(COMMANDS, &raw) {
                    Ok(action) => execute(app, caller, action).await,
                    Err(error) => {
                        writeln!(out, "{error}\nType /help to see every command.")?;
                        continue;
                    }
                },
                Err(message) => {
                    writeln!(out, "{message}")?;
                    continue;
                }
            },
            _ => match line.parse::<usize>() {
                Ok(n) if (1..=buttons.len()).contains(&n) => match parse_button(&buttons[n - 1]) {
                    Some(action) => execute(app, caller, action).await,
                    None => stale_button(),
                },
                Ok(_) if buttons.is_empty() => {
                    writeln!(out, "There are no buttons to press right now.")?;
                    continue;
                }
                Ok(_) => {
                    writeln!(out, "Pick a button from 1 to {}.", buttons.len())?;
                    continue;
                }
                Err(_) => {
                    writeln!(
                        out,
                        "Commands start with '/', e.g. /backpain stretches when:before. Type /help to see them all."
                    )?;
                    continue;
                }
            },
        };
        buttons = reply.custom_ids().map(str::to_owned).collect();
        writeln!(out, "{}", render(&crate::fit::fitted("console", &reply)))?;
        for file in &reply.attachments {
            // Files land in the working directory, where the member can open them.
            match std::fs::write(&file.filename, &file.bytes) {
                Ok(()) => writeln!(
                    out,
                    "(saved {} bytes to {})",
                    file.bytes.len(),
                    file.filename
                )?,
                Err(error) => writeln!(out, "(could not save {}: {error})", file.filename)?,
            }
        }
    }
    Ok(())
}

/// `/help`: every command with its options, from the one command tree.
pub fn help() -> String {
    let mut text = String::from("Commands:\n");
    for command in COMMANDS {
        for sub in command.subcommands {
            text.push_str(&format!(
                "  {}\n      {}\n",
                sub.usage(command),
                sub.description
            ));
        }
    }
    text.push_str(
        "Options are written name:value; quote values with spaces (name:\"Blue pair\").\n",
    );
    text.push_str("Type a number to press a button, /quit or Ctrl-D to leave.");
    text
}

/// Splits `/command sub name:value name:"two words"` into a raw invocation.
pub fn parse_line(line: &str) -> Result<RawInvocation, String> {
    let words = split_words(line)?;
    let mut words = words.into_iter();
    let command = words
        .next()
        .and_then(|w| w.strip_prefix('/').map(str::to_owned))
        .filter(|w| !w.is_empty())
        .ok_or("Commands start with '/', e.g. /backpain plan.")?;
    let mut subcommand = None;
    let mut options = Vec::new();
    for word in words {
        match word.split_once(':') {
            Some((name, value)) => options.push(RawOption {
                name: name.to_owned(),
                value: RawValue::Text(value.to_owned()),
            }),
            None if subcommand.is_none() && options.is_empty() => subcommand = Some(word),
            None => {
                return Err(format!(
                    "`{}` is not an option. Options are written name:value, e.g. when:before.",
                    crate::text::quote(&word)
                ))
            }
        }
    }
    Ok(RawInvocation {
        command,
        subcommand,
        options,
    })
}

fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err("A quote is not closed.".to_owned());
    }
    if !current.is_empty() {
        words.push(current);
    }
    Ok(words)
}

/// A reply as plain text: embeds as headed sections, buttons numbered.
pub fn render(reply: &Reply) -> String {
    let mut text = String::new();
    if let Some(content) = &reply.content {
        text.push_str(content);
        text.push('\n');
    }
    for embed in &reply.embeds {
        text.push_str(&format!("\n== {} ==\n", embed.title));
        if !embed.description.is_empty() {
            text.push_str(&embed.description);
            text.push('\n');
        }
        for field in &embed.fields {
            let value = field.value.replace("-# ", "");
            text.push_str(&format!("\n{}\n{}\n", field.name, value));
        }
        if let Some(footer) = &embed.footer {
            text.push_str(&format!("\n-- {footer}\n"));
        }
    }
    let labels: Vec<String> = reply
        .buttons
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, b)| format!("[{}] {}", i + 1, b.label))
        .collect();
    if !labels.is_empty() {
        text.push_str(&format!("\n{}\n", labels.join("   ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_into_command_subcommand_and_options() {
        let raw = parse_line(r#"/backpain stretches when:before note:"two words""#).unwrap();
        assert_eq!(raw.command, "backpain");
        assert_eq!(raw.subcommand.as_deref(), Some("stretches"));
        assert_eq!(
            raw.options,
            vec![
                RawOption {
                    name: "when".into(),
                    value: RawValue::Text("before".into())
                },
                RawOption {
                    name: "note".into(),
                    value: RawValue::Text("two words".into())
                },
            ]
        );
    }

    #[test]
    fn garbage_lines_get_a_message() {
        assert!(parse_line("/").is_err());
        assert!(parse_line("/backpain stretches before")
            .unwrap_err()
            .contains("name:value"));
        assert!(parse_line("/backpain \"open")
            .unwrap_err()
            .contains("quote"));
    }
}
