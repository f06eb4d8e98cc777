-- This file derives the columns whole, then creates the triggers that keep them (the migration
-- runs it once; the same file runs again after a copy made without the triggers).
-- Schema: 0003_search.postgres.sql.
UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id");
CREATE OR REPLACE FUNCTION "commissioner_derive"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
BEGIN
  IF TG_TABLE_NAME = 'commissioner' THEN
    ids := ARRAY[NEW."id"];
  ELSIF TG_TABLE_NAME = 'team_member' THEN
    ids := ARRAY[OLD."commissioner_id", NEW."commissioner_id"];
  ELSIF TG_TABLE_NAME = 'person' THEN
    ids := ARRAY(SELECT "id" FROM "commissioner" WHERE "person_id" = NEW."id"
                 UNION SELECT "commissioner_id" FROM "team_member" WHERE "person_id" = NEW."id");
  ELSE
    ids := ARRAY(SELECT "id" FROM "commissioner" WHERE "organization_id" = NEW."id"
                 UNION SELECT c."id" FROM "commissioner" c JOIN "person" p ON p."id" = c."person_id"
                 WHERE p."employer_id" = NEW."id"
                 UNION SELECT t."commissioner_id" FROM "team_member" t
                 JOIN "person" p ON p."id" = t."person_id" WHERE p."employer_id" = NEW."id");
  END IF;
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id")
  WHERE "id" = ANY(ids);
  RETURN NULL;
END $$;
CREATE TRIGGER "commissioner_derive_self"
AFTER INSERT OR UPDATE OF "kind", "person_id", "organization_id", "team_name" ON "commissioner"
FOR EACH ROW EXECUTE FUNCTION "commissioner_derive"();
CREATE TRIGGER "commissioner_derive_person" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "mobile", "id_number", "employer_id" ON "person"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name"
  OR OLD."name_pinyin" IS DISTINCT FROM NEW."name_pinyin"
  OR OLD."name_initials" IS DISTINCT FROM NEW."name_initials"
  OR OLD."mobile" IS DISTINCT FROM NEW."mobile" OR OLD."id_number" IS DISTINCT FROM NEW."id_number"
  OR OLD."employer_id" IS DISTINCT FROM NEW."employer_id")
EXECUTE FUNCTION "commissioner_derive"();
CREATE TRIGGER "commissioner_derive_organization" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "contact_phone", "uscc" ON "organization"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name"
  OR OLD."name_pinyin" IS DISTINCT FROM NEW."name_pinyin"
  OR OLD."name_initials" IS DISTINCT FROM NEW."name_initials"
  OR OLD."contact_phone" IS DISTINCT FROM NEW."contact_phone"
  OR OLD."uscc" IS DISTINCT FROM NEW."uscc")
EXECUTE FUNCTION "commissioner_derive"();
CREATE TRIGGER "commissioner_derive_member"
AFTER INSERT OR DELETE OR UPDATE OF "commissioner_id", "person_id", "role", "deleted_at"
ON "team_member" FOR EACH ROW EXECUTE FUNCTION "commissioner_derive"();
