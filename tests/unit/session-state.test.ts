import { describe, expect, it } from 'vitest';
import {
  agentStatusFor,
  applyChatMessage,
  applyRoomJoin,
  applySessionEnd,
  type SessionState,
} from '../../server/processing/session-state';

const T0 = Date.UTC(2024, 0, 15, 9, 50, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const SESSION = 'session_xyz789';
const AGENT = 'agent_customer_support';

let nextId = 1n;
const facts = (seconds: number, eventId?: bigint) => ({
  eventId: eventId ?? nextId++,
  sessionId: SESSION,
  agentId: AGENT,
  at: at(seconds),
});

const join = (current: SessionState | null, seconds: number, extra: { roomName?: string; participantCount?: number } = {}, eventId?: bigint) =>
  applyRoomJoin(current, { ...facts(seconds, eventId), ...extra });
const say = (current: SessionState | null, seconds: number, role: 'user' | 'assistant', eventId?: bigint) =>
  applyChatMessage(current, { ...facts(seconds, eventId), role });
const end = (current: SessionState | null, seconds: number, eventId?: bigint) =>
  applySessionEnd(current, facts(seconds, eventId));

describe('applyRoomJoin()', () => {
  it('opens an active session with room, head count and start time', () => {
    const s = join(null, 0, { roomName: 'support-room', participantCount: 1 }, 10n);
    expect(s).toEqual({
      id: SESSION,
      agentId: AGENT,
      roomName: 'support-room',
      participantCount: 1,
      status: 'active',
      startedAt: at(0),
      lastActivityAt: at(0),
      endedAt: null,
      lastJoinAt: at(0),
      messageCount: 0,
      userMessageCount: 0,
      avatarMessageCount: 0,
      lastEventId: 10n,
      escalatedAt: null,
      escalatedBy: null,
    });
  });

  it('updates the head count from a newer join', () => {
    const s = join(join(null, 0, { participantCount: 1 }), 30, { participantCount: 3 });
    expect(s.participantCount).toBe(3);
    expect(s.lastActivityAt).toEqual(at(30));
  });

  it('does not let an older join arriving late overwrite a newer head count or room', () => {
    const newer = join(null, 60, { roomName: 'room-b', participantCount: 3 });
    const s = join(newer, 10, { roomName: 'room-a', participantCount: 1 });
    expect(s.participantCount).toBe(3);
    expect(s.roomName).toBe('room-b');
    expect(s.startedAt).toEqual(at(10));
    expect(s.lastActivityAt).toEqual(at(60));
  });

  it('keeps the room name when a newer join omits it', () => {
    const s = join(join(null, 0, { roomName: 'support-room', participantCount: 1 }), 30, { participantCount: 2 });
    expect(s.roomName).toBe('support-room');
  });

  it('lets a newer join update the head count even after chat activity newer than the previous join', () => {
    // join (2 people) at 0s, messages until 100s, a third person joins at 50s but that join arrives last.
    let s = join(null, 0, { participantCount: 2 });
    s = say(s, 100, 'user');
    s = join(s, 50, { participantCount: 3 });
    expect(s.participantCount).toBe(3);
  });
});

describe('a chat.push that arrives before its room.join', () => {
  it('creates the session from the message', () => {
    const s = say(null, 5, 'user');
    expect(s).toMatchObject({
      id: SESSION,
      agentId: AGENT,
      status: 'active',
      startedAt: at(5),
      lastActivityAt: at(5),
      messageCount: 1,
      userMessageCount: 1,
      avatarMessageCount: 0,
      roomName: null,
    });
  });

  it('has the later-delivered (earlier-timed) join fill in room and head count and move startedAt back', () => {
    const s = join(say(null, 5, 'user'), 0, { roomName: 'support-room', participantCount: 1 });
    expect(s.roomName).toBe('support-room');
    expect(s.participantCount).toBe(1);
    expect(s.startedAt).toEqual(at(0));
    expect(s.lastActivityAt).toEqual(at(5));
    expect(s.messageCount).toBe(1);
  });

  it('has a join timed after the message fill in room and head count but keep the earliest startedAt', () => {
    const s = join(say(null, 5, 'user'), 8, { roomName: 'support-room', participantCount: 2 });
    expect(s.roomName).toBe('support-room');
    expect(s.participantCount).toBe(2);
    expect(s.startedAt).toEqual(at(5));
    expect(s.lastActivityAt).toEqual(at(8));
  });
});

describe('applyChatMessage()', () => {
  it('counts messages per role', () => {
    let s = join(null, 0, { participantCount: 1 });
    s = say(s, 1, 'user');
    s = say(s, 2, 'assistant');
    s = say(s, 3, 'user');
    s = say(s, 4, 'assistant');
    s = say(s, 5, 'assistant');
    expect(s.messageCount).toBe(5);
    expect(s.userMessageCount).toBe(2);
    expect(s.avatarMessageCount).toBe(3);
    expect(s.lastActivityAt).toEqual(at(5));
  });

  it('does not move lastActivityAt back for a message that arrives late', () => {
    const s = say(say(null, 20, 'user'), 10, 'assistant');
    expect(s.lastActivityAt).toEqual(at(20));
    expect(s.startedAt).toEqual(at(10));
    expect(s.messageCount).toBe(2);
  });

  it('keeps the first known agent and fills a missing one', () => {
    const noAgent = applyChatMessage(null, { eventId: 1n, sessionId: SESSION, agentId: null, at: at(0), role: 'user' });
    expect(noAgent.agentId).toBeNull();
    expect(say(noAgent, 1, 'assistant').agentId).toBe(AGENT);
  });
});

describe('applySessionEnd()', () => {
  it('ends an active session at the end time', () => {
    const s = end(say(join(null, 0, { participantCount: 1 }), 10, 'user'), 20);
    expect(s.status).toBe('ended');
    expect(s.endedAt).toEqual(at(20));
    expect(s.lastActivityAt).toEqual(at(20));
    expect(s.messageCount).toBe(1);
  });

  it('records an end for a session it has never seen', () => {
    const s = end(null, 20);
    expect(s).toMatchObject({ id: SESSION, status: 'ended', endedAt: at(20), messageCount: 0 });
  });

  it('does not end a session on a stale end older than the last activity', () => {
    const active = say(join(null, 0), 30, 'user');
    const s = end(active, 20);
    expect(s.status).toBe('active');
    expect(s.endedAt).toBeNull();
    expect(s.lastActivityAt).toEqual(at(30));
  });

  it('still records the id of a stale end as seen', () => {
    const active = say(join(null, 0, {}, 1n), 30, 'user', 2n);
    expect(end(active, 20, 7n).lastEventId).toBe(7n);
  });
});

describe('a session reused after its end (a kiosk keeps its session id)', () => {
  it('reopens on a message after the end', () => {
    const ended = end(say(join(null, 0), 10, 'user'), 20);
    const s = say(ended, 25, 'user');
    expect(s.status).toBe('active');
    expect(s.endedAt).toBeNull();
    expect(s.lastActivityAt).toEqual(at(25));
    expect(s.messageCount).toBe(2);
  });

  it('reopens on a join after the end', () => {
    const ended = end(join(null, 0, { participantCount: 1 }), 20);
    const s = join(ended, 40, { participantCount: 2 });
    expect(s.status).toBe('active');
    expect(s.endedAt).toBeNull();
    expect(s.participantCount).toBe(2);
  });

  it('stays ended when a message from before the end arrives late', () => {
    const ended = end(say(join(null, 0), 10, 'user'), 20);
    const s = say(ended, 15, 'assistant');
    expect(s.status).toBe('ended');
    expect(s.endedAt).toEqual(at(20));
    expect(s.messageCount).toBe(2);
  });
});

describe('lastEventId', () => {
  it('is the largest event id seen, whatever the arrival order', () => {
    let s = join(null, 0, {}, 5n);
    s = say(s, 1, 'user', 9n);
    s = say(s, 2, 'assistant', 7n);
    expect(s.lastEventId).toBe(9n);
    s = end(s, 3, 8n);
    expect(s.lastEventId).toBe(9n);
    s = say(s, 4, 'user', 12n);
    expect(s.lastEventId).toBe(12n);
  });
});

describe('agentStatusFor()', () => {
  it.each([
    ['agent.ready', 'ready'],
    ['agent.failed', 'failed'],
    ['video.failed', 'failed'],
    ['video.generated', 'active'],
    ['video.started', 'active'],
    ['room.join', 'active'],
    ['chat.push', 'active'],
  ])('maps %s to %s', (type, status) => {
    expect(agentStatusFor(type)).toBe(status);
  });

  it.each(['session.end', 'test', 'ping', 'billing.updated'])('leaves the status alone for %s', (type) => {
    expect(agentStatusFor(type)).toBeNull();
  });
});
