CREATE SEQUENCE "province"."intake_serial" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "province"."intake_applications" (
	"receipt_no" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"client_ref" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"unit_code" text NOT NULL,
	"division_code" text NOT NULL,
	"applicant_id_type" text NOT NULL,
	"applicant_id_number" text NOT NULL,
	"applicant_name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"channel" text NOT NULL,
	"callback_url" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"status_note" text,
	"next_step_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "province"."intake_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"receipt_no" text NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "province"."rating_records" (
	"rating_id" text PRIMARY KEY NOT NULL,
	"service_no" text NOT NULL,
	"item_name" text NOT NULL,
	"department" text NOT NULL,
	"division_code" text NOT NULL,
	"channel" text NOT NULL,
	"level" integer NOT NULL,
	"level_label" text NOT NULL,
	"tags" text[] NOT NULL,
	"text" text,
	"reason" text,
	"rated_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "province"."intake_events" ADD CONSTRAINT "intake_events_receipt_no_intake_applications_receipt_no_fk" FOREIGN KEY ("receipt_no") REFERENCES "province"."intake_applications"("receipt_no") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "intake_applications_client_ref_uq" ON "province"."intake_applications" USING btree ("client_id","client_ref");--> statement-breakpoint
CREATE INDEX "intake_applications_next_idx" ON "province"."intake_applications" USING btree ("next_step_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_events_seq_uq" ON "province"."intake_events" USING btree ("receipt_no","seq");--> statement-breakpoint
CREATE INDEX "intake_events_due_idx" ON "province"."intake_events" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "rating_records_service_idx" ON "province"."rating_records" USING btree ("service_no");