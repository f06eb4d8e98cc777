-- Search (issue #9). Columns of the commissioner derived from its person, team members and
-- organizations, kept by triggers from the rows they derive from: the list's sort keys, so that
-- every column sorts from an index, and the text its search matches, indexed by trigram FTS5
-- tables (commissioner_*_fts) that give the commissioners of a query directly. People and
-- organizations have FTS5 indexes of their own for their lists and completers.
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
UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id");
CREATE INDEX "commissioner_sort_name" ON "commissioner" ("sort_name");
CREATE INDEX "commissioner_sort_employer" ON "commissioner" ("sort_employer");
CREATE INDEX "commissioner_sort_mobile" ON "commissioner" ("sort_mobile");
CREATE VIRTUAL TABLE "commissioner_name_fts" USING fts5("search_names", content='commissioner',
  content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE "commissioner_name_terms" USING fts5vocab("commissioner_name_fts", 'instance');
CREATE VIRTUAL TABLE "commissioner_code_fts" USING fts5("search_keys", "search_phones",
  "search_ids", "search_codes", content='commissioner', content_rowid='id', tokenize='trigram');
INSERT INTO "commissioner_name_fts" ("commissioner_name_fts") VALUES ('rebuild');
INSERT INTO "commissioner_code_fts" ("commissioner_code_fts") VALUES ('rebuild');
-- A new commissioner is indexed as inserted, then derived (which re-indexes it).
CREATE TRIGGER "commissioner_derive_insert" AFTER INSERT ON "commissioner" BEGIN
  INSERT INTO "commissioner_name_fts" ("rowid", "search_names") VALUES (new."id", new."search_names");
  INSERT INTO "commissioner_code_fts" ("rowid", "search_keys", "search_phones", "search_ids",
    "search_codes")
  VALUES (new."id", new."search_keys", new."search_phones", new."search_ids", new."search_codes");
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" = new."id";
END;
CREATE TRIGGER "commissioner_derive_update"
AFTER UPDATE OF "kind", "person_id", "organization_id", "team_name" ON "commissioner" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" = new."id";
END;
CREATE TRIGGER "commissioner_derive_person" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "mobile", "id_number", "employer_id" ON "person" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id")
  WHERE "person_id" = new."id"
  OR "id" IN (SELECT "commissioner_id" FROM "team_member" WHERE "person_id" = new."id");
END;
CREATE TRIGGER "commissioner_derive_organization" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "contact_phone", "uscc" ON "organization" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id")
  WHERE "organization_id" = new."id"
  OR "person_id" IN (SELECT "id" FROM "person" WHERE "employer_id" = new."id")
  OR "id" IN (SELECT t."commissioner_id" FROM "team_member" t
              JOIN "person" p ON p."id" = t."person_id" WHERE p."employer_id" = new."id");
END;
CREATE TRIGGER "commissioner_derive_member_insert" AFTER INSERT ON "team_member" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" = new."commissioner_id";
END;
CREATE TRIGGER "commissioner_derive_member_update"
AFTER UPDATE OF "commissioner_id", "person_id", "role", "deleted_at" ON "team_member" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" IN (old."commissioner_id", new."commissioner_id");
END;
CREATE TRIGGER "commissioner_derive_member_delete" AFTER DELETE ON "team_member" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" = old."commissioner_id";
END;
CREATE TRIGGER "commissioner_search_delete" AFTER DELETE ON "commissioner" BEGIN
  INSERT INTO "commissioner_name_fts" ("commissioner_name_fts", "rowid", "search_names")
  VALUES ('delete', old."id", old."search_names");
  INSERT INTO "commissioner_code_fts" ("commissioner_code_fts", "rowid", "search_keys",
    "search_phones", "search_ids", "search_codes")
  VALUES ('delete', old."id", old."search_keys", old."search_phones", old."search_ids",
    old."search_codes");
END;
CREATE TRIGGER "commissioner_search_names" AFTER UPDATE OF "search_names" ON "commissioner" BEGIN
  INSERT INTO "commissioner_name_fts" ("commissioner_name_fts", "rowid", "search_names")
  VALUES ('delete', old."id", old."search_names");
  INSERT INTO "commissioner_name_fts" ("rowid", "search_names") VALUES (new."id", new."search_names");
END;
CREATE TRIGGER "commissioner_search_codes" AFTER UPDATE OF "search_keys", "search_phones",
  "search_ids", "search_codes" ON "commissioner" BEGIN
  INSERT INTO "commissioner_code_fts" ("commissioner_code_fts", "rowid", "search_keys",
    "search_phones", "search_ids", "search_codes")
  VALUES ('delete', old."id", old."search_keys", old."search_phones", old."search_ids",
    old."search_codes");
  INSERT INTO "commissioner_code_fts" ("rowid", "search_keys", "search_phones", "search_ids",
    "search_codes")
  VALUES (new."id", new."search_keys", new."search_phones", new."search_ids", new."search_codes");
END;
-- People and organizations: names end in two U+0003 as above, ID numbers in one.
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
INSERT INTO "person_name_fts" ("person_name_fts") VALUES ('rebuild');
INSERT INTO "person_number_fts" ("person_number_fts") VALUES ('rebuild');
INSERT INTO "organization_name_fts" ("organization_name_fts") VALUES ('rebuild');
INSERT INTO "organization_number_fts" ("organization_number_fts") VALUES ('rebuild');
CREATE TRIGGER "person_search_insert" AFTER INSERT ON "person" BEGIN
  INSERT INTO "person_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
  INSERT INTO "person_number_fts" ("rowid", "mobile", "id_number")
  VALUES (new."id", new."mobile", new."id_number" || char(3));
END;
CREATE TRIGGER "person_search_delete" AFTER DELETE ON "person" BEGIN
  INSERT INTO "person_name_fts" ("person_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "person_number_fts" ("person_number_fts", "rowid", "mobile", "id_number")
  VALUES ('delete', old."id", old."mobile", old."id_number" || char(3));
END;
CREATE TRIGGER "person_search_name" AFTER UPDATE OF "name" ON "person" BEGIN
  INSERT INTO "person_name_fts" ("person_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "person_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
END;
CREATE TRIGGER "person_search_number" AFTER UPDATE OF "mobile", "id_number" ON "person" BEGIN
  INSERT INTO "person_number_fts" ("person_number_fts", "rowid", "mobile", "id_number")
  VALUES ('delete', old."id", old."mobile", old."id_number" || char(3));
  INSERT INTO "person_number_fts" ("rowid", "mobile", "id_number")
  VALUES (new."id", new."mobile", new."id_number" || char(3));
END;
CREATE TRIGGER "organization_search_insert" AFTER INSERT ON "organization" BEGIN
  INSERT INTO "organization_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
  INSERT INTO "organization_number_fts" ("rowid", "contact_phone", "uscc")
  VALUES (new."id", new."contact_phone", new."uscc");
END;
CREATE TRIGGER "organization_search_delete" AFTER DELETE ON "organization" BEGIN
  INSERT INTO "organization_name_fts" ("organization_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "organization_number_fts" ("organization_number_fts", "rowid", "contact_phone", "uscc")
  VALUES ('delete', old."id", old."contact_phone", old."uscc");
END;
CREATE TRIGGER "organization_search_name" AFTER UPDATE OF "name" ON "organization" BEGIN
  INSERT INTO "organization_name_fts" ("organization_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "organization_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
END;
CREATE TRIGGER "organization_search_number"
AFTER UPDATE OF "contact_phone", "uscc" ON "organization" BEGIN
  INSERT INTO "organization_number_fts" ("organization_number_fts", "rowid", "contact_phone", "uscc")
  VALUES ('delete', old."id", old."contact_phone", old."uscc");
  INSERT INTO "organization_number_fts" ("rowid", "contact_phone", "uscc")
  VALUES (new."id", new."contact_phone", new."uscc");
END;
