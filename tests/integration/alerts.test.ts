import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../lib/alerts';
import { conversation, fixture } from '../helpers/fixtures';
import { apiSignatureHeaders } from '../helpers/sign';
import { eventually, nextEvent, request, startServer, type TestServer } from '../helpers/server';

/**
 * A scripted afternoon: a user grows frustrated, another repeats a question, an avatar goes
 * silent, an agent fails six times, an agent reaches capacity. Exactly the expected alerts are
 * raised, each once; they escalate or clear on time; a local receiver gets the notifications.
 */

const API_SECRET = 'whsec_alerts_test';

describe('alerts from a scripted conversation', () => {
  let server: TestServer;
  let receiver: http.Server;
  const received: Array<{ type: string; alert: { id: number; rule: string; title: string } }> = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    server = await startServer({
      env: {
        WEBHOOK_API_SECRET: API_SECRET,
        ALERT_SILENCE_SECONDS: '2',
        ALERT_ESCALATE_AFTER_MINUTES: '0.05', // 3 s
        ALERT_CAPACITY_PER_AGENT: '3',
        ALERT_CAPACITY_FOR_SECONDS: '1',
        ALERT_HOLD_SECONDS: '3',
      },
    });
    const channel = await server.request('/api/channels', {
      method: 'POST',
      body: JSON.stringify({ name: 'ops receiver', kind: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, minSeverity: 'info' }),
    });
    expect(channel.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    receiver?.close();
  });

  const alerts = async (query = '') => (await server.getJson<{ alerts: AlertView[] }>(`/api/alerts?limit=500${query}`)).body.alerts;

  it('raises one frustration alert for a user who grows angry, with the angry messages marked', async () => {
    const socket = server.socket();
    // Any dashboard page joins the dashboard room this way, without the overview's snapshot.
    const counters = await request<{ openAlerts: number }>(socket, 'dashboard:subscribe');
    expect(counters.openAlerts).toBe(0);
    const toast = nextEvent<AlertView>(socket, 'alert:new', (a) => a.rule === 'frustration');
    const c = conversation();
    const t = c.join.timestamp;
    await server.post(c.join);
    await server.post(c.user('Hi, I need help with my booking', t + 1));
    await server.post(c.avatar('Of course! What is the booking number?', t + 2));
    await server.post(c.user('This is terrible, I am really angry and frustrated!', t + 3));
    await server.post(c.avatar('I am sorry to hear that.', t + 4));
    await server.post(c.user('Awful service. I am furious.', t + 5));
    const opened = await toast;
    expect(opened).toMatchObject({ sessionId: c.sessionId, state: 'triggered', suppressed: false });
    const list = await eventually(async () => {
      const found = (await alerts(`&session=${c.sessionId}`)).filter((a) => a.rule === 'frustration');
      return found[0]?.count === 2 ? found : null;
    });
    expect(list).toHaveLength(1); // the second angry message is an occurrence, not a new alert
    const transcript = (await server.getJson(`/api/sessions/${c.sessionId}`)).body;
    const angry = transcript.messages.filter((m: { text: string }) => /terrible|Awful/.test(m.text)).map((m: { id: number }) => m.id);
    expect(list[0].messageIds.sort()).toEqual(angry.sort());
    expect(transcript.messages.find((m: { text: string }) => m.text.startsWith('This is terrible')).sentiment).toBeLessThan(-0.5);
    socket.close();
  });

  it('raises one repeated-question alert and nothing for a calm conversation', async () => {
    const repeat = conversation();
    const calm = conversation();
    const t = repeat.join.timestamp;
    for (const c of [repeat, calm]) await server.post(c.join);
    await server.post(repeat.user('How do I reset my password?', t + 1));
    await server.post(repeat.avatar('Go to settings and choose reset.', t + 2));
    await server.post(repeat.user('How can I reset my password?', t + 3));
    await server.post(repeat.avatar('Settings, then reset password.', t + 4));
    await server.post(calm.user('What are your opening hours?', t + 1));
    await server.post(calm.avatar('We are open nine to five.', t + 2));
    await server.post(calm.user('Great, thank you!', t + 3));
    await server.post(calm.avatar('You are welcome.', t + 4));
    const found = await eventually(async () => {
      const a = await alerts(`&session=${repeat.sessionId}`);
      return a.length ? a : null;
    });
    expect(found.map((a) => a.rule)).toEqual(['repeat']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await alerts(`&session=${calm.sessionId}`)).toEqual([]);
  });

  it('raises a critical avatar-silence alert that escalates when nobody acknowledges it', async () => {
    const c = conversation();
    await server.post(c.join);
    await server.post(c.user('Hello? Can you hear me?', Date.now() / 1000));
    const silent = await eventually(async () => (await alerts(`&session=${c.sessionId}&rule=avatar_silence`))[0], 10_000, 'silence alert');
    expect(silent).toMatchObject({ severity: 'critical', state: 'triggered', escalationLevel: 0 });
    const escalated = await eventually(async () => {
      const a = (await alerts(`&session=${c.sessionId}&rule=avatar_silence`))[0];
      return a.escalationLevel >= 1 ? a : null;
    }, 10_000, 'escalation');
    expect(escalated.state).toBe('triggered');
    await eventually(async () => received.some((n) => n.type === 'alert.escalation' && n.alert.id === silent.id), 10_000, 'escalation notification');
  });

  it('raises one error-spike alert when an agent fails six times with one code', async () => {
    for (let i = 0; i < 6; i++) {
      const body = JSON.stringify({ ...fixture('agent.failed'), id: `evt_spike_${i}`, created: Math.floor(Date.now() / 1000) });
      const res = await server.postRaw(body, apiSignatureHeaders(API_SECRET, body, 'agent.failed', `dlv_spike_${i}`));
      expect(res.status).toBe(200);
    }
    const spike = await eventually(async () => (await alerts('&rule=error_spike'))[0], 10_000, 'error spike');
    expect(spike).toMatchObject({ agentId: 'A91XMB7114', severity: 'critical', dedupKey: 'errors:A91XMB7114:generation_timeout' });
    expect(await alerts('&rule=error_spike')).toHaveLength(1);
  });

  it('raises a capacity alert while an agent is at its limit and clears it after the hold time', async () => {
    const sessions = [conversation(undefined, 'agent_busy'), conversation(undefined, 'agent_busy'), conversation(undefined, 'agent_busy')];
    for (const c of sessions) await server.post(c.join);
    const capacity = await eventually(async () => (await alerts('&rule=capacity&agent=agent_busy'))[0], 15_000, 'capacity alert');
    expect(capacity).toMatchObject({ state: 'triggered', dedupKey: 'capacity:agent_busy' });
    for (const c of sessions) await server.post(c.end(Date.now() / 1000));
    const cleared = await eventually(async () => {
      const a = (await alerts('&rule=capacity&agent=agent_busy'))[0];
      return a.state === 'resolved' ? a : null;
    }, 20_000, 'capacity to clear');
    expect(cleared.resolvedBy).toBe('system');
  }, 40_000);

  it('acknowledges, resolves with a note, audits it, and a new match after resolve is a recurrence', async () => {
    const c = conversation();
    await server.post(c.join);
    await server.post(c.user('This is absolutely terrible and I am angry.', c.join.timestamp + 1));
    const alert = await eventually(async () => (await alerts(`&session=${c.sessionId}&rule=frustration`))[0]);
    const ack = await server.request(`/api/alerts/${alert.id}/acknowledge`, { method: 'POST', body: JSON.stringify({ note: 'calling the customer' }) });
    expect((await ack.json()).alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'admin@pulse.test', ackNote: 'calling the customer' });
    const resolved = await server.request(`/api/alerts/${alert.id}/resolve`, { method: 'POST', body: '{}' });
    expect((await resolved.json()).alert.state).toBe('resolved');
    const again = await server.request(`/api/alerts/${alert.id}/acknowledge`, { method: 'POST', body: '{}' });
    expect(again.status).toBe(409);
    await server.post(c.user('Still terrible. I am furious now.', c.join.timestamp + 5));
    const recurrence = await eventually(async () => (await alerts(`&session=${c.sessionId}&rule=frustration&state=triggered`))[0]);
    expect(recurrence.recurrence).toBe(true);
    expect(recurrence.id).not.toBe(alert.id);
    const audit = (await server.getJson('/api/audit?limit=200')).body.entries.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(audit).toEqual(expect.arrayContaining([`alert.acknowledge alert:${alert.id}`, `alert.resolve alert:${alert.id}`]));
  });

  it('records alerts while an agent is muted but notifies nobody, and snooze keeps the state', async () => {
    const mute = await server.request('/api/agents/agent_quiet/mute', { method: 'POST', body: JSON.stringify({ minutes: 30, reason: 'maintenance' }) });
    expect(mute.status).toBe(200);
    const c = conversation(undefined, 'agent_quiet');
    await server.post(c.join);
    await server.post(c.user('This is awful, I am so angry.', c.join.timestamp + 1));
    const muted = await eventually(async () => (await alerts(`&session=${c.sessionId}`))[0]);
    expect(muted).toMatchObject({ state: 'triggered', suppressed: true });
    await new Promise((r) => setTimeout(r, 1000));
    expect(received.some((n) => n.alert.id === muted.id)).toBe(false);
    // Ending the window early shows the alert unsuppressed on every dashboard at once.
    const socket = server.socket();
    await request(socket, 'overview:subscribe');
    const shown = nextEvent<AlertView>(socket, 'alert:update', (a) => a.id === muted.id && !a.suppressed);
    expect((await server.request('/api/agents/agent_quiet/mute', { method: 'DELETE' })).status).toBe(200);
    expect((await shown).state).toBe('triggered');
    socket.close();
    const snoozed = await server.request(`/api/alerts/${muted.id}/snooze`, { method: 'POST', body: JSON.stringify({ minutes: 15 }) });
    expect((await snoozed.json()).alert).toMatchObject({ state: 'triggered', suppressed: true, snoozedUntil: expect.any(String) });
  });

  it('notified the receiver once per new alert', async () => {
    const all = await alerts();
    const notifiedNew = received.filter((n) => n.type === 'alert.new').map((n) => n.alert.id);
    expect(new Set(notifiedNew).size).toBe(notifiedNew.length);
    const expected = all.filter((a) => !a.suppressed && a.agentId !== 'agent_quiet').map((a) => a.id);
    await eventually(async () => expected.every((id) => received.some((n) => n.type === 'alert.new' && n.alert.id === id)), 10_000, 'all notifications');
  });

  it('hands a session over to a human and the sessions list shows it', async () => {
    const c = conversation();
    await server.post(c.join);
    await eventually(async () => (await server.getJson(`/api/sessions/${c.sessionId}`)).status === 200);
    const res = await server.request(`/api/sessions/${c.sessionId}/handover`, { method: 'POST', body: JSON.stringify({ note: 'VIP' }) });
    expect((await res.json()).session).toMatchObject({ escalatedBy: 'admin@pulse.test' });
    const { body } = await server.getJson('/api/sessions?limit=500');
    expect(body.sessions.find((s: { id: string }) => s.id === c.sessionId).escalatedAt).toEqual(expect.any(String));
  });
});
