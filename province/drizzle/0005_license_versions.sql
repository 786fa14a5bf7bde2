CREATE SEQUENCE "province"."license_version" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "province"."licenses" ADD COLUMN "version" bigint DEFAULT nextval('province.license_version') NOT NULL;--> statement-breakpoint
CREATE INDEX "licenses_version_idx" ON "province"."licenses" USING btree ("version");