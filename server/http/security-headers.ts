import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers on every response, and a Content-Security-Policy whose script-src allows only our own
 * files and inline scripts carrying this response's nonce (Next.js reads the nonce from the
 * request's CSP header and puts it on the scripts it renders). No framing, no sniffing, no
 * referrer leaving the origin.
 */

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, opts: { dev: boolean; secure: boolean }): void {
  const nonce = randomBytes(16).toString('base64');
  const csp = contentSecurityPolicy(nonce, opts.dev);
  req.headers['content-security-policy'] = csp; // for Next.js to find the nonce
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (opts.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}
