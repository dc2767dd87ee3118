ALTER TABLE tenant_deletions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenant_deletions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenant_deletions
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Owners request and cancel within their tenant; the deletion job (system) does the rest.
GRANT SELECT, INSERT, UPDATE ON tenant_deletions TO dealershipai_app;
--> statement-breakpoint
-- Tombstones are operator data: the system role only.
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_deletions, tenant_tombstones TO dealershipai_system;
