-- Tenant isolation, enforced by PostgreSQL (see docs/decisions/0002-database-roles-and-rls.md).
--
-- dealershipai_app     runtime role for every request: RLS applies, owns nothing.
-- dealershipai_system  the role behind withSystem() and the auth library: crosses tenants
--                      on purpose, owns nothing, cannot change the schema.
-- Both are created NOLOGIN; production gives them LOGIN and a password (docs/database.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dealershipai_app') THEN
    CREATE ROLE dealershipai_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dealershipai_system') THEN
    CREATE ROLE dealershipai_system NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO dealershipai_app, dealershipai_system;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO dealershipai_system;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO dealershipai_system;
--> statement-breakpoint

-- After first use in a session the setting reads back as '' (not NULL): nullif keeps the cast safe.
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION current_app_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint

-- Tenant-owned tables: one policy for reads and writes.
ALTER TABLE dealerships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE dealerships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON dealerships
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON dealerships TO dealershipai_app;
--> statement-breakpoint

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO dealershipai_app;
--> statement-breakpoint

-- Memberships: the tenant's own rows, plus (read-only) the signed-in user's rows in
-- other tenants, so the tenant switcher works without crossing tenants as system.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON memberships
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
CREATE POLICY own_memberships ON memberships FOR SELECT
  USING (user_id = current_app_user_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO dealershipai_app;
--> statement-breakpoint

-- Tenants: the active tenant may be renamed; the user's other tenants are readable.
-- Creating and deleting tenants is system work.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_read ON tenants FOR SELECT
  USING (id = current_tenant_id()
         OR id IN (SELECT m.tenant_id FROM memberships m WHERE m.user_id = current_app_user_id()));
--> statement-breakpoint
CREATE POLICY active_update ON tenants FOR UPDATE
  USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());
--> statement-breakpoint
-- Any signed-in user may found a dealer group: the creator enters the new tenant first,
-- so the row is visible to it and its first membership passes tenant_isolation.
CREATE POLICY found_tenant ON tenants FOR INSERT
  WITH CHECK (id = current_tenant_id() AND current_app_user_id() IS NOT NULL);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE (name, updated_at) ON tenants TO dealershipai_app;
--> statement-breakpoint

-- Users: yourself and the members of the active tenant. Never the whole user base.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY visible_users ON users FOR SELECT
  USING (id = current_app_user_id()
         OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
CREATE POLICY self_update ON users FOR UPDATE
  USING (id = current_app_user_id()) WITH CHECK (id = current_app_user_id());
--> statement-breakpoint
GRANT SELECT, UPDATE (name, updated_at) ON users TO dealershipai_app;
--> statement-breakpoint

-- Sessions: the runtime role may only read and set the active tenant of its own sessions;
-- tokens stay out of reach (column grants).
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_sessions ON sessions
  USING (user_id = current_app_user_id()) WITH CHECK (user_id = current_app_user_id());
--> statement-breakpoint
GRANT SELECT (id, user_id, active_tenant_id), UPDATE (active_tenant_id) ON sessions TO dealershipai_app;
--> statement-breakpoint

-- Accounts (password hashes) and verifications: the runtime role has no access.
-- The system role (auth library, withSystem) has DML on everything.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dealershipai_system;
