import type { Database } from '../db/client';
import { deleteHourBucketsBefore, sampleActiveSessions, takeMinuteBuckets, upsertMetricBuckets } from '../db/queries/metricBuckets';
import type { Logger } from '../logger';
import { bucketStart, mergeBucket, type Bucket } from './metric-buckets';

/**
 * Keeps the chart buckets small: minute buckets are folded into hour buckets once their whole
 * hour is more than seven hours old, hour buckets are deleted after the retention period, and the
 * active-sessions gauge is sampled once a minute.
 */

// Minute charts cover up to 6 h (lib/metrics.ts chooseStep), so minutes are kept a little longer
// than that: a minute chart never has to show an hour total in place of its minutes.
export const MINUTE_BUCKETS_KEPT_MS = 7 * 3_600_000;
const ROLLUP_EVERY_MS = 5 * 60_000;
const SAMPLE_EVERY_MS = 60_000;
const TAKE_PER_STATEMENT = 5000;

/**
 * Minute buckets folded into the hour buckets they belong to: sums and counts add up, max keeps
 * the largest. For the active-sessions gauge (one sample a minute, count 1) the hour's sum / count
 * is therefore the average of its samples and max its peak.
 */
export function rollUp(minutes: Bucket[]): Bucket[] {
  const hours = new Map<string, Bucket>();
  for (const b of minutes) mergeBucket(hours, { ...b, resolution: 'hour', bucketStart: bucketStart(b.bucketStart, 'hour') });
  return [...hours.values()];
}

/** Where the roll-up stops: the start of the hour that began seven hours or more before `now`. */
export function rollUpCutoff(now: number): Date {
  return bucketStart(now - MINUTE_BUCKETS_KEPT_MS, 'hour');
}

/** Moves every minute bucket older than the cutoff into its hour bucket, in one transaction per chunk. */
export async function rollUpMinuteBuckets(db: Pick<Database, 'transaction'>, now: number): Promise<number> {
  const cutoff = rollUpCutoff(now);
  let moved = 0;
  for (;;) {
    const taken = await db.transaction(async (tx) => {
      const minutes = await takeMinuteBuckets(tx, cutoff, TAKE_PER_STATEMENT);
      await upsertMetricBuckets(tx, rollUp(minutes));
      return minutes.length;
    });
    moved += taken;
    if (taken < TAKE_PER_STATEMENT) return moved;
  }
}

export interface MetricJobsDeps {
  db: Database;
  logger: Logger;
  retentionDays: number;
  now?: () => number;
}

/** The timers: a gauge sample every minute, roll-up and retention every five minutes. */
export class MetricBucketJobs {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: MetricJobsDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.every(SAMPLE_EVERY_MS, () => this.sample());
    this.every(ROLLUP_EVERY_MS, () => this.maintain());
  }

  async sample(): Promise<void> {
    await sampleActiveSessions(this.deps.db, this.now());
  }

  async maintain(): Promise<{ rolledUp: number; expired: number }> {
    const now = this.now();
    const rolledUp = await rollUpMinuteBuckets(this.deps.db, now);
    const expired = await deleteHourBucketsBefore(this.deps.db, new Date(now - this.deps.retentionDays * 86_400_000));
    if (rolledUp || expired) this.deps.logger.debug({ rolledUp, expired }, 'metric buckets rolled up');
    return { rolledUp, expired };
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    await this.running;
  }

  /** Runs now and then every `ms`, one job at a time; a failure is logged and retried next time. */
  private every(ms: number, job: () => Promise<unknown>): void {
    const run = () => {
      this.running = this.running.then(job).catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'metric bucket job failed'));
    };
    run();
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
