import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { hasVerification, type VerificationSettings } from './verify';

export const DEV_SECRET_FILE = 'webhook-secret';

export interface ResolvedVerification {
  settings: VerificationSettings;
  /** set when development generated (or reused) a secret in DATA_DIR */
  devSecret?: { secret: string; file: string };
}

export class VerificationConfigError extends Error {}

/**
 * Turns configuration into verification settings. With nothing configured, development makes
 * (once) and keeps a session secret in DATA_DIR so `npm run dev` + `npm run simulate` just work;
 * production refuses to start and says what to set.
 */
export function resolveVerification(config: Config): ResolvedVerification {
  const settings: VerificationSettings = {
    sessionSecrets: config.WEBHOOK_SECRET,
    apiSecrets: config.WEBHOOK_API_SECRET,
    tokens: config.WEBHOOK_TOKEN,
    tokenHeader: config.WEBHOOK_TOKEN_HEADER,
    allowUnverified: config.WEBHOOK_ALLOW_UNVERIFIED,
    toleranceSeconds: config.WEBHOOK_API_TOLERANCE_SECONDS,
  };
  if (hasVerification(settings) || settings.allowUnverified) return { settings };
  if (!config.dev)
    throw new VerificationConfigError(
      'No webhook verification is configured. Set WEBHOOK_SECRET (the signing secret from bitHuman), ' +
        'WEBHOOK_API_SECRET (whsec_… for API events) or WEBHOOK_TOKEN (a shared token sent in WEBHOOK_TOKEN_HEADER). ' +
        'To accept unverified webhooks anyway, set WEBHOOK_ALLOW_UNVERIFIED=true.',
    );
  const file = path.join(config.dataDir, DEV_SECRET_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  let secret = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (!secret) {
    secret = `dev_${randomBytes(24).toString('hex')}`;
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return { settings: { ...settings, sessionSecrets: [secret] }, devSecret: { secret, file } };
}
