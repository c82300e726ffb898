import type { NormalizedEvent } from '../../../lib/events';
import { describeEvent } from '../../../lib/feed';
import type { AgentSummary, FeedItem, SessionSummary, TranscriptMessage } from '../../../lib/realtime';
import type { AgentState } from '../../processing/agent-state';
import type { SessionState } from '../../processing/session-state';

/**
 * Database rows (from Prisma or the raw processing queries) to the wire shapes in
 * lib/realtime.ts; bigint ids become numbers.
 */

type SessionRow = Omit<SessionState, 'status'> & { status: string; escalatedAt?: Date | null; escalatedBy?: string | null };
interface MessageRow { id: bigint; sessionId: string; eventId: bigint; role: string; text: string; sentAt: Date; sentiment: number | null }
interface EventRow {
  id: bigint;
  eventType: string;
  source: string;
  agentId: string | null;
  sessionId: string | null;
  payload: unknown;
  eventAt: Date;
  receivedAt: Date;
  status: string;
}

export function toSessionSummary(s: SessionRow): SessionSummary {
  return {
    id: s.id,
    agentId: s.agentId,
    roomName: s.roomName,
    participantCount: s.participantCount,
    status: s.status === 'ended' ? 'ended' : s.status === 'idle' ? 'idle' : 'active',
    startedAt: s.startedAt.toISOString(),
    lastActivityAt: s.lastActivityAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    messageCount: s.messageCount,
    userMessageCount: s.userMessageCount,
    avatarMessageCount: s.avatarMessageCount,
    seq: Number(s.lastEventId),
    escalatedAt: s.escalatedAt?.toISOString() ?? null,
    escalatedBy: s.escalatedBy ?? null,
  };
}

export function toTranscriptMessage(m: MessageRow): TranscriptMessage {
  return {
    id: Number(m.id),
    sessionId: m.sessionId,
    role: m.role === 'user' ? 'user' : 'assistant',
    text: m.text,
    sentAt: m.sentAt.toISOString(),
    sentiment: m.sentiment,
    seq: Number(m.eventId),
  };
}

export function toAgentSummary(a: AgentState): AgentSummary {
  return {
    id: a.id,
    status: a.status,
    lastError: a.lastError,
    lastEventAt: a.lastEventAt.toISOString(),
    seq: Number(a.lastEventId),
  };
}

export function toFeedItem(e: EventRow): FeedItem {
  const payload = e.payload as NormalizedEvent | null;
  return {
    seq: Number(e.id),
    type: e.eventType,
    source: e.source,
    agentId: e.agentId,
    sessionId: e.sessionId,
    summary: describeEvent({ type: e.eventType, data: payload?.data ?? {} }),
    eventAt: e.eventAt.toISOString(),
    receivedAt: e.receivedAt.toISOString(),
    status: e.status,
  };
}
