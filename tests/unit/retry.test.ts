import { describe, expect, it } from 'vitest';
import { afterFailure, retryDelayMs } from '../../server/processing/retry';

const NOW = Date.UTC(2024, 0, 15, 10, 0, 0);
const TEN_MINUTES = 10 * 60 * 1000;

describe('retryDelayMs()', () => {
  it('waits 1 s after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it('is capped at 10 minutes', () => {
    expect(retryDelayMs(10)).toBe(512_000);
    expect(retryDelayMs(11)).toBe(TEN_MINUTES);
    expect(retryDelayMs(50)).toBe(TEN_MINUTES);
    expect(retryDelayMs(10_000)).toBe(TEN_MINUTES);
  });

  it('never waits less than 1 s, even for a zero or negative attempt count', () => {
    expect(retryDelayMs(0)).toBe(1000);
    expect(retryDelayMs(-3)).toBe(1000);
  });
});

describe('afterFailure()', () => {
  it('schedules the next attempt after the backoff while attempts remain', () => {
    expect(afterFailure(1, 8, NOW)).toEqual({ status: 'failed', nextAttemptAt: new Date(NOW + 1000) });
    expect(afterFailure(3, 8, NOW)).toEqual({ status: 'failed', nextAttemptAt: new Date(NOW + 4000) });
  });

  it('still retries on the attempt just below the limit', () => {
    expect(afterFailure(7, 8, NOW)).toEqual({ status: 'failed', nextAttemptAt: new Date(NOW + 64_000) });
  });

  it('gives up (dead, no next attempt) when the attempt limit is reached', () => {
    expect(afterFailure(8, 8, NOW)).toEqual({ status: 'dead', nextAttemptAt: null });
  });

  it('stays dead past the limit', () => {
    expect(afterFailure(9, 8, NOW)).toEqual({ status: 'dead', nextAttemptAt: null });
  });

  it('goes dead after the first failure when only one attempt is allowed', () => {
    expect(afterFailure(1, 1, NOW).status).toBe('dead');
  });
});
