CREATE TABLE "license_feed" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"polled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_status" (
	"license_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"status" text NOT NULL,
	"cancel_reason" text,
	"facts" jsonb
);
