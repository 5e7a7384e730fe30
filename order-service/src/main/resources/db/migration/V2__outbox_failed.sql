-- A message the receiver refused for good (a 4xx), or that ran out of attempts, is FAILED: kept with its reason,
-- never tried again, and no longer in the way of the messages behind it.
ALTER TABLE outbox_message ADD COLUMN failed_at TIMESTAMP WITH TIME ZONE;
