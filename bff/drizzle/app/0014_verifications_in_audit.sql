DROP TABLE "certificate_verifications" CASCADE;--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
CREATE INDEX "audit_log_verified_idx" ON "audit_log" USING btree (split_part("target", ' ', 1),"at") WHERE action in ('certificate.verify.api', 'certificate.verify.page', 'certificate.verify.app');--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor","at") WHERE actor is not null;