import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation } from '../helpers/fixtures';
import { TEST_SECRET, startServer, type TestServer } from '../helpers/server';

/**
 * The guard in front of POST /api/webhooks against the real server: the per-source rate limit,
 * the source allowlist, and X-Forwarded-For only behind TRUST_PROXY. Every event is a fresh
 * conversation's, so deduplication never decides an answer here.
 */

/**
 * Webhook answers by outcome, from GET /api/metrics (the custom server answers it, so it does not
 * depend on signing in): `stored`, `duplicate`, or the refusal code.
 */
async function webhookResults(server: TestServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/api/metrics`)).text();
  const results: Record<string, number> = {};
  for (const m of text.matchAll(/^avatar_pulse_webhook_requests_total\{result="([^"]+)"\} (\d+)$/gm)) results[m[1]] = Number(m[2]);
  return results;
}

/** A signed room.join for a new session. */
function postFresh(server: TestServer, headers: Record<string, string> = {}): Promise<Response> {
  return server.post(conversation().join, headers);
}

/** The refusal's JSON error, with the status and the Retry-After header. */
async function refusal(res: Response) {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...body.error };
}

// Each block stops its servers when it is done, so no more than two run at once.
let servers: TestServer[] = [];
async function start(env: Record<string, string>): Promise<TestServer> {
  const server = await startServer({ env });
  servers.push(server);
  return server;
}
afterAll(stopAll);
async function stopAll() {
  const running = servers;
  servers = [];
  await Promise.all(running.map((s) => s.stop()));
}

describe('WEBHOOK_RATE_LIMIT=5 per WEBHOOK_RATE_WINDOW_SECONDS=2', () => {
  afterAll(stopAll);
  let server: TestServer;
  beforeAll(async () => {
    server = await start({ WEBHOOK_RATE_LIMIT: '5', WEBHOOK_RATE_WINDOW_SECONDS: '2' });
  });

  it('accepts five webhooks, refuses the sixth with 429 and Retry-After, stores nothing for it, and accepts again after the window', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postFresh(server);
      expect(res.status).toBe(200);
      ids.push(((await res.json()) as { id: number }).id);
    }

    const sixth = await refusal(await postFresh(server));
    expect(sixth).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(sixth.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(sixth.message).toBe(`more than 5 webhooks in 2 s from 127.0.0.1; retry after ${retryAfter} s`);
    expect(await webhookResults(server)).toEqual({ stored: 5, rate_limited: 1 });

    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 250));
    const again = await postFresh(server);
    expect(again.status).toBe(200);
    // The refused event took no id: the next stored one follows the fifth directly.
    expect(((await again.json()) as { id: number }).id).toBe(ids[4] + 1);
    expect(await webhookResults(server)).toEqual({ stored: 6, rate_limited: 1 });

    const refusedLines = server.output().split('\n').filter((line) => line.includes('"rate_limited"'));
    expect(refusedLines).toHaveLength(1);
    expect(JSON.parse(refusedLines[0])).toMatchObject({ msg: 'webhook refused', status: 429, ip: '127.0.0.1', limit: 5 });
    expect(server.output()).not.toContain(TEST_SECRET);
  });
});

describe('WEBHOOK_IP_ALLOWLIST', () => {
  afterAll(stopAll);
  let outside: TestServer;
  let inside: TestServer;
  beforeAll(async () => {
    [outside, inside] = await Promise.all([
      start({ WEBHOOK_IP_ALLOWLIST: '10.0.0.0/8' }),
      start({ WEBHOOK_IP_ALLOWLIST: '127.0.0.0/8,::1' }),
    ]);
  });

  it('refuses a signed webhook from 127.0.0.1 with 403 forbidden_source when only 10.0.0.0/8 is allowed, storing nothing', async () => {
    expect(await refusal(await postFresh(outside))).toMatchObject({
      status: 403,
      code: 'forbidden_source',
      message: 'source address 127.0.0.1 is not in WEBHOOK_IP_ALLOWLIST',
    });
    expect(await webhookResults(outside)).toEqual({ forbidden_source: 1 });
    const line = outside.output().split('\n').find((l) => l.includes('"forbidden_source"'));
    expect(line && JSON.parse(line)).toMatchObject({ msg: 'webhook refused', status: 403, ip: '127.0.0.1' });
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is not set', async () => {
    const res = await postFresh(outside, { 'X-Forwarded-For': '10.1.2.3' });
    expect(await refusal(res)).toMatchObject({ status: 403, code: 'forbidden_source', message: expect.stringContaining('127.0.0.1') });
  });

  it('accepts a signed webhook from 127.0.0.1 when 127.0.0.0/8,::1 is allowed', async () => {
    expect((await postFresh(inside)).status).toBe(200);
    expect(await webhookResults(inside)).toEqual({ stored: 1 });
  });
});

describe('TRUST_PROXY with WEBHOOK_IP_ALLOWLIST=203.0.113.0/24', () => {
  afterAll(stopAll);
  let behindProxy: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    [behindProxy, direct] = await Promise.all([
      start({ TRUST_PROXY: '1', WEBHOOK_IP_ALLOWLIST: '203.0.113.0/24' }),
      start({ WEBHOOK_IP_ALLOWLIST: '203.0.113.0/24' }),
    ]);
  });

  it('with TRUST_PROXY=1 takes the source from X-Forwarded-For: inside accepted, outside refused', async () => {
    expect((await postFresh(behindProxy, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(200);
    expect(await refusal(await postFresh(behindProxy, { 'X-Forwarded-For': '198.51.100.1' }))).toMatchObject({
      status: 403,
      code: 'forbidden_source',
      message: 'source address 198.51.100.1 is not in WEBHOOK_IP_ALLOWLIST',
    });
  });

  it('with TRUST_PROXY=1 ignores an allowed address the client put left of what the proxy appended', async () => {
    const res = await postFresh(behindProxy, { 'X-Forwarded-For': '203.0.113.7, 198.51.100.1' });
    expect(await refusal(res)).toMatchObject({ status: 403, message: expect.stringContaining('198.51.100.1') });
  });

  it('without TRUST_PROXY ignores X-Forwarded-For and refuses the socket address', async () => {
    expect(await refusal(await postFresh(direct, { 'X-Forwarded-For': '203.0.113.7' }))).toMatchObject({
      status: 403,
      code: 'forbidden_source',
      message: 'source address 127.0.0.1 is not in WEBHOOK_IP_ALLOWLIST',
    });
    expect(await webhookResults(direct)).toEqual({ forbidden_source: 1 });
  });
});
