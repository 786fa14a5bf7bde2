ALTER TABLE "license_status" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
-- cancelled licenses known before this column: forget them, the library is asked again on their next verification
DELETE FROM "license_status" WHERE "status" = 'cancelled';
