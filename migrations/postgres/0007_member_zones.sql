-- Members' time zones (/shoes timezone), and pairs waiting for the member's confirmation.
--
-- A member may set a time zone without choosing a unit, so the unit becomes optional.
ALTER TABLE member_prefs ALTER COLUMN unit DROP NOT NULL;
-- An IANA name such as Europe/London; NULL: the member's dates are UTC dates.
ALTER TABLE member_prefs ADD COLUMN timezone TEXT;

-- A pair /shoes add was asked to add already past its retirement distance, kept until the
-- member answers the question; at most one per member, none older than a day.
CREATE TABLE shoe_drafts (
    draft_id     BIGSERIAL PRIMARY KEY,
    user_id      BIGINT  NOT NULL,
    name         TEXT    NOT NULL,
    brand        TEXT,
    model        TEXT,
    start_m      BIGINT  NOT NULL,
    retire_at_m  BIGINT  NOT NULL,
    make_default BIGINT  NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX shoe_drafts_by_user ON shoe_drafts (user_id);
