-- Least-privilege database role for the running service (PostgreSQL).
--
-- Run once as the database owner, after `npm run migrate` (migrations keep running as the owner):
--   psql "$OWNER_DATABASE_URL" -v app_role=governance_app -v app_password="'a long secret'" -f docker/db-roles.sql
-- then start the service with DATABASE_URL for that role and MIGRATIONS_RUN=false. docker/compose.yml does
-- exactly this (services migrate, db-roles, api), and re-applies the grants, less the CREATE ROLE, after
-- every later migration.
--
-- The audit log and the decision records are append-only for this role: it may insert and read them but
-- holds no UPDATE, DELETE or TRUNCATE right, so even a compromised service cannot rewrite history; the
-- triggers that refuse those statements stay in place for everyone else. Only the owner can disable them.

CREATE ROLE :app_role LOGIN PASSWORD :app_password;
GRANT USAGE ON SCHEMA public TO :app_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :app_role;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM :app_role;
REVOKE UPDATE, DELETE, TRUNCATE ON decision_record FROM :app_role;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoint FROM :app_role;
