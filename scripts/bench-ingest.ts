/**
 * Ingest benchmark: webhook throughput and latency of the real server (production build, fresh
 * embedded database) against a bare Node handler doing the same HMAC + JSON work, measured in the
 * same run, plus how fast processing catches up and the server's memory afterwards.
 * Timings on shared machines are noisy: read the ratio, not the absolute figures.
 *
 *   npm run build && npx tsx scripts/bench-ingest.ts [--seconds 8] [--connections 50]
 *   (add --database-url postgresql://… to measure PostgreSQL instead of PGlite)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
  },
});
const SECRET = 'bench_secret';
const seconds = Number(args.seconds);
const connections = Number(args.connections);

function start(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, cmd, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d) => (out += d));
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

let counter = 0;
function signedChatPush() {
  const i = counter++;
  const session = `bench_${i % 200}`;
  const t = Date.now() / 1000 + i / 1e6;
  const body = JSON.stringify({
    agent_id: `agent_${i % 5}`,
    event_type: 'chat.push',
    data: { role: i % 2 ? 'assistant' : 'user', message: `benchmark message ${i} with some realistic length to it`, session_id: session, timestamp: t },
    timestamp: t,
  });
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

async function load(port: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/webhooks`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const { body, signature } = signedChatPush();
          return { ...req, body, headers: { 'content-type': 'application/json', 'x-bithuman-signature': signature } };
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

const ADMIN = { email: 'bench@pulse.local', password: 'benchmark password' };

async function signIn(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return /pulse_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

async function pendingCount(port: number, cookie: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/events?status=pending&limit=1`, { headers: { cookie } });
  const body = (await res.json()) as { byStatus: Record<string, number> };
  return body.byStatus.pending ?? 0;
}

async function main() {
  const baseline = await start(['scripts/bench/baseline-server.mjs'], { WEBHOOK_SECRET: SECRET }, /PORT=(\d+)/);
  const base = await load(baseline.port);
  baseline.proc.kill();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
  const server = await start(
    ['dist/server.mjs'],
    {
      NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'error',
      // All load comes from one address: the per-source limit would measure 429s, not ingest.
      WEBHOOK_RATE_LIMIT: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      NEXT_TELEMETRY_DISABLED: '1', ...(args['database-url'] ? { DATABASE_URL: args['database-url'] } : {}),
    },
    /Dashboard:\s+http:\/\/[^:]+:(\d+)/,
  );
  const cookie = await signIn(server.port);
  const rssBefore = rssMb(server.proc.pid!);
  const real = await load(server.port);
  const loadEnded = Date.now();
  let pending = await pendingCount(server.port, cookie);
  const backlog = pending;
  while (pending > 0) {
    await new Promise((r) => setTimeout(r, 250));
    pending = await pendingCount(server.port, cookie);
  }
  const catchUpSeconds = (Date.now() - loadEnded) / 1000;
  const rssAfter = rssMb(server.proc.pid!);
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });

  const db = args['database-url'] ? 'PostgreSQL' : 'PGlite';
  console.log(`\nIngest benchmark: ${connections} connections, ${seconds} s each, unique signed chat.push bodies, ${os.cpus().length} cores`);
  console.log(`  baseline (bare Node, HMAC + JSON, no storage): ${Math.round(base.rps)} req/s, p50 ${base.p50} ms, p99 ${base.p99} ms`);
  console.log(`  Avatar Pulse ingest (${db}, stored before 200): ${Math.round(real.rps)} req/s, p50 ${real.p50} ms, p99 ${real.p99} ms, non-200 ${real.non2xx}, errors ${real.errors}`);
  console.log(`  ratio ingest/baseline: ${(real.rps / base.rps).toFixed(3)}`);
  console.log(`  stored ${real.total} events; processing backlog at end of load ${backlog}, cleared ${catchUpSeconds.toFixed(1)} s later (${Math.round((real.total) / (seconds + catchUpSeconds))} events/s processed overall)`);
  console.log(`  server RSS: ${rssBefore} MB idle, ${rssAfter} MB after load`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
