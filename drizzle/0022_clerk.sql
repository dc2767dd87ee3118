CREATE TABLE "clerk_objects" (
	"kind" text NOT NULL,
	"clerk_id" text NOT NULL,
	"version" bigint NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"last_event_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clerk_objects_kind_clerk_id_pk" PRIMARY KEY("kind","clerk_id"),
	CONSTRAINT "clerk_objects_kind_check" CHECK (kind in ('user', 'organization', 'membership', 'org_creation'))
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "clerk_org_id" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "clerk_user_id" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_clerk_org_id_unique" UNIQUE("clerk_org_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_clerk_user_id_unique" UNIQUE("clerk_user_id");