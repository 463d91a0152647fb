-- Fix personal_models to match schema.prisma (model PersonalModel, 17 columns).
--
-- 20250925000000_add_personal_models was generated, then schema.prisma changed without a new migration,
-- so environments hold different shapes: the old one ("model_version", a unique "userId"), a partially
-- applied one (production: table only, no indexes or foreign key), or none at all.
-- This migration is idempotent (safe to run again) and data-preserving ("model_version" is copied into
-- "version" before it is dropped).

-- 1. The table, in its final shape, where it does not exist yet.
CREATE TABLE IF NOT EXISTS "personal_models" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "modelType" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "trainingDataStart" TIMESTAMP(3),
    "trainingDataEnd" TIMESTAMP(3),
    "trainedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "accuracyMae" DOUBLE PRECISION,
    "accuracyR2" DOUBLE PRECISION,
    "metadata" JSONB,
    "parameters" JSONB NOT NULL,
    "featureImportance" JSONB,
    "status" TEXT NOT NULL DEFAULT 'training',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "personal_models_pkey" PRIMARY KEY ("id")
);

-- 2. Missing columns on an existing table (defaults only so existing rows can be filled; dropped below).
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "modelType" TEXT NOT NULL DEFAULT 'glucose-prediction';
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "version" TEXT;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "isActive" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "trainingDataStart" TIMESTAMP(3);
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "trainingDataEnd" TIMESTAMP(3);
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "trainedAt" TIMESTAMP(3);
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "lastUsedAt" TIMESTAMP(3);
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "accuracyMae" DOUBLE PRECISION;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "accuracyR2" DOUBLE PRECISION;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "metadata" JSONB;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "parameters" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "featureImportance" JSONB;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "status" TEXT NOT NULL DEFAULT 'training';
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- 3. Old shape: copy "model_version" into "version", then drop it (and its index).
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND table_name = 'personal_models'
          AND column_name = 'model_version'
    ) THEN
        UPDATE "personal_models" SET "version" = COALESCE("version", "model_version");
        DROP INDEX IF EXISTS "personal_models_model_version_idx";
        ALTER TABLE "personal_models" DROP COLUMN "model_version";
    END IF;
END $$;

UPDATE "personal_models" SET "version" = '1.0.0' WHERE "version" IS NULL;
ALTER TABLE "personal_models" ALTER COLUMN "version" SET NOT NULL;

-- 4. Match schema.prisma: no database defaults where the model has none.
ALTER TABLE "personal_models" ALTER COLUMN "modelType" DROP DEFAULT;
ALTER TABLE "personal_models" ALTER COLUMN "parameters" DROP DEFAULT;
ALTER TABLE "personal_models" ALTER COLUMN "updatedAt" DROP DEFAULT;

-- 5. Unique constraints: one model per (user, type, version), not one per user.
DROP INDEX IF EXISTS "personal_models_userId_key";
CREATE UNIQUE INDEX IF NOT EXISTS "personal_models_userId_modelType_version_key" ON "personal_models"("userId", "modelType", "version");
CREATE INDEX IF NOT EXISTS "personal_models_userId_isActive_idx" ON "personal_models"("userId", "isActive");

-- 6. The foreign key, where a partial apply left it out.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conname = 'personal_models_userId_fkey'
          AND conrelid = to_regclass(format('%I.%I', current_schema(), 'personal_models'))
    ) THEN
        ALTER TABLE "personal_models" ADD CONSTRAINT "personal_models_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
    END IF;
END $$;
