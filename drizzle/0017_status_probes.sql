CREATE TABLE "status_probes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_probes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"checks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "status_probes_status_check" CHECK ("status_probes"."status" in ('pass', 'warn', 'fail'))
);
--> statement-breakpoint
CREATE INDEX "status_probes_checked_at_idx" ON "status_probes" USING btree ("checked_at");