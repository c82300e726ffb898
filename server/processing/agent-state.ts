import { agentStatusFor } from './session-state';

/** How an agent row changes with each event that names it. Pure, like session-state. */

export interface AgentState {
  id: string;
  status: string;
  lastError: string | null;
  /** event time of the newest event that carried a status */
  statusAt: Date | null;
  firstSeenAt: Date;
  lastEventAt: Date;
  lastEventId: bigint;
}

export interface AgentEventFacts {
  eventId: bigint;
  agentId: string;
  type: string;
  at: Date;
  /** the error an agent.failed event carries */
  error?: string;
}

export function applyAgentEvent(current: AgentState | null, e: AgentEventFacts): AgentState {
  const status = agentStatusFor(e.type);
  const failed = status === 'failed';
  if (!current)
    return {
      id: e.agentId,
      status: status ?? 'unknown',
      lastError: failed ? (e.error ?? 'unknown error') : null,
      statusAt: status ? e.at : null,
      firstSeenAt: e.at,
      lastEventAt: e.at,
      lastEventId: e.eventId,
    };
  const seen = {
    ...current,
    firstSeenAt: e.at < current.firstSeenAt ? e.at : current.firstSeenAt,
    lastEventAt: e.at > current.lastEventAt ? e.at : current.lastEventAt,
    lastEventId: e.eventId > current.lastEventId ? e.eventId : current.lastEventId,
  };
  // The newest event that carries a status decides it, whenever it arrives; events without a
  // status (session.end, unknown types) only widen the window.
  const decides = status !== null && (current.statusAt === null || e.at.getTime() >= current.statusAt.getTime());
  if (!decides) return seen;
  return {
    ...seen,
    status,
    statusAt: e.at,
    lastError: failed ? (e.error ?? 'unknown error') : status === 'ready' ? null : current.lastError,
  };
}
