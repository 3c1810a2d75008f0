-- Members' running shoes and the runs logged on them, members' display preferences, and
-- per-server leaderboard opt-ins. Distances are integer metres; dates are YYYY-MM-DD and
-- instants RFC 3339 text.

CREATE TABLE member_prefs (
    user_id BIGINT PRIMARY KEY NOT NULL,
    unit    TEXT   NOT NULL CHECK (unit IN ('km', 'mi'))
);

CREATE TABLE shoes (
    shoe_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT  NOT NULL,
    name        TEXT    NOT NULL,
    -- Lowercased name: nicknames are unique per member regardless of case.
    name_key    TEXT    NOT NULL,
    brand       TEXT,
    model       TEXT,
    start_m     BIGINT  NOT NULL DEFAULT 0 CHECK (start_m >= 0),
    retire_at_m BIGINT  NOT NULL CHECK (retire_at_m > 0),
    is_default  INTEGER NOT NULL DEFAULT FALSE,
    retired_at  TEXT,
    -- The highest wear warning already given (70, 80, 90 or 100 percent).
    alert_pct   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    CONSTRAINT shoes_name_unique UNIQUE (user_id, name_key)
);
CREATE INDEX shoes_by_user ON shoes (user_id);

CREATE TABLE runs (
    run_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    shoe_id    BIGINT  NOT NULL REFERENCES shoes (shoe_id) ON DELETE CASCADE,
    user_id    BIGINT  NOT NULL,
    distance_m BIGINT  NOT NULL CHECK (distance_m > 0),
    run_on     TEXT    NOT NULL,
    note       TEXT,
    logged_at  TEXT    NOT NULL
);
CREATE INDEX runs_by_shoe ON runs (shoe_id, run_on);
CREATE INDEX runs_by_user ON runs (user_id, run_on);

CREATE TABLE leaderboard_members (
    guild_id  BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    joined_at TEXT   NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX leaderboard_members_by_user ON leaderboard_members (user_id);
