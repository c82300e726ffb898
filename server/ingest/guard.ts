import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';

/**
 * The cheap refusals that run before a webhook's body is read: where the request comes from
 * (the socket, or X-Forwarded-For behind TRUST_PROXY trusted hops), whether that address is in
 * WEBHOOK_IP_ALLOWLIST, and whether it has sent more than WEBHOOK_RATE_LIMIT webhooks in the
 * current window.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = [Address, number];

/**
 * Parses an address strictly: dotted-quad IPv4 or IPv6 (ipaddr.js alone would also take `10` or
 * `127.1`, which nobody means in an allowlist or a forwarded header). IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) becomes the IPv4 address.
 */
export function parseAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.process(text);
  return null;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address (`192.0.2.7`, `::1`); null when invalid. */
export function parseAddressRange(entry: string): AddressRange | null {
  const slash = entry.indexOf('/');
  if (slash === -1) {
    const address = parseAddress(entry);
    return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
  }
  const base = entry.slice(0, slash);
  if (!ipaddr.IPv4.isValidFourPartDecimal(base) && !ipaddr.IPv6.isValid(base)) return null;
  if (!/^\d{1,3}$/.test(entry.slice(slash + 1))) return null;
  try {
    const range = ipaddr.parseCIDR(entry);
    // A range written as IPv4-mapped IPv6 matches the IPv4 addresses it maps.
    const [address, bits] = range;
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    return range;
  } catch {
    return null; // prefix longer than the address
  }
}

export function inAllowlist(address: string, allowlist: readonly AddressRange[]): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return allowlist.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
}

/**
 * The client's address. Without trusted proxies it is the socket's peer. Behind `trustedHops`
 * proxies, each of which appends the address it received the request from to X-Forwarded-For,
 * it is the entry `trustedHops` from the right: entries further left were written by the client
 * and may be anything. Undefined when the address cannot be determined (closed socket, or the
 * entry at that hop is not an IP address).
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedHops: number): string | undefined {
  let text = req.socket.remoteAddress;
  if (trustedHops > 0) {
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // Fewer entries than hops: the left-most is the furthest address any proxy saw (as Express does).
    if (forwarded.length > 0) text = forwarded[Math.max(forwarded.length - trustedHops, 0)];
  }
  if (!text) return undefined;
  return parseAddress(text)?.toString();
}

/**
 * The per-source webhook limiter, or null when WEBHOOK_RATE_LIMIT is 0. In memory, per process;
 * when REDIS_URL is in use this is the one place to return a RateLimiterRedis with the same
 * points and duration, so that all nodes share the count.
 */
export function createWebhookRateLimiter(
  config: Pick<Config, 'WEBHOOK_RATE_LIMIT' | 'WEBHOOK_RATE_WINDOW_SECONDS' | 'REDIS_URL'>,
): RateLimiterAbstract | null {
  if (config.WEBHOOK_RATE_LIMIT === 0) return null;
  return new RateLimiterMemory({
    keyPrefix: 'webhook',
    points: config.WEBHOOK_RATE_LIMIT,
    duration: config.WEBHOOK_RATE_WINDOW_SECONDS,
  });
}

export type GuardVerdict =
  | { ok: true; ip: string | undefined }
  | {
      ok: false;
      ip: string | undefined;
      status: 403 | 429;
      code: 'forbidden_source' | 'rate_limited';
      message: string;
      headers?: Record<string, string>;
      /** extra fields for the refusal's log line; addresses and numbers only */
      log: Record<string, string | number | undefined>;
    };

export type WebhookGuard = (req: Pick<IncomingMessage, 'headers' | 'socket'>) => Promise<GuardVerdict>;

export interface GuardSettings {
  trustedHops: number;
  allowlist: readonly AddressRange[];
  limiter: RateLimiterAbstract | null;
  limit: number;
  windowSeconds: number;
  /** told when the limiter's store fails; the request is let through */
  onLimiterError?(err: unknown): void;
}

export function createWebhookGuard(settings: GuardSettings): WebhookGuard {
  return async function guard(req) {
    const ip = clientAddress(req, settings.trustedHops);

    if (settings.allowlist.length > 0 && !(ip && inAllowlist(ip, settings.allowlist))) {
      return {
        ok: false,
        ip,
        status: 403,
        code: 'forbidden_source',
        message: ip
          ? `source address ${ip} is not in WEBHOOK_IP_ALLOWLIST`
          : 'source address could not be determined (check TRUST_PROXY), so it is not in WEBHOOK_IP_ALLOWLIST',
        log: { ip },
      };
    }

    if (settings.limiter) {
      try {
        // Every request counts, refused ones too: the limit is on what a source sends.
        await settings.limiter.consume(ip ?? 'unknown');
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) {
          // A broken limiter store must not lose webhooks that bitHuman never retries.
          settings.onLimiterError?.(err);
          return { ok: true, ip };
        }
        const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        return {
          ok: false,
          ip,
          status: 429,
          code: 'rate_limited',
          message: `more than ${settings.limit} webhooks in ${settings.windowSeconds} s from ${ip ?? 'an unknown source'}; retry after ${retryAfter} s`,
          headers: { 'retry-after': String(retryAfter) },
          log: { ip, limit: settings.limit, windowSeconds: settings.windowSeconds },
        };
      }
    }
    return { ok: true, ip };
  };
}

/** The guard as configured by the environment. */
export function webhookGuardFromConfig(
  config: Pick<Config, 'TRUST_PROXY' | 'WEBHOOK_IP_ALLOWLIST' | 'WEBHOOK_RATE_LIMIT' | 'WEBHOOK_RATE_WINDOW_SECONDS' | 'REDIS_URL'>,
  onLimiterError?: (err: unknown) => void,
): WebhookGuard {
  return createWebhookGuard({
    trustedHops: config.TRUST_PROXY,
    // Entries were checked by parseConfig; anything unparseable here would be a bug there.
    allowlist: config.WEBHOOK_IP_ALLOWLIST.map((entry) => {
      const range = parseAddressRange(entry);
      if (!range) throw new Error(`WEBHOOK_IP_ALLOWLIST entry ${JSON.stringify(entry)} is not an address or CIDR range`);
      return range;
    }),
    limiter: createWebhookRateLimiter(config),
    limit: config.WEBHOOK_RATE_LIMIT,
    windowSeconds: config.WEBHOOK_RATE_WINDOW_SECONDS,
    onLimiterError,
  });
}
