import type { NormalizedEvent } from '../../lib/events';
import { vaderAnalyzer } from '../alerts/sentiment';
import { applyAgentEvent, type AgentState } from './agent-state';
import { applyChatMessage, applyRoomJoin, applySessionEnd, type SessionEventFacts, type SessionState } from './session-state';

/**
 * The handler registry, keyed by event type. A reducer is pure: it reads the current sessions
 * and agents (the "world" of one processing batch) and returns what the event changes. The
 * processor applies changes in event order and persists a whole batch in a few statements,
 * so handling is cheap and, being pure, idempotent and tested without a database.
 */

export interface World {
  sessions: ReadonlyMap<string, SessionState>;
  agents: ReadonlyMap<string, AgentState>;
  /** events whose transcript line is already stored: replaying one must not count it twice */
  storedMessages: ReadonlySet<bigint>;
}

export interface StoredEvent {
  id: bigint;
  type: string;
  event: NormalizedEvent;
  /** event time (from the payload), not receive time */
  at: Date;
}

export interface NewMessage {
  sessionId: string;
  eventId: bigint;
  role: 'user' | 'assistant';
  text: string;
  sentAt: Date;
  /** -1 (negative) to 1 (positive) */
  sentiment: number;
}

export interface Change {
  session?: SessionState;
  agent?: AgentState;
  message?: NewMessage;
}

export type Reducer = (world: World, e: StoredEvent) => Change;

function sessionFacts(e: StoredEvent): SessionEventFacts {
  if (!e.event.sessionId) throw new Error(`${e.type} event without a session id`);
  return { eventId: e.id, sessionId: e.event.sessionId, agentId: e.event.agentId, at: e.at };
}

/** Every event that names an agent keeps its row current; agent and video events move its status. */
function agentChange(world: World, e: StoredEvent): Change {
  const agentId = e.event.agentId;
  if (!agentId) return {};
  const error = typeof e.event.data.error === 'string' && e.event.data.error ? e.event.data.error : undefined;
  return { agent: applyAgentEvent(world.agents.get(agentId) ?? null, { eventId: e.id, agentId, type: e.type, at: e.at, error }) };
}

const current = (world: World, e: StoredEvent) => world.sessions.get(e.event.sessionId ?? '') ?? null;

const roomJoin: Reducer = (world, e) => {
  const d = e.event.data;
  return {
    ...agentChange(world, e),
    session: applyRoomJoin(current(world, e), {
      ...sessionFacts(e),
      roomName: typeof d.room_name === 'string' ? d.room_name : undefined,
      participantCount: typeof d.participant_count === 'number' ? d.participant_count : undefined,
    }),
  };
};

const chatPush: Reducer = (world, e) => {
  if (world.storedMessages.has(e.id)) return {};
  const facts = sessionFacts(e);
  const role = e.event.data.role === 'user' ? 'user' : 'assistant';
  const text = String(e.event.data.message ?? '');
  return {
    ...agentChange(world, e),
    session: applyChatMessage(current(world, e), { ...facts, role }),
    message: { sessionId: facts.sessionId, eventId: e.id, role, text, sentAt: e.at, sentiment: vaderAnalyzer.score(text) },
  };
};

const sessionEnd: Reducer = (world, e) => ({
  ...agentChange(world, e),
  session: applySessionEnd(current(world, e), sessionFacts(e)),
});

/** test, ping and unknown types: stored and shown in the feed; nothing else changes. */
const shownOnly: Reducer = () => ({});

export const reducers: Record<string, Reducer> = {
  'room.join': roomJoin,
  'chat.push': chatPush,
  'session.end': sessionEnd,
  'agent.ready': agentChange,
  'agent.failed': agentChange,
  test: shownOnly,
  ping: shownOnly,
};

export function reducerFor(type: string): Reducer {
  if (reducers[type]) return reducers[type];
  if (type.startsWith('agent.') || type.startsWith('video.')) return agentChange;
  return shownOnly;
}
