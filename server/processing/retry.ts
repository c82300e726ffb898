/** Backoff for failed processing: 1 s, 2 s, 4 s ... capped at 10 minutes. Pure. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 10 * 60 * 1000);
}

export type FailureOutcome = { status: 'failed'; nextAttemptAt: Date } | { status: 'dead'; nextAttemptAt: null };

/** After the n-th failed attempt: try again later, or give up and leave it for an operator. */
export function afterFailure(attempts: number, maxAttempts: number, now: number): FailureOutcome {
  if (attempts >= maxAttempts) return { status: 'dead', nextAttemptAt: null };
  return { status: 'failed', nextAttemptAt: new Date(now + retryDelayMs(attempts)) };
}
