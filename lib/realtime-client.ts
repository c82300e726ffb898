import type {
  AgentSummary,
  FeedItem,
  OverviewCounters,
  OverviewSnapshot,
  SessionSnapshot,
  SessionSummary,
  SyncResult,
  TranscriptMessage,
} from './realtime';

/**
 * Pure state for the dashboard's live views: snapshots from a subscribe ack, deltas from the
 * socket and backfills from `sync` all merge through the same functions, so an item that arrives
 * twice (delta + backfill) or late (out of order) lands once and in the right place.
 * Buffers are capped: an operator keeps this open all day.
 */

export const FEED_LIMIT = 100;
export const SESSION_LIMIT = 200;
export const AGENT_LIMIT = 200;

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'live' }
  | { status: 'reconnecting'; attempt: number }
  /** signed-out: the server refused the socket because the sign-in session ended (or the user signed out here) */
  | { status: 'offline'; reason: 'network' | 'server' | 'gave-up' | 'signed-out' };

export interface OverviewState {
  loaded: boolean;
  counters: OverviewCounters | null;
  sessions: SessionSummary[];
  feed: FeedItem[];
  agents: AgentSummary[];
  /** Highest seq seen: the cursor for `sync` after a reconnect that could not be recovered. */
  seq: number;
}

export const emptyOverview: OverviewState = {
  loaded: false,
  counters: null,
  sessions: [],
  feed: [],
  agents: [],
  seq: 0,
};

export type OverviewAction =
  | { type: 'snapshot'; snapshot: OverviewSnapshot }
  | { type: 'sync'; result: SyncResult }
  | { type: 'feed'; item: FeedItem }
  | { type: 'session'; session: SessionSummary }
  | { type: 'agent'; agent: AgentSummary }
  | { type: 'counters'; counters: OverviewCounters };

/** Active sessions first, then the most recent activity first. */
export function compareSessions(a: SessionSummary, b: SessionSummary): number {
  if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
  return Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || b.seq - a.seq;
}

/** Upsert by key; of two versions of one item the one with the higher seq wins. */
function upsertBySeq<T extends { seq: number }>(
  current: readonly T[],
  incoming: readonly T[],
  key: (item: T) => string | number,
): T[] {
  if (incoming.length === 0) return current as T[];
  const byKey = new Map<string | number, T>();
  for (const item of current) byKey.set(key(item), item);
  for (const item of incoming) {
    const existing = byKey.get(key(item));
    if (!existing || existing.seq <= item.seq) byKey.set(key(item), item);
  }
  return [...byKey.values()];
}

export function mergeSessions(
  current: readonly SessionSummary[],
  incoming: readonly SessionSummary[],
  limit = SESSION_LIMIT,
): SessionSummary[] {
  if (incoming.length === 0) return current as SessionSummary[];
  return upsertBySeq(current, incoming, (s) => s.id).sort(compareSessions).slice(0, limit);
}

/** Newest first; a feed item's seq is the id of the event it describes, so it is its key. */
export function mergeFeed(
  current: readonly FeedItem[],
  incoming: readonly FeedItem[],
  limit = FEED_LIMIT,
): FeedItem[] {
  if (incoming.length === 0) return current as FeedItem[];
  return upsertBySeq(current, incoming, (f) => f.seq)
    .sort((a, b) => b.seq - a.seq)
    .slice(0, limit);
}

export function mergeAgents(
  current: readonly AgentSummary[],
  incoming: readonly AgentSummary[],
  limit = AGENT_LIMIT,
): AgentSummary[] {
  if (incoming.length === 0) return current as AgentSummary[];
  return upsertBySeq(current, incoming, (a) => a.id)
    .sort((a, b) => Date.parse(b.lastEventAt) - Date.parse(a.lastEventAt) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

function maxSeq(seq: number, items: readonly { seq: number }[]): number {
  let max = seq;
  for (const item of items) if (item.seq > max) max = item.seq;
  return max;
}

export function overviewReducer(state: OverviewState, action: OverviewAction): OverviewState {
  switch (action.type) {
    case 'snapshot':
    case 'sync': {
      const data = action.type === 'snapshot' ? action.snapshot : action.result;
      return {
        loaded: true,
        counters: data.counters,
        sessions: mergeSessions(state.sessions, data.sessions),
        feed: mergeFeed(state.feed, data.feed),
        agents: mergeAgents(state.agents, data.agents),
        seq: Math.max(state.seq, data.seq),
      };
    }
    case 'feed':
      return { ...state, feed: mergeFeed(state.feed, [action.item]), seq: maxSeq(state.seq, [action.item]) };
    case 'session':
      return {
        ...state,
        sessions: mergeSessions(state.sessions, [action.session]),
        seq: maxSeq(state.seq, [action.session]),
      };
    case 'agent':
      return { ...state, agents: mergeAgents(state.agents, [action.agent]), seq: maxSeq(state.seq, [action.agent]) };
    case 'counters':
      return { ...state, counters: action.counters };
  }
}

/** Transcript order: by sentAt, ties broken by id (insertion order on the server). */
export function compareMessages(a: TranscriptMessage, b: TranscriptMessage): number {
  return Date.parse(a.sentAt) - Date.parse(b.sentAt) || a.id - b.id;
}

/**
 * Insert messages into a transcript kept in sentAt order, ignoring ids already present.
 * Messages almost always arrive in order, so the common case is an append.
 */
export function mergeMessages(
  current: readonly TranscriptMessage[],
  incoming: readonly TranscriptMessage[],
): TranscriptMessage[] {
  const known = new Set(current.map((m) => m.id));
  const fresh: TranscriptMessage[] = [];
  for (const m of incoming) {
    if (!known.has(m.id)) {
      known.add(m.id);
      fresh.push(m);
    }
  }
  if (fresh.length === 0) return current as TranscriptMessage[];
  const next = current.slice();
  for (const m of fresh.sort(compareMessages)) {
    // Binary search for the first message that sorts after m.
    let lo = 0;
    let hi = next.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareMessages(next[mid], m) <= 0) lo = mid + 1;
      else hi = mid;
    }
    next.splice(lo, 0, m);
  }
  return next;
}

export interface SessionState {
  loaded: boolean;
  session: SessionSummary | null;
  messages: TranscriptMessage[];
  seq: number;
}

export const emptySession: SessionState = { loaded: false, session: null, messages: [], seq: 0 };

export type SessionAction =
  | { type: 'snapshot'; snapshot: SessionSnapshot }
  | { type: 'sync'; result: SyncResult }
  | { type: 'session'; session: SessionSummary }
  | { type: 'message'; message: TranscriptMessage };

/** Reducer for one session's page; deltas for other sessions are ignored. */
export function sessionReducer(sessionId: string) {
  return (state: SessionState, action: SessionAction): SessionState => {
    switch (action.type) {
      case 'snapshot': {
        const { snapshot } = action;
        return {
          loaded: true,
          session: newerSession(state.session, snapshot.session),
          messages: mergeMessages(state.messages, snapshot.messages.filter((m) => m.sessionId === sessionId)),
          seq: Math.max(state.seq, snapshot.seq),
        };
      }
      case 'sync': {
        const { result } = action;
        const session = result.sessions.find((s) => s.id === sessionId) ?? null;
        return {
          ...state,
          session: newerSession(state.session, session),
          messages: mergeMessages(state.messages, result.messages.filter((m) => m.sessionId === sessionId)),
          seq: Math.max(state.seq, result.seq),
        };
      }
      case 'session':
        if (action.session.id !== sessionId) return state;
        return {
          ...state,
          session: newerSession(state.session, action.session),
          seq: Math.max(state.seq, action.session.seq),
        };
      case 'message':
        if (action.message.sessionId !== sessionId) return state;
        return {
          ...state,
          messages: mergeMessages(state.messages, [action.message]),
          seq: Math.max(state.seq, action.message.seq),
        };
    }
  };
}

function newerSession(current: SessionSummary | null, incoming: SessionSummary | null): SessionSummary | null {
  if (!incoming) return current;
  if (!current || current.seq <= incoming.seq) return incoming;
  return current;
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago"; future times (clock skew) read "just now". */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const s = Math.floor((now - then) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
