/**
 * Webhook payloads in bitHuman's documented shapes. Pure: callers pass the clock.
 */
import { AGENT_ERRORS, AGENT_IDS } from './content';
import type { Conversation, Turn } from './conversation';
import { chance, hex, pick, type Rng } from './random';

export interface SessionEvent {
  agent_id: string;
  event_type: 'room.join' | 'chat.push' | 'session_end';
  data: Record<string, unknown>;
  timestamp: number;
}

export interface ApiEvent {
  id: string;
  event: 'agent.ready' | 'agent.failed';
  created: number;
  data: { agent_id: string; code: string; error?: string };
}

/** Unix seconds with a millisecond fraction. */
export function unixSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

export function roomJoinEvent(conv: Conversation, nowMs: number): SessionEvent {
  return {
    agent_id: conv.agentId,
    event_type: 'room.join',
    data: {
      room_name: conv.roomName,
      participant_count: conv.participantCount,
      session_id: conv.sessionId,
    },
    timestamp: unixSeconds(nowMs),
  };
}

export function chatPushEvent(conv: Conversation, turn: Turn, nowMs: number): SessionEvent {
  const ts = unixSeconds(nowMs);
  return {
    agent_id: conv.agentId,
    event_type: 'chat.push',
    data: { role: turn.role, message: turn.message, session_id: conv.sessionId, timestamp: ts },
    timestamp: ts,
  };
}

export function sessionEndEvent(conv: Conversation, nowMs: number): SessionEvent {
  return {
    agent_id: conv.agentId,
    event_type: 'session_end',
    data: { session_id: conv.sessionId },
    timestamp: unixSeconds(nowMs),
  };
}

/** An agent.ready (about 70%) or agent.failed API event; `created` is whole Unix seconds. */
export function apiEvent(rng: Rng, nowMs: number, agentIds: readonly string[] = AGENT_IDS): ApiEvent {
  const agentId = pick(rng, agentIds);
  const created = Math.floor(nowMs / 1000);
  const id = `evt_${hex(rng, 10)}`;
  if (chance(rng, 0.7)) {
    return { id, event: 'agent.ready', created, data: { agent_id: agentId, code: agentId } };
  }
  return {
    id,
    event: 'agent.failed',
    created,
    data: { agent_id: agentId, code: agentId, error: pick(rng, AGENT_ERRORS) },
  };
}
