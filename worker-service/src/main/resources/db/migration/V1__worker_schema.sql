-- The worker schema itself is created by Flyway (quarkus.flyway.schemas=worker).
-- The pool keeps its state in memory; the job tables come with V2 and later (the jobs issue).
CREATE TABLE worker_info (
    name  VARCHAR(64)  PRIMARY KEY,
    value VARCHAR(200) NOT NULL
);
INSERT INTO worker_info (name, value) VALUES ('schema', 'brigade worker');
