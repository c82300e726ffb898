import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook, type ParseResult } from '../../server/ingest/normalize';
import type { Headers } from '../../server/ingest/verify';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'bithuman');
const RECEIVED_AT = 1_780_000_000_000;

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/** A copy of an object without one key (a body where that field was never sent). */
function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

function parseOk(body: Buffer | unknown, headers: Headers = {}) {
  const result: ParseResult = parseWebhook(Buffer.isBuffer(body) ? body : raw(body), headers, RECEIVED_AT);
  if (!result.ok) throw new Error(`expected the webhook to parse, got: ${result.message}`);
  return result.event;
}

function parseError(body: Buffer | unknown, headers: Headers = {}): string {
  const result = parseWebhook(Buffer.isBuffer(body) ? body : raw(body), headers, RECEIVED_AT);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('parseWebhook() on the recorded bitHuman fixtures', () => {
  it('parses every fixture file', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(parseWebhook(fixture(f), {}, RECEIVED_AT).ok, f).toBe(true);
  });

  it('room.join.json becomes a session room.join with room and head count', () => {
    expect(parseOk(fixture('room.join.json'))).toEqual({
      source: 'session',
      type: 'room.join',
      rawType: 'room.join',
      agentId: 'agent_customer_support',
      sessionId: 'session_xyz789',
      deliveryId: null,
      eventAt: 1705312200000,
      data: { room_name: 'customer-support-room', participant_count: 1, session_id: 'session_xyz789' },
    });
  });

  it('chat.push.user.json becomes a user message at its message time', () => {
    const e = parseOk(fixture('chat.push.user.json'));
    expect(e).toMatchObject({
      source: 'session',
      type: 'chat.push',
      agentId: 'agent_customer_support',
      sessionId: 'session_xyz789',
      eventAt: 1705312285000,
    });
    expect(e.data.role).toBe('user');
    expect(e.data.message).toBe('I need help with my order #12345');
  });

  it('chat.push.assistant.json becomes an assistant message with the fractional second kept in ms', () => {
    const e = parseOk(fixture('chat.push.assistant.json'));
    expect(e).toMatchObject({ source: 'session', type: 'chat.push', sessionId: 'session_xyz789', eventAt: 1705312289500 });
    expect(e.data.role).toBe('assistant');
    expect(e.data.message).toBe('Of course. Could you tell me what went wrong with order #12345?');
  });

  it('test.json (the dashboard Test button) is marked as a test event', () => {
    const e = parseOk(fixture('test.json'), { 'x-test-webhook': 'true' });
    expect(e).toMatchObject({
      source: 'test',
      type: 'test',
      agentId: 'test_agent_123',
      sessionId: null,
      eventAt: 1705312300000,
    });
    expect(e.data.message).toBe('Webhook test from bitHuman');
  });

  it('test.json is a test event by its type even without the X-Test-Webhook header', () => {
    expect(parseOk(fixture('test.json')).source).toBe('test');
  });

  it('agent.ready.json becomes an API event for the agent, keyed by delivery', () => {
    const e = parseOk(fixture('agent.ready.json'), { 'x-bithuman-delivery': 'dlv_123' });
    expect(e).toEqual({
      source: 'api',
      type: 'agent.ready',
      rawType: 'agent.ready',
      agentId: 'A91XMB7113',
      sessionId: null,
      deliveryId: 'dlv_123',
      eventAt: 1780417371000,
      data: { agent_id: 'A91XMB7113', code: 'A91XMB7113' },
    });
  });

  it('agent.failed.json keeps the error text', () => {
    const e = parseOk(fixture('agent.failed.json'));
    expect(e).toMatchObject({ source: 'api', type: 'agent.failed', agentId: 'A91XMB7114', eventAt: 1780417400000 });
    expect(e.data.error).toBe('generation_timeout');
  });
});

describe('parseWebhook() folds the field drift seen in the wild', () => {
  const chat = {
    agent_id: 'agent_1',
    event_type: 'chat.push',
    data: { role: 'user', message: 'hello', session_id: 'sess_1', timestamp: 1705312285 },
    timestamp: 1705312285,
  };

  it('reads agent_code as the agent id', () => {
    expect(parseOk({ ...without(chat, 'agent_id'), agent_code: 'agent_from_code' }).agentId).toBe('agent_from_code');
  });

  it('prefers agent_id when both agent_id and agent_code are sent', () => {
    expect(parseOk({ ...chat, agent_code: 'other' }).agentId).toBe('agent_1');
  });

  it('maps room_join to room.join and keeps the raw spelling', () => {
    const e = parseOk({ agent_id: 'a', event_type: 'room_join', data: { session_id: 's', room_name: 'r', participant_count: 2 }, timestamp: 1 });
    expect(e.type).toBe('room.join');
    expect(e.rawType).toBe('room_join');
    expect(e.data.participant_count).toBe(2);
  });

  it('maps chat_push to chat.push', () => {
    const e = parseOk({ ...chat, event_type: 'chat_push' });
    expect(e.type).toBe('chat.push');
    expect(e.data.message).toBe('hello');
  });

  it('maps session_end to session.end', () => {
    const e = parseOk({ agent_id: 'a', event_type: 'session_end', data: { session_id: 'sess_9' }, timestamp: 1705312400 });
    expect(e).toMatchObject({ type: 'session.end', sessionId: 'sess_9', eventAt: 1705312400000 });
  });

  it('reads camelCase keys (agentId, eventType, sessionId, roomName, participantCount)', () => {
    const e = parseOk({
      agentId: 'agent_camel',
      eventType: 'room.join',
      data: { sessionId: 'sess_camel', roomName: 'camel-room', participantCount: 3 },
      timestamp: 1705312200,
    });
    expect(e).toMatchObject({ type: 'room.join', agentId: 'agent_camel', sessionId: 'sess_camel' });
    expect(e.data.room_name).toBe('camel-room');
    expect(e.data.participant_count).toBe(3);
  });

  it('reads a camelCase agentCode as the agent id', () => {
    const e = parseOk({ agentCode: 'agent_cc', eventType: 'chat.push', data: { sessionId: 's', role: 'user', message: 'x' }, timestamp: 5 });
    expect(e.agentId).toBe('agent_cc');
  });

  it.each(['agent', 'AGENT', 'avatar', 'Assistant'])('treats role "%s" as assistant', (role) => {
    expect(parseOk({ ...chat, data: { ...chat.data, role } }).data.role).toBe('assistant');
  });

  it('treats role "USER" as user', () => {
    expect(parseOk({ ...chat, data: { ...chat.data, role: 'USER' } }).data.role).toBe('user');
  });

  it('marks an event sent with X-Test-Webhook: true as a test event', () => {
    expect(parseOk(chat, { 'x-test-webhook': 'true' }).source).toBe('test');
    expect(parseOk(chat, { 'x-test-webhook': 'TRUE' }).source).toBe('test');
    expect(parseOk(chat, { 'x-test-webhook': 'false' }).source).toBe('session');
    expect(parseOk(chat).source).toBe('session');
  });
});

describe('parseWebhook() on API events ({id, event, created, data})', () => {
  const apiEvent = { id: 'evt_1', event: 'video.generated', created: 1780417371.25, data: { agent_id: 'A1', session_id: 'sess_v' } };

  it('takes the delivery id from X-BitHuman-Delivery', () => {
    const e = parseOk(apiEvent, { 'x-bithuman-delivery': 'dlv_42', 'x-bithuman-event': 'video.generated' });
    expect(e).toMatchObject({
      source: 'api',
      type: 'video.generated',
      agentId: 'A1',
      sessionId: 'sess_v',
      deliveryId: 'dlv_42',
      eventAt: 1780417371250,
    });
  });

  it('falls back to the body id when there is no delivery header', () => {
    expect(parseOk(apiEvent).deliveryId).toBe('evt_1');
  });

  it('uses data.code as the agent id when agent_id is absent', () => {
    expect(parseOk({ ...apiEvent, event: 'agent.ready', data: { code: 'A77' } }).agentId).toBe('A77');
  });

  it('uses the receive time when created is missing', () => {
    expect(parseOk(without(apiEvent, 'created')).eventAt).toBe(RECEIVED_AT);
  });

  it('rejects an API event without an id, naming the field', () => {
    expect(parseError(without(apiEvent, 'id'))).toMatch(/^id: /);
  });
});

describe('parseWebhook() keeps unknown event types', () => {
  it('parses an unknown session event type and keeps the raw type', () => {
    const e = parseOk({ agent_id: 'a', event_type: 'avatar.Mood_Changed', data: { session_id: 's1', mood: 'happy' }, timestamp: 10 });
    expect(e.rawType).toBe('avatar.Mood_Changed');
    expect(e.type).toBe('avatar.mood_changed');
    expect(e.sessionId).toBe('s1');
    expect(e.data.mood).toBe('happy');
  });

  it('parses an unknown API event type and keeps the raw type', () => {
    const e = parseOk({ id: 'evt_x', event: 'billing.updated', created: 10, data: {} });
    expect(e).toMatchObject({ source: 'api', rawType: 'billing.updated', type: 'billing.updated' });
  });

  it('parses a ping without data', () => {
    const e = parseOk({ event_type: 'ping' });
    expect(e).toMatchObject({ type: 'ping', agentId: null, sessionId: null, eventAt: RECEIVED_AT, data: {} });
  });
});

describe('parseWebhook() reads the event time', () => {
  const base = { agent_id: 'a', event_type: 'room.join', data: { session_id: 's' } };

  it('reads Unix seconds given as a numeric string', () => {
    expect(parseOk({ ...base, timestamp: '1705312200.5' }).eventAt).toBe(1705312200500);
  });

  it('reads an ISO date', () => {
    expect(parseOk({ ...base, timestamp: '2024-01-15T09:50:00Z' }).eventAt).toBe(Date.UTC(2024, 0, 15, 9, 50, 0));
    expect(parseOk({ ...base, timestamp: '2024-01-15T10:50:00+01:00' }).eventAt).toBe(Date.UTC(2024, 0, 15, 9, 50, 0));
  });

  it('uses the receive time when the event has no timestamp', () => {
    expect(parseOk(base).eventAt).toBe(RECEIVED_AT);
  });

  it('uses data.timestamp of a chat.push over the envelope timestamp', () => {
    const e = parseOk({
      agent_id: 'a',
      event_type: 'chat.push',
      data: { session_id: 's', role: 'user', message: 'hi', timestamp: 1705312285.25 },
      timestamp: 1705312299,
    });
    expect(e.eventAt).toBe(1705312285250);
  });

  it('reads a chat.push data.timestamp given as an ISO date', () => {
    const e = parseOk({
      event_type: 'chat.push',
      data: { session_id: 's', role: 'user', message: 'hi', timestamp: '2024-01-15T09:58:05.000Z' },
      timestamp: 1705312299,
    });
    expect(e.eventAt).toBe(Date.UTC(2024, 0, 15, 9, 58, 5));
  });

  it('rejects a timestamp that is neither seconds nor an ISO date, naming the field', () => {
    expect(parseError({ ...base, timestamp: 'yesterday' })).toContain('timestamp');
  });
});

describe('parseWebhook() refuses what it cannot store', () => {
  const chatData = { session_id: 's', role: 'user', message: 'hi' };

  it('refuses a body that is not JSON', () => {
    expect(parseError(Buffer.from('{"event_type": "chat.push",'))).toMatch(/not valid JSON/);
  });

  it('refuses a JSON array', () => {
    expect(parseError(Buffer.from('[{"event_type":"ping"}]'))).toBe('body must be a JSON object');
  });

  it('refuses JSON null and a bare string', () => {
    expect(parseError(Buffer.from('null'))).toBe('body must be a JSON object');
    expect(parseError(Buffer.from('"room.join"'))).toBe('body must be a JSON object');
  });

  it('refuses an event without event_type, naming event_type', () => {
    expect(parseError({ agent_id: 'a', data: chatData })).toContain('event_type');
  });

  it('refuses a chat.push without data.message, naming data.message', () => {
    expect(parseError({ event_type: 'chat.push', data: { session_id: 's', role: 'user' } })).toContain('data.message');
  });

  it('refuses a chat.push whose message is not a string, naming data.message', () => {
    expect(parseError({ event_type: 'chat.push', data: { ...chatData, message: 42 } })).toContain('data.message');
  });

  it('refuses a chat.push with an unknown role, naming data.role', () => {
    expect(parseError({ event_type: 'chat.push', data: { ...chatData, role: 'narrator' } })).toContain('data.role');
  });

  it('refuses a chat.push without session_id, naming data.session_id', () => {
    expect(parseError({ event_type: 'chat.push', data: { role: 'user', message: 'hi' } })).toContain('data.session_id');
  });

  it('refuses a room.join with a blank session_id, naming data.session_id', () => {
    expect(parseError({ event_type: 'room.join', data: { session_id: '   ' } })).toContain('data.session_id');
  });
});

describe('parseWebhook() and the NUL character (PostgreSQL cannot store U+0000)', () => {
  const nulBody = Buffer.from(
    '{"event_type":"chat.push","data":{"session_id":"s","role":"user","message":"before\\u0000after"},"timestamp":5}',
    'utf8',
  );

  it('replaces a NUL in a message instead of throwing', () => {
    const e = parseOk(nulBody);
    expect(e.data.message).toBe('before\uFFFDafter');
  });

  it('leaves no NUL anywhere in the stored payload', () => {
    expect(JSON.stringify(parseOk(nulBody))).not.toContain('\\u0000');
  });

  it('leaves no NUL in the stored payload when a key contains one', () => {
    const body = Buffer.from('{"event_type":"ping","data":{"odd\\u0000key":1}}', 'utf8');
    expect(JSON.stringify(parseOk(body))).not.toContain('\\u0000');
  });
});
