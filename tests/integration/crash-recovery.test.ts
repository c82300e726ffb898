import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../lib/realtime';
import { conversation } from '../helpers/fixtures';
import { eventually, startServer, tempDataDir, type TestServer } from '../helpers/server';

/** Store-then-answer: an event answered 200 is on disk, whatever happens to the process next. */
describe('crash recovery on the embedded database', () => {
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps and processes every event answered 200 when the server is SIGKILLed mid-traffic', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startServer({ dataDir });
    servers.push(first);
    const c = conversation();
    expect((await first.post(c.join)).status).toBe(200);

    // 30 senders post distinct messages; the server is killed while requests are in flight.
    const answered: string[] = [];
    let killed = false;
    const total = 400;
    let next = 0;
    const sender = async () => {
      while (next < total && !killed) {
        const i = next++;
        const text = `message ${i}`;
        try {
          const res = await first.post(c.user(text, c.join.timestamp + 1 + i / 1000));
          if (res.status === 200) answered.push(text);
          if (answered.length === 150 && !killed) {
            killed = true;
            first.proc.kill('SIGKILL');
          }
        } catch {
          /* connection cut by the kill: not answered, may or may not be stored */
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, sender));
    await first.kill();
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(answered.length).toBeGreaterThanOrEqual(150);

    const second = await startServer({ dataDir });
    servers.push(second);
    const recovered = await eventually(async () => {
      const { body } = await second.getJson<SessionSnapshot>(`/api/sessions/${c.sessionId}`);
      const texts = new Set(body.messages?.map((m) => m.text));
      return answered.every((t) => texts.has(t)) ? body : null;
    }, 30_000, 'every answered message in the transcript after restart');
    // Nothing stored twice, nothing left unprocessed.
    expect(new Set(recovered.messages.map((m) => m.text)).size).toBe(recovered.messages.length);
    expect(recovered.session?.messageCount).toBe(recovered.messages.length);
    const { body } = await second.getJson('/api/events?limit=1');
    expect(body.byStatus.pending ?? 0).toBe(0);
    expect(body.byStatus.failed ?? 0).toBe(0);
  }, 120_000);

  it('shuts down on SIGTERM mid-traffic, answering or refusing every request and keeping every answered event', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startServer({ dataDir });
    servers.push(first);
    const c = conversation();
    expect((await first.post(c.join)).status).toBe(200);
    // An idle keep-alive connection must not hold the shutdown open (keepAliveTimeout is 65 s).
    await (await fetch(`${first.url}/api/health`)).text();
    const answered: string[] = [];
    const posts = Array.from({ length: 100 }, async (_, i) => {
      const text = `graceful ${i}`;
      try {
        const res = await first.post(c.user(text, c.join.timestamp + 1 + i / 1000));
        if (res.status === 200) answered.push(text);
      } catch {
        /* refused once the server stopped accepting */
      }
    });
    await new Promise((r) => setTimeout(r, 20));
    const stopping = Date.now();
    first.proc.kill('SIGTERM');
    await Promise.all(posts);
    await first.stop();
    expect(first.proc.exitCode).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(30_000); // not the 65 s a keep-alive socket could cost
    expect(answered.length).toBeGreaterThan(0);

    const second = await startServer({ dataDir });
    servers.push(second);
    const { body } = await second.getJson<SessionSnapshot>(`/api/sessions/${c.sessionId}`);
    const texts = new Set(body.messages.map((m) => m.text));
    expect(answered.filter((t) => !texts.has(t))).toEqual([]);
  }, 120_000);

  it('refuses to start a second server on a DATA_DIR that another server is using', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const owner = await startServer({ dataDir });
    servers.push(owner);
    const second = spawnSync(process.execPath, ['dist/server.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEBHOOK_SECRET: 'x' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/DATA_DIR .* is in use by another Avatar Pulse server \(pid \d+\)/);
    // The owner is untouched and still answers.
    expect((await owner.post(conversation().join)).status).toBe(200);
  }, 60_000);

  it('refuses to start in production without webhook verification, naming the variable to set', () => {
    const result = spawnSync(process.execPath, ['dist/server.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', DATA_DIR: tempDataDir(), WEBHOOK_SECRET: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/WEBHOOK_SECRET/);
    expect(result.stderr).toMatch(/WEBHOOK_ALLOW_UNVERIFIED=true/);
  });

  it('stops on a bad setting with a message naming the variable', () => {
    const result = spawnSync(process.execPath, ['dist/server.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: 'eighty', DATA_DIR: tempDataDir(), WEBHOOK_SECRET: 's' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT="eighty"/);
  });
});
