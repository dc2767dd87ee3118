ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE reports FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON reports
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON reports TO dealershipai_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON reports TO dealershipai_system;
--> statement-breakpoint
-- A finished report is a record of what was measured: it never changes afterwards.
CREATE FUNCTION reports_immutable_when_finished() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.status IN ('succeeded', 'failed') THEN
    RAISE EXCEPTION 'report % has finished and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reports_immutable_when_finished BEFORE UPDATE ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_immutable_when_finished();
