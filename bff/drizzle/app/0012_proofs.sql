CREATE TABLE "proofs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proof_no" text NOT NULL,
	"requester_index" text NOT NULL,
	"requester_name_sealed" text NOT NULL,
	"request_id" text NOT NULL,
	"subject_index" text NOT NULL,
	"subject_id_type" text NOT NULL,
	"subject_id_sealed" text NOT NULL,
	"subject_name_sealed" text NOT NULL,
	"subject_kind" text NOT NULL,
	"grant_id" uuid,
	"purpose" text NOT NULL,
	"unit_count" integer NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"qr_url" text NOT NULL,
	CONSTRAINT "proofs_proof_no_unique" UNIQUE("proof_no")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "proofs_request_uq" ON "proofs" USING btree ("requester_index","request_id");--> statement-breakpoint
CREATE INDEX "proofs_requester_idx" ON "proofs" USING btree ("requester_index","issued_at");--> statement-breakpoint
CREATE INDEX "proofs_subject_idx" ON "proofs" USING btree ("subject_index","purpose","issued_at");