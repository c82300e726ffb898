import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../lib/events';
import { parseWebhook } from '../../server/ingest/normalize';
import type { AgentState } from '../../server/processing/agent-state';
import { reducerFor, type Change, type StoredEvent, type World } from '../../server/processing/reducers';
import type { SessionState } from '../../server/processing/session-state';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'bithuman');
const RECEIVED_AT = 1_780_000_000_000;
const SESSION = 'session_xyz789';
const AGENT = 'agent_customer_support';

/** An event as the ingest edge stores it: parsed from the raw webhook body. */
function parsed(body: Buffer | object): NormalizedEvent {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  const result = parseWebhook(raw, {}, RECEIVED_AT);
  if (!result.ok) throw new Error(`expected the webhook to parse, got: ${result.message}`);
  return result.event;
}

const fixture = (name: string) => parsed(fs.readFileSync(path.join(FIXTURES, name)));

/** What the processor hands a reducer: the stored row id, its type and its event time. */
const stored = (id: bigint, event: NormalizedEvent): StoredEvent => ({ id, type: event.type, event, at: new Date(event.eventAt) });

const emptyWorld = (storedMessages: bigint[] = []): World => ({
  sessions: new Map(),
  agents: new Map(),
  storedMessages: new Set(storedMessages),
});

const apply = (world: World, e: StoredEvent): Change => reducerFor(e.type)(world, e);

/** Session webhooks for one conversation, at Unix seconds `t`. */
const chat = (role: string, message: string, t: number, sessionId = SESSION) =>
  parsed({ agent_id: AGENT, event_type: 'chat.push', data: { role, message, session_id: sessionId, timestamp: t }, timestamp: t });
const join = (t: number, participantCount: number, sessionId = SESSION) =>
  parsed({ agent_id: AGENT, event_type: 'room.join', data: { room_name: 'customer-support-room', participant_count: participantCount, session_id: sessionId }, timestamp: t });
const end = (t: number, sessionId = SESSION) =>
  parsed({ agent_id: AGENT, event_type: 'session.end', data: { session_id: sessionId }, timestamp: t });

/**
 * Runs events through their reducers in the given order the way Processor.applyBatch does:
 * each change's session and agent go back into the world before the next event.
 */
function runBatch(events: StoredEvent[], storedMessages: bigint[] = []) {
  const sessions = new Map<string, SessionState>();
  const agents = new Map<string, AgentState>();
  const world: World = { sessions, agents, storedMessages: new Set(storedMessages) };
  const changes: Change[] = [];
  for (const e of events) {
    const change = apply(world, e);
    if (change.session) sessions.set(change.session.id, change.session);
    if (change.agent) agents.set(change.agent.id, change.agent);
    changes.push(change);
  }
  return { sessions, agents, changes };
}

describe('reducerFor("room.join")', () => {
  it('opens an active session with the room, head count and join time from the webhook', () => {
    const change = apply(emptyWorld(), stored(1n, fixture('room.join.json')));
    expect(change.session).toMatchObject({
      id: SESSION,
      agentId: AGENT,
      roomName: 'customer-support-room',
      participantCount: 1,
      status: 'active',
      startedAt: new Date(1705312200_000),
      endedAt: null,
      messageCount: 0,
      lastEventId: 1n,
    });
    expect(change.message).toBeUndefined();
  });

  it('updates the session already in the world rather than starting a new one', () => {
    const first = apply(emptyWorld(), stored(1n, join(100, 1))).session!;
    const world: World = { ...emptyWorld(), sessions: new Map([[SESSION, first]]) };
    const change = apply(world, stored(2n, join(160, 3)));
    expect(change.session).toMatchObject({ participantCount: 3, startedAt: new Date(100_000), lastActivityAt: new Date(160_000) });
  });
});

describe('reducerFor("chat.push")', () => {
  it('stores the user line with its role, text and the event time as sentAt', () => {
    const change = apply(emptyWorld(), stored(5n, fixture('chat.push.user.json')));
    expect(change.message).toEqual({
      sessionId: SESSION,
      eventId: 5n,
      role: 'user',
      text: 'I need help with my order #12345',
      sentAt: new Date(1705312285_000),
      sentiment: expect.closeTo(0.40, 1), // "help" reads mildly positive to VADER
    });
  });

  it('scores the sentiment of each line: negative for an angry user', () => {
    const change = apply(emptyWorld(), stored(9n, chat('user', 'This is terrible, I am furious!', 10)));
    expect(change.message!.sentiment).toBeLessThan(-0.5);
  });

  it('stores the avatar line as role assistant at its fractional-second time', () => {
    const change = apply(emptyWorld(), stored(6n, fixture('chat.push.assistant.json')));
    expect(change.message).toMatchObject({
      role: 'assistant',
      text: 'Of course. Could you tell me what went wrong with order #12345?',
      sentAt: new Date(1705312289_500),
    });
  });

  it('stores a role spelled "agent" by bitHuman as an assistant line', () => {
    expect(apply(emptyWorld(), stored(7n, chat('agent', 'hello', 10))).message?.role).toBe('assistant');
  });

  it('counts the message on the session it belongs to', () => {
    const change = apply(emptyWorld(), stored(5n, fixture('chat.push.user.json')));
    expect(change.session).toMatchObject({
      id: SESSION,
      status: 'active',
      messageCount: 1,
      userMessageCount: 1,
      avatarMessageCount: 0,
      lastActivityAt: new Date(1705312285_000),
    });
  });

  it('changes nothing when its transcript line is already stored (a replay must not count twice)', () => {
    const session = apply(emptyWorld(), stored(5n, fixture('chat.push.user.json'))).session!;
    const world: World = { sessions: new Map([[SESSION, session]]), agents: new Map(), storedMessages: new Set([5n]) };
    expect(apply(world, stored(5n, fixture('chat.push.user.json')))).toEqual({});
  });

  it('still counts a different message of the same session when another one is already stored', () => {
    const change = apply(emptyWorld([5n]), stored(6n, fixture('chat.push.assistant.json')));
    expect(change.message?.eventId).toBe(6n);
    expect(change.session?.avatarMessageCount).toBe(1);
  });
});

describe('reducerFor("session.end")', () => {
  it('ends the session at the event time', () => {
    const { sessions } = runBatch([stored(1n, join(100, 1)), stored(2n, chat('user', 'hi', 110))]);
    const change = apply({ ...emptyWorld(), sessions }, stored(3n, end(130)));
    expect(change.session).toMatchObject({ status: 'ended', endedAt: new Date(130_000), messageCount: 1, lastEventId: 3n });
  });

  it('returns the ended session without changing the world it read (the processor writes it back)', () => {
    const { sessions } = runBatch([stored(1n, join(100, 1))]);
    apply({ ...emptyWorld(), sessions }, stored(2n, end(130)));
    expect(sessions.get(SESSION)?.status).toBe('active');
  });
});

describe('a conversation whose webhooks arrive out of order, applied like one processing batch', () => {
  // Happened: join 100s, user 110s, avatar 112s, user 120s, avatar 125s, end 130s.
  const arrival = [
    stored(4n, chat('assistant', 'Sure, what is the order number?', 112)),
    stored(6n, end(130)),
    stored(3n, chat('user', 'I need help', 110)),
    stored(7n, chat('assistant', 'Found it.', 125)),
    stored(2n, join(100, 1)),
    stored(5n, chat('user', '12345', 120)),
  ];

  it('counts every message once, per role, and ends the session at the end time', () => {
    const { sessions } = runBatch(arrival);
    expect(sessions.get(SESSION)).toEqual({
      id: SESSION,
      agentId: AGENT,
      roomName: 'customer-support-room',
      participantCount: 1,
      status: 'ended',
      startedAt: new Date(100_000),
      lastActivityAt: new Date(130_000),
      endedAt: new Date(130_000),
      lastJoinAt: new Date(100_000),
      messageCount: 4,
      userMessageCount: 2,
      avatarMessageCount: 2,
      lastEventId: 7n,
      escalatedAt: null,
      escalatedBy: null,
    });
  });

  it('gives every transcript line its own event time, whatever the arrival order', () => {
    const { changes } = runBatch(arrival);
    const lines = changes.flatMap((c) => (c.message ? [c.message] : [])).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    expect(lines.map((m) => [m.role, m.text, m.sentAt.getTime()])).toEqual([
      ['user', 'I need help', 110_000],
      ['assistant', 'Sure, what is the order number?', 112_000],
      ['user', '12345', 120_000],
      ['assistant', 'Found it.', 125_000],
    ]);
  });

  it('counts only the new messages when the batch is replayed after its lines were stored', () => {
    const { sessions } = runBatch([...arrival, stored(8n, chat('user', 'thanks', 128))], [3n, 4n, 5n, 7n]);
    // The replayed lines are skipped; only event 8 is a new message.
    expect(sessions.get(SESSION)).toMatchObject({ messageCount: 1, userMessageCount: 1, avatarMessageCount: 0, status: 'ended' });
  });

  it('keeps two sessions of the same agent apart', () => {
    const { sessions } = runBatch([
      stored(1n, chat('user', 'a', 10, 'session_a')),
      stored(2n, chat('user', 'b', 11, 'session_b')),
      stored(3n, chat('assistant', 'a', 12, 'session_a')),
      stored(4n, end(20, 'session_b')),
    ]);
    expect(sessions.get('session_a')).toMatchObject({ messageCount: 2, status: 'active' });
    expect(sessions.get('session_b')).toMatchObject({ messageCount: 1, status: 'ended' });
  });

  it('marks the agent active and remembers its newest event', () => {
    const { agents } = runBatch(arrival);
    expect(agents.get(AGENT)).toEqual({
      id: AGENT,
      status: 'active',
      lastError: null,
      statusAt: new Date(125_000), // the newest event with a status: session.end at 130 s has none
      firstSeenAt: new Date(100_000),
      lastEventAt: new Date(130_000),
      lastEventId: 7n,
    });
  });
});

describe('agent changes', () => {
  it('agent.ready marks the agent ready', () => {
    const change = apply(emptyWorld(), stored(1n, fixture('agent.ready.json')));
    expect(change).toEqual({
      agent: {
        id: 'A91XMB7113',
        status: 'ready',
        lastError: null,
        statusAt: new Date(1780417371_000),
        firstSeenAt: new Date(1780417371_000),
        lastEventAt: new Date(1780417371_000),
        lastEventId: 1n,
      },
    });
  });

  it('agent.failed marks the agent failed with the error it carries', () => {
    const change = apply(emptyWorld(), stored(1n, fixture('agent.failed.json')));
    expect(change.agent).toMatchObject({ id: 'A91XMB7114', status: 'failed', lastError: 'generation_timeout' });
    expect(change.session).toBeUndefined();
  });

  it('agent.failed without an error records "unknown error"', () => {
    const e = parsed({ id: 'evt_1', event: 'agent.failed', created: 100, data: { agent_id: 'A1' } });
    expect(apply(emptyWorld(), stored(1n, e)).agent).toMatchObject({ status: 'failed', lastError: 'unknown error' });
  });

  it('an agent event naming the agent only by code updates that agent', () => {
    const e = parsed({ id: 'evt_2', event: 'agent.ready', created: 100, data: { code: 'A_CODE' } });
    expect(apply(emptyWorld(), stored(1n, e)).agent).toMatchObject({ id: 'A_CODE', status: 'ready' });
  });

  it.each([
    ['video.started', 'active'],
    ['video.generated', 'active'],
    ['video.failed', 'failed'],
  ])('%s moves the agent to %s', (type, status) => {
    const e = parsed({ id: `evt_${type}`, event: type, created: 100, data: { agent_id: 'A1' } });
    expect(apply(emptyWorld(), stored(1n, e))).toEqual({
      agent: expect.objectContaining({ id: 'A1', status }),
    });
  });

  it('an unknown agent.* type keeps the agent row current without inventing a status', () => {
    const ready = apply(emptyWorld(), stored(1n, parsed({ id: 'e1', event: 'agent.ready', created: 100, data: { agent_id: 'A1' } }))).agent!;
    const world: World = { ...emptyWorld(), agents: new Map([['A1', ready]]) };
    const change = apply(world, stored(2n, parsed({ id: 'e2', event: 'agent.updated', created: 200, data: { agent_id: 'A1' } })));
    expect(change.agent).toMatchObject({ status: 'ready', lastEventAt: new Date(200_000), lastEventId: 2n });
  });

  it('an agent event that names no agent changes nothing', () => {
    const e = parsed({ id: 'evt_3', event: 'agent.ready', created: 100, data: {} });
    expect(apply(emptyWorld(), stored(1n, e))).toEqual({});
  });

  it.each([
    ['room.join', () => join(100, 1)],
    ['chat.push', () => chat('user', 'hi', 100)],
    ['session.end', () => end(100)],
  ])('a %s with an agent id changes both the session and the agent', (_type, event) => {
    const change = apply(emptyWorld(), stored(1n, event()));
    expect(change.session?.id).toBe(SESSION);
    expect(change.agent).toMatchObject({ id: AGENT, lastEventAt: new Date(100_000), lastEventId: 1n });
  });

  it('a session event without an agent id changes only the session', () => {
    const e = parsed({ event_type: 'chat.push', data: { role: 'user', message: 'hi', session_id: SESSION }, timestamp: 100 });
    const change = apply(emptyWorld(), stored(1n, e));
    expect(change.session?.messageCount).toBe(1);
    expect(change.agent).toBeUndefined();
  });
});

describe('events that are only shown in the feed', () => {
  it('the bitHuman test webhook changes nothing, although it names an agent', () => {
    const e = fixture('test.json');
    expect(e.agentId).toBe('test_agent_123');
    expect(apply(emptyWorld(), stored(1n, e))).toEqual({});
  });

  it.each([
    ['ping', { event_type: 'ping', agent_id: AGENT, timestamp: 100 }],
    ['an unknown type', { event_type: 'billing.updated', agent_id: AGENT, data: { session_id: SESSION }, timestamp: 100 }],
  ])('%s changes nothing', (_name, body) => {
    expect(apply(emptyWorld(), stored(1n, parsed(body)))).toEqual({});
  });
});

describe('a session event without a session id', () => {
  // The processor catches the throw and marks only that event failed.
  const noSession = (type: string): StoredEvent => ({
    id: 9n,
    type,
    event: { source: 'session', type, rawType: type, agentId: AGENT, sessionId: null, deliveryId: null, eventAt: 100_000, data: { role: 'user', message: 'hi' } },
    at: new Date(100_000),
  });

  it.each(['room.join', 'chat.push', 'session.end'])('%s throws, naming the type', (type) => {
    expect(() => apply(emptyWorld(), noSession(type))).toThrow(`${type} event without a session id`);
  });
});
