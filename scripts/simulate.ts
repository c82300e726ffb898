/**
 * Avatar Pulse traffic simulator: plays several concurrent bitHuman avatar sessions against a
 * running server (room.join, alternating user/avatar chat.push turns, session_end), correctly
 * signed, with occasional API events. `npm run simulate -- --help` for the options.
 *
 * The pure parts (conversation planning, payloads, signing, options) live in scripts/simulator/;
 * this file holds the clock, the network and the console.
 */
import { readFileSync } from 'node:fs';
import { conversationStream, type Conversation } from './simulator/conversation';
import { apiEvent, chatPushEvent, roomJoinEvent, sessionEndEvent, type SessionEvent } from './simulator/events';
import {
  HELP,
  NO_AUTH_MESSAGE,
  UsageError,
  parseOptions,
  resolveAuth,
  type SimOptions,
} from './simulator/options';
import { deriveRng, uniform } from './simulator/random';
import { apiEventHeaders, sessionAuthHeaders, type SessionAuth } from './simulator/signing';

const REQUEST_TIMEOUT_MS = 10_000; // bitHuman's own limit
const MAX_ERROR_BODY = 500;
const USER_AGENT = 'avatar-pulse-simulator/0.1';

type StopReason = 'duration' | 'count' | 'signal' | 'unreachable' | 'rejected';

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function readSecretFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function errorCause(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

class Simulator {
  private stopping = false;
  private stopReason: StopReason | null = null;
  private readonly abort = new AbortController();
  private reserved = 0;
  private consecutiveFailures = 0;
  private unreachableWarned = 0;
  private openSessions = 0;
  private readonly startedAt = Date.now();
  readonly stats = {
    sent: 0,
    ok: 0,
    failed: 0,
    unreachable: 0,
    sessionsStarted: 0,
    sessionsFinished: 0,
    sessionsClosedEarly: 0,
    byType: {} as Record<string, number>,
    byMood: { calm: 0, frustrated: 0, repeater: 0 } as Record<string, number>,
  };

  constructor(
    private readonly opts: SimOptions,
    private readonly auth: SessionAuth,
    private readonly apiSecret: string | null,
  ) {}

  private log(line: string): void {
    if (!this.opts.quiet) console.log(`${clock()} ${line}`);
  }

  private totals(): string {
    const s = this.stats;
    return `sent ${s.sent}, ok ${s.ok}, failed ${s.failed}`;
  }

  stop(reason: StopReason): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stopReason = reason;
    this.abort.abort();
    if (reason === 'signal' || reason === 'duration' || reason === 'count') {
      this.log(
        `stopping (${reason})${this.openSessions > 0 ? `: closing ${this.openSessions} open session(s) with session_end` : ''}`,
      );
    }
  }

  /** Waits `sec` simulated seconds (divided by --speed); returns early when stopping. */
  private sleep(sec: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, (sec * 1000) / this.opts.speed);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Takes one event from the --count budget; false (and stop) once it is spent. */
  private reserve(): boolean {
    if (this.stopping) return false;
    if (this.opts.count !== null && this.reserved >= this.opts.count) {
      this.stop('count');
      return false;
    }
    this.reserved++;
    return true;
  }

  /** Whether closing session_end events are worth sending (the server has accepted something). */
  private canClose(): boolean {
    return this.stats.ok > 0 && this.stopReason !== 'unreachable' && this.stopReason !== 'rejected';
  }

  private async post(bytes: Buffer, headers: Record<string, string>, type: string, label: string): Promise<boolean> {
    const s = this.stats;
    s.sent++;
    s.byType[type] = (s.byType[type] ?? 0) + 1;
    try {
      const res = await fetch(this.opts.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, ...headers },
        body: new Uint8Array(bytes),
        redirect: 'manual', // only ever the given URL
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (res.status === 200) {
        await res.body?.cancel().catch(() => undefined);
        s.ok++;
        this.consecutiveFailures = 0;
        return true;
      }
      const text = (await res.text().catch(() => '')).trim().slice(0, MAX_ERROR_BODY);
      s.failed++;
      this.consecutiveFailures++;
      console.error(`${clock()} ! HTTP ${res.status} for ${label}: ${text || '(empty body)'}`);
      this.giveUpIfHopeless('rejected');
      return false;
    } catch (err) {
      s.failed++;
      s.unreachable++;
      this.consecutiveFailures++;
      // say it once, then only now and then, so a dead server does not flood the terminal
      if (this.unreachableWarned === 0 || s.unreachable % 20 === 0) {
        console.error(
          `${clock()} ! could not reach ${this.opts.endpoint}: is \`npm run dev\` running? (${errorCause(err)}; ${s.unreachable} so far)`,
        );
      }
      this.unreachableWarned++;
      this.giveUpIfHopeless('unreachable');
      return false;
    }
  }

  /** Nothing has ever succeeded and the last several requests failed: stop instead of hammering. */
  private giveUpIfHopeless(reason: StopReason): void {
    if (this.stats.ok === 0 && this.consecutiveFailures >= Math.max(6, this.opts.sessions)) {
      console.error(`${clock()} ! the first ${this.consecutiveFailures} requests all failed; giving up`);
      this.stop(reason);
    }
  }

  private sendSession(event: SessionEvent, label: string): Promise<boolean> {
    const bytes = Buffer.from(JSON.stringify(event), 'utf8');
    return this.post(bytes, sessionAuthHeaders(this.auth, bytes), event.event_type, label);
  }

  private async playSession(conv: Conversation): Promise<void> {
    const s = this.stats;
    const short = conv.sessionId;
    s.sessionsStarted++;
    s.byMood[conv.mood] = (s.byMood[conv.mood] ?? 0) + 1;
    this.openSessions++;
    this.log(
      `+ start ${short} ${conv.agentId.padEnd(22)} ${`${conv.theme}/${conv.mood}`.padEnd(21)} ${String(conv.turns.length).padStart(2)} msgs  room=${conv.roomName} participants=${conv.participantCount}`,
    );
    await this.sendSession(roomJoinEvent(conv, Date.now()), `room.join ${short}`);

    let sentTurns = 0;
    for (const turn of conv.turns) {
      await this.sleep(turn.delaySec);
      if (!this.reserve()) break;
      await this.sendSession(chatPushEvent(conv, turn, Date.now()), `chat.push(${turn.role}) ${short}`);
      sentTurns++;
    }
    await this.sleep(conv.endDelaySec);
    const closing = this.stopping || !this.reserve();
    if (!closing || this.canClose()) {
      await this.sendSession(sessionEndEvent(conv, Date.now()), `session_end ${short}`);
    }
    this.openSessions--;
    if (closing) s.sessionsClosedEarly++;
    else s.sessionsFinished++;
    this.log(
      `- end   ${short} ${conv.agentId.padEnd(22)} ${closing ? 'closed at stop' : 'finished      '} ${sentTurns}/${conv.turns.length} msgs | ${this.totals()}`,
    );
  }

  private async runSlot(slot: number): Promise<void> {
    const next = conversationStream(this.opts.seed, slot, {
      frustrated: this.opts.frustrated,
      repeaters: this.opts.repeaters,
    });
    const pauses = deriveRng(this.opts.seed, `pauses-${slot}`);
    await this.sleep(uniform(pauses, 0, 3)); // stagger the first sessions
    while (!this.stopping) {
      const conv = next();
      if (!this.reserve()) break; // the room.join
      await this.playSession(conv);
      await this.sleep(uniform(pauses, 0.5, 3)); // the next visitor arrives
    }
  }

  private async runApiEvents(): Promise<void> {
    if (!this.apiSecret || this.opts.apiEventsPerMin <= 0) return;
    const rng = deriveRng(this.opts.seed, 'api');
    const meanSec = 60 / this.opts.apiEventsPerMin;
    while (!this.stopping) {
      await this.sleep(-Math.log(1 - rng()) * meanSec); // Poisson arrivals
      if (!this.reserve()) break;
      const now = Date.now();
      const event = apiEvent(rng, now);
      const bytes = Buffer.from(JSON.stringify(event), 'utf8');
      const headers = apiEventHeaders(this.apiSecret, event.event, event.id, event.created, bytes);
      this.log(`* api   ${event.event} ${event.data.agent_id}${event.data.error ? ` (${event.data.error})` : ''} ${event.id}`);
      await this.post(bytes, headers, event.event, `${event.event} ${event.id}`);
    }
  }

  async run(): Promise<void> {
    const timer =
      this.opts.durationSec !== null ? setTimeout(() => this.stop('duration'), this.opts.durationSec * 1000) : null;
    const slots = Array.from({ length: this.opts.sessions }, (_, i) => this.runSlot(i));
    await Promise.all([...slots, this.runApiEvents()]);
    if (timer) clearTimeout(timer);
  }

  summary(): string {
    const s = this.stats;
    const secs = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const types = Object.entries(s.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const moods = Object.entries(s.byMood)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return [
      `Done (${this.stopReason ?? 'finished'}) after ${secs} s: ${s.sent} events sent, ${s.ok} ok, ${s.failed} failed` +
        (s.unreachable ? ` (${s.unreachable} unreachable)` : ''),
      `  sessions: ${s.sessionsStarted} started, ${s.sessionsFinished} finished, ${s.sessionsClosedEarly} closed at stop (${moods})`,
      `  events:   ${types || 'none'}`,
    ].join('\n');
  }
}

async function main(): Promise<number> {
  let opts: SimOptions;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`simulate: ${err.message}\nRun \`npm run simulate -- --help\` for the options.`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const resolved = resolveAuth(opts, process.env, readSecretFile);
  if (!resolved) {
    console.error(NO_AUTH_MESSAGE(opts.secretFile));
    return 1;
  }

  const sim = new Simulator(opts, resolved.auth, opts.apiSecret);
  const authText =
    resolved.auth.kind === 'signature'
      ? `signed with the secret from ${resolved.from}`
      : `token in ${resolved.auth.header} (from ${resolved.from})`;
  const apiText = !opts.apiSecret
    ? 'off (no --api-secret / WEBHOOK_API_SECRET)'
    : opts.apiEventsPerMin > 0
      ? `${opts.apiEventsPerMin}/min`
      : 'off (--api-events 0)';
  if (!opts.quiet) {
    console.log(
      `Simulating ${opts.sessions} concurrent sessions -> ${opts.endpoint}\n` +
        `  speed ${opts.speed}x, seed ${opts.seed}, frustrated ${Math.round(opts.frustrated * 100)}%, ` +
        `repeaters ${Math.round(opts.repeaters * 100)}%, API events ${apiText}\n` +
        `  ${authText}; ` +
        `${opts.durationSec !== null ? `duration ${opts.durationSec} s` : opts.count !== null ? `stop after ${opts.count} events` : 'Ctrl-C to stop'}`,
    );
  }

  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (signals > 1) {
      console.error('\nforced exit');
      console.error(sim.summary());
      process.exit(130);
    }
    sim.stop('signal');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await sim.run();
  console.log(sim.summary());

  const s = sim.stats;
  if (s.sent > 0 && s.ok === 0) {
    if (s.unreachable === s.failed) {
      console.error(`Every request failed: could not reach ${opts.endpoint}: is \`npm run dev\` running?`);
    } else {
      console.error(
        'Every request failed: check that the secret/token matches the server (see the errors above).',
      );
    }
    return 1;
  }
  return 0;
}

// `npm run simulate | head` closes stdout early: end quietly rather than crash on EPIPE
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
