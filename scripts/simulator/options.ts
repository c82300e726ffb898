/**
 * Command-line options of `npm run simulate`. Pure: argv and env are passed in; reading the dev
 * secret file is left to the caller (see resolveAuth's `readSecretFile`).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SessionAuth } from './signing';

export const HELP = `Avatar Pulse traffic simulator: sends signed bitHuman session webhooks to a running server.

Usage: npm run simulate -- [options]

  --url <url>            server base URL (default http://127.0.0.1:$PORT, PORT default 3000);
                         events are POSTed to <url>/api/webhooks
  --secret <s>           session signing secret (else env WEBHOOK_SECRET, first of a comma list,
                         else the file <DATA_DIR or ./data>/webhook-secret written by \`npm run dev\`)
  --token <t>            send a shared token instead of a signature (else env WEBHOOK_TOKEN)
  --token-header <h>     header for the token (default Authorization, as "Bearer <t>"; any other
                         header carries the bare token, e.g. X-API-Key)
  --api-secret <s>       whsec_… secret for API events agent.ready / agent.failed
                         (else env WEBHOOK_API_SECRET, first of a comma list); none: no API events
  --api-events <n>       API events per minute (default 1, 0 = none), scaled by --speed
  --sessions <n>         concurrent sessions (default 6)
  --speed <x>            time factor (default 1; 10 = ten times faster)
  --duration <s>         stop after this many seconds (default: run until Ctrl-C)
  --count <n>            stop after n events (open sessions are then closed with session_end)
  --frustrated <share>   share of sessions with a frustrated user, 0-1 (default 0.15)
  --repeaters <share>    share of sessions with a user repeating a question, 0-1 (default 0.15)
  --seed <s>             seed for reproducible conversations (default: random, printed at start)
  --quiet                print only errors and the final totals
  --help                 show this help
`;

export interface SimOptions {
  endpoint: string;
  sessions: number;
  speed: number;
  durationSec: number | null;
  count: number | null;
  frustrated: number;
  repeaters: number;
  apiEventsPerMin: number;
  seed: string;
  quiet: boolean;
  help: boolean;
  secret: string | null;
  /** where `secret` came from, for the start-up line */
  secretSource: string;
  apiSecret: string | null;
  token: string | null;
  tokenHeader: string;
  /** where the dev server keeps its generated secret */
  secretFile: string;
}

export class UsageError extends Error {}

function firstOfList(value: string | undefined): string | null {
  const first = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .find((s) => s.length > 0);
  return first ?? null;
}

function num(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

function int(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  const n = num(name, raw, def, min, max);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number (got "${raw}")`);
  return n;
}

/** <url>/api/webhooks, unless the URL already names the webhook path. */
export function webhookEndpoint(base: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--url is not a valid URL: "${base}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be http:// or https:// (got "${base}")`);
  }
  const p = url.pathname.replace(/\/+$/, '');
  if (p.endsWith('/api/webhooks') || p.endsWith('/webhook')) return `${url.origin}${p}${url.search}`;
  return `${url.origin}${p}/api/webhooks`;
}

export function parseOptions(
  argv: string[],
  env: Record<string, string | undefined>,
  makeSeed: () => string = () => Math.floor(Math.random() * 2 ** 31).toString(36),
): SimOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        secret: { type: 'string' },
        'api-secret': { type: 'string' },
        'api-events': { type: 'string' },
        token: { type: 'string' },
        'token-header': { type: 'string' },
        sessions: { type: 'string' },
        speed: { type: 'string' },
        duration: { type: 'string' },
        count: { type: 'string' },
        frustrated: { type: 'string' },
        repeaters: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const frustrated = num('frustrated', values.frustrated, 0.15, 0, 1);
  const repeaters = num('repeaters', values.repeaters, 0.15, 0, 1);
  if (frustrated + repeaters > 1) throw new UsageError('--frustrated plus --repeaters must not exceed 1');

  const tokenHeader = values['token-header'] ?? env.WEBHOOK_TOKEN_HEADER ?? 'Authorization';
  if (!/^[A-Za-z0-9-]+$/.test(tokenHeader)) {
    throw new UsageError(`--token-header must be an HTTP header name (got "${tokenHeader}")`);
  }
  const port = env.PORT && /^\d+$/.test(env.PORT) ? env.PORT : '3000';

  return {
    endpoint: webhookEndpoint(values.url ?? `http://127.0.0.1:${port}`),
    sessions: int('sessions', values.sessions, 6, 1, 500),
    speed: num('speed', values.speed, 1, 0.01, 1000),
    durationSec: values.duration === undefined ? null : num('duration', values.duration, 0, 0.1, 7 * 86400),
    count: values.count === undefined ? null : int('count', values.count, 0, 1, 1e9),
    frustrated,
    repeaters,
    apiEventsPerMin: num('api-events', values['api-events'], 1, 0, 600),
    seed: values.seed ?? makeSeed(),
    quiet: values.quiet === true,
    help: values.help === true,
    secret: values.secret ?? firstOfList(env.WEBHOOK_SECRET),
    secretSource: values.secret ? '--secret' : 'WEBHOOK_SECRET',
    apiSecret: values['api-secret'] ?? firstOfList(env.WEBHOOK_API_SECRET),
    token: values.token ?? null,
    tokenHeader,
    secretFile: path.join(env.DATA_DIR || './data', 'webhook-secret'),
  };
}

/**
 * How session events are authenticated, in order: --token, --secret, WEBHOOK_SECRET,
 * WEBHOOK_TOKEN, the dev server's secret file. null when nothing is available.
 */
export function resolveAuth(
  opts: SimOptions,
  env: Record<string, string | undefined>,
  readSecretFile: (file: string) => string | null,
): { auth: SessionAuth; from: string } | null {
  if (opts.token) return { auth: { kind: 'token', token: opts.token, header: opts.tokenHeader }, from: '--token' };
  if (opts.secret) return { auth: { kind: 'signature', secret: opts.secret }, from: opts.secretSource };
  const envToken = firstOfList(env.WEBHOOK_TOKEN);
  if (envToken) {
    return { auth: { kind: 'token', token: envToken, header: opts.tokenHeader }, from: 'WEBHOOK_TOKEN' };
  }
  const fileSecret = readSecretFile(opts.secretFile)?.trim();
  if (fileSecret) return { auth: { kind: 'signature', secret: fileSecret }, from: opts.secretFile };
  return null;
}

export const NO_AUTH_MESSAGE = (secretFile: string): string =>
  `No webhook secret or token found.
Do one of:
  - start the dev server first (\`npm run dev\`): it generates a secret and writes it to ${secretFile}
  - pass the server's secret: npm run simulate -- --secret <secret>   (or set WEBHOOK_SECRET)
  - or a shared token:        npm run simulate -- --token <token> [--token-header X-API-Key]`;
