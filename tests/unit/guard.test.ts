import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig as parseProcessEnv } from '../../server/config';
import { clientAddress, inAllowlist, parseAddressRange, type AddressRange } from '../../server/http/address';
import { createWebhookGuard, createWebhookRateLimiter } from '../../server/ingest/guard';

type Env = Record<string, string | undefined>;
const parseConfig = (env: Env) => parseProcessEnv(env as NodeJS.ProcessEnv);

/** A request as the guard sees it: the socket's peer and the headers. */
function request(remoteAddress: string | undefined, forwardedFor?: string | string[]) {
  const headers: IncomingMessage['headers'] = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { headers, socket: { remoteAddress } } as Pick<IncomingMessage, 'headers' | 'socket'>;
}

function allowlist(...entries: string[]): AddressRange[] {
  return entries.map((entry) => {
    const range = parseAddressRange(entry);
    if (!range) throw new Error(`test allowlist entry ${entry} did not parse`);
    return range;
  });
}

function configError(env: Env): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

describe('clientAddress() without trusted proxies', () => {
  it('is the socket peer address', () => {
    expect(clientAddress(request('198.51.100.20'), 0)).toBe('198.51.100.20');
  });

  it('ignores X-Forwarded-For, which the client can write freely', () => {
    expect(clientAddress(request('198.51.100.20', '203.0.113.7'), 0)).toBe('198.51.100.20');
  });

  it('turns an IPv4-mapped IPv6 peer (::ffff:1.2.3.4) into the IPv4 address', () => {
    expect(clientAddress(request('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
  });

  it('keeps a plain IPv6 peer in its compact form', () => {
    expect(clientAddress(request('2001:0db8:0000:0000:0000:0000:0000:0001'), 0)).toBe('2001:db8::1');
  });

  it('is undefined when the socket has no peer address any more', () => {
    expect(clientAddress(request(undefined), 0)).toBeUndefined();
  });
});

describe('clientAddress() behind TRUST_PROXY hops', () => {
  it('takes the right-most X-Forwarded-For entry behind one proxy', () => {
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('ignores spoofed entries the client put to the left of what the proxy appended', () => {
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 192.0.2.99, 203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('counts hops from the right behind two proxies', () => {
    // client -> CDN (appends client) -> load balancer (appends CDN) -> us
    expect(clientAddress(request('10.0.0.2', '6.6.6.6, 203.0.113.7, 10.1.1.1'), 2)).toBe('203.0.113.7');
  });

  it('reads X-Forwarded-For sent as several header lines as one list', () => {
    expect(clientAddress(request('10.0.0.2', ['6.6.6.6', '203.0.113.7']), 1)).toBe('203.0.113.7');
  });

  it('takes the left-most entry when there are fewer entries than hops', () => {
    expect(clientAddress(request('10.0.0.2', '203.0.113.7'), 3)).toBe('203.0.113.7');
  });

  it('falls back to the socket peer when no X-Forwarded-For was sent', () => {
    expect(clientAddress(request('::ffff:10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('normalizes an IPv4-mapped IPv6 forwarded entry', () => {
    expect(clientAddress(request('10.0.0.2', '::ffff:203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('is undefined when the entry at the trusted hop is not an IP address', () => {
    expect(clientAddress(request('10.0.0.2', '203.0.113.7, unknown'), 1)).toBeUndefined();
    expect(clientAddress(request('10.0.0.2', '127.1'), 1)).toBeUndefined();
  });
});

describe('inAllowlist()', () => {
  it('matches an IPv4 address inside an IPv4 CIDR range and not one outside it', () => {
    const list = allowlist('10.0.0.0/8');
    expect(inAllowlist('10.200.3.4', list)).toBe(true);
    expect(inAllowlist('11.0.0.1', list)).toBe(false);
  });

  it('matches an IPv6 address inside an IPv6 CIDR range and not one outside it', () => {
    const list = allowlist('2001:db8::/32');
    expect(inAllowlist('2001:db8:ffff::1', list)).toBe(true);
    expect(inAllowlist('2001:db9::1', list)).toBe(false);
  });

  it('matches single addresses exactly', () => {
    const list = allowlist('192.0.2.7', '::1');
    expect(inAllowlist('192.0.2.7', list)).toBe(true);
    expect(inAllowlist('192.0.2.8', list)).toBe(false);
    expect(inAllowlist('::1', list)).toBe(true);
    expect(inAllowlist('::2', list)).toBe(false);
  });

  it('does not match an IPv4 address against an IPv6 range or the other way round', () => {
    expect(inAllowlist('127.0.0.1', allowlist('::/0'))).toBe(false);
    expect(inAllowlist('::1', allowlist('0.0.0.0/0'))).toBe(false);
  });

  it('treats an IPv4-mapped entry as the IPv4 address or range it maps', () => {
    expect(inAllowlist('192.0.2.7', allowlist('::ffff:192.0.2.7'))).toBe(true);
    expect(inAllowlist('192.0.2.7', allowlist('::ffff:192.0.2.0/120'))).toBe(true);
    expect(inAllowlist('192.0.3.7', allowlist('::ffff:192.0.2.0/120'))).toBe(false);
  });
});

describe('parseAddressRange()', () => {
  it.each(['10/8', '127.1', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', 'example.com', '10.0.0.0/x', '300.1.1.1'])(
    'refuses %s',
    (entry) => {
      expect(parseAddressRange(entry)).toBeNull();
    },
  );
});

describe('parseConfig() guard settings', () => {
  it('defaults to no allowlist, 600 webhooks per 60 s and no trusted proxy', () => {
    const c = parseConfig({});
    expect(c.WEBHOOK_IP_ALLOWLIST).toEqual([]);
    expect(c.WEBHOOK_RATE_LIMIT).toBe(600);
    expect(c.WEBHOOK_RATE_WINDOW_SECONDS).toBe(60);
    expect(c.TRUST_PROXY).toBe(0);
  });

  it('reads a mixed IPv4/IPv6 allowlist as trimmed entries', () => {
    expect(parseConfig({ WEBHOOK_IP_ALLOWLIST: ' 10.0.0.0/8 , 2001:db8::/32,192.0.2.7,::1 ' }).WEBHOOK_IP_ALLOWLIST).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.7',
      '::1',
    ]);
  });

  it('refuses an invalid allowlist entry, naming WEBHOOK_IP_ALLOWLIST and the entry', () => {
    const message = configError({ WEBHOOK_IP_ALLOWLIST: '10.0.0.0/8,10.0.0.300/24' });
    expect(message).toContain('WEBHOOK_IP_ALLOWLIST=');
    expect(message).toContain('"10.0.0.300/24"');
    expect(message).not.toContain('"10.0.0.0/8"');
  });

  it('reads TRUST_PROXY as a number of hops, with true meaning one', () => {
    expect(parseConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(configError({ TRUST_PROXY: 'yes please' })).toContain('TRUST_PROXY');
  });

  it('accepts WEBHOOK_RATE_LIMIT=0 (off) and refuses a negative limit or a zero window', () => {
    expect(parseConfig({ WEBHOOK_RATE_LIMIT: '0' }).WEBHOOK_RATE_LIMIT).toBe(0);
    expect(configError({ WEBHOOK_RATE_LIMIT: '-1' })).toContain('WEBHOOK_RATE_LIMIT');
    expect(configError({ WEBHOOK_RATE_WINDOW_SECONDS: '0' })).toContain('WEBHOOK_RATE_WINDOW_SECONDS');
  });
});

describe('createWebhookGuard()', () => {
  const settings = { trustedHops: 0, allowlist: [], limiter: null, limit: 0, windowSeconds: 60 };

  it('refuses a source outside the allowlist with 403 forbidden_source naming the address', async () => {
    const guard = createWebhookGuard({ ...settings, allowlist: allowlist('10.0.0.0/8') });
    expect(await guard(request('::ffff:127.0.0.1'))).toMatchObject({
      ok: false,
      status: 403,
      code: 'forbidden_source',
      message: 'source address 127.0.0.1 is not in WEBHOOK_IP_ALLOWLIST',
    });
    expect(await guard(request('10.1.2.3'))).toEqual({ ok: true, ip: '10.1.2.3' });
  });

  it('refuses the source whose address cannot be determined when an allowlist is set', async () => {
    const guard = createWebhookGuard({ ...settings, trustedHops: 1, allowlist: allowlist('0.0.0.0/0') });
    expect(await guard(request('10.0.0.2', 'garbage'))).toMatchObject({ ok: false, code: 'forbidden_source' });
  });

  it('refuses the request past the limit with 429, Retry-After and the numbers, counting per source', async () => {
    const config = { WEBHOOK_RATE_LIMIT: 2, WEBHOOK_RATE_WINDOW_SECONDS: 30, REDIS_URL: undefined };
    const guard = createWebhookGuard({ ...settings, limiter: createWebhookRateLimiter(config), limit: 2, windowSeconds: 30 });
    expect((await guard(request('192.0.2.1'))).ok).toBe(true);
    expect((await guard(request('192.0.2.1'))).ok).toBe(true);
    const third = await guard(request('192.0.2.1'));
    expect(third).toMatchObject({
      ok: false,
      status: 429,
      code: 'rate_limited',
      message: 'more than 2 webhooks in 30 s from 192.0.2.1; retry after 30 s',
      headers: { 'retry-after': '30' },
      log: { ip: '192.0.2.1', limit: 2 },
    });
    // Another source has its own count.
    expect((await guard(request('192.0.2.2'))).ok).toBe(true);
  });

  it('has no limiter when WEBHOOK_RATE_LIMIT is 0', () => {
    expect(createWebhookRateLimiter({ WEBHOOK_RATE_LIMIT: 0, WEBHOOK_RATE_WINDOW_SECONDS: 60, REDIS_URL: undefined })).toBeNull();
  });

  it('lets the request through and reports it when the limiter store fails', async () => {
    const failures: unknown[] = [];
    const broken = { consume: () => Promise.reject(new Error('store down')) } as unknown as NonNullable<ReturnType<typeof createWebhookRateLimiter>>;
    const guard = createWebhookGuard({ ...settings, limiter: broken, limit: 1, onLimiterError: (err) => failures.push(err) });
    expect(await guard(request('192.0.2.1'))).toEqual({ ok: true, ip: '192.0.2.1' });
    expect(failures).toHaveLength(1);
  });
});
