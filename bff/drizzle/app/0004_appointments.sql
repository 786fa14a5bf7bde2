CREATE TABLE "appt_booking_requests" (
	"actor" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"booking_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "appt_booking_requests_actor_key_pk" PRIMARY KEY("actor","key")
);
--> statement-breakpoint
CREATE TABLE "appt_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"actor" text NOT NULL,
	"business_type" text NOT NULL,
	"slot_id" uuid NOT NULL,
	"office_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "appt_bookings_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "appt_holidays" (
	"date" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_windows" (
	"office_id" text NOT NULL,
	"no" integer NOT NULL,
	"name" text NOT NULL,
	"business_types" text[] NOT NULL,
	CONSTRAINT "appt_windows_office_id_no_pk" PRIMARY KEY("office_id","no")
);
--> statement-breakpoint
CREATE TABLE "appt_offices" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"division_code" text NOT NULL,
	"address" text NOT NULL,
	"phone" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"sessions" text[] NOT NULL,
	"open_weekdays" integer[] NOT NULL,
	"slot_minutes" integer NOT NULL,
	"per_window_per_slot" integer NOT NULL,
	"ord" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appt_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" text NOT NULL,
	"business_type" text NOT NULL,
	"date" text NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "appt_slots_natural_key" UNIQUE("office_id","business_type","date","start"),
	CONSTRAINT "appt_slots_booked_within_capacity" CHECK ("appt_slots"."booked" >= 0 and "appt_slots"."booked" <= "appt_slots"."capacity")
);
--> statement-breakpoint
ALTER TABLE "appt_booking_requests" ADD CONSTRAINT "appt_booking_requests_booking_id_appt_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."appt_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_bookings" ADD CONSTRAINT "appt_bookings_slot_id_appt_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."appt_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_windows" ADD CONSTRAINT "appt_windows_office_id_appt_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."appt_offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appt_slots" ADD CONSTRAINT "appt_slots_office_id_appt_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."appt_offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appt_bookings_one_active" ON "appt_bookings" USING btree ("actor","business_type") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "appt_bookings_actor_idx" ON "appt_bookings" USING btree ("actor","starts_at");