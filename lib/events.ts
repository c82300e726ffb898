import { z } from 'zod';

/**
 * The bitHuman webhook contract, after the edge has normalized key spelling (camelCase to
 * snake_case, agent_code to agent_id) and event type aliases (room_join to room.join).
 * Shared by ingest (validation) and the dashboard (types).
 */

export const SESSION_EVENT_TYPES = ['room.join', 'chat.push', 'session.end'] as const;
export const KNOWN_EVENT_TYPES = [
  ...SESSION_EVENT_TYPES,
  'agent.ready',
  'agent.failed',
  'test',
  'ping',
] as const;

/** Aliases seen in the wild, mapped to the canonical type. */
export const EVENT_TYPE_ALIASES: Record<string, string> = {
  room_join: 'room.join',
  chat_push: 'chat.push',
  session_end: 'session.end',
  'session.ended': 'session.end',
  agent_ready: 'agent.ready',
  agent_failed: 'agent.failed',
};

export type EventSource = 'session' | 'api' | 'test';
export type Role = 'user' | 'assistant';

/** Unix seconds (with fraction), a numeric string, or an ISO date. */
export const eventTime = z.union([
  z.number().finite().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?$/).transform(Number),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s) / 1000),
]);

const id = z.string().trim().min(1).max(200);

export const roomJoinData = z.object({
  session_id: id,
  room_name: z.string().max(500).optional(),
  participant_count: z.number().int().nonnegative().max(1_000_000).optional(),
});

export const chatPushData = z.object({
  session_id: id,
  role: z
    .string()
    .transform((r) => r.toLowerCase())
    .pipe(z.enum(['user', 'assistant', 'agent', 'avatar']))
    .transform((r): Role => (r === 'user' ? 'user' : 'assistant')),
  message: z.string().max(100_000),
  timestamp: eventTime.optional(),
});

export const sessionEndData = z.object({ session_id: id });

/** Session webhook envelope: {agent_id, event_type, data, timestamp}. */
export const sessionEnvelope = z.object({
  event_type: z.string().trim().min(1).max(100),
  agent_id: id.optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  timestamp: eventTime.optional(),
});

/** API webhook envelope: {id, event, created, data}. */
export const apiEnvelope = z.object({
  id: id,
  event: z.string().trim().min(1).max(100),
  created: eventTime.optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

export const agentEventData = z.object({
  agent_id: id.optional(),
  code: z.string().max(200).optional(),
  error: z.string().max(10_000).optional(),
});

/** What a stored event carries once normalized (kept in webhook_events.payload). */
export interface NormalizedEvent {
  source: EventSource;
  type: string;
  rawType: string;
  agentId: string | null;
  sessionId: string | null;
  deliveryId: string | null;
  /** event time in ms since epoch */
  eventAt: number;
  data: Record<string, unknown>;
}
