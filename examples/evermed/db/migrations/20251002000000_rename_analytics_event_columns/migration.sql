-- Hand-edited: Prisma generated DROP COLUMN + ADD COLUMN for these renames, which would have lost every
-- recorded event. Analytics are keyed by session, not by user, so "userId" becomes "sessionId".

-- DropIndex
DROP INDEX "analytics_events_userId_idx";

-- DropIndex
DROP INDEX "analytics_events_name_createdAt_idx";

-- AlterTable (renames)
ALTER TABLE "analytics_events" RENAME COLUMN "userId" TO "sessionId";
ALTER TABLE "analytics_events" RENAME COLUMN "name" TO "eventName";
ALTER TABLE "analytics_events" RENAME COLUMN "meta" TO "metadata";

-- AlterTable
ALTER TABLE "analytics_events" ADD COLUMN "eventType" TEXT NOT NULL DEFAULT 'custom';

-- AlterTable
ALTER TABLE "analytics_events" ALTER COLUMN "sessionId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "analytics_events_sessionId_idx" ON "analytics_events"("sessionId");

-- CreateIndex
CREATE INDEX "analytics_events_eventType_eventName_createdAt_idx" ON "analytics_events"("eventType", "eventName", "createdAt");
