@testable import OpsCore

/// The demo project's migrations (examples/evermed), copied so the tests do not read files, and the
/// snapshots of the shapes production can be in.
enum ResolveFixtures {
    static let addPersonalModels = """
        -- CreateTable
        CREATE TABLE "personal_models" (
            "id" TEXT NOT NULL,
            "userId" TEXT NOT NULL,
            "model_version" TEXT NOT NULL,
            "parameters" JSONB NOT NULL,
            "featureImportance" JSONB,
            "status" TEXT NOT NULL DEFAULT 'training',
            "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "updatedAt" TIMESTAMP(3) NOT NULL,

            CONSTRAINT "personal_models_pkey" PRIMARY KEY ("id")
        );

        -- CreateIndex
        CREATE UNIQUE INDEX "personal_models_userId_key" ON "personal_models"("userId");

        -- CreateIndex
        CREATE INDEX "personal_models_model_version_idx" ON "personal_models"("model_version");

        -- AddForeignKey
        ALTER TABLE "personal_models" ADD CONSTRAINT "personal_models_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        """

    static let fixPersonalModelSchema = """
        CREATE TABLE IF NOT EXISTS "personal_models" (
            "id" TEXT NOT NULL,
            "userId" TEXT NOT NULL,
            "modelType" TEXT NOT NULL,
            "version" TEXT NOT NULL,
            CONSTRAINT "personal_models_pkey" PRIMARY KEY ("id")
        );
        ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "modelType" TEXT NOT NULL DEFAULT 'glucose-prediction';
        ALTER TABLE "personal_models" ADD COLUMN IF NOT EXISTS "version" TEXT;
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'model_version') THEN
                UPDATE "personal_models" SET "version" = COALESCE("version", "model_version");
                DROP INDEX IF EXISTS "personal_models_model_version_idx";
                ALTER TABLE "personal_models" DROP COLUMN "model_version";
            END IF;
        END $$;
        UPDATE "personal_models" SET "version" = '1.0.0' WHERE "version" IS NULL;
        ALTER TABLE "personal_models" ALTER COLUMN "version" SET NOT NULL;
        DROP INDEX IF EXISTS "personal_models_userId_key";
        CREATE UNIQUE INDEX IF NOT EXISTS "personal_models_userId_modelType_version_key" ON "personal_models"("userId", "modelType", "version");
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'personal_models_userId_fkey') THEN
                ALTER TABLE "personal_models" ADD CONSTRAINT "personal_models_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");
            END IF;
        END $$;
        """

    static let columns = ["id", "userId", "model_version", "parameters", "featureImportance", "status", "createdAt", "updatedAt"]

    /// Users only: the migration never ran.
    static var before: SchemaSnapshot {
        SchemaSnapshot([SchemaObject(kind: .table, name: "public.users", parent: "public"),
                        SchemaObject(kind: .column, name: "public.users.id", parent: "public.users")])
    }

    /// Production after the incident: the table and its primary key, no indexes, no foreign key.
    static var tableOnly: SchemaSnapshot {
        var s = before
        s.insert(SchemaObject(kind: .table, name: "public.personal_models", parent: "public"))
        for c in columns { s.insert(SchemaObject(kind: .column, name: "public.personal_models.\(c)", parent: "public.personal_models")) }
        s.insert(SchemaObject(kind: .constraint, name: "public.personal_models.personal_models_pkey", parent: "public.personal_models"))
        return s
    }

    /// Everything the migration creates.
    static var complete: SchemaSnapshot {
        var s = tableOnly
        s.insert(SchemaObject(kind: .index, name: "public.personal_models.personal_models_userId_key", parent: "public.personal_models"))
        s.insert(SchemaObject(kind: .index, name: "public.personal_models.personal_models_model_version_idx", parent: "public.personal_models"))
        s.insert(SchemaObject(kind: .constraint, name: "public.personal_models.personal_models_userId_fkey", parent: "public.personal_models"))
        return s
    }

    static var migration: LocalMigration {
        LocalMigration(name: "20250925000000_add_personal_models", sql: addPersonalModels, checksum: "",
                       path: "db/migrations/20250925000000_add_personal_models/migration.sql")
    }
}
