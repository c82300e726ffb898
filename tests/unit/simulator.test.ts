import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FRUSTRATION_MARKERS } from '../../scripts/simulator/content';
import {
  conversationStream,
  generateConversation,
  type Conversation,
  type Mood,
} from '../../scripts/simulator/conversation';
import { apiEvent, chatPushEvent, roomJoinEvent, sessionEndEvent } from '../../scripts/simulator/events';
import { parseOptions, resolveAuth, webhookEndpoint } from '../../scripts/simulator/options';
import { createRng } from '../../scripts/simulator/random';
import {
  apiEventHeaders,
  sessionAuthHeaders,
  signApiBody,
  signSessionBody,
} from '../../scripts/simulator/signing';

// The words the brief names for a frustrated user, checked independently of the simulator's list.
const BRIEF_WORDS = ['frustrated', 'angry', 'terrible', 'awful', 'useless', 'already told you'];
const markerRe = (words: readonly string[]) =>
  new RegExp(`\\b(${words.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`, 'i');
const ANY_FRUSTRATION = markerRe([...BRIEF_WORDS, ...FRUSTRATION_MARKERS]);

// An independent word-overlap measure: Jaccard over content words.
const STOP = new Set(
  ('a an the i me my we our you your it is are am do does did can could would will to of for on in at ' +
    'be this that there any what which how when where with and or so just still get possible some way')
    .split(' '),
);
const words = (s: string) =>
  new Set(s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOP.has(w)));
function similarity(a: string, b: string): number {
  const A = words(a);
  const B = words(b);
  let inter = 0;
  for (const w of A) if (B.has(w)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 0 : inter / union;
}
function maxUserSimilarity(conv: Conversation): number {
  const qs = conv.turns.filter((t) => t.role === 'user').map((t) => t.message);
  let max = 0;
  for (let i = 0; i < qs.length; i++)
    for (let j = i + 1; j < qs.length; j++) max = Math.max(max, similarity(qs[i]!, qs[j]!));
  return max;
}

function many(mood: Mood, n = 400): Conversation[] {
  const rng = createRng(`test-${mood}`);
  return Array.from({ length: n }, () => generateConversation(rng, { mood }));
}

describe('signing', () => {
  const secret = 'dev_secret_0123456789abcdef';

  it('session signature verifies with an independent HMAC over the exact body bytes', () => {
    const conv = generateConversation(createRng('sig'), { mood: 'calm' });
    const body = Buffer.from(JSON.stringify(chatPushEvent(conv, conv.turns[0]!, 1_705_312_285_123)), 'utf8');
    const headers = sessionAuthHeaders({ kind: 'signature', secret }, body);
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(headers['X-bitHuman-Signature']).toBe(`sha256=${expected}`);
    expect(signSessionBody(secret, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    // a different secret or a changed byte gives a different signature
    expect(signSessionBody('other', body)).not.toBe(headers['X-bitHuman-Signature']);
    expect(signSessionBody(secret, Buffer.concat([body, Buffer.from(' ')]))).not.toBe(
      headers['X-bitHuman-Signature'],
    );
  });

  it('signs non-ASCII bodies over their UTF-8 bytes', () => {
    const body = JSON.stringify({ message: 'Grüße — ¿qué tal? 日本語' });
    expect(signSessionBody(secret, body)).toBe(
      `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`,
    );
  });

  it('API signature is HMAC over "<timestamp>.<raw body>" with the whsec_ secret as-is', () => {
    const apiSecret = 'whsec_abc123';
    const ev = apiEvent(createRng('api'), 1_780_417_371_500);
    const body = JSON.stringify(ev);
    const h = apiEventHeaders(apiSecret, ev.event, ev.id, ev.created, body);
    const expected = createHmac('sha256', apiSecret).update(`${ev.created}.${body}`).digest('hex');
    expect(h['X-BitHuman-Signature']).toBe(`sha256=${expected}`);
    expect(h['X-BitHuman-Timestamp']).toBe('1780417371');
    expect(h['X-BitHuman-Delivery']).toBe(ev.id);
    expect(h['X-BitHuman-Event']).toBe(ev.event);
    expect(signApiBody(apiSecret, ev.created + 1, body)).not.toBe(h['X-BitHuman-Signature']);
    expect(ev.id).toMatch(/^evt_[0-9a-f]{10}$/);
    expect(['agent.ready', 'agent.failed']).toContain(ev.event);
  });

  it('token mode sends Bearer in Authorization and the bare token in other headers', () => {
    expect(sessionAuthHeaders({ kind: 'token', token: 't0k', header: 'Authorization' }, '{}')).toEqual({
      Authorization: 'Bearer t0k',
    });
    expect(sessionAuthHeaders({ kind: 'token', token: 't0k', header: 'X-API-Key' }, '{}')).toEqual({
      'X-API-Key': 't0k',
    });
  });
});

describe('payload shapes', () => {
  it('match the bitHuman session event shapes', () => {
    const conv = generateConversation(createRng('shape'), { mood: 'calm', theme: 'order' });
    const join = roomJoinEvent(conv, 1_705_312_200_250);
    expect(join).toEqual({
      agent_id: 'agent_customer_support',
      event_type: 'room.join',
      data: { room_name: 'customer-support-room', participant_count: conv.participantCount, session_id: conv.sessionId },
      timestamp: 1705312200.25,
    });
    const push = chatPushEvent(conv, conv.turns[1]!, 1_705_312_289_500);
    expect(push.event_type).toBe('chat.push');
    expect(push.data).toEqual({
      role: 'assistant',
      message: conv.turns[1]!.message,
      session_id: conv.sessionId,
      timestamp: 1705312289.5,
    });
    expect(push.timestamp).toBe(1705312289.5);
    expect(sessionEndEvent(conv, 1_705_312_300_000)).toEqual({
      agent_id: 'agent_customer_support',
      event_type: 'session_end',
      data: { session_id: conv.sessionId },
      timestamp: 1705312300,
    });
  });
});

describe('conversation generation', () => {
  it('the same seed produces the same conversations, another seed different ones', () => {
    const a = conversationStream('seed-42', 0);
    const b = conversationStream('seed-42', 0);
    const c = conversationStream('seed-43', 0);
    const runA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(runA);
    expect(c().sessionId).not.toBe(runA[0]!.sessionId);
    // slots of one run are independent streams
    expect(conversationStream('seed-42', 1)().sessionId).not.toBe(runA[0]!.sessionId);
  });

  it('alternates user and assistant with 4-12 turns and human-like delays', () => {
    for (const mood of ['calm', 'frustrated', 'repeater'] as const) {
      for (const conv of many(mood, 200)) {
        expect(conv.turns.length).toBeGreaterThanOrEqual(4);
        expect(conv.turns.length).toBeLessThanOrEqual(12);
        conv.turns.forEach((t, i) => {
          expect(t.role).toBe(i % 2 === 0 ? 'user' : 'assistant');
          expect(t.message).not.toMatch(/\{\w+\}/); // placeholders filled
          if (t.role === 'user') {
            expect(t.delaySec).toBeGreaterThanOrEqual(2);
            expect(t.delaySec).toBeLessThanOrEqual(8);
          } else {
            expect(t.delaySec).toBeGreaterThanOrEqual(0.8);
            expect(t.delaySec).toBeLessThanOrEqual(3);
          }
        });
        expect(conv.sessionId).toMatch(/^session_[0-9a-f]{12}$/);
      }
    }
  });

  it('calm conversations contain no frustration words and no repeated user question', () => {
    for (const conv of many('calm')) {
      for (const t of conv.turns) expect(t.message).not.toMatch(ANY_FRUSTRATION);
      const users = conv.turns.filter((t) => t.role === 'user').map((t) => t.message.toLowerCase());
      expect(new Set(users).size).toBe(users.length);
      expect(maxUserSimilarity(conv)).toBeLessThan(0.4);
    }
  });

  it('frustrated conversations contain frustration words from the user', () => {
    for (const conv of many('frustrated')) {
      const users = conv.turns.filter((t) => t.role === 'user').map((t) => t.message);
      expect(users.some((m) => markerRe(BRIEF_WORDS).test(m) || ANY_FRUSTRATION.test(m))).toBe(true);
    }
    // and across many sessions, each of the brief's words shows up
    const all = many('frustrated').flatMap((c) => c.turns.map((t) => t.message)).join('\n');
    for (const w of BRIEF_WORDS) expect(all).toMatch(markerRe([w]));
  });

  it('repeater conversations ask one question 2-3 times in different wordings, calmly', () => {
    for (const conv of many('repeater')) {
      const users = conv.turns.filter((t) => t.role === 'user').map((t) => t.message);
      const similarPairs: Array<[string, string]> = [];
      for (let i = 0; i < users.length; i++)
        for (let j = i + 1; j < users.length; j++)
          if (similarity(users[i]!, users[j]!) >= 0.5) similarPairs.push([users[i]!, users[j]!]);
      expect(similarPairs.length).toBeGreaterThanOrEqual(1);
      expect(similarPairs.length).toBeLessThanOrEqual(3); // 2 asks: 1 pair, 3 asks: up to 3 pairs
      for (const t of conv.turns) expect(t.message).not.toMatch(ANY_FRUSTRATION);
    }
  });

  it('mood shares are honoured', () => {
    const next = conversationStream('shares', 0, { frustrated: 0.2, repeaters: 0.3 });
    const counts = { calm: 0, frustrated: 0, repeater: 0 };
    for (let i = 0; i < 2000; i++) counts[next().mood]++;
    expect(counts.frustrated / 2000).toBeGreaterThan(0.16);
    expect(counts.frustrated / 2000).toBeLessThan(0.24);
    expect(counts.repeater / 2000).toBeGreaterThan(0.26);
    expect(counts.repeater / 2000).toBeLessThan(0.34);
    const calmOnly = conversationStream('shares', 0, { frustrated: 0, repeaters: 0 });
    for (let i = 0; i < 200; i++) expect(calmOnly().mood).toBe('calm');
  });
});

describe('options', () => {
  it('defaults to loopback on PORT and resolves the secret in the documented order', () => {
    const o = parseOptions([], { PORT: '4123' }, () => 'fixed');
    expect(o.endpoint).toBe('http://127.0.0.1:4123/api/webhooks');
    expect(o.sessions).toBe(6);
    expect(o.seed).toBe('fixed');
    const fromEnv = parseOptions([], { WEBHOOK_SECRET: ' s1 , s2' });
    expect(resolveAuth(fromEnv, {}, () => 'file')?.auth).toEqual({ kind: 'signature', secret: 's1' });
    const fromFlag = parseOptions(['--secret', 'flag'], { WEBHOOK_SECRET: 's1' });
    expect(resolveAuth(fromFlag, {}, () => null)?.auth).toEqual({ kind: 'signature', secret: 'flag' });
    const fromFile = parseOptions([], { DATA_DIR: '/tmp/x' });
    expect(fromFile.secretFile).toBe('/tmp/x/webhook-secret');
    expect(resolveAuth(fromFile, {}, (f) => (f === '/tmp/x/webhook-secret' ? ' filesecret\n' : null))?.auth).toEqual({
      kind: 'signature',
      secret: 'filesecret',
    });
    expect(resolveAuth(fromFile, {}, () => null)).toBeNull();
    const token = parseOptions(['--token', 'abc', '--token-header', 'X-API-Key'], {});
    expect(resolveAuth(token, {}, () => 'file')?.auth).toEqual({ kind: 'token', token: 'abc', header: 'X-API-Key' });
  });

  it('rejects bad values and builds the webhook URL', () => {
    expect(() => parseOptions(['--sessions', '0'], {})).toThrow(/sessions/);
    expect(() => parseOptions(['--frustrated', '0.7', '--repeaters', '0.5'], {})).toThrow(/exceed 1/);
    expect(() => parseOptions(['--bogus'], {})).toThrow();
    expect(() => webhookEndpoint('ftp://x')).toThrow(/http/);
    expect(webhookEndpoint('http://localhost:3000/')).toBe('http://localhost:3000/api/webhooks');
    expect(webhookEndpoint('http://localhost:3000/webhook')).toBe('http://localhost:3000/webhook');
  });
});
