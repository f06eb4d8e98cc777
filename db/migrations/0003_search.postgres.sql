-- Search (issue #9). Columns of the commissioner derived from its person, team members and
-- organizations, kept by triggers from the rows they derive from: the list's sort keys, so that
-- every column sorts from an index, and the text its search matches (by LIKE here, answered by
-- pg_trgm indexes where the server has the extension: 0003_search_trgm.postgres.sql).
ALTER TABLE "commissioner" ADD COLUMN "sort_name" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_employer" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_mobile" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "search_names" TEXT NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "search_keys" TEXT NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "search_phones" TEXT NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "search_ids" TEXT NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "search_codes" TEXT NOT NULL DEFAULT '';
-- Each value ends in two U+0003 (no query holds one, so none matches across two values; each
-- character starts a trigram); pinyin and initials begin with U+0002, so that "starts with" is
-- "contains U+0002 and the query", the first letter again after two U+0002 (a trigram for a
-- query of one letter), and ID numbers end in U+0003 for "ends with". A commissioner is found by
-- its person (o), its team's members, its legal person (l) and their employers; it is shown and
-- sorted by its person or its team's first leader (s).
CREATE VIEW "commissioner_derived" AS
SELECT c."id",
  CASE c."kind" WHEN 'team' THEN COALESCE(c."team_name", '')
    WHEN 'legal_person' THEN COALESCE(l."name_pinyin", '') ELSE COALESCE(s."name_pinyin", '') END
    AS "sort_name",
  COALESCE(CASE c."kind" WHEN 'legal_person' THEN l."name" ELSE e."name" END, '') AS "sort_employer",
  COALESCE(s."mobile", '') AS "sort_mobile",
  COALESCE(c."team_name" || chr(3) || chr(3), '') || COALESCE(l."name" || chr(3) || chr(3), '')
    || COALESCE(o."name" || chr(3) || chr(3), '') || COALESCE(oe."name" || chr(3) || chr(3), '')
    || COALESCE((SELECT string_agg(p."name" || chr(3) || chr(3) || COALESCE(pe."name" || chr(3) || chr(3), ''), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    LEFT JOIN "organization" pe ON pe."id" = p."employer_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '')
    AS "search_names",
  COALESCE(chr(2) || l."name_pinyin" || chr(3) || chr(3) || chr(2) || l."name_initials" || chr(3) || chr(3)
      || chr(2) || chr(2) || substr(l."name_initials", 1, 1) || chr(3) || chr(3), '')
    || COALESCE(chr(2) || o."name_pinyin" || chr(3) || chr(3) || chr(2) || o."name_initials" || chr(3) || chr(3)
      || chr(2) || chr(2) || substr(o."name_initials", 1, 1) || chr(3) || chr(3), '')
    || COALESCE((SELECT string_agg(chr(2) || p."name_pinyin" || chr(3) || chr(3) || chr(2)
      || p."name_initials" || chr(3) || chr(3)
      || chr(2) || chr(2) || substr(p."name_initials", 1, 1) || chr(3) || chr(3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_keys",
  COALESCE(l."contact_phone" || chr(3) || chr(3), '') || COALESCE(o."mobile" || chr(3) || chr(3), '')
    || COALESCE((SELECT string_agg(p."mobile" || chr(3) || chr(3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_phones",
  COALESCE(o."id_number" || chr(3) || chr(3), '')
    || COALESCE((SELECT string_agg(p."id_number" || chr(3) || chr(3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_ids",
  COALESCE(l."uscc" || chr(3) || chr(3), '') AS "search_codes"
FROM "commissioner" c
LEFT JOIN "person" s ON s."id" = COALESCE(c."person_id", (
  SELECT t."person_id" FROM "team_member" t WHERE t."commissioner_id" = c."id"
  AND t."role" = 'leader' AND t."deleted_at" IS NULL ORDER BY t."id" LIMIT 1))
LEFT JOIN "organization" e ON e."id" = s."employer_id"
LEFT JOIN "organization" l ON l."id" = c."organization_id"
LEFT JOIN "person" o ON o."id" = c."person_id"
LEFT JOIN "organization" oe ON oe."id" = o."employer_id";
UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id");
CREATE INDEX "commissioner_sort_name" ON "commissioner" ("sort_name");
CREATE INDEX "commissioner_sort_employer" ON "commissioner" ("sort_employer");
CREATE INDEX "commissioner_sort_mobile" ON "commissioner" ("sort_mobile");
CREATE FUNCTION "commissioner_derive"() RETURNS trigger LANGUAGE plpgsql AS $$
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
FOR EACH ROW EXECUTE FUNCTION "commissioner_derive"();
CREATE TRIGGER "commissioner_derive_organization" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "contact_phone", "uscc" ON "organization"
FOR EACH ROW EXECUTE FUNCTION "commissioner_derive"();
CREATE TRIGGER "commissioner_derive_member"
AFTER INSERT OR DELETE OR UPDATE OF "commissioner_id", "person_id", "role", "deleted_at"
ON "team_member" FOR EACH ROW EXECUTE FUNCTION "commissioner_derive"();
