import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  EVENT_TYPE_ALIASES,
  agentEventData,
  apiEnvelope,
  chatPushData,
  roomJoinData,
  sessionEndData,
  sessionEnvelope,
  type EventSource,
  type NormalizedEvent,
} from '../../lib/events';
import { header, type Headers } from './verify';

/**
 * The edge: raw bytes in, one canonical event out. Every spelling bitHuman has been seen to use
 * (agent_code, room_join, camelCase keys, role "agent") is folded here so nothing downstream
 * has to know about it. Pure: no I/O, the receive time is passed in.
 */

export type ParseResult =
  | { ok: true; event: NormalizedEvent; dedupKey: string }
  | { ok: false; message: string };

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

/** PostgreSQL text and jsonb cannot hold U+0000: keep the character visible instead of failing. */
function withoutNul(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
}

/** camelCase to snake_case and agent_code to agent_id, recursively, without NUL characters. */
export function normalizeKeys(value: unknown): unknown {
  if (typeof value === 'string') return withoutNul(value);
  if (Array.isArray(value)) return value.map(normalizeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [rawKey, v] of Object.entries(value)) {
    let key = withoutNul(snakeCase(rawKey));
    if (key === 'agent_code') key = out.agent_id === undefined ? 'agent_id' : key;
    if (key === 'agent_id' && out.agent_id !== undefined) continue; // prefer the first spelling
    out[key] = normalizeKeys(v);
  }
  return out;
}

export function canonicalType(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return EVENT_TYPE_ALIASES[lower] ?? lower;
}

function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** A stable JSON text (sorted keys) so equal data always hashes equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Session events carry no id: two deliveries are the same event when source, type, session,
 * role, event time and message agree. Without an event time we cannot tell a retry from a
 * second identical message, so the receive time is used and nothing is merged.
 */
export function sessionDedupKey(e: NormalizedEvent, hadTimestamp: boolean, receivedAtMs: number): string {
  const d = e.data;
  const content = typeof d.message === 'string' ? d.message : stableJson(d);
  const parts = [
    e.source,
    e.type,
    e.agentId ?? '',
    e.sessionId ?? '',
    typeof d.role === 'string' ? d.role : '',
    hadTimestamp ? String(e.eventAt) : `received:${receivedAtMs}`,
    sha256(content),
  ];
  return `s:${sha256(parts.join('\u0000'))}`;
}

const dataSchemas: Record<string, z.ZodType<Record<string, unknown>>> = {
  'room.join': roomJoinData,
  'chat.push': chatPushData,
  'session.end': sessionEndData,
};

export function parseWebhook(rawBody: Buffer, headers: Headers, receivedAtMs: number): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    return { ok: false, message: `body is not valid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, message: 'body must be a JSON object' };

  const body = normalizeKeys(json) as Record<string, unknown>;
  const isApiShape = body.event_type === undefined && body.event !== undefined;
  if (!isApiShape && body.event_type === undefined && typeof body.type === 'string') body.event_type = body.type;

  if (isApiShape) return parseApiEvent(body, headers, receivedAtMs);
  return parseSessionEvent(body, headers, receivedAtMs);
}

function parseSessionEvent(body: Record<string, unknown>, headers: Headers, receivedAtMs: number): ParseResult {
  const env = sessionEnvelope.safeParse(body);
  if (!env.success) return { ok: false, message: describeIssues(env.error) };
  const type = canonicalType(env.data.event_type);

  let data: Record<string, unknown> = env.data.data;
  const schema = dataSchemas[type];
  if (schema) {
    const parsed = schema.safeParse(data);
    if (!parsed.success) return { ok: false, message: describeIssues(parsed.error, 'data') };
    data = { ...data, ...parsed.data };
  }

  const isTest = type === 'test' || header(headers, 'x-test-webhook')?.toLowerCase() === 'true';
  const source: EventSource = isTest ? 'test' : 'session';
  const messageTime = typeof data.timestamp === 'number' ? data.timestamp : undefined;
  const seconds = messageTime ?? env.data.timestamp;
  const agentId = env.data.agent_id ?? (typeof data.agent_id === 'string' ? data.agent_id : null);

  const event: NormalizedEvent = {
    source,
    type,
    rawType: env.data.event_type,
    agentId,
    sessionId: typeof data.session_id === 'string' ? data.session_id : null,
    deliveryId: null,
    eventAt: seconds !== undefined ? Math.round(seconds * 1000) : receivedAtMs,
    data,
  };
  return { ok: true, event, dedupKey: sessionDedupKey(event, seconds !== undefined, receivedAtMs) };
}

function parseApiEvent(body: Record<string, unknown>, headers: Headers, receivedAtMs: number): ParseResult {
  const env = apiEnvelope.safeParse(body);
  if (!env.success) return { ok: false, message: describeIssues(env.error) };
  const type = canonicalType(env.data.event);
  let data: Record<string, unknown> = env.data.data;
  if (type.startsWith('agent.')) {
    const parsed = agentEventData.safeParse(data);
    if (!parsed.success) return { ok: false, message: describeIssues(parsed.error, 'data') };
    data = { ...data, ...parsed.data };
  }
  const agentId =
    (typeof data.agent_id === 'string' && data.agent_id) || (typeof data.code === 'string' && data.code) || null;
  // Retries carry the same delivery id; the body id is the same event too.
  const deliveryId = header(headers, 'x-bithuman-delivery')?.trim() || env.data.id;
  const event: NormalizedEvent = {
    source: 'api',
    type,
    rawType: env.data.event,
    agentId,
    sessionId: typeof data.session_id === 'string' ? data.session_id : null,
    deliveryId,
    eventAt: env.data.created !== undefined ? Math.round(env.data.created * 1000) : receivedAtMs,
    data,
  };
  return { ok: true, event, dedupKey: `api:${env.data.id}` };
}
