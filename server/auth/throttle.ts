import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Failed sign-ins are limited per account and per address: after SIGNIN_MAX_FAILURES within
 * SIGNIN_WINDOW_SECONDS the account (or address, at four times the count) is refused until the
 * window has passed, with a message that says how long.
 */

export interface SignInThrottle {
  /** seconds to wait, or 0 when a sign-in may be tried */
  retryAfter(email: string, ip: string | undefined): Promise<number>;
  fail(email: string, ip: string | undefined): Promise<void>;
  succeed(email: string): Promise<void>;
}

export function createSignInThrottle(opts: { maxFailures: number; windowSeconds: number }): SignInThrottle {
  const perAccount = new RateLimiterMemory({ keyPrefix: 'signin:account', points: opts.maxFailures, duration: opts.windowSeconds });
  const perAddress = new RateLimiterMemory({ keyPrefix: 'signin:ip', points: opts.maxFailures * 4, duration: opts.windowSeconds });
  const key = (email: string) => email.trim().toLowerCase();

  async function blockedFor(limiter: RateLimiterMemory, k: string, points: number): Promise<number> {
    const state = await limiter.get(k);
    return state && state.consumedPoints >= points ? Math.ceil(state.msBeforeNext / 1000) : 0;
  }

  return {
    async retryAfter(email, ip) {
      const account = await blockedFor(perAccount, key(email), opts.maxFailures);
      const address = ip ? await blockedFor(perAddress, ip, opts.maxFailures * 4) : 0;
      return Math.max(account, address);
    },
    async fail(email, ip) {
      await perAccount.penalty(key(email), 1);
      if (ip) await perAddress.penalty(ip, 1);
    },
    async succeed(email) {
      await perAccount.delete(key(email));
    },
  };
}
