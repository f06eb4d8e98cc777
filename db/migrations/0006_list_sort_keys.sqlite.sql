-- The commissioner list's sort keys of the columns that come from its appointments and from
-- the industry dictionary (issue #16), in a table of their own, so that these columns sort from
-- an index too. The status, levels and term end a row shows depend on the day (an active
-- appointment becomes expiring, then expired): the keys hold them as of the day in the setting
-- "list_sort_day" (and "list_sort_soon", that day plus the expiring window), and app.sort_keys
-- moves that day forward, re-deriving only the commissioners whose appointments it touches.
-- Orders: status in the life-cycle order of app.status.DERIVED_STATUSES, levels as the list of
-- the levels shown in the order of models.LEVELS ('01' is national and provincial), term end by
-- date (an empty one last either way: "term_end_desc" is the key for descending); the industry
-- fields by the dictionary's order of the first one. Nothing shown sorts last. Each key ends
-- with U+0001 and the name's sort key (0003), so that equal values list by name.
CREATE TABLE "commissioner_sort_key" ("commissioner_id" INTEGER NOT NULL PRIMARY KEY, "status" VARCHAR(255) NOT NULL, "levels" VARCHAR(255) NOT NULL, "term_end" VARCHAR(255) NOT NULL, "term_end_desc" VARCHAR(255) NOT NULL, "field" VARCHAR(255) NOT NULL, FOREIGN KEY ("commissioner_id") REFERENCES "commissioner" ("id") ON DELETE CASCADE);
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
  (SELECT "value" FROM "setting" WHERE "key" = 'list_sort_day') AS "day",
  (SELECT "value" FROM "setting" WHERE "key" = 'list_sort_soon') AS "soon") d
WHERE a."deleted_at" IS NULL;
-- A row shows the appointments in force (rank 0 or 1), else those of its best rank.
CREATE VIEW "commissioner_list_keys" AS
SELECT k."id" AS "commissioner_id",
  CASE k."best" WHEN 2 THEN '0' WHEN 1 THEN '1' WHEN 0 THEN '2' WHEN 3 THEN '3' WHEN 4 THEN '4'
    WHEN 5 THEN '5' ELSE '9' END || char(1) || k."sort_name" AS "status",
  COALESCE((SELECT MAX(CASE s."level" WHEN 'national' THEN '0' ELSE '' END)
      || MAX(CASE s."level" WHEN 'provincial' THEN '1' ELSE '' END)
      || MAX(CASE s."level" WHEN 'municipal' THEN '2' ELSE '' END)
      || MAX(CASE s."level" WHEN 'district' THEN '3' ELSE '' END)
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = k."id"
    AND (s."rank" = k."best" OR (k."best" <= 1 AND s."rank" <= 1))), '9')
    || char(1) || k."sort_name" AS "levels",
  COALESCE(k."term_end", '9999-12-31') || char(1) || k."sort_name" AS "term_end",
  COALESCE(k."term_end", '0000-00-00') || char(1) || k."sort_name" AS "term_end_desc",
  COALESCE((SELECT printf('%06d|%s', f."sort_order", f."code") FROM "dictionary" f
    WHERE f."kind" = 'industry_field' AND f."code" = substr(k."industry_fields", 1,
      instr(k."industry_fields" || ',', ',') - 1)), '999999')
    || char(1) || k."sort_name" AS "field"
FROM (SELECT b.*, (SELECT MAX(s."term_end") FROM "appointment_list_rank" s
    WHERE s."commissioner_id" = b."id"
    AND (s."rank" = b."best" OR (b."best" <= 1 AND s."rank" <= 1))) AS "term_end"
  FROM (SELECT c."id", c."industry_fields", c."sort_name", (SELECT MIN(s."rank")
    FROM "appointment_list_rank" s WHERE s."commissioner_id" = c."id") AS "best"
    FROM "commissioner" c) b) k;
INSERT INTO "commissioner_sort_key" SELECT * FROM "commissioner_list_keys";
-- Inserting an id here derives that commissioner's keys: one statement for every trigger.
CREATE VIEW "commissioner_list_rekey" AS SELECT "id" FROM "commissioner";
CREATE TRIGGER "commissioner_list_rekey" INSTEAD OF INSERT ON "commissioner_list_rekey" BEGIN
  INSERT OR REPLACE INTO "commissioner_sort_key"
  SELECT * FROM "commissioner_list_keys" WHERE "commissioner_id" = new."id";
END;
CREATE TRIGGER "commissioner_list_keys_insert" AFTER INSERT ON "commissioner" BEGIN
  INSERT INTO "commissioner_list_rekey" ("id") VALUES (new."id");
END;
CREATE TRIGGER "commissioner_list_keys_update" AFTER UPDATE OF "industry_fields", "sort_name"
  ON "commissioner" WHEN old."industry_fields" IS NOT new."industry_fields"
  OR old."sort_name" IS NOT new."sort_name" BEGIN
  INSERT INTO "commissioner_list_rekey" ("id") VALUES (new."id");
END;
CREATE TRIGGER "appointment_list_keys_insert" AFTER INSERT ON "appointment" BEGIN
  INSERT INTO "commissioner_list_rekey" ("id") VALUES (new."commissioner_id");
END;
CREATE TRIGGER "appointment_list_keys_update" AFTER UPDATE OF "commissioner_id", "level",
  "status", "term_end", "deleted_at" ON "appointment" BEGIN
  INSERT INTO "commissioner_list_rekey" ("id") VALUES (old."commissioner_id");
  INSERT INTO "commissioner_list_rekey" ("id") SELECT new."commissioner_id"
  WHERE new."commissioner_id" IS NOT old."commissioner_id";
END;
CREATE TRIGGER "appointment_list_keys_delete" AFTER DELETE ON "appointment" BEGIN
  INSERT INTO "commissioner_list_rekey" ("id") VALUES (old."commissioner_id");
END;
CREATE TRIGGER "dictionary_list_keys_insert" AFTER INSERT ON "dictionary"
WHEN new."kind" = 'industry_field' BEGIN
  INSERT INTO "commissioner_list_rekey" ("id")
  SELECT "id" FROM "commissioner" WHERE "industry_fields" <> '';
END;
CREATE TRIGGER "dictionary_list_keys_update" AFTER UPDATE OF "kind", "code", "sort_order"
  ON "dictionary" WHEN 'industry_field' IN (old."kind", new."kind") BEGIN
  INSERT INTO "commissioner_list_rekey" ("id")
  SELECT "id" FROM "commissioner" WHERE "industry_fields" <> '';
END;
