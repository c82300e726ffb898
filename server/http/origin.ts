import type { IncomingMessage } from 'node:http';

/**
 * Cross-site request forgery and cross-site WebSocket hijacking both come from a browser on
 * another origin carrying our cookie. Mutating requests and socket connections must come from our
 * own origin: the Origin header (or, failing that, the Referer) must name this host or one of
 * ALLOWED_ORIGINS.
 */

export function requestOrigin(req: Pick<IncomingMessage, 'headers'>): string | null {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export function isSameOrigin(
  req: Pick<IncomingMessage, 'headers'>,
  opts: { allowedOrigins: string[] },
): boolean {
  const origin = requestOrigin(req);
  if (!origin) return false;
  // The Host a browser sends is the server it talks to; behind a proxy that rewrites it, list the
  // public origin in PUBLIC_URL or ALLOWED_ORIGINS.
  const host = req.headers.host;
  const own = host ? [`http://${host}`, `https://${host}`] : [];
  const allowed = [...own, ...opts.allowedOrigins.map((o) => new URL(o).origin)];
  return allowed.includes(origin);
}

export const isMutating = (method: string | undefined) => !['GET', 'HEAD', 'OPTIONS'].includes(method ?? 'GET');
