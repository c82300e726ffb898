import path from 'node:path';
import { z } from 'zod';

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

  PROCESSING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  PROCESSING_SWEEP_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),

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
  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.DATA_DIR),
    dev: parsed.data.NODE_ENV !== 'production',
  };
}
