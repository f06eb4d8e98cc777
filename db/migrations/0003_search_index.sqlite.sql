-- This file derives the columns and fills the indexes whole, then creates the triggers that
-- keep them (the migration runs it once; a field package's export drops the triggers while it
-- copies and runs it again). Schema: 0003_search.sqlite.sql.
UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id");
INSERT INTO "commissioner_name_fts" ("commissioner_name_fts") VALUES ('rebuild');
INSERT INTO "commissioner_code_fts" ("commissioner_code_fts") VALUES ('rebuild');
INSERT INTO "person_name_fts" ("person_name_fts") VALUES ('rebuild');
INSERT INTO "person_number_fts" ("person_number_fts") VALUES ('rebuild');
INSERT INTO "organization_name_fts" ("organization_name_fts") VALUES ('rebuild');
INSERT INTO "organization_number_fts" ("organization_number_fts") VALUES ('rebuild');
-- Deriving one commissioner's columns, the statement every trigger below runs (by inserting
-- its id into this view).
CREATE TRIGGER "commissioner_rederive_one" INSTEAD OF INSERT ON "commissioner_rederive" BEGIN
  UPDATE "commissioner" SET ("sort_name", "sort_employer", "sort_mobile", "search_names",
    "search_keys", "search_phones", "search_ids", "search_codes") = (
    SELECT d."sort_name", d."sort_employer", d."sort_mobile", d."search_names", d."search_keys",
    d."search_phones", d."search_ids", d."search_codes" FROM "commissioner_derived" d
    WHERE d."id" = "commissioner"."id") WHERE "id" = new."id";
END;
-- A new commissioner is derived first and then indexed once, with its derived text: the
-- re-indexing triggers below pass over a row the index does not hold yet (no docsize entry).
CREATE TRIGGER "commissioner_derive_insert" AFTER INSERT ON "commissioner" BEGIN
  INSERT INTO "commissioner_rederive" ("id") VALUES (new."id");
  INSERT INTO "commissioner_name_fts" ("rowid", "search_names")
  SELECT "id", "search_names" FROM "commissioner" WHERE "id" = new."id";
  INSERT INTO "commissioner_code_fts" ("rowid", "search_keys", "search_phones", "search_ids",
    "search_codes")
  SELECT "id", "search_keys", "search_phones", "search_ids", "search_codes" FROM "commissioner"
  WHERE "id" = new."id";
END;
-- The triggers below act only when a column they watch really changed (a save may write a
-- record's unchanged values again).
CREATE TRIGGER "commissioner_derive_update"
AFTER UPDATE OF "kind", "person_id", "organization_id", "team_name" ON "commissioner"
WHEN old."kind" IS NOT new."kind" OR old."person_id" IS NOT new."person_id"
  OR old."organization_id" IS NOT new."organization_id" OR old."team_name" IS NOT new."team_name"
BEGIN
  INSERT INTO "commissioner_rederive" ("id") VALUES (new."id");
END;
CREATE TRIGGER "commissioner_derive_person" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "mobile", "id_number", "employer_id" ON "person"
WHEN old."name" IS NOT new."name" OR old."name_pinyin" IS NOT new."name_pinyin"
  OR old."name_initials" IS NOT new."name_initials" OR old."mobile" IS NOT new."mobile"
  OR old."id_number" IS NOT new."id_number" OR old."employer_id" IS NOT new."employer_id"
BEGIN
  INSERT INTO "commissioner_rederive" ("id") SELECT "id" FROM "commissioner"
  WHERE "person_id" = new."id"
  OR "id" IN (SELECT "commissioner_id" FROM "team_member" WHERE "person_id" = new."id");
END;
CREATE TRIGGER "commissioner_derive_organization" AFTER UPDATE OF "name", "name_pinyin",
  "name_initials", "contact_phone", "uscc" ON "organization"
WHEN old."name" IS NOT new."name" OR old."name_pinyin" IS NOT new."name_pinyin"
  OR old."name_initials" IS NOT new."name_initials"
  OR old."contact_phone" IS NOT new."contact_phone" OR old."uscc" IS NOT new."uscc"
BEGIN
  INSERT INTO "commissioner_rederive" ("id") SELECT "id" FROM "commissioner"
  WHERE "organization_id" = new."id"
  OR "person_id" IN (SELECT "id" FROM "person" WHERE "employer_id" = new."id")
  OR "id" IN (SELECT t."commissioner_id" FROM "team_member" t
              JOIN "person" p ON p."id" = t."person_id" WHERE p."employer_id" = new."id");
END;
CREATE TRIGGER "commissioner_derive_member_insert" AFTER INSERT ON "team_member" BEGIN
  INSERT INTO "commissioner_rederive" ("id") VALUES (new."commissioner_id");
END;
CREATE TRIGGER "commissioner_derive_member_update"
AFTER UPDATE OF "commissioner_id", "person_id", "role", "deleted_at" ON "team_member"
WHEN old."commissioner_id" IS NOT new."commissioner_id" OR old."person_id" IS NOT new."person_id"
  OR old."role" IS NOT new."role" OR old."deleted_at" IS NOT new."deleted_at"
BEGIN
  INSERT INTO "commissioner_rederive" ("id")
  VALUES (old."commissioner_id"), (new."commissioner_id");
END;
CREATE TRIGGER "commissioner_derive_member_delete" AFTER DELETE ON "team_member" BEGIN
  INSERT INTO "commissioner_rederive" ("id") VALUES (old."commissioner_id");
END;
CREATE TRIGGER "commissioner_search_delete" AFTER DELETE ON "commissioner" BEGIN
  INSERT INTO "commissioner_name_fts" ("commissioner_name_fts", "rowid", "search_names")
  VALUES ('delete', old."id", old."search_names");
  INSERT INTO "commissioner_code_fts" ("commissioner_code_fts", "rowid", "search_keys",
    "search_phones", "search_ids", "search_codes")
  VALUES ('delete', old."id", old."search_keys", old."search_phones", old."search_ids",
    old."search_codes");
END;
CREATE TRIGGER "commissioner_search_names" AFTER UPDATE OF "search_names" ON "commissioner"
WHEN old."search_names" IS NOT new."search_names"
  AND EXISTS (SELECT 1 FROM "commissioner_name_fts_docsize" WHERE "id" = old."id")
BEGIN
  INSERT INTO "commissioner_name_fts" ("commissioner_name_fts", "rowid", "search_names")
  VALUES ('delete', old."id", old."search_names");
  INSERT INTO "commissioner_name_fts" ("rowid", "search_names") VALUES (new."id", new."search_names");
END;
CREATE TRIGGER "commissioner_search_codes" AFTER UPDATE OF "search_keys", "search_phones",
  "search_ids", "search_codes" ON "commissioner"
WHEN (old."search_keys" IS NOT new."search_keys" OR old."search_phones" IS NOT new."search_phones"
  OR old."search_ids" IS NOT new."search_ids" OR old."search_codes" IS NOT new."search_codes")
  AND EXISTS (SELECT 1 FROM "commissioner_code_fts_docsize" WHERE "id" = old."id")
BEGIN
  INSERT INTO "commissioner_code_fts" ("commissioner_code_fts", "rowid", "search_keys",
    "search_phones", "search_ids", "search_codes")
  VALUES ('delete', old."id", old."search_keys", old."search_phones", old."search_ids",
    old."search_codes");
  INSERT INTO "commissioner_code_fts" ("rowid", "search_keys", "search_phones", "search_ids",
    "search_codes")
  VALUES (new."id", new."search_keys", new."search_phones", new."search_ids", new."search_codes");
END;
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
CREATE TRIGGER "person_search_name" AFTER UPDATE OF "name" ON "person"
WHEN old."name" IS NOT new."name" BEGIN
  INSERT INTO "person_name_fts" ("person_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "person_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
END;
CREATE TRIGGER "person_search_number" AFTER UPDATE OF "mobile", "id_number" ON "person"
WHEN old."mobile" IS NOT new."mobile" OR old."id_number" IS NOT new."id_number" BEGIN
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
CREATE TRIGGER "organization_search_name" AFTER UPDATE OF "name" ON "organization"
WHEN old."name" IS NOT new."name" BEGIN
  INSERT INTO "organization_name_fts" ("organization_name_fts", "rowid", "name")
  VALUES ('delete', old."id", old."name" || char(3, 3));
  INSERT INTO "organization_name_fts" ("rowid", "name") VALUES (new."id", new."name" || char(3, 3));
END;
CREATE TRIGGER "organization_search_number"
AFTER UPDATE OF "contact_phone", "uscc" ON "organization"
WHEN old."contact_phone" IS NOT new."contact_phone" OR old."uscc" IS NOT new."uscc" BEGIN
  INSERT INTO "organization_number_fts" ("organization_number_fts", "rowid", "contact_phone", "uscc")
  VALUES ('delete', old."id", old."contact_phone", old."uscc");
  INSERT INTO "organization_number_fts" ("rowid", "contact_phone", "uscc")
  VALUES (new."id", new."contact_phone", new."uscc");
END;
