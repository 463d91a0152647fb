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
