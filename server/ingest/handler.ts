import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import type { Logger } from '../logger';
import { sendError, sendJson } from '../http/respond';
import { webhookRequests } from '../metrics';
import type { WebhookGuard } from './guard';
import { parseWebhook } from './normalize';
import type { EventStore } from './store';
import { verifyWebhook, type VerificationSettings } from './verify';

/**
 * POST /api/webhooks: guard (source address, rate) -> verify -> parse -> normalize -> durable insert -> 200.
 * bitHuman treats anything but exactly 200 as a failure and may never retry, so 200 is sent
 * only after the row is committed, and every refusal says precisely what was wrong.
 */

export interface IngestDeps {
  verification: VerificationSettings;
  /** source allowlist and per-source rate limit, checked before the body is read */
  guard: WebhookGuard;
  store: EventStore;
  maxBodyBytes: number;
  logger: Logger;
  /** called after the 200 for each newly stored event (processing picks it up) */
  onStored(id: number): void;
  now?: () => number;
}

export function createIngestHandler(deps: IngestDeps) {
  const now = deps.now ?? Date.now;

  function refuse(
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
    log?: Record<string, string | number | undefined>,
  ) {
    webhookRequests.inc({ result: code });
    deps.logger.warn({ status, code, reason: message, ...log }, 'webhook refused');
    sendError(res, status, code, message, headers);
  }

  return async function handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // First, before anything else is looked at: every request counts against its source's limit.
    const guarded = await deps.guard(req);
    if (!guarded.ok) {
      // Close rather than drain: a refused source's body is not worth reading.
      refuse(res, guarded.status, guarded.code, guarded.message, { ...guarded.headers, connection: 'close' }, guarded.log);
      req.resume();
      return;
    }

    if (req.method !== 'POST') {
      return refuse(res, 405, 'method_not_allowed', 'webhooks are delivered with POST', { allow: 'POST' });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > deps.maxBodyBytes) {
      refuse(res, 413, 'payload_too_large', `body is ${declared} bytes; the limit is ${deps.maxBodyBytes} bytes (WEBHOOK_MAX_BODY)`, { connection: 'close' });
      req.resume();
      return;
    }

    let body: Buffer;
    try {
      body = await getRawBody(req, { limit: deps.maxBodyBytes });
    } catch (err) {
      const e = err as { type?: string; message: string };
      if (e.type === 'entity.too.large')
        return refuse(res, 413, 'payload_too_large', `body exceeds the limit of ${deps.maxBodyBytes} bytes (WEBHOOK_MAX_BODY)`, { connection: 'close' });
      return refuse(res, 400, 'bad_body', `could not read the body: ${e.message}`);
    }

    const receivedAt = now();
    const verdict = verifyWebhook(deps.verification, req.headers, body, receivedAt);
    if (!verdict.ok) return refuse(res, 401, 'unauthorized', verdict.reason);

    const parsed = parseWebhook(body, req.headers, receivedAt);
    if (!parsed.ok) {
      const code = parsed.message.startsWith('body is not valid JSON') || parsed.message === 'body must be a JSON object' ? 'malformed_json' : 'invalid_payload';
      return refuse(res, 400, code, parsed.message);
    }

    let stored;
    try {
      stored = await deps.store.store(parsed.event, parsed.dedupKey, body.toString('utf8'));
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'webhook storage failed');
      return refuse(res, 503, 'storage_unavailable', 'the event could not be stored; nothing was recorded, retry later', { 'retry-after': '5' });
    }

    webhookRequests.inc({ result: stored.duplicate ? 'duplicate' : 'stored' });
    sendJson(res, 200, { ok: true, id: stored.id, duplicate: stored.duplicate, type: parsed.event.type });
    if (stored.id !== null) deps.onStored(stored.id);
  };
}
