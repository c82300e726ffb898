import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { clientAddress, inAllowlist, parseAddressRange, type AddressRange } from '../http/address';

/**
 * The cheap refusals that run before a webhook's body is read: where the request comes from
 * (the socket, or X-Forwarded-For behind TRUST_PROXY trusted hops), whether that address is in
 * WEBHOOK_IP_ALLOWLIST, and whether it has sent more than WEBHOOK_RATE_LIMIT webhooks in the
 * current window.
 */

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
