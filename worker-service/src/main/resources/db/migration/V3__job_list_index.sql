-- GET /api/jobs without a status filter reads newest first; job_status_created_idx serves the filtered list.
CREATE INDEX job_created_idx ON job (created_at, id);
