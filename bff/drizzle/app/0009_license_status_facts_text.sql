ALTER TABLE "license_status" ALTER COLUMN "facts" SET DATA TYPE text USING "facts"::text;--> statement-breakpoint
-- refilled from the library on the next verification of each license, as the JSON text verifiers are sent
UPDATE "license_status" SET "facts" = NULL;
