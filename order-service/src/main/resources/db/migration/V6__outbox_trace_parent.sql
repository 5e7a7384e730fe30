-- The trace a message belongs to (W3C traceparent: version 00 is 55 characters, the only one the services write):
-- the relay's delivery continues it. Null for rows written outside any trace or before this column.
ALTER TABLE outbox_message ADD COLUMN trace_parent VARCHAR(55);
