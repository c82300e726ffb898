/**
 * Webhook authentication as bitHuman does it. Pure: returns header values, performs no I/O.
 *  - session events: X-bitHuman-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>
 *  - API events: X-BitHuman-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>,
 *    the whsec_… secret used as-is.
 *  - or unsigned with a shared token: Authorization: Bearer <t>, or the bare token in another header.
 */
import { createHmac } from 'node:crypto';

export type SessionAuth =
  | { kind: 'signature'; secret: string }
  | { kind: 'token'; token: string; header: string };

export function signSessionBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signApiBody(secret: string, timestamp: number, body: string | Uint8Array): string {
  const h = createHmac('sha256', secret);
  h.update(`${timestamp}.`);
  h.update(body);
  return `sha256=${h.digest('hex')}`;
}

/** Authentication headers for a session event whose exact body bytes are `body`. */
export function sessionAuthHeaders(auth: SessionAuth, body: string | Uint8Array): Record<string, string> {
  if (auth.kind === 'signature') return { 'X-bitHuman-Signature': signSessionBody(auth.secret, body) };
  if (auth.header.toLowerCase() === 'authorization') return { Authorization: `Bearer ${auth.token}` };
  return { [auth.header]: auth.token };
}

/** Headers for an API event (`created`/timestamp in Unix seconds, `deliveryId` = the body's id). */
export function apiEventHeaders(
  secret: string,
  event: string,
  deliveryId: string,
  timestamp: number,
  body: string | Uint8Array,
): Record<string, string> {
  return {
    'X-BitHuman-Event': event,
    'X-BitHuman-Delivery': deliveryId,
    'X-BitHuman-Timestamp': String(timestamp),
    'X-BitHuman-Signature': signApiBody(secret, timestamp, body),
  };
}
