import type { AlertView } from './alerts';
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

/* ------------------------------------------------------------------------------------------------
 * Alerts. AlertView carries no seq, so order comes from where a version came from: socket deltas
 * arrive in the server's order and always apply; an HTTP answer (a fetch, or the result of this
 * browser's own acknowledge) was read at some moment, and must not undo a delta that arrived after
 * the request left. Every list therefore notes, per alert, the live counter of its last delta, and
 * an HTTP answer carries the counter at the moment its request started.
 * ---------------------------------------------------------------------------------------------- */

export const ALERT_LIMIT = 200;

/** Triggered or acknowledged: someone still has to do something. */
export function isOpenAlert(alert: AlertView): boolean {
  return alert.state !== 'resolved';
}

/** Most recently seen first, then newest id first (the API's order). */
export function compareAlerts(a: AlertView, b: AlertView): number {
  return Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) || b.id - a.id;
}

/** The badge's number: open alerts nobody acknowledged, leaving out snoozed ones and muted agents. */
export function countUnacknowledged(alerts: readonly AlertView[]): number {
  let n = 0;
  for (const a of alerts) if (a.state === 'triggered' && !a.suppressed) n++;
  return n;
}

export interface AlertListState {
  loaded: boolean;
  alerts: AlertView[];
  /** per alert id, the live counter of the last socket delta applied to it */
  liveAt: Record<number, number>;
}

export const emptyAlertList: AlertListState = { loaded: false, alerts: [], liveAt: {} };

/** One change to an alert, as the dashboard's alert bus hands it to every list. */
export type AlertChange =
  | { source: 'live'; kind: 'new' | 'update'; alert: AlertView; counter: number }
  | { source: 'http'; alert: AlertView; startedAt: number };

export type AlertListAction =
  | { type: 'change'; change: AlertChange }
  /**
   * An answer from GET /api/alerts. `complete`: the answer holds every alert this list may hold
   * (not truncated), so a listed alert missing from it (and untouched since) no longer belongs.
   */
  | { type: 'fetched'; alerts: AlertView[]; startedAt: number; complete: boolean }
  | { type: 'reset' };

export interface AlertListOptions {
  /** whether an alert this list does not hold yet belongs in it; alerts it holds always update */
  accepts: (alert: AlertView) => boolean;
  limit?: number;
}

/** Drop the oldest resolved alerts first, then the oldest of the rest. */
function capAlerts(sorted: AlertView[], limit: number): AlertView[] {
  if (sorted.length <= limit) return sorted;
  let excess = sorted.length - limit;
  const drop = new Set<number>();
  for (let i = sorted.length - 1; i >= 0 && excess > 0; i--) {
    if (!isOpenAlert(sorted[i])) {
      drop.add(sorted[i].id);
      excess--;
    }
  }
  return sorted.filter((a) => !drop.has(a.id)).slice(0, limit);
}

export function mergeAlerts(
  state: AlertListState,
  incoming: readonly AlertView[],
  how: { counter?: number; startedAt?: number; complete?: boolean },
  options: AlertListOptions,
): AlertListState {
  const limit = options.limit ?? ALERT_LIMIT;
  const byId = new Map<number, AlertView>();
  for (const a of state.alerts) byId.set(a.id, a);
  let liveAt = state.liveAt;
  const touchedSince = (id: number) => how.startedAt !== undefined && (liveAt[id] ?? -1) > how.startedAt;
  let changed = false;
  for (const alert of incoming) {
    if (how.counter !== undefined) {
      if (liveAt === state.liveAt) liveAt = { ...liveAt };
      liveAt[alert.id] = how.counter;
    } else if (touchedSince(alert.id)) {
      // A delta arrived after this answer was read: it is newer.
      continue;
    }
    if (!byId.has(alert.id) && !options.accepts(alert)) continue;
    byId.set(alert.id, alert);
    changed = true;
  }
  if (how.complete) {
    const present = new Set(incoming.map((a) => a.id));
    for (const id of [...byId.keys()]) {
      if (!present.has(id) && !touchedSince(id)) {
        byId.delete(id);
        changed = true;
      }
    }
  }
  if (!changed && state.loaded) return liveAt === state.liveAt ? state : { ...state, liveAt };
  const alerts = capAlerts([...byId.values()].sort(compareAlerts), limit);
  // Forget the counters of alerts long gone, so the record stays as bounded as the list.
  if (Object.keys(liveAt).length > limit * 4) {
    const kept: Record<number, number> = {};
    for (const a of alerts) if (liveAt[a.id] !== undefined) kept[a.id] = liveAt[a.id];
    liveAt = kept;
  }
  return { loaded: state.loaded, alerts, liveAt };
}

export function alertListReducer(options: AlertListOptions) {
  return (state: AlertListState, action: AlertListAction): AlertListState => {
    switch (action.type) {
      case 'change': {
        const { change } = action;
        return change.source === 'live'
          ? mergeAlerts(state, [change.alert], { counter: change.counter }, options)
          : mergeAlerts(state, [change.alert], { startedAt: change.startedAt }, options);
      }
      case 'fetched':
        return {
          ...mergeAlerts(state, action.alerts, { startedAt: action.startedAt, complete: action.complete }, options),
          loaded: true,
        };
      case 'reset':
        return emptyAlertList;
    }
  };
}
