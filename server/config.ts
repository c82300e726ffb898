import path from 'node:path';
import { z } from 'zod';
import { parseAddressRange } from './http/address';

/**
 * The one place the environment is read. Parsed once with zod at start-up; a bad value stops the
 * process with a message naming the variable. Every variable is listed in .env.example and README.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i, 'expected a size such as 1mb, 512kb or 65536')
  .transform((v) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(v)!;
    const unit = (m[2] ?? 'b').toLowerCase();
    return Math.round(Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1));
  });

const addressList = list.superRefine((entries, ctx) => {
  const invalid = entries.filter((entry) => !parseAddressRange(entry));
  if (invalid.length)
    ctx.addIssue({
      code: 'custom',
      message: `not an IP address or CIDR range: ${invalid.map((e) => JSON.stringify(e)).join(', ')} (expected e.g. 10.0.0.0/8, 2001:db8::/32, 192.0.2.7 or ::1)`,
    });
});

// Trusted reverse-proxy hops in front of the server: a count, or true for one.
const proxyHops = z
  .string()
  .regex(/^(\d{1,2}|true|false)$/i, 'expected the number of trusted proxy hops (0, 1, 2, ...) or true (= 1)')
  .transform((v) => (v.toLowerCase() === 'true' ? 1 : v.toLowerCase() === 'false' ? 0 : Number(v)));

/** "agent_a=10,agent_b=5" → { agent_a: 10, agent_b: 5 } */
const capacityLimits = list.transform((entries, ctx) => {
  const limits: Record<string, number> = {};
  for (const entry of entries) {
    const m = /^([^=\s]+)\s*=\s*(\d{1,6})$/.exec(entry);
    if (!m || Number(m[2]) < 1) {
      ctx.addIssue({ code: 'custom', message: `expected agent=limit pairs such as agent_a=10,agent_b=5, got ${JSON.stringify(entry)}` });
      return z.NEVER;
    }
    limits[m[1]] = Number(m[2]);
  }
  return limits;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL').optional(),
  PUBLIC_URL: z.url().optional(),

  WEBHOOK_SECRET: list.default([]),
  WEBHOOK_API_SECRET: list.default([]),
  WEBHOOK_TOKEN: list.default([]),
  WEBHOOK_TOKEN_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name')
    .default('Authorization'),
  WEBHOOK_ALLOW_UNVERIFIED: bool.default(false),
  WEBHOOK_MAX_BODY: byteSize.default(256 * 1024),
  WEBHOOK_API_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  WEBHOOK_IP_ALLOWLIST: addressList.default([]),
  WEBHOOK_RATE_LIMIT: z.coerce
    .number({ message: 'expected a whole number of webhooks (0 turns the limit off)' })
    .int('expected a whole number of webhooks (0 turns the limit off)')
    .min(0, 'expected 0 (no limit) or more')
    .default(600),
  WEBHOOK_RATE_WINDOW_SECONDS: z.coerce
    .number({ message: 'expected a whole number of seconds' })
    .int('expected a whole number of seconds')
    .min(1, 'expected at least 1 second')
    .max(86_400, 'expected at most 86400 seconds (one day)')
    .default(60),
  TRUST_PROXY: proxyHops.default(0),

  ADMIN_EMAIL: z.email('expected an email address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'expected at least 10 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  ALLOWED_ORIGINS: list
    .pipe(z.array(z.url('expected origins such as https://pulse.example.com')))
    .default([]),
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),

  // Alert rules; unset means the default in server/alerts/policy.ts (README lists them).
  ALERT_FRUSTRATION_WORDS: list.optional(),
  ALERT_NEGATIVE_THRESHOLD: z.coerce.number().min(-1).max(0).optional(),
  ALERT_REPEAT_COUNT: z.coerce.number().int().min(2).max(20).optional(),
  ALERT_REPEAT_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).optional(),
  ALERT_REPEAT_SIMILARITY: z.coerce.number().min(0.1).max(1).optional(),
  ALERT_TREND_LENGTH: z.coerce.number().int().min(2).max(50).optional(),
  ALERT_SILENCE_SECONDS: z.coerce.number().positive().max(3600).optional(),
  ALERT_ERROR_THRESHOLD: z.coerce.number().int().min(1).max(10_000).optional(),
  ALERT_ERROR_WINDOW_SECONDS: z.coerce.number().positive().max(86_400).optional(),
  ALERT_CAPACITY_PER_AGENT: z.coerce.number().int().min(1).max(100_000).optional(),
  ALERT_CAPACITY_TOTAL: z.coerce.number().int().min(1).max(1_000_000).optional(),
  ALERT_CAPACITY_FOR_SECONDS: z.coerce.number().min(0).max(86_400).optional(),
  ALERT_HOLD_SECONDS: z.coerce.number().min(0).max(86_400).optional(),
  ALERT_ACK_TIMEOUT_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).optional(),
  ALERT_ESCALATE_AFTER_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).optional(),

  // Capacity per agent, "agent_a=10,agent_b=5"; agents not listed get ALERT_CAPACITY_PER_AGENT.
  CAPACITY_LIMITS: capacityLimits.default({}),
  // Hour buckets of the charts are kept this long (minute buckets become hour buckets after 2 hours).
  RETENTION_AGGREGATE_DAYS: z.coerce.number().int().min(1).max(3650).default(400),

  PROCESSING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  PROCESSING_SWEEP_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),

  // Session lifecycle (fractions allowed, e.g. 0.5 = 30 s) and retention (fractional days allowed).
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(2),
  SESSION_CLOSE_MINUTES: z.coerce.number().positive().max(30 * 24 * 60).default(30),
  SESSION_SWEEP_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  // RETENTION_AGGREGATE_DAYS (above) also bounds session summaries and their analytics.
  RETENTION_RAW_DAYS: z.coerce.number().positive().max(36_500).default(30),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  dataDir: string;
  dev: boolean;
}

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset so `FOO=` in a .env file means "default".
  const cleaned = Object.fromEntries(
    Object.entries(env)
      .filter(([k, v]) => k in envSchema.shape && v !== undefined && v.trim() !== '')
      .map(([k, v]) => [k, v!.trim()]),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      // Secrets and URLs (which may carry a password) are never echoed back.
      const shown = /SECRET|TOKEN|PASSWORD|_URL$/.test(name) ? '(value hidden)' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.SESSION_CLOSE_MINUTES <= parsed.data.SESSION_IDLE_MINUTES)
    throw new ConfigError(
      `Invalid configuration:\n  SESSION_CLOSE_MINUTES=${parsed.data.SESSION_CLOSE_MINUTES}: expected more than SESSION_IDLE_MINUTES (${parsed.data.SESSION_IDLE_MINUTES})`,
    );
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    dev: parsed.data.NODE_ENV !== 'production',
  };
}
