import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { SESSION_COOKIE } from '../../lib/auth';
import { validateSession } from '../auth/sessions';
import type { Database } from '../db/client';
import { sendError } from './respond';
import type { RequestContext } from './request-context';
import { isMutating, isSameOrigin } from './origin';

/**
 * The door every request that reaches Next.js passes through: closed by default. A page or API
 * route added later is protected without anyone remembering to protect it; only the paths below
 * are open, and each says why.
 */

const OPEN_PATHS: Record<string, string> = {
  '/login': 'the sign-in page',
  '/setup': 'creates the first admin; the page and its API refuse once any user exists',
  '/api/auth/login': 'signing in',
  '/api/auth/setup': 'creates the first admin while no user exists',
};
/** Static files Next serves (scripts, styles, icons): no data in them. */
const OPEN_PREFIXES = ['/_next/static/', '/_next/image', '/__nextjs', '/_next/webpack-hmr'];
const OPEN_FILES = new Set(['/favicon.ico', '/icon.svg', '/robots.txt']);

export function isOpenPath(pathname: string): boolean {
  return pathname in OPEN_PATHS || OPEN_FILES.has(pathname) || OPEN_PREFIXES.some((p) => pathname.startsWith(p));
}

export function sessionToken(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

export interface GateOptions {
  db: Database;
  allowedOrigins: string[];
  ip: string | undefined;
  secure: boolean;
}

/** Answers the request itself (401, 403, redirect) and returns null, or returns its context. */
export async function gate(req: IncomingMessage, res: ServerResponse, pathname: string, opts: GateOptions): Promise<RequestContext | null> {
  if (isMutating(req.method) && !isSameOrigin(req, { allowedOrigins: opts.allowedOrigins })) {
    sendError(res, 403, 'cross_origin', 'cross-origin request refused: the Origin header must be this dashboard');
    return null;
  }
  const signedIn = await validateSession(opts.db, sessionToken(req));
  if (!signedIn && !isOpenPath(pathname)) {
    if (pathname.startsWith('/api/')) {
      sendError(res, 401, 'unauthenticated', 'sign in first');
    } else {
      const next = encodeURIComponent(req.url ?? '/');
      res.writeHead(303, { location: `/login?next=${next}`, 'cache-control': 'no-store' });
      res.end();
    }
    return null;
  }
  return { signedIn, ip: opts.ip, secure: opts.secure };
}
