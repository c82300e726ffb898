-- Session history search and exports (GET /api/history/sessions, GET /api/export/*).

-- Keyset pagination: every sort key is paired with the id that breaks its ties, so a page is one
-- index range scan from the cursor on, never an OFFSET.
-- CreateIndex
CREATE INDEX "sessions_started_at_id_idx" ON "sessions"("started_at", "id");

-- CreateIndex
CREATE INDEX "sessions_last_activity_at_id_idx" ON "sessions"("last_activity_at", "id");

-- CreateIndex
CREATE INDEX "sessions_message_count_id_idx" ON "sessions"("message_count", "id");

-- The events export walks a time range in (event_at, id) order.
-- CreateIndex
CREATE INDEX "webhook_events_event_at_id_idx" ON "webhook_events"("event_at", "id");

-- Transcript text search: PostgreSQL full-text search with the built-in 'simple' configuration
-- (lower-cases, no stemming, no stop words, language-neutral), so it needs no extension and works
-- the same on PGlite and on any PostgreSQL. schema.prisma cannot express an expression index;
-- tests/integration/schema-drift.test.ts allows exactly this one by name and definition.
CREATE INDEX "messages_text_fts_idx" ON "messages" USING GIN (to_tsvector('simple', "text"));
