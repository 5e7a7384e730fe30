-- One database per service; each service's Flyway creates its schema (catalog / orders / worker) in it.
-- Runs once, when the PostgreSQL data directory is first initialised (docker-entrypoint-initdb.d, through psql),
-- as POSTGRES_USER, who then owns the three databases. Used by deploy/compose.yaml and deploy/k8s.
CREATE DATABASE catalog;
CREATE DATABASE orders;
CREATE DATABASE worker;

-- Keycloak's database, owned by its own user `keycloak` (Keycloak creates its tables in the public schema, which the
-- database's owner may do). The password comes from PostgreSQL's container environment, KEYCLOAK_DB_PASSWORD: the
-- keycloak-db Secret in Kubernetes, a dev-only value in compose. psql reads it (\getenv, psql 15+); without it the
-- first start fails here, rather than Keycloak later with a user that cannot log in.
\getenv keycloak_db_password KEYCLOAK_DB_PASSWORD
\if :{?keycloak_db_password}
CREATE USER keycloak PASSWORD :'keycloak_db_password';
CREATE DATABASE keycloak OWNER keycloak;
\else
DO $$ BEGIN RAISE EXCEPTION 'KEYCLOAK_DB_PASSWORD is not set in PostgreSQL''s environment: keycloak''s user cannot be created'; END $$;
\endif
