/**
 * Alert rules: pure functions of (rule state, what happened, now) that return the next state and
 * the signals found. They never decide whether anyone is told; the lifecycle (lifecycle.ts)
 * folds signals into alerts by dedup key, so a rule may say the same thing many times.
 */
import type { AlertPolicy, Signal } from './model';
import { frustrationWordsIn, isFrustrated, isShouting } from './sentiment';
import { isQuestionLike, normalizeQuestion, similarityOfNormalized } from './text';

// ---------------------------------------------------------------------------------------------
// Conversation rules: frustration, repeated question, sentiment trend, avatar silence
// ---------------------------------------------------------------------------------------------

export interface UserMessage {
  id: number;
  text: string;
  /** normalizeQuestion(text), cached for similarity */
  norm: string;
  at: number;
  score: number;
  /** counts towards a sentiment trend (see isTrendNegative) */
  negative: boolean;
}

export interface ConversationState {
  sessionId: string;
  agentId: string | null;
  /** the latest user messages, oldest first by `at`, at most MAX_USER_MESSAGES */
  userMessages: UserMessage[];
  /** the trailing run of negative user messages, oldest first (derived from userMessages) */
  negativeStreak: { id: number; at: number }[];
  /** the oldest user message the avatar has not answered yet */
  awaitingReply: { id: number; at: number } | null;
  /** time of the newest avatar message */
  lastReplyAt: number | null;
  /** user messages in this session that read as frustrated */
  frustrationHits: number;
}

export interface ChatMessage {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  at: number;
  /** sentiment of `text`, -1..1, from a SentimentAnalyzer (0 for assistant messages is fine) */
  score: number;
}

/** Enough history for the repeat window and any sensible trendLength, bounded per session. */
export const MAX_USER_MESSAGES = 20;

/**
 * Frustration turns critical on the third frustrated message of a session (the user is not
 * calming down), or on one message at or below this score (VADER's "very negative").
 */
export const FRUSTRATION_CRITICAL_HITS = 3;
export const FRUSTRATION_CRITICAL_SCORE = -0.75;

/**
 * A trend counts "negative" more loosely than frustration: VADER's conventional cut-off for a
 * negative text (compound <= -0.05), or any message that reads as frustrated (frustration words
 * score 0 in VADER: "I already told you that"). Three mildly negative messages in a row is the
 * slide an operator wants to see before it becomes frustration.
 */
export const TREND_NEGATIVE_SCORE = -0.05;

export function emptyConversation(sessionId: string, agentId: string | null): ConversationState {
  return {
    sessionId,
    agentId,
    userMessages: [],
    negativeStreak: [],
    awaitingReply: null,
    lastReplyAt: null,
    frustrationHits: 0,
  };
}

function signalBase(state: ConversationState) {
  return { agentId: state.agentId, sessionId: state.sessionId };
}

function quote(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

/** Inserted by time; equal times keep arrival order. */
function insertByTime(list: UserMessage[], m: UserMessage): UserMessage[] {
  const i = list.findIndex((x) => x.at > m.at);
  const next = i === -1 ? [...list, m] : [...list.slice(0, i), m, ...list.slice(i)];
  return next.slice(-MAX_USER_MESSAGES);
}

function trailingNegativeRun(list: UserMessage[]): { id: number; at: number }[] {
  const run: { id: number; at: number }[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as UserMessage;
    if (!m.negative) break;
    run.unshift({ id: m.id, at: m.at });
  }
  return run;
}

/**
 * One chat message in; the next conversation state and what it reveals out.
 *
 * Delivery is at-least-once and unordered, so: a message id seen before changes nothing; a user
 * message is placed by its `at`; an avatar message older than the awaited user message does not
 * count as the reply to it; a user message older than the newest avatar reply was answered.
 */
export function onMessage(
  state: ConversationState,
  msg: ChatMessage,
  policy: AlertPolicy,
): { state: ConversationState; signals: Signal[] } {
  if (msg.role === 'assistant') return { state: onReply(state, msg), signals: [] };
  if (state.userMessages.some((m) => m.id === msg.id)) return { state, signals: [] };

  const frustrated = isFrustrated(msg.text, msg.score, policy);
  const user: UserMessage = {
    id: msg.id,
    text: msg.text,
    norm: normalizeQuestion(msg.text),
    at: msg.at,
    score: msg.score,
    negative: frustrated || msg.score <= TREND_NEGATIVE_SCORE,
  };
  const userMessages = insertByTime(state.userMessages, user);
  const negativeStreak = trailingNegativeRun(userMessages);
  const answered = state.lastReplyAt !== null && msg.at <= state.lastReplyAt;
  const awaitingReply = answered
    ? state.awaitingReply
    : state.awaitingReply === null || msg.at < state.awaitingReply.at
      ? { id: msg.id, at: msg.at }
      : state.awaitingReply;
  const next: ConversationState = {
    ...state,
    userMessages,
    negativeStreak,
    awaitingReply,
    frustrationHits: state.frustrationHits + (frustrated ? 1 : 0),
  };

  const signals: Signal[] = [];
  if (frustrated) signals.push(frustrationSignal(next, msg, policy));
  const repeat = repeatSignal(next, user, policy);
  if (repeat) signals.push(repeat);
  const trend = trendSignal(next, user, policy);
  if (trend) signals.push(trend);
  return { state: next, signals };
}

function onReply(state: ConversationState, msg: ChatMessage): ConversationState {
  const lastReplyAt = state.lastReplyAt === null ? msg.at : Math.max(state.lastReplyAt, msg.at);
  const replied = state.awaitingReply !== null && msg.at >= state.awaitingReply.at;
  if (!replied && lastReplyAt === state.lastReplyAt) return state;
  return { ...state, lastReplyAt, awaitingReply: replied ? null : state.awaitingReply };
}

function frustrationSignal(state: ConversationState, msg: ChatMessage, policy: AlertPolicy): Signal {
  const words = frustrationWordsIn(msg.text, policy.frustrationWords);
  const shouting = isShouting(msg.text);
  const critical = state.frustrationHits >= FRUSTRATION_CRITICAL_HITS || msg.score <= FRUSTRATION_CRITICAL_SCORE;
  const why = [
    words.length > 0 ? `said ${words.map((w) => `“${w}”`).join(', ')}` : null,
    shouting ? 'is shouting' : null,
    msg.score <= policy.negativeThreshold ? `sentiment ${msg.score.toFixed(2)}` : null,
  ].filter((x): x is string => x !== null);
  return {
    ...signalBase(state),
    rule: 'frustration',
    dedupKey: `frustration:${state.sessionId}`,
    severity: critical ? 'critical' : 'warning',
    title: 'User is frustrated',
    summary: `${quote(msg.text)}: ${why.join('; ')} (${state.frustrationHits} frustrated message${state.frustrationHits === 1 ? '' : 's'} this session)`,
    messageIds: [msg.id],
    details: { words, shouting, score: msg.score, hits: state.frustrationHits },
  };
}

/** Only questions (and requests phrased as one) with two or more content words can repeat. */
function canRepeat(m: UserMessage): boolean {
  return isQuestionLike(m.text) && m.norm.split(' ').length >= 2;
}

function repeatSignal(state: ConversationState, msg: UserMessage, policy: AlertPolicy): Signal | null {
  if (!canRepeat(msg)) return null;
  const cluster = state.userMessages.filter(
    (m) =>
      Math.abs(m.at - msg.at) <= policy.repeatWindowMs &&
      canRepeat(m) &&
      (m.id === msg.id || similarityOfNormalized(m.norm, msg.norm) >= policy.repeatSimilarity),
  );
  if (cluster.length < Math.max(2, policy.repeatCount)) return null;
  return {
    ...signalBase(state),
    rule: 'repeat',
    dedupKey: `repeat:${state.sessionId}`,
    severity: 'warning',
    title: 'User repeats a question',
    summary: `Asked ${cluster.length} times: ${quote(msg.text)}`,
    messageIds: cluster.map((m) => m.id),
    details: { times: cluster.length },
  };
}

function trendSignal(state: ConversationState, msg: UserMessage, policy: AlertPolicy): Signal | null {
  const streak = state.negativeStreak;
  if (streak.length < policy.trendLength || !streak.some((s) => s.id === msg.id)) return null;
  const scores = state.userMessages.slice(-streak.length).map((m) => m.score);
  return {
    ...signalBase(state),
    rule: 'sentiment_trend',
    dedupKey: `trend:${state.sessionId}`,
    severity: 'warning',
    title: 'Conversation sentiment is sliding',
    summary: `${streak.length} negative user messages in a row (sentiment ${scores.map((s) => s.toFixed(2)).join(', ')})`,
    messageIds: streak.map((s) => s.id),
    details: { streak: streak.length, scores },
  };
}

/** The avatar has not answered a user message for silenceMs: it is stuck. */
export function silenceCheck(state: ConversationState, now: number, policy: AlertPolicy): Signal | null {
  const waiting = state.awaitingReply;
  if (waiting === null || now - waiting.at < policy.silenceMs) return null;
  const seconds = Math.floor((now - waiting.at) / 1000);
  return {
    ...signalBase(state),
    rule: 'avatar_silence',
    dedupKey: `silence:${state.sessionId}`,
    severity: 'critical',
    title: 'Avatar is not answering',
    summary: `No avatar reply for ${seconds} s after the user's message`,
    messageIds: [waiting.id],
    details: { waitingSinceMs: waiting.at, silentForMs: now - waiting.at },
  };
}

// ---------------------------------------------------------------------------------------------
// Error spike: too many failures of one code for one agent in a sliding window
// ---------------------------------------------------------------------------------------------

export interface ErrorWindow {
  /** errors:<agent>:<code>, also the signal's dedup key */
  key: string;
  /** failure times within the window, oldest first */
  times: number[];
}

export interface Failure {
  agentId: string;
  code: string;
  at: number;
}

/** A flood must not grow the window without bound; this many is plenty to report a count. */
export const MAX_ERROR_TIMES = 1000;

export function errorKey(agentId: string, code: string): string {
  return `errors:${agentId}:${code}`;
}

/**
 * Records one failure. Times older than errorWindowMs before `now` are dropped (and a failure
 * that old is ignored); more than errorThreshold left means a spike.
 */
export function onFailure(
  window: ErrorWindow | null,
  failure: Failure,
  now: number,
  policy: AlertPolicy,
): { window: ErrorWindow; signal: Signal | null } {
  const key = errorKey(failure.agentId, failure.code);
  const from = now - policy.errorWindowMs;
  const times = [...(window?.times ?? []), failure.at]
    .filter((t) => t > from)
    .sort((a, b) => a - b)
    .slice(-MAX_ERROR_TIMES);
  const next = { key, times };
  if (times.length <= policy.errorThreshold || failure.at <= from) return { window: next, signal: null };
  const minutes = Math.round(policy.errorWindowMs / 60_000);
  return {
    window: next,
    signal: {
      rule: 'error_spike',
      dedupKey: key,
      severity: 'critical',
      title: `Agent failures: ${failure.code}`,
      summary: `${times.length} × ${failure.code} for ${failure.agentId} in the last ${minutes} min`,
      agentId: failure.agentId,
      sessionId: null,
      messageIds: [],
      details: { code: failure.code, count: times.length, windowMs: policy.errorWindowMs },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Capacity: too many concurrent sessions per agent or overall, sustained for capacityForMs
// ---------------------------------------------------------------------------------------------

export interface SessionCounts {
  /** active sessions per agent id */
  perAgent: Record<string, number>;
  total: number;
}

/** Critical from this multiple of the limit (10 per agent: critical at 12). */
export const CAPACITY_CRITICAL_FACTOR = 1.2;

/**
 * Checks concurrent session counts against the limits. `since` maps a dedup key (capacity:<agent>,
 * capacity:all) to when that count first reached its limit; the returned `since` drops keys now
 * below the limit, so a dip restarts the capacityForMs clock. Call it on a timer and whenever
 * the counts change.
 */
export function capacityCheck(
  counts: SessionCounts,
  since: Record<string, number>,
  now: number,
  policy: AlertPolicy,
): { since: Record<string, number>; signals: Signal[] } {
  const over: { key: string; agentId: string | null; count: number; limit: number }[] = [];
  for (const [agentId, count] of Object.entries(counts.perAgent)) {
    if (count >= policy.capacityPerAgent)
      over.push({ key: `capacity:${agentId}`, agentId, count, limit: policy.capacityPerAgent });
  }
  if (counts.total >= policy.capacityTotal)
    over.push({ key: 'capacity:all', agentId: null, count: counts.total, limit: policy.capacityTotal });

  const nextSince: Record<string, number> = {};
  const signals: Signal[] = [];
  for (const o of over) {
    const from = Math.min(since[o.key] ?? now, now);
    nextSince[o.key] = from;
    if (now - from < policy.capacityForMs) continue;
    const critical = o.count >= o.limit * CAPACITY_CRITICAL_FACTOR;
    const who = o.agentId ?? 'all agents';
    signals.push({
      rule: 'capacity',
      dedupKey: o.key,
      severity: critical ? 'critical' : 'warning',
      title: o.agentId ? `Agent at capacity: ${o.agentId}` : 'Platform at capacity',
      summary: `${o.count} active sessions for ${who} (limit ${o.limit}) for ${Math.floor((now - from) / 1000)} s`,
      agentId: o.agentId,
      sessionId: null,
      messageIds: [],
      details: { count: o.count, limit: o.limit, overSinceMs: from },
    });
  }
  return { since: nextSince, signals };
}
