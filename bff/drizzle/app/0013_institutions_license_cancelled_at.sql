CREATE TABLE "institution_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"institution_id" uuid NOT NULL,
	"license_id" text,
	"consent_id" uuid,
	"purpose" text,
	"answer" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"owner_index" text NOT NULL,
	"owner_id_sealed" text NOT NULL,
	"license_id" text NOT NULL,
	"unit_code" text NOT NULL,
	"certificate_no" text NOT NULL,
	"location" text NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "institution_nonces" (
	"institution_id" uuid NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "institution_nonces_institution_id_nonce_pk" PRIMARY KEY("institution_id","nonce")
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"client_id" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"per_minute" integer NOT NULL,
	"per_day" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "institutions_code_unique" UNIQUE("code"),
	CONSTRAINT "institutions_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
ALTER TABLE "license_status" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "institution_calls" ADD CONSTRAINT "institution_calls_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_consents" ADD CONSTRAINT "institution_consents_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_nonces" ADD CONSTRAINT "institution_nonces_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "institution_calls_license_idx" ON "institution_calls" USING btree ("license_id","at");--> statement-breakpoint
CREATE INDEX "institution_calls_consent_idx" ON "institution_calls" USING btree ("consent_id");--> statement-breakpoint
CREATE INDEX "institution_consents_owner_idx" ON "institution_consents" USING btree ("owner_index","created_at");--> statement-breakpoint
CREATE INDEX "institution_consents_lookup_idx" ON "institution_consents" USING btree ("institution_id","license_id");--> statement-breakpoint
CREATE INDEX "institution_nonces_expires_idx" ON "institution_nonces" USING btree ("expires_at");--> statement-breakpoint
-- cancelled licenses known before cancelled_at existed: forget them, the library is asked again on their next verification
DELETE FROM "license_status" WHERE "status" = 'cancelled';
