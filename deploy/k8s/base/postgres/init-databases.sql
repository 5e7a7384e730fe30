-- One database per service and one for Keycloak, each owned by its own login user, which can reach no other database.
-- Runs once, when the PostgreSQL data directory is first initialised (docker-entrypoint-initdb.d, through psql with
-- ON_ERROR_STOP), as the superuser POSTGRES_USER: the only thing that superuser is for (no service logs in with it).
-- Used by deploy/compose.yaml and deploy/k8s (the postgres-init ConfigMap).
--
--   user      database  who logs in                       its password, from PostgreSQL's environment
--   catalog   catalog   catalog-service (Flyway, the app)  CATALOG_DB_PASSWORD   (Kubernetes: Secret catalog-db)
--   orders    orders    order-service                      ORDERS_DB_PASSWORD    (Kubernetes: Secret orders-db)
--   worker    worker    worker-service                     WORKER_DB_PASSWORD    (Kubernetes: Secret worker-db)
--   keycloak  keycloak  Keycloak                           KEYCLOAK_DB_PASSWORD  (Kubernetes: Secret keycloak-db)
--
-- Each user OWNS its database, so it may create schemas in it: a service's Flyway creates its schema (catalog / orders /
-- worker) there at start, Keycloak its tables in the public schema (owned by pg_database_owner, i.e. by it). No user is
-- a superuser or may create databases or roles. CONNECT (and TEMPORARY) on every database is revoked from PUBLIC, the
-- maintenance databases `postgres` and `template1` included, and granted to the database's owner only: a user can log
-- in to its own database and to no other (the superuser is not bound by grants).
--
-- The passwords come from PostgreSQL's container environment (psql's \getenv, psql 15+): Secrets in Kubernetes,
-- dev-only values in compose. When one is missing or empty, the first start fails here, naming it, rather than a
-- service later with a user that cannot log in.
\set ON_ERROR_STOP on
\getenv catalog_db_password CATALOG_DB_PASSWORD
\getenv orders_db_password ORDERS_DB_PASSWORD
\getenv worker_db_password WORKER_DB_PASSWORD
\getenv keycloak_db_password KEYCLOAK_DB_PASSWORD
\if :{?catalog_db_password}
\else
\set catalog_db_password ''
\endif
\if :{?orders_db_password}
\else
\set orders_db_password ''
\endif
\if :{?worker_db_password}
\else
\set worker_db_password ''
\endif
\if :{?keycloak_db_password}
\else
\set keycloak_db_password ''
\endif
SELECT concat_ws(', ',
         CASE WHEN :'catalog_db_password' = '' THEN 'CATALOG_DB_PASSWORD' END,
         CASE WHEN :'orders_db_password' = '' THEN 'ORDERS_DB_PASSWORD' END,
         CASE WHEN :'worker_db_password' = '' THEN 'WORKER_DB_PASSWORD' END,
         CASE WHEN :'keycloak_db_password' = '' THEN 'KEYCLOAK_DB_PASSWORD' END) AS missing_passwords,
       '' IN (:'catalog_db_password', :'orders_db_password', :'worker_db_password', :'keycloak_db_password') AS any_missing
\gset
\if :any_missing
SELECT set_config('brigade.missing_passwords', :'missing_passwords', false) \gset
DO $$ BEGIN RAISE EXCEPTION '% not set (or empty) in PostgreSQL''s environment: the database users cannot be created',
  current_setting('brigade.missing_passwords'); END $$;
\endif

-- Nobody but a database's owner (and the superuser) connects to it, the maintenance databases included.
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;

-- catalog-service
CREATE USER catalog PASSWORD :'catalog_db_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE catalog OWNER catalog;
REVOKE ALL ON DATABASE catalog FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE catalog TO catalog;

-- order-service
CREATE USER orders PASSWORD :'orders_db_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE orders OWNER orders;
REVOKE ALL ON DATABASE orders FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE orders TO orders;

-- worker-service
CREATE USER worker PASSWORD :'worker_db_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE worker OWNER worker;
REVOKE ALL ON DATABASE worker FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE worker TO worker;

-- Keycloak (its tables in the public schema of its database, which the database's owner may create)
CREATE USER keycloak PASSWORD :'keycloak_db_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE keycloak TO keycloak;
