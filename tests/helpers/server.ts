import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/realtime';
import { sessionSignature } from './sign';

/**
 * Starts the real server (the production build, `node dist/server.mjs`) as a child process on a
 * free port with a fresh data directory, and talks to it the way bitHuman and a browser do.
 */

export const TEST_SECRET = 'test_secret_for_integration_0123456789';
export const ADMIN = { email: 'admin@pulse.test', password: 'correct horse battery staple' };

export interface StartOptions {
  env?: Record<string, string>;
  /** reuse a data directory (restart after a crash) */
  dataDir?: string;
  /** use PostgreSQL instead of PGlite */
  databaseUrl?: string;
  /** ms to wait for the server to come up */
  timeoutMs?: number;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** everything the process printed so far */
  output(): string;
  /** sign with the session secret and POST to /api/webhooks */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** POST raw bytes with the given headers (no signing) */
  postRaw(body: string | Buffer, headers?: Record<string, string>, pathname?: string): Promise<Response>;
  /** sign in; returns the session cookie ("pulse_session=…") */
  signIn(email?: string, password?: string): Promise<string>;
  /** GET as the admin (signed in on first use), or with the given cookie ('' = anonymous) */
  getJson<T = any>(pathname: string, cookie?: string): Promise<{ status: number; body: T }>;
  /** a same-origin request as the admin, or with the given cookie ('' = anonymous) */
  request(pathname: string, init?: RequestInit & { cookie?: string }): Promise<Response>;
  /** a socket signed in as the admin, or with the given cookie ('' = anonymous) */
  socket(cookie?: string): Socket<ServerToClientEvents, ClientToServerEvents>;
  /** graceful stop (SIGTERM) */
  stop(): Promise<void>;
  /** crash (SIGKILL) */
  kill(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-test-'));
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEBHOOK_SECRET: TEST_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    PROCESSING_SWEEP_SECONDS: '1',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  };
  delete env.VITEST; delete env.VITEST_WORKER_ID; delete env.VITEST_POOL_ID;
  const proc = spawn(process.execPath, ['dist/server.mjs'], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), opts.timeoutMs ?? 45_000);
    const check = () => {
      const m = /Dashboard:\s+http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];
  let adminCookie: Promise<string> | undefined;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  const server: TestServer = {
    url,
    port,
    dataDir,
    proc,
    output: () => output,
    post(body, headers = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      return server.postRaw(raw, { 'X-bitHuman-Signature': sessionSignature(TEST_SECRET, raw), ...headers });
    },
    postRaw(body, headers = {}, pathname = '/api/webhooks') {
      return fetch(`${url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    },
    async signIn(email = ADMIN.email, password = ADMIN.password) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
      return /pulse_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    },
    async request(pathname, init = {}) {
      const cookie = init.cookie ?? (await (adminCookie ??= server.signIn()));
      const headers = new Headers(init.headers);
      if (cookie) headers.set('cookie', cookie);
      if (!headers.has('origin')) headers.set('origin', url);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${url}${pathname}`, { ...init, headers, redirect: 'manual' });
    },
    async getJson(pathname, cookie) {
      const res = await server.request(pathname, { cookie });
      return { status: res.status, body: await res.json() };
    },
    socket(cookie) {
      const s = io(url, {
        transports: ['websocket'],
        reconnection: false,
        autoConnect: false,
        extraHeaders: { origin: url },
      });
      sockets.push(s);
      // Sign in lazily, then connect: callers just use the socket.
      void (async () => {
        const c = cookie ?? (await (adminCookie ??= server.signIn()));
        if (c) s.io.opts.extraHeaders = { origin: url, cookie: c };
        s.connect();
      })();
      return s;
    },
    async stop() {
      sockets.forEach((s) => s.close());
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill() {
      sockets.forEach((s) => s.close());
      proc.kill('SIGKILL');
      await exited;
    },
  };
  return server;
}

/** Emit with an ack and unwrap { ok, data } / { ok: false, error }. */
export function request<T>(socket: Socket<any, any>, event: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, ...args, (err: Error | null, result: { ok: boolean; data?: T; error?: string }) => {
      if (err) return reject(err);
      if (!result.ok) return reject(new Error(result.error));
      resolve(result.data as T);
    });
  });
}

/** Resolve with the first `event` payload that satisfies `match`. */
export function nextEvent<T>(socket: Socket<any, any>, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Poll until `check` returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
