import type { Config } from '../config';
import type { AlertPolicy } from './model';
import { DEFAULT_ALERT_POLICY } from './policy';

/** The alert policy: the defaults, with whatever ALERT_* settings the environment gives. */
export function alertPolicyFromConfig(c: Config): AlertPolicy {
  const d = DEFAULT_ALERT_POLICY;
  const s = (v: number | undefined) => (v === undefined ? undefined : v * 1000);
  const m = (v: number | undefined) => (v === undefined ? undefined : v * 60_000);
  return {
    frustrationWords: c.ALERT_FRUSTRATION_WORDS ?? d.frustrationWords,
    negativeThreshold: c.ALERT_NEGATIVE_THRESHOLD ?? d.negativeThreshold,
    repeatCount: c.ALERT_REPEAT_COUNT ?? d.repeatCount,
    repeatWindowMs: m(c.ALERT_REPEAT_WINDOW_MINUTES) ?? d.repeatWindowMs,
    repeatSimilarity: c.ALERT_REPEAT_SIMILARITY ?? d.repeatSimilarity,
    trendLength: c.ALERT_TREND_LENGTH ?? d.trendLength,
    silenceMs: s(c.ALERT_SILENCE_SECONDS) ?? d.silenceMs,
    errorThreshold: c.ALERT_ERROR_THRESHOLD ?? d.errorThreshold,
    errorWindowMs: s(c.ALERT_ERROR_WINDOW_SECONDS) ?? d.errorWindowMs,
    capacityPerAgent: c.ALERT_CAPACITY_PER_AGENT ?? d.capacityPerAgent,
    capacityTotal: c.ALERT_CAPACITY_TOTAL ?? d.capacityTotal,
    capacityForMs: s(c.ALERT_CAPACITY_FOR_SECONDS) ?? d.capacityForMs,
    holdMs: s(c.ALERT_HOLD_SECONDS) ?? d.holdMs,
    ackTimeoutMs: m(c.ALERT_ACK_TIMEOUT_MINUTES) ?? d.ackTimeoutMs,
    escalateAfterMs: m(c.ALERT_ESCALATE_AFTER_MINUTES) ?? d.escalateAfterMs,
  };
}

/** Capacity limits: CAPACITY_LIMITS per agent, ALERT_CAPACITY_PER_AGENT (or its default) for the rest. */
export function capacityLimitsFromConfig(c: Config): { perAgent: Record<string, number>; fallback: number } {
  return { perAgent: c.CAPACITY_LIMITS, fallback: c.ALERT_CAPACITY_PER_AGENT ?? DEFAULT_ALERT_POLICY.capacityPerAgent };
}
