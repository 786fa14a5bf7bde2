CREATE SEQUENCE "province"."license_serial" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1;--> statement-breakpoint
CREATE TABLE "province"."licenses" (
	"license_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source_id" text NOT NULL,
	"bdcdyh" text NOT NULL,
	"certificate_no" text NOT NULL,
	"issuer_code" text NOT NULL,
	"issued_on" date NOT NULL,
	"status" text NOT NULL,
	"cancel_reason" text,
	"cancelled_at" timestamp with time zone,
	"superseded_by" text,
	CONSTRAINT "licenses_source_id_unique" UNIQUE("source_id")
);
--> statement-breakpoint
CREATE INDEX "licenses_bdcdyh_idx" ON "province"."licenses" USING btree ("bdcdyh");