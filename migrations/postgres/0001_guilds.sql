-- The servers pacer is a member of. Rows are added on GUILD_CREATE and removed when the bot
-- leaves or is removed from a server (GUILD_DELETE with unavailable = false). Later tables
-- with per-server settings hang off this one.
CREATE TABLE guilds (
    guild_id  BIGINT  PRIMARY KEY NOT NULL,
    joined_at TEXT    NOT NULL
);
