/**
 * How a session row changes with each event: pure functions of (current row, event), so the
 * order in which webhooks arrive does not matter (a chat.push before its room.join, a late
 * duplicate) and the rules are tested without a database.
 */

export interface SessionState {
  id: string;
  agentId: string | null;
  roomName: string | null;
  participantCount: number;
  status: 'active' | 'ended';
  startedAt: Date;
  lastActivityAt: Date;
  endedAt: Date | null;
  /** event time of the newest room.join seen */
  lastJoinAt: Date | null;
  messageCount: number;
  userMessageCount: number;
  avatarMessageCount: number;
  lastEventId: bigint;
  /** handed over to a human by an operator: carried through untouched by events */
  escalatedAt: Date | null;
  escalatedBy: string | null;
}

export interface SessionEventFacts {
  eventId: bigint;
  sessionId: string;
  agentId: string | null;
  at: Date;
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const maxId = (a: bigint, b: bigint) => (a > b ? a : b);

function fresh(e: SessionEventFacts): SessionState {
  return {
    id: e.sessionId,
    agentId: e.agentId,
    roomName: null,
    participantCount: 0,
    status: 'active',
    startedAt: e.at,
    lastActivityAt: e.at,
    endedAt: null,
    lastJoinAt: null,
    messageCount: 0,
    userMessageCount: 0,
    avatarMessageCount: 0,
    lastEventId: e.eventId,
    escalatedAt: null,
    escalatedBy: null,
  };
}

/** Activity after the end reopens the session (a kiosk keeps its session id across visitors). */
function touch(s: SessionState, e: SessionEventFacts): SessionState {
  const reopened = s.status === 'ended' && s.endedAt !== null && e.at.getTime() > s.endedAt.getTime();
  return {
    ...s,
    agentId: s.agentId ?? e.agentId,
    startedAt: earlier(s.startedAt, e.at),
    lastActivityAt: later(s.lastActivityAt, e.at),
    lastEventId: maxId(s.lastEventId, e.eventId),
    ...(reopened ? { status: 'active' as const, endedAt: null } : {}),
  };
}

export function applyRoomJoin(
  current: SessionState | null,
  e: SessionEventFacts & { roomName?: string; participantCount?: number },
): SessionState {
  const base = current ?? fresh(e);
  const next = touch(base, e);
  // The newest join decides the room and head count, whenever it arrives; an older join
  // arriving late changes nothing.
  const decides = next.lastJoinAt === null || e.at.getTime() >= next.lastJoinAt.getTime();
  return {
    ...next,
    lastJoinAt: decides ? e.at : next.lastJoinAt,
    agentId: e.agentId ?? next.agentId,
    roomName: decides ? (e.roomName ?? next.roomName) : next.roomName,
    participantCount: decides && e.participantCount !== undefined ? e.participantCount : next.participantCount,
  };
}

export function applyChatMessage(
  current: SessionState | null,
  e: SessionEventFacts & { role: 'user' | 'assistant' },
): SessionState {
  const next = touch(current ?? fresh(e), e);
  return {
    ...next,
    messageCount: next.messageCount + 1,
    userMessageCount: next.userMessageCount + (e.role === 'user' ? 1 : 0),
    avatarMessageCount: next.avatarMessageCount + (e.role === 'assistant' ? 1 : 0),
  };
}

export function applySessionEnd(current: SessionState | null, e: SessionEventFacts): SessionState {
  const base = current ?? fresh(e);
  // An end older than the latest activity is stale (the session was reused after it).
  if (current && e.at.getTime() < current.lastActivityAt.getTime()) {
    return { ...current, lastEventId: maxId(current.lastEventId, e.eventId) };
  }
  return {
    ...base,
    agentId: base.agentId ?? e.agentId,
    status: 'ended',
    endedAt: e.at,
    lastActivityAt: later(base.lastActivityAt, e.at),
    lastEventId: maxId(base.lastEventId, e.eventId),
  };
}

/** Agent status from account events: agent.ready, agent.failed, video.*, or any session traffic. */
export function agentStatusFor(eventType: string): string | null {
  if (eventType === 'agent.ready') return 'ready';
  if (eventType === 'agent.failed') return 'failed';
  if (eventType === 'video.failed') return 'failed';
  if (eventType.startsWith('video.')) return 'active';
  if (eventType === 'room.join' || eventType === 'chat.push') return 'active';
  return null;
}
