import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage, HistorySession } from '../../lib/history';
import { eventually, startServer, type TestServer } from '../helpers/server';

/**
 * Session history search and exports against the real server: a small known history posted as
 * webhooks (fixed event times two days ago), then searched, paged and exported.
 */

// A strict RFC 4180 reader, written apart from the server's writer so the two cannot share a bug.
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (c === '"' || c === '\n' || c === '\r') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || record.length) throw new Error('last record lacks CRLF');
  return records;
}

function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => {
    expect(r.length).toBe(header!.length);
    return Object.fromEntries(header!.map((h, i) => [h, r[i]!]));
  });
}

const HOUR = 3_600_000;
// Two days ago on a whole hour: inside every retention window, far from the live "now".
const BASE = Math.floor((Date.now() - 2 * 24 * HOUR) / HOUR) * HOUR;
const TRICKY = 'Refund, please: my "order" #42\nnever arrived';

interface Plan {
  id: string;
  agent: string;
  room: string;
  start: number;
  messages: string[];
}

// 14 sessions: 3 agents, 3 rooms, starts 10 minutes apart, message counts with ties (for the
// tie-break on id), one rare word, and one message holding every character CSV must quote.
const run = `h${process.pid}${Date.now().toString(36)}`;
const PLANS: Plan[] = Array.from({ length: 14 }, (_, i) => {
  const count = [2, 3, 4][i % 3]!;
  const messages = Array.from({ length: count }, (_, k) => (k % 2 === 0 ? `question ${k} about delivery` : `answer ${k} from the avatar`));
  if (i === 5) messages[0] = 'Is the zeppelin tour open today?';
  if (i === 8) messages[1] = TRICKY;
  return { id: `${run}_s${String(i).padStart(2, '0')}`, agent: `agent_${run}_${'abc'[i % 3]}`, room: `room-${i % 3}`, start: BASE + i * 10 * 60_000, messages };
});

describe('session history and exports', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Sessions two days old are closed by the inactivity sweep: let it run at once, and wait for it
    // below, so durations (which count to the end) do not change while the tests read them.
    server = await startServer({ env: { SESSION_SWEEP_SECONDS: '0.2' } });
    for (const p of PLANS) {
      const join = { agent_id: p.agent, event_type: 'room.join', data: { room_name: p.room, participant_count: 2, session_id: p.id }, timestamp: p.start / 1000 };
      expect((await server.post(join)).status).toBe(200);
      for (const [k, message] of p.messages.entries()) {
        const at = (p.start + (k + 1) * (1000 + PLANS.indexOf(p) * 700)) / 1000;
        const role = k % 2 === 0 ? 'user' : 'assistant';
        const body = { agent_id: p.agent, event_type: 'chat.push', data: { role, message, session_id: p.id, timestamp: at }, timestamp: at };
        expect((await server.post(body)).status).toBe(200);
      }
    }
    await eventually(async () => {
      const { body } = await server.getJson<HistoryPage>(`/api/history/sessions?limit=200&from=${new Date(BASE).toISOString()}`);
      const mine = body.sessions.filter((s) => s.id.startsWith(run));
      return (
        mine.length === PLANS.length &&
        mine.every((s) => s.status === 'ended' && s.messageCount === PLANS.find((p) => p.id === s.id)!.messages.length)
      );
    }, 30_000, 'the history to be processed and closed');
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  const history = async (qs: string) => {
    const res = await server.getJson<HistoryPage>(`/api/history/sessions?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /** every page of a search, following nextCursor */
  const allPages = async (qs: string) => {
    const pages: HistorySession[][] = [];
    let cursor: string | null = null;
    do {
      const page: HistoryPage = await history(`${qs}${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.sessions);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  };
  const range = `from=${new Date(BASE).toISOString()}&to=${new Date(BASE + 24 * HOUR).toISOString()}`;
  const ids = (sessions: HistorySession[]) => sessions.map((s) => s.id);

  it('filters by agent and by room', async () => {
    const agent = PLANS[1]!.agent;
    expect(ids((await history(`agent=${agent}&sort=started&order=asc`)).sessions)).toEqual(PLANS.filter((p) => p.agent === agent).map((p) => p.id));
    const room = await history(`room=room-2&${range}&sort=started&order=asc`);
    expect(ids(room.sessions)).toEqual(PLANS.filter((p) => p.room === 'room-2').map((p) => p.id));
  });

  it('filters by start time, including from and excluding to', async () => {
    const from = new Date(PLANS[3]!.start).toISOString();
    const to = new Date(PLANS[7]!.start).toISOString();
    const page = await history(`from=${from}&to=${to}&sort=started&order=asc`);
    expect(ids(page.sessions)).toEqual(PLANS.slice(3, 7).map((p) => p.id));
  });

  it('finds sessions by a word in their transcript, ignoring case and punctuation', async () => {
    expect(ids((await history(`q=Zeppelin&${range}`)).sessions)).toEqual([PLANS[5]!.id]);
    expect(ids((await history(`q=${encodeURIComponent('order never')}&${range}`)).sessions)).toEqual([PLANS[8]!.id]);
    expect((await history(`q=delivery&${range}`)).sessions.length).toBe(PLANS.filter((p) => p.messages.some((m) => m.includes('delivery'))).length);
    expect((await history(`q=nowhere_to_be_found&${range}`)).sessions).toEqual([]);
  });

  it('answers each sort in the asked order, ties broken by id', async () => {
    const mine = PLANS.map((p) => p.id);
    const check = async (sort: string, order: 'asc' | 'desc', key: (s: HistorySession) => number) => {
      const got = (await history(`${range}&sort=${sort}&order=${order}&limit=200`)).sessions.filter((s) => mine.includes(s.id));
      expect(got.length).toBe(PLANS.length);
      const expected = [...got].sort((a, b) => (key(a) - key(b) || (a.id < b.id ? -1 : 1)) * (order === 'asc' ? 1 : -1));
      expect(ids(got), `${sort} ${order}`).toEqual(ids(expected));
    };
    await check('started', 'asc', (s) => Date.parse(s.startedAt));
    await check('started', 'desc', (s) => Date.parse(s.startedAt));
    await check('last_activity', 'desc', (s) => Date.parse(s.lastActivityAt));
    await check('messages', 'asc', (s) => s.messageCount);
    await check('messages', 'desc', (s) => s.messageCount);
    await check('duration', 'desc', (s) => s.durationMs);
    await check('duration', 'asc', (s) => s.durationMs);
    const byDuration = (await history(`${range}&sort=duration&order=desc&limit=1`)).sessions[0]!;
    expect(byDuration.durationMs).toBe(Date.parse(byDuration.endedAt ?? byDuration.lastActivityAt) - Date.parse(byDuration.startedAt));
  });

  it('pages through every matching session exactly once, for every sort', async () => {
    for (const [sort, order] of [['started', 'desc'], ['messages', 'asc'], ['duration', 'desc'], ['last_activity', 'asc']] as const) {
      const pages = await allPages(`${range}&sort=${sort}&order=${order}&limit=3`);
      const seen = pages.flat().map((s) => s.id);
      expect(new Set(seen).size, `${sort}: no duplicates`).toBe(seen.length);
      expect([...seen].sort(), `${sort}: every session`).toEqual(PLANS.map((p) => p.id).sort());
      expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
      const single = (await history(`${range}&sort=${sort}&order=${order}&limit=200`)).sessions;
      expect(seen, `${sort}: pages in the order of one big page`).toEqual(ids(single));
    }
    // the same with a text filter, through the keyset as well
    const pages = await allPages(`${range}&q=delivery&limit=2`);
    expect(pages.flat().length).toBe(PLANS.filter((p) => p.messages.some((m) => m.includes('delivery'))).length);
  });

  it('refuses a cursor used with another sort, and bad parameters', async () => {
    const first = await history(`${range}&sort=started&limit=2`);
    const other = await server.getJson(`/api/history/sessions?${range}&sort=messages&cursor=${first.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('bad_request');
    expect((await server.getJson('/api/history/sessions?sort=random')).status).toBe(400);
    expect((await server.getJson('/api/history/sessions?from=2026-12-02&to=2026-12-01')).status).toBe(400);
    expect((await server.getJson('/api/history/sessions?limit=1000')).status).toBe(400);
  });

  it('answers only signed-in users', async () => {
    expect((await server.getJson('/api/history/sessions', '')).status).toBe(401);
    expect((await server.request('/api/export/events?format=csv', { cookie: '' })).status).toBe(401);
  });

  it('exports exactly the events of [from, to) as CSV, quoting commas, quotes and newlines', async () => {
    // from = the exact event time of PLANS[2]'s join (included), to = PLANS[9]'s join (excluded)
    const from = new Date(PLANS[2]!.start).toISOString();
    const to = new Date(PLANS[9]!.start).toISOString();
    const res = await server.request(`/api/export/events?format=csv&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="avatar-pulse-events-.*\.csv"$/);
    const rows = csvObjects(await res.text());
    const expected = PLANS.slice(2, 9).reduce((n, p) => n + 1 + p.messages.length, 0);
    const mine = rows.filter((r) => r.sessionId!.startsWith(run));
    expect(mine.length).toBe(expected);
    expect(rows.length).toBe(expected); // nothing else happened in that window
    expect(rows[0]!.eventAt).toBe(from);
    expect(rows.every((r) => r.eventAt! >= from && r.eventAt! < to)).toBe(true);
    expect(rows.map((r) => r.eventAt)).toEqual([...rows.map((r) => r.eventAt)].sort());
    const tricky = rows.find((r) => r.message === TRICKY);
    expect(tricky, 'the message with a comma, quotes and a newline comes back intact').toBeDefined();
    expect(tricky).toMatchObject({ type: 'chat.push', role: 'assistant', sessionId: PLANS[8]!.id });
    expect((JSON.parse(tricky!.payload!) as { data: { message: string } }).data.message).toBe(TRICKY);
  });

  it('exports events as NDJSON, one per line, filtered by type', async () => {
    const res = await server.request(`/api/export/events?format=ndjson&type=room.join&${range}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/\.ndjson"$/);
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; sessionId: string; payload: { data: { room_name: string } } });
    expect(events.map((e) => e.sessionId)).toEqual(PLANS.map((p) => p.id));
    expect(events.every((e) => e.type === 'room.join')).toBe(true);
    expect(events[1]!.payload.data.room_name).toBe(PLANS[1]!.room);
  });

  it('exports exactly the sessions of one agent that started in [from, to), as CSV and NDJSON', async () => {
    const agent = PLANS[0]!.agent;
    const from = new Date(PLANS[3]!.start).toISOString(); // PLANS[3] is agent a: included
    const to = new Date(PLANS[12]!.start).toISOString(); // PLANS[12] is agent a: excluded
    const want = PLANS.filter((p, i) => p.agent === agent && i >= 3 && i < 12);
    const csv = csvObjects(await (await server.request(`/api/export/sessions?format=csv&agent=${agent}&from=${from}&to=${to}`)).text());
    expect(csv.map((r) => r.id)).toEqual(want.map((p) => p.id));
    expect(csv[0]).toMatchObject({ agentId: agent, roomName: PLANS[3]!.room, messageCount: String(PLANS[3]!.messages.length), startedAt: from });
    const nd = (await (await server.request(`/api/export/sessions?format=ndjson&agent=${agent}&from=${from}&to=${to}`)).text()).trimEnd().split('\n');
    expect(nd.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(want.map((p) => p.id));
  });

  it('records every export in the audit log', async () => {
    await (await server.request(`/api/export/sessions?format=ndjson&${range}`)).text();
    const { body } = await server.getJson<{ entries: { action: string; actorEmail: string; details: Record<string, unknown> }[] }>('/api/audit?limit=50');
    const actions = body.entries.map((e) => e.action);
    expect(actions).toContain('export.events');
    const last = body.entries.find((e) => e.action === 'export.sessions')!;
    expect(last.details).toMatchObject({ format: 'ndjson', from: new Date(BASE).toISOString() });
  });
});
