CREATE TABLE "package_manifest" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "package_base" ("id" INTEGER NOT NULL PRIMARY KEY, "table" VARCHAR(255) NOT NULL, "record_uuid" VARCHAR(36) NOT NULL, "data" TEXT NOT NULL);
CREATE UNIQUE INDEX "package_base_table_record_uuid" ON "package_base" ("table", "record_uuid");
CREATE TABLE "package_merge" ("id" INTEGER NOT NULL PRIMARY KEY, "package_id" VARCHAR(36) NOT NULL, "merged_at" DATETIME NOT NULL, "batch_id" INTEGER, "decisions" TEXT NOT NULL, FOREIGN KEY ("batch_id") REFERENCES "change_batch" ("id"));
CREATE INDEX "package_merge_package_id" ON "package_merge" ("package_id");
CREATE INDEX "package_merge_batch_id" ON "package_merge" ("batch_id");
