import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';
import {
  DEFAULT_LIFECYCLE_POLICY,
  dueForClose,
  inactivityEndedAt,
  lifecyclePolicy,
  lifecycleStatus,
  quietCutoff,
} from '../../server/processing/session-lifecycle';

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);
const policy = DEFAULT_LIFECYCLE_POLICY; // idle after 2 min, closed after 30 min
const session = (status: string, lastActivityMs = T0) => ({ status, lastActivityAt: new Date(lastActivityMs) });

describe('lifecycleStatus()', () => {
  it('keeps a session active until it has been quiet for the idle period', () => {
    expect(lifecycleStatus(session('active'), T0, policy)).toBe('active');
    expect(lifecycleStatus(session('active'), T0 + 119_999, policy)).toBe('active');
  });

  it('shows a session idle from exactly the idle period until the close period', () => {
    expect(lifecycleStatus(session('active'), T0 + 120_000, policy)).toBe('idle');
    expect(lifecycleStatus(session('active'), T0 + 1_799_999, policy)).toBe('idle');
  });

  it('ends a session quiet for the close period, whether it was active or already idle', () => {
    expect(lifecycleStatus(session('active'), T0 + 1_800_000, policy)).toBe('ended');
    expect(lifecycleStatus(session('idle'), T0 + 1_800_000, policy)).toBe('ended');
  });

  it('keeps an ended session ended however recent its activity (only new events reopen it)', () => {
    expect(lifecycleStatus(session('ended'), T0, policy)).toBe('ended');
  });

  it('calls an idle row with fresh activity active again', () => {
    expect(lifecycleStatus(session('idle', T0), T0 + 5_000, policy)).toBe('active');
  });

  it('treats activity stamped in the future (clock skew) as not quiet at all', () => {
    expect(lifecycleStatus(session('active', T0 + 60_000), T0, policy)).toBe('active');
    expect(dueForClose(session('active', T0 + 60_000), T0 + 1_800_000, policy)).toBe(false);
  });
});

describe('dueForClose()', () => {
  it('is due from exactly the close period of quiet on, for active and idle sessions', () => {
    expect(dueForClose(session('active'), T0 + 1_799_999, policy)).toBe(false);
    expect(dueForClose(session('active'), T0 + 1_800_000, policy)).toBe(true);
    expect(dueForClose(session('idle'), T0 + 3_600_000, policy)).toBe(true);
  });

  it('never closes a session that has already ended', () => {
    expect(dueForClose(session('ended'), T0 + 3_600_000, policy)).toBe(false);
  });
});

describe('lifecyclePolicy(), quietCutoff(), inactivityEndedAt()', () => {
  it('accepts fractional minutes (0.02 min = 1.2 s, 0.05 min = 3 s)', () => {
    expect(lifecyclePolicy(0.02, 0.05)).toEqual({ idleMs: 1200, closeMs: 3000 });
    expect(lifecyclePolicy(2, 30)).toEqual(DEFAULT_LIFECYCLE_POLICY);
  });

  it('looks at sessions quiet for at least the idle period', () => {
    expect(quietCutoff(T0, policy)).toEqual(new Date(T0 - 120_000));
  });

  it('ends an inactive session at its last activity, not when the sweep noticed', () => {
    expect(inactivityEndedAt(session('idle', T0 + 42_000))).toEqual(new Date(T0 + 42_000));
  });
});

describe('lifecycle and retention settings', () => {
  const parse = (env: Record<string, string>) => parseConfig(env as unknown as NodeJS.ProcessEnv);

  it('defaults to idle after 2 min, closed after 30, a 30 s sweep, raw data kept 30 days', () => {
    expect(parse({})).toMatchObject({ SESSION_IDLE_MINUTES: 2, SESSION_CLOSE_MINUTES: 30, SESSION_SWEEP_SECONDS: 30, RETENTION_RAW_DAYS: 30, RETENTION_AGGREGATE_DAYS: 400 });
  });

  it('accepts fractional minutes and days', () => {
    expect(parse({ SESSION_IDLE_MINUTES: '0.02', SESSION_CLOSE_MINUTES: '0.05', RETENTION_RAW_DAYS: '0.5' })).toMatchObject({
      SESSION_IDLE_MINUTES: 0.02,
      SESSION_CLOSE_MINUTES: 0.05,
      RETENTION_RAW_DAYS: 0.5,
    });
  });

  it('refuses a close period that is not longer than the idle period, naming both', () => {
    expect(() => parse({ SESSION_IDLE_MINUTES: '5', SESSION_CLOSE_MINUTES: '5' })).toThrow(ConfigError);
    expect(() => parse({ SESSION_IDLE_MINUTES: '5', SESSION_CLOSE_MINUTES: '3' })).toThrow(/SESSION_CLOSE_MINUTES=3: expected more than SESSION_IDLE_MINUTES \(5\)/);
  });
});
