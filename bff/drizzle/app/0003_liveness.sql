CREATE TABLE "liveness_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"nonce_hash" text NOT NULL,
	"actions" jsonb NOT NULL,
	"colours" jsonb NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"outcome" text,
	"reason" text,
	"decided_by" text,
	"scores" jsonb,
	"frames" integer,
	"wall_ms" integer,
	"cpu_ms" integer,
	"step_up_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "liveness_challenges_session_idx" ON "liveness_challenges" USING btree ("session_id","step_up_until");--> statement-breakpoint
CREATE INDEX "liveness_challenges_actor_idx" ON "liveness_challenges" USING btree ("actor","answered_at");