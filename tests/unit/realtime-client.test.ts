import { describe, expect, it } from 'vitest';
import type {
  AgentSummary,
  FeedItem,
  OverviewCounters,
  SessionSummary,
  SyncResult,
  TranscriptMessage,
} from '../../lib/realtime';
import {
  AGENT_LIMIT,
  FEED_LIMIT,
  SESSION_LIMIT,
  compareSessions,
  emptyOverview,
  emptySession,
  formatRelative,
  mergeAgents,
  mergeFeed,
  mergeMessages,
  mergeSessions,
  overviewReducer,
  sessionReducer,
} from '../../lib/realtime-client';

const T0 = Date.UTC(2026, 5, 2, 16, 0, 0);
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);

const feedItem = (seq: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  seq,
  type: 'chat.push',
  source: 'session',
  agentId: 'agent_customer_support',
  sessionId: 'session_xyz789',
  summary: `User: message ${seq}`,
  eventAt: iso(seq),
  receivedAt: iso(seq),
  status: 'processed',
  ...extra,
});

const session = (id: string, seq: number, extra: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  agentId: 'agent_customer_support',
  roomName: 'customer-support-room',
  participantCount: 1,
  status: 'active',
  startedAt: iso(0),
  lastActivityAt: iso(seq),
  endedAt: null,
  messageCount: 0,
  userMessageCount: 0,
  avatarMessageCount: 0,
  seq,
  escalatedAt: null,
  escalatedBy: null,
  ...extra,
});

const agent = (id: string, seq: number, extra: Partial<AgentSummary> = {}): AgentSummary => ({
  id,
  status: 'active',
  lastError: null,
  lastEventAt: iso(seq),
  seq,
  ...extra,
});

const message = (id: number, sentAtSeconds: number, extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  id,
  sessionId: 'session_xyz789',
  role: 'user',
  text: `line ${id}`,
  sentAt: iso(sentAtSeconds),
  sentiment: null,
  seq: id,
  ...extra,
});

const counters = (activeSessions: number): OverviewCounters => ({
  activeSessions,
  unacknowledgedAlerts: 0,
  openAlerts: 0,
  messagesLast5Min: 0,
  agents: 0,
  eventsLastHour: 0,
  failedEvents: 0,
});

const sync = (extra: Partial<SyncResult>): SyncResult => ({
  feed: [],
  sessions: [],
  agents: [],
  messages: [],
  counters: counters(0),
  seq: 0,
  ...extra,
});

describe('mergeFeed()', () => {
  it('lists the newest event first', () => {
    const feed = mergeFeed([feedItem(2)], [feedItem(5), feedItem(1), feedItem(3)]);
    expect(feed.map((f) => f.seq)).toEqual([5, 3, 2, 1]);
  });

  it(`keeps only the ${FEED_LIMIT} newest events`, () => {
    const feed = mergeFeed([], range(150).map((s) => feedItem(s)));
    expect(FEED_LIMIT).toBe(100);
    expect(feed).toHaveLength(100);
    expect(feed[0].seq).toBe(150);
    expect(feed[99].seq).toBe(51);
  });

  it('drops an old event arriving late into a full feed', () => {
    const full = mergeFeed([], range(100, 101).map((s) => feedItem(s)));
    const feed = mergeFeed(full, [feedItem(7)]);
    expect(feed).toHaveLength(100);
    expect(feed.some((f) => f.seq === 7)).toBe(false);
  });

  it('shows an event delivered twice (delta and backfill) once', () => {
    const feed = mergeFeed([feedItem(1), feedItem(2)], [feedItem(2), feedItem(3)]);
    expect(feed.map((f) => f.seq)).toEqual([3, 2, 1]);
  });

  it('takes the later copy of the same event (its status may have changed)', () => {
    const feed = mergeFeed([feedItem(4, { status: 'pending' })], [feedItem(4, { status: 'failed' })]);
    expect(feed).toEqual([feedItem(4, { status: 'failed' })]);
  });

  it('honours a smaller limit', () => {
    expect(mergeFeed([], range(10).map((s) => feedItem(s)), 3).map((f) => f.seq)).toEqual([10, 9, 8]);
  });

  it('returns the current feed unchanged when nothing arrives', () => {
    const current = [feedItem(2), feedItem(1)];
    expect(mergeFeed(current, [])).toBe(current);
  });
});

describe('compareSessions()', () => {
  it('puts active sessions before ended ones, even when the ended one was active more recently', () => {
    const active = session('a', 1);
    const ended = session('e', 9, { status: 'ended', endedAt: iso(9) });
    expect([ended, active].sort(compareSessions).map((s) => s.id)).toEqual(['a', 'e']);
  });

  it('puts the most recent activity first within the same status', () => {
    const list = [session('old', 1), session('new', 30), session('mid', 10)].sort(compareSessions);
    expect(list.map((s) => s.id)).toEqual(['new', 'mid', 'old']);
  });

  it('breaks a tie in activity time by the higher seq', () => {
    const a = session('a', 3, { lastActivityAt: iso(10) });
    const b = session('b', 8, { lastActivityAt: iso(10) });
    expect([a, b].sort(compareSessions).map((s) => s.id)).toEqual(['b', 'a']);
  });
});

describe('mergeSessions()', () => {
  it('replaces a session with its newer version (higher seq)', () => {
    const list = mergeSessions([session('s1', 5, { messageCount: 1 })], [session('s1', 9, { messageCount: 4 })]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ seq: 9, messageCount: 4 });
  });

  it('does not let an older version arriving late overwrite a newer one', () => {
    const ended = session('s1', 9, { status: 'ended', endedAt: iso(9), messageCount: 4 });
    const list = mergeSessions([ended], [session('s1', 5, { messageCount: 1 })]);
    expect(list).toEqual([ended]);
  });

  it('takes the highest seq when two versions arrive together, whatever their order', () => {
    const list = mergeSessions([], [session('s1', 9, { messageCount: 4 }), session('s1', 5, { messageCount: 1 })]);
    expect(list.map((s) => [s.seq, s.messageCount])).toEqual([[9, 4]]);
  });

  it('moves a session that ends below the active ones', () => {
    let list = mergeSessions([], [session('a', 1), session('b', 2)]);
    list = mergeSessions(list, [session('b', 3, { status: 'ended', endedAt: iso(3) })]);
    expect(list.map((s) => [s.id, s.status])).toEqual([
      ['a', 'active'],
      ['b', 'ended'],
    ]);
  });

  it(`keeps at most ${SESSION_LIMIT} sessions, dropping ended ones before active ones`, () => {
    const ended = range(150).map((i) => session(`ended-${i}`, 1000 + i, { status: 'ended', endedAt: iso(1000 + i) }));
    const active = range(100).map((i) => session(`active-${i}`, i));
    const list = mergeSessions([], [...ended, ...active]);
    expect(SESSION_LIMIT).toBe(200);
    expect(list).toHaveLength(200);
    expect(list.filter((s) => s.status === 'active')).toHaveLength(100);
    // the 100 ended sessions kept are the most recently active ones
    expect(list.at(-1)?.id).toBe('ended-51');
  });
});

describe('mergeAgents()', () => {
  it('lists the most recently heard-from agent first, ties by id', () => {
    const list = mergeAgents([], [agent('b', 1), agent('c', 5), agent('a', 1)]);
    expect(list.map((a) => a.id)).toEqual(['c', 'a', 'b']);
  });

  it('does not let an older update arriving late clear a newer failure', () => {
    const failed = agent('A1', 9, { status: 'failed', lastError: 'generation_timeout' });
    expect(mergeAgents([failed], [agent('A1', 4, { status: 'ready' })])).toEqual([failed]);
  });

  it('takes a newer update of the same agent', () => {
    const list = mergeAgents([agent('A1', 4, { status: 'failed', lastError: 'x' })], [agent('A1', 9, { status: 'ready' })]);
    expect(list).toEqual([agent('A1', 9, { status: 'ready' })]);
  });

  it(`keeps at most ${AGENT_LIMIT} agents, the most recently heard from`, () => {
    const list = mergeAgents([], range(250).map((i) => agent(`agent-${i}`, i)));
    expect(AGENT_LIMIT).toBe(200);
    expect(list).toHaveLength(200);
    expect(list[0].id).toBe('agent-250');
    expect(list.at(-1)?.id).toBe('agent-51');
  });
});

describe('overviewReducer()', () => {
  it('a snapshot loads counters, sessions, feed and agents and sets the cursor', () => {
    const state = overviewReducer(emptyOverview, {
      type: 'snapshot',
      snapshot: { counters: counters(2), sessions: [session('s1', 7)], feed: [feedItem(7)], agents: [agent('A1', 7)], seq: 7 },
    });
    expect(state).toEqual({
      loaded: true,
      counters: counters(2),
      sessions: [session('s1', 7)],
      feed: [feedItem(7)],
      agents: [agent('A1', 7)],
      seq: 7,
    });
  });

  it('a snapshot arriving after newer deltas keeps the newer versions and the higher cursor', () => {
    let state = overviewReducer(emptyOverview, { type: 'session', session: session('s1', 12, { messageCount: 3 }) });
    state = overviewReducer(state, { type: 'feed', item: feedItem(12) });
    state = overviewReducer(state, {
      type: 'snapshot',
      snapshot: { counters: counters(1), sessions: [session('s1', 10, { messageCount: 2 })], feed: [feedItem(10)], agents: [], seq: 10 },
    });
    expect(state.sessions.map((s) => [s.id, s.messageCount])).toEqual([['s1', 3]]);
    expect(state.feed.map((f) => f.seq)).toEqual([12, 10]);
    expect(state.seq).toBe(12);
    expect(state.loaded).toBe(true);
  });

  it('a sync backfill merges what was missed without duplicating what arrived live', () => {
    let state = overviewReducer(emptyOverview, { type: 'feed', item: feedItem(20) });
    state = overviewReducer(state, { type: 'sync', result: sync({ feed: [feedItem(19), feedItem(20), feedItem(21)], counters: counters(4), seq: 21 }) });
    expect(state.feed.map((f) => f.seq)).toEqual([21, 20, 19]);
    expect(state.counters).toEqual(counters(4));
    expect(state.seq).toBe(21);
  });

  it.each([
    ['feed', { type: 'feed' as const, item: feedItem(30) }],
    ['session', { type: 'session' as const, session: session('s1', 30) }],
    ['agent', { type: 'agent' as const, agent: agent('A1', 30) }],
  ])('a %s delta raises the cursor to its seq, never lowers it', (_name, action) => {
    const raised = overviewReducer({ ...emptyOverview, seq: 10 }, action);
    expect(raised.seq).toBe(30);
    expect(overviewReducer({ ...emptyOverview, seq: 50 }, action).seq).toBe(50);
  });

  it('a counters delta replaces the counters and leaves the lists alone', () => {
    const before = { ...emptyOverview, feed: [feedItem(1)], counters: counters(1) };
    const state = overviewReducer(before, { type: 'counters', counters: counters(3) });
    expect(state.counters).toEqual(counters(3));
    expect(state.feed).toBe(before.feed);
  });

  it('keeps the feed capped however many deltas arrive', () => {
    let state = emptyOverview;
    for (const seq of range(250)) state = overviewReducer(state, { type: 'feed', item: feedItem(seq) });
    expect(state.feed).toHaveLength(FEED_LIMIT);
    expect(state.feed[0].seq).toBe(250);
    expect(state.seq).toBe(250);
  });
});

describe('mergeMessages()', () => {
  it('appends messages that arrive in order', () => {
    const t = mergeMessages([message(1, 0), message(2, 5)], [message(3, 9)]);
    expect(t.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('inserts a message that arrives late at its place in time', () => {
    const t = mergeMessages([message(1, 0), message(3, 10)], [message(2, 5)]);
    expect(t.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('sorts a batch that arrives out of order', () => {
    const t = mergeMessages([message(2, 5)], [message(4, 20), message(1, 0), message(3, 10)]);
    expect(t.map((m) => m.sentAt)).toEqual([iso(0), iso(5), iso(10), iso(20)]);
  });

  it('puts messages sent at the same time in id order', () => {
    const t = mergeMessages([message(7, 5)], [message(9, 5), message(6, 5)]);
    expect(t.map((m) => m.id)).toEqual([6, 7, 9]);
  });

  it('shows a message delivered twice once, keeping the first copy', () => {
    const first = message(2, 5, { text: 'original' });
    const t = mergeMessages([message(1, 0), first], [message(2, 5, { text: 'again' }), message(2, 5), message(3, 9)]);
    expect(t.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(t[1].text).toBe('original');
  });

  it('returns the current transcript unchanged when every message is already there', () => {
    const current = [message(1, 0), message(2, 5)];
    expect(mergeMessages(current, [message(2, 5)])).toBe(current);
  });

  it('does not modify the transcript it was given', () => {
    const current = [message(1, 0), message(3, 10)];
    mergeMessages(current, [message(2, 5)]);
    expect(current.map((m) => m.id)).toEqual([1, 3]);
  });
});

describe('sessionReducer()', () => {
  const SESSION = 'session_xyz789';
  const reduce = sessionReducer(SESSION);

  it('a snapshot loads the session and its transcript in time order', () => {
    const state = reduce(emptySession, {
      type: 'snapshot',
      snapshot: { session: session(SESSION, 8), messages: [message(2, 5), message(1, 0)], seq: 8 },
    });
    expect(state.loaded).toBe(true);
    expect(state.session?.seq).toBe(8);
    expect(state.messages.map((m) => m.id)).toEqual([1, 2]);
    expect(state.seq).toBe(8);
  });

  it('ignores session and message deltas for another session', () => {
    const other = 'session_other';
    let state = reduce(emptySession, { type: 'session', session: session(other, 5) });
    state = reduce(state, { type: 'message', message: message(1, 0, { sessionId: other }) });
    expect(state).toBe(emptySession);
  });

  it('does not let an older session update arriving late overwrite a newer one', () => {
    let state = reduce(emptySession, { type: 'session', session: session(SESSION, 9, { status: 'ended', endedAt: iso(9) }) });
    state = reduce(state, { type: 'session', session: session(SESSION, 4) });
    expect(state.session?.status).toBe('ended');
    expect(state.seq).toBe(9);
  });

  it('a snapshot older than a live update keeps the live session and merges the transcript', () => {
    let state = reduce(emptySession, { type: 'message', message: message(5, 20) });
    state = reduce(state, { type: 'session', session: session(SESSION, 5, { messageCount: 3 }) });
    state = reduce(state, {
      type: 'snapshot',
      snapshot: { session: session(SESSION, 4, { messageCount: 2 }), messages: [message(3, 0), message(4, 10)], seq: 4 },
    });
    expect(state.session?.messageCount).toBe(3);
    expect(state.messages.map((m) => m.id)).toEqual([3, 4, 5]);
    expect(state.seq).toBe(5);
  });

  it('a snapshot with no session keeps the session already shown', () => {
    const shown = reduce(emptySession, { type: 'session', session: session(SESSION, 3) });
    const state = reduce(shown, { type: 'snapshot', snapshot: { session: null, messages: [], seq: 3 } });
    expect(state.session?.id).toBe(SESSION);
  });

  it('a sync takes only this session and its messages from the backfill', () => {
    const state = reduce(emptySession, {
      type: 'sync',
      result: sync({
        sessions: [session('session_other', 9), session(SESSION, 7, { messageCount: 1 })],
        messages: [message(1, 0), message(2, 1, { sessionId: 'session_other' })],
        seq: 9,
      }),
    });
    expect(state.session).toMatchObject({ id: SESSION, messageCount: 1 });
    expect(state.messages.map((m) => m.id)).toEqual([1]);
    expect(state.seq).toBe(9);
  });

  it('a message delivered live and again by a backfill appears once', () => {
    let state = reduce(emptySession, { type: 'message', message: message(1, 0) });
    state = reduce(state, { type: 'sync', result: sync({ messages: [message(1, 0), message(2, 3)], seq: 2 }) });
    expect(state.messages.map((m) => m.id)).toEqual([1, 2]);
  });
});

describe('formatRelative()', () => {
  const NOW = T0 + 10 * 86_400_000;
  const ago = (ms: number) => formatRelative(new Date(NOW - ms).toISOString(), NOW);

  it.each([
    [0, 'just now'],
    [1_999, 'just now'],
    [2_000, '2 s ago'],
    [59_999, '59 s ago'],
    [60_000, '1 min ago'],
    [3_599_999, '59 min ago'],
    [3_600_000, '1 h ago'],
    [48 * 3_600_000 - 1, '47 h ago'],
    [48 * 3_600_000, '2 d ago'],
    [10 * 86_400_000, '10 d ago'],
  ])('%i ms ago reads "%s"', (ms, text) => {
    expect(ago(ms)).toBe(text);
  });

  it('reads a time in the future (clock skew) as "just now"', () => {
    expect(ago(-120_000)).toBe('just now');
  });

  it('reads an unparseable time as a dash', () => {
    expect(formatRelative('not a date', NOW)).toBe('—');
  });
});
