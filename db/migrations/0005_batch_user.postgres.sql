ALTER TABLE "change_batch" ADD COLUMN "db_user" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "change_batch" ALTER COLUMN "db_user" SET DEFAULT SESSION_USER;
CREATE INDEX "change_batch_device_id" ON "change_batch" ("device_id");
