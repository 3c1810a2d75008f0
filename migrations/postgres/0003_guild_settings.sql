-- Settings a server's admins choose for pacer. A row exists only once something was set.
CREATE TABLE guild_settings (
    guild_id         BIGINT PRIMARY KEY NOT NULL,
    -- Shown by the emergency outcome of /backpain physio instead of the neutral list.
    emergency_number TEXT,
    updated_at       TEXT   NOT NULL
);
