import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot, SessionSummary, SyncResult, TranscriptMessage } from '../../lib/realtime';
import { conversation, fixture } from '../helpers/fixtures';
import { apiSignatureHeaders, sessionSignature } from '../helpers/sign';
import { TEST_SECRET, eventually, nextEvent, request, startServer, type TestServer } from '../helpers/server';

/**
 * The ingest-to-dashboard path against a real server and a real database. Run once on the
 * embedded PGlite and once on PostgreSQL (tests/integration/ingest.*.test.ts).
 */

export const API_SECRET = 'whsec_integration_api_secret';

export interface Backend {
  databaseUrl?: string;
}

async function transcript(server: TestServer, sessionId: string): Promise<SessionSnapshot> {
  const res = await server.getJson<SessionSnapshot>(`/api/sessions/${encodeURIComponent(sessionId)}`);
  if (res.status !== 200) throw new Error(`GET session ${sessionId}: ${res.status}`);
  return res.body;
}

async function storedCount(server: TestServer): Promise<number> {
  const { body } = await server.getJson<{ byStatus: Record<string, number> }>('/api/events?limit=1');
  return Object.values(body.byStatus).reduce((a, b) => a + b, 0);
}

export function ingestSuite(name: string, backend: () => Promise<Backend | null>) {
  describe(name, () => {
    let server: TestServer;

    beforeAll(async () => {
      const b = await backend();
      server = await startServer({ databaseUrl: b?.databaseUrl, env: { WEBHOOK_API_SECRET: API_SECRET } });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('stores the bitHuman fixtures, answers exactly 200, and shows them through the API and a socket', async () => {
      const sessionId = `fixture_${Date.now()}`;
      const withSession = (name: string) => {
        const body = fixture(name);
        body.data.session_id = sessionId;
        return body;
      };
      const socket = server.socket();
      const snapshot = await request<SessionSnapshot>(socket, 'session:subscribe', sessionId);
      expect(snapshot.session).toBeNull();
      const overview = await request<{ seq: number }>(socket, 'overview:subscribe');
      const messages: TranscriptMessage[] = [];
      socket.on('message:new', (m: TranscriptMessage) => messages.push(m));
      const sessionUpdate = nextEvent<SessionSummary>(socket, 'session:update', (s) => s.id === sessionId && s.messageCount === 2);

      for (const name of ['room.join', 'chat.push.user', 'chat.push.assistant']) {
        const res = await server.post(withSession(name));
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true, duplicate: false });
      }

      const live = await sessionUpdate;
      expect(live).toMatchObject({ agentId: 'agent_customer_support', roomName: 'customer-support-room', participantCount: 1, userMessageCount: 1, avatarMessageCount: 1, status: 'active' });
      expect(live.seq).toBeGreaterThan(overview.seq);
      await eventually(async () => messages.length === 2, 5000, 'two message:new events');
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);

      const t = await transcript(server, sessionId);
      expect(t.messages.map((m) => [m.role, m.text])).toEqual([
        ['user', 'I need help with my order #12345'],
        ['assistant', 'Of course. Could you tell me what went wrong with order #12345?'],
      ]);
      expect(t.messages[0].sentAt).toBe(new Date(1705312285000).toISOString());
      socket.close();
    });

    it('accepts the alias POST /webhook and the Test button event', async () => {
      const raw = JSON.stringify({ ...fixture('test'), timestamp: Date.now() / 1000 });
      const res = await server.postRaw(raw, { 'X-bitHuman-Signature': sessionSignature(TEST_SECRET, raw), 'X-Test-Webhook': 'true' }, '/webhook');
      expect(res.status).toBe(200);
      const { body } = await server.getJson('/api/events?type=test&limit=5');
      expect(body.events.some((e: { summary: string; source: string }) => e.source === 'test' && e.summary === 'Webhook test from bitHuman')).toBe(true);
    });

    it('builds the transcript in event-time order when messages arrive before their room.join', async () => {
      const c = conversation();
      expect((await server.post(c.avatar('second, from the avatar'))).status).toBe(200);
      expect((await server.post(c.user('first, from the user'))).status).toBe(200);
      expect((await server.post(c.join)).status).toBe(200);
      const t = await eventually(async () => {
        const s = await transcript(server, c.sessionId);
        return s.session?.roomName && s.messages.length === 2 ? s : null;
      }, 10_000, 'session with room and two messages');
      expect(t.messages.map((m) => m.text)).toEqual(['first, from the user', 'second, from the avatar']);
      expect(t.session).toMatchObject({ roomName: 'support-room', participantCount: 2, messageCount: 2 });
      expect(new Date(t.session!.startedAt).getTime()).toBe(Math.round(c.join.timestamp * 1000));
    });

    it('answers a duplicate delivery with 200 and stores it once', async () => {
      const c = conversation();
      const event = c.user('only once please');
      const first = await server.post(event);
      // The same event re-serialized with another key order and spacing is still the same event.
      const reordered = JSON.stringify({ timestamp: event.timestamp, data: { ...event.data }, event_type: event.event_type, agent_id: event.agent_id }, null, 2);
      const second = await server.post(reordered);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(await second.json()).toMatchObject({ ok: true, duplicate: true, id: null });
      const { body } = await server.getJson(`/api/events?session=${c.sessionId}`);
      expect(body.events).toHaveLength(1);
      const t = await eventually(async () => ((await transcript(server, c.sessionId)).messages.length ? transcript(server, c.sessionId) : null));
      expect(t.messages).toHaveLength(1);
      expect(t.session?.messageCount).toBe(1);
    });

    it('normalizes agent_code, chat_push, camelCase keys and role "agent"', async () => {
      const sessionId = `variant_${Date.now()}`;
      const t = Date.now() / 1000;
      const events = [
        { agent_code: 'agent_variant', event_type: 'room_join', data: { room_name: 'variant-room', participant_count: 3, session_id: sessionId }, timestamp: t },
        { agentId: 'agent_variant', eventType: 'chat_push', data: { role: 'user', message: 'camel user', sessionId, timestamp: t + 1 }, timestamp: t + 1 },
        { agent_code: 'agent_variant', event_type: 'chat.push', data: { role: 'agent', message: 'agent role reply', session_id: sessionId, timestamp: t + 2 }, timestamp: t + 2 },
      ];
      for (const e of events) expect((await server.post(e)).status).toBe(200);
      const s = await eventually(async () => {
        const r = await transcript(server, sessionId);
        return r.messages.length === 2 ? r : null;
      });
      expect(s.session).toMatchObject({ agentId: 'agent_variant', roomName: 'variant-room', participantCount: 3 });
      expect(s.messages.map((m) => [m.role, m.text])).toEqual([['user', 'camel user'], ['assistant', 'agent role reply']]);
    });

    it('stores an unknown event type and answers 200', async () => {
      const res = await server.post({ agent_id: 'agent_x', event_type: 'room.leave', data: { session_id: 'whatever' }, timestamp: Date.now() / 1000 });
      expect(res.status).toBe(200);
      const { body } = await server.getJson('/api/events?type=room.leave');
      expect(body.events).toHaveLength(1);
      await eventually(async () => (await server.getJson('/api/events?type=room.leave')).body.events[0].status === 'processed');
    });

    it('ends a session on session_end', async () => {
      const c = conversation();
      await server.post(c.join);
      expect((await server.post(c.end())).status).toBe(200);
      const s = await eventually(async () => {
        const r = await transcript(server, c.sessionId).catch(() => null);
        return r?.session?.status === 'ended' ? r : null;
      });
      expect(s.session?.endedAt).toBe(new Date(Math.round((c.join.timestamp + 3) * 1000)).toISOString());
    });

    it('verifies API events with the timestamped signature and deduplicates their retries', async () => {
      const body = JSON.stringify({ ...fixture('agent.failed'), id: `evt_${Date.now()}`, created: Math.floor(Date.now() / 1000) });
      const headers = apiSignatureHeaders(API_SECRET, body, 'agent.failed', 'dlv_1');
      expect((await server.postRaw(body, headers)).status).toBe(200);
      const retry = await server.postRaw(body, apiSignatureHeaders(API_SECRET, body, 'agent.failed', 'dlv_2'));
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ duplicate: true });
      const stale = await server.postRaw(body, apiSignatureHeaders(API_SECRET, body, 'agent.failed', 'dlv_3', Math.floor(Date.now() / 1000) - 301));
      expect(stale.status).toBe(401);
      const socket = server.socket();
      const agent = await eventually(async () => {
        const a = await request<{ status: string; lastError: string } | null>(socket, 'agent:subscribe', 'A91XMB7114');
        return a?.status === 'failed' ? a : null;
      });
      expect(agent.lastError).toBe('generation_timeout');
      socket.close();
    });

    it('answers each bad input with its status and a message that says what is wrong, storing nothing', async () => {
      const before = await storedCount(server);
      const signedRaw = (raw: string | Buffer) => server.postRaw(raw, { 'X-bitHuman-Signature': sessionSignature(TEST_SECRET, raw) });
      const cases: Array<[string, Promise<Response>, number, string, RegExp]> = [
        ['oversized body', signedRaw(JSON.stringify({ event_type: 'chat.push', data: { message: 'x'.repeat(300 * 1024) } })), 413, 'payload_too_large', /limit/],
        ['malformed JSON', signedRaw('{"event_type": "chat.push",'), 400, 'malformed_json', /not valid JSON/],
        ['not an object', signedRaw('[1,2,3]'), 400, 'malformed_json', /JSON object/],
        ['missing message', server.post({ agent_id: 'a', event_type: 'chat.push', data: { role: 'user', session_id: 's' } }), 400, 'invalid_payload', /data\.message/],
        ['bad role', server.post({ agent_id: 'a', event_type: 'chat.push', data: { role: 'robot', message: 'hi', session_id: 's' } }), 400, 'invalid_payload', /data\.role/],
        ['missing event_type', server.post({ agent_id: 'a', data: {} }), 400, 'invalid_payload', /event_type/],
        ['no signature', server.postRaw(JSON.stringify(conversation().join)), 401, 'unauthorized', /X-bitHuman-Signature/],
        ['wrong secret', server.postRaw(JSON.stringify(conversation().join), { 'X-bitHuman-Signature': sessionSignature('not-the-secret', JSON.stringify(conversation().join)) }), 401, 'unauthorized', /does not match/],
        ['truncated signature', server.postRaw('{}', { 'X-bitHuman-Signature': 'sha256=abcd' }), 401, 'unauthorized', /length/],
        ['GET instead of POST', fetch(`${server.url}/api/webhooks`), 405, 'method_not_allowed', /POST/],
      ];
      for (const [label, pending, status, code, message] of cases) {
        const res = await pending;
        const body = await res.json();
        expect({ label, status: res.status, code: body.error?.code }).toEqual({ label, status, code });
        expect(body.error.message, label).toMatch(message);
        expect(body.error.message, label).not.toContain(TEST_SECRET);
      }
      expect(await storedCount(server)).toBe(before);
    });

    it('lets a reconnecting client fetch what it missed since its cursor', async () => {
      const c = conversation();
      await server.post(c.join);
      const socket = server.socket();
      const snapshot = await eventually(async () => {
        const s = await request<SessionSnapshot>(socket, 'session:subscribe', c.sessionId);
        return s.session ? s : null;
      });
      socket.close(); // gone: the next messages happen while it is away
      await server.post(c.user('while you were away'));
      await server.post(c.avatar('still here'));
      const again = server.socket();
      const missed = await eventually(async () => {
        const r = await request<SyncResult>(again, 'sync', { since: snapshot.seq, sessionId: c.sessionId });
        return r.messages.length === 2 ? r : null;
      });
      expect(missed.messages.map((m) => m.text)).toEqual(['while you were away', 'still here']);
      expect(missed.sessions.find((s) => s.id === c.sessionId)?.messageCount).toBe(2);
      expect(missed.feed.every((f) => f.seq > snapshot.seq)).toBe(true);
      const refused = await request(again, 'sync', { since: -1 }).catch((e: Error) => e.message);
      expect(refused).toMatch(/invalid request/);
    });
  });
}
