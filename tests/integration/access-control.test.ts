import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENT_PERMISSIONS } from '../../lib/realtime';
import { conversation } from '../helpers/fixtures';
import { ADMIN, startServer, type TestServer } from '../helpers/server';

/**
 * Nothing is visible before sign-in, and every action checks the role. The routes are discovered
 * from the app/ folder, so a page or API route added later is covered without editing this test.
 */

interface Route {
  file: string;
  url: string;
  methods: string[];
}

/** Every page.tsx and route.ts under app/, as a URL (dynamic segments filled in) and its methods. */
function discoverRoutes(dir = path.resolve('app'), segments: string[] = []): Route[] {
  const routes: Route[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const group = /^\(.*\)$/.test(entry.name); // route groups do not appear in the URL
      const segment = /^\[.*\]$/.test(entry.name) ? 'probe-id' : entry.name;
      routes.push(...discoverRoutes(full, group ? segments : [...segments, segment]));
    } else if (/^page\.(t|j)sx?$/.test(entry.name)) {
      routes.push({ file: full, url: `/${segments.join('/')}`, methods: ['GET'] });
    } else if (/^route\.(t|j)s$/.test(entry.name)) {
      const source = fs.readFileSync(full, 'utf8');
      const methods = [...source.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      routes.push({ file: full, url: `/${segments.join('/')}`, methods });
    }
  }
  return routes;
}

/** Open on purpose, each for its reason (server/http/gate.ts says the same). */
const OPEN = new Set(['/login', '/setup', '/api/auth/login', '/api/auth/setup', '/icon.svg']);

describe('access control', () => {
  let server: TestServer;
  const routes = discoverRoutes();
  const cookies: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };

  beforeAll(async () => {
    server = await startServer();
    cookies.admin = await server.signIn();
    for (const role of ['viewer', 'operator'] as const) {
      const email = `${role}@pulse.test`;
      const res = await server.request('/api/users', { method: 'POST', cookie: cookies.admin, body: JSON.stringify({ email, role, password: `${role} password 123` }) });
      expect(res.status).toBe(201);
      cookies[role] = await server.signIn(email, `${role} password 123`);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds the app routes (the discovery itself works)', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/', '/sessions/probe-id', '/api/sessions', '/api/events', '/api/users', '/api/auth/login']));
    expect(routes.find((r) => r.url === '/api/users')?.methods.sort()).toEqual(['GET', 'POST']);
  });

  it('refuses every page and API route without a session, except the sign-in doors', async () => {
    const unguarded: string[] = [];
    for (const route of routes) {
      if (OPEN.has(route.url)) continue;
      for (const method of route.methods) {
        const res = await server.request(route.url, { method, cookie: '', body: method === 'GET' ? undefined : '{}' });
        const refused = route.url.startsWith('/api/')
          ? res.status === 401
          : res.status === 303 && res.headers.get('location')?.startsWith('/login?next=');
        if (!refused) unguarded.push(`${method} ${route.url} -> ${res.status}`);
        await res.body?.cancel();
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('keeps the open doors from revealing anything', async () => {
    const health = await server.request('/api/health', { cookie: '' });
    expect(Object.keys(await health.json()).sort()).toEqual(['database', 'status', 'uptimeSeconds']);
    const webhook = await server.request('/api/webhooks', { method: 'POST', cookie: '', body: JSON.stringify(conversation().join) });
    expect(webhook.status).toBe(401);
    const setup = await server.request('/api/auth/setup', { method: 'POST', cookie: '', body: JSON.stringify({ email: 'someone@example.com', password: 'long enough password' }) });
    expect(setup.status).toBe(409); // an admin exists: setup is closed for good
    const unknown = await server.request('/api/not-a-route', { cookie: '' });
    expect(unknown.status).toBe(401);
  });

  it('refuses a socket without a session, whatever event it would send', async () => {
    expect(Object.keys(CLIENT_EVENT_PERMISSIONS).length).toBeGreaterThan(0);
    const socket = server.socket('');
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthenticated');
    expect(socket.connected).toBe(false);
  });

  it('answers every listed socket event for a signed-in viewer and refuses unlisted ones', async () => {
    const socket = server.socket(cookies.viewer);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const args: Record<string, unknown[]> = {
      'overview:subscribe': [],
      'dashboard:subscribe': [],
      'session:subscribe': ['probe-session'],
      'session:unsubscribe': ['probe-session'],
      'agent:subscribe': ['probe-agent'],
      sync: [{ since: 0 }],
    };
    for (const event of Object.keys(CLIENT_EVENT_PERMISSIONS)) {
      if (event === 'session:unsubscribe') continue; // fire-and-forget: no answer to check
      const answer = await socket.timeout(5000).emitWithAck(event as 'sync', ...(args[event] as [never]));
      expect({ event, ok: (answer as { ok: boolean }).ok }).toEqual({ event, ok: true });
    }
    const refused = await socket.timeout(5000).emitWithAck('admin:drop-everything' as 'sync', {} as never);
    expect(refused).toEqual({ ok: false, error: 'unknown event admin:drop-everything' });
    socket.close();
  });

  it('refuses a socket opened from another origin (cross-site WebSocket hijacking)', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'https://evil.example', cookie: cookies.admin } });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(socket.connected).toBe(false);
    expect(error).toBeInstanceOf(Error);
    socket.close();
  });

  describe('role matrix', () => {
    // [method, url, body, expected status for viewer, operator, admin]
    const matrix: Array<[string, string, unknown, number, number, number]> = [
      ['GET', '/api/sessions', undefined, 200, 200, 200],
      ['GET', '/api/events', undefined, 200, 200, 200],
      ['GET', '/api/auth/me', undefined, 200, 200, 200],
      ['POST', '/api/events/999999/replay', {}, 403, 404, 404],
      ['GET', '/api/users', undefined, 403, 403, 200],
      ['POST', '/api/users', { email: 'matrix-new@pulse.test', role: 'viewer' }, 403, 403, 201],
      ['PATCH', '/api/users/no-such-user', { name: 'x' }, 403, 403, 404],
      ['POST', '/api/users/no-such-user/password', {}, 403, 403, 404],
      ['GET', '/api/audit', undefined, 403, 403, 200],
      ['GET', '/api/alerts', undefined, 200, 200, 200],
      ['GET', '/api/alerts/999999', undefined, 404, 404, 404],
      ['POST', '/api/alerts/999999/acknowledge', {}, 403, 404, 404],
      ['POST', '/api/alerts/999999/resolve', {}, 403, 404, 404],
      ['POST', '/api/alerts/999999/snooze', { minutes: 5 }, 403, 404, 404],
      ['POST', '/api/agents/matrix-agent/mute', { minutes: 5 }, 403, 200, 200],
      ['DELETE', '/api/agents/matrix-agent/mute', undefined, 403, 200, 200],
      ['POST', '/api/sessions/no-such-session/handover', {}, 403, 404, 404],
      ['GET', '/api/channels', undefined, 403, 403, 200],
      ['POST', '/api/channels', { name: 'matrix', kind: 'webhook', url: 'http://127.0.0.1:9/x', minSeverity: 'critical', enabled: false }, 403, 403, 201],
      ['GET', '/api/notifications', undefined, 403, 403, 200],
    ];
    it.each(matrix)('%s %s', async (method, url, body, ...expected) => {
      const got: number[] = [];
      for (const role of ['viewer', 'operator', 'admin'] as const) {
        const res = await server.request(url, { method, cookie: cookies[role], body: body === undefined ? undefined : JSON.stringify(body) });
        got.push(res.status);
        if (res.status === 403) expect((await res.json()).error.code).toBe('forbidden');
        else await res.body?.cancel();
      }
      expect(got).toEqual(expected);
    });

    it('refuses to replay an event that was processed, naming its state', async () => {
      const res = await server.post(conversation().join);
      const { id } = await res.json();
      const replay = await server.request(`/api/events/${id}/replay`, { method: 'POST', cookie: cookies.operator });
      expect(replay.status).toBe(409);
      expect((await replay.json()).error.message).toMatch(/only failed or dead events/);
    });
  });

  it('refuses a mutating request from another origin or with no origin (CSRF)', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const res = await server.request('/api/users', { method: 'POST', cookie: cookies.admin, headers: { origin }, body: JSON.stringify({ email: 'csrf@pulse.test', role: 'admin' }) });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('cross_origin');
    }
    const users = await server.getJson<{ users: { email: string }[] }>('/api/users', cookies.admin);
    expect(users.body.users.map((u) => u.email)).not.toContain('csrf@pulse.test');
  });

  it('sends security headers and a nonce-based Content-Security-Policy whose nonce is on the page scripts', async () => {
    const res = await server.request('/', { cookie: cookies.viewer });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
  });

  it('signs in the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const me = await server.getJson('/api/auth/me', cookies.admin);
    expect(me.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });
});
