import type { MetricStep } from '@/lib/metrics';

/**
 * The analytics page's time range, as it lives in the URL (so a view can be shared):
 * ?range=1h|24h|7d|custom&from=&to=&agent=. Custom times are the browser's local
 * `datetime-local` values (2026-12-04T09:30).
 */

export const PRESETS = [
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
] as const;
export type RangeId = (typeof PRESETS)[number]['id'] | 'custom';

export interface RangeParams {
  range: RangeId;
  from: string;
  to: string;
  agent: string;
}

export const DEFAULT_RANGE: RangeId = '24h';
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const STEP_MS: Record<MetricStep, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function one(v: string | string[] | undefined): string {
  return typeof v === 'string' ? v : '';
}

export function parseRangeParams(sp: Record<string, string | string[] | undefined>): RangeParams {
  const raw = one(sp.range);
  const range: RangeId = raw === 'custom' || PRESETS.some((p) => p.id === raw) ? (raw as RangeId) : DEFAULT_RANGE;
  const from = one(sp.from);
  const to = one(sp.to);
  return {
    range,
    from: LOCAL_TIME.test(from) ? from : '',
    to: LOCAL_TIME.test(to) ? to : '',
    agent: one(sp.agent).trim().slice(0, 200),
  };
}

export function rangeQuery(p: RangeParams): string {
  const q = new URLSearchParams();
  if (p.range !== DEFAULT_RANGE) q.set('range', p.range);
  if (p.range === 'custom') {
    if (p.from) q.set('from', p.from);
    if (p.to) q.set('to', p.to);
  }
  if (p.agent) q.set('agent', p.agent);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type ResolvedRange = { ok: true; from: number; to: number; step: MetricStep } | { ok: false; message: string };

/** auto as the server picks it: minutes up to 6 hours, hours up to 31 days, days beyond. */
export function stepFor(rangeMs: number): MetricStep {
  return rangeMs <= 6 * 3_600_000 ? 'minute' : rangeMs <= 31 * 86_400_000 ? 'hour' : 'day';
}

/**
 * The instants a range covers. A preset ends at the end of the current step (the bucket now being
 * filled is included); a custom range is taken as written, in the browser's time zone.
 */
export function resolveRange(p: RangeParams, now: number): ResolvedRange {
  if (p.range === 'custom') {
    if (!p.from || !p.to) return { ok: false, message: 'Choose both a start and an end for a custom range.' };
    const from = new Date(p.from).getTime();
    const to = new Date(p.to).getTime();
    if (!Number.isFinite(from) || !Number.isFinite(to)) return { ok: false, message: 'That start or end is not a valid time.' };
    if (from >= to) return { ok: false, message: 'The start must be before the end.' };
    if (to - from > 400 * 86_400_000) return { ok: false, message: 'A range covers at most 400 days.' };
    return { ok: true, from, to, step: stepFor(to - from) };
  }
  const preset = PRESETS.find((x) => x.id === p.range) ?? PRESETS[1];
  const step = stepFor(preset.ms);
  const to = Math.ceil((now + 1) / STEP_MS[step]) * STEP_MS[step];
  return { ok: true, from: to - preset.ms, to, step };
}

/** A Date as a `datetime-local` value in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
