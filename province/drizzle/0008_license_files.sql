CREATE TABLE "province"."license_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"sm3" text NOT NULL,
	"license_id" text NOT NULL,
	"media_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "license_files_license_idx" ON "province"."license_files" USING btree ("license_id");