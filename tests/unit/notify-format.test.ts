import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/client';
import { logger } from '../../server/logger';
import { Notifier, alertUrl, channelWants, maskUrl, slackBody, webhookBody, type NotificationAlert } from '../../server/alerts/notify';

const NOW = Date.UTC(2026, 11, 4, 10, 30, 0);
const URL_ = 'https://pulse.example.com/alerts?id=42';

const alert: NotificationAlert = {
  id: 42,
  rule: 'frustration',
  severity: 'critical',
  state: 'triggered',
  title: 'Frustrated user in session sess_1',
  summary: 'The user said "this is useless" & <asked> for a human',
  agentId: 'agent_support',
  sessionId: 'sess_1',
  count: 3,
  firstSeenAt: new Date(NOW - 60_000),
  lastSeenAt: new Date(NOW - 5_000),
  escalationLevel: 1,
};

describe('webhookBody()', () => {
  it('carries the alert, its dashboard link and the send time, typed by kind', () => {
    expect(webhookBody(alert, 'new', URL_, NOW)).toEqual({
      type: 'alert.new',
      alert: {
        id: 42,
        rule: 'frustration',
        severity: 'critical',
        state: 'triggered',
        title: 'Frustrated user in session sess_1',
        summary: 'The user said "this is useless" & <asked> for a human',
        agentId: 'agent_support',
        sessionId: 'sess_1',
        count: 3,
        firstSeenAt: '2026-12-04T10:29:00.000Z',
        lastSeenAt: '2026-12-04T10:29:55.000Z',
        escalationLevel: 1,
      },
      url: URL_,
      sentAt: '2026-12-04T10:30:00.000Z',
    });
    expect(webhookBody(alert, 'escalation', URL_, NOW).type).toBe('alert.escalation');
    expect(webhookBody(alert, 'test', URL_, NOW).type).toBe('alert.test');
  });
});

describe('alertUrl()', () => {
  it('links to the alert on the dashboard whether or not the base URL ends in a slash', () => {
    expect(alertUrl('https://pulse.example.com/', 7)).toBe('https://pulse.example.com/alerts?id=7');
    expect(alertUrl('http://localhost:3000', 7)).toBe('http://localhost:3000/alerts?id=7');
  });
});

describe('slackBody()', () => {
  it('has a plain fallback line and blocks with severity emoji, title, escaped summary, agent, session and link', () => {
    const body = slackBody(alert, 'new', URL_);
    expect(body.text).toBe('Critical alert: Frustrated user in session sess_1 — The user said "this is useless" &amp; &lt;asked&gt; for a human');
    expect(body.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':red_circle: Frustrated user in session sess_1', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Critical* · frustration\nThe user said "this is useless" &amp; &lt;asked&gt; for a human' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'agent `agent_support` · session `sess_1` · seen 3× since 2026-12-04T10:29:00.000Z' }] },
      { type: 'section', text: { type: 'mrkdwn', text: `<${URL_}|Open in Avatar Pulse>` } },
    ]);
  });

  it('says an escalation is one, with its level, and picks the emoji by severity', () => {
    const body = slackBody({ ...alert, severity: 'warning', escalationLevel: 2 }, 'escalation', URL_);
    expect(body.text.startsWith('Warning alert: Escalated (level 2): ')).toBe(true);
    expect(body.blocks[0]).toMatchObject({ text: { text: ':large_orange_circle: Escalated (level 2): Frustrated user in session sess_1' } });
  });

  it('keeps the header within Slack\'s 150-character limit', () => {
    const header = slackBody({ ...alert, title: 'x'.repeat(400) }, 'new', URL_).blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    expect(header.text.text.endsWith('…')).toBe(true);
  });

  it('cannot ping the whole channel through alert text', () => {
    const body = slackBody({ ...alert, summary: 'hey <!channel> look' }, 'new', URL_);
    expect(JSON.stringify(body)).not.toContain('<!channel>');
  });
});

describe('channelWants()', () => {
  const channel = { enabled: true, minSeverity: 'warning', escalation: true };

  it('takes alerts at or above its minimum severity', () => {
    expect(channelWants(channel, { severity: 'info' }, 'new')).toBe(false);
    expect(channelWants(channel, { severity: 'warning' }, 'new')).toBe(true);
    expect(channelWants(channel, { severity: 'critical' }, 'new')).toBe(true);
    expect(channelWants({ ...channel, minSeverity: 'critical' }, { severity: 'warning' }, 'new')).toBe(false);
    expect(channelWants({ ...channel, minSeverity: 'info' }, { severity: 'info' }, 'new')).toBe(true);
  });

  it('takes escalations only when it asked for them', () => {
    expect(channelWants(channel, { severity: 'critical' }, 'escalation')).toBe(true);
    expect(channelWants({ ...channel, escalation: false }, { severity: 'critical' }, 'escalation')).toBe(false);
    expect(channelWants({ ...channel, escalation: false }, { severity: 'critical' }, 'new')).toBe(true);
  });

  it('takes nothing while disabled', () => {
    expect(channelWants({ ...channel, enabled: false }, { severity: 'critical' }, 'new')).toBe(false);
  });
});

describe('maskUrl()', () => {
  it('keeps scheme and host and hides the secret path', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe('https://hooks.slack.com/…');
    expect(maskUrl('http://127.0.0.1:8080/hook?token=abc')).toBe('http://127.0.0.1:8080/…');
  });
});

/** The channel policy through sendTest(), which touches no database: fetch is injected. */
describe('Notifier.sendTest()', () => {
  const quiet = logger.child({}, { level: 'silent' });
  const channel = { id: 'c1', name: 'ops', kind: 'webhook', url: 'https://hooks.example.com/secret/path', minSeverity: 'warning', escalation: true, enabled: true };
  const notifier = (answers: (() => Response | Promise<Response>)[], calls: string[] = []) =>
    new Notifier({
      db: {} as Database,
      logger: quiet,
      now: () => NOW,
      tuning: { backoffMs: 1, halfOpenAfterMs: 60_000 },
      fetch: (async (url: string | URL | Request) => {
        calls.push(String(url));
        // Answers in order; the last one repeats.
        const next = answers.length > 1 ? answers.shift()! : answers[0];
        return next();
      }) as typeof fetch,
    });

  it('retries a 500 and ends sent on the second attempt', async () => {
    const outcome = await notifier([() => new Response('boom', { status: 500 }), () => new Response('ok')]).sendTest(channel, 'admin@pulse.test');
    expect(outcome).toEqual({ status: 'sent', attempts: 2, error: null });
  });

  it('fails after three attempts with the receiver\'s answer, not the secret URL', async () => {
    const n = notifier([() => new Response('invalid_payload', { status: 400 })]);
    const outcome = await n.sendTest(channel, 'admin@pulse.test');
    expect(outcome).toEqual({ status: 'failed', attempts: 3, error: 'HTTP 400: invalid_payload' });
  });

  it('opens the circuit after five failed attempts and then fails fast without calling the receiver', async () => {
    const calls: string[] = [];
    const n = notifier(
      [
        () => {
          throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        },
      ],
      calls,
    );
    expect(n.channelHealth()).toEqual({});
    const first = await n.sendTest(channel, 'a');
    expect(first).toEqual({ status: 'failed', attempts: 3, error: 'ECONNREFUSED' });
    expect(n.channelHealth()).toEqual({ c1: 'closed' });
    const second = await n.sendTest(channel, 'a');
    expect(second).toEqual({ status: 'failed', attempts: 2, error: 'ECONNREFUSED; circuit open' });
    expect(n.channelHealth()).toEqual({ c1: 'open' });
    expect(calls).toHaveLength(5);
    expect(await n.sendTest(channel, 'a')).toEqual({ status: 'failed', attempts: 0, error: 'circuit open' });
    expect(calls).toHaveLength(5);
    // A new URL is a new receiver: its circuit starts closed.
    n.forgetChannel('c1');
    expect(n.channelHealth()).toEqual({});
  });
});
