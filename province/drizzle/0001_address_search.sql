CREATE TABLE "province"."unit_address_keys" (
	"key" text NOT NULL,
	"bdcdyh" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "unit_address_keys_key_idx" ON "province"."unit_address_keys" USING btree ("key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "unit_address_keys_unit_idx" ON "province"."unit_address_keys" USING btree ("bdcdyh");--> statement-breakpoint
CREATE INDEX "rights_bdcqzh_idx" ON "province"."rights" USING btree ("bdcqzh");--> statement-breakpoint
-- Address keys follow every insert into units (set-based: one statement per seeding batch).
CREATE FUNCTION "province"."unit_address_keys_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "province"."unit_address_keys" ("key", "bdcdyh")
  SELECT DISTINCT substr(n.zl, i), n.bdcdyh
  FROM new_units n, generate_series(1, char_length(n.zl)) AS i
  WHERE i = 1 OR substr(n.zl, i - 1, 1) IN ('省','市','区','县','路','街','道','段','号','栋','元','层','巷','村','镇');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "units_address_keys" AFTER INSERT ON "province"."units" REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION "province"."unit_address_keys_fill"();
--> statement-breakpoint
INSERT INTO "province"."unit_address_keys" ("key", "bdcdyh")
SELECT DISTINCT substr(u.zl, i), u.bdcdyh
FROM "province"."units" u, generate_series(1, char_length(u.zl)) AS i
WHERE i = 1 OR substr(u.zl, i - 1, 1) IN ('省','市','区','县','路','街','道','段','号','栋','元','层','巷','村','镇');
