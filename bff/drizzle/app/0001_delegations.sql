CREATE TABLE "grant_accesses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"grant_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"viewer_index" text NOT NULL,
	"viewer_name_sealed" text NOT NULL,
	"viewer_id_sealed" text NOT NULL,
	"outcome" text NOT NULL,
	"seen" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_units" (
	"grant_id" uuid NOT NULL,
	"unit_code" text NOT NULL,
	"location" text NOT NULL,
	"ord" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "grant_units_grant_id_unit_code_pk" PRIMARY KEY("grant_id","unit_code")
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"owner_index" text NOT NULL,
	"owner_id_type" text NOT NULL,
	"owner_id_sealed" text NOT NULL,
	"owner_name_sealed" text NOT NULL,
	"owner_kind" text NOT NULL,
	"delegate_name_sealed" text NOT NULL,
	"delegate_id_sealed" text NOT NULL,
	"delegate_index" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "grants_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "grant_accesses" ADD CONSTRAINT "grant_accesses_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_units" ADD CONSTRAINT "grant_units_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_accesses_grant_idx" ON "grant_accesses" USING btree ("grant_id","at");--> statement-breakpoint
CREATE INDEX "grants_owner_idx" ON "grants" USING btree ("owner_index","created_at");--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");