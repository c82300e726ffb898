import type { NormalizedEvent } from '../../lib/events';
import type { Prisma, WebhookEvent } from '../db/generated/client.ts';
import type { Agent, Message, Session } from '../db/generated/client.ts';
import {
  agentStatusFor,
  applyChatMessage,
  applyRoomJoin,
  applySessionEnd,
  type SessionEventFacts,
  type SessionState,
} from './session-state';

/**
 * The handler registry: one function per event type, each idempotent (it runs inside the same
 * transaction that marks the event processed, and message rows are unique per event), each
 * returning what changed so the realtime hub can tell the dashboards.
 */

export type Tx = Prisma.TransactionClient;

export interface Effects {
  session?: Session;
  message?: Message;
  agent?: Agent;
}

export interface HandlerContext {
  tx: Tx;
  row: WebhookEvent;
  event: NormalizedEvent;
}

export type Handler = (ctx: HandlerContext) => Promise<Effects>;

function facts(ctx: HandlerContext): SessionEventFacts {
  return {
    eventId: ctx.row.id,
    sessionId: ctx.event.sessionId!,
    agentId: ctx.event.agentId,
    at: ctx.row.eventAt,
  };
}

/** Creates the agent row on first sight and moves its status when the event says something about it. */
async function touchAgent(ctx: HandlerContext): Promise<Agent | undefined> {
  const agentId = ctx.event.agentId;
  if (!agentId) return undefined;
  const status = agentStatusFor(ctx.event.type);
  const at = ctx.row.eventAt;
  const existing = await ctx.tx.agent.findUnique({ where: { id: agentId } });
  if (!existing) {
    return ctx.tx.agent.create({
      data: {
        id: agentId,
        status: status ?? 'unknown',
        lastError: ctx.event.type === 'agent.failed' ? errorText(ctx.event) : null,
        firstSeenAt: at,
        lastEventAt: at,
        lastEventId: ctx.row.id,
      },
    });
  }
  const newer = at.getTime() >= existing.lastEventAt.getTime();
  return ctx.tx.agent.update({
    where: { id: agentId },
    data: {
      firstSeenAt: at < existing.firstSeenAt ? at : existing.firstSeenAt,
      lastEventAt: newer ? at : existing.lastEventAt,
      lastEventId: ctx.row.id > existing.lastEventId ? ctx.row.id : existing.lastEventId,
      ...(newer && status ? { status } : {}),
      ...(newer && ctx.event.type === 'agent.failed' ? { lastError: errorText(ctx.event) } : {}),
      ...(newer && status === 'ready' ? { lastError: null } : {}),
    },
  });
}

function errorText(event: NormalizedEvent): string {
  const e = event.data.error;
  return typeof e === 'string' && e ? e : 'unknown error';
}

async function loadSession(tx: Tx, id: string): Promise<SessionState | null> {
  const row = await tx.session.findUnique({ where: { id } });
  return row ? { ...row, status: row.status === 'ended' ? 'ended' : 'active' } : null;
}

async function saveSession(tx: Tx, next: SessionState): Promise<Session> {
  const { id, ...fields } = next;
  return tx.session.upsert({ where: { id }, create: next, update: fields });
}

const roomJoin: Handler = async (ctx) => {
  const agent = await touchAgent(ctx);
  const d = ctx.event.data;
  const next = applyRoomJoin(await loadSession(ctx.tx, ctx.event.sessionId!), {
    ...facts(ctx),
    roomName: typeof d.room_name === 'string' ? d.room_name : undefined,
    participantCount: typeof d.participant_count === 'number' ? d.participant_count : undefined,
  });
  return { agent, session: await saveSession(ctx.tx, next) };
};

const chatPush: Handler = async (ctx) => {
  const agent = await touchAgent(ctx);
  const role = ctx.event.data.role === 'user' ? 'user' : 'assistant';
  const current = await loadSession(ctx.tx, ctx.event.sessionId!);
  // The session must exist before its message (foreign key): a message may arrive first.
  const existingMessage = await ctx.tx.message.findUnique({ where: { eventId: ctx.row.id } });
  if (existingMessage) return { agent, message: existingMessage };
  const next = applyChatMessage(current, { ...facts(ctx), role });
  const session = await saveSession(ctx.tx, next);
  const message = await ctx.tx.message.create({
    data: {
      sessionId: session.id,
      eventId: ctx.row.id,
      role,
      text: String(ctx.event.data.message ?? ''),
      sentAt: ctx.row.eventAt,
    },
  });
  return { agent, session, message };
};

const sessionEnd: Handler = async (ctx) => {
  const agent = await touchAgent(ctx);
  const next = applySessionEnd(await loadSession(ctx.tx, ctx.event.sessionId!), facts(ctx));
  return { agent, session: await saveSession(ctx.tx, next) };
};

/** Account events (agent.*, video.*) move the agent's status. */
const agentEvent: Handler = async (ctx) => ({ agent: await touchAgent(ctx) });

/** test, ping and unknown types: stored and shown in the feed, nothing else to do. */
const shownOnly: Handler = async () => ({});

export const handlers: Record<string, Handler> = {
  'room.join': roomJoin,
  'chat.push': chatPush,
  'session.end': sessionEnd,
  'agent.ready': agentEvent,
  'agent.failed': agentEvent,
  test: shownOnly,
  ping: shownOnly,
};

export function handlerFor(type: string): Handler {
  if (handlers[type]) return handlers[type];
  if (type.startsWith('agent.') || type.startsWith('video.')) return agentEvent;
  return shownOnly;
}
