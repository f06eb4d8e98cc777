-- Search (issue #9). Columns of the commissioner derived from its person, team members and
-- organizations, kept by triggers from the rows they derive from: the list's sort keys, so that
-- every column sorts from an index, and the text its search matches (by LIKE here, answered by
-- pg_trgm indexes where the server has the extension: 0003_search_trgm.postgres.sql).
-- The columns' values and the triggers that keep them come from 0003_search_index.postgres.sql.
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
CREATE INDEX "commissioner_sort_name" ON "commissioner" ("sort_name");
CREATE INDEX "commissioner_sort_employer" ON "commissioner" ("sort_employer");
CREATE INDEX "commissioner_sort_mobile" ON "commissioner" ("sort_mobile");
