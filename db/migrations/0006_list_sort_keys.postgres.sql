-- The commissioner list's sort keys of the columns that come from its appointments and from
-- the industry dictionary (issue #16); see 0006_list_sort_keys.sqlite.sql for what they hold.
-- Byte order ("C"), as SQLite compares: the U+0001 before the name's key sorts first.
CREATE TABLE "commissioner_sort_key" ("commissioner_id" INTEGER NOT NULL PRIMARY KEY, "status" VARCHAR(255) COLLATE "C" NOT NULL, "levels" VARCHAR(255) COLLATE "C" NOT NULL, "term_end" VARCHAR(255) COLLATE "C" NOT NULL, "term_end_desc" VARCHAR(255) COLLATE "C" NOT NULL, "field" VARCHAR(255) COLLATE "C" NOT NULL, FOREIGN KEY ("commissioner_id") REFERENCES "commissioner" ("id") ON DELETE CASCADE);
CREATE INDEX "commissioner_sort_key_status" ON "commissioner_sort_key" ("status");
CREATE INDEX "commissioner_sort_key_levels" ON "commissioner_sort_key" ("levels");
CREATE INDEX "commissioner_sort_key_term_end" ON "commissioner_sort_key" ("term_end");
CREATE INDEX "commissioner_sort_key_term_end_desc" ON "commissioner_sort_key" ("term_end_desc");
CREATE INDEX "commissioner_sort_key_field" ON "commissioner_sort_key" ("field");
-- Each appointment's rank as app.search picks the status a row shows: expiring 0, active 1,
-- recommended 2, expired 3, withdrawn 4, terminated 5 (app.status.derived_status).
CREATE VIEW "appointment_list_rank" AS
SELECT a."commissioner_id", a."level", a."term_end",
  CASE WHEN a."status" = 'recommended' THEN 2 WHEN a."status" = 'withdrawn' THEN 4
    WHEN a."status" <> 'active' THEN 5 WHEN a."term_end" < d."day" THEN 3
    WHEN a."term_end" <= d."soon" THEN 0 ELSE 1 END AS "rank"
FROM "appointment" a, (SELECT
  (SELECT CAST("value" AS DATE) FROM "setting" WHERE "key" = 'list_sort_day') AS "day",
  (SELECT CAST("value" AS DATE) FROM "setting" WHERE "key" = 'list_sort_soon') AS "soon") d
WHERE a."deleted_at" IS NULL;
-- A row shows the appointments in force (rank 0 or 1), else those of its best rank.
CREATE VIEW "commissioner_list_keys" AS
SELECT k."id" AS "commissioner_id",
  CASE k."best" WHEN 2 THEN '0' WHEN 1 THEN '1' WHEN 0 THEN '2' WHEN 3 THEN '3' WHEN 4 THEN '4'
    WHEN 5 THEN '5' ELSE '9' END || chr(1) || k."sort_name" AS "status",
  COALESCE((SELECT MAX(CASE s."level" WHEN 'national' THEN '0' ELSE '' END)
      || MAX(CASE s."level" WHEN 'provincial' THEN '1' ELSE '' END)
      || MAX(CASE s."level" WHEN 'municipal' THEN '2' ELSE '' END)
      || MAX(CASE s."level" WHEN 'district' THEN '3' ELSE '' END)
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = k."id"
    AND (s."rank" = k."best" OR (k."best" <= 1 AND s."rank" <= 1))), '9')
    || chr(1) || k."sort_name" AS "levels",
  COALESCE(k."term_end", '9999-12-31') || chr(1) || k."sort_name" AS "term_end",
  COALESCE(k."term_end", '0000-00-00') || chr(1) || k."sort_name" AS "term_end_desc",
  COALESCE((SELECT lpad(f."sort_order"::text, 6, '0') || '|' || f."code" FROM "dictionary" f
    WHERE f."kind" = 'industry_field' AND f."code" = split_part(k."industry_fields", ',', 1)), '999999')
    || chr(1) || k."sort_name" AS "field"
FROM (SELECT b.*, (SELECT MAX(s."term_end")::text FROM "appointment_list_rank" s
    WHERE s."commissioner_id" = b."id"
    AND (s."rank" = b."best" OR (b."best" <= 1 AND s."rank" <= 1))) AS "term_end"
  FROM (SELECT c."id", c."industry_fields", c."sort_name", (SELECT MIN(s."rank")
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = c."id") AS "best"
    FROM "commissioner" c) b) k;
INSERT INTO "commissioner_sort_key" SELECT * FROM "commissioner_list_keys";
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
  INSERT INTO "commissioner_sort_key"
  SELECT * FROM "commissioner_list_keys" WHERE "commissioner_id" = ANY(ids)
  ON CONFLICT ("commissioner_id") DO UPDATE SET "status" = EXCLUDED."status",
    "levels" = EXCLUDED."levels", "term_end" = EXCLUDED."term_end",
    "term_end_desc" = EXCLUDED."term_end_desc", "field" = EXCLUDED."field";
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
