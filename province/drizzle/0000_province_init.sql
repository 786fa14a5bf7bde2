CREATE SCHEMA "province";
--> statement-breakpoint
CREATE TABLE "province"."access_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"citizen_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "province"."auth_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"citizen_id" text NOT NULL,
	"kind" text NOT NULL,
	"redirect_uri" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "province"."citizens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"demo_label" text,
	"demo_order" integer
);
--> statement-breakpoint
CREATE TABLE "province"."restrictions" (
	"id" text PRIMARY KEY NOT NULL,
	"bdcdyh" text NOT NULL,
	"xzlx" text NOT NULL,
	"djsj" date NOT NULL,
	"jg" text NOT NULL,
	"wh" text NOT NULL,
	"qx_q" date,
	"qx_z" date,
	"bdbzzqse" numeric(14, 2),
	"bz" text,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "province"."right_holders" (
	"right_id" text NOT NULL,
	"citizen_id" text NOT NULL,
	"share" text,
	"ord" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "right_holders_right_id_citizen_id_pk" PRIMARY KEY("right_id","citizen_id")
);
--> statement-breakpoint
CREATE TABLE "province"."rights" (
	"id" text PRIMARY KEY NOT NULL,
	"bdcdyh" text NOT NULL,
	"bdcqzh" text NOT NULL,
	"qllx" text NOT NULL,
	"qlxz" text NOT NULL,
	"gyfs" text NOT NULL,
	"djsj" date NOT NULL,
	"djjg" text NOT NULL,
	"syqx_q" date,
	"syqx_z" date,
	"qlqtzk" text,
	"fj" text,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "province"."seed_runs" (
	"seed" integer PRIMARY KEY NOT NULL,
	"units" integer NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "province"."units" (
	"bdcdyh" text PRIMARY KEY NOT NULL,
	"qxdm" text NOT NULL,
	"qxmc" text NOT NULL,
	"zl" text NOT NULL,
	"yt" text NOT NULL,
	"jzmj" numeric(12, 2) NOT NULL,
	"zyjzmj" numeric(12, 2),
	"ftjzmj" numeric(12, 2),
	"zdmj" numeric(12, 2),
	"fwjg" text NOT NULL,
	"szc" integer NOT NULL,
	"zcs" integer NOT NULL,
	"jgnf" integer
);
--> statement-breakpoint
ALTER TABLE "province"."access_tokens" ADD CONSTRAINT "access_tokens_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "province"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province"."auth_codes" ADD CONSTRAINT "auth_codes_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "province"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province"."restrictions" ADD CONSTRAINT "restrictions_bdcdyh_units_bdcdyh_fk" FOREIGN KEY ("bdcdyh") REFERENCES "province"."units"("bdcdyh") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province"."right_holders" ADD CONSTRAINT "right_holders_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "province"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province"."right_holders" ADD CONSTRAINT "right_holders_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "province"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province"."rights" ADD CONSTRAINT "rights_bdcdyh_units_bdcdyh_fk" FOREIGN KEY ("bdcdyh") REFERENCES "province"."units"("bdcdyh") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_tokens_expires_idx" ON "province"."access_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "auth_codes_expires_idx" ON "province"."auth_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "citizens_id_number_uq" ON "province"."citizens" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "citizens_demo_idx" ON "province"."citizens" USING btree ("demo_order") WHERE "province"."citizens"."is_demo";--> statement-breakpoint
CREATE INDEX "restrictions_bdcdyh_idx" ON "province"."restrictions" USING btree ("bdcdyh","status");--> statement-breakpoint
CREATE INDEX "right_holders_citizen_idx" ON "province"."right_holders" USING btree ("citizen_id");--> statement-breakpoint
CREATE INDEX "rights_bdcdyh_idx" ON "province"."rights" USING btree ("bdcdyh","status");