import type { AlertView } from './alerts';
import type { Permission } from './auth';
import type { MetricsTick } from './metrics';

/**
 * Socket.IO event names and payloads, shared by the realtime hub and the dashboard.
 * Every broadcast carries `seq`, the id of the webhook event that caused it: a client keeps the
 * highest seq it has seen and, after a reconnect that could not be recovered, asks for what
 * happened since.
 */

export interface SessionSummary {
  id: string;
  agentId: string | null;
  roomName: string | null;
  participantCount: number;
  /** idle: open but quiet for SESSION_IDLE_MINUTES; ended: session_end or SESSION_CLOSE_MINUTES of quiet */
  status: 'active' | 'idle' | 'ended';
  startedAt: string;
  lastActivityAt: string;
  endedAt: string | null;
  messageCount: number;
  userMessageCount: number;
  avatarMessageCount: number;
  seq: number;
  /** handed over to a human (ISO time), or null */
  escalatedAt: string | null;
  escalatedBy: string | null;
}

export interface TranscriptMessage {
  id: number;
  sessionId: string;
  role: 'user' | 'assistant';
  text: string;
  sentAt: string;
  /** -1 (negative) to 1 (positive); null for messages stored before sentiment was scored */
  sentiment: number | null;
  seq: number;
}

export interface AgentSummary {
  id: string;
  status: string;
  lastError: string | null;
  lastEventAt: string;
  seq: number;
}

/** One line of the live event feed. */
export interface FeedItem {
  seq: number;
  type: string;
  source: string;
  agentId: string | null;
  sessionId: string | null;
  summary: string;
  eventAt: string;
  receivedAt: string;
  status: string;
}

export interface OverviewCounters {
  activeSessions: number;
  messagesLast5Min: number;
  agents: number;
  eventsLastHour: number;
  failedEvents: number;
  /** open alerts nobody has acknowledged yet */
  unacknowledgedAlerts: number;
  openAlerts: number;
}

export interface OverviewSnapshot {
  counters: OverviewCounters;
  sessions: SessionSummary[];
  feed: FeedItem[];
  agents: AgentSummary[];
  seq: number;
}

export interface SessionSnapshot {
  session: SessionSummary | null;
  messages: TranscriptMessage[];
  seq: number;
}

/** What a client missed since a cursor. */
export interface SyncResult {
  feed: FeedItem[];
  sessions: SessionSummary[];
  agents: AgentSummary[];
  messages: TranscriptMessage[];
  counters: OverviewCounters;
  seq: number;
}

export const ROOMS = {
  dashboard: 'dashboard',
  session: (id: string) => `session:${id}`,
  agent: (id: string) => `agent:${id}`,
} as const;

export type Ack<T> = (result: { ok: true; data: T } | { ok: false; error: string }) => void;

export interface ServerToClientEvents {
  'feed:new': (item: FeedItem) => void;
  'session:update': (session: SessionSummary) => void;
  'message:new': (message: TranscriptMessage) => void;
  'agent:update': (agent: AgentSummary) => void;
  'counters:update': (counters: OverviewCounters) => void;
  /** a new alert (or a recurrence) */
  'alert:new': (alert: AlertView) => void;
  /** an alert changed: occurrence, acknowledged, resolved, escalated, snoozed */
  'alert:update': (alert: AlertView) => void;
  /** every 10 s to the dashboard room: this and the previous minute's buckets (all agents) and capacity */
  'metrics:tick': (tick: MetricsTick) => void;
}

export interface ClientToServerEvents {
  'overview:subscribe': (ack: Ack<OverviewSnapshot>) => void;
  /** join the dashboard room (alerts, counters) without the overview's snapshot: every page does */
  'dashboard:subscribe': (ack: Ack<OverviewCounters>) => void;
  'session:subscribe': (sessionId: string, ack: Ack<SessionSnapshot>) => void;
  'session:unsubscribe': (sessionId: string) => void;
  'agent:subscribe': (agentId: string, ack: Ack<AgentSummary | null>) => void;
  'sync': (request: { since: number; sessionId?: string }, ack: Ack<SyncResult>) => void;
}

/**
 * Every event a client may send, with the permission it needs. The hub refuses any event not
 * listed here, so a handler added later cannot skip the check.
 */
export const CLIENT_EVENT_PERMISSIONS = {
  'overview:subscribe': 'view',
  'dashboard:subscribe': 'view',
  'session:subscribe': 'view',
  'session:unsubscribe': 'view',
  'agent:subscribe': 'view',
  sync: 'view',
} as const satisfies Record<keyof ClientToServerEvents, Permission>;
