-- The trace a job was submitted in (W3C traceparent: version 00 is 55 characters, the only one the services write):
-- the dispatcher's run of the job continues it. Null for jobs submitted outside any trace or before this column.
ALTER TABLE job ADD COLUMN trace_parent VARCHAR(55);
