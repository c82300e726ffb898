import type { AlertView } from '../../lib/alerts';
import type { Database } from '../db/client';
import {
  activeSessionCounts,
  findLastResolved,
  findOpenAlert,
  getAlert,
  listOpenAlerts,
  recentMessages,
  saveAlert,
  toAlertView,
} from '../db/queries/alerts';
import { upsertMetricBuckets } from '../db/queries/metricBuckets';
import type { EventRow, MessageRow } from '../db/queries/processingBatch';
import type { Logger } from '../logger';
import { addSample, type Bucket } from '../processing/metric-buckets';
import type { Effects } from '../processing/processor';
import { acknowledge, applySignal, isSuppressed, resolve, snooze, tick } from './lifecycle';
import type { Alert, AlertPolicy, Signal, Transition } from './model';
import { capacityCheck, emptyConversation, onFailure, onMessage, silenceCheck, type ConversationState, type ErrorWindow } from './rules';

/**
 * The alerting stage: feeds what processing committed (messages, failures, ended sessions) and
 * the clock into the pure rules, turns their signals into alert state with the pure lifecycle,
 * stores it, tells the dashboards, and hands new and escalated alerts to the notifier. All work
 * runs one step at a time on one queue, so an operator's acknowledge and a rule's new occurrence
 * never overwrite each other.
 */

export interface AlertEngineDeps {
  db: Database;
  logger: Logger;
  policy: AlertPolicy;
  /** a changed alert for the dashboards; `opened` when it is new (or a recurrence) */
  publish(alert: AlertView, opened: boolean): void;
  /** people to tell: a new alert or an escalation (suppressed alerts never get here) */
  notify(alert: Alert & { id: number }, kind: 'new' | 'escalation'): void;
  now?: () => number;
}

export class AlertActionError extends Error {
  override name = 'AlertActionError';
}

/**
 * By name, not instanceof: route handlers are bundled by Next.js separately from the server
 * that threw, so the class they import is another copy.
 */
export const isAlertActionError = (err: unknown): err is AlertActionError => err instanceof Error && err.name === 'AlertActionError';

const TICK_MS = 1000;
const CAPACITY_EVERY_MS = 5000;
const CONVERSATION_IDLE_MS = 60 * 60 * 1000;

export class AlertEngine {
  private conversations = new Map<string, { state: ConversationState; touchedAt: number }>();
  private errorWindows = new Map<string, ErrorWindow>();
  private capacitySince: Record<string, number> = {};
  private lastCapacityCheck = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: AlertEngineDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => void this.run(() => this.tick()).catch(() => {}), TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue.catch(() => {});
  }

  /** Resolves when everything queued so far is done (tests). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined, () => undefined);
  }

  /** Called for every event processing committed (or failed), in event order. */
  observe(row: EventRow, effects: Effects): void {
    void this.run(() => this.handle(row, effects)).catch((err: Error) =>
      this.deps.logger.error({ err: err.message, event: String(row.id) }, 'alert evaluation failed'),
    );
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async handle(row: EventRow, effects: Effects): Promise<void> {
    if (effects.message) await this.onMessage(effects.message, effects.session?.agentId ?? row.agentId);
    if (row.eventType === 'agent.failed' || row.eventType === 'video.failed') {
      const data = row.payload?.data ?? {};
      const code = typeof data.error === 'string' && data.error ? data.error : row.eventType;
      await this.onFailure(row.agentId, code, row.eventAt.getTime());
    }
    if (row.status === 'failed' || row.status === 'dead') await this.onFailure(row.agentId, 'processing_failed', this.now());
    if (effects.session?.status === 'ended') await this.closeConversation(effects.session.id);
  }

  private async conversation(sessionId: string, agentId: string | null, exceptMessageId: number): Promise<ConversationState> {
    const known = this.conversations.get(sessionId);
    if (known) return known.state;
    // Rebuild from the stored transcript (after a restart), without raising anything again.
    let state = emptyConversation(sessionId, agentId);
    for (const m of await recentMessages(this.deps.db, sessionId)) {
      if (Number(m.id) === exceptMessageId) continue;
      state = onMessage(state, { id: Number(m.id), role: m.role === 'user' ? 'user' : 'assistant', text: m.text, at: m.sentAt.getTime(), score: m.sentiment ?? 0 }, this.deps.policy).state;
    }
    return state;
  }

  private async onMessage(m: MessageRow, agentId: string | null): Promise<void> {
    const id = Number(m.id);
    const current = await this.conversation(m.sessionId, agentId, id);
    const { state, signals } = onMessage(current, { id, role: m.role, text: m.text, at: m.sentAt.getTime(), score: m.sentiment }, this.deps.policy);
    this.conversations.set(m.sessionId, { state, touchedAt: this.now() });
    for (const signal of signals) await this.apply(signal);
  }

  private async onFailure(agentId: string | null, code: string, at: number): Promise<void> {
    if (!agentId) return;
    const key = `${agentId}:${code}`;
    const { window, signal } = onFailure(this.errorWindows.get(key) ?? null, { agentId, code, at }, this.now(), this.deps.policy);
    this.errorWindows.set(key, window);
    if (signal) await this.apply(signal);
  }

  private async closeConversation(sessionId: string): Promise<void> {
    this.conversations.delete(sessionId);
    const now = this.now();
    for (const alert of await listOpenAlerts(this.deps.db)) {
      if (alert.sessionId !== sessionId) continue;
      await this.save(tick(alert, now, this.deps.policy, { sessionEnded: true }));
    }
  }

  private async apply(signal: Signal): Promise<void> {
    const { db } = this.deps;
    const open = await findOpenAlert(db, signal.dedupKey);
    const lastResolved = open ? null : await findLastResolved(db, signal.dedupKey);
    await this.save(applySignal(open, lastResolved, signal, this.now()));
  }

  /** Stores a transition's alert and tells whoever needs to know. */
  private async save(t: Transition): Promise<(Alert & { id: number }) | null> {
    if (!t.changed) return null;
    const saved = await saveAlert(this.deps.db, t.alert);
    const now = this.now();
    if (t.opened) await this.countOpened(saved, now);
    const mutedUntil = saved.agentId ? await this.mutedUntil(saved.agentId, now) : null;
    const suppressed = isSuppressed(saved, now, mutedUntil);
    this.deps.publish(toAlertView(saved, suppressed), t.opened);
    if (t.notify && !suppressed) this.deps.notify(saved, t.notify);
    return saved;
  }

  /** The alerts.<rule> chart bucket; a failure here never stops the alert itself. */
  private async countOpened(alert: Alert, now: number): Promise<void> {
    const buckets = new Map<string, Bucket>();
    addSample(buckets, { at: new Date(now), agentId: alert.agentId, metric: `alerts.${alert.rule}`, value: 1 });
    await upsertMetricBuckets(this.deps.db, [...buckets.values()]).catch((err: Error) =>
      this.deps.logger.warn({ err: err.message, rule: alert.rule }, 'alert count not recorded'),
    );
  }

  private async mutedUntil(agentId: string, now: number): Promise<number | null> {
    const mute = await this.deps.db.prisma.agentMute.findUnique({ where: { agentId } });
    return mute && mute.until.getTime() > now ? mute.until.getTime() : null;
  }

  /** The clock: silent avatars, capacity, ack timeouts, escalations, conditions that cleared. */
  private async tick(): Promise<void> {
    const now = this.now();
    const { policy, db } = this.deps;
    for (const [sessionId, entry] of this.conversations) {
      if (now - entry.touchedAt > CONVERSATION_IDLE_MS && !entry.state.awaitingReply) {
        this.conversations.delete(sessionId);
        continue;
      }
      const signal = silenceCheck(entry.state, now, policy);
      if (signal) await this.apply(signal);
    }
    if (now - this.lastCapacityCheck >= CAPACITY_EVERY_MS) {
      this.lastCapacityCheck = now;
      const { since, signals } = capacityCheck(await activeSessionCounts(db), this.capacitySince, now, policy);
      this.capacitySince = since;
      for (const signal of signals) await this.apply(signal);
    }
    const open = await listOpenAlerts(db);
    const sessionIds = [...new Set(open.map((a) => a.sessionId).filter((s): s is string => !!s))];
    const ended = new Set(
      (await db.prisma.session.findMany({ where: { id: { in: sessionIds }, status: 'ended' }, select: { id: true } })).map((s) => s.id),
    );
    for (const alert of open) await this.save(tick(alert, now, policy, { sessionEnded: !!alert.sessionId && ended.has(alert.sessionId) }));
  }

  /** An agent was muted or unmuted: its open alerts are shown (un)suppressed on every dashboard. */
  refreshAgent(agentId: string): Promise<void> {
    return this.run(async () => {
      const now = this.now();
      const mutedUntil = await this.mutedUntil(agentId, now);
      for (const alert of await listOpenAlerts(this.deps.db)) {
        if (alert.agentId === agentId) this.deps.publish(toAlertView(alert, isSuppressed(alert, now, mutedUntil)), false);
      }
    });
  }

  /**
   * A session ended outside processing (the lifecycle sweep ended it after inactivity): its
   * conversation state is dropped and its conversation alerts resolve, as on session_end.
   */
  sessionEnded(sessionId: string): Promise<void> {
    return this.run(() => this.closeConversation(sessionId));
  }

  /** Operator actions; each answers with the alert as it now is, or throws AlertActionError. */
  act(id: number, action: { kind: 'acknowledge'; by: string; note?: string } | { kind: 'resolve'; by: string; reason?: string } | { kind: 'snooze'; until: Date }): Promise<AlertView> {
    return this.run(async () => {
      const alert = await getAlert(this.deps.db, id);
      if (!alert) throw new AlertActionError(`no alert with id ${id}`);
      const now = this.now();
      let next: Alert;
      try {
        next =
          action.kind === 'acknowledge'
            ? acknowledge(alert, action.by, action.note ?? null, now)
            : action.kind === 'resolve'
              ? resolve(alert, action.by, action.reason ?? null, now)
              : snooze(alert, action.until);
      } catch (err) {
        throw new AlertActionError((err as Error).message);
      }
      const saved = (await this.save({ alert: next, opened: false, changed: true, notify: null }))!;
      const mutedUntil = saved.agentId ? await this.mutedUntil(saved.agentId, now) : null;
      return toAlertView(saved, isSuppressed(saved, now, mutedUntil));
    });
  }
}
