-- For a PostgreSQL volume initialised BEFORE each service had its own database user (deploy/README.md, "Database users"):
-- there the superuser (then `brigade`) owns catalog, orders and worker and every schema and table in them, and the
-- users catalog, orders and worker do not exist. init-databases.sql runs on an empty volume only, so this script does
-- its part on the existing one, without touching the data: it creates the three users (or resets their passwords and
-- attributes), hands each its database and everything in the service's schema, and takes CONNECT away from PUBLIC on
-- every database, as init-databases.sql does. It can be run again.
--
-- Run it as the superuser, once the new StatefulSet (or compose file) has given PostgreSQL the passwords
-- (CATALOG_DB_PASSWORD, ORDERS_DB_PASSWORD, WORKER_DB_PASSWORD) and before the services restart with their new users:
--   kubectl -n brigade exec -i postgres-0 -- sh -c 'psql -v ON_ERROR_STOP=1 -U <the superuser> -d postgres -f -' \
--     < deploy/k8s/base/postgres/upgrade-to-own-users.sql
--   docker compose -f deploy/compose.yaml exec -T postgres sh -c 'psql -v ON_ERROR_STOP=1 -U brigade -d postgres -f -' \
--     < deploy/k8s/base/postgres/upgrade-to-own-users.sql
-- The superuser keeps its old name and password (POSTGRES_USER is read on the first start only).
\set ON_ERROR_STOP on
\getenv catalog_db_password CATALOG_DB_PASSWORD
\getenv orders_db_password ORDERS_DB_PASSWORD
\getenv worker_db_password WORKER_DB_PASSWORD
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
SELECT '' IN (:'catalog_db_password', :'orders_db_password', :'worker_db_password') AS any_missing \gset
\if :any_missing
DO $$ BEGIN RAISE EXCEPTION 'CATALOG_DB_PASSWORD, ORDERS_DB_PASSWORD and WORKER_DB_PASSWORD must be set in PostgreSQL''s environment (apply the new manifests first)'; END $$;
\endif

SELECT format('CREATE USER %I', u) FROM unnest(ARRAY['catalog', 'orders', 'worker']) AS u
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = u) \gexec
ALTER USER catalog PASSWORD :'catalog_db_password' LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER USER orders PASSWORD :'orders_db_password' LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER USER worker PASSWORD :'worker_db_password' LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- CONNECT only for a database's owner (the superuser is not bound by grants); the old default database too
SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', datname) FROM pg_database
 WHERE datallowconn \gexec
ALTER DATABASE catalog OWNER TO catalog;
GRANT CONNECT, TEMPORARY ON DATABASE catalog TO catalog;
ALTER DATABASE orders OWNER TO orders;
GRANT CONNECT, TEMPORARY ON DATABASE orders TO orders;
ALTER DATABASE worker OWNER TO worker;
GRANT CONNECT, TEMPORARY ON DATABASE worker TO worker;
GRANT CONNECT, TEMPORARY ON DATABASE keycloak TO keycloak;

-- In each database: the service's schema (Flyway's, named like the database) and what is in it. Sequences that belong
-- to a column (identity, serial) follow their table; indexes follow theirs.
\set own_schema 'SELECT format(''ALTER SCHEMA %I OWNER TO %I'', nspname, current_database()) FROM pg_namespace WHERE nspname = current_database()'
\set own_relations 'SELECT format(''ALTER %s %I.%I OWNER TO %I'', CASE c.relkind WHEN ''S'' THEN ''SEQUENCE'' WHEN ''v'' THEN ''VIEW'' WHEN ''m'' THEN ''MATERIALIZED VIEW'' ELSE ''TABLE'' END, n.nspname, c.relname, current_database()) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_database() AND c.relkind IN (''r'', ''p'', ''v'', ''m'', ''f'', ''S'') AND NOT (c.relkind = ''S'' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = ''pg_class''::regclass AND d.objid = c.oid AND d.deptype IN (''a'', ''i'')))'
\set own_functions 'SELECT format(''ALTER ROUTINE %s OWNER TO %I'', p.oid::regprocedure, current_database()) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_database()'
\connect catalog
:own_schema \gexec
:own_relations \gexec
:own_functions \gexec
\connect orders
:own_schema \gexec
:own_relations \gexec
:own_functions \gexec
\connect worker
:own_schema \gexec
:own_relations \gexec
:own_functions \gexec
