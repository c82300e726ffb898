import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversation } from '../helpers/fixtures';
import { sessionSignature } from '../helpers/sign';
import { ADMIN, request, startServer, tempDataDir, type TestServer } from '../helpers/server';

/** Sign-in sessions end when they should, failures are throttled, and everything is audited. */

const disconnected = (socket: ReturnType<TestServer['socket']>) => new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
const connected = (socket: ReturnType<TestServer['socket']>) =>
  new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
const refusedWith = (socket: ReturnType<TestServer['socket']>) => new Promise<string>((resolve) => socket.on('connect_error', (e) => resolve(e.message)));

describe('sign-in sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { SIGNIN_MAX_FAILURES: '3', SIGNIN_WINDOW_SECONDS: '2' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function createUser(email: string, role = 'viewer', password = 'a long test password') {
    const res = await server.request('/api/users', { method: 'POST', body: JSON.stringify({ email, role, password }) });
    expect(res.status).toBe(201);
    return (await res.json()).user as { id: string; email: string };
  }

  it('sets an httpOnly SameSite=Lax cookie, not Secure over plain HTTP', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(ADMIN),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pulse_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('signing out ends the session and closes its socket', async () => {
    const cookie = await server.signIn();
    const socket = server.socket(cookie);
    await connected(socket);
    await request(socket, 'overview:subscribe');
    const closed = disconnected(socket);
    const out = await server.request('/api/auth/logout', { method: 'POST', cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/pulse_session=;.*Max-Age=0/);
    expect(await closed).toBe('io server disconnect');
    expect((await server.getJson('/api/sessions', cookie)).status).toBe(401);
    expect(await refusedWith(server.socket(cookie))).toBe('unauthenticated');
  });

  it('disabling a user ends their sessions and sockets at once; enabling lets them sign in again', async () => {
    const user = await createUser('disable-me@pulse.test');
    const cookie = await server.signIn(user.email, 'a long test password');
    const socket = server.socket(cookie);
    await connected(socket);
    const closed = disconnected(socket);
    const res = await server.request(`/api/users/${user.id}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) });
    expect(res.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect((await server.getJson('/api/sessions', cookie)).status).toBe(401);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: user.email, password: 'a long test password' }),
    });
    expect(login.status).toBe(403);
    expect((await login.json()).error.message).toMatch(/disabled/);
    await server.request(`/api/users/${user.id}`, { method: 'PATCH', body: JSON.stringify({ disabled: false }) });
    await expect(server.signIn(user.email, 'a long test password')).resolves.toMatch(/pulse_session=/);
  });

  it('resetting a password ends the user\'s sessions and the new password works', async () => {
    const user = await createUser('reset-me@pulse.test');
    const cookie = await server.signIn(user.email, 'a long test password');
    const res = await server.request(`/api/users/${user.id}/password`, { method: 'POST', body: '{}' });
    const { temporaryPassword } = await res.json();
    expect(temporaryPassword).toMatch(/^[\w-]{16}$/);
    expect((await server.getJson('/api/sessions', cookie)).status).toBe(401);
    await expect(server.signIn(user.email, 'a long test password')).rejects.toThrow(/401/);
    await expect(server.signIn(user.email, temporaryPassword)).resolves.toMatch(/pulse_session=/);
  });

  it('refuses to disable or demote the last active admin', async () => {
    const { body } = await server.getJson<{ users: { id: string; email: string; role: string }[] }>('/api/users');
    const admins = body.users.filter((u) => u.role === 'admin');
    expect(admins).toHaveLength(1);
    const res = await server.request(`/api/users/${admins[0].id}`, { method: 'PATCH', body: JSON.stringify({ role: 'viewer' }) });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('last_admin');
  });

  it('throttles failed sign-ins per account with a clear message, and lets the owner in after the window', async () => {
    const user = await createUser('throttled@pulse.test');
    const attempt = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: user.email, password }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).status).toBe(401);
    const blocked = await attempt('a long test password'); // even the right password waits
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await blocked.json()).error.message).toMatch(/too many failed sign-ins; try again in \d+ s/);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await attempt('a long test password')).status).toBe(200);
  });

  it('writes sign-ins, failures and user changes to the audit log with who and when', async () => {
    await createUser('audited@pulse.test', 'operator');
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'audited@pulse.test', password: 'not it at all' }),
    });
    const { body } = await server.getJson<{ entries: { action: string; actorEmail: string | null; target: string | null; at: string; details: any }[] }>('/api/audit?limit=500');
    const find = (action: string, target?: string) => body.entries.find((e) => e.action === action && (!target || e.target === target));
    expect(find('user.create', 'audited@pulse.test')).toMatchObject({ actorEmail: ADMIN.email, details: { role: 'operator' } });
    expect(find('auth.sign_in_failed', 'audited@pulse.test')).toMatchObject({ details: { reason: 'wrong password' } });
    expect(body.entries.some((e) => e.action === 'auth.sign_in' && e.actorEmail === ADMIN.email)).toBe(true);
    const disabling = body.entries.filter((e) => e.action === 'user.update' && e.target === 'disable-me@pulse.test');
    expect(disabling.map((e) => [e.actorEmail, e.details])).toEqual([
      [ADMIN.email, { disabled: false }],
      [ADMIN.email, { disabled: true }],
    ]);
    expect(find('user.password_reset', 'reset-me@pulse.test')?.actorEmail).toBe(ADMIN.email);
    expect(find('auth.sign_out')).toBeDefined();
    expect(Date.now() - Date.parse(body.entries[0].at)).toBeLessThan(60_000);
  });
});

describe('session expiry', () => {
  it('refuses the cookie and closes the socket when the session expires', async () => {
    const server = await startServer({ env: { SESSION_TTL_HOURS: '0.001' } }); // 3.6 s
    try {
      const cookie = await server.signIn();
      const socket = server.socket(cookie);
      await connected(socket);
      expect((await server.getJson('/api/sessions', cookie)).status).toBe(200);
      expect(await disconnected(socket)).toBe('io server disconnect');
      expect((await server.getJson('/api/sessions', cookie)).status).toBe(401);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe('first admin without ADMIN_EMAIL', () => {
  it('lets exactly one of two racing setup requests create the admin, then closes setup', async () => {
    const server = await startServer({ env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
    try {
      expect(server.output()).toMatch(/open http:\/\/[^ ]+\/setup to create the first admin/);
      const setup = (email: string) =>
        fetch(`${server.url}/api/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: JSON.stringify({ email, password: 'the very first password' }),
        });
      const answers = await Promise.all([setup('first@pulse.test'), setup('second@pulse.test')]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = answers.find((r) => r.status === 201)!;
      const cookie = /pulse_session=[^;]+/.exec(winner.headers.get('set-cookie')!)![0];
      const me = await server.getJson('/api/auth/me', cookie);
      expect(me.body.user.role).toBe('admin');
      expect((await setup('third@pulse.test')).status).toBe(409);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('webhook secret rotation', () => {
  it('accepts events signed with either active secret and refuses a retired one', async () => {
    const dataDir = tempDataDir();
    const post = (server: TestServer, secret: string) => {
      const raw = JSON.stringify(conversation().join);
      return server.postRaw(raw, { 'X-bitHuman-Signature': sessionSignature(secret, raw) });
    };
    const during = await startServer({ dataDir, env: { WEBHOOK_SECRET: 'new-secret-2026,old-secret-2025' } });
    expect((await post(during, 'new-secret-2026')).status).toBe(200);
    expect((await post(during, 'old-secret-2025')).status).toBe(200);
    await during.stop();
    const after = await startServer({ dataDir, env: { WEBHOOK_SECRET: 'new-secret-2026' } });
    try {
      expect((await post(after, 'new-secret-2026')).status).toBe(200);
      const retired = await post(after, 'old-secret-2025');
      expect(retired.status).toBe(401);
      expect(JSON.stringify(await retired.json())).not.toMatch(/secret-202/);
    } finally {
      await after.stop();
    }
  }, 90_000);
});

describe('metrics token', () => {
  it('guards /api/metrics with METRICS_TOKEN when set', async () => {
    const server = await startServer({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
      const ok = await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/avatar_pulse_webhook_requests_total/);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
