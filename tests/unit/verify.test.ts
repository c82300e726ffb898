import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  safeEqual,
  verifyWebhook,
  type Headers,
  type VerificationSettings,
} from '../../server/ingest/verify';

// Expected signatures are computed here, independently of the module's own HMAC helper.
const hmac = (secret: string, payload: string | Buffer) =>
  createHmac('sha256', secret).update(payload).digest('hex');

const SESSION_SECRET = 'sess_s3cret_value_1234567890';
const API_SECRET = 'whsec_c2VjcmV0X2FwaV9rZXlfZm9yX3Rlc3Rz';
const TOKEN = 'tok_shared_0123456789abcdef';
const NOW_MS = 1_780_000_000_000;
const NOW_S = NOW_MS / 1000;

const body = Buffer.from(
  '{"agent_id":"agent_customer_support","event_type":"chat.push","data":{"role":"user","message":"Hi there","session_id":"session_xyz789","timestamp":1705312285.0},"timestamp":1705312285.0}',
  'utf8',
);
const tampered = Buffer.from(body.toString('utf8').replace('Hi there', 'Hi thers'), 'utf8');
const apiBody = Buffer.from(
  '{"id":"evt_a1b2c3d4e5","event":"agent.ready","created":1780417371,"data":{"agent_id":"A91XMB7113"}}',
  'utf8',
);

function settings(overrides: Partial<VerificationSettings> = {}): VerificationSettings {
  return {
    sessionSecrets: [],
    apiSecrets: [],
    tokens: [],
    tokenHeader: 'Authorization',
    allowUnverified: false,
    toleranceSeconds: 300,
    ...overrides,
  };
}

const sessionSigned = (secret: string, payload: Buffer = body): Headers => ({
  'x-bithuman-signature': `sha256=${hmac(secret, payload)}`,
});

function apiSigned(secret: string, timestamp: number | string, payload: Buffer = apiBody): Headers {
  return {
    'x-bithuman-event': 'agent.ready',
    'x-bithuman-delivery': 'dlv_1',
    'x-bithuman-timestamp': String(timestamp),
    'x-bithuman-signature': `sha256=${hmac(secret, `${timestamp}.${payload.toString('utf8')}`)}`,
  };
}

function rejectionReason(verdict: ReturnType<typeof verifyWebhook>): string {
  expect(verdict.ok).toBe(false);
  return verdict.ok ? '' : verdict.reason;
}

describe('verifyWebhook() with a session signature (X-bitHuman-Signature over the raw body)', () => {
  const s = settings({ sessionSecrets: [SESSION_SECRET] });

  it('accepts a body signed with the configured secret', () => {
    expect(verifyWebhook(s, sessionSigned(SESSION_SECRET), body, NOW_MS)).toEqual({
      ok: true,
      method: 'session-signature',
    });
  });

  it('rejects a body changed after signing', () => {
    const headers = sessionSigned(SESSION_SECRET, body);
    expect(rejectionReason(verifyWebhook(s, headers, tampered, NOW_MS))).toMatch(/does not match the body/);
  });

  it('rejects a body re-serialized with different whitespace (the raw bytes are what was signed)', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(verifyWebhook(s, sessionSigned(SESSION_SECRET), reserialized, NOW_MS).ok).toBe(false);
  });

  it('rejects a signature made with the wrong secret', () => {
    expect(rejectionReason(verifyWebhook(s, sessionSigned('some_other_secret'), body, NOW_MS))).toMatch(
      /does not match/,
    );
  });

  it('rejects a request without the signature header and says which header is missing', () => {
    expect(rejectionReason(verifyWebhook(s, {}, body, NOW_MS))).toMatch(/missing X-bitHuman-Signature/);
  });

  it('rejects a signature of the wrong length', () => {
    const short = `sha256=${hmac(SESSION_SECRET, body).slice(0, 40)}`;
    const long = `sha256=${hmac(SESSION_SECRET, body)}00`;
    expect(rejectionReason(verifyWebhook(s, { 'x-bithuman-signature': short }, body, NOW_MS))).toMatch(
      /wrong length/,
    );
    expect(rejectionReason(verifyWebhook(s, { 'x-bithuman-signature': long }, body, NOW_MS))).toMatch(
      /wrong length/,
    );
  });

  it('rejects a bare hex digest without the "sha256=" prefix', () => {
    const bare = hmac(SESSION_SECRET, body);
    expect(rejectionReason(verifyWebhook(s, { 'x-bithuman-signature': bare }, body, NOW_MS))).toMatch(
      /sha256=<hex digest>/,
    );
  });

  it('rejects a signature that is not hexadecimal', () => {
    const notHex = `sha256=${'z'.repeat(64)}`;
    expect(rejectionReason(verifyWebhook(s, { 'x-bithuman-signature': notHex }, body, NOW_MS))).toMatch(
      /sha256=<hex digest>/,
    );
  });

  it('accepts the digest written in uppercase hex', () => {
    const upper = `sha256=${hmac(SESSION_SECRET, body).toUpperCase()}`;
    expect(verifyWebhook(s, { 'x-bithuman-signature': upper }, body, NOW_MS)).toEqual({
      ok: true,
      method: 'session-signature',
    });
  });

  it('reads the first value when the signature header arrives twice', () => {
    const headers: Headers = { 'x-bithuman-signature': [`sha256=${hmac(SESSION_SECRET, body)}`, 'sha256=00'] };
    expect(verifyWebhook(s, headers, body, NOW_MS).ok).toBe(true);
  });
});

describe('verifyWebhook() with an API signature (timestamp + "<timestamp>.<raw body>")', () => {
  const s = settings({ apiSecrets: [API_SECRET] });
  const ts = Math.floor(NOW_S);

  it('accepts a request signed over "<timestamp>.<body>" with the whsec_ secret used as-is', () => {
    expect(verifyWebhook(s, apiSigned(API_SECRET, ts), apiBody, NOW_MS)).toEqual({
      ok: true,
      method: 'api-signature',
    });
  });

  it('rejects a signature made with the base64-decoded whsec_ secret (the secret is not decoded)', () => {
    const decoded = Buffer.from(API_SECRET.slice('whsec_'.length), 'base64');
    const headers: Headers = {
      'x-bithuman-timestamp': String(ts),
      'x-bithuman-signature': `sha256=${createHmac('sha256', decoded).update(`${ts}.${apiBody.toString()}`).digest('hex')}`,
    };
    expect(verifyWebhook(s, headers, apiBody, NOW_MS).ok).toBe(false);
  });

  it('rejects a signature over the body alone (without the timestamp prefix)', () => {
    const headers: Headers = {
      'x-bithuman-timestamp': String(ts),
      'x-bithuman-signature': `sha256=${hmac(API_SECRET, apiBody)}`,
    };
    expect(verifyWebhook(s, headers, apiBody, NOW_MS).ok).toBe(false);
  });

  it('rejects a body changed after signing', () => {
    const changed = Buffer.from(apiBody.toString().replace('A91XMB7113', 'A91XMB7114'));
    expect(rejectionReason(verifyWebhook(s, apiSigned(API_SECRET, ts), changed, NOW_MS))).toMatch(
      /does not match the timestamp and body/,
    );
  });

  it('rejects a timestamp header changed after signing', () => {
    const headers = { ...apiSigned(API_SECRET, ts), 'x-bithuman-timestamp': String(ts + 1) };
    expect(verifyWebhook(s, headers, apiBody, NOW_MS).ok).toBe(false);
  });

  it('rejects a signature made with the wrong secret', () => {
    expect(verifyWebhook(s, apiSigned('whsec_wrong', ts), apiBody, NOW_MS).ok).toBe(false);
  });

  it('accepts a timestamp just inside the 300 s window, on either side of now', () => {
    expect(verifyWebhook(s, apiSigned(API_SECRET, ts - 299), apiBody, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, apiSigned(API_SECRET, ts + 299), apiBody, NOW_MS).ok).toBe(true);
  });

  it('rejects a correctly signed request whose timestamp is more than 300 s old', () => {
    const reason = rejectionReason(verifyWebhook(s, apiSigned(API_SECRET, ts - 301), apiBody, NOW_MS));
    expect(reason).toMatch(/X-BitHuman-Timestamp is 301 s away from now \(limit 300 s\)/);
  });

  it('rejects a correctly signed request whose timestamp is more than 300 s in the future', () => {
    const reason = rejectionReason(verifyWebhook(s, apiSigned(API_SECRET, ts + 3600), apiBody, NOW_MS));
    expect(reason).toMatch(/3600 s away from now/);
  });

  it('rejects a timestamp that is not Unix seconds', () => {
    const iso = new Date(NOW_MS).toISOString();
    expect(rejectionReason(verifyWebhook(s, apiSigned(API_SECRET, iso), apiBody, NOW_MS))).toMatch(
      /must be Unix seconds/,
    );
  });

  it('rejects a signature of the wrong length', () => {
    const headers = { ...apiSigned(API_SECRET, ts) };
    headers['x-bithuman-signature'] = (headers['x-bithuman-signature'] as string).slice(0, -2);
    expect(rejectionReason(verifyWebhook(s, headers, apiBody, NOW_MS))).toMatch(/wrong length/);
  });

  it('rejects a malformed signature (missing "sha256=" or not hex)', () => {
    const good = apiSigned(API_SECRET, ts);
    const bare = { ...good, 'x-bithuman-signature': (good['x-bithuman-signature'] as string).slice(7) };
    const notHex = { ...good, 'x-bithuman-signature': `sha256=${'g'.repeat(64)}` };
    expect(rejectionReason(verifyWebhook(s, bare, apiBody, NOW_MS))).toMatch(/sha256=<hex digest>/);
    expect(rejectionReason(verifyWebhook(s, notHex, apiBody, NOW_MS))).toMatch(/sha256=<hex digest>/);
  });

  it('accepts the digest written in uppercase hex', () => {
    const good = apiSigned(API_SECRET, ts);
    const upper = { ...good, 'x-bithuman-signature': `sha256=${(good['x-bithuman-signature'] as string).slice(7).toUpperCase()}` };
    expect(verifyWebhook(s, upper, apiBody, NOW_MS)).toEqual({ ok: true, method: 'api-signature' });
  });

  it('rejects a request with a timestamp but no signature header', () => {
    const headers: Headers = { 'x-bithuman-timestamp': String(ts) };
    expect(rejectionReason(verifyWebhook(s, headers, apiBody, NOW_MS))).toMatch(/missing X-bitHuman-Signature/);
  });

  it('rejects an API signature when only a session secret is configured, naming WEBHOOK_API_SECRET', () => {
    const onlySession = settings({ sessionSecrets: [API_SECRET] });
    expect(rejectionReason(verifyWebhook(onlySession, apiSigned(API_SECRET, ts), apiBody, NOW_MS))).toMatch(
      /WEBHOOK_API_SECRET is not configured/,
    );
  });
});

describe('verifyWebhook() with a bearer token (Authorization: Bearer <token>)', () => {
  const s = settings({ tokens: [TOKEN] });

  it('accepts the configured token', () => {
    expect(verifyWebhook(s, { authorization: `Bearer ${TOKEN}` }, body, NOW_MS)).toEqual({
      ok: true,
      method: 'token',
    });
  });

  it('accepts a lowercase "bearer" scheme', () => {
    expect(verifyWebhook(s, { authorization: `bearer ${TOKEN}` }, body, NOW_MS).ok).toBe(true);
  });

  it('does not protect the body: a changed body with the right token is still accepted', () => {
    // Tokens authenticate the sender only; this documents that, so nobody relies on it for integrity.
    expect(verifyWebhook(s, { authorization: `Bearer ${TOKEN}` }, tampered, NOW_MS).ok).toBe(true);
  });

  it('rejects a wrong token', () => {
    expect(rejectionReason(verifyWebhook(s, { authorization: 'Bearer tok_wrong' }, body, NOW_MS))).toMatch(
      /Authorization does not carry a valid token/,
    );
  });

  it('rejects a token that is a prefix of the real one', () => {
    expect(verifyWebhook(s, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, body, NOW_MS).ok).toBe(false);
  });

  it('rejects the bare token without the Bearer scheme', () => {
    expect(rejectionReason(verifyWebhook(s, { authorization: TOKEN }, body, NOW_MS))).toMatch(
      /must be "Bearer <token>"/,
    );
  });

  it('rejects a request without the Authorization header, naming the header', () => {
    expect(rejectionReason(verifyWebhook(s, {}, body, NOW_MS))).toMatch(/missing Authorization header/);
  });

  it('rejects the token sent in some other header', () => {
    expect(verifyWebhook(s, { 'x-api-key': TOKEN }, body, NOW_MS).ok).toBe(false);
  });
});

describe('verifyWebhook() with an API key header (WEBHOOK_TOKEN_HEADER=X-API-Key, bare token)', () => {
  const s = settings({ tokens: [TOKEN], tokenHeader: 'X-API-Key' });

  it('accepts the bare token in X-API-Key', () => {
    expect(verifyWebhook(s, { 'x-api-key': TOKEN }, body, NOW_MS)).toEqual({ ok: true, method: 'token' });
  });

  it('rejects a wrong token', () => {
    expect(rejectionReason(verifyWebhook(s, { 'x-api-key': 'nope' }, body, NOW_MS))).toMatch(
      /X-API-Key does not carry a valid token/,
    );
  });

  it('rejects a request without X-API-Key, naming the header', () => {
    expect(rejectionReason(verifyWebhook(s, { authorization: `Bearer ${TOKEN}` }, body, NOW_MS))).toMatch(
      /missing X-API-Key header/,
    );
  });

  it('rejects "Bearer <token>" in X-API-Key (that header carries the bare token)', () => {
    expect(verifyWebhook(s, { 'x-api-key': `Bearer ${TOKEN}` }, body, NOW_MS).ok).toBe(false);
  });
});

describe('verifyWebhook() with a custom header (X-Webhook-Secret)', () => {
  const s = settings({ tokens: [TOKEN], tokenHeader: 'X-Webhook-Secret' });

  it('accepts the token in the custom header', () => {
    expect(verifyWebhook(s, { 'x-webhook-secret': TOKEN }, body, NOW_MS)).toEqual({ ok: true, method: 'token' });
  });

  it('rejects a wrong value in the custom header', () => {
    expect(verifyWebhook(s, { 'x-webhook-secret': `${TOKEN}x` }, body, NOW_MS).ok).toBe(false);
  });

  it('rejects a request without the custom header, naming it', () => {
    expect(rejectionReason(verifyWebhook(s, {}, body, NOW_MS))).toMatch(/missing X-Webhook-Secret header/);
  });
});

describe('verifyWebhook() during secret rotation', () => {
  const OLD = 'sess_old_secret_aaaaaaaaaaaa';
  const NEW = 'sess_new_secret_bbbbbbbbbbbb';
  const RETIRED = 'sess_retired_secret_cccccccc';

  it('accepts session signatures made with either of two active secrets', () => {
    const s = settings({ sessionSecrets: [NEW, OLD] });
    expect(verifyWebhook(s, sessionSigned(NEW), body, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, sessionSigned(OLD), body, NOW_MS).ok).toBe(true);
  });

  it('refuses a session signature made with a retired secret', () => {
    const s = settings({ sessionSecrets: [NEW, OLD] });
    expect(verifyWebhook(s, sessionSigned(RETIRED), body, NOW_MS).ok).toBe(false);
  });

  it('accepts API signatures made with either of two active whsec_ secrets and refuses a retired one', () => {
    const s = settings({ apiSecrets: ['whsec_new', 'whsec_old'] });
    const ts = Math.floor(NOW_S);
    expect(verifyWebhook(s, apiSigned('whsec_new', ts), apiBody, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, apiSigned('whsec_old', ts), apiBody, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, apiSigned('whsec_retired', ts), apiBody, NOW_MS).ok).toBe(false);
  });

  it('accepts either of two active tokens and refuses a retired one', () => {
    const s = settings({ tokens: ['tok_new', 'tok_old'] });
    expect(verifyWebhook(s, { authorization: 'Bearer tok_new' }, body, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, { authorization: 'Bearer tok_old' }, body, NOW_MS).ok).toBe(true);
    expect(verifyWebhook(s, { authorization: 'Bearer tok_retired' }, body, NOW_MS).ok).toBe(false);
  });
});

describe('verifyWebhook() with several methods configured', () => {
  const s = settings({ sessionSecrets: [SESSION_SECRET], apiSecrets: [API_SECRET], tokens: [TOKEN] });

  it('accepts a valid token even when a signature header fails', () => {
    const headers: Headers = { ...sessionSigned('wrong'), authorization: `Bearer ${TOKEN}` };
    expect(verifyWebhook(s, headers, body, NOW_MS)).toEqual({ ok: true, method: 'token' });
  });

  it('names every failed method in the reason', () => {
    const reason = rejectionReason(verifyWebhook(s, sessionSigned('wrong'), body, NOW_MS));
    expect(reason).toMatch(/X-bitHuman-Signature does not match/);
    expect(reason).toMatch(/missing Authorization header/);
  });

  it('tells a session signature from an API signature by the timestamp header', () => {
    expect(verifyWebhook(s, sessionSigned(SESSION_SECRET), body, NOW_MS)).toEqual({
      ok: true,
      method: 'session-signature',
    });
    expect(verifyWebhook(s, apiSigned(API_SECRET, Math.floor(NOW_S)), apiBody, NOW_MS)).toEqual({
      ok: true,
      method: 'api-signature',
    });
  });
});

describe('verifyWebhook() in unverified mode and with nothing configured', () => {
  it('accepts an unsigned request only when allowUnverified is set', () => {
    expect(verifyWebhook(settings({ allowUnverified: true }), {}, body, NOW_MS)).toEqual({
      ok: true,
      method: 'unverified',
    });
    expect(verifyWebhook(settings({ allowUnverified: false }), {}, body, NOW_MS).ok).toBe(false);
  });

  it('refuses everything with a reason when no verification is configured', () => {
    const reason = rejectionReason(verifyWebhook(settings(), {}, body, NOW_MS));
    expect(reason).toBe('no webhook verification is configured on this server');
  });

  it('refuses a signed request when no secret is configured, naming WEBHOOK_SECRET', () => {
    expect(rejectionReason(verifyWebhook(settings(), sessionSigned(SESSION_SECRET), body, NOW_MS))).toMatch(
      /WEBHOOK_SECRET is not configured/,
    );
  });

  it('still prefers a real verification over "unverified" when one succeeds', () => {
    const s = settings({ sessionSecrets: [SESSION_SECRET], allowUnverified: true });
    expect(verifyWebhook(s, sessionSigned(SESSION_SECRET), body, NOW_MS)).toEqual({
      ok: true,
      method: 'session-signature',
    });
  });
});

describe('verifyWebhook() failure reasons never reveal a secret', () => {
  const s = settings({
    sessionSecrets: [SESSION_SECRET],
    apiSecrets: [API_SECRET],
    tokens: [TOKEN],
    tokenHeader: 'X-Webhook-Secret',
  });
  const ts = Math.floor(NOW_S);
  const failures: [string, Headers, Buffer][] = [
    ['wrong session signature', sessionSigned('wrong'), body],
    ['tampered session body', sessionSigned(SESSION_SECRET), tampered],
    ['malformed signature', { 'x-bithuman-signature': 'md5=abc' }, body],
    ['stale API timestamp', apiSigned(API_SECRET, ts - 1000), apiBody],
    ['wrong API secret', apiSigned('whsec_x', ts), apiBody],
    ['wrong token', { 'x-webhook-secret': 'guess' }, body],
    ['nothing sent', {}, body],
  ];

  it.each(failures)('for a %s', (_name, headers, payload) => {
    const reason = rejectionReason(verifyWebhook(s, headers, payload, NOW_MS));
    expect(reason.length).toBeGreaterThan(0);
    for (const secret of [SESSION_SECRET, API_SECRET, TOKEN, hmac(SESSION_SECRET, payload)]) {
      expect(reason).not.toContain(secret);
    }
  });
});

describe('safeEqual()', () => {
  it('is true for equal strings', () => {
    expect(safeEqual('abc123', 'abc123')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
  });

  it('is false for strings of the same length that differ', () => {
    expect(safeEqual('abc123', 'abc124')).toBe(false);
  });

  it('is false (and does not throw) for strings of different length', () => {
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('abcd', '')).toBe(false);
  });

  it('compares multi-byte characters by their bytes', () => {
    expect(safeEqual('é', 'é')).toBe(true);
    expect(safeEqual('é', 'e')).toBe(false);
  });
});
