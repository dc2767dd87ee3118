CREATE TABLE "web_vitals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"route" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"rating" text NOT NULL,
	"device" text NOT NULL,
	"release" text NOT NULL,
	"navigation_type" text NOT NULL,
	"target" text,
	CONSTRAINT "web_vitals_metric_check" CHECK ("web_vitals"."metric" in ('LCP', 'INP', 'CLS', 'FCP', 'TTFB')),
	CONSTRAINT "web_vitals_rating_check" CHECK ("web_vitals"."rating" in ('good', 'needs-improvement', 'poor')),
	CONSTRAINT "web_vitals_device_check" CHECK ("web_vitals"."device" in ('mobile', 'desktop')),
	CONSTRAINT "web_vitals_value_check" CHECK ("web_vitals"."value" >= 0),
	CONSTRAINT "web_vitals_lengths_check" CHECK (length("web_vitals"."route") <= 200 and length("web_vitals"."release") <= 64 and length("web_vitals"."navigation_type") <= 32 and length("web_vitals"."target") <= 160)
);
--> statement-breakpoint
CREATE INDEX "web_vitals_created_idx" ON "web_vitals" USING btree ("created_at");