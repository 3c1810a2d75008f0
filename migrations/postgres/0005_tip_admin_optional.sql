-- The admin who set up a server's tips may erase their data with /privacy delete: the
-- schedule keeps running and set_up_by becomes NULL (nobody to tell until the next
-- /tips setup).
ALTER TABLE tip_schedules ALTER COLUMN set_up_by DROP NOT NULL;
-- Who set the schedule up lets /privacy find it.
CREATE INDEX tip_schedules_by_admin ON tip_schedules (set_up_by) WHERE set_up_by IS NOT NULL;
