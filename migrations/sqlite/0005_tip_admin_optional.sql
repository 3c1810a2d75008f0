-- The admin who set up a server's tips may erase their data with /privacy delete: the
-- schedule keeps running and set_up_by becomes NULL (nobody to tell until the next
-- /tips setup). SQLite cannot drop a NOT NULL constraint, so the table is rebuilt.
CREATE TABLE tip_schedules_new (
    guild_id      BIGINT  PRIMARY KEY NOT NULL,
    channel_id    BIGINT  NOT NULL,
    schedule      TEXT    NOT NULL,
    timezone      TEXT    NOT NULL,
    next_run_at   BIGINT,
    paused        INTEGER NOT NULL DEFAULT FALSE,
    disabled      INTEGER NOT NULL DEFAULT FALSE,
    rotation_seed BIGINT  NOT NULL,
    rotation_pos  BIGINT  NOT NULL DEFAULT 0,
    last_post_at  BIGINT,
    last_error    TEXT,
    set_up_by     BIGINT,
    updated_at    TEXT    NOT NULL
);
INSERT INTO tip_schedules_new (guild_id, channel_id, schedule, timezone, next_run_at, paused,
    disabled, rotation_seed, rotation_pos, last_post_at, last_error, set_up_by, updated_at)
SELECT guild_id, channel_id, schedule, timezone, next_run_at, paused, disabled, rotation_seed,
    rotation_pos, last_post_at, last_error, set_up_by, updated_at FROM tip_schedules;
DROP TABLE tip_schedules;
ALTER TABLE tip_schedules_new RENAME TO tip_schedules;
CREATE INDEX tip_schedules_due ON tip_schedules (next_run_at) WHERE next_run_at IS NOT NULL;
-- Who set the schedule up lets /privacy find it.
CREATE INDEX tip_schedules_by_admin ON tip_schedules (set_up_by) WHERE set_up_by IS NOT NULL;
