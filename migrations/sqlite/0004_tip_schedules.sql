-- Each server's warm-up tip schedule (at most one per server).
CREATE TABLE tip_schedules (
    guild_id     BIGINT  PRIMARY KEY NOT NULL,
    channel_id   BIGINT  NOT NULL,
    -- As the admin gave it: a preset (`weekly monday 07:00`) or a cron expression.
    schedule     TEXT    NOT NULL,
    timezone     TEXT    NOT NULL,
    -- Unix seconds of the next due post; NULL while paused or disabled. Claiming a post is a
    -- compare-and-set on this column, so each due time is posted once however many pacer
    -- processes share the database.
    next_run_at  BIGINT,
    paused       INTEGER NOT NULL DEFAULT FALSE,
    -- Set when Discord refused the channel (403 or 404); cleared by setup or resume.
    disabled     INTEGER NOT NULL DEFAULT FALSE,
    -- This server's tip order: each cycle through all tips is shuffled from this seed and
    -- the cycle's number; rotation_pos counts the tips posted so far.
    rotation_seed BIGINT NOT NULL,
    rotation_pos  BIGINT NOT NULL DEFAULT 0,
    last_post_at BIGINT,
    last_error   TEXT,
    set_up_by    BIGINT  NOT NULL,
    updated_at   TEXT    NOT NULL
);
-- The scheduler reads only what is due: its work grows with the due posts, not the servers.
CREATE INDEX tip_schedules_due ON tip_schedules (next_run_at) WHERE next_run_at IS NOT NULL;
