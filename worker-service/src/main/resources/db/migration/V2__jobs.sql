-- The durable job queue. A replica claims a QUEUED job with a conditional UPDATE (status still QUEUED) and holds
-- it with a lease it renews while the job runs; a RUNNING job whose lease expired (its replica died) is QUEUED again.
CREATE TABLE job (
    id          VARCHAR(36)              PRIMARY KEY,
    type        VARCHAR(64)              NOT NULL,
    job_key     VARCHAR(200)             UNIQUE,
    payload     TEXT                     NOT NULL,
    payload_sha VARCHAR(64)              NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    attempts    INTEGER                  NOT NULL DEFAULT 0,
    progress    INTEGER                  NOT NULL DEFAULT 0,
    message     VARCHAR(500),
    error       VARCHAR(2000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE,
    finished_at TIMESTAMP WITH TIME ZONE,
    lease_owner VARCHAR(100),
    lease_until TIMESTAMP WITH TIME ZONE
);
CREATE INDEX job_status_created_idx ON job (status, created_at);

-- The file a job made (an invoice PDF, a report CSV), written in the same transaction that marks it SUCCEEDED.
CREATE TABLE job_result (
    job_id     VARCHAR(36)  PRIMARY KEY REFERENCES job (id),
    file_name  VARCHAR(200) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    content    ${binary_type} NOT NULL
);
