import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig as parseProcessEnv } from '../../server/config';

// Next's types declare NODE_ENV as always present; a test environment may leave it out.
type Env = Record<string, string | undefined>;
const parseConfig = (env: Env) => parseProcessEnv(env as NodeJS.ProcessEnv);

function configError(env: Env): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

describe('parseConfig() defaults', () => {
  it('runs in development on 0.0.0.0:3000 with data in ./data and no verification configured', () => {
    const c = parseConfig({});
    expect(c.NODE_ENV).toBe('development');
    expect(c.dev).toBe(true);
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.WEBHOOK_SECRET).toEqual([]);
    expect(c.WEBHOOK_API_SECRET).toEqual([]);
    expect(c.WEBHOOK_TOKEN).toEqual([]);
    expect(c.WEBHOOK_TOKEN_HEADER).toBe('Authorization');
    expect(c.WEBHOOK_ALLOW_UNVERIFIED).toBe(false);
    expect(c.WEBHOOK_MAX_BODY).toBe(256 * 1024);
    expect(c.WEBHOOK_API_TOLERANCE_SECONDS).toBe(300);
    expect(c.PROCESSING_MAX_ATTEMPTS).toBe(8);
  });

  it('treats empty strings as unset', () => {
    const c = parseConfig({ PORT: '', WEBHOOK_SECRET: '', DATABASE_URL: '', WEBHOOK_MAX_BODY: '', NODE_ENV: '' });
    expect(c.PORT).toBe(3000);
    expect(c.WEBHOOK_SECRET).toEqual([]);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.WEBHOOK_MAX_BODY).toBe(256 * 1024);
    expect(c.dev).toBe(true);
  });

  it('ignores variables it does not know', () => {
    expect(() => parseConfig({ PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).not.toThrow();
  });
});

describe('parseConfig() reads values', () => {
  it('reads PORT as a number', () => {
    expect(parseConfig({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('fails on PORT=abc, naming PORT and the value', () => {
    const message = configError({ PORT: 'abc' });
    expect(message).toContain('PORT="abc"');
  });

  it('fails on a port out of range, naming PORT', () => {
    expect(configError({ PORT: '70000' })).toContain('PORT');
  });

  it('splits comma-separated WEBHOOK_SECRET into trimmed secrets, dropping blanks', () => {
    expect(parseConfig({ WEBHOOK_SECRET: ' new_secret , old_secret ,, ' }).WEBHOOK_SECRET).toEqual([
      'new_secret',
      'old_secret',
    ]);
  });

  it('splits WEBHOOK_API_SECRET and WEBHOOK_TOKEN the same way', () => {
    const c = parseConfig({ WEBHOOK_API_SECRET: 'whsec_a,whsec_b', WEBHOOK_TOKEN: 'tok' });
    expect(c.WEBHOOK_API_SECRET).toEqual(['whsec_a', 'whsec_b']);
    expect(c.WEBHOOK_TOKEN).toEqual(['tok']);
  });

  it.each([
    ['1mb', 1048576],
    ['512kb', 524288],
    ['65536', 65536],
    ['2MB', 2097152],
    ['1.5mb', 1572864],
  ])('reads WEBHOOK_MAX_BODY=%s as %i bytes', (value, bytes) => {
    expect(parseConfig({ WEBHOOK_MAX_BODY: value }).WEBHOOK_MAX_BODY).toBe(bytes);
  });

  it('fails on WEBHOOK_MAX_BODY=lots, naming the variable', () => {
    const message = configError({ WEBHOOK_MAX_BODY: 'lots' });
    expect(message).toContain('WEBHOOK_MAX_BODY="lots"');
    expect(message).toMatch(/1mb/);
  });

  it('accepts a postgres:// or postgresql:// DATABASE_URL', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db:5432/pulse' }).DATABASE_URL).toBe('postgres://u:p@db:5432/pulse');
    expect(parseConfig({ DATABASE_URL: 'postgresql://db/pulse' }).DATABASE_URL).toBe('postgresql://db/pulse');
  });

  it('fails on a DATABASE_URL that is not PostgreSQL, naming DATABASE_URL', () => {
    const message = configError({ DATABASE_URL: 'mysql://db/pulse' });
    expect(message).toContain('DATABASE_URL');
    expect(message).toMatch(/postgresql:\/\//);
  });

  it('names every bad variable at once', () => {
    const message = configError({ PORT: 'abc', WEBHOOK_MAX_BODY: 'lots', REDIS_URL: 'localhost:6379' });
    expect(message).toContain('PORT');
    expect(message).toContain('WEBHOOK_MAX_BODY');
    expect(message).toContain('REDIS_URL');
  });

  it('sets dev false for NODE_ENV=production', () => {
    const c = parseConfig({ NODE_ENV: 'production' });
    expect(c.NODE_ENV).toBe('production');
    expect(c.dev).toBe(false);
  });

  it('keeps dev true for NODE_ENV=test', () => {
    expect(parseConfig({ NODE_ENV: 'test' }).dev).toBe(true);
  });

  it('reads WEBHOOK_ALLOW_UNVERIFIED=true and rejects a value that is not a boolean', () => {
    expect(parseConfig({ WEBHOOK_ALLOW_UNVERIFIED: 'true' }).WEBHOOK_ALLOW_UNVERIFIED).toBe(true);
    expect(parseConfig({ WEBHOOK_ALLOW_UNVERIFIED: '1' }).WEBHOOK_ALLOW_UNVERIFIED).toBe(true);
    expect(parseConfig({ WEBHOOK_ALLOW_UNVERIFIED: 'false' }).WEBHOOK_ALLOW_UNVERIFIED).toBe(false);
    expect(configError({ WEBHOOK_ALLOW_UNVERIFIED: 'sure' })).toContain('WEBHOOK_ALLOW_UNVERIFIED');
  });

  it('resolves DATA_DIR to an absolute path', () => {
    expect(parseConfig({ DATA_DIR: 'some/dir' }).dataDir).toBe(path.resolve('some/dir'));
  });

  it('fails on a WEBHOOK_TOKEN_HEADER that is not a header name', () => {
    expect(configError({ WEBHOOK_TOKEN_HEADER: 'X API Key' })).toContain('WEBHOOK_TOKEN_HEADER');
  });
});
