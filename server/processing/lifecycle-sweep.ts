import type { SessionSummary } from '../../lib/realtime';
import type { Database } from '../db/client';
import {
  changeSessionStatus,
  findQuietSessions,
  findSessionsNeedingAnalytics,
  loadAnalyticsInputs,
  saveSessionAnalytics,
} from '../db/queries/sessionLifecycle';
import type { Logger } from '../logger';
import type { Effects } from './processor';
import { computeSessionAnalytics } from './session-analytics';
import { inactivityEndedAt, lifecycleStatus, quietCutoff, type LifecyclePolicy } from './session-lifecycle';

/**
 * The I/O around session-lifecycle.ts and session-analytics.ts. Every SESSION_SWEEP_SECONDS it
 * marks quiet sessions idle, ends those quiet for SESSION_CLOSE_MINUTES, tells the dashboards
 * and the alert engine, and computes the analytics of every session that ended (by session_end,
 * seen through `observe`, or by inactivity). Work runs one step at a time on one queue.
 */

export interface SessionLifecycleDeps {
  db: Database;
  logger: Logger;
  policy: LifecyclePolicy;
  publishSession(summary: SessionSummary): void;
  /** a session ended by inactivity: its conversation alerts resolve */
  sessionEnded(sessionId: string): void | Promise<void>;
  /** resolves once the alert engine has handled what it was given (so its alerts are counted) */
  alertsSettled?: () => Promise<void>;
  now?: () => number;
}

/** Status changes per sweep; the rest waits for the next one. */
const SWEEP_LIMIT = 500;
const ANALYTICS_LIMIT = 100;
/** Ended sessions still missing analytics are looked for this far back (crash recovery). */
const CATCH_UP_MS = 24 * 60 * 60 * 1000;

export interface SweepOutcome {
  idle: number;
  ended: number;
  analysed: number;
}

export class SessionLifecycle {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: SessionLifecycleDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(sweepSeconds: number): void {
    const sweep = () =>
      void this.sweep().catch((err: Error) => this.deps.logger.error({ err: err.message }, 'session lifecycle sweep failed'));
    sweep();
    this.timer = setInterval(sweep, sweepSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  /** Resolves when everything queued so far is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined, () => undefined);
  }

  /** Called for every event processing committed: a session_end gets its analytics. */
  observe(effects: Effects): void {
    const session = effects.session;
    if (session?.status !== 'ended') return;
    void this.run(() => this.analyse(session.id)).catch((err: Error) =>
      this.deps.logger.error({ err: err.message, session: session.id }, 'session analytics failed'),
    );
  }

  sweep(): Promise<SweepOutcome> {
    return this.run(() => this.sweepNow());
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async sweepNow(): Promise<SweepOutcome> {
    const { db, policy } = this.deps;
    const now = this.now();
    const outcome: SweepOutcome = { idle: 0, ended: 0, analysed: 0 };
    for (const seen of await findQuietSessions(db, quietCutoff(now, policy), SWEEP_LIMIT)) {
      const target = lifecycleStatus(seen, now, policy);
      if (target === seen.status || target === 'active') continue;
      const summary = await changeSessionStatus(db, seen, target, target === 'ended' ? inactivityEndedAt(seen) : null);
      if (!summary) continue; // activity arrived in between
      this.deps.publishSession(summary);
      if (target === 'idle') {
        outcome.idle++;
        continue;
      }
      outcome.ended++;
      await this.deps.sessionEnded(seen.id);
    }
    for (const id of await findSessionsNeedingAnalytics(db, new Date(now - CATCH_UP_MS), ANALYTICS_LIMIT)) {
      if (await this.analyse(id)) outcome.analysed++;
    }
    if (outcome.idle || outcome.ended) this.deps.logger.debug(outcome, 'session lifecycle sweep');
    return outcome;
  }

  /** Computes and stores a session's analytics if it is (still) ended. */
  private async analyse(sessionId: string): Promise<boolean> {
    await this.deps.alertsSettled?.();
    const inputs = await loadAnalyticsInputs(this.deps.db, sessionId);
    if (!inputs || inputs.session.status !== 'ended' || !inputs.session.endedAt) return false;
    const analytics = computeSessionAnalytics(inputs.messages, inputs.alerts, inputs.session, this.now());
    await saveSessionAnalytics(this.deps.db, sessionId, analytics);
    return true;
  }
}
