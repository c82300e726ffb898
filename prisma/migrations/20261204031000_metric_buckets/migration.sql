-- CreateTable
CREATE TABLE "metric_buckets" (
    "resolution" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "agent_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "count" BIGINT NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_buckets_pkey" PRIMARY KEY ("resolution","bucket_start","agent_id","metric")
);

-- CreateIndex
CREATE INDEX "metric_buckets_agent_id_metric_bucket_start_idx" ON "metric_buckets"("agent_id", "metric", "bucket_start");
