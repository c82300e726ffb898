import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
  ROOMS,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../lib/realtime';
import type { Database } from '../db/client';
import type { EventRow } from '../db/queries/processingBatch';
import { getChangesSince } from '../db/queries/getChangesSince';
import { getCounters } from '../db/queries/getCounters';
import { getOverviewSnapshot } from '../db/queries/getOverviewSnapshot';
import { getSessionSnapshot } from '../db/queries/getSessionSnapshot';
import { toAgentSummary, toFeedItem, toSessionSummary, toTranscriptMessage } from '../db/queries/mappers';
import type { Logger } from '../logger';
import { socketClients } from '../metrics';
import type { Effects } from '../processing/processor';

/**
 * The realtime hub: Socket.IO on the same HTTP server. Rooms: `dashboard` (summaries of
 * everything), `session:<id>` (full transcript), `agent:<id>`. Deltas are small (one message,
 * one session row); counters are recomputed and pushed at most once per COUNTERS_INTERVAL_MS.
 */

export type PulseServer = Server<ClientToServerEvents, ServerToClientEvents>;
type PulseSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const COUNTERS_INTERVAL_MS = 1000;
const sessionId = z.string().min(1).max(200);
const syncRequest = z.object({ since: z.number().int().nonnegative(), sessionId: sessionId.optional() });

export interface HubOptions {
  db: Database;
  logger: Logger;
  /** origins allowed to open a socket from another origin; empty = same origin only */
  corsOrigins?: string[];
}

export class RealtimeHub {
  readonly io: PulseServer;
  private countersTimer: NodeJS.Timeout | null = null;

  constructor(httpServer: HttpServer, private readonly opts: HubOptions) {
    this.io = new Server(httpServer, {
      serveClient: false,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
      cors: opts.corsOrigins?.length ? { origin: opts.corsOrigins, credentials: true } : undefined,
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  private onConnection(socket: PulseSocket): void {
    socketClients.inc();
    socket.on('disconnect', () => socketClients.dec());
    const { db } = this.opts;

    socket.on('overview:subscribe', (ack) =>
      this.answer(ack, async () => {
        await socket.join(ROOMS.dashboard);
        return getOverviewSnapshot(db);
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

  async close(): Promise<void> {
    if (this.countersTimer) clearTimeout(this.countersTimer);
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
