/**
 * History benchmark: the real server (production build) on a seeded data directory, measured the
 * way the dashboard uses it: history search first pages (no filter, agent, a common and a rare
 * word, a date range), a deep page (after following 50 cursors), a one-day CSV export (time, size
 * and the server's peak RSS while streaming it), and the 7-day analytics reads when the server has
 * them (seed-large.ts writes raw rows only, not metric buckets or session analytics, so those
 * reads measure the hour buckets seed-large.ts writes). Prints median and p95 over --runs runs, and the size of the data.
 *
 *   npx tsx scripts/seed-large.ts --data-dir ./data-large          # once, 1M messages
 *   npm run build && npx tsx scripts/bench-history.ts --data-dir ./data-large [--runs 7]
 *   (or --database-url postgresql://… for a seeded PostgreSQL)
 *
 * The server signs in as ADMIN_EMAIL / ADMIN_PASSWORD (created on first start when unset).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/client';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: './data-large' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '7' },
    common: { type: 'string', default: 'refund' },
    rare: { type: 'string', default: 'zeppelin' },
  },
});
const RUNS = Number(args.runs);
const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'bench@pulse.local';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'bench password 0123456789';

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dataDir = path.resolve(args['data-dir']);
  if (!args['database-url'] && !fs.existsSync(path.join(dataDir, 'pglite'))) throw new Error(`${dataDir} holds no database: run scripts/seed-large.ts first`);
  if (!fs.existsSync('dist/server.mjs') || !fs.existsSync('.next')) throw new Error('run `npm run build` first');

  // The size of what is measured, read before the server takes the data directory's lock.
  const db = await openDatabase({ databaseUrl: args['database-url'], dataDir });
  const [size] = await db.query<{ sessions: number; messages: number; events: number; agents: number }>(
    'SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM webhook_events)::int AS events, (SELECT count(*) FROM agents)::int AS agents',
  );
  await db.close();
  console.log(`data: ${size!.messages.toLocaleString()} messages, ${size!.sessions.toLocaleString()} sessions, ${size!.events.toLocaleString()} events, ${size!.agents} agents`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEBHOOK_SECRET: process.env.WEBHOOK_SECRET ?? 'bench_history_secret',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    // keep the retention job from deleting seeded history while it is measured
    RETENTION_RAW_DAYS: process.env.RETENTION_RAW_DAYS ?? '365',
    ...(args['database-url'] ? { DATABASE_URL: args['database-url'] } : {}),
  };
  const startedAt = Date.now();
  const proc = spawn(process.execPath, ['dist/server.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stderr!.on('data', (d) => (output += d));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      output += d;
      const m = /Dashboard:\s+http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  console.log(`server up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${args['database-url'] ? 'PostgreSQL' : `PGlite in ${dataDir}`}), RSS ${mb(rssOf(proc.pid!))}`);

  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed (${login.status}): set ADMIN_EMAIL/ADMIN_PASSWORD to an admin of this data dir`);
    const cookie = /pulse_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const get = async (pathname: string) => {
      const res = await fetch(`${base}${pathname}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`GET ${pathname}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return res;
    };
    const getJson = async <T>(pathname: string) => (await (await get(pathname)).json()) as T;
    type Page = { sessions: { id: string; agentId: string; startedAt: string }[]; nextCursor: string | null };

    // Size of the data and a realistic agent and day to filter on.
    const counters = await getJson<Page>('/api/history/sessions?limit=1');
    const newest = new Date(counters.sessions[0]!.startedAt);
    const agent = counters.sessions[0]!.agentId;
    const dayEnd = new Date(Date.UTC(newest.getUTCFullYear(), newest.getUTCMonth(), newest.getUTCDate()));
    const dayStart = new Date(dayEnd.getTime() - 86_400_000);
    const weekStart = new Date(dayEnd.getTime() - 7 * 86_400_000);

    const results: { name: string; times: number[]; note?: string }[] = [];
    async function measure(name: string, fn: () => Promise<string | void>): Promise<void> {
      await fn(); // warm-up: first-call compilation and cold caches are not what a user sees twice
      const times: number[] = [];
      let note: string | void = undefined;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        note = await fn();
        times.push(performance.now() - t);
      }
      results.push({ name, times, note: note ?? undefined });
      process.stdout.write('.');
    }
    const firstPage = (qs: string) => async () => `${(await getJson<Page>(`/api/history/sessions?limit=50${qs}`)).sessions.length} rows`;

    await measure('history: first page, no filter', firstPage(''));
    await measure(`history: first page, agent=${agent}`, firstPage(`&agent=${encodeURIComponent(agent)}`));
    await measure(`history: first page, q=${args.common} (common)`, firstPage(`&q=${encodeURIComponent(args.common)}`));
    await measure(`history: first page, q=${args.rare} (rare)`, firstPage(`&q=${encodeURIComponent(args.rare)}`));
    await measure('history: first page, one-day range', firstPage(`&from=${dayStart.toISOString()}&to=${dayEnd.toISOString()}`));
    await measure('history: first page, sort=duration', firstPage('&sort=duration'));
    await measure(`history: first page, agent + q=${args.common} + 7 days`, firstPage(`&agent=${encodeURIComponent(agent)}&q=${args.common}&from=${weekStart.toISOString()}`));

    // The deep page: follow 50 cursors once, then time the 51st page alone.
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: Page = await getJson<Page>(`/api/history/sessions?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    if (cursor) {
      const deep = cursor;
      await measure('history: page 51 (cursor after 50 pages)', firstPage(`&cursor=${deep}`));
    }

    // One day of events as CSV: time to the last byte, bytes, peak server RSS while streaming.
    const rssBefore = rssOf(proc.pid!);
    let peakRss = 0;
    let exportBytes = 0;
    await measure('export: events, one day, CSV', async () => {
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(proc.pid!))), 20);
      try {
        const res = await get(`/api/export/events?format=csv&from=${dayStart.toISOString()}&to=${dayEnd.toISOString()}`);
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        exportBytes = bytes;
        return `${mb(bytes)}`;
      } finally {
        clearInterval(sampler);
      }
    });
    await measure('export: sessions, one day, CSV', async () => {
      const res = await get(`/api/export/sessions?format=csv&from=${dayStart.toISOString()}&to=${dayEnd.toISOString()}`);
      return `${(await res.text()).split('\r\n').length - 2} rows`;
    });

    // 7-day analytics reads, where the server has them (built by other parts of the project).
    const optional: [string, string][] = [
      ['metrics: 7-day series (3 metrics)', `/api/metrics/series?metrics=messages.user,messages.assistant,sessions.new&from=${weekStart.toISOString()}&to=${dayEnd.toISOString()}`],
      ['metrics: 7-day heatmap', `/api/metrics/heatmap?from=${weekStart.toISOString()}&to=${dayEnd.toISOString()}`],
    ];
    for (const [name, url] of optional) {
      const probe = await fetch(`${base}${url}`, { headers: { cookie } });
      if (probe.status === 200) await measure(name, async () => void (await (await get(url)).arrayBuffer()));
      else results.push({ name, times: [], note: `skipped: ${probe.status}` });
    }
    // The analytics page for 7 days as a browser loads it: the page, then its four reads at once
    // (components/analytics/AnalyticsPage.tsx).
    const range = `from=${weekStart.toISOString()}&to=${dayEnd.toISOString()}`;
    const pageReads = [
      `/api/metrics/series?metrics=sessions.new,response_ms,sentiment.*,alerts.*&${range}&step=hour`,
      `/api/metrics/heatmap?${range}`,
      `/api/history/sessions?${range}&limit=200`,
      '/api/capacity',
    ];
    await measure('analytics page, 7 days: HTML + its 4 reads', async () => {
      await (await get('/analytics?range=7d')).arrayBuffer();
      await Promise.all(pageReads.map(async (url) => (await get(url)).arrayBuffer()));
    });
    console.log('\n');

    console.log(`runs per row: ${RUNS} (after one warm-up); times in ms, end to end over HTTP`);
    console.log(`${'what'.padEnd(52)} ${'median'.padStart(8)} ${'p95'.padStart(8)}  note`);
    for (const r of results)
      console.log(
        `${r.name.padEnd(52)} ${(r.times.length ? quantile(r.times, 0.5).toFixed(1) : '-').padStart(8)} ${(r.times.length ? quantile(r.times, 0.95).toFixed(1) : '-').padStart(8)}  ${r.note ?? ''}`,
      );
    console.log(`\none-day events CSV: ${mb(exportBytes)}; server RSS before ${mb(rssBefore)}, peak while exporting ${mb(peakRss)}; RSS now ${mb(rssOf(proc.pid!))}`);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
