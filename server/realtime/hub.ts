import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { AlertView } from '../../lib/alerts';
import type { MetricsTick } from '../../lib/metrics';
import { can } from '../../lib/auth';
import {
  CLIENT_EVENT_PERMISSIONS,
  ROOMS,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionSummary,
} from '../../lib/realtime';
import { validateSession, type SignedIn } from '../auth/sessions';
import type { Database } from '../db/client';
import type { EventRow } from '../db/queries/processingBatch';
import { getChangesSince } from '../db/queries/getChangesSince';
import { getCounters } from '../db/queries/getCounters';
import { getOverviewSnapshot } from '../db/queries/getOverviewSnapshot';
import { getSessionSnapshot } from '../db/queries/getSessionSnapshot';
import { toAgentSummary, toFeedItem, toSessionSummary, toTranscriptMessage } from '../db/queries/mappers';
import { sessionToken } from '../http/gate';
import { isSameOrigin } from '../http/origin';
import type { Logger } from '../logger';
import { socketClients } from '../metrics';
import type { Effects } from '../processing/processor';

/**
 * The realtime hub: Socket.IO on the same HTTP server. Rooms: `dashboard` (summaries of
 * everything), `session:<id>` (full transcript), `agent:<id>`. Deltas are small (one message,
 * one session row); counters are recomputed and pushed at most once per COUNTERS_INTERVAL_MS.
 */

interface SocketData {
  signedIn: SignedIn;
}
export type PulseServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PulseSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const authRoom = (sessionId: string) => `auth:${sessionId}`;
/** setTimeout's limit: sessions longer than ~24 days are re-checked at that point instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const COUNTERS_INTERVAL_MS = 1000;
const sessionId = z.string().min(1).max(200);
const syncRequest = z.object({ since: z.number().int().nonnegative(), sessionId: sessionId.optional() });

export interface HubOptions {
  db: Database;
  logger: Logger;
  /** origins besides this host's own that may open a socket (ALLOWED_ORIGINS, PUBLIC_URL) */
  allowedOrigins: string[];
}

export class RealtimeHub {
  readonly io: PulseServer;
  private countersTimer: NodeJS.Timeout | null = null;
  private metricsTimer: NodeJS.Timeout | null = null;

  constructor(httpServer: HttpServer, private readonly opts: HubOptions) {
    this.io = new Server(httpServer, {
      serveClient: false,
      // Recovered connections run the middleware again: a revoked session must not come back.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
      // No CORS headers at all: other origins get nothing, and a browser page on another origin
      // cannot open a WebSocket with our cookie (cross-site WebSocket hijacking) past allowRequest.
      allowRequest: (req, callback) => callback(null, isSameOrigin(req, { allowedOrigins: opts.allowedOrigins })),
    });
    // Authenticated once, here, from the same session cookie as the pages; handlers trust socket.data.
    this.io.use((socket, next) => {
      validateSession(opts.db, sessionToken(socket.request)).then(
        (signedIn) => {
          if (!signedIn) return next(new Error('unauthenticated'));
          socket.data.signedIn = signedIn;
          next();
        },
        () => next(new Error('session check failed')),
      );
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Closes every socket opened under these sign-in sessions (sign-out, disabled user, new password). */
  disconnectSessions(sessionIds: string[]): void {
    for (const id of sessionIds) this.io.in(authRoom(id)).disconnectSockets(true);
  }

  private onConnection(socket: PulseSocket): void {
    socketClients.inc();
    const { signedIn } = socket.data;
    void socket.join(authRoom(signedIn.sessionId));
    // The socket lives no longer than its sign-in session.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, signedIn.expiresAt.getTime() - Date.now()));
    expiry.unref();
    socket.on('disconnect', () => {
      clearTimeout(expiry);
      socketClients.dec();
    });
    // Every incoming event must be listed with a permission the user's role has.
    socket.use((packet, next) => {
      const [event] = packet;
      const permission = CLIENT_EVENT_PERMISSIONS[event as keyof typeof CLIENT_EVENT_PERMISSIONS];
      const refusal = !permission ? `unknown event ${String(event)}` : !can(signedIn.user.role, permission) ? 'forbidden' : null;
      if (!refusal) return next();
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: refusal });
    });
    const { db } = this.opts;

    socket.on('overview:subscribe', (ack) =>
      this.answer(ack, async () => {
        await socket.join(ROOMS.dashboard);
        return getOverviewSnapshot(db);
      }),
    );
    socket.on('dashboard:subscribe', (ack) =>
      this.answer(ack, async () => {
        await socket.join(ROOMS.dashboard);
        return getCounters(db.prisma);
      }),
    );
    socket.on('session:subscribe', (id, ack) =>
      this.answer(ack, async () => {
        const sid = sessionId.parse(id);
        await socket.join(ROOMS.session(sid));
        return getSessionSnapshot(db, sid);
      }),
    );
    socket.on('session:unsubscribe', (id) => {
      const parsed = sessionId.safeParse(id);
      if (parsed.success) void socket.leave(ROOMS.session(parsed.data));
    });
    socket.on('agent:subscribe', (id, ack) =>
      this.answer(ack, async () => {
        const aid = sessionId.parse(id);
        await socket.join(ROOMS.agent(aid));
        const agent = await db.prisma.agent.findUnique({ where: { id: aid } });
        return agent ? toAgentSummary(agent) : null;
      }),
    );
    socket.on('sync', (request, ack) =>
      this.answer(ack, async () => {
        const { since, sessionId: sid } = syncRequest.parse(request);
        return getChangesSince(db, since, sid);
      }),
    );
  }

  private answer<T>(ack: Ack<T>, work: () => Promise<T>): void {
    if (typeof ack !== 'function') return; // a client that asks without an ack gets nothing
    work().then(
      (data) => ack({ ok: true, data }),
      (err: unknown) => {
        const message = err instanceof z.ZodError ? `invalid request: ${err.issues[0]?.message}` : 'request failed';
        if (!(err instanceof z.ZodError)) this.opts.logger.error({ err: (err as Error).message }, 'socket request failed');
        ack({ ok: false, error: message });
      },
    );
  }

  /** Tell the dashboards what one processed (or failed) event changed. */
  publish(row: EventRow, effects: Effects): void {
    const io = this.io;
    io.to(ROOMS.dashboard).emit('feed:new', toFeedItem(row));
    if (effects.session) {
      const summary = toSessionSummary(effects.session);
      io.to([ROOMS.dashboard, ROOMS.session(summary.id)]).emit('session:update', summary);
    }
    if (effects.message) {
      const message = toTranscriptMessage(effects.message);
      io.to(ROOMS.session(message.sessionId)).emit('message:new', message);
    }
    if (effects.agent) {
      const agent = toAgentSummary(effects.agent);
      io.to([ROOMS.dashboard, ROOMS.agent(agent.id)]).emit('agent:update', agent);
    }
    this.scheduleCounters();
  }

  /** A session changed outside processing (an operator handed it over). */
  publishSession(summary: SessionSummary): void {
    this.io.to([ROOMS.dashboard, ROOMS.session(summary.id)]).emit('session:update', summary);
  }

  /** An alert opened or changed: every dashboard, and the transcript it belongs to. */
  publishAlert(alert: AlertView, opened: boolean): void {
    const rooms = [ROOMS.dashboard, ...(alert.sessionId ? [ROOMS.session(alert.sessionId)] : [])];
    this.io.to(rooms).emit(opened ? 'alert:new' : 'alert:update', alert);
    this.scheduleCounters();
  }

  private scheduleCounters(): void {
    if (this.countersTimer) return;
    this.countersTimer = setTimeout(() => {
      this.countersTimer = null;
      getCounters(this.opts.db.prisma)
        .then((counters) => this.io.to(ROOMS.dashboard).emit('counters:update', counters))
        .catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'counters refresh failed'));
    }, COUNTERS_INTERVAL_MS);
    this.countersTimer.unref();
  }

  /**
   * Chart and capacity aggregates, pushed whole at a bounded rate (every `everyMs`) to this node's
   * dashboards, and only while one is watching; each node serves its own sockets.
   */
  startMetricsTicks(load: () => Promise<MetricsTick>, everyMs = 10_000): void {
    this.metricsTimer = setInterval(() => {
      if (!this.io.sockets.adapter.rooms.get(ROOMS.dashboard)?.size) return;
      load()
        .then((tick) => this.io.local.to(ROOMS.dashboard).emit('metrics:tick', tick))
        .catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'metrics tick failed'));
    }, everyMs);
    this.metricsTimer.unref();
  }

  async close(): Promise<void> {
    if (this.countersTimer) clearTimeout(this.countersTimer);
    if (this.metricsTimer) clearInterval(this.metricsTimer);
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
