-- Errors recorded before pacer worded them for admins could hold the HTTP client's message
-- and Discord's address; /tips status shows this instead until the next post.
UPDATE tip_schedules
SET last_error = 'couldn''t reach Discord; pacer will try again at the next post'
WHERE last_error LIKE '%network: %';
