/**
 * Default thresholds and timers for the alert rules and lifecycle. Configuration
 * (server/config.ts, ALERT_* variables) overrides them field by field.
 */
import type { AlertPolicy } from './model';
import { DEFAULT_FRUSTRATION_WORDS } from './sentiment';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  frustrationWords: [...DEFAULT_FRUSTRATION_WORDS],
  negativeThreshold: -0.5,
  repeatSimilarity: 0.6,
  repeatWindowMs: 10 * MINUTE,
  repeatCount: 2,
  trendLength: 3,
  silenceMs: 30 * SECOND,
  errorThreshold: 5,
  errorWindowMs: 5 * MINUTE,
  capacityPerAgent: 10,
  capacityTotal: 50,
  capacityForMs: 60 * SECOND,
  holdMs: 5 * MINUTE,
  ackTimeoutMs: 30 * MINUTE,
  escalateAfterMs: 10 * MINUTE,
};
