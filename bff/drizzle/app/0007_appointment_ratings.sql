CREATE TABLE "appointment_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"level" integer NOT NULL,
	"tags" text[] NOT NULL,
	"text_sealed" text,
	"reason_sealed" text,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"pushed_at" timestamp with time zone,
	CONSTRAINT "appointment_ratings_booking_id_unique" UNIQUE("booking_id")
);
--> statement-breakpoint
ALTER TABLE "appointment_ratings" ADD CONSTRAINT "appointment_ratings_booking_id_appt_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."appt_bookings"("id") ON DELETE cascade ON UPDATE no action;