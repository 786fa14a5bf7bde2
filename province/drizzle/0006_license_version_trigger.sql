-- Status feed of the e-license library (POST /licenses/changes): a license gets a change number when
-- it is issued and a new one whenever its status or cancel reason changes, whichever statement
-- changed it. Numbers are taken under a transaction-scoped advisory lock, held until commit, so they
-- become visible in the order they were handed out: a reader that has seen number n has seen every
-- change below n (no change can appear later with a smaller number).
CREATE OR REPLACE FUNCTION "province"."bump_license_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.cancel_reason IS DISTINCT FROM OLD.cancel_reason THEN
    PERFORM pg_advisory_xact_lock(7305421);
    NEW.version := nextval('province.license_version');
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "licenses_bump_version" BEFORE INSERT OR UPDATE ON "province"."licenses"
  FOR EACH ROW EXECUTE FUNCTION "province"."bump_license_version"();
