-- Clerk (src/auth/clerk, docs/auth.md). The version table is operator data: the system role only.
GRANT SELECT, INSERT, UPDATE, DELETE ON clerk_objects TO dealershipai_system;
--> statement-breakpoint
-- app_enter_tenant, two changes:
--   * a suspended tenant (its Clerk organization was deleted) is never entered, whoever asks;
--   * p_exact: Clerk sessions name their tenant in the token, so there is no fallback to the
--     user's oldest membership: that tenant, or none (the caller then reaches only onboarding).
DROP FUNCTION app_enter_tenant(uuid, uuid);
--> statement-breakpoint
CREATE FUNCTION app_enter_tenant(p_user uuid, p_active uuid, p_exact boolean DEFAULT false)
  RETURNS TABLE (tenant_id uuid, role text, read_only boolean)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
DECLARE
  found_membership record;
BEGIN
  PERFORM set_config('role', 'dealershipai_app', true);
  PERFORM set_config('app.user_id', p_user::text, true);
  PERFORM set_config('app.tenant_id', '', true);
  SELECT m.tenant_id, m.role INTO found_membership
    FROM memberships m
    JOIN tenants t ON t.id = m.tenant_id
   WHERE m.user_id = p_user
     AND t.suspended_at IS NULL
     AND (NOT p_exact OR m.tenant_id = p_active)
   ORDER BY (m.tenant_id = p_active) DESC NULLS LAST, m.created_at, m.tenant_id
   LIMIT 1;
  IF FOUND THEN
    PERFORM set_config('app.tenant_id', found_membership.tenant_id::text, true);
    tenant_id := found_membership.tenant_id;
    role := found_membership.role;
    read_only := coalesce((SELECT b.status = 'past_due' AND b.grace_period_ends_at < now()
                             FROM billing_accounts b WHERE b.tenant_id = found_membership.tenant_id), false);
    RETURN NEXT;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_enter_tenant(uuid, uuid, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_enter_tenant(uuid, uuid, boolean) TO dealershipai_app;
