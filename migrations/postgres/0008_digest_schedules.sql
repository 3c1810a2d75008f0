-- Each server's weekly club digest (at most one per server): the same columns as
-- tip_schedules, so the scheduler claims a due digest with the same compare-and-set on
-- next_run_at, and each due time is posted once however many pacer processes run.
CREATE TABLE digest_schedules (
    guild_id      BIGINT  PRIMARY KEY NOT NULL,
    channel_id    BIGINT  NOT NULL,
    schedule      TEXT    NOT NULL,
    timezone      TEXT    NOT NULL,
    next_run_at   BIGINT,
    paused        BOOLEAN NOT NULL DEFAULT FALSE,
    -- Set when Discord refused the channel (403 or 404); cleared by the next /club digest.
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    -- The digest's own rotation of warm-up tips: the tips channel never skips one.
    rotation_seed BIGINT  NOT NULL,
    rotation_pos  BIGINT  NOT NULL DEFAULT 0,
    last_post_at  BIGINT,
    last_error    TEXT,
    -- The admin who set it up; NULL once they erased their data with /privacy delete.
    set_up_by     BIGINT,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX digest_schedules_due ON digest_schedules (next_run_at) WHERE next_run_at IS NOT NULL;
CREATE INDEX digest_schedules_by_admin ON digest_schedules (set_up_by) WHERE set_up_by IS NOT NULL;
