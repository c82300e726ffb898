-- Session lifecycle and conversation analytics. sessions.status may now also be 'idle' (quiet
-- for SESSION_IDLE_MINUTES); no column change is needed for that.

-- CreateTable
CREATE TABLE "session_analytics" (
    "session_id" TEXT NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_seconds" DOUBLE PRECISION NOT NULL,
    "user_messages" INTEGER NOT NULL,
    "avatar_messages" INTEGER NOT NULL,
    "user_turns" INTEGER NOT NULL,
    "answered_turns" INTEGER NOT NULL,
    "response_median_ms" DOUBLE PRECISION,
    "response_worst_ms" DOUBLE PRECISION,
    "avg_user_sentiment" DOUBLE PRECISION,
    "sentiment_trend" DOUBLE PRECISION,
    "alerts_raised" INTEGER NOT NULL,
    "repeated_questions" INTEGER NOT NULL,
    "engagement_score" INTEGER NOT NULL,
    "quality_score" INTEGER,

    CONSTRAINT "session_analytics_pkey" PRIMARY KEY ("session_id")
);

-- CreateIndex
CREATE INDEX "session_analytics_ended_at_idx" ON "session_analytics"("ended_at");

-- CreateIndex (retention deletes raw transcript lines by age)
CREATE INDEX "messages_sent_at_idx" ON "messages"("sent_at");

-- AddForeignKey
ALTER TABLE "session_analytics" ADD CONSTRAINT "session_analytics_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
