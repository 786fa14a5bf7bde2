ALTER TABLE "audit_log" ADD COLUMN "chain" text DEFAULT 'legacy' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "client_request_id" text;--> statement-breakpoint
-- rows written before the chains form the chain 'legacy', in their original order
UPDATE "audit_log" SET "seq" = n.rn FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS rn FROM "audit_log") n WHERE n."id" = "audit_log"."id";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_seq_idx" ON "audit_log" USING btree ("chain","seq");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
-- The audit trail cannot be rewritten: UPDATE, DELETE and TRUNCATE are refused for everyone. The one
-- exception is the retention purge (npm run audit:purge), which deletes as the table's owner role
-- with the transaction-local setting bdc.audit_purge = 'on'; the app's role is not the owner (on
-- PostgreSQL it holds INSERT and SELECT only), so setting it does not help the app.
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('bdc.audit_purge', true) = 'on'
     AND current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit rows cannot be changed (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_change" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
