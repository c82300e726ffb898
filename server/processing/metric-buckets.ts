/**
 * Pre-aggregated chart buckets, pure: which bucket a sample falls in, and how samples and buckets
 * combine (sum and count add, max keeps the larger). Every sample counts twice, for its agent and
 * for all agents (agent ''), so a chart of one agent or of everything reads one row per bucket.
 */

export type Resolution = 'minute' | 'hour';
export const ALL_AGENTS = '';

export interface Bucket {
  resolution: Resolution;
  bucketStart: Date;
  /** '' = all agents */
  agentId: string;
  metric: string;
  sum: number;
  count: number;
  max: number;
}

export interface Sample {
  at: Date;
  agentId: string | null;
  metric: string;
  value: number;
}

const RESOLUTION_MS: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000 };

/** Start of the UTC minute or hour that `at` falls in. */
export function bucketStart(at: Date | number, resolution: Resolution): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  const size = RESOLUTION_MS[resolution];
  return new Date(Math.floor(ms / size) * size);
}

export function bucketKey(b: Pick<Bucket, 'resolution' | 'bucketStart' | 'agentId' | 'metric'>): string {
  return `${b.resolution}|${b.bucketStart.toISOString()}|${b.agentId}|${b.metric}`;
}

/** Adds b's sum, count and max to the bucket with b's key in `into`. */
export function mergeBucket(into: Map<string, Bucket>, b: Bucket): void {
  const key = bucketKey(b);
  const known = into.get(key);
  if (!known) into.set(key, { ...b });
  else into.set(key, { ...known, sum: known.sum + b.sum, count: known.count + b.count, max: Math.max(known.max, b.max) });
}

/** One sample into its minute bucket, for its agent and for all agents. */
export function addSample(into: Map<string, Bucket>, s: Sample, resolution: Resolution = 'minute'): void {
  const start = bucketStart(s.at, resolution);
  const base = { resolution, bucketStart: start, metric: s.metric, sum: s.value, count: 1, max: s.value };
  if (s.agentId) mergeBucket(into, { ...base, agentId: s.agentId });
  mergeBucket(into, { ...base, agentId: ALL_AGENTS });
}

/** User-message sentiment histogram buckets (VADER compound score thresholds). */
export function sentimentBucket(score: number): 'negative' | 'neutral' | 'positive' {
  return score < -0.05 ? 'negative' : score > 0.05 ? 'positive' : 'neutral';
}

/** What one processing batch committed, as the facts the charts count. */
export interface BatchFacts {
  /** every event marked processed in the batch */
  events: { type: string; agentId: string | null; at: Date }[];
  /** transcript lines actually inserted (a replayed event's existing line is not among them) */
  messages: { role: 'user' | 'assistant'; agentId: string | null; sentAt: Date; sentiment: number }[];
  /** sessions that did not exist before the batch */
  newSessions: { agentId: string | null; startedAt: Date }[];
  /** avatar replies with the time since the user message they answer */
  responses: { agentId: string | null; at: Date; ms: number }[];
}

export function batchSamples(f: BatchFacts): Sample[] {
  const samples: Sample[] = [];
  for (const e of f.events) samples.push({ at: e.at, agentId: e.agentId, metric: `events.${e.type}`, value: 1 });
  for (const m of f.messages) {
    samples.push({ at: m.sentAt, agentId: m.agentId, metric: `messages.${m.role}`, value: 1 });
    if (m.role === 'user') samples.push({ at: m.sentAt, agentId: m.agentId, metric: `sentiment.${sentimentBucket(m.sentiment)}`, value: 1 });
  }
  for (const s of f.newSessions) samples.push({ at: s.startedAt, agentId: s.agentId, metric: 'sessions.new', value: 1 });
  for (const r of f.responses) samples.push({ at: r.at, agentId: r.agentId, metric: 'response_ms', value: r.ms });
  return samples;
}

/** The minute buckets a batch adds to, one per (minute, agent, metric). */
export function batchBuckets(f: BatchFacts): Bucket[] {
  const into = new Map<string, Bucket>();
  for (const s of batchSamples(f)) addSample(into, s);
  return [...into.values()];
}
