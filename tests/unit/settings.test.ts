import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig as parseProcessEnv } from '../../server/config';
import { DEV_SECRET_FILE, VerificationConfigError, resolveVerification } from '../../server/ingest/settings';

let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'avatar-pulse-settings-'));
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Next's types declare NODE_ENV as always present; a test environment may leave it out.
type Env = Record<string, string | undefined>;
const parseConfig = (env: Env) => parseProcessEnv(env as NodeJS.ProcessEnv);
const config = (env: Env) => parseConfig({ DATA_DIR: dataDir, ...env });

describe('resolveVerification() in production', () => {
  it('refuses to start without any verification, naming WEBHOOK_SECRET', () => {
    expect(() => resolveVerification(config({ NODE_ENV: 'production' }))).toThrow(VerificationConfigError);
    expect(() => resolveVerification(config({ NODE_ENV: 'production' }))).toThrow(/WEBHOOK_SECRET/);
  });

  it('does not write a secret file when it refuses', () => {
    expect(() => resolveVerification(config({ NODE_ENV: 'production' }))).toThrow();
    expect(fs.existsSync(path.join(dataDir, DEV_SECRET_FILE))).toBe(false);
  });

  it('starts with only a token configured', () => {
    const r = resolveVerification(config({ NODE_ENV: 'production', WEBHOOK_TOKEN: 'tok' }));
    expect(r.settings.tokens).toEqual(['tok']);
    expect(r.devSecret).toBeUndefined();
  });

  it('starts when unverified webhooks are explicitly allowed', () => {
    const r = resolveVerification(config({ NODE_ENV: 'production', WEBHOOK_ALLOW_UNVERIFIED: 'true' }));
    expect(r.settings.allowUnverified).toBe(true);
    expect(r.settings.sessionSecrets).toEqual([]);
  });
});

describe('resolveVerification() in development with nothing configured', () => {
  it('generates a session secret into DATA_DIR', () => {
    const r = resolveVerification(config({}));
    const file = path.join(dataDir, DEV_SECRET_FILE);
    expect(r.devSecret?.file).toBe(file);
    expect(r.devSecret?.secret).toMatch(/^dev_[0-9a-f]{48}$/);
    expect(r.settings.sessionSecrets).toEqual([r.devSecret?.secret]);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(r.devSecret?.secret);
  });

  it('keeps the secret file private to its owner', () => {
    resolveVerification(config({}));
    const mode = fs.statSync(path.join(dataDir, DEV_SECRET_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('reuses the same secret on the next start', () => {
    const first = resolveVerification(config({}));
    const second = resolveVerification(config({}));
    expect(second.devSecret?.secret).toBe(first.devSecret?.secret);
    expect(second.settings.sessionSecrets).toEqual(first.settings.sessionSecrets);
  });

  it('uses a secret already written to the file by hand', () => {
    fs.writeFileSync(path.join(dataDir, DEV_SECRET_FILE), '  my_handmade_secret \n');
    expect(resolveVerification(config({})).settings.sessionSecrets).toEqual(['my_handmade_secret']);
  });

  it('creates DATA_DIR when it does not exist yet', () => {
    const nested = path.join(dataDir, 'not', 'yet');
    const r = resolveVerification(parseConfig({ DATA_DIR: nested }));
    expect(fs.existsSync(path.join(nested, DEV_SECRET_FILE))).toBe(true);
    expect(r.settings.sessionSecrets).toHaveLength(1);
  });
});

describe('resolveVerification() with configured secrets', () => {
  it('uses the configured session secrets as-is and generates nothing', () => {
    const r = resolveVerification(config({ WEBHOOK_SECRET: 'current, previous' }));
    expect(r.settings.sessionSecrets).toEqual(['current', 'previous']);
    expect(r.devSecret).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, DEV_SECRET_FILE))).toBe(false);
  });

  it('passes every verification setting through', () => {
    const r = resolveVerification(
      config({
        NODE_ENV: 'production',
        WEBHOOK_API_SECRET: 'whsec_abc',
        WEBHOOK_TOKEN: 'tok',
        WEBHOOK_TOKEN_HEADER: 'X-API-Key',
        WEBHOOK_API_TOLERANCE_SECONDS: '120',
      }),
    );
    expect(r.settings).toEqual({
      sessionSecrets: [],
      apiSecrets: ['whsec_abc'],
      tokens: ['tok'],
      tokenHeader: 'X-API-Key',
      allowUnverified: false,
      toleranceSeconds: 120,
    });
  });
});
