import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook verification, pure: (settings, headers, raw body, now) -> verdict.
 * A request is accepted when it passes any configured method; the verdict names why it failed
 * without ever echoing a secret.
 */

export interface VerificationSettings {
  /** session-event secrets (X-bitHuman-Signature over the raw body); several for rotation */
  sessionSecrets: string[];
  /** API-event secrets (whsec_…, signature over "<timestamp>.<raw body>") */
  apiSecrets: string[];
  /** shared tokens sent in tokenHeader */
  tokens: string[];
  /** header that carries the token; Authorization means "Bearer <token>" */
  tokenHeader: string;
  allowUnverified: boolean;
  /** API signature timestamp tolerance, seconds */
  toleranceSeconds: number;
}

export type Headers = Record<string, string | string[] | undefined>;

export type VerificationMethod = 'session-signature' | 'api-signature' | 'token' | 'unverified';

export type Verdict =
  | { ok: true; method: VerificationMethod }
  | { ok: false; reason: string };

const SIGNATURE_HEADER = 'x-bithuman-signature';
const TIMESTAMP_HEADER = 'x-bithuman-timestamp';

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function hasVerification(s: VerificationSettings): boolean {
  return s.sessionSecrets.length + s.apiSecrets.length + s.tokens.length > 0;
}

/** Constant-time comparison of two strings; lengths are checked first (timingSafeEqual needs it). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

export function hmacHex(secret: string, payload: Buffer | string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** "sha256=<64 hex>" -> the hex digest, or null when the header is not of that shape. */
function parseSignature(value: string): string | null {
  const m = /^sha256=([0-9a-fA-F]+)$/.exec(value.trim());
  if (!m) return null;
  return m[1].toLowerCase();
}

function matchesAny(expectedFor: (secret: string) => string, secrets: string[], given: string): boolean {
  let matched = false;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) if (safeEqual(expectedFor(secret), given)) matched = true;
  return matched;
}

function verifySessionSignature(s: VerificationSettings, value: string, body: Buffer): Verdict {
  const given = parseSignature(value);
  if (given === null) return { ok: false, reason: 'X-bitHuman-Signature must look like sha256=<hex digest>' };
  if (given.length !== 64) return { ok: false, reason: 'X-bitHuman-Signature has the wrong length for a SHA-256 digest' };
  if (!matchesAny((secret) => hmacHex(secret, body), s.sessionSecrets, given))
    return { ok: false, reason: 'X-bitHuman-Signature does not match the body (wrong secret, or the body was changed)' };
  return { ok: true, method: 'session-signature' };
}

function verifyApiSignature(
  s: VerificationSettings,
  value: string,
  timestamp: string,
  body: Buffer,
  nowMs: number,
): Verdict {
  if (!/^\d{1,12}(\.\d+)?$/.test(timestamp.trim()))
    return { ok: false, reason: 'X-BitHuman-Timestamp must be Unix seconds' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > s.toleranceSeconds)
    return { ok: false, reason: `X-BitHuman-Timestamp is ${Math.round(skew)} s away from now (limit ${s.toleranceSeconds} s)` };
  const given = parseSignature(value);
  if (given === null) return { ok: false, reason: 'X-BitHuman-Signature must look like sha256=<hex digest>' };
  if (given.length !== 64) return { ok: false, reason: 'X-BitHuman-Signature has the wrong length for a SHA-256 digest' };
  const signed = Buffer.concat([Buffer.from(`${timestamp.trim()}.`, 'utf8'), body]);
  if (!matchesAny((secret) => hmacHex(secret, signed), s.apiSecrets, given))
    return { ok: false, reason: 'X-BitHuman-Signature does not match the timestamp and body (wrong secret, or the body was changed)' };
  return { ok: true, method: 'api-signature' };
}

function verifyToken(s: VerificationSettings, headers: Headers): Verdict {
  const name = s.tokenHeader.toLowerCase();
  const raw = header(headers, name);
  if (raw === undefined) return { ok: false, reason: `missing ${s.tokenHeader} header` };
  let token = raw.trim();
  if (name === 'authorization') {
    const m = /^Bearer\s+(.+)$/i.exec(token);
    if (!m) return { ok: false, reason: 'Authorization header must be "Bearer <token>"' };
    token = m[1].trim();
  }
  let matched = false;
  for (const expected of s.tokens) if (safeEqual(expected, token)) matched = true;
  return matched ? { ok: true, method: 'token' } : { ok: false, reason: `${s.tokenHeader} does not carry a valid token` };
}

export function verifyWebhook(
  s: VerificationSettings,
  headers: Headers,
  body: Buffer,
  nowMs: number,
): Verdict {
  const reasons: string[] = [];
  const signature = header(headers, SIGNATURE_HEADER);
  const timestamp = header(headers, TIMESTAMP_HEADER);

  if (signature !== undefined) {
    // Same header name for both schemes: the timestamp header tells API events apart.
    if (timestamp !== undefined && s.apiSecrets.length > 0) {
      const v = verifyApiSignature(s, signature, timestamp, body, nowMs);
      if (v.ok) return v;
      reasons.push(v.reason);
    } else if (timestamp === undefined && s.sessionSecrets.length > 0) {
      const v = verifySessionSignature(s, signature, body);
      if (v.ok) return v;
      reasons.push(v.reason);
    } else {
      reasons.push(
        timestamp !== undefined
          ? 'API-event signature received but WEBHOOK_API_SECRET is not configured'
          : 'session-event signature received but WEBHOOK_SECRET is not configured',
      );
    }
  }
  if (s.tokens.length > 0) {
    const v = verifyToken(s, headers);
    if (v.ok) return v;
    reasons.push(v.reason);
  }
  if (s.allowUnverified) return { ok: true, method: 'unverified' };
  if (reasons.length === 0) {
    if (!hasVerification(s)) return { ok: false, reason: 'no webhook verification is configured on this server' };
    reasons.push('missing X-bitHuman-Signature header');
  }
  return { ok: false, reason: reasons.join('; ') };
}
