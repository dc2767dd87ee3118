CREATE TABLE "tenant_deletions" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delete_after" timestamp with time zone NOT NULL,
	"canceled_at" timestamp with time zone,
	"canceled_by" uuid,
	"reminder_sent_at" timestamp with time zone,
	"stripe_canceled_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenant_tombstones" (
	"deleted_tenant_id" uuid PRIMARY KEY NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone,
	"delete_after" timestamp with time zone,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_counts" jsonb NOT NULL,
	"last_audit_seq" bigint,
	"last_audit_hash" text,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"stray_rows_removed" jsonb
);
--> statement-breakpoint
ALTER TABLE "tenant_deletions" ADD CONSTRAINT "tenant_deletions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_deletions" ADD CONSTRAINT "tenant_deletions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_deletions" ADD CONSTRAINT "tenant_deletions_canceled_by_users_id_fk" FOREIGN KEY ("canceled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;