import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../server/ingest/normalize';
import type { Headers } from '../../server/ingest/verify';

const RECEIVED_AT = 1_780_000_000_000;

function keyOf(body: string | object, headers: Headers = {}, receivedAt = RECEIVED_AT): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const result = parseWebhook(Buffer.from(text, 'utf8'), headers, receivedAt);
  if (!result.ok) throw new Error(`expected the webhook to parse, got: ${result.message}`);
  return result.dedupKey;
}

const chat = {
  agent_id: 'agent_customer_support',
  event_type: 'chat.push',
  data: { role: 'user', message: 'I need help with my order', session_id: 'session_xyz789', timestamp: 1705312285.0 },
  timestamp: 1705312285.0,
};
const withData = (data: Partial<typeof chat.data>) => ({ ...chat, data: { ...chat.data, ...data } });

const join = {
  agent_id: 'agent_customer_support',
  event_type: 'room.join',
  data: { room_name: 'support-room', participant_count: 1, session_id: 'session_xyz789' },
  timestamp: 1705312200.0,
};

describe('the dedup key of a session event', () => {
  it('is equal for the same chat.push delivered twice, even at different receive times', () => {
    expect(keyOf(chat, {}, RECEIVED_AT)).toBe(keyOf(chat, {}, RECEIVED_AT + 5_000));
  });

  it('is equal when the second delivery has a different key order and whitespace', () => {
    const reordered =
      '{\n  "timestamp": 1705312285.0,\n  "data": {"timestamp": 1705312285.0, "session_id": "session_xyz789",' +
      ' "message": "I need help with my order", "role": "user"},\n  "event_type": "chat.push",\n  "agent_id": "agent_customer_support"\n}';
    expect(keyOf(reordered)).toBe(keyOf(chat));
  });

  it('is equal for a room.join whose data keys arrive in a different order', () => {
    const reordered = { ...join, data: { session_id: 'session_xyz789', participant_count: 1, room_name: 'support-room' } };
    expect(keyOf(reordered)).toBe(keyOf(join));
  });

  it('is equal for the same event spelled with camelCase and snake_case keys', () => {
    const camel = {
      agentId: chat.agent_id,
      eventType: 'chat.push',
      data: { role: 'user', message: chat.data.message, sessionId: chat.data.session_id, timestamp: chat.data.timestamp },
      timestamp: chat.timestamp,
    };
    expect(keyOf(camel)).toBe(keyOf(chat));
  });

  it('differs when the message text differs', () => {
    expect(keyOf(withData({ message: 'I need help with my order!' }))).not.toBe(keyOf(chat));
  });

  it('differs when the role differs', () => {
    expect(keyOf(withData({ role: 'assistant' }))).not.toBe(keyOf(chat));
  });

  it('differs when the session differs', () => {
    expect(keyOf(withData({ session_id: 'session_other' }))).not.toBe(keyOf(chat));
  });

  it('differs when the event type differs', () => {
    const end = { ...join, event_type: 'session.end' };
    expect(keyOf(end)).not.toBe(keyOf(join));
  });

  it('differs when the event timestamp differs (the same words said twice)', () => {
    const later = { ...chat, data: { ...chat.data, timestamp: 1705312290.0 }, timestamp: 1705312290.0 };
    expect(keyOf(later)).not.toBe(keyOf(chat));
  });

  it('differs for a room.join with a different head count at the same time', () => {
    const second = { ...join, data: { ...join.data, participant_count: 2 } };
    expect(keyOf(second)).not.toBe(keyOf(join));
  });

  it('differs between a real event and the same body sent as a test (X-Test-Webhook)', () => {
    expect(keyOf(chat, { 'x-test-webhook': 'true' })).not.toBe(keyOf(chat));
  });

  it('does not merge two deliveries without any timestamp received at different times', () => {
    const untimed = { agent_id: 'a', event_type: 'chat.push', data: { role: 'user', message: 'yes', session_id: 's' } };
    expect(keyOf(untimed, {}, RECEIVED_AT)).not.toBe(keyOf(untimed, {}, RECEIVED_AT + 1));
  });

  it('does not let an untimed event collide with a timed one whose time equals the receive time', () => {
    const untimed = { event_type: 'chat.push', data: { role: 'user', message: 'yes', session_id: 's' } };
    const timed = { ...untimed, timestamp: RECEIVED_AT / 1000 };
    expect(keyOf(untimed, {}, RECEIVED_AT)).not.toBe(keyOf(timed, {}, RECEIVED_AT));
  });
});

describe('the dedup key of an API event', () => {
  const event = { id: 'evt_a1b2c3d4e5', event: 'agent.ready', created: 1780417371, data: { agent_id: 'A91XMB7113' } };

  it('is the same for a retry with the same id and a different delivery header', () => {
    expect(keyOf(event, { 'x-bithuman-delivery': 'dlv_1' })).toBe(keyOf(event, { 'x-bithuman-delivery': 'dlv_2' }));
  });

  it('is the same for a retry received later', () => {
    expect(keyOf(event, {}, RECEIVED_AT)).toBe(keyOf(event, {}, RECEIVED_AT + 60_000));
  });

  it('differs for a different event id', () => {
    expect(keyOf({ ...event, id: 'evt_other' })).not.toBe(keyOf(event));
  });

  it('never equals the key of a session event', () => {
    expect(keyOf(event)).not.toBe(keyOf(chat));
  });
});
