-- app_enter_tenant also says whether the tenant is read-only: past due and out of its grace
-- period. The request gate refuses mutations then (402), in the same round trip.
DROP FUNCTION app_enter_tenant(uuid, uuid);
--> statement-breakpoint
CREATE FUNCTION app_enter_tenant(p_user uuid, p_active uuid)
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
   WHERE m.user_id = p_user
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
REVOKE ALL ON FUNCTION app_enter_tenant(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_enter_tenant(uuid, uuid) TO dealershipai_app;
