-- The planner otherwise assumes actor and resource ids are spread evenly over tenants and
-- under-estimates rows per actor, choosing a sort over an index scan (see docs/benchmarks.md).
CREATE STATISTICS audit_log_tenant_actor_stats (dependencies, ndistinct) ON tenant_id, actor_id FROM audit_log;
--> statement-breakpoint
CREATE STATISTICS audit_log_tenant_resource_stats (dependencies, ndistinct) ON tenant_id, resource_type, resource_id FROM audit_log;
