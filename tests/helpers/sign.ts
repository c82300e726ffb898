import { createHmac } from 'node:crypto';

/** Signatures exactly as bitHuman's public docs describe them, computed independently of server code. */

export function sessionSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function apiSignatureHeaders(secret: string, rawBody: string, event: string, delivery: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    'X-BitHuman-Event': event,
    'X-BitHuman-Delivery': delivery,
    'X-BitHuman-Timestamp': String(timestamp),
    'X-BitHuman-Signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  };
}
