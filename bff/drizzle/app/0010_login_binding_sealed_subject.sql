-- Pending logins were not bound to a browser: they are dropped (a login in progress simply starts again).
DELETE FROM "login_states";--> statement-breakpoint
ALTER TABLE "login_states" ADD COLUMN "binding_hash" text NOT NULL;--> statement-breakpoint
-- The provincial subject is no longer kept in plaintext. SQL cannot seal (the keys live outside the
-- database), so the sessions open at upgrade end and their subject is blanked: citizens log in again once.
ALTER TABLE "sessions" ADD COLUMN "subject_sealed" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "subject_index" text;--> statement-breakpoint
UPDATE "sessions" SET "subject_sealed" = '', "subject_index" = '', "ended_at" = coalesce("ended_at", now()), "end_reason" = coalesce("end_reason", 'absolute');--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "subject_sealed" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "subject_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" DROP COLUMN "subject";
