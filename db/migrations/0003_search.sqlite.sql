-- Search (issue #9). Columns of the commissioner derived from its person, team members and
-- organizations, kept by triggers from the rows they derive from: the list's sort keys, so that
-- every column sorts from an index, and the text its search matches, indexed by trigram FTS5
-- tables (commissioner_*_fts) that give the commissioners of a query directly. People and
-- organizations have FTS5 indexes of their own for their lists and completers.
-- The columns' values, the indexes' contents and the triggers that keep them come from
-- 0003_search_index.sqlite.sql, which a field package's export runs again after its copy.
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
  COALESCE(c."team_name" || char(3, 3), '') || COALESCE(l."name" || char(3, 3), '')
    || COALESCE(o."name" || char(3, 3), '') || COALESCE(oe."name" || char(3, 3), '')
    || COALESCE((SELECT group_concat(p."name" || char(3, 3) || COALESCE(pe."name" || char(3, 3), ''), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    LEFT JOIN "organization" pe ON pe."id" = p."employer_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '')
    AS "search_names",
  COALESCE(char(2) || l."name_pinyin" || char(3, 3) || char(2) || l."name_initials" || char(3, 3)
      || char(2, 2) || substr(l."name_initials", 1, 1) || char(3, 3), '')
    || COALESCE(char(2) || o."name_pinyin" || char(3, 3) || char(2) || o."name_initials" || char(3, 3)
      || char(2, 2) || substr(o."name_initials", 1, 1) || char(3, 3), '')
    || COALESCE((SELECT group_concat(char(2) || p."name_pinyin" || char(3, 3) || char(2)
      || p."name_initials" || char(3, 3)
      || char(2, 2) || substr(p."name_initials", 1, 1) || char(3, 3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_keys",
  COALESCE(l."contact_phone" || char(3, 3), '') || COALESCE(o."mobile" || char(3, 3), '')
    || COALESCE((SELECT group_concat(p."mobile" || char(3, 3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_phones",
  COALESCE(o."id_number" || char(3, 3), '')
    || COALESCE((SELECT group_concat(p."id_number" || char(3, 3), '')
    FROM "team_member" t
    JOIN "person" p ON p."id" = t."person_id"
    WHERE t."commissioner_id" = c."id" AND t."deleted_at" IS NULL), '') AS "search_ids",
  COALESCE(l."uscc" || char(3, 3), '') AS "search_codes"
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
CREATE VIRTUAL TABLE "commissioner_name_fts" USING fts5("search_names", content='commissioner',
  content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE "commissioner_name_terms" USING fts5vocab("commissioner_name_fts", 'instance');
CREATE VIRTUAL TABLE "commissioner_code_fts" USING fts5("search_keys", "search_phones",
  "search_ids", "search_codes", content='commissioner', content_rowid='id', tokenize='trigram');
-- People and organizations: names end in two U+0003 as above, ID numbers in one.
-- Inserting an id here derives that commissioner's columns (an INSTEAD OF trigger of
-- 0003_search_index): one statement for every trigger that must re-derive.
CREATE VIEW "commissioner_rederive" AS SELECT "id" FROM "commissioner";
CREATE VIEW "person_name_source" AS SELECT "id", "name" || char(3, 3) AS "name" FROM "person";
CREATE VIRTUAL TABLE "person_name_fts" USING fts5("name", content='person_name_source',
  content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE "person_name_terms" USING fts5vocab("person_name_fts", 'instance');
CREATE VIEW "person_number_source" AS
SELECT "id", "mobile", "id_number" || char(3) AS "id_number" FROM "person";
CREATE VIRTUAL TABLE "person_number_fts" USING fts5("mobile", "id_number",
  content='person_number_source', content_rowid='id', tokenize='trigram');
CREATE VIEW "organization_name_source" AS
SELECT "id", "name" || char(3, 3) AS "name" FROM "organization";
CREATE VIRTUAL TABLE "organization_name_fts" USING fts5("name", content='organization_name_source',
  content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE "organization_name_terms" USING fts5vocab("organization_name_fts", 'instance');
CREATE VIEW "organization_number_source" AS
SELECT "id", "contact_phone", "uscc" FROM "organization";
CREATE VIRTUAL TABLE "organization_number_fts" USING fts5("contact_phone", "uscc",
  content='organization_number_source', content_rowid='id', tokenize='trigram');
