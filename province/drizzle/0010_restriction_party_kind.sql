ALTER TABLE "province"."restrictions" ADD COLUMN "jglx" text DEFAULT 'organization' NOT NULL;--> statement-breakpoint
-- Rows seeded before this column: 异议、预告、居住权 were all filed by private persons (seed.ts addPersonFiling).
UPDATE "province"."restrictions" SET "jglx" = 'person' WHERE "xzlx" IN ('objection', 'advance_notice', 'residence_right');
