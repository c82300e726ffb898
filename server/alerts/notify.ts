import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { z } from 'zod';
import { SEVERITIES, severityRank, type Severity } from '../../lib/alerts';
import type { Database } from '../db/client';
import type { Prisma } from '../db/generated/client.ts';
import type { Logger } from '../logger';
import type { Alert } from './model';

/**
 * Outbound alert notifications: one NotificationDelivery row per (alert, channel), delivered in the
 * background as a JSON POST (generic webhook or Slack incoming webhook). Each channel has its own
 * cockatiel policy: retry with exponential backoff inside a circuit breaker, so a dead receiver
 * costs a few quick failures and then nothing until it is tried again. Delivery is at least once:
 * rows left pending by a crash are sent at the next start.
 */

export const CHANNEL_KINDS = ['webhook', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type NotificationKind = 'new' | 'escalation';
export type CircuitHealth = 'closed' | 'open' | 'half-open';

/** A channel as the notifier needs it (the NotificationChannel row fits). */
export interface Channel {
  id: string;
  name: string;
  kind: string;
  url: string;
  minSeverity: string;
  escalation: boolean;
  enabled: boolean;
}

/** What a notification says about an alert: the stored Alert (with its id) fits. */
export type NotificationAlert = Pick<
  Alert,
  'severity' | 'state' | 'title' | 'summary' | 'agentId' | 'sessionId' | 'count' | 'firstSeenAt' | 'lastSeenAt' | 'escalationLevel'
> & { id: number; rule: string };

/** The body of POST /api/channels; PATCH takes any part of it. */
export const channelInput = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(CHANNEL_KINDS),
  url: z
    .url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' })
    .max(2000),
  minSeverity: z.enum(SEVERITIES),
  escalation: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type ChannelInput = z.infer<typeof channelInput>;

/** Channel URLs carry secrets in their path (Slack's always do): only scheme and host are shown or logged. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** Whether a channel should hear about this alert: enabled, severe enough, and escalations only where asked for. */
export function channelWants(channel: Pick<Channel, 'enabled' | 'minSeverity' | 'escalation'>, alert: { severity: Severity }, kind: NotificationKind): boolean {
  if (!channel.enabled) return false;
  if (kind === 'escalation' && !channel.escalation) return false;
  return severityRank(alert.severity) >= severityRank(channel.minSeverity as Severity);
}

/** The dashboard link for an alert. */
export function alertUrl(baseUrl: string, alertId: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/alerts?id=${alertId}`;
}

export interface WebhookBody {
  type: 'alert.new' | 'alert.escalation' | 'alert.test';
  alert: {
    id: number;
    rule: string;
    severity: Severity;
    state: string;
    title: string;
    summary: string;
    agentId: string | null;
    sessionId: string | null;
    count: number;
    firstSeenAt: string;
    lastSeenAt: string;
    escalationLevel: number;
  };
  url: string;
  sentAt: string;
}

/** The generic webhook body. `kind` 'test' is what the channel's Test button sends. */
export function webhookBody(alert: NotificationAlert, kind: NotificationKind | 'test', url: string, now: number): WebhookBody {
  return {
    type: kind === 'new' ? 'alert.new' : kind === 'escalation' ? 'alert.escalation' : 'alert.test',
    alert: {
      id: alert.id,
      rule: alert.rule,
      severity: alert.severity,
      state: alert.state,
      title: alert.title,
      summary: alert.summary,
      agentId: alert.agentId,
      sessionId: alert.sessionId,
      count: alert.count,
      firstSeenAt: alert.firstSeenAt.toISOString(),
      lastSeenAt: alert.lastSeenAt.toISOString(),
      escalationLevel: alert.escalationLevel,
    },
    url,
    sentAt: new Date(now).toISOString(),
  };
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

/** Slack reads &, < and > as markup (`<!channel>` would ping everyone), so alert text is escaped. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface SlackBody {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * A Slack incoming-webhook message: `text` is the plain fallback shown in notifications, `blocks`
 * the message (header, summary, who and where, link). Limits: header 150 characters, section 3000.
 */
export function slackBody(alert: NotificationAlert, kind: NotificationKind | 'test', url: string): SlackBody {
  const emoji = SEVERITY_EMOJI[alert.severity] ?? SEVERITY_EMOJI.info;
  const label = alert.severity.charAt(0).toUpperCase() + alert.severity.slice(1);
  const lead = kind === 'escalation' ? `Escalated (level ${alert.escalationLevel}): ` : kind === 'test' ? 'Test: ' : '';
  const where = [alert.agentId && `agent \`${slackEscape(alert.agentId)}\``, alert.sessionId && `session \`${slackEscape(alert.sessionId)}\``]
    .filter(Boolean)
    .join(' · ');
  const seen = alert.count > 1 ? `seen ${alert.count}× since ${alert.firstSeenAt.toISOString()}` : `at ${alert.lastSeenAt.toISOString()}`;
  return {
    text: slackEscape(clip(`${label} alert: ${lead}${alert.title}${alert.summary ? ` — ${alert.summary}` : ''}`, 300)),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(`${emoji} ${lead}${alert.title}`, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${label}* · ${slackEscape(alert.rule)}\n${slackEscape(alert.summary)}`, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip([where, seen].filter(Boolean).join(' · '), 3000) }] },
      { type: 'section', text: { type: 'mrkdwn', text: `<${url}|Open in Avatar Pulse>` } },
    ],
  };
}

/** What the Test button sends: a harmless info alert that names who asked. */
export function testAlert(requestedBy: string, now: number): NotificationAlert {
  const at = new Date(now);
  return {
    id: 0,
    rule: 'test',
    severity: 'info',
    state: 'triggered',
    title: 'Test notification from Avatar Pulse',
    summary: `Sent by ${requestedBy} to check this channel. No action needed.`,
    agentId: null,
    sessionId: null,
    count: 1,
    firstSeenAt: at,
    lastSeenAt: at,
    escalationLevel: 0,
  };
}

export interface DeliveryTuning {
  /** per attempt */
  timeoutMs: number;
  /** attempts per delivery, the first included */
  attempts: number;
  /** first backoff delay; it grows exponentially (with jitter) */
  backoffMs: number;
  /** consecutive failed attempts that open a channel's circuit */
  breakerFailures: number;
  /** how long an open circuit fails fast before one trial attempt */
  halfOpenAfterMs: number;
  /** how long stop() waits for deliveries in flight */
  stopGraceMs: number;
}

export const DEFAULT_TUNING: DeliveryTuning = {
  timeoutMs: 5_000,
  attempts: 3,
  backoffMs: 500,
  breakerFailures: 5,
  halfOpenAfterMs: 30_000,
  stopGraceMs: 3_000,
};

export interface NotifierDeps {
  db: Database;
  logger: Logger;
  /** the dashboard's public base URL for links (PUBLIC_URL, or http://localhost:PORT); a function when only known after listen */
  publicUrl?: string | (() => string);
  now?: () => number;
  /** injectable only for unit tests; integration tests use a real local HTTP receiver */
  fetch?: typeof fetch;
  tuning?: Partial<DeliveryTuning>;
}

export interface DeliveryOutcome {
  status: 'sent' | 'failed';
  attempts: number;
  error: string | null;
}

interface ChannelPolicy {
  url: string;
  breaker: CircuitBreakerPolicy;
  policy: IPolicy;
  /** deliveries to one channel go one after another, in order */
  tail: Promise<void>;
}

interface Job {
  deliveryId: bigint;
  channel: Channel;
  alert: NotificationAlert;
  kind: NotificationKind;
}

/** An attempt's failure, with a message that is safe to store and log. */
class DeliveryError extends Error {}

const HEALTH: Record<CircuitState, CircuitHealth> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** Rows left pending this long are someone's lost work (a crash), not a delivery in progress elsewhere. */
const ORPHAN_AGE_MS = 5 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export class Notifier {
  private readonly tuning: DeliveryTuning;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private readonly policies = new Map<string, ChannelPolicy>();
  private readonly queued = new Set<bigint>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: NotifierDeps) {
    this.tuning = { ...DEFAULT_TUNING, ...deps.tuning };
    this.now = deps.now ?? Date.now;
    this.fetch = deps.fetch ?? fetch;
  }

  /**
   * Tell the channels that want it about an alert. Call after the alert row is committed. Returns
   * at once and never throws: rows are recorded and delivered in the background.
   */
  notify(alert: Alert & { id: number }, kind: 'new' | 'escalation'): void {
    if (this.stopped) return;
    this.track(
      this.record(alert, kind).catch((err: Error) => {
        this.deps.logger.error({ alertId: alert.id, kind, err: err.message }, 'could not record alert notifications');
      }),
    );
  }

  /** Sends what was left pending (a crash, a stop that ran out of time), and keeps sweeping for orphans. */
  async start(): Promise<number> {
    const recovered = await this.sweep(true);
    if (recovered > 0) this.deps.logger.info({ recovered }, 'resuming alert notifications left pending');
    this.timer = setInterval(() => void this.sweep(false).catch(() => {}), SWEEP_EVERY_MS);
    this.timer.unref();
    return recovered;
  }

  /** Waits up to stopGraceMs for deliveries in flight; whatever is unfinished stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.tuning.stopGraceMs)));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
    this.abort.abort();
  }

  /** Resolves when nothing is being recorded or delivered (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Each known channel's circuit: open means it is failing fast. Channels not used yet are closed. */
  channelHealth(): Record<string, CircuitHealth> {
    return Object.fromEntries([...this.policies].map(([id, p]) => [id, HEALTH[p.breaker.state]]));
  }

  /** A channel's URL changed or it was deleted: its circuit starts afresh. */
  forgetChannel(id: string): void {
    this.policies.delete(id);
  }

  /** The Test button: sends a test notification through the channel's policy and waits for the outcome. */
  async sendTest(channel: Channel, requestedBy: string): Promise<DeliveryOutcome> {
    const now = this.now();
    const alert = testAlert(requestedBy, now);
    let attempts = 0;
    let lastError: string | null = null;
    try {
      await this.policyFor(channel).policy.execute(async () => {
        attempts++;
        try {
          await this.post(channel, alert, 'test');
        } catch (err) {
          lastError = this.safeMessage(err, channel);
          throw err;
        }
      }, this.abort.signal);
      return { status: 'sent', attempts, error: null };
    } catch (err) {
      const error = this.finalError(err, attempts, lastError, channel);
      this.deps.logger.warn({ channel: channel.name, host: hostOf(channel.url), test: true, attempts, err: error }, 'test notification failed');
      return { status: 'failed', attempts, error };
    }
  }

  async sweep(startup: boolean): Promise<number> {
    if (this.stopped) return 0;
    // One process owns a PGlite data directory, so at start-up every pending row is ours to finish.
    // With PostgreSQL other nodes may be delivering theirs right now: take only old orphans.
    const claimAll = startup && this.deps.db.kind === 'pglite';
    const rows = await this.deps.db.prisma.notificationDelivery.findMany({
      where: { status: 'pending', ...(claimAll ? {} : { createdAt: { lt: new Date(this.now() - ORPHAN_AGE_MS) } }) },
      include: { channel: true, alert: true },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    let taken = 0;
    for (const row of rows) {
      if (this.queued.has(row.id)) continue;
      taken++;
      if (!row.channel.enabled) {
        await this.update({ id: row.id }, { status: 'failed', lastError: 'channel disabled' });
        continue;
      }
      this.enqueue({
        deliveryId: row.id,
        channel: row.channel,
        kind: row.kind === 'escalation' ? 'escalation' : 'new',
        alert: { ...row.alert, id: Number(row.alert.id), severity: row.alert.severity as Severity, state: row.alert.state as NotificationAlert['state'] },
      });
    }
    return taken;
  }

  private async record(alert: Alert & { id: number }, kind: NotificationKind): Promise<void> {
    const channels = await this.deps.db.prisma.notificationChannel.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' } });
    const wanted = channels.filter((c) => channelWants(c, alert, kind));
    if (wanted.length === 0) return;
    const rows = await this.deps.db.prisma.notificationDelivery.createManyAndReturn({
      data: wanted.map((c) => ({ channelId: c.id, alertId: BigInt(alert.id), kind })),
      select: { id: true, channelId: true },
    });
    for (const row of rows) this.enqueue({ deliveryId: row.id, channel: wanted.find((c) => c.id === row.channelId)!, alert, kind });
  }

  private enqueue(job: Job): void {
    if (this.queued.has(job.deliveryId)) return;
    this.queued.add(job.deliveryId);
    const slot = this.policyFor(job.channel);
    const run = slot.tail.then(() => this.deliver(job, slot)).finally(() => this.queued.delete(job.deliveryId));
    slot.tail = run.catch(() => {});
    this.track(run);
  }

  private async deliver(job: Job, slot: ChannelPolicy): Promise<void> {
    const { channel, alert, kind } = job;
    if (this.abort.signal.aborted) return; // stays pending for the next start
    const where = { id: job.deliveryId };
    let attempts = 0;
    let lastError: string | null = null;
    try {
      await slot.policy.execute(async () => {
        attempts++;
        try {
          await this.post(channel, alert, kind);
        } catch (err) {
          lastError = this.safeMessage(err, channel);
          if (!this.abort.signal.aborted) await this.update(where, { attempts: { increment: 1 }, lastError });
          throw err;
        }
      }, this.abort.signal);
      await this.update(where, { status: 'sent', attempts: { increment: 1 }, deliveredAt: new Date(this.now()) });
    } catch (err) {
      if (this.abort.signal.aborted) return;
      const error = this.finalError(err, attempts, lastError, channel);
      await this.update(where, { status: 'failed', lastError: error });
      this.deps.logger.warn({ channel: channel.name, host: hostOf(channel.url), alertId: alert.id, kind, attempts, err: error }, 'alert notification failed');
    }
  }

  /** One attempt: POST the channel's body; anything but 2xx within the timeout is a failure. */
  private async post(channel: Channel, alert: NotificationAlert, kind: NotificationKind | 'test'): Promise<void> {
    if (this.abort.signal.aborted) throw new DeliveryError('stopped');
    const now = this.now();
    const link = alertUrl(this.baseUrl(), alert.id);
    const body = channel.kind === 'slack' ? slackBody(alert, kind, link) : webhookBody(alert, kind, link, now);
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.tuning.timeoutMs)]);
    let res: Response;
    try {
      res = await this.fetch(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'AvatarPulse-Notifier' },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal,
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') throw new DeliveryError(`timed out after ${this.tuning.timeoutMs} ms`);
      throw new DeliveryError(e.cause?.code ?? e.cause?.message ?? e.message);
    }
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => {});
      return;
    }
    // Slack explains itself in a short text body (invalid_payload, channel_not_found, ...).
    const text = await res.text().catch(() => '');
    const detail = text.trim().replace(/\s+/g, ' ').slice(0, 200);
    throw new DeliveryError(`HTTP ${res.status}${detail ? `: ${detail}` : ''}`);
  }

  private policyFor(channel: Channel): ChannelPolicy {
    const known = this.policies.get(channel.id);
    if (known && known.url === channel.url) return known;
    const isFailure = (err: Error) => !(err instanceof BrokenCircuitError) && !this.abort.signal.aborted;
    const breaker = circuitBreaker(handleWhen(isFailure), {
      halfOpenAfter: this.tuning.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.tuning.breakerFailures),
    });
    // An open circuit is not retried: it fails fast, which is its point.
    const retries = retry(handleWhen(isFailure), {
      maxAttempts: this.tuning.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: this.tuning.backoffMs, maxDelay: 10 * this.tuning.backoffMs }),
    }).dangerouslyUnref();
    const slot: ChannelPolicy = { url: channel.url, breaker, policy: wrap(retries, breaker), tail: Promise.resolve() };
    this.policies.set(channel.id, slot);
    return slot;
  }

  private finalError(err: unknown, attempts: number, lastError: string | null, channel: Channel): string {
    if (err instanceof BrokenCircuitError) return attempts > 0 && lastError ? `${lastError}; circuit open` : 'circuit open';
    return lastError ?? this.safeMessage(err, channel);
  }

  /** An error's message without the channel's URL (its path is the secret). */
  private safeMessage(err: unknown, channel: Channel): string {
    const message = err instanceof Error ? err.message : String(err);
    return message.split(channel.url).join(maskUrl(channel.url)).slice(0, 500);
  }

  private baseUrl(): string {
    const { publicUrl } = this.deps;
    return (typeof publicUrl === 'function' ? publicUrl() : publicUrl) ?? 'http://localhost:3000';
  }

  private async update(where: { id: bigint }, data: Prisma.NotificationDeliveryUpdateManyMutationInput): Promise<void> {
    // updateMany: the row may be gone (its channel was deleted meanwhile).
    await this.deps.db.prisma.notificationDelivery.updateMany({ where, data }).catch((err: Error) => {
      if (!this.stopped) this.deps.logger.error({ deliveryId: String(where.id), err: err.message }, 'could not record a delivery attempt');
    });
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
