import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../server/alerts/model';
import { Notifier, type WebhookBody } from '../../server/alerts/notify';
import { openDatabase, type Database } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { logger } from '../../server/logger';
import { conversation } from '../helpers/fixtures';
import { eventually, startServer, tempDataDir, type TestServer } from '../helpers/server';

/**
 * Alert notifications against a real HTTP receiver on 127.0.0.1: through the operator API of the
 * real server, and through the Notifier itself on a real PGlite database.
 */

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A local webhook receiver. `answers[path]` lists status codes to answer in turn (the last repeats); default 200. */
async function startReceiver() {
  const received: Received[] = [];
  const answers: Record<string, number[]> = {};
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const queue = answers[path] ?? [200];
      const status = queue.length > 1 ? queue.shift()! : queue[0];
      if (status === 0) return void hanging.add(res); // never answers
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answers,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => {
      hanging.forEach((r) => r.destroy());
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: listen, note it, close. */
async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function insertAlert(db: Database, fields: Partial<{ severity: string; title: string; escalationLevel: number }> = {}) {
  const at = new Date();
  const row = await db.prisma.alert.create({
    data: {
      dedupKey: `frustration:sess_${at.getTime()}_${Math.random()}`,
      rule: 'frustration',
      severity: fields.severity ?? 'critical',
      state: 'triggered',
      title: fields.title ?? 'Frustrated user',
      summary: 'The user asked for a human three times',
      agentId: 'agent_customer_support',
      sessionId: 'sess_notify',
      firstSeenAt: at,
      lastSeenAt: at,
      escalationLevel: fields.escalationLevel ?? 0,
      messageIds: [],
      details: {},
    },
  });
  return row;
}

/** The stored row as the engine hands it to notify(). */
function asAlert(row: Awaited<ReturnType<typeof insertAlert>>): Alert & { id: number } {
  return {
    ...row,
    id: Number(row.id),
    rule: row.rule as Alert['rule'],
    severity: row.severity as Alert['severity'],
    state: row.state as Alert['state'],
    messageIds: [],
    details: {},
  };
}

async function postConversations(server: TestServer, n: number): Promise<{ ms: number; statuses: number[] }> {
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: n }, async () => (await server.post(conversation().join)).status));
  return { ms: performance.now() - started, statuses };
}

describe('notification channels through the API', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const createChannel = async (body: Record<string, unknown>) => {
    const res = await server.request('/api/channels', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { channel: { id: string; url: string } }).channel;
  };
  const testChannel = async (id: string) => {
    const res = await server.request(`/api/channels/${id}/test`, { method: 'POST' });
    expect(res.status).toBe(200);
    return (await res.json()) as { status: string; attempts: number; error: string | null; circuit: string };
  };
  const channels = async () =>
    (await server.getJson<{ channels: { id: string; name: string; url: string; circuit: string; last24h: Record<string, number> }[] }>('/api/channels')).body.channels;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('sends the documented webhook and Slack bodies when an admin tests a channel, and never shows the URL\'s path', async () => {
    const hook = await createChannel({ name: 'ops webhook', kind: 'webhook', url: `${receiver.url}/hook/secret-a`, minSeverity: 'warning' });
    const slack = await createChannel({ name: 'ops slack', kind: 'slack', url: `${receiver.url}/services/T0/B0/secret-b`, minSeverity: 'critical', escalation: false });
    expect(hook.url).toBe(`${receiver.url}/…`);

    expect(await testChannel(hook.id)).toMatchObject({ status: 'sent', attempts: 1, error: null, circuit: 'closed' });
    const [webhook] = receiver.at('/hook/secret-a');
    expect(webhook.headers['content-type']).toBe('application/json');
    const body = webhook.body as WebhookBody;
    expect(body).toMatchObject({
      type: 'alert.test',
      alert: { id: 0, rule: 'test', severity: 'info', state: 'triggered', title: 'Test notification from Avatar Pulse', agentId: null, sessionId: null, count: 1, escalationLevel: 0 },
      url: `${server.url.replace('127.0.0.1', 'localhost')}/alerts?id=0`,
    });
    expect(body.alert.summary).toContain('admin@pulse.test');
    expect(Math.abs(Date.parse(body.sentAt) - Date.now())).toBeLessThan(60_000);

    expect(await testChannel(slack.id)).toMatchObject({ status: 'sent', attempts: 1 });
    const [message] = receiver.at('/services/T0/B0/secret-b');
    expect(message.body.text).toContain('Test notification from Avatar Pulse');
    expect(message.body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':large_blue_circle: Test: Test notification from Avatar Pulse', emoji: true } });
    expect(JSON.stringify(message.body.blocks)).toContain('|Open in Avatar Pulse>');

    const listed = await channels();
    expect(listed.map((c) => [c.name, c.url])).toEqual([
      ['ops webhook', `${receiver.url}/…`],
      ['ops slack', `${receiver.url}/…`],
    ]);
    const audit = await server.getJson<{ entries: { action: string; details: unknown }[] }>('/api/audit?action=channel.test');
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e) => e.details)).toEqual([
      expect.objectContaining({ id: slack.id, status: 'sent', attempts: 1 }),
      expect.objectContaining({ id: hook.id, status: 'sent', attempts: 1 }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('secret-a');

    // PATCH changes fields; DELETE removes; both audited.
    const patched = await server.request(`/api/channels/${slack.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: false, minSeverity: 'warning' }) });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { channel: { enabled: boolean; minSeverity: string } }).channel).toMatchObject({ enabled: false, minSeverity: 'warning' });
    expect((await server.request(`/api/channels/${slack.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await server.request(`/api/channels/${slack.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await channels()).map((c) => c.name)).toEqual(['ops webhook']);
  });

  it('rejects a channel whose URL is not http(s), and non-admins', async () => {
    const bad = await server.request('/api/channels', { method: 'POST', body: JSON.stringify({ name: 'x', kind: 'webhook', url: 'file:///etc/passwd', minSeverity: 'info' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect((await server.request('/api/channels', { cookie: '' })).status).toBe(401);
  });

  it('retries a receiver that answers 500 once, and ends sent on the second attempt', async () => {
    receiver.answers['/flaky'] = [500, 200];
    const flaky = await createChannel({ name: 'flaky', kind: 'webhook', url: `${receiver.url}/flaky`, minSeverity: 'info' });
    expect(await testChannel(flaky.id)).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(receiver.at('/flaky')).toHaveLength(2);
  });

  it('fails a dead channel fast once its circuit opens, while webhooks keep being answered 200 quickly', async () => {
    const baseline = await postConversations(server, 50);
    expect(baseline.statuses.every((s) => s === 200)).toBe(true);

    const dead = await createChannel({ name: 'dead', kind: 'webhook', url: `http://127.0.0.1:${await deadPort()}/hook/secret-dead`, minSeverity: 'info' });
    // Several test sends in flight at once keep the channel failing while bitHuman posts.
    const failing = Promise.all([1, 2, 3].map(() => testChannel(dead.id)));
    const during = await postConversations(server, 50);
    const outcomes = await failing;

    expect(during.statuses.every((s) => s === 200)).toBe(true);
    expect(during.ms).toBeLessThan(baseline.ms * 3 + 1000);
    expect(outcomes.every((o) => o.status === 'failed')).toBe(true);
    expect(outcomes.map((o) => o.error).join(' ')).toContain('ECONNREFUSED');

    // Enough failures: the circuit is open and the next try fails fast without an attempt.
    expect((await channels()).find((c) => c.id === dead.id)?.circuit).toBe('open');
    const started = performance.now();
    expect(await testChannel(dead.id)).toMatchObject({ status: 'failed', attempts: 0, error: 'circuit open', circuit: 'open' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('delivers notifications left pending by a stop at the next start, and lists the failures', async () => {
    const dead = (await channels()).find((c) => c.name === 'dead')!;
    const live = (await channels()).find((c) => c.name === 'ops webhook')!;
    await server.stop();

    // Between runs: an alert whose notifications were recorded but never sent.
    const db = await openDatabase({ dataDir: server.dataDir });
    const alert = await insertAlert(db, { title: 'Frustrated user (recovered)' });
    await db.prisma.notificationDelivery.create({ data: { channelId: live.id, alertId: alert.id, kind: 'new' } });
    for (let i = 0; i < 4; i++) await db.prisma.notificationDelivery.create({ data: { channelId: dead.id, alertId: alert.id, kind: 'new' } });
    await db.close();

    server = await startServer({ dataDir: server.dataDir });
    const sent = await eventually(() => Promise.resolve(receiver.at('/hook/secret-a').find((r) => r.body.alert.id === Number(alert.id))), 15_000, 'the recovered notification');
    expect(sent.body).toMatchObject({ type: 'alert.new', alert: { title: 'Frustrated user (recovered)', severity: 'critical', agentId: 'agent_customer_support', sessionId: 'sess_notify' } });
    expect(sent.body.url).toMatch(new RegExp(`/alerts\\?id=${alert.id}$`));

    type Listed = { deliveries: { status: string; attempts: number; lastError: string | null; channel: { name: string }; alert: { id: number; title: string } }[] };
    const failed = await eventually(async () => {
      const { body } = await server.getJson<Listed>('/api/notifications?status=failed&limit=50');
      const mine = body.deliveries.filter((d) => d.alert.id === Number(alert.id));
      return mine.length === 4 && mine;
    }, 20_000, 'four failed deliveries');
    expect(failed.every((d) => d.status === 'failed' && d.channel.name === 'dead' && d.alert.title === 'Frustrated user (recovered)')).toBe(true);
    // The first ones were tried (and retried) for real; once the circuit opened, the rest failed fast.
    expect(failed.some((d) => d.attempts === 3 && d.lastError === 'ECONNREFUSED')).toBe(true);
    expect(failed.some((d) => d.attempts === 0 && d.lastError === 'circuit open')).toBe(true);

    const all = await server.getJson<Listed>('/api/notifications');
    expect(all.body.deliveries.find((d) => d.alert.id === Number(alert.id) && d.channel.name === 'ops webhook')).toMatchObject({ status: 'sent', attempts: 1 });
    const listed = await channels();
    expect(listed.find((c) => c.name === 'dead')).toMatchObject({ circuit: 'open', last24h: { sent: 0, failed: 4, pending: 0 } });
    expect(listed.find((c) => c.name === 'ops webhook')?.last24h).toMatchObject({ sent: 1, failed: 0 });
    // One warn line per failed delivery names the channel and the host, never the secret path.
    const warnings = server.output().split('\n').filter((l) => l.includes('alert notification failed'));
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('"channel":"dead"');
    expect(warnings[0]).toContain(`"alertId":${alert.id}`);
    expect(server.output()).not.toMatch(/secret-a|secret-dead/);
  }, 90_000);
});

describe('Notifier on a real database', () => {
  let dataDir: string;
  let db: Database;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const quiet = logger.child({}, { level: 'silent' });

  beforeAll(async () => {
    dataDir = tempDataDir();
    db = await openDatabase({ dataDir });
    await migrate(db);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records one delivery per channel that wants the alert, returns at once, and sends them in the background', async () => {
    const channel = (name: string, fields: Record<string, unknown>) =>
      db.prisma.notificationChannel.create({ data: { name, kind: 'webhook', url: `${receiver.url}/${name}`, minSeverity: 'warning', ...fields } });
    const warning = await channel('warning', {});
    const criticalOnly = await channel('critical-only', { minSeverity: 'critical' });
    const noEscalation = await channel('no-escalation', { escalation: false });
    await channel('disabled', { enabled: false, minSeverity: 'info' });

    const notifier = new Notifier({ db, logger: quiet, publicUrl: 'https://pulse.example.com/' });
    const warned = await insertAlert(db, { severity: 'warning', title: 'A warning' });
    const critical = await insertAlert(db, { severity: 'critical', title: 'A critical', escalationLevel: 1 });

    const started = performance.now();
    notifier.notify(asAlert(warned), 'new');
    notifier.notify(asAlert(critical), 'escalation');
    expect(performance.now() - started).toBeLessThan(50);
    await notifier.idle();

    const rows = await db.prisma.notificationDelivery.findMany({ include: { channel: true }, orderBy: { id: 'asc' } });
    const byAlert = (id: bigint) => rows.filter((r) => r.alertId === id).map((r) => r.channel.name).sort();
    expect(byAlert(warned.id)).toEqual(['no-escalation', 'warning']);
    expect(byAlert(critical.id)).toEqual(['critical-only', 'warning']);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.deliveredAt)).toBe(true);

    expect(receiver.at('/warning').map((r) => r.body.type)).toEqual(['alert.new', 'alert.escalation']);
    expect(receiver.at('/critical-only')[0].body).toMatchObject({
      type: 'alert.escalation',
      alert: { id: Number(critical.id), severity: 'critical', title: 'A critical', escalationLevel: 1 },
      url: `https://pulse.example.com/alerts?id=${critical.id}`,
    });
    expect(receiver.at('/disabled')).toHaveLength(0);
    expect(noEscalation && criticalOnly && warning).toBeTruthy();
    await notifier.stop();
  });

  it('never throws at the caller, even when the alert cannot be recorded', async () => {
    const notifier = new Notifier({ db, logger: quiet });
    const missing = asAlert({ ...(await insertAlert(db)), id: 999_999n });
    expect(() => notifier.notify(missing, 'new')).not.toThrow();
    await notifier.idle();
    expect(await db.prisma.notificationDelivery.count({ where: { alertId: 999_999n } })).toBe(0);
  });

  it('stops within its grace period, leaving an unanswered delivery pending for the next start to send', async () => {
    await db.prisma.notificationChannel.deleteMany();
    const hangs = await db.prisma.notificationChannel.create({ data: { name: 'slow', kind: 'webhook', url: `${receiver.url}/slow`, minSeverity: 'info' } });
    receiver.answers['/slow'] = [0, 200];
    const first = new Notifier({ db, logger: quiet, tuning: { stopGraceMs: 200 } });
    const alert = await insertAlert(db, { title: 'Sent after restart' });
    first.notify(asAlert(alert), 'new');
    await eventually(() => Promise.resolve(receiver.at('/slow').length === 1), 5000, 'the first attempt');

    const stopping = performance.now();
    await first.stop();
    expect(performance.now() - stopping).toBeLessThan(1000);
    const pending = await db.prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: hangs.id } });
    expect(pending.status).toBe('pending');

    const second = new Notifier({ db, logger: quiet });
    expect(await second.start()).toBe(1);
    await second.idle();
    expect(await db.prisma.notificationDelivery.findFirstOrThrow({ where: { id: pending.id } })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(receiver.at('/slow').at(-1)!.body.alert.title).toBe('Sent after restart');
    await second.stop();
  });
});
