-- Stored sort keys of the commissioner list's columns that come from its appointments and from
-- the industry dictionary (issue #16); see 0006_list_sort_keys.sqlite.sql for what they hold.
-- Byte order ("C"), as SQLite compares: the U+0001 before the name's key sorts first.
ALTER TABLE "commissioner" ADD COLUMN "sort_status" VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_levels" VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_term_end" VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_term_end_desc" VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE "commissioner" ADD COLUMN "sort_field" VARCHAR(255) COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX "commissioner_sort_status" ON "commissioner" ("sort_status");
CREATE INDEX "commissioner_sort_levels" ON "commissioner" ("sort_levels");
CREATE INDEX "commissioner_sort_term_end" ON "commissioner" ("sort_term_end");
CREATE INDEX "commissioner_sort_term_end_desc" ON "commissioner" ("sort_term_end_desc");
CREATE INDEX "commissioner_sort_field" ON "commissioner" ("sort_field");
CREATE VIEW "appointment_list_rank" AS
SELECT a."commissioner_id", a."level", a."term_end",
  CASE WHEN a."status" = 'recommended' THEN 2 WHEN a."status" = 'withdrawn' THEN 4
    WHEN a."status" <> 'active' THEN 5 WHEN a."term_end" < d."day" THEN 3
    WHEN a."term_end" <= d."soon" THEN 0 ELSE 1 END AS "rank"
FROM "appointment" a, (SELECT
  (SELECT CAST("value" AS DATE) FROM "setting" WHERE "key" = 'list_sort_day') AS "day",
  (SELECT CAST("value" AS DATE) FROM "setting" WHERE "key" = 'list_sort_soon') AS "soon") d
WHERE a."deleted_at" IS NULL;
CREATE VIEW "commissioner_list_keys" AS
SELECT k."id",
  CASE k."best" WHEN 2 THEN '0' WHEN 1 THEN '1' WHEN 0 THEN '2' WHEN 3 THEN '3' WHEN 4 THEN '4'
    WHEN 5 THEN '5' ELSE '9' END || chr(1) || k."sort_name" AS "sort_status",
  COALESCE((SELECT MAX(CASE s."level" WHEN 'national' THEN '0' ELSE '' END)
      || MAX(CASE s."level" WHEN 'provincial' THEN '1' ELSE '' END)
      || MAX(CASE s."level" WHEN 'municipal' THEN '2' ELSE '' END)
      || MAX(CASE s."level" WHEN 'district' THEN '3' ELSE '' END)
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = k."id"
    AND (s."rank" = k."best" OR (k."best" <= 1 AND s."rank" <= 1))), '9') || chr(1) || k."sort_name"
    AS "sort_levels",
  COALESCE(k."term_end", '9999-12-31') || chr(1) || k."sort_name" AS "sort_term_end",
  COALESCE(k."term_end", '0000-00-00') || chr(1) || k."sort_name" AS "sort_term_end_desc",
  COALESCE((SELECT lpad(f."sort_order"::text, 6, '0') || '|' || f."code" FROM "dictionary" f
    WHERE f."kind" = 'industry_field' AND f."code" = split_part(k."industry_fields", ',', 1)),
    '999999') || chr(1) || k."sort_name" AS "sort_field"
FROM (SELECT b.*, (SELECT MAX(s."term_end")::text FROM "appointment_list_rank" s
    WHERE s."commissioner_id" = b."id"
    AND (s."rank" = b."best" OR (b."best" <= 1 AND s."rank" <= 1))) AS "term_end"
  FROM (SELECT c."id", c."industry_fields", c."sort_name", (SELECT MIN(s."rank")
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = c."id") AS "best"
    FROM "commissioner" c) b) k;
UPDATE "commissioner" SET ("sort_status", "sort_levels", "sort_term_end",
    "sort_term_end_desc", "sort_field") = (
  SELECT k."sort_status", k."sort_levels", k."sort_term_end", k."sort_term_end_desc",
    k."sort_field"
  FROM "commissioner_list_keys" k WHERE k."id" = "commissioner"."id");
CREATE OR REPLACE FUNCTION "commissioner_list_rekey"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
BEGIN
  IF TG_TABLE_NAME = 'commissioner' THEN
    ids := ARRAY[NEW."id"];
  ELSIF TG_TABLE_NAME = 'appointment' AND TG_OP = 'INSERT' THEN
    ids := ARRAY[NEW."commissioner_id"];
  ELSIF TG_TABLE_NAME = 'appointment' AND TG_OP = 'DELETE' THEN
    ids := ARRAY[OLD."commissioner_id"];
  ELSIF TG_TABLE_NAME = 'appointment' THEN
    ids := ARRAY[OLD."commissioner_id", NEW."commissioner_id"];
  ELSE
    ids := ARRAY(SELECT "id" FROM "commissioner" WHERE "industry_fields" <> '');
  END IF;
  UPDATE "commissioner" SET ("sort_status", "sort_levels", "sort_term_end",
    "sort_term_end_desc", "sort_field") = (
    SELECT k."sort_status", k."sort_levels", k."sort_term_end", k."sort_term_end_desc",
    k."sort_field"
    FROM "commissioner_list_keys" k WHERE k."id" = "commissioner"."id")
  WHERE "id" = ANY(ids);
  RETURN NULL;
END $$;
CREATE TRIGGER "commissioner_list_keys_self" AFTER INSERT OR UPDATE OF "industry_fields",
  "sort_name" ON "commissioner" FOR EACH ROW EXECUTE FUNCTION "commissioner_list_rekey"();
CREATE TRIGGER "appointment_list_keys" AFTER INSERT OR DELETE OR UPDATE OF "commissioner_id",
  "level", "status", "term_end", "deleted_at" ON "appointment"
FOR EACH ROW EXECUTE FUNCTION "commissioner_list_rekey"();
CREATE TRIGGER "dictionary_list_keys_insert" AFTER INSERT ON "dictionary" FOR EACH ROW
WHEN (NEW."kind" = 'industry_field') EXECUTE FUNCTION "commissioner_list_rekey"();
CREATE TRIGGER "dictionary_list_keys_update" AFTER UPDATE OF "kind", "code", "sort_order"
ON "dictionary" FOR EACH ROW WHEN (NEW."kind" = 'industry_field' OR OLD."kind" = 'industry_field')
EXECUTE FUNCTION "commissioner_list_rekey"();
