/**
 * When a quiet session counts as idle, and when it is over: pure functions of (session, now,
 * policy), so the inactivity rules are tested without a database or a real clock. The sweep in
 * lifecycle-sweep.ts does the I/O around them.
 *
 * Quiet time is measured from `lastActivityAt`, the event time of the newest event of the
 * session (not the time we received it), like every other session rule.
 */

export type LifecycleStatus = 'active' | 'idle' | 'ended';

export interface LifecyclePolicy {
  /** quiet this long: shown as idle (SESSION_IDLE_MINUTES) */
  idleMs: number;
  /** quiet this long: ended by inactivity (SESSION_CLOSE_MINUTES) */
  closeMs: number;
}

export interface LifecycleSession {
  status: string;
  lastActivityAt: Date;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = { idleMs: 2 * 60_000, closeMs: 30 * 60_000 };

export function lifecyclePolicy(idleMinutes: number, closeMinutes: number): LifecyclePolicy {
  return { idleMs: Math.round(idleMinutes * 60_000), closeMs: Math.round(closeMinutes * 60_000) };
}

/** How long the session has been quiet at `now` (0 when its newest event is in the future). */
export function quietMs(session: LifecycleSession, now: number): number {
  return Math.max(0, now - session.lastActivityAt.getTime());
}

/** An ended session stays ended (only new activity reopens it, in session-state.ts). */
export function lifecycleStatus(session: LifecycleSession, now: number, policy: LifecyclePolicy): LifecycleStatus {
  if (session.status === 'ended') return 'ended';
  const quiet = quietMs(session, now);
  if (quiet >= policy.closeMs) return 'ended';
  if (quiet >= policy.idleMs) return 'idle';
  return 'active';
}

/** Whether the sweep should end this session by inactivity now. */
export function dueForClose(session: LifecycleSession, now: number, policy: LifecyclePolicy): boolean {
  return session.status !== 'ended' && quietMs(session, now) >= policy.closeMs;
}

/**
 * A session ended by inactivity ends at its last activity, not at the sweep that noticed: its
 * duration is the conversation, not the conversation plus the close timeout.
 */
export function inactivityEndedAt(session: LifecycleSession): Date {
  return session.lastActivityAt;
}

/** Sessions quiet since before this instant may need a change (the sweep's query bound). */
export function quietCutoff(now: number, policy: LifecyclePolicy): Date {
  return new Date(now - Math.min(policy.idleMs, policy.closeMs));
}
