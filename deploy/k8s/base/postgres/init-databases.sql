-- One database per service; each service's Flyway creates its schema (catalog / orders / worker) in it.
-- Runs once, when the PostgreSQL data directory is first initialised (docker-entrypoint-initdb.d),
-- as POSTGRES_USER, who then owns the three databases. Used by deploy/compose.yaml and deploy/k8s.
CREATE DATABASE catalog;
CREATE DATABASE orders;
CREATE DATABASE worker;
