import { agentStatusFor } from './session-state';

/** How an agent row changes with each event that names it. Pure, like session-state. */

export interface AgentState {
  id: string;
  status: string;
  lastError: string | null;
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
      firstSeenAt: e.at,
      lastEventAt: e.at,
      lastEventId: e.eventId,
    };
  // Only the newest event decides the status; an older one arriving late just widens the window.
  const newer = e.at.getTime() >= current.lastEventAt.getTime();
  return {
    ...current,
    firstSeenAt: e.at < current.firstSeenAt ? e.at : current.firstSeenAt,
    lastEventAt: newer ? e.at : current.lastEventAt,
    lastEventId: e.eventId > current.lastEventId ? e.eventId : current.lastEventId,
    status: newer && status ? status : current.status,
    lastError: newer && failed ? (e.error ?? 'unknown error') : newer && status === 'ready' ? null : current.lastError,
  };
}
