ALTER TABLE flag_overrides ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE flag_overrides FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON flag_overrides
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
-- Tenants may read the overrides that affect them; only operators (system role) change flags.
GRANT SELECT ON flag_overrides TO dealershipai_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON flag_rules, flag_overrides TO dealershipai_system;
