/**
 * Conversation generation: pure functions of a random source, so a seed reproduces a run.
 * A conversation is planned whole up front (who says what, and how long after the previous
 * event); the runner only adds wall-clock timestamps when it sends.
 */
import {
  APOLOGIES,
  CLOSERS,
  FRUSTRATION_LINES,
  NAMES,
  PLANS,
  THEMES,
  TIMES,
  WEEKDAYS,
  type QaItem,
  type Theme,
  type ThemeId,
} from './content';
import { chance, deriveRng, hex, int, pick, sample, uniform, type Rng } from './random';

export type Mood = 'calm' | 'frustrated' | 'repeater';
export type Role = 'user' | 'assistant';

export interface Turn {
  role: Role;
  message: string;
  /** seconds after the previous event of the session (before --speed scaling) */
  delaySec: number;
}

export interface Conversation {
  sessionId: string;
  agentId: string;
  roomName: string;
  participantCount: number;
  theme: ThemeId;
  mood: Mood;
  turns: Turn[];
  /** seconds between the last message and session_end */
  endDelaySec: number;
}

export interface MoodShares {
  /** share of sessions with a frustrated user, 0..1 */
  frustrated: number;
  /** share of sessions with a user who repeats a question, 0..1 */
  repeaters: number;
}

export const DEFAULT_SHARES: MoodShares = { frustrated: 0.15, repeaters: 0.15 };

/** Human-like pauses (seconds): a user types or speaks 2-8 s, the avatar answers in 0.8-3 s. */
export const USER_DELAY = { min: 2, max: 8 } as const;
export const ASSISTANT_DELAY = { min: 0.8, max: 3 } as const;
export const END_DELAY = { min: 1, max: 5 } as const;

/** Conversations have 2-6 user/avatar exchanges, i.e. 4-12 chat.push turns. */
export const MIN_EXCHANGES = 2;
export const MAX_EXCHANGES = 6;

export function pickMood(rng: Rng, shares: MoodShares): Mood {
  const r = rng();
  if (r < shares.frustrated) return 'frustrated';
  if (r < shares.frustrated + shares.repeaters) return 'repeater';
  return 'calm';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Longer messages take a little longer to type or say, always within USER_DELAY. */
function userDelay(rng: Rng, message: string): number {
  const base = USER_DELAY.min + Math.min(message.length / 25, 3);
  return round2(Math.min(USER_DELAY.max, base + uniform(rng, 0, 3)));
}

function assistantDelay(rng: Rng): number {
  return round2(uniform(rng, ASSISTANT_DELAY.min, ASSISTANT_DELAY.max));
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}

/** Question wordings to ask, in order, for a repeater: 2-3 different wordings of one item. */
function repeatedWordings(rng: Rng, item: QaItem, times: number): string[] {
  return sample(rng, item.q, times);
}

interface Exchange {
  user: string;
  assistant: string;
}

function planCalm(rng: Rng, theme: Theme, exchanges: number): Exchange[] {
  const plan: Exchange[] = [{ user: pick(rng, theme.openers), assistant: pick(rng, theme.greetings) }];
  const slots = exchanges - 1;
  const withCloser = slots >= 2 && chance(rng, 0.6);
  const items = sample(rng, theme.items, withCloser ? slots - 1 : slots);
  for (const item of items) plan.push({ user: pick(rng, item.q), assistant: pick(rng, item.a) });
  if (withCloser) {
    const closer = pick(rng, CLOSERS);
    plan.push({ user: pick(rng, closer.q), assistant: pick(rng, closer.a) });
  }
  return plan;
}

function planRepeater(rng: Rng, theme: Theme, exchanges: number): Exchange[] {
  const plan: Exchange[] = [{ user: pick(rng, theme.openers), assistant: pick(rng, theme.greetings) }];
  const slots = exchanges - 1; // >= 2
  const times = Math.min(slots, int(rng, 2, 3));
  const [repeated, ...others] = sample(rng, theme.items, theme.items.length) as [QaItem, ...QaItem[]];
  const wordings = repeatedWordings(rng, repeated, times);
  const answers = sample(rng, repeated.a, repeated.a.length);
  // choose which of the slots carry the repeated question; the rest get other questions
  const positions = new Set(sample(rng, [...Array(slots).keys()], times));
  let asked = 0;
  let other = 0;
  for (let i = 0; i < slots; i++) {
    if (positions.has(i)) {
      plan.push({
        user: wordings[asked] as string,
        assistant: answers[asked % answers.length] as string,
      });
      asked++;
    } else {
      const item = others[other++] as QaItem;
      plan.push({ user: pick(rng, item.q), assistant: pick(rng, item.a) });
    }
  }
  return plan;
}

function planFrustrated(rng: Rng, theme: Theme, exchanges: number): Exchange[] {
  const plan: Exchange[] = [{ user: pick(rng, theme.openers), assistant: pick(rng, theme.greetings) }];
  let slots = exchanges - 1; // >= 2
  // a normal question or two first, then the user loses patience
  const normal = int(rng, 0, Math.min(1, slots - 1));
  for (const item of sample(rng, theme.items, normal)) {
    plan.push({ user: pick(rng, item.q), assistant: pick(rng, item.a) });
  }
  slots -= normal;
  const lines = sample(rng, [...theme.frustration, ...FRUSTRATION_LINES], slots);
  const replies = sample(rng, APOLOGIES, slots);
  lines.forEach((line, i) => plan.push({ user: line, assistant: replies[i % replies.length] as string }));
  return plan;
}

export interface GenerateOptions {
  shares?: MoodShares;
  /** force a mood (tests); otherwise drawn from shares */
  mood?: Mood;
  /** force a theme (tests); otherwise random */
  theme?: ThemeId;
}

/** Plans one whole session. Deterministic for a given random source state. */
export function generateConversation(rng: Rng, options: GenerateOptions = {}): Conversation {
  const mood = options.mood ?? pickMood(rng, options.shares ?? DEFAULT_SHARES);
  const theme = options.theme
    ? (THEMES.find((t) => t.id === options.theme) as Theme)
    : pick(rng, THEMES);
  const exchanges = int(rng, mood === 'calm' ? MIN_EXCHANGES : 3, MAX_EXCHANGES);
  const vars: Record<string, string> = {
    order: `#${int(rng, 10000, 99999)}`,
    day: pick(rng, WEEKDAYS),
    time: pick(rng, TIMES),
    name: pick(rng, NAMES),
    plan: pick(rng, PLANS),
  };
  const plan =
    mood === 'calm'
      ? planCalm(rng, theme, exchanges)
      : mood === 'repeater'
        ? planRepeater(rng, theme, exchanges)
        : planFrustrated(rng, theme, exchanges);

  const turns: Turn[] = [];
  for (const ex of plan) {
    const user = fill(ex.user, vars);
    turns.push({ role: 'user', message: user, delaySec: userDelay(rng, user) });
    turns.push({ role: 'assistant', message: fill(ex.assistant, vars), delaySec: assistantDelay(rng) });
  }
  return {
    sessionId: `session_${hex(rng, 12)}`,
    agentId: theme.agentId,
    roomName: theme.roomName,
    // participant_count may count the agent and the avatar too
    participantCount: chance(rng, 0.7) ? 1 : int(rng, 2, 3),
    theme: theme.id,
    mood,
    turns,
    endDelaySec: round2(uniform(rng, END_DELAY.min, END_DELAY.max)),
  };
}

/** An endless, reproducible stream of conversations for one concurrent session slot. */
export function conversationStream(
  seed: string | number,
  slot: number,
  shares: MoodShares = DEFAULT_SHARES,
): () => Conversation {
  const rng = deriveRng(seed, `slot-${slot}`);
  return () => generateConversation(rng, { shares });
}
