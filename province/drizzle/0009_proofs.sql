CREATE SEQUENCE "province"."proof_serial" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "province"."proofs" (
	"proof_no" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"citizen_id" text NOT NULL,
	"purpose" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"superseded_by" text,
	"units" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "province"."proofs" ADD CONSTRAINT "proofs_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "province"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "proofs_request_uq" ON "province"."proofs" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "proofs_holder_idx" ON "province"."proofs" USING btree ("citizen_id","purpose","issued_at");
